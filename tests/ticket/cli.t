#!/usr/bin/env bash
# sense-ticket's command line: notify from options and from the Nagios
# environment, malformed input (one-line error naming the field, exit 2,
# kept as a dead letter), hostile and huge text kept exactly (T4, T5),
# T8, list/show/ack/close in text and JSON, -n with file:line errors.
source "$SENSE_TOP/tests/lib/tap.sh"
T=$SENSE_BUILD/sense-ticket
[ -x "$T" ] || skip_all "sense-ticket not built"
command -v sqlite3 >/dev/null || skip_all "sqlite3 CLI missing"
tmp=$(mktemp -d /tmp/sense-ticket-cli.XXXXXX)
cleanup "rm -rf '$tmp'"
db=$tmp/t.db
: >"$tmp/empty.conf"
export SENSE_CONF=$tmp/empty.conf	# /etc/sense/sense.conf plays no part
tk() { "$T" --db "$db" "$@"; }
q() { sqlite3 "$db" "$1"; }
json_ok() { python3 -c 'import json,sys; json.load(sys.stdin)'; }

# --- T8: a recovery without a ticket: nothing, exit 0
tk notify --type RECOVERY --host web09 --service http --state OK \
    --state-type HARD --time 1000 --output 'HTTP OK' 2>"$tmp/err"
is "$?" 0 "T8 recovery without a ticket exits 0"
is "$(q 'SELECT count(*) FROM tickets')" 0 "T8 no ticket created"
is "$(cat "$tmp/err")" "" "T8 nothing on stderr"

# --- T5: hostile text stored byte for byte
svc='Disk C:\'
out=$(printf 'DISK CRITICAL - C:\\ 99%% "full"\tnext\nline \xc3\xbcmlaut <b>&amp;')
out2=$(printf 'bytes \xff\xfe here')
tk notify --type PROBLEM --host 'web01' --service "$svc" --state CRITICAL \
    --state-type HARD --time 1001 --output "$out"
