#!/bin/sh
# stacks_bench.sh [PHXC] - one fresh moto_server (tests/deploy/moto_exports.py)
# on a free loopback port, `phxc deploy examples/notejam-paths --yes` (its
# three stacks) against it, then the server stopped by PID. For timing the
# deploy of several stacks side by side (default) or one by one
# (PHXC_MAX_PARALLEL=1), e.g. with farm-bench:
#   farm-bench -- sh tests/deploy/stacks_bench.sh --vs 'env PHXC_MAX_PARALLEL=1 sh tests/deploy/stacks_bench.sh'
# Exits with phxc's status; prints phxc's own summary ("3 stacks in N s").
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
PHXC=${1:-$top/phxc}
PYTHON3=${PYTHON3:-python3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/phxc-bench.XXXXXX")
port=$("$PYTHON3" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$PYTHON3" "$top/tests/deploy/moto_exports.py" -H 127.0.0.1 -p "$port" > "$tmp/moto.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$PYTHON3" - "$port" <<'PY'
import socket, sys, time
for _ in range(600):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=0.2).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
PY
mkdir -p "$tmp/home"
rc=0
env -u AWS_PROFILE HOME="$tmp/home" AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
	AWS_REGION=us-east-1 NO_PROXY=127.0.0.1 AWS_ENDPOINT_URL="http://127.0.0.1:$port" \
	PHX_PATH="$top/stdlib" "$PHXC" deploy "$top/examples/notejam-paths" --yes > "$tmp/out" 2>&1 || rc=$?
grep -A4 '^3 stacks in' "$tmp/out" || tail -5 "$tmp/out"
exit $rc
