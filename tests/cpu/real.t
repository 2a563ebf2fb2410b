#!/usr/bin/env bash
# check_sense_cpu on this machine's /proc: a first run (two samples), a
# second from the state file, --per-cpu with one item per online core.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/cpu/lib.bash"
cpu=$SENSE_BUILD/check_sense_cpu
[ -x "$cpu" ] || skip_all "no $cpu"
[ -r /proc/stat ] || skip_all "no /proc/stat"
tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"

run_plugin "first run" "$cpu" --state-dir "$tmp/s"
ok "$([ "$rc" -le 2 ]; echo $?)" "first run: exit $rc is 0..2"
like "$(first_line)" \
    "^CPU (OK|WARNING|CRITICAL) - [0-9]+\.[0-9]{2}% busy \(user .* \| busy=" \
    "first run: a figure, with perfdata"
like "$out" "no previous run: two samples" "first run: two samples"

sleep 0.2
run_plugin "second run" "$cpu" --state-dir "$tmp/s" --per-cpu
ok "$([ "$rc" -le 2 ]; echo $?)" "second run: exit $rc is 0..2"
like "$out" "since the previous run" "second run: from the state file"
cores=$(grep -c '^cpu[0-9]' /proc/stat)
is "$(first_line | grep -o 'cpu[0-9]*_busy=' | wc -l)" "$cores" \
    "second run: one perfdata item per core ($cores)"
is "$(grep -c '^cpu[0-9]*: ' "$tmp/out")" "$cores" \
    "second run: one long output line per core"

# --procfs /proc/ and /proc are the same root: same state file.  (The
# pause lets ticks elapse; with none the plugin would sample twice.)
sleep 0.2
run_plugin "trailing slash" "$cpu" --procfs /proc/ --state-dir "$tmp/s"
like "$out" "since the previous run" "/proc/ shares /proc's state"
is "$(ls "$tmp/s" | wc -l)" 1 "one state file"
done_testing
