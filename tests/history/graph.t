#!/usr/bin/env bash
# sense-graph: PNG files per item and period plus the overview, valid
# (signature, chunk CRCs, IEND) and of the expected size; the picture
# follows the data; errors exit non-zero with a reason.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/history/lib.bash"
graph=$SENSE_BUILD/sense-graph
[ -x "$graph" ] || skip_all "no $graph"
hist_init
R=$H/rrd

# An hour of history: a ramp 0..100 for the CPU, steady figures else.
ramp=()
for ((i = 0; i < 360; i++)); do ramp+=("$((i * 100 / 359)):1:1:0:0:0"); done
DS="pct user system iowait steal irq" hist_file "$R/cpu.rrd" 0 "${ramp[@]}"
# shellcheck disable=SC2046
hist_file "$R/mem.rrd" 0 $(rep 360 42:1000)
DS="pct ipct used avail" hist_file "$R/disk/-.rrd" 0 $(rep 360 75:10:5:5)
DS="pct ipct used avail" hist_file "$R/disk/var-lib.rrd" 0 $(rep 360 95)
DS="pct rx tx" hist_file "$R/net/eth0.rrd" 0 $(rep 360 12:1e6:2e6)

# draw ARGS...: sense-graph into $H/png; $out, $rc.
draw() {
	rm -rf "$H/png"
	out=$("$graph" -d "$R" -o "$H/png" -n testhost "$@" 2>"$H/err")
	rc=$?
}

draw
is "$rc" 0 "every item, every period: exit 0"
is "$(wc -l <<<"$out")" 18 "5 items x 3 periods + 3 overviews"
for id in cpu mem disk_- disk_var-lib net_eth0; do
	for p in hour day week; do
		f=$H/png/$id-$p.png
		is "$(png_size "$f")" 600x240 "$id-$p.png: a valid 600x240 PNG"
		grep -qxF "$f 600x240" <<<"$out"
		ok $? "$id-$p.png reported with its size"
	done
done
for p in hour day week; do
	# The legend takes a 16 px line per two items: 3 lines for 5.
	is "$(png_size "$H/png/overview-$p.png")" 600x288 \
	    "overview-$p.png: a valid 600x288 PNG"
done
is "$(cat "$H/err")" "" "nothing on stderr"

draw -p hour -W 800 -H 300 cpu disk/var-lib
is "$rc" 0 "chosen items and period"
is "$(ls "$H/png" | tr '\n' ' ')" \
    "cpu-hour.png disk_var-lib-hour.png overview-hour.png " \
    "only those files"
is "$(png_size "$H/png/cpu-hour.png")" 800x300 "-W/-H give the size"
is "$(png_size "$H/png/overview-hour.png")" 800x316 "overview of 2 items"
draw -p day,week -I mem
is "$(ls "$H/png" | tr '\n' ' ')" "mem-day.png mem-week.png " \
    "-I: no overview; -p day,week"

# The picture follows the data (and the thresholds drawn).
draw -p hour -I mem
a=$(md5sum <"$H/png/mem-hour.png")
# shellcheck disable=SC2046
hist_file "$R/mem.rrd" 0 $(rep 360 97:1000)
draw -p hour -I mem
b=$(md5sum <"$H/png/mem-hour.png")
ok "$([ "$a" != "$b" ]; echo $?)" "another history, another picture"
draw -p hour -I -w 50 -c 60 mem
c=$(md5sum <"$H/png/mem-hour.png")
ok "$([ "$c" != "$b" ]; echo $?)" "other thresholds, another picture"

# Errors.
draw -p hour nosuch
is "$rc" 1 "an item without a file: exit 1"
like "$(cat "$H/err")" "nosuch.rrd" "... naming the file"
rm -rf "$H/png"
out=$("$graph" -d "$H/empty" -o "$H/png" 2>&1)
is "$?" 1 "no history at all: exit 1"
like "$out" "no history files in $H/empty" "... saying so"
for bad in "-p month" "-W 10" "-w 95 -c 90" "-c 101" "-x"; do
	# shellcheck disable=SC2086
	out=$("$graph" -d "$R" -o "$H/png" $bad 2>&1)
	is "$?" 2 "'$bad': usage error"
done
done_testing
