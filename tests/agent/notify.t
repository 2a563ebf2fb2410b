#!/usr/bin/env bash
# Notifications through a real snmpd to a real snmptrapd on loopback: a
# tmpfs the test fills past 90% changes state exactly once and a
# traphandle script sees every varbind (row, metric, value, old and new
# status); a state that holds sends nothing more (A10); a threshold
# lowered in sense.conf + SIGHUP changes a state with one notification;
# a broken sense.conf on SIGHUP is refused and the old one kept.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/agent/lib.sh"
ag_init
[ "$(id -u)" -eq 0 ] || skip_all "needs root to mount a tmpfs"
command -v /usr/sbin/snmptrapd >/dev/null || skip_all "no snmptrapd"
mkdir -p "$T/mnt"
mount -t tmpfs -o size=16m sensetest "$T/mnt" || skip_all "cannot mount"
cleanup "umount -l '$T/mnt'"
fill() {	# MiB
	rm -f "$T/mnt/fill"
	dd if=/dev/zero of="$T/mnt/fill" bs=1M count="$1" status=none
}
fill 12

trapd_start
ok $? "snmptrapd runs"
snmpd_start
mnt_conf="disk = { paths = [ \"$T/mnt\" ]; };"
# The CPU of a busy test machine would change state too: not judged.
no_cpu='cpu = { warning = ""; critical = ""; };'
agent_conf "$mnt_conf" "$no_cpu"
agent_start
ok $? "sense-agent runs"
wait_samples 2

root=$(oid senseUtilizationMIB)
trapoid=".1.3.6.1.6.3.1.1.4.1.0=$root.0.1"
# traps ITEM: the notifications received about ITEM, one per line.
traps() { grep -F "$trapoid|" "$T/traps" | grep -F "$root.1.7.2.0=\"$1\"|"; }
# field LINE ARC: the value of senseNotifyObjects.ARC.0 in a trap line.
field() { tr '|' '\n' <<<"$1" | sed -n "s/^$root\.1\.7\.$2\.0=//p"; }

wait_for 5 test -s "$T/traps"
n=$(traps "$T/mnt" | grep -c .)
is "$n" 1 "75% at start: one notification (re-sent at connect)"
line=$(traps "$T/mnt" | tail -1)
is "$(field "$line" 6)" 1 "  its new status is warning(1)"

# Past 90%: critical, once.
: >"$T/traps"
fill 15
wait_samples 4
n=$(traps "$T/mnt" | grep -c .)
is "$n" 1 "filled past 90%: exactly one notification"
line=$(traps "$T/mnt" | tail -1)
echo "# $line"
idx=$(swalk SENSE-UTILIZATION-MIB::senseDiskPath -Oqs |
    awk -v p="$T/mnt" '$2 == p { sub(/.*\./, "", $1); print $1 }')
is "$(field "$line" 1)" 5 "  senseNotifyMetric = disk(5)"
is "$(field "$line" 3)" "$root.1.5.1.1.14.$idx" \
    "  senseNotifyInstance = senseDiskStatus.$idx"
is "$(field "$line" 4)" 9375 "  senseNotifyValue = 93.75%"
is "$(field "$line" 5)" 1 "  senseNotifyOldStatus = warning(1)"
is "$(field "$line" 6)" 2 "  senseNotifyNewStatus = critical(2)"
is "$(sget senseDiskStatus.$idx)" critical "  senseDiskStatus is critical"
like "$(sget senseDiskLastChange.$idx)" "^$(date -u +%Y-%-m-%-d)," \
    "  senseDiskLastChange is today (UTC)"

# A10: the state holds -- no more notifications.
: >"$T/traps"
wait_samples 3
is "$(traps "$T/mnt" | grep -c .)" 0 "a state that holds sends nothing"

# SIGHUP with a lowered memory threshold: memory goes critical, once.
agent_conf "$mnt_conf" \
    "$no_cpu memory = { warning = \"0.001\"; critical = \"0.002\"; };"
kill -HUP "$AGENT_PID"
wait_for 10 grep -qF "$root.1.7.2.0=\"memory\"|" "$T/traps"
wait_samples 2
n=$(traps memory | grep -c .)
is "$n" 1 "SIGHUP, lower threshold: one notification for memory"
line=$(traps memory | tail -1)
is "$(field "$line" 1) $(field "$line" 5) $(field "$line" 6)" "3 0 2" \
    "  memory(3), ok(0) -> critical(2)"
is "$(sget senseMemCritical.0)" "0.002" "senseMemCritical shows the new range"

# A broken file on SIGHUP: refused, the running configuration stays.
printf 'agent = { interval = ; };\n' >"$T/sense.conf"
kill -HUP "$AGENT_PID"
wait_for 10 grep -q "reload failed" "$T/agent.log"
ok $? "a broken sense.conf on SIGHUP is refused"
like "$(grep "reload failed" "$T/agent.log")" "sense.conf:1: syntax error" \
    "  and the log names file:line"
kill -0 "$AGENT_PID"
ok $? "  the agent keeps running"
is "$(sget senseMemCritical.0)" "0.002" "  with the previous configuration"

# Back to ok: one notification.
: >"$T/traps"
fill 1
wait_samples 3
n=$(traps "$T/mnt" | grep -c .)
is "$n" 1 "emptied: one notification"
line=$(traps "$T/mnt" | tail -1)
is "$(field "$line" 5) $(field "$line" 6)" "2 0" "  critical(2) -> ok(0)"

agent_stop
is "$AGENT_RC" 0 "SIGTERM: clean exit"
no_asan_report "$T/agent.err"
ok $? "no sanitizer report"
done_testing
