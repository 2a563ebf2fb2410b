#!/usr/bin/env bash
# The agent survives its master (and may start before it).
#   A1: snmpd stopped and started three times, once down for 20 s: the
#       agent's values are back within ping interval + 1 s every time,
#       and it holds no more file descriptors than before.
#   A2: the configured 3 s ping/reconnect interval is the one used (not
#       net-snmp's 15 s default, which init_agent() would restore).
#   A3: after a reconnect the agent re-sends the state of every row
#       that is not ok, and a change that happened during the outage
#       reaches the trap receiver once the master is back.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/agent/lib.sh"
ag_init
command -v /usr/sbin/snmptrapd >/dev/null || skip_all "no snmptrapd"
PING=3
only_root='disk = { paths = [ "/" ]; };'
mem_crit='memory = { critical = "0.001"; };'

trapd_start
# Started before its master: it connects once the master is up.
agent_conf "$only_root"
agent_spawn
sleep 1.5
snmpd_start
t0=$(date +%s.%N)
wait_for 10 sget_ok senseAgentInterval.0
ok $? "sense-agent started before its master is served once it is up"
BACK=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
wait_samples 1
fds0=$(ls "/proc/$AGENT_PID/fd" | wc -l)
root=$(oid senseUtilizationMIB)
memtraps() {
	grep -F "$root.1.7.2.0=\"memory\"|" "$T/traps" | grep -c .
}

# le A B: 1 when A <= B (decimals).
le() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? 1 : 0 }'; }

# restart DOWN-SECONDS: stop snmpd, wait, start it; sets BACK to the
# seconds from the start of snmpd until the agent's values are back.
restart() {
	local t0
	snmpd_stop
	sleep "$1"
	snmpd_start
	t0=$(date +%s.%N)
	wait_for 30 sget_ok senseAgentSamples.0
	BACK=$(awk -v a="$t0" -v b="$(date +%s.%N)" \
	    'BEGIN { printf "%.2f", b - a }')
	echo "# values back $BACK s after the master (down $1 s)"
}

okif "$(le "$BACK" $((PING + 1)))" "  within $BACK s <= $PING + 1"

restart 0
okif "$(le "$BACK" $((PING + 1)))" "A1 restart 1: back in $BACK s <= $PING + 1"
is "$(memtraps)" 0 "nothing to re-send while every row is ok"

# Memory critical while connected: one notification.
agent_conf "$only_root" "$mem_crit"
kill -HUP "$AGENT_PID"
wait_for 10 test "$(memtraps)" -ge 1
is "$(memtraps)" 1 "memory critical: one notification"

restart 0
okif "$(le "$BACK" $((PING + 1)))" "A1 restart 2: back in $BACK s"
wait_for 5 test "$(memtraps)" -ge 2
is "$(memtraps)" 2 "A3: after the reconnect the critical row is re-sent"
last=$(grep -F "$root.1.7.2.0=\"memory\"|" "$T/traps" | tail -1)
like "$last" "\.1\.7\.5\.0=2\|.*\.1\.7\.6\.0=2\|" \
    "  as critical -> critical (a re-send)"

# Back to ok, then a change during a 20 s outage.
agent_conf "$only_root"
kill -HUP "$AGENT_PID"
wait_for 10 test "$(memtraps)" -ge 3
is "$(memtraps)" 3 "memory ok again: one notification"
snmpd_stop
agent_conf "$only_root" "$mem_crit"
kill -HUP "$AGENT_PID"
wait_for 10 grep -q "master down, kept" "$T/agent.log"
ok $? "A3: a change while the master is down is kept"
: >"$T/traps.before"
cp "$T/traps" "$T/traps.before"
restart 20
okif "$(le "$BACK" $((PING + 1)))" "A1 restart 3 (20 s down): back in $BACK s"
wait_for 5 test "$(memtraps)" -ge 4
is "$(memtraps)" 4 "A3: the change made during the outage arrives once"
last=$(grep -F "$root.1.7.2.0=\"memory\"|" "$T/traps" | tail -1)
like "$last" "\.1\.7\.6\.0=2\|" "  with the new status critical"

# A2: net-snmp says which interval it uses for the reconnect.
like "$(grep -c "reconnecting in $PING" "$T/agent.log")" "^3$" \
    "A2: every reconnect is scheduled after $PING s, not 15"
is "$(grep -c "connected to the AgentX master" "$T/agent.log")" 4 \
    "connected four times (start + three restarts)"
fds1=$(ls "/proc/$AGENT_PID/fd" | wc -l)
is "$fds1" "$fds0" "A1: no file descriptor left behind ($fds1)"
wait_samples 1
okif "$(samples) > 0" "sampling went on"

# A hung master (SIGSTOP) must not stop or slow the sampling: pings
# wait for it, the sampler thread does not.
s0=$(samples)
kill -STOP "$SNMPD_PID"
t0=$SECONDS
sleep 9
# Count the samples through the agent's own counter once it is back.
kill -CONT "$SNMPD_PID"
wait_for 20 sget_ok senseAgentSamples.0
s1=$(samples)
el=$((SECONDS - t0))
echo "# master stopped 9 s: $((s1 - s0)) samples in $el s"
okif "s1 - s0 >= el - 2" \
    "a hung master does not stop sampling ($((s1 - s0)) in $el s)"

agent_stop
is "$AGENT_RC" 0 "SIGTERM: clean exit"
no_asan_report "$T/agent.err"
ok $? "no sanitizer report"
done_testing
