#!/usr/bin/env bash
# The helpdesk side of the command line without any helpdesk: notify
# with no helpdesk group queues nothing and works as before; back ends
# come and go with the configuration; `-n`, `deliver` and `outbox`
# reject what is wrong with a message naming it.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/helpdesk/lib.bash"
: >"$conf"
notify PROBLEM disk CRITICAL 1000 'DISK CRITICAL'
is "$?" 0 "notify without a helpdesk group exits 0"
is "$(q 'SELECT count(*) FROM tickets')" 1 "the ticket is stored"
is "$(q 'SELECT count(*) FROM ob_changes')" 0 "nothing queued"
is "$(tk outbox)" "outbox empty" "outbox: empty"
is "$(tk outbox --json)" "[]" "outbox --json: []"
is "$(tk deliver)" \
    "delivered 0, retry later 0, failed 0; outbox: 0 pending, 0 failed" \
    "deliver with nothing to do"

cat >"$conf" <<'EOC'
helpdesk = { budget_ms = 0; webhook = { url = "http://127.0.0.1:9/"; }; };
EOC
notify PROBLEM disk CRITICAL 1010 'DISK CRITICAL again'
is "$(q "SELECT group_concat(name || '=' || enabled) FROM ob_backends")" \
    "webhook=1" "a configured back end is registered by notify"
is "$(q "SELECT count(*) FROM ob_deliveries WHERE backend = 'webhook'")" \
    1 "and the change queued for it"
: >"$conf"
notify PROBLEM disk CRITICAL 1020 'DISK CRITICAL still'
is "$(q "SELECT enabled FROM ob_backends")" 0 \
    "removed from the configuration: disabled"
is "$(q 'SELECT count(*) FROM ob_deliveries')" 1 \
    "no new delivery; the queued one stays"
like "$(tk outbox)" "webhook +pending +escalate|webhook +pending +update" \
    "and stays visible in outbox"

printf 'helpdesk = {\n  rt = { queue = "x"; };\n};\n' >"$conf"
err=$("$T" -n --config "$conf" 2>&1)
is "$?" 1 "-n: rt without url fails"
like "$err" "sense.conf:2: rt: 'url' is required" "... naming file:line"
printf 'helpdesk = {\n  key_prefix = "a b";\n};\n' >"$conf"
like "$("$T" -n --config "$conf" 2>&1)" "sense.conf:1: key_prefix" \
    "-n: a key prefix with a blank is refused"
printf 'helpdesk = { webhook = { url = "x"; secrets = "%s/none"; }; };\n' \
    "$tmp" >"$conf"
like "$(tk deliver 2>&1)" "secrets file .*/none: No such file" \
    "deliver: a missing secrets file is named"
err=$(notify PROBLEM disk CRITICAL 1030 'x' 2>&1)
is "$?" 0 "notify still exits 0 with a broken helpdesk group"
like "$err" "helpdesk: .*none" "... and says why on stderr"
: >"$conf"
like "$(tk deliver --bogus 2>&1)" "unknown option" "deliver --bogus"
like "$(tk deliver --budget x 2>&1)" "--budget wants seconds" \
    "deliver --budget x"
like "$(tk outbox retry x 2>&1)" "wants one delivery ID" "outbox retry x"
like "$(tk outbox --nope 2>&1)" "unexpected argument" "outbox --nope"
done_testing
