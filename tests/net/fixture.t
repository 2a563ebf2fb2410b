#!/usr/bin/env bash
# check_sense_net on fixture trees: a baseline run, then a second run on
# the tree 300 s later, each variant from a copy of the baseline's state
# directory, with the exact figures and states the counters imply.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/net/lib.bash"
[ -x "$net" ] || skip_all "no $net"
tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"

B1=11111111-0000-0000-0000-000000000001
B2=22222222-0000-0000-0000-000000000002
F=$tmp/f

# links ROOT [ETH1_IFINDEX]: lo, eth0 (100 Mb/s), eth1 (speed -1 as
# virtio says), ifb0 (down, speed EINVAL).
links() {
	sys_if "$1" lo 1 0x9 772 unknown -
	sys_if "$1" eth0 2 0x1003 1 up 100
	sys_if "$1" eth1 "${2:-3}" 0x1003 1 up -1
	sys_if "$1" ifb0 4 0x82 1 down -
}

# t0: uptime 1000 s.
t0() {
	fixture "$F" 1000.00 "${1:-$B1}"
	dev_line "$F" lo 5000 50 0 0 5000 50 0 0
	dev_line "$F" eth0 1000000 1000 10 0 2000000 2000 0 4
	dev_line "$F" eth1 500000 500 0 0 400000 400 0 0
	dev_line "$F" ifb0 0 0 0 0 0 0 0 0
	links "$F"
}

# t1 = t0 + 300 s: eth0 rx 75 Mb/s, tx 10 Mb/s, 2 rx errors/s, 0.5 tx
# drops/s; eth1 rx 1 Mb/s, tx 200 kb/s; lo 800 b/s each way.
t1() {
	fixture "$F" 1300.00 "$B1"
	dev_line "$F" lo 35000 80 0 0 35000 80 0 0
	dev_line "$F" eth0 2813500000 301000 610 0 377000000 32000 0 154
	dev_line "$F" eth1 38000000 30500 0 0 7900000 5400 0 0
	dev_line "$F" ifb0 0 0 0 0 0 0 0 0
	links "$F" "${1:-3}"
}

base=$tmp/state0
opts=(--procfs "$F/proc" --sysfs "$F/sys")

# --- the baseline: empty state directory, two samples 0.5 s apart ---
t0
run_net "first run" "${opts[@]}" --state-dir "$base"
is "$rc" 0 "first run: OK"
is "$(first_line | cut -d'|' -f1)" "NET OK - 2 interfaces, highest eth0 0.00% " \
    "first run: lo and down ifb0 skipped, eth0 and eth1 measured"
is "$(perf eth0_util)" "0%;70;90;0" "first run: a measured 0% (static tree)"
like "$(long_line eth0)" "over 0\.5[0-9]{2} s \(no previous sample\)$" \
    "first run: two samples 0.5 s apart, and says why"
like "$(long_line eth1)" "^OK: eth1 speed unknown \(rx 0 b/s, tx 0 b/s\)" \
    "first run: eth1 speed unknown, no percentage"
is "$(perf eth1_util)" "" "first run: no eth1_util item"
ok "$([ -f "$(ls "$base"/net-*.state)" ]; echo $?)" "state file written"
is "$(stat -c %a "$base")" 700 "state dir private"

fresh() { rm -rf "$tmp/s"; cp -a "$base" "$tmp/s"; }

# --- the second run, 300 s later ---
t1
fresh
run_net "300 s later" "${opts[@]}" --state-dir "$tmp/s"
is "$rc" 1 "75% on eth0 is WARNING"
is "$(first_line | cut -d'|' -f1)" "NET WARNING - eth0 75.00% of 100 Mb/s " \
    "status line names the interface"
is "$(perf eth0_util)" "75%;70;90;0" "eth0_util=75%"
is "$(perf eth0_rx_bps)" "75000000;;;0;100000000" "eth0 rx 75 Mb/s, max speed"
is "$(perf eth0_tx_bps)" "10000000;;;0;100000000" "eth0 tx 10 Mb/s"
is "$(perf eth0_rx_errors)" "2;;;0" "eth0 2 rx errors/s"
is "$(perf eth0_tx_drops)" "0.5;;;0" "eth0 0.5 tx drops/s"
is "$(perf eth0_rx_drops)" "0;;;0" "eth0 no rx drops"
is "$(perf eth1_rx_bps)" "1000000;;;0" "N2: eth1 rates without a max"
is "$(perf eth1_tx_bps)" "200000;;;0" "eth1 tx 200 kb/s"
is "$(perf eth1_util)" "" "N2: eth1 no percentage"
is "$(long_line eth0)" "WARNING: eth0 75.00% of 100 Mb/s, rx 75 Mb/s, tx 10 Mb/s, errors 2.00/s, drops 0.50/s over 300.00 s" \
    "long output line for eth0"
