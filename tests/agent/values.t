#!/usr/bin/env bash
# sense-agent under a real snmpd: snmpget, snmpbulkwalk and snmptable
# return the four metric groups; disk figures equal check_sense_disk's
# and df's (A9: used/(used+avail); nothing available -> exactly 100);
# monitoring-plugins' check_snmp on the sense OIDs reaches the plugin's
# state; no swap is "not applicable" and ok (A8); a link without a speed
# reads speed 0 and utilization unknown, not 0% (A4, eth0 here).
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/agent/lib.sh"
ag_init
[ "$(id -u)" -eq 0 ] && root=1 || root=0

# A tmpfs 75% full (WARNING) and an ext4 whose free space is all
# reserved for root (bavail 0, bfree > 0).
mkdir -p "$T/mnt" "$T/ext"
have_tmpfs=0 have_ext=0
if [ $root = 1 ] && mount -t tmpfs -o size=16m sensetest "$T/mnt"; then
	cleanup "umount -l '$T/mnt'"
	dd if=/dev/zero of="$T/mnt/fill" bs=1M count=12 status=none
	have_tmpfs=1
fi
if [ $root = 1 ] && command -v mkfs.ext4 >/dev/null &&
    truncate -s 32M "$T/ext.img" && mkfs.ext4 -q -m 10 "$T/ext.img" &&
    mount -o loop "$T/ext.img" "$T/ext" 2>/dev/null; then
	cleanup "umount -l '$T/ext'"
	mkdir "$T/ext/u" && chown 65534:65534 "$T/ext/u"
	# An unprivileged writer stops where the reserve begins.
	# Large writes stop with a little left: finish with small ones.
	for bs in 1M 4k 1k; do
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		    dd if=/dev/zero of="$T/ext/u/fill$bs" bs=$bs \
		    count=100000 status=none 2>/dev/null
		sync
	done
	have_ext=1
fi

snmpd_start
ok $? "snmpd runs as AgentX master"
agent_conf "disk = { paths = [ \"/\", \"$T/mnt\", \"$T/ext\" ]; };"
[ $have_tmpfs = 1 ] || agent_conf "disk = { paths = [ \"/\" ]; };"
agent_start
ok $? "sense-agent connects and is served through snmpd"
wait_samples 2

walk=$(swalk SENSE-UTILIZATION-MIB::senseUtilizationMIB)
for o in senseAgentInterval.0 senseCpuBusy.0 senseCpuCoreBusy.1 \
    senseMemUsedPct.0 senseSwapTotal.0 senseDiskPath.1 senseDiskUsedPct.1 \
    senseIfName.; do
	like "$walk" "SENSE-UTILIZATION-MIB::$o" "bulkwalk returns $o"
done
n=$(grep -c . <<<"$walk")
okif "n > 60" "bulkwalk returns every object ($n)"
echo "$walk" | head -5 | sed 's/^/# /'
like "$(sget senseAgentInterval.0)" "^1 seconds$" "interval from sense.conf"
busy=$(sraw senseCpuBusy.0)
okif "busy >= 0 && busy <= 10000" "CPU busy within 0..100% ($busy)"
idle=$(sraw senseCpuIdle.0)
okif "busy + idle >= 9998 && busy + idle <= 10002" "busy + idle = 100%"

tab=$(in_ns snmptable "${SNMPOPTS[@]}" -Cf '|' -CH "127.0.0.1:$PORT" \
    SENSE-UTILIZATION-MIB::senseDiskTable 2>&1)
like "$tab" "^/\|" "snmptable senseDiskTable has the / row"
tab=$(in_ns snmptable "${SNMPOPTS[@]}" -Cf '|' -CH "127.0.0.1:$PORT" \
    SENSE-UTILIZATION-MIB::senseIfTable 2>&1)
like "$tab" "eth0\|" "snmptable senseIfTable lists eth0"
tab=$(in_ns snmptable "${SNMPOPTS[@]}" -Cf '|' -CH "127.0.0.1:$PORT" \
    SENSE-UTILIZATION-MIB::senseCpuCoreTable 2>&1)
is "$(grep -c . <<<"$tab")" "$(grep -c '^cpu[0-9]' /proc/stat)" \
    "snmptable senseCpuCoreTable: one row per core"

# disk_index PATH: the senseDiskTable row of a mount point.
disk_index() {
	swalk SENSE-UTILIZATION-MIB::senseDiskPath -Oqs |
	    awk -v p="$1" '$2 == p { sub(/.*\./, "", $1); print $1 }'
}

