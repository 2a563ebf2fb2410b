#!/usr/bin/env bash
# A real Icinga 2 (Debian's package, no systemd) on a config tree under a
# temporary directory, with sense's shipped conf/icinga2 files: the
# check_sense_disk plugin as a CheckCommand and sense-ticket as the
# NotificationCommand.
#   - icinga2 daemon -C validates the shipped files;
#   - a tmpfs filled past 90% -> exactly one ticket, urgency 2 (two
#     Notification objects deliver every event twice: T1 for real);
#   - an acknowledgement through the external command pipe marks it;
#   - emptying the tmpfs resolves it;
#   - a host DOWN -> urgency 1;
#   - a 200 KiB plugin output survives Icinga's argument limit (T4);
#   - a hostile service name and output arrive byte for byte (T3, T5);
#   - T2: a recovery hidden by a downtime; the end of the downtime,
#     showing OK, resolves the ticket.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/ticket/icinga.sh"
T=$SENSE_BUILD/sense-ticket
DISK=$SENSE_BUILD/check_sense_disk
[ -x "$T" ] || skip_all "sense-ticket not built"
[ -x "$DISK" ] || skip_all "check_sense_disk not built"
icinga_can_run || skip_all "needs root and Debian's icinga2"
command -v sqlite3 >/dev/null || skip_all "sqlite3 CLI missing"

d=$(mktemp -d /tmp/sense-icinga.XXXXXX)
cleanup "rm -rf '$d'"
chmod 755 "$d"		# the daemon runs as nagios
mkdir -p "$d/mnt" "$d/db"
bin=$(icinga_stage "$d")
mount -t tmpfs -o size=1m,mode=0755 sense-test "$d/mnt" ||
    skip_all "cannot mount a tmpfs"
cleanup "umount '$d/mnt'"
db=$d/db/tickets.db
: >"$d/empty.conf"
export SENSE_CONF=$d/empty.conf

# --- the shipped files alone validate
mkdir -p "$d/plain"
icinga_tree "$d/plain" ""
icinga_validate "$d/plain"
ok $? "icinga2 daemon -C accepts conf/icinga2/*.conf"
grep -q 'Instantiated 2 NotificationCommands' "$d/plain/validate.log"
ok $? "both NotificationCommands are defined"
grep -q 'CheckCommands' "$d/plain/validate.log" &&
    for c in sense-cpu sense-mem sense-disk sense-net; do
	    grep -q "object CheckCommand \"$c\"" \
		"$SENSE_TOP/conf/icinga2/commands.conf" || exit 1
    done
ok $? "CheckCommands sense-cpu, -mem, -disk, -net shipped"

