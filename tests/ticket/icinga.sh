# icinga.sh -- start a real Icinga 2 (Debian's package, no systemd) on a
# config tree under a temporary directory, for tests/ticket/icinga.t and
# tests/demo-tickets.sh.  Sourced; needs root (the daemon drops to user
# nagios, so everything it writes belongs to nagios).
#
#   icinga_can_run              0 when icinga2 is installed and we are root
#   icinga_stage DIR            copy the built programs to DIR/bin, where
#                               user nagios can run them (prints DIR/bin)
#   icinga_tree DIR EXTRA_CONF  write DIR/etc/icinga2.conf (the shipped
#                               conf/icinga2 files + EXTRA_CONF objects)
#   icinga_validate DIR         icinga2 daemon -C on that tree
#   icinga_start DIR            start it; ICINGA_PID is the umbrella PID
#   icinga_cmd DIR LINE         one external command through the pipe
#   icinga_stop                 signal the umbrella PID, wait for it

icinga_can_run() {
	command -v icinga2 >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] &&
	    id nagios >/dev/null 2>&1
}

# The daemon runs as nagios, who may not enter the checkout (a clone in a
# mode-0700 directory, /root/...): the programs it runs and the files it
# includes are copied under the test's own temporary directory.
icinga_stage() {
	local bin=$1/bin
	mkdir -p "$bin"
	cp -p "$SENSE_BUILD"/check_sense_* "$SENSE_BUILD"/sense-* "$bin"/
	chmod 755 "$1" "$bin"
	echo "$bin"
}

# icinga_tree DIR EXTRA: the constants the package's icinga2.conf would
# set, the ITL, sense's shipped files, the features a test needs.
icinga_tree() {
	local d=$1 extra=$2
	mkdir -p "$d/etc/sense" "$d/data" "$d/cache" "$d/log" "$d/spool" \
	    "$d/run" "$d/db"
	cp "$SENSE_TOP"/conf/icinga2/*.conf "$d/etc/sense/"
	cat >"$d/etc/icinga2.conf" <<EOF
const PluginDir = "/usr/lib/nagios/plugins"
const ManubulonPluginDir = PluginDir
const PluginContribDir = PluginDir
const NodeName = "sense-test"
const ZoneName = NodeName
const TicketSalt = ""
include <itl>
include <plugins>
include "sense/commands.conf"
include "sense/notifications.conf"
object IcingaApplication "app" { }
object CheckerComponent "checker" { }
object NotificationComponent "notification" { }
object ExternalCommandListener "command" {
	command_path = "$d/run/icinga2.cmd"
}
object FileLogger "main-log" {
	severity = "notice"
	path = "$d/log/icinga2.log"
}
$extra
EOF
	chown -R nagios:nagios "$d"
	chmod 755 "$d"
}

_icinga_defs() {
	local d=$1
	echo -c "$d/etc/icinga2.conf" -DDataDir="$d/data" \
	    -DCacheDir="$d/cache" -DLogDir="$d/log" -DSpoolDir="$d/spool" \
	    -DInitRunDir="$d/run"
}

icinga_validate() {
	# shellcheck disable=SC2046
	icinga2 daemon -C $(_icinga_defs "$1") >"$1/validate.log" 2>&1
}

icinga_start() {
	local d=$1 i
	# shellcheck disable=SC2046
	icinga2 daemon $(_icinga_defs "$d") >"$d/daemon.out" 2>&1 &
	ICINGA_PID=$!
	for i in $(seq 1 150); do
		[ -p "$d/run/icinga2.cmd" ] && return 0
		kill -0 "$ICINGA_PID" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

icinga_cmd() {
	printf '[%s] %s\n' "$(date +%s)" "$2" >"$1/run/icinga2.cmd"
}

icinga_stop() {
	[ -n "${ICINGA_PID:-}" ] || return 0
	kill -TERM "$ICINGA_PID" 2>/dev/null
	for _ in $(seq 1 100); do
		kill -0 "$ICINGA_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$ICINGA_PID" 2>/dev/null
	wait "$ICINGA_PID" 2>/dev/null
	ICINGA_PID=
}

# wait_for SECONDS 'CODE': evaluate CODE every 0.2 s until it succeeds.
wait_for() {
	local t=$1 i
	for i in $(seq 1 $((t * 5))); do
		eval "$2" && return 0
		sleep 0.2
	done
	return 1
}
