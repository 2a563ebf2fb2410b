#!/usr/bin/env bash
# C3 for check_sense_net: without a previous sample the plugin takes two
# samples 0.5 s apart and reports their rate, never a fake 0.  The
# fixture's /proc/net/dev is a FIFO serving t0 to the first read and t1
# (eth0 +3125000 bytes = 25 Mbit received) to the second, as a real
# interface would; the rate must be 25 Mbit over the 0.5 s measured by
# the plugin's own clock.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/net/lib.bash"
[ -x "$net" ] || skip_all "no $net"
tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"
F=$tmp/f

fixture "$F" 500.00 33333333-0000-0000-0000-000000000003
sys_if "$F" eth0 2 0x1003 1 up 100
hdr=$(cat "$F/proc/net/dev")
line() { printf '%6s: %s %s 0 0 0 0 0 0 %s %s 0 0 0 0 0 0' eth0 "$@"; }
t0="$hdr"$'\n'"$(line 1000000 1000 2000000 2000)"
t1="$hdr"$'\n'"$(line 4125000 3500 2500000 2400)"
rm -f "$F/proc/net/dev"
mkfifo "$F/proc/net/dev"
(
	for t in "$t0" "$t1"; do
		printf '%s\n' "$t" >"$F/proc/net/dev"
		sleep 0.1
	done
) &
cleanup "kill $!"
feeder=$!

# py EXPR: 0 when the Python expression is true.
py() { python3 -c "import sys; sys.exit(not ($1))"; echo $?; }

start=$(date +%s%N)
run_net "first run" --procfs "$F/proc" --sysfs "$F/sys" \
    --state-dir "$tmp/s" -i eth0
ms=$(( ($(date +%s%N) - start) / 1000000 ))
wait "$feeder"
is "$rc" 0 "about 45..50% of 100 Mb/s: OK"
like "$(long_line eth0)" "over 0\.5[0-9]{2} s \(no previous sample\)$" \
    "two samples 0.5 s apart, and says so"
ok "$([ "$ms" -ge 500 ] && [ "$ms" -lt 3000 ]; echo $?)" \
    "took ${ms} ms (>= the 0.5 s interval)"
rx=$(perf eth0_rx_bps | cut -d';' -f1)
tx=$(perf eth0_tx_bps | cut -d';' -f1)
util=$(perf eth0_util | cut -d'%' -f1)
# 25 Mbit over 0.5..0.6 s; tx 4 Mbit over the same time.
ok "$(py "25e6 / 0.6 <= $rx <= 25e6 / 0.5")" \
    "rx $rx b/s is 25 Mbit over the measured interval"
ok "$(py "4e6 / 0.6 <= $tx <= 4e6 / 0.5")" \
    "tx $tx b/s is 4 Mbit over the same interval"
ok "$(py "abs($util - $rx / 1e6) < 1e-4")" "util $util% is rx over 100 Mb/s"
ok "$(grep -q '^if eth0 2 500.000000 4125000 ' "$tmp"/s/net-*.state
    echo $?)" "the second sample is the saved baseline"

# The short pair itself sees a reset, or the interface disappear: no
# figure for it (UNKNOWN with the reason), never a spike.
pair() {		# pair NAME T0 T1
	rm -rf "$tmp/s"
	(
		printf '%s\n' "$2" >"$F/proc/net/dev"
		sleep 0.1
		printf '%s\n' "$3" >"$F/proc/net/dev"
	) &
	cleanup "kill $!"
	feeder=$!
	run_net "$1" --procfs "$F/proc" --sysfs "$F/sys" \
	    --state-dir "$tmp/s" -i eth0
	wait "$feeder"
}
pair "reset in the pair" "$t1" "$t0"
is "$rc" 3 "reset between the two samples: UNKNOWN"
is "$(first_line)" "NET UNKNOWN - eth0 reset while sampled" "says so"
pair "gone in the pair" "$t0" "$hdr"
is "$rc" 3 "interface gone between the two samples: UNKNOWN"
is "$(first_line)" "NET UNKNOWN - eth0 vanished while sampled" "says so"
ok "$(grep -qv '^if eth0 ' "$tmp"/s/net-*.state; echo $?)" \
    "the vanished interface is not in the saved state"
done_testing
