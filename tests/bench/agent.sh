#!/usr/bin/env bash
# agent.sh -- make bench: sense-agent's interface table against snmpd's
# own IF-MIB ifXTable, through the same master, for N = 100 and 1,000
# interfaces (veth pairs in a network namespace made here and deleted
# after).  Prints the best of three full snmpbulkwalks of each, their
# ratio (per table and per varbind), and the agent's CPU time per
# sampling period.  Needs root (netns); plain build in $SENSE_BUILD.
set -u
SENSE_TOP=${SENSE_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
SENSE_BUILD=${SENSE_BUILD:-$SENSE_TOP/build}
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/agent/lib.sh"
[ "$(id -u)" -eq 0 ] || { echo "agent bench: needs root (netns)"; exit 0; }

best_walk() {	# OID...: sets BEST (s, best of three walks) and VB
	local best=99 t0 t1 i
	for i in 1 2 3; do
		t0=$(date +%s.%N)
		VB=$(in_ns snmpbulkwalk -v2c -c public -m '' -Cr50 \
		    "127.0.0.1:$PORT" "$@" 2>/dev/null | grep -c .)
		t1=$(date +%s.%N)
		best=$(awk -v a="$t0" -v b="$t1" -v m="$best" \
		    'BEGIN { d = b - a; printf "%.4f", d < m ? d : m }')
	done
	BEST=$best
}

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

run() {		# PAIRS
	local pairs=$1 i sense ifx vs vx hz s0 s1 c0 c1 per
	NS=sense-bench-$$-$pairs
	ip netns add "$NS" || { NS=; return 1; }
	ip -n "$NS" link set lo up
	for ((i = 0; i < pairs; i++)); do
		echo "link add v$i type veth peer name w$i"
	done | ip -n "$NS" -batch - || { ip netns del "$NS"; return 1; }
	INTERVAL=5
	ag_init >/dev/null
	snmpd_start
	agent_conf 'disk = { paths = [ "/" ]; };'
	agent_start || { ag_stop_all; ip netns del "$NS"; return 1; }
	wait_samples 1
	best_walk "$(oid senseIfTable)"
	sense=$BEST vs=$VB
	best_walk .1.3.6.1.2.1.31.1.1
	ifx=$BEST vx=$VB
	# CPU of the agent over three idle sampling periods.
	hz=$(getconf CLK_TCK)
	s0=$(samples); c0=$(ticks "$AGENT_PID")
	sleep $((3 * INTERVAL))
	s1=$(samples); c1=$(ticks "$AGENT_PID")
	per=$(awk -v c=$((c1 - c0)) -v n=$((s1 - s0)) -v hz="$hz" \
	    'BEGIN { printf "%.1f", n ? c * 1000 / hz / n : 0 }')
	printf '%6d  %10s %7d  %10s %7d  %6.2f  %8.2f  %8s ms  %6s us\n' \
	    $((pairs * 2)) "$sense" "$vs" "$ifx" "$vx" \
	    "$(awk -v a="$sense" -v b="$ifx" 'BEGIN { print a / b }')" \
	    "$(awk -v a="$sense" -v b="$ifx" -v x="$vs" -v y="$vx" \
	    'BEGIN { print (a / x) / (b / y) }')" "$per" \
	    "$(sraw senseAgentSampleTime.0)"
	echo "$((pairs * 2)) $sense" >>"$BENCH_T/walks"
	ag_stop_all
	rm -rf "$T"
	ip netns del "$NS"
	NS=
}
# Whatever happens, no daemon and no namespace stays behind.
cleanup '[ -n "$NS" ] && ip netns del "$NS"'
cleanup ag_stop_all

BENCH_T=$(mktemp -d)
cleanup "rm -rf '$BENCH_T'"
echo "sense-agent: senseIfTable vs snmpd's ifXTable, same master (best of 3)"
printf '%6s  %10s %7s  %10s %7s  %6s  %8s  %11s  %9s\n' ifaces \
    "sense (s)" varbind "ifXTable" varbind ratio "ratio/vb" \
    "CPU/sample" "sampleT"
run 50
run 500
read -r n1 w1 n2 w2 < <(tr '\n' ' ' <"$BENCH_T/walks")
awk -v n1="$n1" -v w1="$w1" -v n2="$n2" -v w2="$w2" 'BEGIN {
	printf "senseIfTable walk, %d -> %d interfaces: x%.1f ", n1, n2, w2 / w1
	printf "(linear: x%.0f)\n", n2 / n1
}'
echo "sampleT: the agent's own CPU per sample (senseAgentSampleTime);"
echo "CPU/sample: the whole process per period (10 ms clock ticks)."
