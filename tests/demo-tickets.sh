#!/usr/bin/env bash
# make demo, second half: a real Icinga 2 with sense's conf/icinga2 files
# watches a small tmpfs with check_sense_disk; filling it past 90% turns
# into a ticket that `sense-ticket list` shows, emptying it resolves the
# ticket.  Without root or icinga2 the same notifications are replayed
# into sense-ticket by hand.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
export SENSE_TOP=$top
export SENSE_BUILD=${SENSE_BUILD:-$top/build}
T=$SENSE_BUILD/sense-ticket
# shellcheck source=ticket/icinga.sh
source "$top/tests/ticket/icinga.sh"

echo "== sense-ticket: a state change becomes a ticket"
if [ ! -x "$T" ]; then
	echo "(sense-ticket is not built; skipped)"
	exit 0
fi
d=$(mktemp -d /tmp/sense-demo-tickets.XXXXXX)
chmod 755 "$d"
mkdir -p "$d/db" "$d/mnt"
: >"$d/empty.conf"
export SENSE_CONF=$d/empty.conf
db=$d/db/tickets.db
mounted=0
finish() {
	icinga_stop
	[ "$mounted" -eq 1 ] && umount "$d/mnt"
	rm -rf "$d"
}
trap finish EXIT

show() {
	echo
	echo "\$ sense-ticket list${*:+ $*}"
	"$T" --db "$db" list "$@"
}

status() {
	sqlite3 -readonly "$db" "SELECT status FROM tickets WHERE service = 'demo-disk'
	    ORDER BY id DESC LIMIT 1" 2>/dev/null
}

replay() {
	echo "(icinga2 cannot run here: $1; replaying its notifications)"
	"$T" --db "$db" notify --type PROBLEM --host demo-web \
	    --service demo-disk --state CRITICAL --state-type HARD \
	    --time "$(date +%s)" --output 'DISK CRITICAL - /srv 93.00% used'
	show
	"$T" --db "$db" notify --type RECOVERY --host demo-web \
	    --service demo-disk --state OK --state-type HARD \
	    --time "$(($(date +%s) + 1))" --output 'DISK OK - /srv 0.00% used'
	show --all
	exit 0
}

icinga_can_run || replay "needs root and Debian's icinga2"
[ -x "$SENSE_BUILD/check_sense_disk" ] || replay "no check_sense_disk"
mount -t tmpfs -o size=1m,mode=0755 sense-demo "$d/mnt" 2>/dev/null ||
    replay "cannot mount a tmpfs"
mounted=1
bin=$(icinga_stage "$d")
cat >"$d/objects.conf" <<EOF
object Host "demo-web" {
	check_command = "dummy"
	check_interval = 1s
	max_check_attempts = 1
	vars.sense_ticket = true
	vars.sense_ticket_bin = "$bin/sense-ticket"
	vars.sense_ticket_db = "$db"
	vars.sense_ticket_config = "$d/empty.conf"
	vars.sense_plugin_dir = "$bin"
}
object Service "demo-disk" {
	host_name = "demo-web"
	check_command = "sense-disk"
	check_interval = 1s
	retry_interval = 1s
	max_check_attempts = 1
	vars.sense_disk_path = [ "$d/mnt" ]
}
EOF
icinga_tree "$d/icinga" "include \"$d/objects.conf\""
chown -R nagios:nagios "$d/db" "$d/empty.conf"
icinga_start "$d/icinga" || replay "icinga2 did not start"
echo "icinga2 runs (PID $ICINGA_PID), checking a 1 MiB tmpfs with" \
    "check_sense_disk every second"
sleep 2
echo "filling the tmpfs to 95% ..."
dd if=/dev/zero of="$d/mnt/fill" bs=1k count=970 2>/dev/null
wait_for 20 'test "$(status)" = open' ||
    echo "(no ticket after 20 s; see $d/icinga/log/icinga2.log)"
show
echo "emptying it again ..."
rm -f "$d/mnt/fill"
wait_for 20 'test "$(status)" = resolved' ||
    echo "(not resolved after 20 s)"
show --all
id=$(sqlite3 "$db" "SELECT id FROM tickets WHERE service = 'demo-disk'")
echo
echo "\$ sense-ticket show $id"
"$T" --db "$db" show "$id"
exit 0
