#!/usr/bin/env bash
# A notification the store cannot take is still kept: the store path's
# directory is missing or not writable -> a one-line error naming why,
# a non-zero exit, and the raw notification in the spool directory.
source "$SENSE_TOP/tests/lib/tap.sh"
T=$SENSE_BUILD/sense-ticket
[ -x "$T" ] || skip_all "sense-ticket not built"
tmp=$(mktemp -d /tmp/sense-spool.XXXXXX)
cleanup "rm -rf '$tmp'"
: >"$tmp/empty.conf"
export SENSE_CONF=$tmp/empty.conf SENSE_TICKET_SPOOL=$tmp/spool

notify() {
	"$T" --db "$1" notify --type PROBLEM --host web01 \
	    --service 'Disk C:\ "x"' --state CRITICAL --state-type HARD \
	    --time 1000 --output "$(printf 'line one\nline two \xff')" \
	    2>"$tmp/err"
}

notify "$tmp/no/such/dir/tickets.db"
is "$?" 1 "missing store directory: exit 1"
like "$(head -1 "$tmp/err")" "directory $tmp/no/such/dir does not exist" \
    "the error names the missing directory"
like "$(cat "$tmp/err")" "notification kept in $tmp/spool/" \
    "and where the notification was kept"
f=$(ls "$tmp"/spool/*.notification 2>/dev/null | head -1)
[ -n "$f" ] && grep -qa 'arg:web01' "$f" &&
    grep -qa "arg:Disk C:\\\\ \"x\"" "$f"
ok $? "the spool file holds the raw arguments, byte for byte"
is "$(stat -c %a "$f")" 600 "spool file mode 0600"

if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	mkdir -p "$tmp/ro" "$tmp/spool-nobody" && chmod 755 "$tmp" "$tmp/ro"
	chown 65534:65534 "$tmp/spool-nobody"
	cp -p "$T" "$tmp/sense-ticket" && chmod 755 "$tmp/sense-ticket"
	out=$(SENSE_TICKET_SPOOL=$tmp/spool-nobody setpriv --reuid=65534 \
	    --regid=65534 --clear-groups "$tmp/sense-ticket" \
	    --db "$tmp/ro/t.db" notify --type PROBLEM --host h \
	    --state DOWN --state-type HARD 2>&1)
	rc=$?
	is "$rc" 1 "read-only store directory: exit 1"
	like "$out" "directory $tmp/ro is not writable by uid 65534" \
	    "the error says the directory is not writable"
	like "$out" "notification kept in $tmp/spool-nobody/" \
	    "and keeps the notification"
fi
done_testing