is "$(long_line eth1)" "OK: eth1 speed unknown (rx 1 Mb/s, tx 200 kb/s), errors 0.00/s, drops 0.00/s over 300.00 s" \
    "long output line for eth1"
is "$(sed -n '2,$p' "$tmp/out" | wc -l)" 2 "one long line per interface"

fresh
run_net "thresholds 50/74.99" "${opts[@]}" --state-dir "$tmp/s" -w 50 -c 74.99
is "$rc" 2 "75% over 74.99 is CRITICAL (worst state wins)"
is "$(first_line | cut -d'|' -f1)" \
    "NET CRITICAL - eth0 75.00% of 100 Mb/s, eth1 speed unknown " \
    "N2: explicit thresholds, eth1 without override named unknown"

fresh
run_net "N2 -i eth1 -w 50" "${opts[@]}" --state-dir "$tmp/s" -i eth1 -w 50
is "$rc" 3 "N2: percent threshold asked, speed unknown: UNKNOWN"
is "$(first_line | cut -d'|' -f1)" "NET UNKNOWN - eth1 speed unknown " \
    "N2: 'speed unknown'"
is "$(perf eth1_rx_bps)" "1000000;;;0" "N2: rates still in perfdata"

fresh
run_net "--speed eth1=2 -w 50" "${opts[@]}" --state-dir "$tmp/s" -i eth1 \
    -w 50 --speed eth1=2
is "$rc" 0 "1 Mb/s of 2 Mb/s = 50.0 on -w 50: OK"
is "$(first_line | cut -d'|' -f1)" "NET OK - eth1 50.00% of 2 Mb/s " \
    "override makes the percentage"
is "$(perf eth1_util)" "50%;50;90;0" "eth1_util=50%;50;90"

fresh
run_net "--speed eth1=2 -w 49.99" "${opts[@]}" --state-dir "$tmp/s" -i eth1 \
    -w 49.99 --speed eth1=2
is "$rc" 1 "50 over 49.99: WARNING"

fresh
run_net "--speed 2.048 (E1)" "${opts[@]}" --state-dir "$tmp/s" -i eth1 \
    --speed 2.048
is "$(perf eth1_util)" "48.828125%;70;90;0" "fractional speed: 1/2.048"

fresh
run_net "--speed 50" "${opts[@]}" --state-dir "$tmp/s" --speed 50
is "$rc" 2 "75 Mb/s on 50 Mb/s: CRITICAL"
is "$(first_line | cut -d'|' -f1)" "NET CRITICAL - eth0 150.00% of 50 Mb/s " \
    "above the link speed: 150%, not clamped"
is "$(perf eth0_util)" "150%;70;90;0" "perfdata 150%"
is "$(perf eth1_util)" "2%;70;90;0" "global --speed applies to eth1 too"

fresh
run_net "--speed 1000 --speed eth0=100" "${opts[@]}" --state-dir "$tmp/s" \
    --speed 1000 --speed eth0=100
is "$rc" 1 "per-interface override beats the global one"
is "$(perf eth0_util)" "75%;70;90;0" "eth0 on 100"
is "$(perf eth1_util)" "0.1%;70;90;0" "eth1 on 1000"

# --- selection ---
fresh
run_net "-i lo" "${opts[@]}" --state-dir "$tmp/s" -i lo
is "$rc" 0 "named loopback is checked"
is "$(first_line | cut -d'|' -f1)" \
    "NET OK - lo speed unknown (rx 800 b/s, tx 800 b/s) " "lo 800 b/s"

fresh
run_net "-i ifb0" "${opts[@]}" --state-dir "$tmp/s" -i ifb0
is "$(first_line | cut -d'|' -f1)" \
    "NET OK - ifb0 speed unknown (rx 0 b/s, tx 0 b/s) " \
    "named down interface is checked"

