#!/usr/bin/env bash
# C3: no usable previous sample (empty state directory, corrupt or
# truncated state file, another boot's, another procfs root's): the
# plugin takes two samples within the timeout budget and reports
# normally, never a fake 0.  /proc/stat is a FIFO here that serves t0
# to the first read and t1 to the second, so the two samples differ the
# way two real ones would.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/cpu/lib.bash"
cpu=$SENSE_BUILD/check_sense_cpu
[ -x "$cpu" ] || skip_all "no $cpu"
tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"

t0='cpu 1000 0 500 8000 100 0 0 0 0 0'
t1='cpu 1600 0 600 8100 100 0 0 0 500 0'	# C1: 87.5% from t0
t2='cpu 1900 0 600 8800 100 0 0 0 500 0'	# 30% from t1, 57.89% from t0
c1_line='CPU WARNING - 87.50% busy (user 75.00%, system 12.50%, '\
'iowait 0.00%, steal 0.00%) | busy=87.5%;70;90;0;100 user=75%;;;0;100 '\
'system=12.5%;;;0;100 iowait=0%;;;0;100 steal=0%;;;0;100 irq=0%;;;0;100'
root=$tmp/proc
state=$tmp/state
make_proc "$root" "aaaaaaaa-0000-0000-0000-000000000001"

fifo_stat() {
	rm -f "$root/stat"
	mkfifo "$root/stat"
	feed "$root/stat" "$@"
}
static_stat() {
	rm -f "$root/stat"
	printf '%s\n' "$1" >"$root/stat"
}
state_file() { ls "$state"/cpu-*.state 2>/dev/null | head -n1; }

# Empty state directory (it does not even exist yet).
fifo_stat "$t0" "$t1"
run_plugin "empty state dir" "$cpu" -v --procfs "$root" --state-dir "$state"
wait "$feeder"
is "$rc" 1 "empty state dir: C1 from two samples, WARNING"
is "$(first_line)" "$c1_line" "empty state dir: exact status line"
like "$out" "no previous run: two samples" "empty state dir: says so"
like "$(cat "$tmp/err")" "sampling twice, 0.250 s apart" \
    "empty state dir: 250 ms between the samples"
ok "$([ "$ms" -ge 250 ]; echo $?)" "empty state dir: took ${ms} ms >= 250"
sf=$(state_file)
ok "$([ -n "$sf" ] &&
    grep -q "^cpu  *1600 0 600 8100 100 0 0 0 500 0$" "$sf"; echo $?)" \
    "empty state dir: the newer sample was saved"
is "$(stat -c %a "$state")" 700 "state dir created private (0700)"

# The saved sample serves the next run: t2 against t1 is 30%.
static_stat "$t2"
run_plugin "from state" "$cpu" --procfs "$root" --state-dir "$state"
is "$rc" 0 "from state: t1 -> t2 is OK"
like "$(first_line)" "^CPU OK - 30.00% busy " "from state: 30.00%"

# Corrupt state file: treated as missing.
for how in garbage truncated flipped empty; do
	sf=$(state_file)
	case $how in
	garbage) printf 'sense-state 1\nkey nonsense\n\x01\x02' >"$sf" ;;
	truncated) head -c -7 "$sf" >"$sf.x" && mv "$sf.x" "$sf" ;;
	flipped) sed -i 's/^cpu  *\([0-9]\)/cpu 9\1/' "$sf" ;;
	empty) : >"$sf" ;;
	esac
	fifo_stat "$t0" "$t1"
	run_plugin "$how state file" "$cpu" --procfs "$root" \
	    --state-dir "$state"
	wait "$feeder"
	is "$rc" 1 "$how state file: treated as missing, two samples"
	is "$(first_line)" "$c1_line" "$how state file: exact C1 line"
	# The run saved t1 again: the next corruption starts from a good file.
done

# A sample from another boot is foreign: t0 saved under boot 1, then the
# boot id changes; the plugin must not compute t0 -> t2 (57.89%).
static_stat "$t0"
run_plugin "boot 1 baseline" "$cpu" --procfs "$root" --state-dir "$state"
is "$rc" 3 "boot 1 baseline: static tree, no figure"
make_proc "$root" "bbbbbbbb-0000-0000-0000-000000000002"
fifo_stat "$t1" "$t2"
run_plugin "foreign boot id" "$cpu" --procfs "$root" --state-dir "$state"
wait "$feeder"
is "$rc" 0 "foreign boot id: two fresh samples"
like "$(first_line)" "^CPU OK - 30.00% busy " \
    "foreign boot id: t1 -> t2 (30%), not t0 -> t2 (57.89%)"

# Another procfs root keeps its own state file in the same directory.
root2=$tmp/proc2
make_proc "$root2" "bbbbbbbb-0000-0000-0000-000000000002"
printf '%s\n' "$t0" >"$root2/stat"
run_plugin "second root" "$cpu" --procfs "$root2" --state-dir "$state"
is "$(ls "$state"/cpu-*.state | wc -l)" 2 "one state file per procfs root"
static_stat "$t2"
printf '%s\n' "$t1" >"$root2/stat"
run_plugin "second root, run 2" "$cpu" --procfs "$root2" --state-dir "$state"
is "$(first_line)" "$c1_line" "second root: its own t0 -> t1"

# A state directory that cannot be written: the figure still comes, the
# problem is named in the long output.
fifo_stat "$t0" "$t1"
run_plugin "unwritable state dir" "$cpu" --procfs "$root" \
    --state-dir /proc/sense-no-such-dir
wait "$feeder"
is "$rc" 1 "unwritable state dir: still the figure"
like "$out" "state not saved: /proc/sense-no-such-dir" \
    "unwritable state dir: named in long output"
done_testing
