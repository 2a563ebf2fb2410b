#!/usr/bin/env bash
# plugins.sh -- steady-state wall time per invocation of each sense check
# plugin that is built ($SENSE_BUILD, default build/), beside the Debian
# peers doing the same job and a static "hello" binary as the floor.
#
# Peers: monitoring-plugins-basic (check_load, check_swap, check_disk) and
# nagios-plugins-linux, which Debian ships inside monitoring-plugins-contrib
# (check_cpu, check_memory, check_network; there is no separate
# nagios-plugins-linux package in Debian 12).
#
# Every timed run is preceded by an untimed 20 ms pause (hyperfine
# --prepare), as a scheduler's runs are spaced: the CPU and network
# plugins compute rates against the previous run's sample, and a run
# less than one clock tick after the previous one has no elapsed time to
# measure (it then samples twice, 250 ms apart, which is not the steady
# state).  Peers that sleep by design (check_cpu and check_network wait
# 1 s between their two samples) are shown as they run by default and,
# where they have one, in their fastest mode.
#
# Environment: SENSE_BUILD, BENCH_RUNS (timed runs of a fast command,
# default 200), PEER_DIR (default /usr/lib/nagios/plugins).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
b=${SENSE_BUILD:-$top/build}
peer=${PEER_DIR:-/usr/lib/nagios/plugins}
runs=${BENCH_RUNS:-200}
tmp=$(mktemp -d /tmp/sense-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
state=$tmp/state

# The floor: the cheapest process that prints a line and exits.
cat >"$tmp/hello.c" <<'EOF'
#include <unistd.h>
int main(void) { return write(1, "hello\n", 6) != 6; }
EOF
if ! gcc -O2 -static -o "$tmp/hello" "$tmp/hello.c" 2>"$tmp/gcc.err"; then
	echo "bench: cannot build a static hello (gcc -static):" >&2
	cat "$tmp/gcc.err" >&2
	exit 1
fi

# job|name|command (split on blanks; no shell)
rows=("floor|hello (static)|$tmp/hello")
add_sense() {	# add_sense JOB PLUGIN ARGS...
	local job=$1 p=$2
	shift 2
	[ -x "$b/$p" ] || { echo "bench: $b/$p not built, skipped"; return; }
	rows+=("$job|$p|$b/$p $*")
	# Seed the state file so every timed run is a steady-state one.
	"$b/$p" "$@" >/dev/null 2>&1
}
add_peer() {	# add_peer JOB NAME COMMAND...
	local job=$1 name=$2
	shift 2
	if [ ! -x "$1" ]; then
		echo "bench: peer $1 not installed, skipped"
		return
	fi
	rows+=("$job|$name|$*")
}
add_sense cpu check_sense_cpu --state-dir "$state"
add_peer cpu "check_load" "$peer/check_load" -w 5 -c 10
add_peer cpu "check_cpu 1 1 (since boot)" "$peer/check_cpu" 1 1
add_peer cpu "check_cpu (waits 1 s)" "$peer/check_cpu"
add_sense mem check_sense_mem
add_peer mem "check_memory" "$peer/check_memory"
add_peer mem "check_swap" "$peer/check_swap" -w 20% -c 10%
add_sense disk check_sense_disk --state-dir "$state"
add_peer disk "check_disk" "$peer/check_disk" -w 30% -c 10%
add_sense net check_sense_net --state-dir "$state"
add_peer net "check_network (waits 1 s)" "$peer/check_network"

# measure COMMAND...: mean and standard deviation in ms, on one line.
measure() {
	local n=$runs t0 t1
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1
	t1=$(date +%s%N)
	# Commands that sleep by design get a handful of runs, not 200.
	[ $(( (t1 - t0) / 1000000 )) -gt 300 ] && n=5
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N -i --style none --warmup 3 --runs "$n" \
		    --prepare "sleep 0.02" --export-json "$tmp/h.json" \
		    -- "$*" >/dev/null 2>&1 || return 1
		python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%.3f %.3f" % (r["mean"] * 1e3, (r["stddev"] or 0) * 1e3))' \
		    "$tmp/h.json"
	else
		python3 - "$n" "$@" <<'PY'
import statistics, subprocess, sys, time
n, cmd, t = int(sys.argv[1]), sys.argv[2:], []
for _ in range(n):
    time.sleep(0.02)
    a = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t.append((time.perf_counter() - a) * 1e3)
print("%.3f %.3f" % (statistics.mean(t), statistics.pstdev(t)))
PY
	fi
}

tool=loop
command -v hyperfine >/dev/null 2>&1 && tool=$(hyperfine --version)
echo "# $(uname -srm), $(nproc) CPUs; $tool; $runs runs per command"
echo "# wall time per invocation, 20 ms untimed pause before each run"
results=()
for r in "${rows[@]}"; do
	IFS='|' read -r job name cmd <<<"$r"
	# shellcheck disable=SC2086
	m=$(measure $cmd) || m="nan nan"
	results+=("$job|$name|$m")
done

python3 - "${results[@]}" <<'PY'
import math, sys
rows = [r.split("|") for r in sys.argv[1:]]
rows = [(j, n, float(m.split()[0]), float(m.split()[1])) for j, n, m in rows]
floor = next(m for j, n, m, s in rows if j == "floor")
print("%-5s %-28s %10s %8s %8s %10s" % ("job", "command", "mean ms",
      "+- ms", "x floor", "x peer"))
verdicts = []
for job in ["floor", "cpu", "mem", "disk", "net"]:
    mine = [r for r in rows if r[0] == job]
    peers = [r for r in mine if not r[1].startswith("check_sense_")]
    fastest = min((r[2] for r in peers if not math.isnan(r[2])),
                  default=float("nan"))
    for j, n, m, s in mine:
        ratio = ""
        if n.startswith("check_sense_") and not math.isnan(fastest):
            ratio = "%.2f" % (m / fastest)
        print("%-5s %-28s %10.3f %8.3f %8.2f %10s" % (j, n, m, s,
              m / floor, ratio))
        if n.startswith("check_sense_"):
            ok_floor = m <= 1.5 * floor
            ok_peer = math.isnan(fastest) or m <= fastest
            verdicts.append("%s: %.2fx floor (target <= 1.5: %s), "
                            "%s fastest peer (%s)" % (
                                n, m / floor, "met" if ok_floor else "MISSED",
                                "%.2fx" % (m / fastest)
                                if not math.isnan(fastest) else "no",
                                "met" if ok_peer else "MISSED"))
print()
for v in verdicts:
    print(v)
PY

echo
echo "# shared libraries of each sense plugin (neither librrd nor net-snmp)"
bad=0
for p in "$b"/check_sense_*; do
	[ -x "$p" ] || continue
	echo "$ ldd $(basename "$p")"
	ldd "$p" | sed 's/ (0x[0-9a-f]*)//; s/^/  /'
	if ldd "$p" | grep -Eq 'librrd|libnetsnmp'; then
		echo "  ^ links librrd or net-snmp: not allowed"
		bad=1
	fi
done
exit $bad
