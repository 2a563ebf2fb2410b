#!/usr/bin/env bash
# check_sense_mem: options (help, version, bad ranges incl. the swap
# ones, unknown options), unreadable meminfo, and the timeout on a
# meminfo that never answers (a FIFO nobody writes).
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/cpu/lib.bash"
mem=$SENSE_BUILD/check_sense_mem
[ -x "$mem" ] || skip_all "no $mem"
tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"
root=$tmp/proc
mkdir -p "$root"
printf 'MemTotal: 1000 kB\nMemAvailable: 500 kB\n' >"$root/meminfo"

"$mem" --help >"$tmp/out"; rc=$?
is "$rc" 0 "--help exits 0"
like "$(cat "$tmp/out")" "Usage: check_sense_mem .*--swap-critical RANGE" \
    "--help prints the usage with the swap options"
like "$(cat "$tmp/out")" \
    "MemFree \+ Buffers \+ Cached \+ SReclaimable - Shmem" \
    "--help documents the fallback"
"$mem" --version >"$tmp/out"; rc=$?
is "$rc" 0 "--version exits 0"
like "$(cat "$tmp/out")" "^check_sense_mem [0-9]+\.[0-9]+\.[0-9]+$" \
    "--version prints the version"

bad=(
"-w 10:5|invalid --warning '10:5'"
"-c 1,5|invalid --critical '1,5'"
"--swap-warning abc|invalid --swap-warning 'abc'"
"--swap-critical 90:80|invalid --swap-critical '90:80'"
"--swap-warning|option --swap-warning needs a value"
"-t abc|invalid --timeout 'abc'"
"--nope|unknown option --nope"
"-q|unknown option -q"
)
for b in "${bad[@]}"; do
	args=${b%%|*}
	want=${b#*|}
	# shellcheck disable=SC2086
	run_plugin "bad: $args" "$mem" --procfs "$root" $args
	is "$rc" 3 "bad: $args exits 3"
	like "$(first_line)" "^MEM UNKNOWN - .*$want" \
	    "bad: $args: one-line reason"
	is "$(sed -n 2p "$tmp/out" | cut -c1-22)" "Usage: check_sense_mem" \
	    "bad: $args: usage follows"
	is "$(grep -c '^MEM ' "$tmp/out")" 1 "bad: $args: one status line"
done

run_plugin "-w 40 -c 45" "$mem" --procfs "$root" -w 40 -c 45
is "$rc" 2 "-w 40 -c 45 on 50%: CRITICAL"
run_plugin "-w @45:55" "$mem" --procfs "$root" -w @45:55
is "$rc" 1 "-w @45:55 on 50%: WARNING (inside)"
like "$(first_line)" "mem_used=50%;@45:55;90;0;100" \
    "the range is printed back in the perfdata"

run_plugin "no meminfo" "$mem" --procfs "$tmp/nowhere"
is "$rc" 3 "no meminfo: UNKNOWN"
like "$(first_line)" \
    "^MEM UNKNOWN - cannot read $tmp/nowhere/meminfo: No such file" \
    "no meminfo: the file and the reason are named"
printf 'MemFree: 100 kB\n' >"$root/meminfo"
run_plugin "no MemTotal" "$mem" --procfs "$root"
is "$rc" 3 "no MemTotal: UNKNOWN"
like "$(first_line)" "no MemTotal or malformed" "no MemTotal: says so"

rm -f "$root/meminfo"
mkfifo "$root/meminfo"
run_plugin "timeout" "$mem" -t 1 --procfs "$root"
is "$rc" 3 "timeout: exit 3"
is "$(first_line)" \
    "MEM UNKNOWN - timed out after 1 s while reading $root/meminfo" \
    "timeout: names the stage"
ok "$([ "$ms" -ge 950 ] && [ "$ms" -lt 2500 ]; echo $?)" \
    "timeout: stopped after ${ms} ms (about 1 s)"
done_testing
