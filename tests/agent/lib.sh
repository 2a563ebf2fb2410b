# lib.sh -- the harness of the sense-agent tests (sourced after tap.sh):
# a real Debian snmpd as AgentX master on udp 127.0.0.1:<free port> with
# its AgentX socket in a temp dir, sense-agent as subagent, snmptrapd
# with a traphandle, fixture /proc and /sys trees.  Every daemon is
# started here, remembered by PID and stopped by PID at exit, pass or
# fail; every net-snmp command gets -m/-M and a temp
# SNMP_PERSISTENT_DIR.
#
# Optional: NS=<netns> runs daemons and tools inside that namespace.

AGENT=$SENSE_BUILD/sense-agent
PLUGINS=$SENSE_BUILD
SNMPD_PID= AGENT_PID= TRAPD_PID= FIXW_PID=
NS=${NS:-}
# Under ASan, LeakSanitizer checks the agent at its exit as it is: it
# frees what it allocated and net-snmp's shutdown frees the rest, so no
# suppression is needed.

# in_ns CMD...: run CMD in $NS when set.  Daemons are started as
# "${NSX[@]}" CMD & instead, so that $! is the daemon itself (ip netns
# exec execs it) and never a subshell.
in_ns() {
	if [ -n "$NS" ]; then ip netns exec "$NS" "$@"; else "$@"; fi
}
nsx() { NSX=(); [ -z "$NS" ] || NSX=(ip netns exec "$NS"); }

# okif EXPR NAME: ok when the arithmetic expression is true.
okif() {
	local e=$1; shift
	if (( e )); then ok 0 "$@"; else ok 1 "$@"; fi
}

ag_init() {
	[ -x "$AGENT" ] || skip_all "no $AGENT (build first)"
	local c
	for c in snmpd snmpget snmpbulkwalk snmptranslate; do
		command -v "$c" >/dev/null 2>&1 || [ -x "/usr/sbin/$c" ] ||
		    skip_all "no $c"
	done
	IETF=$("$SENSE_TOP/tests/lib/ietf-mibs.sh") ||
	    skip_all "IETF base MIBs unavailable (npm pack net-snmp failed)"
	MIBPATH="$IETF:$SENSE_TOP/mibs:/usr/share/snmp/mibs"
	T=$(mktemp -d /tmp/sense-agent-t.XXXXXX)
	chmod 755 "$T"
	cleanup "rm -rf '$T'"
	cleanup ag_stop_all
	export SNMP_PERSISTENT_DIR=$T/persist
	export SENSE_HISTORY_DIR=$T/rrd		# the agent's RRD history
	mkdir -p "$SNMP_PERSISTENT_DIR/cert_indexes"
	PORT=$(free_port udp)
	TPORT=$(free_port udp)
	SOCK=$T/agentx.sock
	SNMPOPTS=(-v2c -c public -t 2 -r 1 -m SENSE-UTILIZATION-MIB
	    -M "$MIBPATH")
}

ag_stop_all() {
	local p
	for p in $FIXW_PID $AGENT_PID $TRAPD_PID $SNMPD_PID; do
		kill "$p" 2>/dev/null
	done
	for p in $FIXW_PID $AGENT_PID $TRAPD_PID $SNMPD_PID; do
		wait "$p" 2>/dev/null
	done
	FIXW_PID= AGENT_PID= TRAPD_PID= SNMPD_PID=
}

# snmpd_start: the master, trap sink = our snmptrapd's port.
snmpd_start() {
	cat >"$T/snmpd.conf" <<EOF
agentAddress udp:127.0.0.1:$PORT
master agentx
agentXSocket $SOCK
agentXPerms 0666 0755
agentXTimeout 5
rocommunity public 127.0.0.1
trap2sink 127.0.0.1:$TPORT public
EOF
	nsx
	MIBS= "${NSX[@]}" /usr/sbin/snmpd -f -C -c "$T/snmpd.conf" \
	    -Lf "$T/snmpd.log" &
	SNMPD_PID=$!
	wait_for 10 test -S "$SOCK"
}

snmpd_stop() {
	[ -n "$SNMPD_PID" ] || return 0
	kill "$SNMPD_PID" 2>/dev/null
	wait "$SNMPD_PID" 2>/dev/null
	SNMPD_PID=
}

# agent_conf [EXTRA-AGENT-SETTINGS] [THRESHOLDS-GROUP-BODY]: a sense.conf
# sampling every $INTERVAL (default 1) seconds, pinging and reconnecting
# every $PING (default 2) seconds: a master that is not listening yet
# when the agent starts is retried soon.
agent_conf() {
	cat >"$T/sense.conf" <<EOF
thresholds = { ${2:-} };
agent = { interval = ${INTERVAL:-1}; ping_interval = ${PING:-2};
    master = "$SOCK"; ${1:-} };
EOF
}

# agent_spawn [ARGS...]: start the agent, do not wait for it.
agent_spawn() {
	[ -f "$T/sense.conf" ] || agent_conf
	nsx
	"${NSX[@]}" "$AGENT" -f -c "$T/sense.conf" -Lf "$T/agent.log" "$@" \
	    2>>"$T/agent.err" &
	AGENT_PID=$!
}

# agent_start [ARGS...]: start and wait until the master serves it.
agent_start() {
	agent_spawn "$@"
	wait_for 10 sget_ok senseAgentInterval.0 && return 0
	diag "sense-agent did not come up:"
	sed 's/^/#   /' "$T/agent.err" "$T/agent.log" 2>/dev/null | tail -20
	return 1
}

