#!/usr/bin/env bash
# --window: a history written here with rrdtool (known values at known
# times) -> known average -> known state, including the edges 70.0 and
# 90.0; no or stale history -> UNKNOWN; librrd loaded only with --window.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/history/lib.bash"
mem=$SENSE_BUILD/check_sense_mem
[ -x "$mem" ] || skip_all "no $mem"
hist_init
P=$H/proc
mkdir -p "$P"
swap_on() {
	printf 'MemTotal: 1000000 kB\nMemFree: 500000 kB\nMemAvailable: 600000 kB
SwapTotal: 1000 kB\nSwapFree: 900 kB\n' >"$P/meminfo"
}
swap_off() {
	printf 'MemTotal: 1000000 kB\nMemFree: 500000 kB\nMemAvailable: 600000 kB
SwapTotal: 0 kB\nSwapFree: 0 kB\n' >"$P/meminfo"
}

# run ARGS...: the plugin on the fixture and $H/rrd; $out, $rc; every
# output is validated as plugin output.
run() {
	out=$("$mem" --procfs "$P" --history-dir "$H/rrd" "$@" 2>"$H/err")
	rc=$?
	printf '%s\n' "$out" | python3 "$SENSE_TOP/tests/lib/perfcheck.py" \
	    --exit "$rc" >"$H/pc" 2>&1
	ok $? "perfdata valid: $*" || diag "$(cat "$H/pc")"
}

swap_off
# case: values of the 30 rows of the last 5 minutes | exit | summary
cases=(
"$(rep 30 70)|0|MEM OK - memory 70.00% (5m avg), swap absent"
"$(rep 30 70.01)|1|MEM WARNING - memory 70.01% (5m avg), swap absent"
"$(rep 30 90)|1|MEM WARNING - memory 90.00% (5m avg), swap absent"
"$(rep 30 90.01)|2|MEM CRITICAL - memory 90.01% (5m avg), swap absent"
"$(alt 30 60 80)|0|MEM OK - memory 70.00% (5m avg), swap absent"
"$(alt 30 80 100)|1|MEM WARNING - memory 90.00% (5m avg), swap absent"
"$(alt 30 80 100.02)|2|MEM CRITICAL - memory 90.01% (5m avg), swap absent"
"$(alt 30 0 100)|0|MEM OK - memory 50.00% (5m avg), swap absent"
)
for c in "${cases[@]}"; do
	IFS='|' read -r vals want_rc want <<<"$c"
	rm -rf "$H/rrd"
	# shellcheck disable=SC2086
	hist_file "$H/rrd/mem.rrd" 0 $vals
	run --window 5m
	is "$rc" "$want_rc" "${vals:0:24}...: exit $want_rc"
	is "${out%% |*}" "$want" "${vals:0:24}...: $want"
done
like "$out" "mem_used_5m=50%;70;90;0" "perfdata of the average"
like "$out" "memory: 5m average 50.00% of 30 of 30 samples of 10 s" \
    "long output: how many samples of what step"

# What lies before the window does not count; the window matters.
rm -rf "$H/rrd"
# shellcheck disable=SC2086
hist_file "$H/rrd/mem.rrd" 0 $(rep 30 100) $(rep 24 50) $(rep 6 95)
run --window 1m
is "${out%% |*}" "MEM CRITICAL - memory 95.00% (1m avg), swap absent" \
    "1m: the last 6 rows"
run --window 5m
is "${out%% |*}" "MEM OK - memory 59.00% (5m avg), swap absent" \
    "5m: 24 x 50 and 6 x 95, not the 100s before"
run --window 10m
is "${out%% |*}" "MEM WARNING - memory 79.50% (10m avg), swap absent" \
    "10m: the 100s count too"
run --window 300
is "${out%% |*}" "MEM OK - memory 59.00% (5m avg), swap absent" \
    "a window in plain seconds"
run --window 5m -w 50 -c 58
is "$rc" 2 "-w/-c apply to the average"
run
like "$out" "^MEM OK - memory 40.00% used" "without --window: the instant figure"

# Swap: judged on swap.rrd with the swap thresholds.
swap_on
run --window 5m
is "$rc" 3 "swap configured, no swap history: UNKNOWN"
like "$out" "swap: no history: .*swap.rrd" "... saying so"
# shellcheck disable=SC2086
hist_file "$H/rrd/swap.rrd" 0 $(rep 30 95)
run --window 5m
is "${out%% |*}" "MEM CRITICAL - memory 59.00% (5m avg), swap 95.00% (5m avg)" \
    "swap average judged"
run --window 5m --swap-critical 96
is "$rc" 1 "--swap-critical applies to the swap average"

