#!/usr/bin/env bash
# history.sh -- what the RRD history costs.
#
# 1. The plugins' default path (no --window) against --window, per
#    plugin built, as median wall time per run (hyperfine if installed,
#    else a loop), and the shared libraries each path loads: librrd only
#    with --window (dlopen), never linked (ldd).
# 2. sense-agent's cost of writing the history per sample, from its own
#    count at exit ("history: S samples, U file updates, E errors, X us
#    per sample"), with fixture trees of N interfaces (default 100) and
#    batch 1 and 10.
#
# Environment: SENSE_BUILD (default build/), BENCH_RUNS (default 200),
# BENCH_IFS (default 100), BENCH_SECONDS (agent run, default 20).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
b=${SENSE_BUILD:-$top/build}
runs=${BENCH_RUNS:-200}
nifs=${BENCH_IFS:-100}
secs=${BENCH_SECONDS:-20}
tmp=$(mktemp -d /tmp/sense-bench-hist.XXXXXX)
agent_pid=
trap '[ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
command -v rrdtool >/dev/null 2>&1 ||
    { echo "history: no rrdtool" >&2; exit 1; }

# A history for every item the plugins on this machine will look for:
# 30 rows of 10 s up to now, as sense-agent writes them.
hist() {
	local f=$1 ds=$2 now t d defs=() args=() i
	now=$(( $(date +%s) / 10 * 10 ))
	for d in $ds; do defs+=("DS:$d:GAUGE:30:0:U"); done
	mkdir -p "$(dirname "$f")"
	rrdtool create "$f" --start $((now - 320)) --step 10 "${defs[@]}" \
	    RRA:AVERAGE:0.5:1:360
	for ((i = 30; i >= 0; i--)); do
		t=$((now - 10 * i))
		args+=("$t:$(sed 's/[^ ]*/42/g; s/ /:/g' <<<"$ds")")
	done
	rrdtool update "$f" "${args[@]}"
}
R=$tmp/rrd
hist "$R/cpu.rrd" "pct user system iowait steal irq"
hist "$R/mem.rrd" "pct used"
hist "$R/swap.rrd" "pct used"
while read -r _ point _; do
	esc=$(python3 -c 'import sys
p = sys.argv[1].strip("/")
o = ""
for i, c in enumerate(p.encode()):
    ch = chr(c)
    if ch == "/": o += "-"
    elif (ch.isalnum() and c < 128) or ch == "_" or (ch == "." and o): o += ch
    else: o += "%%%02X" % c
print(o or "-")' "$point")
	hist "$R/disk/$esc.rrd" "pct ipct used avail"
done < <(awk '{print $1, $2, $3}' /proc/mounts)
for n in /sys/class/net/*; do hist "$R/net/${n##*/}.rrd" "pct rx tx"; done

# median_ms CMD...: the median wall time of CMD in ms.  Each run comes
# 20 ms after the previous one (untimed), as scheduled runs are spaced:
# check_sense_cpu needs elapsed clock ticks since its last sample.
median_ms() {
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N -i --style none --warmup 10 --runs "$runs" \
		    --prepare "sleep 0.02" --export-json "$tmp/h.json" \
		    -- "$*" >/dev/null 2>&1
		python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%.3f" % (r["median"] * 1000))' "$tmp/h.json"
	else
		python3 - "$runs" "$@" <<'PY'
import statistics, subprocess, sys, time
n, cmd = int(sys.argv[1]), sys.argv[2:]
t = []
for _ in range(n):
    time.sleep(0.02)
    s = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t.append(time.perf_counter() - s)
print("%.3f" % (statistics.median(t) * 1000))
PY
	fi
}

# libs CMD...: the shared objects the run loads (dlopen included).
libs() {
	LD_DEBUG=libs "$@" 2>&1 >/dev/null | sed -n 's/.*calling init: //p' |
	    xargs -r -n1 basename | sort -u | tr '\n' ' '
}

