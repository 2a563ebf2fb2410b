#!/usr/bin/env bash
# What keeps a notify process cheap (issue 4's benchmark), checked on
# the real binaries:
#   - sense-ticket links no libcurl; delivery is sense-ticket-deliver's,
#     and `sense-ticket deliver` runs it;
#   - a notify that queues nothing starts no delivery process, one that
#     queues something starts it detached and returns at once;
#   - the WAL stays short (checkpointed by every tenth or so notify),
#     and the store is sound after hundreds of notifications;
#   - a writer that cannot get the queue lock within busy_timeout goes
#     on to SQLite's own lock instead of waiting for good.
source "$SENSE_TOP/tests/lib/tap.sh"
T=$SENSE_BUILD/sense-ticket
D=$SENSE_BUILD/sense-ticket-deliver
[ -x "$T" ] && [ -x "$D" ] || skip_all "sense-ticket not built"
command -v sqlite3 >/dev/null || skip_all "sqlite3 CLI missing"
command -v flock >/dev/null || skip_all "flock(1) missing"
tmp=$(mktemp -d /tmp/sense-ticket-path.XXXXXX)
cleanup "rm -rf '$tmp'"
db=$tmp/t.db
conf=$tmp/sense.conf
: >"$conf"
export SENSE_CONF=$conf
tk() { "$T" --db "$db" "$@"; }
q() { sqlite3 -cmd '.timeout 5000' "$db" "$1"; }
notify() {	# notify SERVICE TIME [STATE]
	tk notify --type PROBLEM --host web01 --service "$1" \
	    --state "${3:-CRITICAL}" --state-type HARD --time "$2" \
	    --output "$1 at $2"
}

# --- no libcurl on the notify path
is "$(ldd "$T" | grep -c curl)" 0 "sense-ticket does not link libcurl"
ldd "$D" | grep -q curl
ok $? "sense-ticket-deliver does"
tk list >/dev/null
is "$(tk deliver)" \
    "delivered 0, retry later 0, failed 0; outbox: 0 pending, 0 failed" \
    "sense-ticket deliver runs sense-ticket-deliver"

# --- a delivery process only when the transaction queued something:
# the hook sink stays absent, so a started delivery leaves its attempt
# (and the lease owner's pid) in the outbox.
port=$(free_port)
cat >"$conf" <<EOC
helpdesk = { budget_ms = 1000; timeout_ms = 200; backoff_min = 1;
  webhook = { url = "http://127.0.0.1:$port/"; }; };
EOC
notify disk 1000
for _ in $(seq 50); do
	[ "$(q 'SELECT attempts FROM ob_deliveries')" = 1 ] && break
	sleep 0.1
done
is "$(q 'SELECT attempts FROM ob_deliveries')" 1 \
    "a notify that queued a change started a delivery"
sleep 1.2	# the delivery is due again (backoff_min): a delivery
		# process started now would try it a second time
notify disk 1000	# the same notification: a duplicate
sleep 1.5
is "$(q "SELECT count(*) || ':' || max(attempts) FROM ob_deliveries")" \
    "1:1" "a duplicate queues nothing and starts no delivery"
start=$(date +%s%N)
notify disk 1010 WARNING
ms=$((($(date +%s%N) - start) / 1000000))
ok $((ms > 900)) "notify returns at once (${ms} ms) while the delivery runs"
: >"$conf"

# --- the WAL stays short; the store stays sound
for i in $(seq 1 300); do
	notify "svc $((i % 40))" $((2000 + i)) || break
done
# (before any sqlite3 CLI, which checkpoints and removes the WAL)
wal=$(stat -c %s "$db-wal" 2>/dev/null)
[[ $wal =~ ^[0-9]+$ ]] && ((wal <= 100 * 4120))
ok $? "the WAL stays under 100 frames (${wal:-no WAL} bytes)"
is "$(q 'SELECT sum(events) FROM tickets WHERE service LIKE "svc %"')" \
    300 "300 notifications, 300 events"
is "$(q 'PRAGMA integrity_check')" ok "integrity_check ok"

# --- the writers' queue gives up after busy_timeout, SQLite decides
printf 'tickets = { busy_timeout = 500; };\n' >"$conf"
flock "$db-lock" sleep 4 &
holder=$!
cleanup "kill $holder 2>/dev/null"
sleep 0.3
start=$(date +%s%N)
notify queue 5000
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
is "$rc" 0 "notify with the queue lock held elsewhere still records"
ok $((ms < 400 || ms > 2500)) "after waiting about busy_timeout (${ms} ms)"
is "$(q "SELECT count(*) FROM tickets WHERE service = 'queue'")" 1 \
    "the ticket is there"
done_testing
