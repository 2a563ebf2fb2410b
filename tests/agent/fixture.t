#!/usr/bin/env bash
# sense-agent on fixture /proc and /sys trees (agent.procfs/sysfs), so
# every figure is known exactly:
#   - CPU (case C1), memory (M1), swap (M3) and interface rates equal
#     what check_sense_cpu/mem/net print for the same two samples;
#   A5: rates come from the sampler's own clock: two GETs in one period
#       are equal, a steady 100 Mb/s reads 100 Mb/s every period;
#   A7: a 64-bit counter falling from 5e9 to 1000 is a reset: unknown
#       for that period (never ~1.8e19), then normal again;
#   A8: SwapTotal 0 -> not applicable, ok, no notification;
#   A10: a value sitting on the threshold (70.00) stays ok; one
#       alternating 70.00/70.01 sends nothing with confirm = 3; one
#       that holds sends exactly one notification;
#   per-interface (with a speed override) and per-mount thresholds
#   from sense.conf, applied on SIGHUP.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/agent/lib.sh"
ag_init
command -v /usr/sbin/snmptrapd >/dev/null || skip_all "no snmptrapd"
P=$T/proc S=$T/sys ST=$T/state
mkdir -p "$ST"
fixture_proc "$P"
fixture_if "$S" fx0 7 1000
C0='cpu  1000 0 500 8000 100 0 0 0 0 0
cpu0 1000 0 500 8000 100 0 0 0 0 0'
C1='cpu  1600 0 600 8100 100 0 0 0 500 0
cpu0 1600 0 600 8100 100 0 0 0 500 0'
fix_write "$P/stat" "$C0"
# M1 of the plugin cases: 24.30% used.
fix_write "$P/meminfo" "MemTotal: 1056743416 kB
MemFree: 653040840 kB
MemAvailable: 799941548 kB
Buffers: 1322236 kB
Cached: 147247296 kB
Shmem: 8695952 kB
SReclaimable: 9278192 kB
SwapTotal: 0 kB
SwapFree: 0 kB"
fix_write "$P/net/dev" "$(netdev fx0 5000000000 1000)"
fix_write "$P/uptime" "1000.00 0.00"

INTERVAL=2
# The agent reads $T/pcur, a symlink to $P (A5 swaps whole trees in).
ln -s "$P" "$T/pcur"
base="procfs = \"$T/pcur\"; sysfs = \"$S\"; disk = { paths = [ \"/\" ]; };"
trapd_start
snmpd_start
agent_conf "$base"
agent_start
ok $? "sense-agent runs on the fixture trees"
wait_samples 1
root=$(oid senseUtilizationMIB)

plug() {	# NAME ARGS...: run a plugin on the fixtures
	local n=$1; shift
	"$PLUGINS/check_sense_$n" --procfs "$P" --sysfs "$S" \
	    --state-dir "$ST" "$@" 2>&1
}
perf() {	# OUTPUT LABEL: the value of a perfdata item
	sed -n "s/.*[ |']$2'*=\([-0-9.]*\).*/\1/p" <<<"$1" | head -1
}
# Baselines of the plugins on the same first sample as the agent.
plug cpu >/dev/null
plug net -i fx0 >/dev/null

# A8: no swap.
is "$(sraw senseSwapTotal.0 senseSwapUsedPct.0 | tr '\n' ' ')" "0 -1 " \
    "A8: SwapTotal 0: total 0, used % -1 (not applicable)"
is "$(sget senseSwapStatus.0)" ok "A8: no swap is ok"
is "$(sraw senseMemUsedPct.0)" 2430 "M1: memory 24.30% used"
out=$(plug mem)
is "$(perf "$out" mem_used | awk '{ printf "%.2f", $1 }')" 24.30 \
    "check_sense_mem says 24.30% too"

