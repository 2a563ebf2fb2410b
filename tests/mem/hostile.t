#!/usr/bin/env bash
# check_sense_mem on big and hostile meminfo: a 1 TB machine 1 kB past
# 90% (the 6-decimal perfdata must not read as WARNING when the state is
# CRITICAL), a threshold with more than 6 decimals (printed as judged),
# and fallback lines near 2^64 (the estimate saturates, never wraps).
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/cpu/lib.bash"
mem=$SENSE_BUILD/check_sense_mem
[ -x "$mem" ] || skip_all "no $mem"
tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"
root=$tmp/proc
mkdir -p "$root"
meminfo() { printf '%s\n' "$@" >"$root/meminfo"; }

meminfo 'MemTotal: 1000000000 kB' 'MemAvailable: 99999999 kB' \
    'SwapTotal: 0 kB' 'SwapFree: 0 kB'
run_plugin "1 TB, 1 kB past 90%" "$mem" --procfs "$root"
is "$rc" 2 "1 TB, 1 kB past 90%: CRITICAL"
like "$out" "mem_used=90.0000001%;70;90;0;100" \
    "1 TB, 1 kB past 90%: perfdata keeps the digits that make it CRITICAL"

meminfo 'MemTotal: 1000000000 kB' 'MemAvailable: 300000000 kB' \
    'SwapTotal: 0 kB' 'SwapFree: 0 kB'
run_plugin "-w 69.99999999" "$mem" --procfs "$root" -w 69.99999999
is "$rc" 1 "-w 69.99999999: 70% is WARNING"
like "$out" "mem_used=70%;69.99999999;90;0;100" \
    "-w 69.99999999: the threshold judged is the one printed"

big=99999999999999999999999999999999999999999999999999999
run_plugin "-w with 53 digits" "$mem" --procfs "$root" -w "$big:"
is "$rc" 1 "-w $big: (alert below): WARNING"
warn=$(sed -n 's/.*mem_used=70%;\([0-9]*\):;.*/\1/p' "$tmp/out")
is "${#warn}" 53 "-w with 53 digits: printed in full, not cut"

# No MemAvailable; four lines of 2^63 bytes each would wrap a 64-bit sum
# to 0 available (100%); saturated, it is all available (0%).
h=9007199254740992
meminfo "MemTotal: $h kB" "MemFree: $h kB" "Buffers: $h kB" \
    "Cached: $h kB" "SReclaimable: $h kB" 'SwapTotal: 0 kB'
run_plugin "2^63-byte fallback lines" "$mem" --procfs "$root"
is "$rc" 0 "2^63-byte fallback lines: OK"
like "$(first_line)" "memory 0.00% used" \
    "2^63-byte fallback lines: the estimate saturates"

# Lines missing where 0 would alarm: no MemAvailable nor MemFree (not
# "nothing free"), SwapTotal without SwapFree (not "swap full").
meminfo 'MemTotal: 1000 kB' 'SwapTotal: 0 kB' 'SwapFree: 0 kB'
run_plugin "no MemAvailable, no MemFree" "$mem" --procfs "$root"
is "$rc" 3 "no MemAvailable, no MemFree: UNKNOWN, not 100% CRITICAL"
like "$(first_line)" "needs MemTotal, MemAvailable or MemFree" \
    "no MemAvailable, no MemFree: says what is needed"
meminfo 'MemTotal: 1000 kB' 'MemAvailable: 500 kB' 'SwapTotal: 800 kB'
run_plugin "SwapTotal without SwapFree" "$mem" --procfs "$root"
is "$rc" 3 "SwapTotal without SwapFree: UNKNOWN, not swap 100% CRITICAL"

# CRLF lines and negative figures: UNKNOWN with a reason, no perfdata.
printf 'MemTotal: 1000 kB\r\nMemAvailable: 500 kB\r\n' >"$root/meminfo"
run_plugin "CRLF meminfo" "$mem" --procfs "$root"
is "$rc" 3 "CRLF meminfo: UNKNOWN"
like "$(first_line)" "no MemTotal or malformed " "CRLF meminfo: says why"
meminfo 'MemTotal: 1000 kB' 'MemAvailable: -5 kB'
run_plugin "negative MemAvailable" "$mem" --procfs "$root"
is "$rc" 3 "negative MemAvailable: UNKNOWN"

# A tiny -t: the message gives the time as typed, not as 1e-06.
run_plugin "-t 0.000001" "$mem" --procfs "$root" -t 0.000001
is "$rc" 3 "-t 0.000001: UNKNOWN"
like "$(first_line)" "timed out after 0.000001 s while" \
    "-t 0.000001: no scientific notation in the message"
done_testing
