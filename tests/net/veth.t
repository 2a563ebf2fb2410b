#!/usr/bin/env bash
# check_sense_net on a real veth pair between two network namespaces
# this test creates (10.213.0.1/30 <-> 10.213.0.2/30, inside the
# namespaces only): the plugin runs in each namespace before and after
# a paced UDP stream of known size, and the rate it reports must be the
# bytes sent over the time between the runs; --speed is set so that the
# stream is 80% (WARNING) and then 120% (CRITICAL, not clamped) of the
# link.  Both namespaces, and with them the veth pair, are deleted on
# exit, pass or fail.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/net/lib.bash"
[ -x "$net" ] || skip_all "no $net"
[ "$(id -u)" -eq 0 ] || skip_all "needs root for ip netns"
command -v ip >/dev/null || skip_all "no ip (iproute2)"
tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"

A=sensenet-a-$$
B=sensenet-b-$$
ip netns add "$A" 2>/dev/null || skip_all "cannot create a network namespace"
cleanup "ip netns del $A"
ip netns add "$B" || skip_all "cannot create a second namespace"
cleanup "ip netns del $B"
for ns in "$A" "$B"; do
	# No IPv6: router solicitations and DAD would add bytes we did
	# not send.
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
done
# Created inside A with its peer inside B: never in our namespace.
ip -n "$A" link add vsa type veth peer name vsb netns "$B" ||
    skip_all "cannot create a veth pair"
ip -n "$A" addr add 10.213.0.1/30 dev vsa
ip -n "$B" addr add 10.213.0.2/30 dev vsb
ip -n "$A" link set vsa up
ip -n "$B" link set vsb up

# A discard receiver in B, so no ICMP port-unreachable comes back.
ip netns exec "$B" python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.213.0.2", 9))
while True:
    s.recv(65536)
' &
recv=$!
cleanup "kill $recv"
sleep 0.2

# send N SIZE SECONDS: N datagrams of SIZE payload bytes from A to B,
# evenly over SECONDS.  Each is SIZE + 42 bytes on the wire that
# /proc/net/dev counts (UDP 8 + IPv4 20 + Ethernet 14).
send() {
	ip netns exec "$A" python3 - "$@" <<'PY'
import socket, sys, time
n, size, dur = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
data = b"s" * size
t0 = time.monotonic()
for i in range(n):
    d = t0 + dur * i / n - time.monotonic()
    if d > 0:
        time.sleep(d)
    assert s.sendto(data, ("10.213.0.2", 9)) == size
PY
}
now() { date +%s%N; }
# py EXPR: 0 when the Python expression is true.
py() { python3 -c "import sys; sys.exit(not ($1))"; echo $?; }
num() { perf "$1" | sed 's/[%;].*//'; }
# speed_for NS PERCENT: the link speed (Mb/s) at which BYTES in NS
# nanoseconds are PERCENT of it; shell arithmetic, so no process start
# between the measurement and the run widens the window.
speed_for() {
	local bps=$(( BYTES * 8 * 1000000000 / $1 * 100 / $2 ))
	printf '%d.%06d\n' $((bps / 1000000)) $((bps % 1000000))
}

# One datagram first, so ARP is resolved before the baselines.
send 1 8 0
sleep 0.2
like "$(ip -n "$A" neigh show 10.213.0.2 dev vsa)" "lladdr" \
    "veth pair up, B's address resolved"

N=4000
SIZE=1000
BYTES=$((N * (SIZE + 42)))

declare -A ns=([vsa]=$A [vsb]=$B) dir=([vsa]=tx [vsb]=rx)
declare -A t0 t1		# start and end (ns) of each side's last run

# Baselines: a first run (two short samples) and a second one that
# answers from its state at once, so every later window starts within a
# quick run.
for i in vsa vsb; do
	NET_WRAP=(ip netns exec "${ns[$i]}")
	run_net "$i baseline" -i "$i" --state-dir "$tmp/$i"
	run_net "$i baseline again" -i "$i" --state-dir "$tmp/$i"
	is "$rc" 0 "$i baseline: idle link OK"
	t0[$i]=$net_t0
	t1[$i]=$net_t1
done

# side IF NAME TARGET WANT: run the plugin in IF's namespace with a
# --speed that makes the stream TARGET percent of the link, and check
# the state and that the rate is the stream's bytes over the time
# between the two runs: at most from the end of the previous run to the
# start of this one (inner), at least from the start of the previous to
# the end of this one (outer); 1% slack for the clocks.
side() {
	local i=$1 name=$2 target=$3 want=$4 sp inner outer rate util
	sp=$(speed_for $(( $(now) - t1[$i] )) "$target")
	NET_WRAP=(ip netns exec "${ns[$i]}")
	run_net "$name $i" -i "$i" --state-dir "$tmp/$i" --speed "$i=$sp"
	inner=$((net_t0 - t1[$i]))
	outer=$((net_t1 - t0[$i]))
	t0[$i]=$net_t0
	t1[$i]=$net_t1
	is "$rc" "$want" "$name: $i exit $want"
	rate=$(num "${i}_${dir[$i]}_bps")
	ok "$(py "$BYTES * 8e9 / $outer * 0.99 <= $rate <= \
	    $BYTES * 8e9 / $inner * 1.01")" \
	    "$name: $i ${dir[$i]} $rate b/s = $BYTES bytes over" \
	    "$((inner / 1000000))..$((outer / 1000000)) ms"
	util=$(num "${i}_util")
	ok "$(py "abs($util - $rate / ($sp * 1e4)) < 1e-3 and \
	    abs($util - $target) <= 0.1 * $target")" \
	    "$name: $i util $util% = rate / $sp Mb/s, ~${target}%"
	is "$(num "${i}_${dir[$i]}_drops")" 0 "$name: $i no drops"
}

# phase NAME TARGET WANT: the stream, then both ends judged.
phase() {
	send "$N" "$SIZE" 2 || diag "sender failed"
	side vsa "$@"
	side vsb "$@"
}

phase "80%" 80 1
phase "120%" 120 2
like "$(first_line)" "^NET CRITICAL - vsb 1[12][0-9]\.[0-9]{2}% of " \
    "above the link speed reported as such, not clamped"

# Without --speed the veth's own speed from the namespace's sysfs.
NET_WRAP=(ip netns exec "$A")
run_net "A sysfs speed" -i vsa --state-dir "$tmp/vsa"
sp=$(ip netns exec "$A" cat /sys/class/net/vsa/speed 2>/dev/null)
if [ -n "$sp" ] && [ "$sp" -gt 0 ] 2>/dev/null; then
	like "$(long_line vsa)" "of $((sp / 1000)) Gb/s|of $sp Mb/s" \
	    "speed from the namespace's sysfs ($sp Mb/s)"
else
	like "$(long_line vsa)" "speed unknown" "veth without a speed"
fi
done_testing