# No history, stale history, bad windows.
swap_off
# A history shorter than the window: an average of what is known only
# when it covers at least half the window, and then it says so.
rm -rf "$H/rrd"
# shellcheck disable=SC2086
hist_file "$H/rrd/mem.rrd" 0 $(rep 5 95)
run --window 5m
is "$rc" 3 "6 of 30 samples of the window: UNKNOWN, not a 5m average"
like "${out%% |*}" "history covers 6 of the 30 samples of the last 5m" \
    "  and says how much history there is"
rm -rf "$H/rrd"
# shellcheck disable=SC2086
hist_file "$H/rrd/mem.rrd" 0 $(rep 19 95)
run --window 5m
is "${out%% |*}" \
    "MEM CRITICAL - memory 95.00% (5m avg of 20/30 samples), swap absent" \
    "20 of 30 samples: judged, and the summary says so"

run --window 5m --history-dir "$H/none"
is "$rc" 3 "no history dir: UNKNOWN"
like "$out" "^MEM UNKNOWN - memory: no history: $H/none/mem.rrd: No such file" \
    "... naming the file"
rm -rf "$H/rrd"
# shellcheck disable=SC2086
hist_file "$H/rrd/mem.rrd" 600 $(rep 60 50)
run --window 5m
is "$rc" 3 "history ending 10 min ago, 5m window: UNKNOWN"
like "$out" "no history in the last 5m: .*mem.rrd last written [0-9]+ s ago" \
    "... saying how old"
run --window 15m
is "$rc" 0 "the same with a 15m window: judged"
like "$out" "memory 50.00% \\(15m avg of 61/90 samples\\)" \
    "... on what there is, saying how much"
run --window 30m
is "$rc" 3 "a 30m window it covers less than half of: UNKNOWN"
rm -rf "$H/rrd"
DS="pct used" hist_file "$H/rrd/mem.rrd" 0 $(rep 30 U)
run --window 5m
is "$rc" 3 "only unknown rows: UNKNOWN"
like "$out" "no known value of pct in the last 5m" "... saying so"
echo junk >"$H/rrd/mem.rrd"
run --window 5m
is "$rc" 3 "a file that is no RRD: UNKNOWN"
for w in 0 5x -5m 1.5m ""; do
	run --window "$w"
	is "$rc" 3 "--window '$w': usage error"
	like "$out" "^MEM UNKNOWN - invalid --window '$w'" "... named"
done
run --window
is "$rc" 3 "--window without a value: usage error"

# The history directory: --history-dir, else $SENSE_HISTORY_DIR.
rm -rf "$H/rrd"
# shellcheck disable=SC2086
hist_file "$H/env/mem.rrd" 0 $(rep 30 75)
out=$(SENSE_HISTORY_DIR=$H/env "$mem" --procfs "$P" --window 5m)
like "$out" "^MEM WARNING - memory 75.00%" "\$SENSE_HISTORY_DIR is the default"

# check_sense_net: each selected interface on its own file.
net=$SENSE_BUILD/check_sense_net
NP=$H/nproc NS=$H/nsys
mkdir -p "$NP/net" "$NP/sys/kernel/random"
echo hist-boot >"$NP/sys/kernel/random/boot_id"
echo "1000.00 0.00" >"$NP/uptime"
{
	echo "Inter-|   Receive                            |  Transmit"
	echo " face |bytes    packets errs drop fifo frame compressed multicast|bytes packets"
	for i in 0 1; do
		echo "  eth$i: 1000 10 0 0 0 0 0 0 1000 10 0 0 0 0 0 0"
		d=$NS/class/net/eth$i
		mkdir -p "$d"
		echo $((i + 2)) >"$d/ifindex"
		echo 1000 >"$d/speed"
		echo up >"$d/operstate"
		echo 0x1003 >"$d/flags"
		echo 1 >"$d/type"
	done
} >"$NP/net/dev"
rm -rf "$H/rrd"
# shellcheck disable=SC2086
DS="pct rx tx" hist_file "$H/rrd/net/eth0.rrd" 0 $(alt 30 85 95)
# shellcheck disable=SC2086
DS="pct rx tx" hist_file "$H/rrd/net/eth1.rrd" 0 $(rep 30 70)
nrun() {
	out=$("$net" --procfs "$NP" --sysfs "$NS" --state-dir "$H/st" \
	    --history-dir "$H/rrd" "$@" 2>"$H/err")
	rc=$?
	printf '%s\n' "$out" | python3 "$SENSE_TOP/tests/lib/perfcheck.py" \
	    --exit "$rc" >/dev/null 2>&1
	ok $? "net perfdata valid: $*"
}
nrun --window 5m
is "${out%% |*}" "NET WARNING - eth0 90.00% (5m avg), eth1 70.00% (5m avg)" \
    "net: every interface on its average (90.0 WARNING, 70.0 OK)"