# The second sample: 10 s later, C1's CPU times, 750 Mb/s received.
fix_write "$P/stat" "$C1"
fix_write "$P/net/dev" "$(netdev fx0 5937500000 1000)"
fix_write "$P/uptime" "1010.00 0.00"
wait_samples 1
cpu=$(plug cpu)
cpu_rc=$?
net=$(plug net -i fx0)
echo "# $cpu" | head -1
echo "# $net" | head -1
is "$(sraw senseCpuBusy.0)" 8750 "C1: CPU busy 87.50% (guest counted once)"
is "$(perf "$cpu" busy)" 87.5 "  check_sense_cpu: 87.5"
is "$(sget senseCpuStatus.0)" warning "  agent status warning"
is "$cpu_rc" "$(sraw senseCpuStatus.0)" "  = the plugin's exit state"
is "$(sraw senseCpuCoreBusy.1)" 8750 "  per-core row cpu0 too"
is "$(sraw senseIfRxBps.7 senseIfTxBps.7 senseIfUtilPct.7 | tr '\n' ' ')" \
    "750000000 0 7500 " "fx0: 750 Mb/s of 1000: 75.00%"
is "$(perf "$net" fx0_rx_bps)" 750000000 "  check_sense_net: the same rate"
is "$(sget senseIfStatus.7)" warning "  agent status warning"
is "$(sraw senseIfHighSpeed.7 senseIfSpeed.7 | tr '\n' ' ')" \
    "1000 1000000000 " "  speed 1000 Mb/s, 1e9 b/s"

# A5: two GETs within one period give the same figures.
n1=$(samples); a=$(sraw senseIfRxBps.7 senseCpuBusy.0 senseMemUsedPct.0)
sleep 0.5
b=$(sraw senseIfRxBps.7 senseCpuBusy.0 senseMemUsedPct.0); n2=$(samples)
if [ "$n1" = "$n2" ]; then
	is "$b" "$a" "A5: two GETs in one period return the same figures"
else
	is "$n1" "$n2" "A5: the GETs fell into one period"
fi

# A7: the counter falls from 5.9e9 to 1000: a reset, no spike.
fix_write "$P/net/dev" "$(netdev fx0 1000 1000)"
fix_write "$P/uptime" "1020.00 0.00"
wait_samples 1
is "$(sraw senseIfRxBps.7 senseIfUtilPct.7 | tr '\n' ' ')" "0 -1 " \
    "A7: 64-bit counter reset: no rate (0, -1), never ~1.8e19"
is "$(sget senseIfStatus.7)" warning "  the status stays as it was"
grep -q "fx0: counter reset" "$T/agent.log"
ok $? "  and the log says why"
fix_write "$P/net/dev" "$(netdev fx0 1250001000 1000)"
fix_write "$P/uptime" "1030.00 0.00"
wait_samples 1
is "$(sraw senseIfRxBps.7 senseIfUtilPct.7 | tr '\n' ' ')" \
    "1000000000 10000 " "  the next period is measured again (100%)"

# A5: a steady 100 Mb/s, written by a clock that runs on its own.  Each
# step is a whole new tree swapped in with one rename, so net/dev and
# uptime always belong together.
step() {	# N CENTISECONDS BYTES
	local d=$T/pk/$1
	mkdir -p "$d/net" "$d/self" "$d/sys/kernel/random"
	ln -s "$P/stat" "$d/stat"
	ln -s "$P/meminfo" "$d/meminfo"
	ln -s "$P/self/mountinfo" "$d/self/mountinfo"
	ln -s "$P/sys/kernel/random/boot_id" "$d/sys/kernel/random/boot_id"
	netdev fx0 "$3" 1000 >"$d/net/dev"
	echo "$(($2 / 100)).$(printf %02d $(($2 % 100))) 0" >"$d/uptime"
	ln -sfn "$d" "$T/pcur.new" && mv -T "$T/pcur.new" "$T/pcur"
	rm -rf "$T/pk/$(($1 - 5))"
}
(
	n=0 t=103000 bytes=2000000000
	while :; do
		n=$((n + 1)) t=$((t + 20)) bytes=$((bytes + 2500000))
		step $n $t $bytes
		sleep 0.2
	done
) &
FIXW_PID=$!
wait_samples 2
rates=
for i in 1 2 3 4; do
	wait_samples 1
	rates="$rates $(sraw senseIfRxBps.7)"
