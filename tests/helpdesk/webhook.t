#!/usr/bin/env bash
# The webhook back end against an HTTP listener of the test's own on
# 127.0.0.1: valid JSON whatever the text (T5, 200 KiB capped), bearer
# token and idempotency key, 4xx -> failed (holding its ticket's line)
# until retried by hand, 503 -> retried later; and kill -9 of deliver
# at random points over 200 deliveries: none lost, none delivered twice
# by key, order per ticket kept, the store intact.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/helpdesk/lib.bash"
sink hook hooksink.py || skip_all "webhook listener did not start"
port=$SINK_PORT
hook=$tmp/hook
printf 'token = s3cret-token\n' >"$tmp/hook.secret"
chmod 600 "$tmp/hook.secret"
cat >"$conf" <<EOC
helpdesk = {
	budget_ms = 0;
	backoff_min = 1;
	max_text = 65536;
	webhook = { url = "http://127.0.0.1:$port/hook";
		    secrets = "$tmp/hook.secret"; };
};
EOC
# reqs PY: evaluate PY over the received requests (r: list of dicts
# with headers and the parsed body b; bad: bodies that are not JSON).
cat >"$tmp/reqs.py" <<'PY'
import base64, json, sys
r, bad = [], 0
try:
    lines = open(sys.argv[1]).read().splitlines()
except OSError:
    lines = []
for l in lines:
    x = json.loads(l)
    raw = base64.b64decode(x["body"])
    try:
        x["b"] = json.loads(raw.decode("utf-8", "strict"))
    except ValueError:
        bad += 1
        continue
    r.append(x)
v = eval("(" + sys.argv[2] + ")")
print(" ".join(map(str, v)) if isinstance(v, tuple) else v)
PY
reqs() { python3 "$tmp/reqs.py" "$hook/requests.jsonl" "$1"; }

# --- T5 and a 200 KiB output
svc='Disk C:\'
out=$(printf 'DISK CRITICAL - C:\\ 99%% "full"\tnext\nline \xc3\xbcmlaut <b>&amp;')
notify PROBLEM "$svc" CRITICAL 1000 "$out"
notify PROBLEM bin WARNING 1001 "$(printf 'bytes \xff\xfe here')"
python3 -c 'import sys; sys.stdout.write(("x" * 99 + "\n") * 2048)' \
    >"$tmp/big"
tk notify --type PROBLEM --host web01 --service big --state CRITICAL \
    --time 1002 --output-file "$tmp/big"
tk deliver >/dev/null
is "$(reqs 'len(r), bad')" "3 0" "three POSTs, every body valid JSON"
is "$(reqs 'r[0]["b"]["service"] == "Disk C:\\" and r[0]["b"]["output"]
    == sys.stdin.read()' < <(printf '%s' "$out"))" True \
    "T5 service and output exact in the JSON"
is "$(reqs 'r[1]["b"]["output"]')" "bytes �� here" \
    "T5 bytes 0xFF 0xFE arrive as two U+FFFD"
is "$(reqs 'len(r[2]["b"]["output"].encode()) <= 65536,
    r[2]["b"]["truncated"]')" "True True" \
    "200 KiB output capped at max_text and marked truncated"
is "$(reqs 'r[0]["headers"].get("Authorization")')" \
    "Bearer s3cret-token" "the token from the secrets file"
is "$(reqs '[x["headers"].get("Idempotency-Key") == x["b"]["delivery"]
    for x in r] == [True] * 3, r[0]["b"]["key"], r[0]["b"]["action"],
    r[0]["b"]["urgency"]')" "True sense:1 open 2" \
    "idempotency key, ticket key, action and urgency"
is "$(reqs 'r[0]["headers"].get("Content-Type")')" \
    "application/json; charset=utf-8" "Content-Type"

# --- 4xx: failed until retried by hand; later changes of the ticket wait
echo 400 >"$hook/status"
notify PROBLEM http WARNING 1100 'HTTP WARNING'
notify PROBLEM http CRITICAL 1110 'HTTP CRITICAL'
tk deliver >"$tmp/out"
like "$(cat "$tmp/out")" "failed 1; outbox: 1 pending, 1 failed" \
    "HTTP 400 fails the open for good; the escalation waits behind it"