fresh
run_net "-r ifb" "${opts[@]}" --state-dir "$tmp/s" -r ifb
is "$rc" 3 "a regex does not bring in a down interface"
is "$(first_line)" "NET UNKNOWN - no interface selected" "says so"

fresh
run_net "-r ^eth -x 1\$" "${opts[@]}" --state-dir "$tmp/s" -r '^eth' -x '1$'
is "$(perf eth0_util)" "75%;70;90;0" "regex selects eth0"
is "$(perf eth1_rx_bps)" "" "exclude-regex drops eth1"

fresh
run_net "-i eth1 -x eth" "${opts[@]}" --state-dir "$tmp/s" -i eth1 -x eth
is "$(perf eth1_rx_bps)" "1000000;;;0" "a named interface beats -x"
is "$(perf eth0_rx_bps)" "" "-i without -r selects only the named"

fresh
run_net "-i eth9" "${opts[@]}" --state-dir "$tmp/s" -i eth9 -i eth0
is "$rc" 1 "missing eth9 is UNKNOWN, but eth0's WARNING is worse"
is "$(first_line | cut -d'|' -f1)" \
    "NET WARNING - eth9: no such interface, eth0 75.00% of 100 Mb/s " \
    "names both"
is "$(perf eth0_util)" "75%;70;90;0" "eth0 still measured beside it"
fresh
run_net "-i eth9 alone" "${opts[@]}" --state-dir "$tmp/s" -i eth9
is "$rc" 3 "a named interface that does not exist: UNKNOWN"
is "$(first_line)" "NET UNKNOWN - eth9: no such interface" "names it"

# --- N1: counter reset ---
fixture "$F" 1300.00 "$B1"
dev_line "$F" eth0 12000 20 0 0 9000 10 0 0
dev_line "$F" eth1 38000000 30500 0 0 7900000 5400 0 0
links "$F"
fresh
run_net "N1 same boot, counters back" "${opts[@]}" --state-dir "$tmp/s"
is "$rc" 0 "N1: reset, no spike: OK"
like "$(long_line eth0)" "over 0\.5[0-9]{2} s \(counter reset\)$" \
    "N1: says counter reset, measured anew"
is "$(perf eth0_rx_bps)" "0;;;0;100000000" "N1: no spike (0 over 0.5 s)"
is "$(perf eth1_rx_bps)" "1000000;;;0" "N1: eth1 keeps its 300 s rate"
# The reset reading is the new baseline: +37.5 MB in 300 s = 1 Mb/s.
fixture "$F" 1600.00 "$B1"
dev_line "$F" eth0 37512000 40 0 0 9000 10 0 0
dev_line "$F" eth1 38000000 30500 0 0 7900000 5400 0 0
links "$F"
run_net "N1 next period" "${opts[@]}" --state-dir "$tmp/s"
is "$(perf eth0_util)" "1%;70;90;0" "N1: next rate from the new baseline"
like "$(long_line eth0)" "over 300\.00 s$" "N1: over 300 s"

# N1 as in the field: another boot id (and a low uptime).
fixture "$F" 60.00 "$B2"
dev_line "$F" eth0 12000 20 0 0 9000 10 0 0
dev_line "$F" eth1 5000 5 0 0 4000 4 0 0
links "$F"
fresh
run_net "N1 other boot" "${opts[@]}" --state-dir "$tmp/s"
is "$rc" 0 "N1 reboot: OK"
like "$(long_line eth0)" "\(no previous sample\)$" \
    "N1 reboot: the other boot's state is not ours"
is "$(perf eth0_rx_bps)" "0;;;0;100000000" "N1 reboot: no spike"

# --- ifindex change resets only that interface ---
t1 9
fresh
run_net "eth1 re-created" "${opts[@]}" --state-dir "$tmp/s"
is "$rc" 1 "eth0 still WARNING"
is "$(perf eth0_util)" "75%;70;90;0" "eth0 keeps its rate"
like "$(long_line eth1)" "\(ifindex changed\)$" "eth1: ifindex changed"
is "$(perf eth1_rx_bps)" "0;;;0" "eth1: no rate across the change"
ok "$(grep -q '^if eth1 9 ' "$tmp"/s/net-*.state; echo $?)" \
    "new ifindex saved as the baseline"

