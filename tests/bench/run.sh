#!/usr/bin/env bash
# make bench: every benchmark script in tests/bench/*.sh (but this one).
set -u
dir=$(cd "$(dirname "$0")" && pwd)
rc=0
for s in "$dir"/*.sh; do
	[ "$(basename "$s")" = run.sh ] && continue
	echo "== $(basename "$s")"
	bash "$s" || rc=1
done
exit $rc