j=$(tk outbox --json)
fid=$(printf '%s' "$j" | python3 -c 'import json,sys
t = [x for x in json.load(sys.stdin) if x["state"] == "failed"]
print(t[0]["id"], "HTTP 400" in t[0]["error"])')
like "$fid" '^[0-9]+ True$' "outbox --json: failed, with the reason"
like "$(tk outbox)" 'failed.*open' "outbox (text) lists it"
echo 200 >"$hook/status"
tk deliver >/dev/null
is "$(reqs 'len(r)')" 4 "a failed delivery is not retried by itself"
tk outbox retry "${fid% *}" >/dev/null
is "$?" 0 "outbox retry ID"
tk deliver >/dev/null
is "$(reqs '[x["b"]["action"] for x in r[-2:]]')" "['open', 'escalate']" \
    "after the retry: open, then the escalation, in order"
tk outbox retry 99999 2>/dev/null
is "$?" 1 "retry of an unknown delivery fails"

# --- 503: retried later with backoff
echo 503 >"$hook/status"
notify PROBLEM ntp WARNING 1200 'NTP WARNING'
tk deliver >"$tmp/out"
like "$(cat "$tmp/out")" "retry later 1" "HTTP 503 is retried later"
is "$(q "SELECT state || ' ' || (next_try > done_at IS NULL) FROM
    ob_deliveries ORDER BY id DESC LIMIT 1")" "pending 1" \
    "pending with a next try"
echo 200 >"$hook/status"
tk deliver --now >/dev/null
is "$(q "SELECT count(*) FROM ob_deliveries WHERE state <> 'done'")" 0 \
    "delivered once the receiver recovers"

# --- kill -9 of deliver at random points over 200 deliveries
base=$(reqs 'len(r)')
for ((s = 0; s < 50; s++)); do
	notify PROBLEM "k$s" WARNING $((2000 + s)) "W $s"
	notify PROBLEM "k$s" CRITICAL $((2100 + s)) "C $s"
	notify ACKNOWLEDGEMENT "k$s" CRITICAL $((2200 + s)) "C $s" \
	    --author bob --comment "c $s"
	notify RECOVERY "k$s" OK $((2300 + s)) "OK $s"
done
is "$(q "SELECT count(*) FROM ob_deliveries WHERE state = 'pending'")" \
    200 "200 deliveries queued"
echo 0.01 >"$hook/delay"
kills=0
for ((i = 0; i < 150; i++)); do
	[ "$(q "SELECT count(*) FROM ob_deliveries WHERE state <> 'done'")" \
	    = 0 ] && break
	"$T" --db "$db" deliver --now --quiet 2>/dev/null &
	pid=$!
	sleep "0.0$((RANDOM % 10))$((RANDOM % 10))"
	kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null
done
diag "$i rounds, $(q "SELECT count(*) FROM ob_deliveries WHERE state <> 'done'") left"
tk deliver --now --quiet
diag "$kills deliver processes killed with SIGKILL"
ok $((kills < 10)) "at least 10 deliver processes killed mid-way"
got=$(reqs "[x['b']['delivery'] for x in r[$base:]]" |
    python3 -c 'import ast,sys; k = ast.literal_eval(sys.stdin.read())
print(len(set(k)), len(k) - len(set(k)))')
is "${got% *}" 200 "no delivery lost: 200 distinct keys arrived"
dups=${got#* }
diag "$dups resent after a kill (same Idempotency-Key)"
ok $((dups > kills)) "at most one resend per kill ($dups <= $kills)"
is "$(reqs "all([a == b for a, b in zip(
    [x['b']['change'] for x in r[$base:] if x['b']['service'] == 'k7'],
    sorted(x['b']['change'] for x in r[$base:] if x['b']['service'] == 'k7'))])")" \
    True "order per ticket kept"
is "$(q "SELECT count(*) FROM ob_deliveries WHERE state <> 'done'")" 0 \
    "every delivery recorded done"
is "$(q 'PRAGMA integrity_check')" ok "PRAGMA integrity_check ok"
done_testing
