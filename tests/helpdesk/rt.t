#!/usr/bin/env bash
# The helpdesk outbox against a real Request Tracker 5 (REST 2.0) of the
# test's own on 127.0.0.1: the whole lifecycle (open, escalate, ack,
# resolve, reopen) visible in RT, hostile text (T5) round-tripping
# exactly with invalid bytes as U+FFFD, notify's own delivery after its
# commit, and the secrets file rule.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/helpdesk/lib.bash"
rt_available || skip_all "Request Tracker 5 not installed (tests/lib/deps.sh)"
rt_template || skip_all "RT database template failed: $(tail -3 \
    /tmp/sense-rt-template-$(id -u)-v2/setup.log 2>/dev/null)"
rt_start
ok $? "rt-server answers on 127.0.0.1:$RT_PORT"

printf 'user = root\npassword = %s\n' "$RT_PASS" >"$tmp/rt.secret"
chmod 600 "$tmp/rt.secret"
write_conf() {
	cat >"$conf" <<EOC
helpdesk = {
	budget_ms = $1;
	backoff_min = 1;
	rt = {
		url = "$(RT_URL)";
		queue = "Monitoring";
		priority = [ 100, 80, 50, 20 ];
		secrets = "$tmp/rt.secret";
	};
};
EOC
}
write_conf 0
show() { rtq show "$1"; }
field() {	# field JSON PYTHON-EXPR
	printf '%s' "$1" | python3 -c "import json,sys; t=json.load(sys.stdin)
print($2)"
}

# --- lifecycle: open, escalate, acknowledge, resolve, reopen
notify PROBLEM disk WARNING 1000 'DISK WARNING - 75%'
tk deliver >"$tmp/out"
is "$?" 0 "deliver exits 0"
is "$(cat "$tmp/out")" \
    "delivered 1, retry later 0, failed 0; outbox: 0 pending, 0 failed" \
    "deliver reports one delivery"
j=$(show sense:1)
is "$(field "$j" 't["status"], t["priority"], t["cf"]["Sense Urgency"]')" \
    "new 50 3" "open: one RT ticket, priority 50 for urgency 3"
is "$(field "$j" 't["cf"]["Sense Host"], t["cf"]["Sense Service"]')" \
    "web01 disk" "open: host and service custom fields"
like "$(field "$j" 't["subject"]')" '^\[sense\] web01/disk WARNING' \
    "open: subject names host, service and state"
notify PROBLEM disk CRITICAL 1010 'DISK CRITICAL - 95%'
tk deliver >/dev/null
j=$(show sense:1)
is "$(field "$j" 't["priority"], t["cf"]["Sense Urgency"]')" "80 2" \
    "escalate: priority 80, urgency 2"
is "$(field "$j" 't["history"].count("Correspond")')" 1 \
    "escalate: corresponded"
notify ACKNOWLEDGEMENT disk CRITICAL 1020 'DISK CRITICAL - 95%' \
    --author alice --comment 'on it'
tk deliver >/dev/null
j=$(show sense:1)
is "$(field "$j" 't["history"].count("Comment")')" 1 "ack: a comment"
like "$(field "$j" 't["contents"][-1]')" 'Author: alice' \
    "ack: the comment names the author"
notify RECOVERY disk OK 1030 'DISK OK - 40%'
tk deliver >/dev/null
j=$(show sense:1)
is "$(field "$j" 't["status"]')" resolved "recovery: resolved in RT"
notify PROBLEM disk CRITICAL 1100 'DISK CRITICAL - 97%'
tk deliver >/dev/null
j=$(show sense:1)
is "$(field "$j" 't["status"]')" open "reopen: open again in RT"
is "$(rtq count)" 1 "the whole lifecycle made one RT ticket"
is "$(q "SELECT count(*) FROM ob_deliveries WHERE state <> 'done'")" 0 \
    "outbox empty"

# --- T5: hostile text round-trips into RT exactly
svc='Disk C:\'
out=$(printf 'DISK CRITICAL - C:\\ 99%% "full"\tnext\nline \xc3\xbcmlaut <b>&amp;')
out2=$(printf 'bytes \xff\xfe here')
notify PROBLEM "$svc" CRITICAL 1200 "$out"
notify PROBLEM 'bin' WARNING 1201 "$out2"
tk deliver >/dev/null
j=$(show sense:2)
is "$(field "$j" 't["cf"]["Sense Service"]')" "$svc" \
    "T5 service with a backslash exact in RT's custom field"
exp=$(printf '%s' "$out" | python3 -c 'import json,sys
print(json.dumps(sys.stdin.buffer.read().decode()))')
is "$(field "$j" "$exp in t['contents'][0]")" True \
    "T5 output exact in RT (quotes, tab, newline, UTF-8, HTML)"
j=$(show sense:3)
is "$(field "$j" '"bytes \ufffd\ufffd here" in t["contents"][0]')" True \
    "T5 bytes 0xFF 0xFE arrive as two U+FFFD"
is "$(q "SELECT hex(output) FROM tickets WHERE id = 3")" \
    "$(printf '%s' "$out2" | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" \
    "T5 the local store keeps the raw bytes"

# --- notify delivers by itself after its commit, and exits at once
write_conf 5000
t0=$(date +%s%N)
notify PROBLEM load CRITICAL 1300 'LOAD CRITICAL'
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
is "$rc" 0 "notify with a delivery budget exits 0"
ok $((ms > 2000)) "notify returned in ${ms} ms (delivery runs detached)"
for ((i = 0; i < 100; i++)); do
	[ "$(q "SELECT d.state FROM ob_deliveries d JOIN ob_changes c ON
	    c.id = d.change WHERE c.service = 'load'")" = done ] && break
	sleep 0.1
done
is "$(field "$(show sense:4)" 't["cf"]["Sense Service"]')" load \
    "the detached delivery created the RT ticket"

# --- the secrets file must not be readable by others
chmod 644 "$tmp/rt.secret"
err=$(tk deliver 2>&1)
is "$?" 1 "deliver refuses a world-readable secrets file"
like "$err" "rt\.secret.*(0644|others)" "the refusal names the file"
err=$("$T" -n --config "$conf" 2>&1)
is "$?" 1 "-n refuses it too"
chmod 600 "$tmp/rt.secret"
"$T" -n --config "$conf" >/dev/null
is "$?" 0 "-n accepts the private secrets file"
done_testing
