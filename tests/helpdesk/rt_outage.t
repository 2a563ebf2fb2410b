#!/usr/bin/env bash
# The outbox when RT is down or sense crashes, against a real RT 5 of the
# test's own: T6 (PROBLEM and RECOVERY while rt-server is stopped: notify
# exits 0 at once, both wait in order, afterwards exactly one resolved
# RT ticket), a crash between "sent" and "recorded" (no second ticket),
# five concurrent deliveries for one key (one ticket).
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/helpdesk/lib.bash"
rt_available || skip_all "Request Tracker 5 not installed (tests/lib/deps.sh)"
rt_template || skip_all "RT database template failed"
rt_start
ok $? "rt-server answers on 127.0.0.1:$RT_PORT"
printf 'user = root\npassword = %s\n' "$RT_PASS" >"$tmp/rt.secret"
chmod 600 "$tmp/rt.secret"
cat >"$conf" <<EOC
helpdesk = {
	budget_ms = 2000;
	timeout_ms = 3000;
	backoff_min = 60;
	rt = { url = "$(RT_URL)"; queue = "Monitoring";
	       secrets = "$tmp/rt.secret"; };
};
EOC
field() {
	printf '%s' "$1" | python3 -c "import json,sys; t=json.load(sys.stdin)
print($2)"
}
# Wait until no detached delivery of notify holds a lease.
settle() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(q "SELECT count(*) FROM ob_deliveries WHERE lease_owner
		    IS NOT NULL")" = 0 ] && return
		sleep 0.1
	done
}

# --- T6: the helpdesk refuses connections
rt_stop
ms() { echo $((($(date +%s%N) - t0) / 1000000)); }
t0=$(date +%s%N)
notify PROBLEM disk CRITICAL 1000 'DISK CRITICAL - 95%'
rc=$?
is "$rc" 0 "T6 PROBLEM while RT is down: exit 0"
ok $(($(ms) > 1000)) "T6 ... at once ($(ms) ms)"
t0=$(date +%s%N)
notify RECOVERY disk OK 1060 'DISK OK - 40%'
is "$?" 0 "T6 RECOVERY while RT is down: exit 0"
ok $(($(ms) > 1000)) "T6 ... at once ($(ms) ms)"
settle
is "$(q "SELECT group_concat(c.action, ',') FROM ob_deliveries d JOIN
    ob_changes c ON c.id = d.change WHERE d.state = 'pending'
    ORDER BY d.id")" "open,resolve" "T6 both wait in the outbox, in order"
j=$(tk outbox --json)
is "$(field "$j" 'len(t), t[0]["attempts"] >= 1, "refused" in
    (t[0]["error"] or "").lower() or "connect" in (t[0]["error"] or "")')" \
    "2 True True" "T6 outbox --json shows the tries and the reason"
tk deliver >"$tmp/out"
like "$(cat "$tmp/out")" "delivered 0, .* 2 pending" \
    "T6 deliver during the backoff leaves them waiting"
rt_start
ok $? "T6 rt-server back"
tk deliver --now >"$tmp/out"
like "$(cat "$tmp/out")" "^delivered 2, .* 0 pending" \
    "T6 deliver --now delivers both"
is "$(rtq count)" 1 "T6 exactly one RT ticket"
is "$(field "$(rtq show sense:1)" 't["status"]')" resolved \
    "T6 and it is resolved"

# --- a crash between "sent" and "recorded"
sed -i 's/budget_ms = 2000/budget_ms = 0/' "$conf"
notify PROBLEM mem CRITICAL 2000 'MEM CRITICAL'
SENSE_OB_TEST_CRASH=rt-created tk deliver >/dev/null 2>&1
is "$?" 137 "deliver killed right after RT created the ticket"
is "$(q "SELECT count(*) FROM ob_remote")" 1 \
    "the key map does not know the new ticket"
is "$(q "SELECT state FROM ob_deliveries ORDER BY id DESC LIMIT 1")" \
    pending "the delivery is still pending"
tk deliver >/dev/null
is "$(field "$(rtq show sense:2)" 't["history"].count("Create")')" 1 \
    "the next deliver finds RT's ticket by its key: no second one"
is "$(rtq count)" 2 "two sense tickets, two RT tickets"
is "$(q "SELECT count(*) FROM ob_remote")" 2 "the map learnt it"

# --- five concurrent deliveries for one key
notify PROBLEM swap WARNING 3000 'SWAP WARNING'
notify PROBLEM swap CRITICAL 3010 'SWAP CRITICAL'
notify RECOVERY swap OK 3020 'SWAP OK'
pids=()
for i in 1 2 3 4 5; do
	tk deliver --quiet &
	pids+=($!)
done
rcs=0
for p in "${pids[@]}"; do wait "$p" || rcs=$((rcs + 1)); done
is "$rcs" 0 "five concurrent deliver processes exit 0"
tk deliver --now --quiet
j=$(rtq show sense:3)
is "$(field "$j" 't["history"].count("Create"), t["status"]')" \
    "1 resolved" "one RT ticket for the key, resolved"
is "$(field "$j" 't["history"].count("Correspond")')" 1 \
    "the escalation corresponded once"
is "$(rtq count)" 3 "three sense tickets, three RT tickets"
is "$(q "SELECT count(*) FROM ob_deliveries WHERE state <> 'done'")" 0 \
    "outbox empty"
is "$(q 'PRAGMA integrity_check')" ok "store integrity"
done_testing