done
kill "$FIXW_PID"; wait "$FIXW_PID" 2>/dev/null; FIXW_PID=
steady=1
for r in $rates; do
	[ "$r" -ge 99000000 ] && [ "$r" -le 101000000 ] || steady=0
done
is "$steady" 1 "A5: a steady 100 Mb/s reads 100 Mb/s every period:$rates"

# M3: swap present and full: critical.
fix_write "$P/meminfo" "MemTotal: 1000000 kB
MemAvailable: 500000 kB
SwapTotal: 2097148 kB
SwapFree: 0 kB"
wait_samples 1
is "$(sraw senseSwapUsedPct.0)" 10000 "M3: swap 100% used"
is "$(sget senseSwapStatus.0)" critical "  critical"
plug mem >/dev/null
is "$?" 2 "  check_sense_mem: CRITICAL too"
swaptraps=$(grep -cF "$root.1.7.2.0=\"swap\"|" "$T/traps")
is "$swaptraps" 1 "A8: swap notified only when it went critical"

# A10: sitting on the threshold, with confirm = 3.
meminfo_pct() {	# used per 10000 of 1000000 kB
	fix_write "$P/meminfo" "$(meminfo 1000000 $((1000000 - $1 * 100)))"
}
memfix() { fix_write "$P/meminfo" "$(meminfo 1000000 "$1")"; }
memfix 300000			# 70.00%: on the threshold
# Per-item thresholds and a speed override come with the reload too.
agent_conf "$base confirm = 3;" 'interfaces = ( { name = "fx0";
    speed = 10000; warning = "50"; } ); mounts = ( { path = "/";
    warning = "80"; critical = "95"; inode_warning = ""; } );'
kill -HUP "$AGENT_PID"
wait_for 10 grep -q "reloaded" "$T/agent.log"
wait_samples 2
is "$(sraw senseIfHighSpeed.7 senseIfSpeed.7 | tr '\n' ' ')" \
    "10000 4294967295 " "per-interface speed override: 10000 Mb/s"
is "$(sget senseIfWarning.7 senseIfCritical.7 | tr '\n' ' ')" "50 90 " \
    "  per-interface warning, default critical"
is "$(sget senseDiskWarning.1 senseDiskCritical.1 senseDiskInodeWarning.1 \
    senseDiskInodeCritical.1 | tr '\n' ' ')" "80 95  90 " \
    "per-mount thresholds (inode warning off)"
is "$(sraw senseMemUsedPct.0)" 7000 "A10: memory exactly 70.00%"
is "$(sget senseMemStatus.0)" ok "  70.00 is within 70: ok"
: >"$T/traps"
for i in 1 2 3 4 5 6; do
	if [ $((i % 2)) = 1 ]; then memfix 299900; else memfix 300000; fi
	wait_samples 1
done
memtraps() { grep -cF "$root.1.7.2.0=\"memory\"|" "$T/traps"; }
is "$(memtraps)" 0 "A10: 70.01/70.00 alternating: no notification"
is "$(sget senseMemStatus.0)" ok "  status still ok"
memfix 299900			# 70.01% held
wait_samples 4
is "$(memtraps)" 1 "A10: 70.01% held 3 samples: exactly one notification"
is "$(sget senseMemStatus.0)" warning "  status warning"
wait_samples 2
is "$(memtraps)" 1 "  and no more while it holds"

agent_stop
is "$AGENT_RC" 0 "SIGTERM: clean exit"
no_asan_report "$T/agent.err"
ok $? "no sanitizer report"
done_testing
