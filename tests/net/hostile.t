#!/usr/bin/env bash
# check_sense_net on hostile fixture trees: interface names with quotes,
# '=', '|' and UTF-8 (labels quoted, output well-formed), counters near
# 2^64 over 10 ms (huge rates print plainly, rounded as shown), and
# sysfs speed files holding garbage (speed unknown, never a guess).
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/net/lib.bash"
[ -x "$net" ] || skip_all "no $net"
tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"
r=$tmp/fx
boot=abababab-0000-0000-0000-00000000000a
P=(--procfs "$r/proc" --sysfs "$r/sys" --state-dir "$tmp/s")

names=("e'q" "a=b" "p|q" "ü-é")
fixture "$r" 100.00 "$boot"
i=2
for n in "${names[@]}"; do
	dev_line "$r" "$n" 0 0 0 0 0 0 0 0
	sys_if "$r" "$n" "$i" 0x1003 1 up 100
	i=$((i + 1))
done
run_net "odd names, first run" "${P[@]}"
fixture "$r" 200.00 "$boot"
i=2
for n in "${names[@]}"; do
	dev_line "$r" "$n" 1000000000 0 0 0 0 0 0 0
	sys_if "$r" "$n" "$i" 0x1003 1 up 100
	i=$((i + 1))
done
run_net "odd names" "${P[@]}"
is "$rc" 1 "odd names: 80% of 100 Mb/s each, WARNING"
like "$out" "'e''q_util'=80%;70;90;0 " "a quote in a label is doubled"
like "$out" "'a_b_util'=80%;70;90;0 " "= in a label becomes _"
like "$out" "'p_q_util'=80%;70;90;0 " "| in a label becomes _"
like "$out" "'ü-é_util'=80%;70;90;0 " "UTF-8 in a label is kept, quoted"
like "$(first_line)" "p/q 80.00% of 100 Mb/s" "| in the status text is /"

# 2^64-1 bytes in 10 ms: an absurd rate, still printed plainly.
max=18446744073709551615
fixture "$r" 100.00 "$boot"
dev_line "$r" eth0 0 0 0 0 0 0 0 0
sys_if "$r" eth0 2 0x1003 1 up 1000
rm -rf "$tmp/s"
run_net "2^64 counters, first run" "${P[@]}"
fixture "$r" 100.01 "$boot"
dev_line "$r" eth0 "$max" 0 0 0 "$max" 0 0 0
sys_if "$r" eth0 2 0x1003 1 up 1000
run_net "2^64 counters" "${P[@]}"
is "$rc" 2 "2^64 counters: far above the speed, CRITICAL"
like "$(long_line eth0)" ", rx 14757395258.96 Tb/s, tx 14757395258.96 Tb/s," \
    "2^64 counters: the rate rounds to 2 decimals, no binary residue"

# 30,000 interfaces (no sysfs: up, speed unknown): the state file
# (about 1.3 MB) is read back, and a steady run stays well within -t.
fixture "$r" 10.00 "$boot"
python3 - "$r/proc/net/dev" <<'PY'
import sys
with open(sys.argv[1], "a") as f:
    for i in range(30000):
        f.write("veth%05d: 1 2 3 4 0 0 0 0 5 6 7 8 0 0 0 0\n" % i)
PY
rm -rf "$tmp/s"
# Run directly: the perfdata checker would take half a minute on
# 180,000 items (the grammar of these labels is checked above).
"$net" "${P[@]}" >/dev/null
printf '20.00 20.00\n' >"$r/proc/uptime"
t0=$(date +%s%N)
"$net" "${P[@]}" >"$tmp/out"
rc=$?
t1=$(date +%s%N)
is "$rc" 0 "30000 interfaces: OK"
like "$(long_line veth29999)" "over 10.00 s$" \
    "30000 interfaces: rates since the previous run, from the state file"
ok "$([ $(( (t1 - t0) / 1000000 )) -lt 5000 ]; echo $?)" \
    "30000 interfaces: steady run in $(( (t1 - t0) / 1000000 )) ms"

# Speed files that are not a plain positive number: unknown speed.
for sp in garbage '' '1000 extra' ' 1000' 1e3 0x10 100.5 -5 99999999999; do
	fixture "$r" 300.00 "$boot"
	dev_line "$r" eth0 0 0 0 0 0 0 0 0
	sys_if "$r" eth0 2 0x1003 1 up "$sp"
	rm -rf "$tmp/s"
	run_net "speed '$sp'" "${P[@]}" -w 50
	is "$rc" 3 "speed '$sp': unknown, and -w asked: UNKNOWN"
	like "$(first_line)" "^NET UNKNOWN - eth0 speed unknown \|" \
	    "speed '$sp': says so, rates still in perfdata"
done
done_testing
