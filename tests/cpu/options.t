#!/usr/bin/env bash
# check_sense_cpu: options (help, version, bad ranges, unknown options),
# --per-cpu and --per-cpu-alert on a fixture pair, and the timeout on a
# /proc/stat that never answers (a FIFO nobody writes).
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/cpu/lib.bash"
cpu=$SENSE_BUILD/check_sense_cpu
[ -x "$cpu" ] || skip_all "no $cpu"
tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"
root=$tmp/proc
make_proc "$root" "cccccccc-0000-0000-0000-000000000003"
printf 'cpu 0 0 0 0 0 0 0 0 0 0\n' >"$root/stat"

"$cpu" -h >"$tmp/out"; rc=$?
is "$rc" 0 "-h exits 0"
like "$(cat "$tmp/out")" "Usage: check_sense_cpu .*--per-cpu-alert" \
    "-h prints the usage with the plugin's options"
like "$(cat "$tmp/out")" "--iowait-busy" "-h lists --iowait-busy"
"$cpu" -V >"$tmp/out"; rc=$?
is "$rc" 0 "-V exits 0"
like "$(cat "$tmp/out")" "^check_sense_cpu [0-9]+\.[0-9]+\.[0-9]+$" \
    "-V prints the version"

# Usage errors: exit 3, one reason line naming the option, then usage.
bad=(
"-w 10:5|invalid --warning '10:5'"
"-c abc|invalid --critical 'abc'"
"-w @|invalid --warning '@'"
"-c 1e3|invalid --critical '1e3'"
"-t 0|invalid --timeout '0'"
"-t -1|invalid --timeout '-1'"
"--bogus|unknown option --bogus"
"-x|unknown option -x"
"-w|option --warning needs a value"
"--per-cpu=yes|option --per-cpu takes no value"
"extra-arg|unexpected argument 'extra-arg'"
)
for b in "${bad[@]}"; do
	args=${b%%|*}
	want=${b#*|}
	# shellcheck disable=SC2086
	run_plugin "bad: $args" "$cpu" --procfs "$root" \
	    --state-dir "$tmp/s" $args
	is "$rc" 3 "bad: $args exits 3"
	like "$(first_line)" "^CPU UNKNOWN - .*$want" \
	    "bad: $args: one-line reason"
	is "$(sed -n 2p "$tmp/out" | cut -c1-22)" "Usage: check_sense_cpu" \
	    "bad: $args: usage follows"
	is "$(grep -c '^CPU ' "$tmp/out")" 1 "bad: $args: one status line"
done

# Per-core: cpu1 is hot (95%), cpu0 idle (5%); all together 50%.
t0='cpu 0 0 0 0 0 0 0 0 0 0
cpu0 0 0 0 0 0 0 0 0 0 0
cpu1 0 0 0 0 0 0 0 0 0 0'
t1='cpu 100 0 0 100 0 0 0 0 0 0
cpu0 5 0 0 95 0 0 0 0 0 0
cpu1 95 0 0 5 0 0 0 0 0 0'
two_runs() {	# two_runs NAME OPTIONS...
	local name=$1
	shift
	rm -rf "$tmp/s"
	printf '%s\n' "$t0" >"$root/stat"
	"$cpu" --procfs "$root" --state-dir "$tmp/s" "$@" >/dev/null
	printf '%s\n' "$t1" >"$root/stat"
	run_plugin "$name" "$cpu" --procfs "$root" --state-dir "$tmp/s" "$@"
}
two_runs "aggregate only"
is "$rc" 0 "aggregate only: 50% OK"
ok "$([[ $out != *cpu0* ]]; echo $?)" "aggregate only: no cores listed"

two_runs "--per-cpu" --per-cpu
is "$rc" 0 "--per-cpu: cores shown, not judged: OK"
like "$out" $'\ncpu0: 5.00% busy \\(user 5.00%' "--per-cpu: cpu0 long line"
like "$out" $'\ncpu1: 95.00% busy' "--per-cpu: cpu1 long line"
like "$(first_line)" " cpu0_busy=5%;;;0;100 cpu1_busy=95%;;;0;100$" \
    "--per-cpu: core perfdata without thresholds (not judged)"

two_runs "--per-cpu-alert" --per-cpu-alert
is "$rc" 2 "--per-cpu-alert: the hot core makes it CRITICAL"
like "$(first_line)" \
    "^CPU CRITICAL - 50.00% busy .*, busiest core cpu1 95.00% \\|" \
    "--per-cpu-alert: the busiest core is named"
like "$(first_line)" " cpu0_busy=5%;70;90;0;100 cpu1_busy=95%;70;90;0;100$" \
    "--per-cpu-alert: judged cores carry thresholds"

two_runs "--per-cpu-alert -c 96" --per-cpu-alert -c 96
is "$rc" 1 "--per-cpu-alert -c 96: WARNING"

# A core that appears between the runs has no figure yet ("U").
printf '%s\n' "$t0" >"$root/stat"
rm -rf "$tmp/s"
"$cpu" --procfs "$root" --state-dir "$tmp/s" >/dev/null
printf '%s\ncpu2 7 0 0 7 0 0 0 0 0 0\n' "$t1" >"$root/stat"
run_plugin "new core" "$cpu" --procfs "$root" --state-dir "$tmp/s" --per-cpu
is "$rc" 0 "new core: still a report"
like "$(first_line)" " cpu2_busy=U;;;0;100$" "new core: U in perfdata, not 0"
like "$out" "cpu2: no figure" "new core: said in long output"

# Unreadable or malformed /proc/stat: UNKNOWN naming the file.
run_plugin "no stat" "$cpu" --procfs "$tmp/nowhere" --state-dir "$tmp/s"
is "$rc" 3 "no stat: UNKNOWN"
like "$(first_line)" "^CPU UNKNOWN - cannot read $tmp/nowhere/stat: " \
    "no stat: the file is named"
printf 'cpu 1 2 x 4\n' >"$root/stat"
run_plugin "malformed stat" "$cpu" --procfs "$root" --state-dir "$tmp/s"
is "$rc" 3 "malformed stat: UNKNOWN"
like "$(first_line)" "malformed" "malformed stat: says so"

# The timeout: reading a FIFO nobody writes hangs; -t 1 stops it.
rm -f "$root/stat"
mkfifo "$root/stat"
run_plugin "timeout" "$cpu" -t 1 --procfs "$root" --state-dir "$tmp/s"
is "$rc" 3 "timeout: exit 3"
is "$(first_line)" \
    "CPU UNKNOWN - timed out after 1 s while reading $root/stat" \
    "timeout: names the stage"
ok "$([ "$ms" -ge 950 ] && [ "$ms" -lt 2500 ]; echo $?)" \
    "timeout: stopped after ${ms} ms (about 1 s)"
run_plugin "timeout 0.5" "$cpu" -t 0.5 --procfs "$root" --state-dir "$tmp/s"
is "$rc" 3 "timeout 0.5: exit 3"
ok "$([ "$ms" -ge 450 ] && [ "$ms" -lt 2000 ]; echo $?)" \
    "timeout 0.5: stopped after ${ms} ms"
done_testing
