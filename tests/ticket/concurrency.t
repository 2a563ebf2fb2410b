#!/usr/bin/env bash
# Concurrent notify processes never duplicate or lose a ticket:
#   - 200 simultaneous PROBLEMs for one service plus one each for 60
#     services -> 1 + 60 tickets, 260 events recorded;
#   - T1: one host DOWN delivered three times at once (three contacts)
#     plus 60 service PROBLEMs -> 1 + 60 tickets, the copies add nothing.
# All processes are released at once by opening a FIFO for writing.
source "$SENSE_TOP/tests/lib/tap.sh"
T=$SENSE_BUILD/sense-ticket
[ -x "$T" ] || skip_all "sense-ticket not built"
command -v sqlite3 >/dev/null || skip_all "sqlite3 CLI missing"
tmp=$(mktemp -d /tmp/sense-ticket-conc.XXXXXX)
cleanup "rm -rf '$tmp'"
: >"$tmp/empty.conf"
export SENSE_CONF=$tmp/empty.conf

# spawn DB ID ARGS...: one notify process, blocked until the gate opens;
# its exit code lands in $tmp/rc.ID.
spawn() {
	local db=$1 id=$2
	shift 2
	(
		: <"$tmp/gate"
		"$T" --db "$db" notify "$@" 2>"$tmp/err.$id"
		echo $? >"$tmp/rc.$id"
	) &
}

# run_all: open the gate, wait for every child, count failures.
run_all() {
	local t0 t1
	t0=$(date +%s.%N)
	exec 3>"$tmp/gate"
	wait
	exec 3>&-
	t1=$(date +%s.%N)
	diag "$1: $(python3 -c "print(round($t1 - $t0, 2))") s"
	fails=$(cat "$tmp"/rc.* | grep -vc '^0$')
	errs=$(cat "$tmp"/err.* | head -3)
	rm -f "$tmp"/rc.* "$tmp"/err.*
}

q() { sqlite3 "$1" "$2"; }

# --- 200 + 60
db=$tmp/a.db
mkfifo "$tmp/gate"
"$T" --db "$db" list >/dev/null	# create the store first, as a real
				# installation would have it
# The newest event (200) is a CRITICAL one: whatever order the processes
# run in, it is never stale, so the ticket ends at CRITICAL's urgency
# (with i % 3, a WARNING newest applied before every CRITICAL made
# them all stale, and the test failed one run in four).
for i in $(seq 1 200); do
	spawn "$db" "one$i" --type PROBLEM --host app01 --service queue \
	    --state "$([ $((i % 4)) -eq 0 ] && echo CRITICAL || echo WARNING)" \
	    --state-type HARD --time $((100000 + i)) --output "queue depth $i"
done
for i in $(seq 1 60); do
	spawn "$db" "svc$i" --type PROBLEM --host "web$((i % 7))" \
	    --service "svc $i" --state CRITICAL --state-type HARD \
	    --time 100000 --output "svc $i down"
done
run_all "260 processes"
is "$fails" 0 "all 260 notify processes exit 0"
[ -z "$errs" ] || diag "$errs"
is "$(q "$db" 'SELECT count(*) FROM tickets')" 61 "1 + 60 tickets"
is "$(q "$db" "SELECT count(*) FROM tickets WHERE host = 'app01'")" 1 \
    "exactly one ticket for the one service"
is "$(q "$db" 'SELECT count(*) FROM history')" 260 "260 events recorded"
is "$(q "$db" 'SELECT sum(events) FROM tickets')" 260 \
    "no update lost: the tickets count 260 events"
is "$(q "$db" "SELECT events, urgency, status FROM tickets
    WHERE host = 'app01'")" "200|2|open" \
    "the service's ticket: 200 events, escalated to CRITICAL's urgency"
is "$(q "$db" "SELECT output FROM tickets WHERE host = 'app01'")" \
    "queue depth 200" "its output is the newest event's, whatever the order"
is "$(q "$db" "SELECT count(*) FROM history WHERE action = 'open'")" 61 \
    "61 opens, no duplicate ticket"

# --- T1: three copies of one event plus 60 services
db=$tmp/b.db
"$T" --db "$db" list >/dev/null
for i in 1 2 3; do
	spawn "$db" "copy$i" --type PROBLEM --host sw01 --state DOWN \
	    --state-type HARD --time 200000 --output 'PING CRITICAL - 100% loss'
done
for i in $(seq 1 60); do
	spawn "$db" "svc$i" --type PROBLEM --host "db$i" --service mysql \
	    --state CRITICAL --state-type HARD --time 200000 \
	    --output "mysql $i"
done
run_all "63 processes"
is "$fails" 0 "T1: all 63 notify processes exit 0"
is "$(q "$db" "SELECT count(*) FROM tickets WHERE host = 'sw01'")" 1 \
    "T1: exactly 1 ticket for sw01"
is "$(q "$db" "SELECT events, urgency FROM tickets WHERE host = 'sw01'")" \
    "1|1" "T1: the copies add nothing (1 event, urgency 1)"
is "$(q "$db" "SELECT count(*) FROM tickets WHERE service = 'mysql'")" 60 \
    "T1: 60 service tickets"
is "$(q "$db" "SELECT count(*) FROM history WHERE action = 'duplicate'")" \
    2 "T1: the two copies are recorded as duplicates"

# --- a store created by many first-time processes at once
db=$tmp/c.db
for i in $(seq 1 20); do
	spawn "$db" "first$i" --type PROBLEM --host "h$i" --state DOWN \
	    --time 300000
done
run_all "20 first-time processes"
is "$fails" 0 "20 processes creating the store at once all succeed"
is "$(q "$db" 'SELECT count(*) FROM tickets')" 20 "20 tickets"
schema=$("$T" --version | sed -n 's/.*store schema \([0-9]*\).*/\1/p')
is "$(q "$db" 'PRAGMA user_version')" "$schema" "the schema is this build's"
done_testing
