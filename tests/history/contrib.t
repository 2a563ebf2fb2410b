#!/usr/bin/env bash
# contrib/graphs: the Grafana dashboard is valid JSON whose queries name
# the Icinga 2 CheckCommands of conf/icinga2 and match the perfdata
# labels the plugins print here; the PNP4Nagios template, run as PNP
# runs it, gives rrdtool arguments that draw valid PNGs.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/history/lib.bash"
hist_init
G=$SENSE_TOP/contrib/graphs
B=$SENSE_BUILD

# Perfdata labels of each plugin, one per line, from real runs.
labels() {
	"$@" 2>/dev/null | head -1 | sed 's/^[^|]*| *//' | python3 -c '
import re, sys
for m in re.finditer(r"(\x27(?:[^\x27]|\x27\x27)*\x27|[^ =]+)=", sys.stdin.read()):
    l = m.group(1)
    print(l[1:-1].replace("\x27\x27", "\x27") if l.startswith("\x27") else l)'
}
mkdir -p "$H/st"
labels "$B/check_sense_cpu" --per-cpu --state-dir "$H/st" >"$H/sense-cpu"
labels "$B/check_sense_mem" >"$H/sense-mem"
labels "$B/check_sense_disk" >"$H/sense-disk"
# Interfaces: a fixture link with a speed, so that _util is printed.
NP=$H/nproc NS=$H/nsys
mkdir -p "$NP/net" "$NP/sys/kernel/random" "$NS/class/net/eth0"
echo b >"$NP/sys/kernel/random/boot_id"
echo "1000.00 0.00" >"$NP/uptime"
printf '%s\n%s\n%s\n' "Inter-| Receive | Transmit" " face |bytes packets" \
    "  eth0: 10 1 0 0 0 0 0 0 10 1 0 0 0 0 0 0" >"$NP/net/dev"
for f in ifindex:2 speed:1000 operstate:up flags:0x1003 type:1; do
	echo "${f#*:}" >"$NS/class/net/eth0/${f%%:*}"
done
labels "$B/check_sense_net" --procfs "$NP" --sysfs "$NS" \
    --state-dir "$H/st" >"$H/sense-net"
for c in cpu mem disk net; do
	[ -s "$H/sense-$c" ]
	ok $? "check_sense_$c printed perfdata ($(wc -l <"$H/sense-$c") labels)"
done

# Every query of the dashboard: a known CheckCommand, a metric regex
# that matches at least one label that command's plugin prints.
out=$(python3 - "$G/grafana-sense.json" "$SENSE_TOP/conf/icinga2/commands.conf" \
    "$H" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
cmds = set(re.findall(r'object CheckCommand "([^"]+)"', open(sys.argv[2]).read()))
print("ok json")
print("ok host variable" if d["templating"]["list"][0]["name"] == "host"
      else "bad host variable")
for p in d["panels"]:
    for t in p["targets"]:
        m = re.search(r'FROM "([^"]+)".*"metric" =~ /(.*?)/ AND', t["query"])
        if not m:
            print("bad query in", p["title"]); continue
        meas, rx = m.group(1), m.group(2)
        if meas not in cmds:
            print("bad measurement", meas); continue
        labels = open("%s/%s" % (sys.argv[3], meas)).read().split("\n")
        hits = [l for l in labels if l and re.search(rx, l)]
        print(("ok" if hits else "bad") + " %s: %s /%s/ matches %s"
              % (p["title"], meas, rx, hits[:3]))
PY
)
while IFS= read -r line; do
	[[ $line == ok* ]]
	ok $? "grafana: ${line#* }"
done <<<"$out"
okif() { local e=$1; shift; ok "$( (($e)); echo $?)" "$@"; }
okif "$(grep -c '^ok' <<<"$out") >= 9" "grafana: every panel checked"

# PNP4Nagios: only with php (php-cli).
if ! command -v php >/dev/null 2>&1; then
	ok 0 "# SKIP no php for the PNP4Nagios template"
	done_testing
fi
php -l "$G/pnp4nagios/sense.php" >/dev/null
ok $? "pnp4nagios/sense.php: php -l"
ramp=()
for ((i = 0; i < 360; i++)); do
	ramp+=("$((i * 100 / 359)):$((i * 1000000)):$((i * 10000))")
done
DS="1 2 3" hist_file "$H/svc.rrd" 0 "${ramp[@]}"
php "$SENSE_TOP/tests/history/pnp.php" "$G/pnp4nagios/sense.php" \
    "$H/svc.rrd" "busy:%:70:90" "/var:B:300000000:340000000:400000000" \
    "eth0_rx_bps:::" >"$H/args"
is "$(wc -l <"$H/args")" 3 "pnp: one graph per perfdata item"
like "$(sed -n 1p "$H/args")" "AREA:wband#FFE9A8::STACK" \
    "pnp: percent graph with the warning band"
like "$(sed -n 2p "$H/args")" "--upper-limit 400000000" \
    "pnp: bytes up to the size"
n=0
while IFS= read -r line; do
	n=$((n + 1))
	python3 -c 'import shlex, subprocess, sys
a = shlex.split(sys.argv[2])
sys.exit(subprocess.call(["rrdtool", "graph", sys.argv[1], "--start",
    "end-3600", "--full-size-mode", "--width", "500", "--height", "200"] + a,
    stdout=subprocess.DEVNULL))' "$H/pnp$n.png" "$line"
	ok $? "pnp graph $n: rrdtool takes the template's arguments"
	is "$(png_size "$H/pnp$n.png")" 500x200 "pnp graph $n: a valid PNG"
done <"$H/args"
done_testing
