# lib.bash -- helpers for the check_sense_net CLI tests (sourced after
# tap.sh).  Needs $tmp (a directory the test made and cleans up).

net=$SENSE_BUILD/check_sense_net
NET_WRAP=()

# run_net NAME ARGS...: run the plugin (prefixed by the NET_WRAP array,
# e.g. "ip netns exec NS"), keep stdout in $out, the exit code in $rc,
# and validate the output with perfcheck.py --exit $rc --judge as one
# test.  $net_t0 and $net_t1 are the plugin's start and end (ns).
run_net() {
	local name=$1 why
	shift
	net_t0=$(date +%s%N)
	"${NET_WRAP[@]}" "$net" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	net_t1=$(date +%s%N)
	out=$(cat "$tmp/out")
	why=$(python3 "$SENSE_TOP/tests/lib/perfcheck.py" --exit "$rc" \
	    --judge <"$tmp/out")
	ok $? "$name: output valid (exit $rc)"
	[ -z "$why" ] || diag "$why"
	return 0
}

# first_line: the status line of the last run.
first_line() { head -n1 "$tmp/out"; }

# perf LABEL: the value field of perfdata item LABEL in the last run.
perf() {
	head -n1 "$tmp/out" | sed -n 's/^[^|]*|//p' | tr ' ' '\n' |
	    sed -n "s/^$1=//p"
}

# long_line NAME: the long-output line of interface NAME.
long_line() { sed -n "2,\$p" "$tmp/out" | grep -E "^[A-Z]+: $1 "; }

# fixture ROOT UPTIME BOOTID: an empty procfs + sysfs tree with a clock
# and a boot id; interfaces are added with dev_line and sys_if.
fixture() {
	rm -rf "$1"
	mkdir -p "$1/proc/net" "$1/proc/sys/kernel/random" "$1/sys/class/net"
	printf '%s 100.00\n' "$2" >"$1/proc/uptime"
	printf '%s\n' "$3" >"$1/proc/sys/kernel/random/boot_id"
	cat >"$1/proc/net/dev" <<'HDR'
Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
HDR
}

# dev_line ROOT NAME RXBYTES RXPKTS RXERRS RXDROP TXBYTES TXPKTS TXERRS
# TXDROP: one /proc/net/dev line in the kernel's layout.
dev_line() {
	printf '%6s: %s %s %s %s 0 0 0 0 %s %s %s %s 0 0 0 0\n' \
	    "$2" "$3" "$4" "$5" "$6" "$7" "$8" "$9" "${10}" \
	    >>"$1/proc/net/dev"
}

# sys_if ROOT NAME IFINDEX FLAGS TYPE OPERSTATE SPEED: the sysfs facts;
# SPEED "-" leaves the file out (the kernel's EINVAL).
sys_if() {
	local d=$1/sys/class/net/$2
	mkdir -p "$d"
	echo "$3" >"$d/ifindex"
	echo "$4" >"$d/flags"
	echo "$5" >"$d/type"
	echo "$6" >"$d/operstate"
	rm -f "$d/speed"
	[ "$7" = - ] || echo "$7" >"$d/speed"
}