nrun --window 5m -i eth1
is "$rc" 0 "net -i eth1: only eth1, OK"
nrun --window 5m -c 89.99
is "$rc" 2 "net: -c applies to the average"
rm "$H/rrd/net/eth1.rrd"
nrun --window 5m -i eth1
is "$rc" 3 "net: no history for eth1: UNKNOWN"
[ ! -e "$H/st" ]
ok $? "net --window keeps no state"

# check_sense_disk: the filesystem's used % and inode % averages.
disk=$SENSE_BUILD/check_sense_disk
drun() {
	out=$("$disk" --history-dir "$H/rrd" -p / -x /proc "$@" 2>"$H/err")
	rc=$?
	printf '%s\n' "$out" | python3 "$SENSE_TOP/tests/lib/perfcheck.py" \
	    --exit "$rc" >/dev/null 2>&1
	ok $? "disk perfdata valid: $*"
}
rm -rf "$H/rrd"
# shellcheck disable=SC2086
DS="pct ipct used avail" hist_file "$H/rrd/disk/-.rrd" 0 $(rep 30 70:10:1:1)
drun --window 5m
is "$rc" 0 "disk: / at 70.0 on average: OK"
like "$out" "^DISK OK - / 70.00% \\(5m avg\\)" "disk: the average named"
inodes=0
[[ $out == *"/ inodes 10.00%"* ]] && inodes=1
drun --window 5m -w 60
is "$rc" 1 "disk: -w applies to the average"
if [ $inodes = 1 ]; then
	drun --window 5m -W 5
	is "$rc" 1 "disk: -W applies to the inode average"
else
	ok 0 "# SKIP / has no inode counts here"
fi
rm -rf "$H/rrd"
# shellcheck disable=SC2086
DS="pct ipct used avail" hist_file "$H/rrd/disk/-.rrd" 0 $(alt 30 90 90.02)
drun --window 5m
is "$rc" 2 "disk: 90.01 on average: CRITICAL"

# check_sense_cpu: busy, and each core with --per-cpu-alert.
cpu=$SENSE_BUILD/check_sense_cpu
CP=$H/cproc
mkdir -p "$CP"
printf 'cpu 10 0 10 80 0 0 0 0 0 0\ncpu0 5 0 5 40 0 0 0 0 0 0
cpu1 5 0 5 40 0 0 0 0 0 0\n' >"$CP/stat"
crun() {
	out=$("$cpu" --procfs "$CP" --state-dir "$H/cst" \
	    --history-dir "$H/rrd" "$@" 2>"$H/err")
	rc=$?
	printf '%s\n' "$out" | python3 "$SENSE_TOP/tests/lib/perfcheck.py" \
	    --exit "$rc" >/dev/null 2>&1
	ok $? "cpu perfdata valid: $*"
}
rm -rf "$H/rrd"
# shellcheck disable=SC2086
DS="pct user system iowait steal irq" hist_file "$H/rrd/cpu.rrd" 0 \
    $(rep 30 90:80:10:0:0:0)
DS="pct" hist_file "$H/rrd/cpu/0.rrd" 0 $(rep 30 95)
DS="pct" hist_file "$H/rrd/cpu/1.rrd" 0 $(rep 30 70)
crun --window 5m
is "${out%% |*}" "CPU WARNING - busy 90.00% (5m avg)" "cpu: busy 90.0: WARNING"
crun --window 5m --per-cpu-alert
is "${out%% |*}" \
    "CPU CRITICAL - busy 90.00% (5m avg), cpu0 95.00% (5m avg), cpu1 70.00% (5m avg)" \
    "cpu --per-cpu-alert: each core on its own file"
[ ! -e "$H/cst" ]
ok $? "cpu --window keeps no state"
rm "$H/rrd/cpu/1.rrd"
crun --window 5m --per-cpu-alert
is "$rc" 2 "cpu: a core without history beside a CRITICAL one: CRITICAL"
like "$out" "cpu1: no history: .*cpu/1.rrd" "... and the missing one named"

# librrd is loaded only when a window is asked for.
out=$(LD_DEBUG=libs "$mem" --procfs "$P" 2>&1 >/dev/null)
is "$(grep -c 'librrd' <<<"$out")" 0 "no --window: librrd never loaded"
out=$(LD_DEBUG=libs "$mem" --procfs "$P" --window 5m \
    --history-dir "$H/env" 2>&1 >/dev/null)
like "$out" "calling init: .*librrd.so" "--window: librrd loaded"
is "$(ldd "$mem" | grep -c librrd)" 0 "the plugin does not link librrd"
done_testing