# --- the monitored objects of this test
hostile_svc='Disk C:\ "data"; 95%'
echo 2 >"$d/hostile.state"
echo 2 >"$d/dt.state"
cat >"$d/objects.conf" <<EOF
object HostGroup "prod" { }
template Host "sense-test-host" {
	max_check_attempts = 1
	check_interval = 1s
	retry_interval = 1s
	vars.sense_ticket = true
	vars.sense_ticket_bin = "$bin/sense-ticket"
	vars.sense_ticket_db = "$db"
	vars.sense_ticket_config = "$d/empty.conf"
	vars.sense_plugin_dir = "$bin"
}
object Host "sense-web" {
	import "sense-test-host"
	check_command = "dummy"
	groups = [ "prod" ]
	vars.team = "web"
}
object Host "sense-down" {
	import "sense-test-host"
	check_command = "dummy"
	enable_active_checks = false
}
template Service "sense-test-svc" {
	host_name = "sense-web"
	max_check_attempts = 1
	check_interval = 1s
	retry_interval = 1s
}
object Service "disk" {
	import "sense-test-svc"
	check_command = "sense-disk"
	vars.sense_disk_path = [ "$d/mnt" ]
}
object CheckCommand "sense-test-big" {
	command = [ "/usr/bin/python3", "-c",
	  "import sys; sys.stdout.write('BIG CRITICAL ' + ('\\\\u00fc' * 60 + '\\\\n') * 1700); sys.exit(2)" ]
}
object Service "big" {
	import "sense-test-svc"
	check_command = "sense-test-big"
}
object CheckCommand "sense-test-hostile" {
	command = [ "/usr/bin/python3", "-c",
	  "import sys; s = int(open(sys.argv[1]).read()); sys.stdout.buffer.write(b'DISK CRITICAL - C:\\\\\\\\ 99% \"full\"\\\\tnext\\\\nline \\\\xc3\\\\xbcmlaut <b>&amp;' if s else b'DISK OK'); sys.exit(s)",
	  "$d/hostile.state" ]
}
object Service "$(printf '%s' "$hostile_svc" | sed 's/\\/\\\\/g; s/"/\\"/g')" {
	import "sense-test-svc"
	check_command = "sense-test-hostile"
}
object CheckCommand "sense-test-state" {
	command = [ "/usr/bin/python3", "-c",
	  "import sys; s = int(open(sys.argv[1]).read()); print(['OK', 'WARNING', 'CRITICAL'][s] + ' - state file'); sys.exit(s)",
	  "$d/dt.state" ]
}
object Service "dt" {
	import "sense-test-svc"
	check_command = "sense-test-state"
}
/* A second notification object: every event is delivered twice. */
apply Notification "sense-ticket-copy" to Service {
	import "sense-ticket"
	command = "sense-ticket-service"
	states = [ OK, Warning, Critical, Unknown ]
	assign where service.name == "disk"
}
EOF
icinga_tree "$d/run1" "include \"$d/objects.conf\""
icinga_validate "$d/run1" || diag "$(tail -20 "$d/run1/validate.log")"
chown nagios:nagios "$d/db" "$d/empty.conf"
chown -R nagios:nagios "$d/db"
chmod 755 "$d" "$d/mnt"
icinga_start "$d/run1"
ok $? "icinga2 started (umbrella PID $ICINGA_PID)"
cleanup icinga_stop
# read-only: never create the store as root before the daemon does
q() { sqlite3 -readonly "$db" "$1" 2>/dev/null; }
# col COLUMN HOST SERVICE: one column of the newest ticket of a key.
col() {
	local h=${2//\'/\'\'} s=${3//\'/\'\'}
	q "SELECT $1 FROM tickets WHERE host = '$h' AND service = '$s'
	    ORDER BY id DESC LIMIT 1"
}
disk_q() { col "$1" sense-web disk; }

# --- the disk goes CRITICAL for real
wait_for 20 'grep -q "check_sense_disk.*terminated with exit code 0" \
    "$d/run1/log/icinga2.log"'
ok $? "Icinga runs check_sense_disk on the tmpfs (OK)"
dd if=/dev/zero of="$d/mnt/fill" bs=1k count=950 2>/dev/null
"$DISK" --path "$d/mnt" >"$d/disk.out"
rc=$?
is "$rc" 2 "check_sense_disk on the filled tmpfs says CRITICAL"
python3 "$SENSE_TOP/tests/lib/perfcheck.py" --exit 2 <"$d/disk.out"
ok $? "its output is valid plugin output"
wait_for 20 'test "$(disk_q status)" = open'
ok $? "the CRITICAL disk opened a ticket"
sleep 1.5	# time for the second notification object's copy
is "$(q "SELECT count(*) FROM tickets WHERE service = 'disk'")" 1 \
    "exactly one ticket for the disk"
is "$(disk_q "urgency || ' ' || state || ' ' || events")" "2 CRITICAL 1" \
    "urgency 2, CRITICAL, one event"
is "$(q "SELECT count(*) FROM history WHERE service = 'disk'
    AND action = 'duplicate'")" 1 \
    "the second delivery of the same event is a duplicate"

# --- acknowledgement through the external command pipe
icinga_cmd "$d/run1" \
    'ACKNOWLEDGE_SVC_PROBLEM;sense-web;disk;2;1;0;alice;on it "now"'
wait_for 20 'test "$(disk_q status)" = acknowledged'
ok $? "the acknowledgement marks the ticket"
is "$(disk_q "ack_author || '|' || ack_comment")" 'alice|on it "now"' \
    "author and comment recorded"

# --- recovery
rm -f "$d/mnt/fill"
wait_for 20 'test "$(disk_q status)" = resolved'
ok $? "the recovery resolves the ticket"
is "$(disk_q "urgency || ' ' || state")" "2 OK" \
    "resolved with its urgency kept, state OK"

# --- host DOWN
icinga_cmd "$d/run1" \
    'PROCESS_HOST_CHECK_RESULT;sense-down;1;PING CRITICAL - 100% loss'
wait_for 20 'test "$(col status sense-down "")" = open'
ok $? "a host DOWN opens a host ticket"
is "$(q "SELECT urgency FROM tickets WHERE host = 'sense-down'")" 1 \
    "the host ticket has urgency 1"

# --- T4: 200 KiB plugin output through Icinga
wait_for 20 'test "$(col truncated sense-web big)" = 1'
ok $? "T4 a 200 KiB output reaches sense-ticket (truncated, marked)"
like "$(q "SELECT output FROM tickets WHERE service = 'big'" | tail -1)" \
    'truncated: [0-9]+ of 20[0-9]{4} bytes' \
    "T4 the mark gives Icinga's full length"

# --- T3/T5: hostile name and output, then recovery of the same key
esc=${hostile_svc//\'/\'\'}
wait_for 20 'test "$(col status sense-web "$hostile_svc")" = open'
ok $? "T3 a ticket for service '$hostile_svc'"
want=$(printf 'DISK CRITICAL - C:\\ 99%% "full"\tnext\nline \xc3\xbcmlaut <b>&amp;' |
    od -An -tx1 | tr -d ' \n' | tr a-f A-F)
is "$(q "SELECT hex(output) FROM tickets WHERE service = '$esc'")" \
    "$want" "T5 the output arrived byte for byte"
echo 0 >"$d/hostile.state"
wait_for 20 'test "$(col status sense-web "$hostile_svc")" = resolved'
ok $? "T3 the recovery resolves the same ticket"
is "$(q "SELECT count(*) FROM tickets WHERE service = '$esc'")" 1 \
    "T3 one ticket for that key"

# --- T2: the recovery happens inside a downtime; ending the downtime
# (DEL_DOWNTIME: Icinga 2 sends it as DOWNTIMEEND) carries the OK state
wait_for 20 'test "$(col status sense-web dt)" = open'
ok $? "T2 the dt service's CRITICAL opened a ticket"
now=$(date +%s)
icinga_cmd "$d/run1" \
    "SCHEDULE_SVC_DOWNTIME;sense-web;dt;$now;$((now + 3600));1;0;0;tester;maintenance"
wait_for 20 'test "$(col downtime sense-web dt)" = 1'
ok $? "T2 DOWNTIMESTART is noted on the ticket"
echo 0 >"$d/dt.state"
sleep 3		# the service is OK now; Icinga holds back the RECOVERY
is "$(col status sense-web dt)" "open" \
    "T2 no recovery reaches the ticket during the downtime"
icinga_cmd "$d/run1" "DEL_DOWNTIME_BY_HOST_NAME;sense-web"
wait_for 20 'test "$(col status sense-web dt)" = resolved'
ok $? "T2 the end of the downtime, showing OK, resolves the ticket"
diag "T2 resolved by: $(q "SELECT type || ' ' || state FROM history
    WHERE service = 'dt' AND action = 'resolve'")"

# Every sense-ticket run Icinga made exited 0 (Icinga logs a warning
# from PluginNotificationTask for any other exit code).
bad=$(grep -a "warning/PluginNotificationTask" "$d/run1/log/icinga2.log" |
    cut -c1-300 | head -2)
is "$bad" "" "every sense-ticket run exited 0"
diag "deliveries recorded: $(q 'SELECT count(*) FROM history')"
icinga_stop
ok $? "icinga2 stopped by signalling its umbrella PID"
done_testing
