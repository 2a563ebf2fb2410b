#!/usr/bin/env bash
# check_sense_net with a file that never answers (a FIFO nobody writes)
# at every stage of reading a sample: the boot id, /proc/net/dev, the
# uptime clock, an interface's sysfs speed.  -t stops the plugin with
# UNKNOWN naming the file that hung, not a stage that already passed.
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
done_testing