# agent_stop: SIGTERM; sets AGENT_RC.  A clean exit is 0 (under ASan
# also: no leak and no error report).
agent_stop() {
	AGENT_RC=
	[ -n "$AGENT_PID" ] || return 0
	kill -TERM "$AGENT_PID" 2>/dev/null
	wait "$AGENT_PID"
	AGENT_RC=$?
	AGENT_PID=
}

# trapd_start: snmptrapd on udp 127.0.0.1:$TPORT whose traphandle
# appends each notification as one line "OID=VALUE|OID=VALUE|..." to
# $T/traps.
trapd_start() {
	cat >"$T/handler.sh" <<EOF
#!/bin/sh
# traphandle: host line, address line, then one varbind per line.
read -r host
read -r addr
line=
while read -r oid val; do line="\$line\$oid=\$val|"; done
echo "\$line" >>"$T/traps"
EOF
	chmod +x "$T/handler.sh"
	cat >"$T/snmptrapd.conf" <<EOF
authCommunity log,execute public
traphandle default $T/handler.sh
EOF
	: >"$T/traps"
	nsx
	MIBS= "${NSX[@]}" /usr/sbin/snmptrapd -f -C -c "$T/snmptrapd.conf" -On \
	    -Lf "$T/snmptrapd.log" "udp:127.0.0.1:$TPORT" &
	TRAPD_PID=$!
	wait_for 10 grep -q "NET-SNMP version" "$T/snmptrapd.log"
}

# wait_for SECONDS CMD...: retry CMD every 0.1 s; 0 once it succeeds.
wait_for() {
	local end=$((SECONDS + $1)); shift
	while ! "$@" >/dev/null 2>&1; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.1
	done
	return 0
}

# sget NAME...: values as displayed (DISPLAY-HINTs applied).
sget() {
	in_ns snmpget "${SNMPOPTS[@]}" -Oqv "127.0.0.1:$PORT" "$@" 2>&1
}
sget_ok() {
	local v
	v=$(in_ns snmpget "${SNMPOPTS[@]}" -Oqv "127.0.0.1:$PORT" "$@" \
	    2>/dev/null) || return 1
	[ -n "$v" ] && ! [[ $v =~ No\ Such ]]
}

# oid NAME: the numeric OID of a SENSE-UTILIZATION-MIB name.
oid() {
	snmptranslate -m SENSE-UTILIZATION-MIB -M "$MIBPATH" -On \
	    "SENSE-UTILIZATION-MIB::$1"
}

# sraw NAME...: raw values (no MIB: integers as sent).
sraw() {
	local a=() n
	for n in "$@"; do
		local base=${n%%.*} inst=${n#*.}
		a+=("$(oid "$base").$inst")
	done
	in_ns snmpget -v2c -c public -t 2 -r 1 -m '' -Oqv \
	    "127.0.0.1:$PORT" "${a[@]}" 2>&1
}

swalk() {
	in_ns snmpbulkwalk "${SNMPOPTS[@]}" -Cr50 "127.0.0.1:$PORT" "$@" 2>&1
}

# samples: the agent's sample counter.
samples() { sraw senseAgentSamples.0; }

# wait_samples N: wait until N more samples were taken.
wait_samples() {
	local s want
	s=$(samples)
	[[ $s =~ ^[0-9]+$ ]] || return 1
	want=$((s + $1))
	wait_for $(($1 * 3 + 5)) test_samples_ge "$want"
}
test_samples_ge() {
	local s
	s=$(samples) && [[ $s =~ ^[0-9]+$ ]] && [ "$s" -ge "$1" ]
}

# fixture_proc DIR: a fixture /proc: copies of stat and mountinfo, and
# meminfo, net/dev and uptime the test rewrites with fix_write.
fixture_proc() {
	mkdir -p "$1/self" "$1/net" "$1/sys/kernel/random"
	cp /proc/stat "$1/stat"
	cp /proc/self/mountinfo "$1/self/mountinfo"
	echo "fixture-boot-id" >"$1/sys/kernel/random/boot_id"
	echo "1000.00 0.00" >"$1/uptime"
}

# fix_write FILE CONTENT: replace a fixture file atomically.
fix_write() {
	printf '%s\n' "$2" >"$1.tmp.$$" && mv -f "$1.tmp.$$" "$1"
}

# meminfo TOTAL_KB AVAIL_KB [SWAPTOTAL_KB SWAPFREE_KB]
meminfo() {
	printf 'MemTotal: %s kB\nMemFree: %s kB\nMemAvailable: %s kB\n%s\n%s\n' \
	    "$1" "$2" "$2" "SwapTotal: ${3:-0} kB" "SwapFree: ${4:-0} kB"
}

# netdev NAME RXBYTES TXBYTES: a /proc/net/dev with one interface.
netdev() {
	printf '%s\n%s\n%8s: %s %s 0 0 0 0 0 0 %s %s 0 0 0 0 0 0\n' \
	    "Inter-|   Receive                            |  Transmit" \
	    " face |bytes    packets errs drop fifo frame compressed multicast|bytes packets" \
	    "$1" "$2" 1000 "$3" 1000
}

# fixture_if SYSDIR NAME IFINDEX SPEED: a sysfs entry for one interface.
fixture_if() {
	local d=$1/class/net/$2
	mkdir -p "$d"
	echo "$3" >"$d/ifindex"
	echo "$4" >"$d/speed"
	echo up >"$d/operstate"
	echo 0x1003 >"$d/flags"
	echo 1 >"$d/type"
}

# no_asan_report FILE: 0 when FILE has no sanitizer report.
no_asan_report() {
	! grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$1" \
	    2>/dev/null
}
