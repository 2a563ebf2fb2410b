# lib.bash -- shared set-up of the helpdesk tests (sourced after tap.sh):
# a temp dir, sense-ticket with a helpdesk config, the test's own sinks
# (webhook, SMTP) and a real Request Tracker 5 on 127.0.0.1.
T=$SENSE_BUILD/sense-ticket
[ -x "$T" ] || skip_all "sense-ticket not built"
command -v sqlite3 >/dev/null || skip_all "sqlite3 CLI missing"
tmp=$(mktemp -d /tmp/sense-helpdesk.XXXXXX)
chmod 755 "$tmp"
cleanup "rm -rf '$tmp'"
db=$tmp/t.db
conf=$tmp/sense.conf
export SENSE_CONF=$conf
tk() { "$T" --db "$db" "$@"; }
q() { sqlite3 "$db" "$1"; }
json_ok() { python3 -c 'import json,sys; json.load(sys.stdin)'; }

# notify TYPE SERVICE STATE TIME [OUTPUT] [more options]
notify() {
	local type=$1 svc=$2 st=$3 at=$4 out=${5:-"$3 output"}
	shift 5 2>/dev/null || shift $#
	tk notify --type "$type" --host web01 --service "$svc" --state "$st" \
	    --state-type HARD --time "$at" --output "$out" "$@"
}

# wait_file PATH [TENTHS]: until PATH exists.
wait_file() {
	local i
	for ((i = 0; i < ${2:-100}; i++)); do
		[ -e "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# sink NAME SCRIPT: start a sink of ours in $tmp/NAME, stopped at exit;
# its port in $SINK_PORT (not in a subshell: the cleanup must register
# in the test's own shell).
sink() {
	mkdir -p "$tmp/$1"
	python3 "$SENSE_TOP/tests/helpdesk/$2" "$tmp/$1" \
	    >"$tmp/$1/log" 2>&1 &
	cleanup "kill $!"
	SINK_PORT=
	wait_file "$tmp/$1/port" || { echo "# $1 did not start"; return 1; }
	SINK_PORT=$(cat "$tmp/$1/port")
}

# ---------------------------------------------------------------- RT
RT_LIBEXEC=/usr/share/request-tracker5/libexec
RT_PASS=sensepass
rt_available() {
	[ -x "$RT_LIBEXEC/rt-server" ] &&
	    command -v rt-setup-database-5 >/dev/null &&
	    [ -r /var/lib/dbconfig-common/sqlite3/request-tracker5/rtdb ]
}

# rt_site DIR DB PORT: a private RT_SiteConfig.pm.
rt_site() {
	mkdir -p "$1/var/mason" "$1/var/session" "$1/conf.d"
	cat >"$1/RT_SiteConfig.pm" <<PERL
Set(\$rtname, 'sense');
Set(\$Organization, 'sense.invalid');
Set(\$WebPath, '');
Set(\$WebDomain, '127.0.0.1');
Set(\$WebPort, $3);
Set(\$DatabaseType, 'SQLite');
Set(\$DatabaseName, '$2');
Set(\$LogToSyslog, undef);
Set(\$LogToSTDERR, 'error');
Set(\$MasonDataDir, '$1/var/mason');
Set(\$MasonSessionDir, '$1/var/session');
Set(\$Timezone, 'UTC');
# bcrypt at its default cost 12 takes ~0.25 s of CPU per REST request
# (every request authenticates); a test RT needs no such hardening.
Set(\$BcryptCost, 4);
Set(\$CorrespondAddress, 'rt\@sense.invalid');
Set(\$CommentAddress, 'rt-comment\@sense.invalid');
1;
PERL
}

# The initialised RT database with sense's custom fields, queue and a
# known root password, built once per machine (and user) and shared by
# both test passes; the lock keeps parallel tests from building twice.
rt_template() {
	local cache=/tmp/sense-rt-template-$(id -u)-v2 f
	RT_TEMPLATE=$cache/rtdb
	exec 9>"$cache.lock"
	flock 9
	if [ ! -s "$RT_TEMPLATE" ]; then
		rm -rf "$cache" && mkdir -p "$cache"
		cp /var/lib/dbconfig-common/sqlite3/request-tracker5/rtdb \
		    "$cache/build.db"
		rt_site "$cache" "$cache/build.db" 1
		f=$cache/initdata
		cat >"$f" <<'PERL'
@CustomFields = map { { Name => $_, Type => 'FreeformSingle',
    LookupType => 'RT::Queue-RT::Ticket', Queue => 0 } }
    ('Sense Key', 'Sense Urgency', 'Sense Host', 'Sense Service');
@Queues = ({ Name => 'Monitoring', Description => 'sense tickets' });
@Final = (sub {
    my $u = RT::User->new(RT->SystemUser);
    $u->Load('root');
    $u->SetPassword('sensepass');
});
1;
PERL
		RT_SITE_CONFIG=$cache/RT_SiteConfig.pm \
		    RT_SITE_CONFIG_DIR=$cache/conf.d \
		    rt-setup-database-5 --action insert --datafile "$f" \
		    --skip-create >"$cache/setup.log" 2>&1 &&
		    mv "$cache/build.db" "$RT_TEMPLATE"
	fi
	flock -u 9
	exec 9>&-
	[ -s "$RT_TEMPLATE" ]
}

# rt_start: a fresh RT of this test's own on 127.0.0.1:$RT_PORT.
rt_start() {
	local i
	RT_DIR=$tmp/rt
	mkdir -p "$RT_DIR"
	[ -n "${RT_PORT:-}" ] || RT_PORT=$(free_port tcp)
	[ -e "$RT_DIR/rtdb" ] || cp "$RT_TEMPLATE" "$RT_DIR/rtdb"
	rt_site "$RT_DIR" "$RT_DIR/rtdb" "$RT_PORT"
	(cd "$RT_DIR" && RT_SITE_CONFIG=$RT_DIR/RT_SiteConfig.pm \
	    RT_SITE_CONFIG_DIR=$RT_DIR/conf.d exec "$RT_LIBEXEC/rt-server" \
	    --listen "127.0.0.1:$RT_PORT" >>"$RT_DIR/log" 2>&1) &
	RT_PID=$!
	cleanup "rt_stop"
	for ((i = 0; i < 150; i++)); do
		[ "$(rt_code GET queues/all)" = 200 ] && return 0
		kill -0 "$RT_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "# rt-server did not start:"; sed 's/^/# /' "$RT_DIR/log" | tail -5
	return 1
}

rt_stop() {
	[ -n "${RT_PID:-}" ] || return 0
	kill "$RT_PID" 2>/dev/null
	wait "$RT_PID" 2>/dev/null
	RT_PID=
}

RT_URL() { echo "http://127.0.0.1:$RT_PORT"; }
rt_code() {
	curl -s -o /dev/null -w '%{http_code}' -u "root:$RT_PASS" \
	    -X "$1" "$(RT_URL)/REST/2.0/$2" 2>/dev/null
}
rt_get() { curl -s -u "root:$RT_PASS" "$(RT_URL)/REST/2.0/$1"; }
# rtq ARGS: rt.py against our RT (count | tickets | show KEY).
rtq() { python3 "$SENSE_TOP/tests/helpdesk/rt.py" "$(RT_URL)" "$RT_PASS" "$@"; }
