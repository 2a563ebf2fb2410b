#!/usr/bin/env bash
# The mail back end against an SMTP sink of the test's own on 127.0.0.1:
# well-formed messages (Date, Message-ID, MIME, UTF-8 subject as encoded
# words), threading per ticket (In-Reply-To / References to the first
# message), the customer contact from sense_contact on open / escalate /
# resolve only, and header injection from any field staying in the body.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/helpdesk/lib.bash"
sink smtp smtpsink.py || skip_all "SMTP sink did not start"
port=$SINK_PORT
cat >"$conf" <<EOC
helpdesk = {
	budget_ms = 0;
	mail = { url = "smtp://127.0.0.1:$port";
		 from = "sense@monitor.example";
		 helpdesk = "help@desk.example"; customer = true; };
};
EOC
cat >"$tmp/mail.py" <<'PY'
import email, email.policy, glob, re, sys
msgs = []
for p in sorted(glob.glob(sys.argv[1] + "/msg-*.eml"),
                key=lambda p: int(re.findall(r"\d+", p)[-1])):
    raw = open(p, "rb").read()
    env = open(p[:-4] + ".env").read()
    m = email.message_from_bytes(raw, policy=email.policy.default)
    msgs.append({"raw": raw, "env": env, "m": m,
                 "body": m.get_content() if not m.is_multipart() else None})
def h(i, name):
    return str(msgs[i]["m"][name])
v = eval("(" + sys.argv[2] + ")")
print(" ".join(map(str, v)) if isinstance(v, tuple) else v)
PY
mails() { python3 "$tmp/mail.py" "$tmp/smtp" "$1"; }
contact=(--var 'sense_contact=ops@customer.example')

# --- a ticket's life: open, escalate, ack, resolve
notify PROBLEM 'Zahlung über Kasse' WARNING 1000 'PAY WARNING' "${contact[@]}"
notify PROBLEM 'Zahlung über Kasse' CRITICAL 1010 'PAY CRITICAL' "${contact[@]}"
notify ACKNOWLEDGEMENT 'Zahlung über Kasse' CRITICAL 1020 'PAY CRITICAL' \
    --author alice --comment 'looking' "${contact[@]}"
notify RECOVERY 'Zahlung über Kasse' OK 1030 'PAY OK' "${contact[@]}"
tk deliver >"$tmp/out"
like "$(cat "$tmp/out")" "^delivered 4, " "four changes delivered"
is "$(mails 'len(msgs)')" 4 "four messages received"
is "$(mails 'all(b"\r\n" in x["raw"] and not re.search(rb"[^\r]\n",
    x["raw"]) for x in msgs)')" True "CRLF line ends only"
is "$(mails 'all(x["m"]["Date"] and x["m"]["Message-ID"] and
    x["m"]["MIME-Version"] == "1.0" for x in msgs)')" True \
    "Date, Message-ID and MIME-Version on every message"
is "$(mails 'h(0, "Subject")')" \
    "[sense] web01/Zahlung über Kasse WARNING: open" \
    "UTF-8 subject decodes exactly"
is "$(mails 'all(l.isascii() for x in msgs for l in
    x["raw"].split(b"\r\n\r\n")[0].decode("latin-1").splitlines())')" \
    True "headers are 7-bit (encoded words)"
is "$(mails 'h(0, "Message-ID") == "<sense.1@monitor.example>",
    h(0, "In-Reply-To")')" "True None" "the first message starts the thread"
is "$(mails 'all(h(i, "In-Reply-To") == h(0, "Message-ID") and
    h(i, "References") == h(0, "Message-ID") for i in (1, 2, 3))')" True \
    "the others reply to it (In-Reply-To, References)"
is "$(mails 'len(set(h(i, "Message-ID") for i in range(4)))')" 4 \
    "every Message-ID distinct"
is "$(mails '[x["env"].count("RCPT") for x in msgs]')" "[2, 2, 1, 2]" \
    "customer contact on open, escalate, resolve; not on the ack"
is "$(mails 'h(0, "To"), h(0, "Cc")')" \
    "help@desk.example ops@customer.example" "To helpdesk, Cc customer"
like "$(mails 'msgs[2]["body"]')" "Author: alice" "the ack names its author"

# --- header injection from every field stays in the body
inj=$'x\r\nBcc: victim@evil.example\r\nSubject: pwned'
notify PROBLEM "svc$inj" CRITICAL 2000 "out$inj" --author "a$inj" \
    --var "sense_contact=evil@x.example>$inj"
tk deliver >/dev/null
is "$(mails 'len(msgs)')" 5 "the hostile change was mailed"
is "$(mails 'msgs[4]["m"].get_all("Bcc"), len(msgs[4]["m"].get_all(
    "Subject")), "evil" in msgs[4]["env"]')" "None 1 False" \
    "no Bcc header, one Subject, the bad contact address not used"
is "$(mails '"victim" in msgs[4]["body"] and "Bcc: victim" in
    msgs[4]["body"]')" True "the injected text is in the body"
is "$(mails 'msgs[4]["m"].defects, [k for k in msgs[4]["m"].keys()]')" \
    "[] ['From', 'To', 'Date', 'Message-ID', 'Subject', 'X-Sense-Key', 'Auto-Submitted', 'MIME-Version', 'Content-Type', 'Content-Transfer-Encoding']" \
    "exactly the headers sense writes, no parse defects"

# --- invalid bytes become U+FFFD; the SMTP server down means retry
notify PROBLEM bin WARNING 2100 "$(printf 'bytes \xff\xfe here')"
tk deliver >/dev/null
like "$(mails 'msgs[5]["body"]')" "bytes �� here" "0xFF 0xFE -> U+FFFD"
sed -i "s/127.0.0.1:$port/127.0.0.1:$(free_port tcp)/" "$conf"
notify PROBLEM down WARNING 2200 'nobody listens'
tk deliver >"$tmp/out"
like "$(cat "$tmp/out")" "retry later 1" "SMTP refused: retried later"
done_testing