is "$?" 0 "T5 hostile output accepted"
want=$(printf '%s' "$out" | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
is "$(q "SELECT hex(output) FROM tickets WHERE service = 'Disk C:\\'")" \
    "$want" "T5 output stored exactly (quotes, tab, newline, UTF-8, HTML)"
is "$(q "SELECT service FROM tickets WHERE id = 1")" "$svc" \
    "T5 service name with a backslash kept"
tk notify --type PROBLEM --host 'web01' --service 'bin' --state WARNING \
    --state-type HARD --time 1002 --output "$out2"
want=$(printf '%s' "$out2" | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
is "$(q "SELECT hex(output) FROM tickets WHERE service = 'bin'")" "$want" \
    "T5 invalid UTF-8 bytes 0xFF 0xFE stored exactly"
j=$(tk list --json)
printf '%s' "$j" | json_ok
ok $? "list --json is valid JSON with hostile text"
py=$(printf '%s' "$j" | python3 -c '
import json, sys
t = {x["service"]: x for x in json.load(sys.stdin)}
print(t["bin"]["output"] == "bytes \ufffd\ufffd here",
      t["Disk C:\\"]["output"].startswith("DISK CRITICAL - C:\\ 99% \"full\"\t"))')
is "$py" "True True" "JSON: invalid bytes are U+FFFD, escapes round-trip"
txt=$(tk show 2)
like "$txt" 'bytes \\xff\\xfe here' "show (text) escapes invalid bytes"

# --- values that look like options are data too
tk notify --type PROBLEM --host -x --service -- --state CRITICAL \
    --output --db --time 1002
is "$(q "SELECT host || '|' || service || '|' || output FROM tickets
    WHERE host = '-x'")" "-x|--|--db" "option-like values are data"

# --- T4: 127 KiB as an argument, 200 KiB (multi-line) on stdin
big127=$(python3 -c 'import sys; sys.stdout.write("A" + "\u00fc" * (127 * 512))')
tk notify --type PROBLEM --host web02 --service big127 --state CRITICAL \
    --time 1003 --output "$big127"
is "$?" 0 "T4 127 KiB output as an argument"
python3 -c '
import sys
sys.stdout.write("BIG " + ("x\u00e9\u20ac" * 30 + "\n") * 2200)' >"$tmp/big"
tk notify --type PROBLEM --host web02 --service big200 --state CRITICAL \
    --time 1004 --output-file - <"$tmp/big"
is "$?" 0 "T4 200 KiB output on stdin (--output-file -)"
for s in big127 big200; do
	t=$(q "SELECT truncated, length(output) <= 65536 + 64 FROM tickets
	    WHERE service = '$s'")
	is "$t" "1|1" "T4 $s truncated and marked"
	q "SELECT output FROM tickets WHERE service = '$s'" >"$tmp/o"
	python3 - "$tmp/o" <<'PY'
import sys
b = open(sys.argv[1], "rb").read()
i = b.index(b"\n[... truncated: ")
b[:i].decode("utf-8")		# raises if cut inside a character
PY
	ok $? "T4 $s cut at a UTF-8 boundary"
done
like "$(q "SELECT output FROM tickets WHERE service = 'big200'" | tail -1)" \
    'truncated: [0-9]+ of [0-9]+ bytes' "T4 the mark says what was kept"

# --- malformed input: one line on stderr naming the field, exit 2,
# the raw notification kept
n0=$(q 'SELECT count(*) FROM dead_letters')
tk notify --type PROBLEM --host web03 --service x --state FULL \
    --output 'raw "kept"' 2>"$tmp/err"
is "$?" 2 "malformed state: exit 2"
is "$(wc -l <"$tmp/err")" 1 "one line on stderr"
like "$(cat "$tmp/err")" "field 'state'" "the error names the field"
tk notify --type PROBLEM --service x --state CRITICAL 2>"$tmp/err"
like "$(cat "$tmp/err")" "field 'host' is missing" "missing host named"
tk notify --type PROBLEM --host h --state DOWN --time soon 2>"$tmp/err"
like "$(cat "$tmp/err")" "field 'time'" "malformed time named"
tk notify --host h --state DOWN 2>"$tmp/err"
like "$(cat "$tmp/err")" "field 'type' is missing" "missing type named"
is "$(q 'SELECT count(*) FROM dead_letters')" "$((n0 + 4))" \
    "every malformed notification is a dead letter"
like "$(q "SELECT hex(raw) FROM dead_letters ORDER BY id LIMIT 1")" \
    "7261772022" "the raw bytes are kept (hex of 'raw \"')"
NAGIOS_NOTIFICATIONTYPE=PROBLEM NAGIOS_HOSTNAME=h9 \
    NAGIOS_SERVICEDESC=s NAGIOS_SERVICESTATE=BAD tk notify 2>/dev/null
is "$?" 2 "malformed Nagios environment: exit 2"
like "$(q "SELECT hex(raw) FROM dead_letters ORDER BY id DESC LIMIT 1")" \
    "$(printf 'env:NAGIOS_SERVICESTATE=BAD' | od -An -tx1 |
    tr -d ' \n' | tr a-f A-F)" "the environment is kept in the dead letter"

# --- Nagios 4 environment macros (enable_environment_macros=1)
env NAGIOS_NOTIFICATIONTYPE=PROBLEM NAGIOS_HOSTNAME=nag01 \
    NAGIOS_SERVICEDESC=load NAGIOS_SERVICESTATE=CRITICAL \
    NAGIOS_SERVICESTATETYPE=HARD NAGIOS_HOSTSTATE=UP \
    NAGIOS_TIMET=2000 NAGIOS_LASTSERVICECHECK=1999 \
    NAGIOS_SERVICEOUTPUT='LOAD CRITICAL' NAGIOS_LONGSERVICEOUTPUT='detail' \
    NAGIOS__SERVICESENSE_IMPACT=payment "$T" --db "$db" notify
is "$?" 0 "Nagios environment notification"
is "$(q "SELECT urgency, state, opened, output FROM tickets
    WHERE host = 'nag01'")" "1|CRITICAL|1999.0|LOAD CRITICAL
detail" "Nagios: impact from _SERVICESENSE_IMPACT, check time, long output"
env NAGIOS_NOTIFICATIONTYPE=FLAPPINGSTOP NAGIOS_HOSTNAME=nag01 \
    NAGIOS_SERVICEDESC=load NAGIOS_SERVICESTATE=CRITICAL \
    NAGIOS_SERVICESTATETYPE=HARD NAGIOS_TIMET=2001 \
    "$T" --db "$db" notify
is "$(q "SELECT flapping, events FROM tickets WHERE host = 'nag01'")" \
    "0|2" "Nagios FLAPPINGSTOP noted"
env NAGIOS_NOTIFICATIONTYPE=RECOVERY NAGIOS_HOSTNAME=nag01 \
    NAGIOS_SERVICEDESC=load NAGIOS_SERVICESTATE=OK NAGIOS_TIMET=2002 \
    NAGIOS_LASTSERVICECHECK=2002 "$T" --db "$db" notify
is "$(q "SELECT status FROM tickets WHERE host = 'nag01'")" "resolved" \
    "Nagios RECOVERY resolves"

# --- list / show / ack / close
j=$(tk list --json)
printf '%s' "$j" | python3 -c '
import json, sys
for t in json.load(sys.stdin):
    for k in ("id", "host", "service", "status", "urgency", "opened",
              "updated", "resolved", "events"):
        assert k in t, k
    assert t["status"] in ("open", "acknowledged", "resolved")'
ok $? "list --json has id host service status urgency opened updated resolved events"
all=$(tk list --all --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
open=$(tk list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
is "$all" "$((open + 1))" "list leaves out resolved tickets, --all shows them"
tk ack 1 --author bob --comment 'looking' >/dev/null
is "$(q 'SELECT status, ack_author, ack_comment FROM tickets WHERE id = 1')" \
    "acknowledged|bob|looking" "ack ID marks the ticket acknowledged"
tk close 1 >/dev/null
is "$(q 'SELECT status FROM tickets WHERE id = 1')" "resolved" \
    "close ID resolves"
s=$(tk show 1 --json)
printf '%s' "$s" | python3 -c '
import json, sys
t = json.load(sys.stdin)
assert [h["action"] for h in t["history"]] == ["open", "acknowledge", "close"], t["history"]'
ok $? "show --json: the ticket with its history (open, acknowledge, close)"
is "$(tk close 1)" "ticket 1 was already resolved" \
    "closing a resolved ticket says so"
is "$(q 'SELECT count(*) FROM history WHERE ticket = 1')" 3 \
    "  and records nothing"
like "$(tk show 1)" 'history:' "show (text) has the history"
tk show 999 2>"$tmp/err"
is "$?" 1 "show of a missing ticket fails"
like "$(cat "$tmp/err")" 'no ticket 999' "and says so"
tk ack 1 2>/dev/null
is "$?" 1 "a resolved ticket cannot be acknowledged"
tk bogus 2>"$tmp/err"
is "$?" 1 "unknown command: exit 1"
is "$(head -1 "$tmp/err")" "sense-ticket: unknown command 'bogus'" \
    "  naming it"
"$T" --bogus 2>"$tmp/err" >/dev/null
is "$(head -1 "$tmp/err")" "sense-ticket: unknown option --bogus" \
    "an unknown option is named"
"$T" --db 2>"$tmp/err" >/dev/null
is "$(head -1 "$tmp/err")" "sense-ticket: option --db needs a value" \
    "a missing value is named"
like "$("$T" --help)" 'notify' "--help prints the usage"

# --- -n: check sense.conf, errors with file:line
cat >"$tmp/good.conf" <<'EOF'
tickets = {
  db = "/var/lib/sense/tickets.db";
  reopen_window = 1800;
  impact = { ledger = -1; };
  rules = (
    { host = "db*"; state = ["WARNING", "CRITICAL"]; urgency = 1; },
    { vars = { team = "lab" }; ignore = true; }
  );
};
EOF
o=$("$T" -n --config "$tmp/good.conf")
is "$?" 0 "-n accepts a good config"
like "$o" '2 rules, 8 impact classes' "-n reports rules and classes"
printf 'tickets = {\n  rules = (\n    { host = "x"; urgency = 7; }\n  );\n};\n' \
    >"$tmp/bad1.conf"
o=$("$T" -n --config "$tmp/bad1.conf" 2>&1)
is "$?" 1 "-n rejects urgency 7"
like "$o" "bad1.conf:3: 'urgency' must be 1..4" "names file:line"
printf 'tickets = {\n  rules = ( { hots = "x"; urgency = 1; } );\n};\n' \
    >"$tmp/bad2.conf"
like "$("$T" -n --config "$tmp/bad2.conf" 2>&1)" \
    "bad2.conf:2: unknown rule setting 'hots'" "unknown rule key, file:line"
printf 'tickets = {\n  rules = ( { state = "BROKEN"; urgency = 1; } );\n};\n' \
    >"$tmp/bad3.conf"
like "$("$T" -n --config "$tmp/bad3.conf" 2>&1)" \
    "bad3.conf:2: unknown state 'BROKEN'" "unknown state, file:line"
printf 'tickets = {\n  reopen_window = ;\n};\n' >"$tmp/bad4.conf"
like "$("$T" -n --config "$tmp/bad4.conf" 2>&1)" "bad4.conf:2: " \
    "syntax error, file:line"
o=$(SENSE_CONF=$tmp/bad1.conf "$T" --db "$db" notify --type PROBLEM \
    --host cfg --state DOWN 2>&1)
is "$?" 1 "notify with a broken sense.conf fails"
like "$(q "SELECT error FROM dead_letters ORDER BY id DESC LIMIT 1")" \
    "configuration error" "and keeps the notification as a dead letter"
like "$("$T" -n --config "$SENSE_TOP/conf/sense.conf")" 'OK' \
    "the shipped conf/sense.conf passes -n"

# --- the store: WAL, schema version
is "$(q 'PRAGMA journal_mode')" "wal" "the store is in WAL mode"
schema=$("$T" --version | sed -n 's/.*store schema \([0-9]*\).*/\1/p')
is "$(q 'PRAGMA user_version')" "$schema" "the store has this build's schema version"
done_testing
