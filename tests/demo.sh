#!/usr/bin/env bash
# make demo: the four checks against this machine with the default
# thresholds, each plugin's output and exit state.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
b=${SENSE_BUILD:-$top/build}
state=$(mktemp -d /tmp/sense-demo.XXXXXX)
trap 'rm -rf "$state"' EXIT
echo "== sense checks on $(hostname) (warning 70, critical 90)"
for p in cpu mem disk net; do
	echo
	echo "\$ check_sense_$p"
	"$b/check_sense_$p" --state-dir "$state"
	echo "(exit $?)"
done
if [ -x "$top/tests/demo-tickets.sh" ]; then
	echo
	"$top/tests/demo-tickets.sh"
fi
exit 0
