# lib.bash -- helpers for the cpu and mem CLI tests (sourced after tap.sh).
#
# run_plugin NAME CMD...  runs a plugin, keeps its stdout in $out (and
# $tmp/out), its exit code in $rc and the milliseconds it took in $ms, and
# validates the output with perfcheck.py --exit $rc --judge as one test.
# Needs $tmp (a directory the test made and cleans up).

run_plugin() {
	local name=$1 t0 t1 why
	shift
	t0=$(date +%s%N)
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	t1=$(date +%s%N)
	ms=$(( (t1 - t0) / 1000000 ))
	out=$(cat "$tmp/out")
	why=$(python3 "$SENSE_TOP/tests/lib/perfcheck.py" --exit "$rc" \
	    --judge <"$tmp/out")
	ok $? "$name: output valid (exit $rc)"
	[ -z "$why" ] || diag "$why"
	if [ -s "$tmp/err" ] && [ "${SHOW_STDERR:-0}" = 1 ]; then
		diag "$(cat "$tmp/err")"
	fi
	return 0
}

# first_line: the status line of the last run.
first_line() { head -n1 "$tmp/out"; }

# make_proc DIR BOOTID: a minimal procfs tree (stat and meminfo added by
# the test) with a boot id.
make_proc() {
	mkdir -p "$1/sys/kernel/random"
	printf '%s\n' "$2" >"$1/sys/kernel/random/boot_id"
}

# feed FIFO TEXT...: serve each TEXT to one reader of FIFO, in order, in
# the background ($feeder is its PID; killed at exit).  The pause after
# each text lets the reader see end-of-file before the next writer opens.
feed() {
	local f=$1
	shift
	(
		for t in "$@"; do
			printf '%s\n' "$t" >"$f"
			sleep 0.2
		done
	) &
	feeder=$!
	cleanup "kill $feeder"
}
