#!/bin/sh
# demo.sh - the Quick start's main job: compile examples/hello and deploy it
# to a local CloudFormation endpoint (moto_server on 127.0.0.1, started here
# and stopped by PID on exit), showing the live watcher and the outputs.
# Run by `make demo`. Nothing is sent anywhere but loopback.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$top_srcdir/tests/setup"
. "$top_srcdir/tests/deploy/moto.sh"
start_moto
export AWS_ENDPOINT_URL="$MOTO_URL" AWS_REGION=us-east-1
hello="$top_srcdir/examples/hello/hello.phx"

echo "== phxc build $hello"
$PHXC build "$hello" -o build
echo
echo "== phxc deploy (to the local CloudFormation at $MOTO_URL)"
$PHXC deploy "$hello" --yes
echo
echo "== phxc status / outputs"
$PHXC status "$hello"
$PHXC outputs "$hello"
echo "(moto_server lists no outputs for a stack made from a change set; real CloudFormation does)"
echo
echo "== phxc deploy again: nothing changed"
$PHXC deploy "$hello" --yes
echo
echo "Point phxc at real AWS by leaving AWS_ENDPOINT_URL unset and giving credentials"
echo "(environment, AWS_PROFILE or ~/.aws): see docs/deploy.md."