# --- per-interface baselines: a check of eth0 keeps eth1's baseline ---
t1
fresh
run_net "-i eth0 at 1300" "${opts[@]}" --state-dir "$tmp/s" -i eth0
fixture "$F" 1600.00 "$B1"
dev_line "$F" eth0 2813500000 301000 610 0 377000000 32000 0 154
dev_line "$F" eth1 75500000 30500 0 0 400000 400 0 0
links "$F"
run_net "-i eth1 at 1600" "${opts[@]}" --state-dir "$tmp/s" -i eth1 \
    --speed eth1=10
is "$(perf eth1_util)" "10%;70;90;0" "eth1: 75 MB in 600 s = 1 Mb/s of 10"
like "$(long_line eth1)" "over 600\.00 s$" \
    "eth1 measured from its own baseline, 600 s back"

# --- corrupt state: treated as missing ---
t1
for how in garbage truncated edited; do
	fresh
	sf=$(ls "$tmp"/s/net-*.state)
	case $how in
	garbage) printf 'sense-state 1\n\x01\x02' >"$sf" ;;
	truncated) head -c -9 "$sf" >"$sf.x" && mv "$sf.x" "$sf" ;;
	edited) sed -i 's/^if eth0 2 /if eth0 x /' "$sf" ;;
	esac
	run_net "$how state" "${opts[@]}" --state-dir "$tmp/s"
	is "$rc" 0 "$how state: no previous sample, measured anew"
	like "$(long_line eth0)" "\(no previous sample\)$" "$how state: says so"
done

# --- a name the kernel allows but perfdata must quote ---
odd="we|rd'x=1"
fixture "$F" 1000.00 "$B1"
dev_line "$F" "$odd" 100 1 0 0 100 1 0 0
sys_if "$F" "$odd" 5 0x1003 1 up -1
run_net "odd name" "${opts[@]}" --state-dir "$tmp/odd" --speed "$odd=5"
is "$rc" 0 "odd name: checked, --speed IF=N split at the last '='"
like "$(first_line)" "^NET OK - we/rd'x=1 0.00% of 5 Mb/s \| 'we_rd''x_1_util'=0%;" \
    "odd name: '|' kept out of the text, label quoted with '' doubled"

# --- unreadable input: UNKNOWN with the file named ---
t1
echo "  eth0: 1 2 3" >>"$F/proc/net/dev"
run_net "malformed net/dev" "${opts[@]}" --state-dir "$tmp/bad"
is "$rc" 3 "malformed /proc/net/dev: UNKNOWN"
is "$(first_line)" "NET UNKNOWN - $F/proc/net/dev: malformed line" \
    "names the file"
t1
rm "$F/proc/uptime"
run_net "no uptime" "${opts[@]}" --state-dir "$tmp/bad"
is "$rc" 3 "no clock: UNKNOWN, no rate from a guessed time"
is "$(first_line)" \
    "NET UNKNOWN - cannot read the uptime clock of $F/proc" "says so"
run_net "no procfs" --procfs "$tmp/none" --sysfs "$F/sys" \
    --state-dir "$tmp/bad"
is "$rc" 3 "no /proc/net/dev: UNKNOWN"
like "$(first_line)" \
    "^NET UNKNOWN - cannot read $tmp/none/net/dev: No such file" \
    "names the file and the error"

# --- a state directory that cannot be written: the check stands ---
t1
run_net "unwritable state dir" "${opts[@]}" --state-dir /proc/sense-net-no
is "$rc" 0 "as a first run: two samples of a static tree, OK"
like "$(long_line eth0)" "\(no previous sample\)$" "measured anew"
like "$(tail -n1 "$tmp/out")" \
    "^state not saved to /proc/sense-net-no/net-[0-9a-f]{16}\.state: " \
    "the long output says the state was not saved, and why"

# --- a hung read: the timeout names the stage ---
t1
rm -f "$F/proc/net/dev"
mkfifo "$F/proc/net/dev"
start=$(date +%s%N)
run_net "hung /proc/net/dev" "${opts[@]}" --state-dir "$tmp/s" -t 1
ms=$(( ($(date +%s%N) - start) / 1000000 ))
is "$rc" 3 "timeout: UNKNOWN"
is "$(first_line)" \
    "NET UNKNOWN - timed out after 1 s while reading $F/proc/net/dev" \
    "timeout names the file"
ok "$([ "$ms" -lt 2500 ]; echo $?)" "stopped in ${ms} ms"

done_testing
