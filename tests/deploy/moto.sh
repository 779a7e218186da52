# tests/deploy/moto.sh - sourced by the deploy drivers after tests/setup.
#
# start_moto: starts moto_server on a free loopback port, waits until it
# answers, and stops it by PID on exit. Sets MOTO_PORT, MOTO_URL. It also
# isolates the AWS settings: a private HOME (no ~/.aws of the user), dummy
# credentials, no profile, no proxy for loopback, every endpoint on loopback.
require_tool moto_server "pip install 'moto[server]'"
require_tool aws "pip install awscli"

MOTO_PID=
trap 'if [ -n "$MOTO_PID" ]; then kill "$MOTO_PID" 2>/dev/null || true; wait "$MOTO_PID" 2>/dev/null || true; fi; rm -rf "$TMPD"' EXIT

free_port() {
	"$PYTHON3" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_moto() {
	MOTO_PORT=$(free_port)
	moto_server -H 127.0.0.1 -p "$MOTO_PORT" > "$TMPD/moto.log" 2>&1 &
	MOTO_PID=$!
	MOTO_URL="http://127.0.0.1:$MOTO_PORT"
	if ! "$PYTHON3" - "$MOTO_PORT" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
for _ in range(200):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
PY
	then
		echo "Bail out! moto_server did not start on 127.0.0.1:$MOTO_PORT"
		cat "$TMPD/moto.log"
		exit 1
	fi
}

mkdir -p "$TMPD/home"
export HOME="$TMPD/home"
unset AWS_PROFILE AWS_REGION AWS_DEFAULT_REGION AWS_SESSION_TOKEN AWS_CONFIG_FILE \
	AWS_SHARED_CREDENTIALS_FILE AWS_ENDPOINT_URL_CLOUDFORMATION AWS_ENDPOINT_URL_S3 \
	AWS_ENDPOINT_URL_STS AWS_IGNORE_CONFIGURED_ENDPOINT_URLS AWS_MAX_ATTEMPTS 2>/dev/null || true
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing-secret-never-printed
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
export AWS_PAGER=

# awsm ARGS...: the AWS CLI against moto (text output).
awsm() { aws --endpoint-url "$MOTO_URL" --region us-east-1 --output text "$@"; }

# stack_status NAME: the status, or "MISSING".
stack_status() {
	awsm cloudformation describe-stacks --stack-name "$1" \
		--query 'Stacks[0].StackStatus' 2>/dev/null || echo MISSING
}
