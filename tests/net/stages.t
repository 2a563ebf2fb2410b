#!/usr/bin/env bash
# check_sense_net with a file that never answers (a FIFO nobody writes)
# at every stage of reading a sample: the boot id, /proc/net/dev, the
# uptime clock, an interface's sysfs speed.  -t stops the plugin with
# UNKNOWN naming the file that hung, not a stage that already passed.
# Also the uptime clock going back, and twenty runs racing on one state
# directory.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/net/lib.bash"
[ -x "$net" ] || skip_all "no $net"
tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"
r=$tmp/fx

hang() {		# hang REL: replace file REL of the tree by a FIFO
	rm -f "$r/$1"
	mkfifo "$r/$1"
}
for what in proc/sys/kernel/random/boot_id proc/net/dev proc/uptime \
    sys/class/net/eth0/speed; do
	fixture "$r" 100.00 "ffffffff-0000-0000-0000-000000000009"
	dev_line "$r" eth0 0 0 0 0 0 0 0 0
	sys_if "$r" eth0 2 0x1003 1 up 1000
	hang "$what"
	run_net "hung $what" --procfs "$r/proc" --sysfs "$r/sys" \
	    --state-dir "$tmp/s" -t 0.3
	is "$rc" 3 "hung $what: UNKNOWN"
	want=$what
	[ "${what#sys/}" = "$what" ] || want=sys/class/net/eth0
	like "$(first_line)" \
	    "^NET UNKNOWN - timed out after 0.3 s while reading $r/$want$" \
	    "hung $what: named"
done

# The uptime clock going back (a fixture, or a clock file rewritten):
# no negative window and no spike, a fresh pair of samples instead.
fixture "$r" 500.00 "ffffffff-0000-0000-0000-00000000000a"
dev_line "$r" eth0 0 0 0 0 0 0 0 0
sys_if "$r" eth0 2 0x1003 1 up 1000
rm -rf "$tmp/s"
run_net "clock, first run" --procfs "$r/proc" --sysfs "$r/sys" \
    --state-dir "$tmp/s"
printf '400.00 400.00\n' >"$r/proc/uptime"
fixture_dev=$r/proc/net/dev
sed -i 's/eth0: 0 0 0 0/eth0: 1000000000 0 0 0/' "$fixture_dev"
run_net "clock went back" --procfs "$r/proc" --sysfs "$r/sys" \
    --state-dir "$tmp/s"
is "$rc" 0 "clock went back: OK, no spike from 1 GB in a negative window"
like "$(long_line eth0)" "\(no time elapsed\)$" \
    "clock went back: sampled twice and says why"

# Twenty checks racing on one state directory: every one answers, one
# state file is left and no temporary file.
pids=()
for i in $(seq 20); do
	"$net" --procfs "$r/proc" --sysfs "$r/sys" --state-dir "$tmp/race" \
	    >"$tmp/race.$i" 2>&1 &
	pids+=($!)
done
bad=0
for p in "${pids[@]}"; do wait "$p" || [ $? -le 2 ] || bad=$((bad + 1)); done
is "$bad" 0 "20 racing runs: every one exits 0..2"
is "$(cat "$tmp"/race.* | grep -c '^NET OK - ')" 20 \
    "20 racing runs: every one prints a status line"
is "$(ls "$tmp/race" | tr '\n' ' ')" \
    "$(cd "$tmp/race" && ls net-*.state) " \
    "20 racing runs: one state file, no temporary file left"
done_testing