# A9: df's figures and check_sense_disk's, at the same moment.
disk_compare() {	# PATH EXACT(1)|TOLERANT(0)
	local p=$1 exact=$2 i out pu psize used size avail pct dfu dfa
	i=$(disk_index "$p")
	okif "${#i} > 0" "$p has a senseDiskTable row ($i)"
	wait_samples 1
	read -r used size avail < <(sraw senseDiskUsed.$i senseDiskSize.$i \
	    senseDiskAvail.$i | tr '\n' ' ')
	pct=$(sraw senseDiskUsedPct.$i)
	out=$("$PLUGINS/check_sense_disk" -p "$p" 2>&1)
	echo "# $out" | head -1
	pu=$(sed -n "s/.*'[^']*'=\([0-9]*\)B;.*/\1/p" <<<"$out" | head -1)
	psize=$(sed -n "s/.*'[^']*'=[0-9]*B;[0-9]*;[0-9]*;0;\([0-9]*\).*/\1/p" \
	    <<<"$out" | head -1)
	read -r dfu dfa < <(df -B1 --output=used,avail "$p" | tail -1)
	if [ "$exact" = 1 ]; then
		is "$used" "$pu" "$p: senseDiskUsed = plugin's used bytes"
		is "$size" "$psize" "$p: senseDiskSize = plugin's size"
		is "$used $avail" "$dfu $dfa" "$p: used and avail = df's"
		want=$(python3 -c "import sys; u,a=map(int,sys.argv[1:]); \
print(int(u*100.0/(u+a)*100+0.5))" "$used" "$avail")
		is "$pct" "$want" "$p: used % = used/(used+avail) ($pct)"
		like "$out" " $(printf '%d.%02d' $((pct / 100)) \
		    $((pct % 100)))% used" "$p: the plugin prints the same %"
	else
		# The root filesystem changes while the tests run.
		d=$(( used > pu ? used - pu : pu - used ))
		okif "d <= size / 200" "$p: used within 0.5% of the plugin's"
		is "$size" "$psize" "$p: senseDiskSize = plugin's size"
	fi
	DISK_I=$i
}
disk_compare / 0
if [ $have_tmpfs = 1 ]; then
	disk_compare "$T/mnt" 1
	is "$(sraw senseDiskUsedPct.$DISK_I)" 7500 "tmpfs 12 of 16 MiB: 75.00%"
	is "$(sget senseDiskStatus.$DISK_I)" "warning" "tmpfs status warning"
	"$PLUGINS/check_sense_disk" -p "$T/mnt" >/dev/null
	prc=$?
	is "$prc" 1 "check_sense_disk: WARNING"
	if [ -x /usr/lib/nagios/plugins/check_snmp ]; then
		out=$(in_ns /usr/lib/nagios/plugins/check_snmp -H 127.0.0.1 \
		    -p "$PORT" -P 2c -C public -w 7000 -c 9000 \
		    -o "$(oid senseDiskUsedPct).$DISK_I")
		crc=$?
		echo "# check_snmp: $out"
		is "$crc" "$prc" "check_snmp on senseDiskUsedPct = plugin state"
		out=$(in_ns /usr/lib/nagios/plugins/check_snmp -H 127.0.0.1 \
		    -p "$PORT" -P 2c -C public -w 7000 -c 9000 \
		    -o "$(oid senseMemUsedPct).0")
		crc=$?
		"$PLUGINS/check_sense_mem" >/dev/null
		is "$crc" "$?" "check_snmp on senseMemUsedPct = check_sense_mem"
	else
		skip_msg="no check_snmp"
	fi
fi
if [ $have_ext = 1 ]; then
	disk_compare "$T/ext" 1
	is "$(sraw senseDiskUsedPct.$DISK_I)" 10000 \
	    "bavail 0, bfree > 0: exactly 100.00%"
	is "$(sget senseDiskStatus.$DISK_I)" "critical" "and critical"
	like "$("$PLUGINS/check_sense_disk" -p "$T/ext")" "100.00% used" \
	    "the plugin says 100.00% too"
fi

# A8 on this machine: no swap -> not applicable, ok.
if grep -q '^SwapTotal: *0 kB' /proc/meminfo; then
	is "$(sraw senseSwapTotal.0 senseSwapUsedPct.0 | tr '\n' ' ')" "0 -1 " \
	    "no swap: total 0, used % unknown (-1)"
	is "$(sget senseSwapStatus.0)" "ok" "no swap: status ok"
fi
# A4 on this machine: virtio's speed -1 -> 0, utilization unknown.
eth=$(swalk SENSE-UTILIZATION-MIB::senseIfName -Oqs |
    awk '$2 == "eth0" { sub(/.*\./, "", $1); print $1 }')
if [ -n "$eth" ] && [ "$(cat /sys/class/net/eth0/speed 2>/dev/null)" = -1 ]
then
	is "$(sraw senseIfHighSpeed.$eth senseIfSpeed.$eth senseIfUtilPct.$eth |
	    tr '\n' ' ')" "0 0 -1 " "eth0 speed -1: speed 0, utilization -1"
	is "$(sget senseIfStatus.$eth)" "ok" \
	    "eth0 unknown speed: ok, as check_sense_net without -w/-c"
	"$PLUGINS/check_sense_net" -i eth0 >/dev/null
	is "$?" 0 "check_sense_net -i eth0 is OK too"
	is "$eth" "$(cat /sys/class/net/eth0/ifindex)" "row index is ifIndex"
fi

agent_stop
is "$AGENT_RC" 0 "SIGTERM: clean exit"
no_asan_report "$T/agent.err"
ok $? "no sanitizer report"
[ -s "$T/agent.err" ] && sed 's/^/# /' "$T/agent.err" | head -20

# No root needed: the same agent as user nobody (the socket is 0666).
if [ $root = 1 ] && command -v setpriv >/dev/null; then
	mkdir -p "$T/nobody" && chown 65534:65534 "$T/nobody"
	# nobody may not enter the checkout (a clone in a 0700 directory):
	# run a copy from the test's own directory.
	chmod 755 "$T" && cp -p "$AGENT" "$T/nobody/sense-agent"
	SENSE_HISTORY_DIR=$T/nobody setpriv --reuid=65534 --regid=65534 \
	    --clear-groups "$T/nobody/sense-agent" -f -c "$T/sense.conf" \
	    -Lf "$T/nobody/agent.log" 2>>"$T/agent.err" &
	AGENT_PID=$!
	wait_for 10 sget_ok senseAgentSamples.0
	ok $? "sense-agent runs and is served as user nobody"
	is "$(ps -o user= -p "$AGENT_PID")" nobody "  (really nobody)"
	agent_stop
	is "$AGENT_RC" 0 "  and stops cleanly"
fi
done_testing
