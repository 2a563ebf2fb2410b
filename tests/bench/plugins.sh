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
# Environment: SENSE_BUILD, BENCH_ROUNDS (default 6) and BENCH_RUNS
# (timed runs per round, default 40), PEER_DIR (default
# /usr/lib/nagios/plugins), BENCH_LOOP=1 to time with the loop even when
# hyperfine is installed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
b=${SENSE_BUILD:-$top/build}
peer=${PEER_DIR:-/usr/lib/nagios/plugins}
rounds=${BENCH_ROUNDS:-6}
use_hyperfine=0
if [ "${BENCH_LOOP:-0}" != 1 ] && command -v hyperfine >/dev/null 2>&1; then
	use_hyperfine=1
fi
runs=${BENCH_RUNS:-40}
tmp=$(mktemp -d /tmp/sense-bench.XXXXXX)
# The state where the plugins keep it by default (tmpfs), and one on
# disk to show what the journal costs.
shm=/dev/shm
[ -d "$shm" ] || shm=/tmp
state=$(mktemp -d "$shm/sense-bench.XXXXXX")
disk_state=$(mktemp -d /var/tmp/sense-bench.XXXXXX)
trap 'rm -rf "$tmp" "$state" "$disk_state"' EXIT

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
	local job=$1 p=$2 label=$2
	shift 2
	[ -x "$b/$p" ] || { echo "bench: $b/$p not built, skipped"; return; }
	case "$*" in
	*"$disk_state"*) label="$p (state on ext4)" ;;
	esac
	rows+=("$job|$label|$b/$p $*")
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
add_sense cpu check_sense_cpu --state-dir "$disk_state"
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

# run_round OUT N COMMAND...: N timed runs of COMMAND, each after an
# untimed 20 ms pause; the times (s) go to OUT as hyperfine's JSON.
run_round() {
	local out=$1 n=$2
	shift 2
	if [ "$use_hyperfine" = 1 ]; then
		hyperfine -N -i --style none --warmup 2 --runs "$n" \
		    --prepare "sleep 0.02" --export-json "$out" \
		    -- "$*" >/dev/null 2>&1
		return
	fi
	python3 - "$out" "$n" "$@" <<'PY'
import json, subprocess, sys, time
out, n, cmd, t = sys.argv[1], int(sys.argv[2]), sys.argv[3:], []
for _ in range(n):
    time.sleep(0.02)
    a = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t.append(time.perf_counter() - a)
json.dump({"results": [{"times": t}]}, open(out, "w"))
PY
}

# Other work on the machine drifts over a run: the commands take turns,
# round after round, so drift hits them all alike.  Commands that sleep
# by design (over 300 ms) get one round of 5 runs.
slow=()
for i in "${!rows[@]}"; do
	IFS='|' read -r _ _ cmd <<<"${rows[$i]}"
	t0=$(date +%s%N)
	# shellcheck disable=SC2086
	$cmd >/dev/null 2>&1
	t1=$(date +%s%N)
	slow[i]=0
	[ $(( (t1 - t0) / 1000000 )) -gt 300 ] && slow[i]=1
done
for round in $(seq 1 "$rounds"); do
	for i in "${!rows[@]}"; do
		IFS='|' read -r _ _ cmd <<<"${rows[$i]}"
		n=$runs
		if [ "${slow[i]}" = 1 ]; then
			[ "$round" -eq 1 ] || continue
			n=5
		fi
		# shellcheck disable=SC2086
		run_round "$tmp/t.$i.$round.json" "$n" $cmd
	done
done

tool="a python loop"
[ "$use_hyperfine" = 1 ] && tool=$(hyperfine --version)
echo "# $(uname -srm), $(nproc) CPUs; $tool; $rounds rounds of $runs runs"
echo "# per command; wall time per invocation (median; the x columns use"
echo "# it), 20 ms untimed pause before each run; peers' default options"
results=()
for i in "${!rows[@]}"; do
	results+=("${rows[$i]%|*}|$tmp/t.$i.")
done

python3 - "${results[@]}" <<'PY'
import glob, json, math, statistics, sys
rows = []
for r in sys.argv[1:]:
    job, name, prefix = r.split("|")
    t = []
    for f in sorted(glob.glob(prefix + "*.json")):
        for res in json.load(open(f))["results"]:
            t += [x * 1e3 for x in res.get("times") or []]
    if not t:
        t = [float("nan")]
    rows.append((job, name, statistics.median(t), statistics.mean(t),
                 statistics.pstdev(t), len(t)))
floor = next(r[2] for r in rows if r[0] == "floor")
print("%-5s %-32s %6s %6s %6s %5s %7s %6s" % ("job", "command", "median",
      "mean", "sd", "runs", "x floor", "x peer"))
verdicts = []
for job in ["floor", "cpu", "mem", "disk", "net"]:
    mine = [r for r in rows if r[0] == job]
    # A peer in a mode that does another job (since-boot figures) is
    # shown, not compared.
    peers = [r for r in mine if not r[1].startswith("check_sense_")
             and "since boot" not in r[1]]
    fastest = min((r[2] for r in peers if not math.isnan(r[2])),
                  default=float("nan"))
    for j, n, med, mean, sd, k in mine:
        sense = n.startswith("check_sense_")
        ratio = "%.3g" % (med / fastest) if sense and \
            not math.isnan(fastest) else ""
        print("%-5s %-32s %6.3f %6.3f %6.3f %5d %7.2f %6s" % (j, n, med,
              mean, sd, k, med / floor, ratio))
        if sense:
            verdicts.append("%s: %.2fx the floor (target 1.5: %s), "
                            "%s the fastest peer (target 1: %s)" % (
                n, med / floor, "met" if med <= 1.5 * floor else "missed",
                "%.3gx" % (med / fastest) if not math.isnan(fastest)
                else "no peer for", "met" if math.isnan(fastest) or
                med <= fastest else "missed"))
print("(times in ms)")
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