echo "plugins: median wall time per run over $runs runs, ms"
printf '%-18s %10s %10s  %s\n' plugin default --window "librrd linked?"
for p in cpu mem disk net; do
	bin=$b/check_sense_$p
	[ -x "$bin" ] || continue
	common=(--history-dir "$R" --state-dir "$tmp/state")
	d=$(median_ms "$bin" "${common[@]}")
	w=$(median_ms "$bin" "${common[@]}" --window 5m)
	linked=$(ldd "$bin" | grep -q librrd && echo yes || echo no)
	printf '%-18s %10s %10s  %s\n' "check_sense_$p" "$d" "$w" "$linked"
done
bin=$b/check_sense_mem
if [ -x "$bin" ]; then
	echo "libraries loaded by check_sense_mem:"
	echo "  default:  $(libs "$bin" --history-dir "$R")"
	wl=$(libs "$bin" --history-dir "$R" --window 5m)
	echo "  --window: $(wc -w <<<"$wl") objects, incl." \
	    "$(grep -o 'librrd[^ ]*' <<<"$wl")"
fi

# The agent: fixture /proc and /sys with $nifs interfaces.
agent=$b/sense-agent
[ -x "$agent" ] || exit 0
P=$tmp/proc S=$tmp/sys
mkdir -p "$P/self" "$P/net" "$P/sys/kernel/random"
cp /proc/stat "$P/stat"
cp /proc/self/mountinfo "$P/self/mountinfo"
cp /proc/meminfo "$P/meminfo"
echo bench-boot >"$P/sys/kernel/random/boot_id"
echo "1000.00 0.00" >"$P/uptime"
{
	echo "Inter-|   Receive                            |  Transmit"
	echo " face |bytes    packets errs drop fifo frame compressed multicast|bytes packets"
	for ((i = 0; i < nifs; i++)); do
		printf 'bench%d: %d 10 0 0 0 0 0 0 %d 10 0 0 0 0 0 0\n' \
		    "$i" "$((i * 1000))" "$((i * 1000))"
		d=$S/class/net/bench$i
		mkdir -p "$d"
		echo $((i + 10)) >"$d/ifindex"
		echo 1000 >"$d/speed"
		echo up >"$d/operstate"
		echo 0x1003 >"$d/flags"
		echo 1 >"$d/type"
	done
} >"$P/net/dev"

echo "sense-agent: history write cost per 1 s sample, $nifs interfaces" \
    "(fixture), $secs s"
# run_agent SECONDS: run the agent; the last history line of its log.
run_agent() {
	: >"$tmp/agent.log"
	"$agent" -f -c "$tmp/sense.conf" -Lf "$tmp/agent.log" &
	agent_pid=$!
	sleep "$1"
	kill "$agent_pid"
	wait "$agent_pid" 2>/dev/null
	agent_pid=
	grep -o 'history: .*' "$tmp/agent.log" | tail -1
}
for batch in 1 10; do
	rm -rf "$tmp/arrd"
	cat >"$tmp/sense.conf" <<EOF2
agent = { interval = 1; master = "$tmp/none.sock"; ping_interval = 3600;
	procfs = "$P"; sysfs = "$S"; };
history = { dir = "$tmp/arrd"; batch = $batch;
	archives = ( { step = "sample"; keep = "1h"; },
	             { step = "5m"; keep = "1w"; } ); };
EOF2
	# The first run creates the files; the second is the steady state.
	first=$(run_agent 3)
	files=$(find "$tmp/arrd" -name '*.rrd' | wc -l)
	line=$(run_agent "$secs")
	us=$(sed -n 's/.*, \([0-9]*\) us per sample/\1/p' <<<"$line")
	printf '  batch %-3s %4s files: creating them: %s\n' "$batch" \
	    "$files" "${first#history: }"
	printf '            steady: %s = %s us per file per sample\n' \
	    "${line#history: }" "$(( ${us:-0} / (files > 0 ? files : 1) ))"
done
