#!/usr/bin/env bash
# check_sense_disk on this machine as it is: every real filesystem,
# exit 0..2 with well-formed output whose perfdata implies the exit
# state; the root filesystem's figures agree with df's.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/disk/lib.bash"
[ -x "$disk" ] || skip_all "no $disk"

dcheck
like "$RC" "^[012]$" "exit 0..2 on this machine"
is "$(labels | grep -c '^/$')" 1 "the root filesystem is reported once"
pseudo=$(awk '$9 ~ /^(proc|sysfs|cgroup2?|tmpfs|devtmpfs|devpts|squashfs|mqueue|debugfs|tracefs|securityfs|pstore|bpf|configfs)$/ {print $5}' \
    /proc/self/mountinfo)
hit=""
while IFS= read -r l; do
	grep -qxF -- "$l" <<<"$pseudo" && hit="$hit $l"
done < <(labels)
is "$hit" "" "no pseudo filesystem is reported"
n=$(labels | grep -vc ' inodes$')
is "$(printf '%s' "$OUT" | tail -n +2 | wc -l)" "$n" \
    "one long-output line per filesystem"
is "$ERR" "" "nothing on stderr"

# The root filesystem against df (taken right after; the figures move a
# little while other tests write, so the used bytes get 1% slack).
dcheck --path /
want=$(df_expect /)
got=$(perf /)
IFS=';' read -r gu gw gc gmin gmax <<<"$got"
IFS=';' read -r wu ww wc wmin wmax <<<"${want% *}"
is "$gmax" "$wmax" "/ size (max) equals df's size"
is "$gmin" 0 "min 0"
python3 -c 'import sys; a, b = map(float, sys.argv[1:]); sys.exit(abs(a - b) > b / 100 + 1e6)' "$gu" "$wu"
ok $? "/ used bytes agree with df's ($gu vs $wu)"
python3 -c 'import sys; a, b = map(float, sys.argv[1:]); sys.exit(abs(a - b) > b / 100 + 1e6)' "$gw" "$ww"
ok $? "/ warning bytes agree with 70% of df's used+avail ($gw vs $ww)"
is "$RC" "${want#* }" "/ state as df's figures imply"

dcheck -v --path /
like "$ERR" "check_sense_disk: /: frsize [0-9]+ blocks [0-9]+ bfree" \
    "-v prints the statvfs figures on stderr"

# Quick even under the sanitizers and a loaded machine (make bench
# measures it properly): no statvfs child is left waiting for.
s=$(date +%s%N)
for i in 1 2 3 4 5; do "$disk" >/dev/null; done
e=$(( ($(date +%s%N) - s) / 5000000 ))
[ "$e" -lt 1000 ]
ok $? "a run takes ${e} ms"
done_testing
