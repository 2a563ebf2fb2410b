#!/usr/bin/env bash
# sense-agent's RRD history under a real snmpd: files appear per item
# with the configured archives and fill with the sampled figures; a
# windowed check reads them; new items get files, vanished ones keep
# theirs; batched writes; a bad history setting is a file:line error;
# an unwritable history never stops sampling.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/agent/lib.sh"
source "$SENSE_TOP/tests/history/lib.bash"
hist_init
ag_init
# LeakSanitizer takes one file: the agent tests' and ours.
cat "$SENSE_TOP/tests/agent/lsan.supp" "$SENSE_TOP/tests/history/lsan.supp" \
    >"$T/lsan.supp" 2>/dev/null
export LSAN_OPTIONS="suppressions=$T/lsan.supp:print_suppressions=0"
mem=$SENSE_BUILD/check_sense_mem
R=$T/rrd

# Fixture /proc and /sys: memory 75% used, no swap, eth0 at 1000 Mb/s.
fixture_proc "$T/proc"
fix_write "$T/proc/meminfo" "$(meminfo 1000000 250000)"
fix_write "$T/proc/net/dev" "$(netdev eth0 1000 1000)"
fixture_if "$T/sys" eth0 2 1000

# hconf EXTRA-HISTORY-SETTINGS: sense.conf with a history group.
hconf() {
	agent_conf "procfs = \"$T/proc\"; sysfs = \"$T/sys\";
	    disk = { paths = [ \"/\" ]; };"
	cat >>"$T/sense.conf" <<EOF2
history = {
	dir = "${HDIR:-$R}";
	archives = ( { step = "sample"; keep = "10m"; },
	             { step = "1m"; keep = "1h"; } );
	$1
};
EOF2
}

# last FILE: the file's last update time (0 when unreadable).
last() { rrdtool last "$1" 2>/dev/null || echo 0; }
# lastval FILE DS: the last value written of DS.
lastval() {
	rrdtool lastupdate "$1" 2>/dev/null | awk -v ds="$2" '
	    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
	    NR == 3 { print $(col[ds] + 1) }'
}

# -n checks the history group too, naming file:line.
hconf "batch = 0;"
out=$("$AGENT" -n -c "$T/sense.conf" 2>&1)
is "$?" 1 "-n: a bad history setting is an error"
like "$out" "sense.conf:[0-9]+: 'batch' must be an integer 1..360" \
    "... naming file:line"
printf 'history = { archives = ( { step = "5x"; keep = "1d"; } ); };\n' \
    >"$T/sense.conf"
like "$("$AGENT" -n -c "$T/sense.conf" 2>&1)" \
    "sense.conf:[0-9]+: 'step': bad duration '5x'" "a bad archive step"

snmpd_start
ok $? "snmpd runs as AgentX master"
hconf ""
agent_start
ok $? "sense-agent runs under snmpd with a history group"
wait_samples 3
for f in cpu.rrd mem.rrd swap.rrd net/eth0.rrd disk/-.rrd; do
	[ -s "$R/$f" ]
	ok $? "$f created"
done
ls "$R/cpu/"*.rrd >/dev/null 2>&1
ok $? "one file per core: $(ls "$R/cpu" 2>/dev/null | head -3 | tr '\n' ' ')"
info=$(rrdtool info "$R/mem.rrd")
is "$(grep -x 'step = [0-9]*' <<<"$info")" "step = 1" "step: the agent's interval"
like "$info" 'ds\[pct\]\.type = "GAUGE"' "data source pct"
like "$info" 'ds\[used\]\.type = "GAUGE"' "data source used"
like "$info" 'rra\[0\]\.rows = 600' "archive 1: 10 min of 1 s rows"
like "$info" 'rra\[1\]\.pdp_per_row = 60' "archive 2: 1 min rows"
like "$info" 'rra\[1\]\.rows = 60' "... for an hour"
like "$info" 'rra\[2\]\.cf = "MAX"' "... with the maximum too"
like "$(rrdtool info "$R/disk/-.rrd")" 'ds\[avail\]' "disk: avail"
like "$(rrdtool info "$R/net/eth0.rrd")" 'ds\[tx\]' "interface: tx"

# Filling: the fixture's 75% arrives, the files keep growing.
is "$(lastval "$R/mem.rrd" pct)" 75 "mem.rrd holds the sampled 75%"
is "$(lastval "$R/mem.rrd" used)" 768000000 "... and the bytes used"
is "$(lastval "$R/swap.rrd" pct)" U "no swap: unknown, not 0"
l1=$(last "$R/mem.rrd")
wait_samples 2
l2=$(last "$R/mem.rrd")
ok "$([ "$l2" -gt "$l1" ]; echo $?)" "the history grows ($l1 -> $l2)"
lc=$(last "$R/cpu.rrd")
okif "lc - l2 >= 0 && lc - l2 <= 1" \
    "every file written at each sample (mem $l2, cpu $lc)"

# A windowed check on what the agent wrote.
out=$("$mem" --procfs "$T/proc" --history-dir "$R" --window 3s)
is "$?" 1 "check_sense_mem --window 3s on the agent's history: WARNING"
like "$out" "^MEM WARNING - memory 75.00% \\(3s avg\\), swap absent" \
    "... with the 75% average"
out=$("$mem" --procfs "$T/proc" --history-dir "$R" --window 2m)
like "$out" "^MEM UNKNOWN - memory: history covers [0-9]+ of the 120 " \
    "a 2m window on seconds of history: UNKNOWN, says how much"
fix_write "$T/proc/meminfo" "$(meminfo 1000000 50000)"
wait_samples 4
out=$("$mem" --procfs "$T/proc" --history-dir "$R" --window 3s)
like "$out" "^MEM CRITICAL - memory 95.00% \\(3s avg\\)" \
    "after the change, the last 3 s: 95% CRITICAL"

# Traffic: 125000 bytes per second of fixture uptime is 1 Mb/s, 0.1 %
# of 1000 Mb/s; rx and tx go in as bits/s.
b=1000 up=1000
for i in 1 2 3 4 5; do
	b=$((b + 125000)) up=$((up + 1))
	fix_write "$T/proc/net/dev" "$(netdev eth0 "$b" "$b")"
	fix_write "$T/proc/uptime" "$up.00 0.00"
	wait_samples 1
done
rows=$(rrdtool fetch "$R/net/eth0.rrd" AVERAGE -s -10 -e now)
like "$rows" ": 1.0000000000e-01 1.0000000000e\\+06 1.0000000000e\\+06" \
    "eth0: 0.1 %, rx and tx 1000000 bits/s"

# New items get a file; vanished ones keep theirs, untouched.
fixture_if "$T/sys" eth1 3 100
fix_write "$T/proc/net/dev" "$(netdev eth0 "$b" "$b")
$(netdev eth1 5 5 | tail -1)"
wait_samples 2
[ -s "$R/net/eth1.rrd" ]
ok $? "a new interface gets net/eth1.rrd"
rm -rf "$T/sys/class/net/eth1"
fix_write "$T/proc/net/dev" "$(netdev eth0 "$b" "$b")"
wait_samples 2
g1=$(last "$R/net/eth1.rrd")
wait_samples 2
[ -s "$R/net/eth1.rrd" ]
ok $? "the vanished interface's file is left"
is "$(last "$R/net/eth1.rrd")" "$g1" "... and no longer written"

# SIGHUP: batched writes, 4 samples per write.
hconf "batch = 4;"
kill -HUP "$AGENT_PID"
wait_samples 2
seen=()
for i in 1 2 3 4 5 6 7 8; do
	wait_samples 1
	seen+=("$(last "$R/mem.rrd")")
done
n=$(printf '%s\n' "${seen[@]}" | sort -u | wc -l)
okif "n >= 1 && n <= 3" "batch 4: 8 samples seen as $n writes"
agent_stop
is "$AGENT_RC" 0 "SIGTERM: clean exit"
ok "$(no_asan_report "$T/agent.err"; echo $?)" "no sanitizer report"
like "$(cat "$T/agent.log")" "history: [0-9]+ samples, [0-9]+ file updates" \
    "the cost of the history is logged at exit"
got=$(rrdtool fetch "$R/mem.rrd" AVERAGE -s -8 -e "$(last "$R/mem.rrd")" |
    grep -c ': 9.5000000000e+01')
okif "got >= 6" "pending samples written at exit ($got of the last 8 s)"

# An unwritable history never stops sampling.
HDIR=/proc/sense-nope hconf ""
agent_start
ok $? "the agent starts with an unwritable history dir"
s1=$(samples)
wait_samples 3
okif "$(samples) >= s1 + 3" "... and keeps sampling"
like "$(cat "$T/agent.log")" "history: cannot create /proc/sense-nope" \
    "... logging why"
agent_stop
is "$AGENT_RC" 0 "clean exit"

# No history group: no history (tests and quick tries fill no /var/lib).
agent_conf "procfs = \"$T/proc\"; sysfs = \"$T/sys\";"
: >"$T/agent.log"
agent_start
ok $? "the agent runs without a history group"
wait_samples 2
agent_stop
is "$(grep -c 'history' "$T/agent.log")" 0 "... and writes no history"
done_testing
