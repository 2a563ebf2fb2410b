#!/usr/bin/env bash
# Two-sample CPU runs on fixture trees (cases C1, C2 of tests/cases):
# the first run saves its sample, the fixture moves on, the second run
# answers at once from the state file with the exact figure and state.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/cpu/lib.bash"
cpu=$SENSE_BUILD/check_sense_cpu
[ -x "$cpu" ] || skip_all "no $cpu"
tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"

# case: name | t0 | t1 | extra options | exit | status line
cases=(
"C1 guest time|cpu 1000 0 500 8000 100 0 0 0 0 0|\
cpu 1600 0 600 8100 100 0 0 0 500 0||1|\
CPU WARNING - 87.50% busy (user 75.00%, system 12.50%, iowait 0.00%, \
steal 0.00%) | busy=87.5%;70;90;0;100 user=75%;;;0;100 \
system=12.5%;;;0;100 iowait=0%;;;0;100 steal=0%;;;0;100 irq=0%;;;0;100"
"C2 steal|cpu 1000 0 0 8000 0 0 0 0 0 0|cpu 1300 0 0 8300 0 0 0 400 0 0||0|\
CPU OK - 70.00% busy (user 30.00%, system 0.00%, iowait 0.00%, \
steal 40.00%) | busy=70%;70;90;0;100 user=30%;;;0;100 system=0%;;;0;100 \
iowait=0%;;;0;100 steal=40%;;;0;100 irq=0%;;;0;100"
"C1 with -w 90 -c 95|cpu 1000 0 500 8000 100 0 0 0 0 0|\
cpu 1600 0 600 8100 100 0 0 0 500 0|-w 90 -c 95|0|\
CPU OK - 87.50% busy (user 75.00%, system 12.50%, iowait 0.00%, \
steal 0.00%) | busy=87.5%;90;95;0;100 user=75%;;;0;100 \
system=12.5%;;;0;100 iowait=0%;;;0;100 steal=0%;;;0;100 irq=0%;;;0;100"
"C1 with -c 80|cpu 1000 0 500 8000 100 0 0 0 0 0|\
cpu 1600 0 600 8100 100 0 0 0 500 0|-c 80|2|\
CPU CRITICAL - 87.50% busy (user 75.00%, system 12.50%, iowait 0.00%, \
steal 0.00%) | busy=87.5%;70;80;0;100 user=75%;;;0;100 \
system=12.5%;;;0;100 iowait=0%;;;0;100 steal=0%;;;0;100 irq=0%;;;0;100"
"C2 with -w @60:80 (inside)|cpu 1000 0 0 8000 0 0 0 0 0 0|\
cpu 1300 0 0 8300 0 0 0 400 0 0|-w @60:80|1|\
CPU WARNING - 70.00% busy (user 30.00%, system 0.00%, iowait 0.00%, \
steal 40.00%) | busy=70%;@60:80;90;0;100 user=30%;;;0;100 \
system=0%;;;0;100 iowait=0%;;;0;100 steal=40%;;;0;100 irq=0%;;;0;100"
"iowait idle by default|cpu 0 0 0 0 0 0 0 0 0 0|\
cpu 100 0 0 100 800 0 0 0 0 0||0|\
CPU OK - 10.00% busy (user 10.00%, system 0.00%, iowait 80.00%, \
steal 0.00%) | busy=10%;70;90;0;100 user=10%;;;0;100 system=0%;;;0;100 \
iowait=80%;;;0;100 steal=0%;;;0;100 irq=0%;;;0;100"
"--iowait-busy|cpu 0 0 0 0 0 0 0 0 0 0|\
cpu 100 0 0 100 800 0 0 0 0 0|--iowait-busy|1|\
CPU WARNING - 90.00% busy (user 10.00%, system 0.00%, iowait 80.00%, \
steal 0.00%) | busy=90%;70;90;0;100 user=10%;;;0;100 system=0%;;;0;100 \
iowait=80%;;;0;100 steal=0%;;;0;100 irq=0%;;;0;100"
"counters backwards are clamped|cpu 500 0 0 1000 200 0 10 0 0 0|\
cpu 600 0 0 1250 100 0 60 0 0 0||0|\
CPU OK - 37.50% busy (user 25.00%, system 0.00%, iowait 0.00%, \
steal 0.00%) | busy=37.5%;70;90;0;100 user=25%;;;0;100 system=0%;;;0;100 \
iowait=0%;;;0;100 steal=0%;;;0;100 irq=12.5%;;;0;100"
)

n=0
for c in "${cases[@]}"; do
	IFS='|' read -r name t0 t1 opts want_rc want_line <<<"$c"
	want_line="${c#*|*|*|*|*|}"
	n=$((n + 1))
	root=$tmp/proc$n
	state=$tmp/state$n
	make_proc "$root" "11111111-2222-3333-4444-55555555555$n"
	printf '%s\n' "$t0" >"$root/stat"
	# shellcheck disable=SC2086
	run_plugin "$name: first run" "$cpu" --procfs "$root" \
	    --state-dir "$state" $opts
	is "$rc" 3 "$name: first run on a static tree has no figure"
	like "$(first_line)" "^CPU UNKNOWN - no CPU time elapsed" \
	    "$name: first run says why"
	ok "$([[ $out != *busy=* ]]; echo $?)" \
	    "$name: first run prints no fake busy figure"
	ok "$(ls "$state"/cpu-*.state >/dev/null 2>&1; echo $?)" \
	    "$name: first run saved its sample"
	printf '%s\n' "$t1" >"$root/stat.new"
	mv "$root/stat.new" "$root/stat"
	# shellcheck disable=SC2086
	run_plugin "$name: second run" "$cpu" -v --procfs "$root" \
	    --state-dir "$state" $opts
	is "$rc" "$want_rc" "$name: exit $want_rc"
	is "$(first_line)" "$want_line" "$name: status line"
	like "$out" "since the previous run" "$name: from the state file"
	ok "$(grep -q 'sampling twice' "$tmp/err"; [ $? -ne 0 ]; echo $?)" \
	    "$name: answered at once, no second sample"
done
done_testing
