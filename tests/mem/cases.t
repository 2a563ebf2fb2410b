#!/usr/bin/env bash
# check_sense_mem on meminfo fixtures (cases M1, M2, M3 of tests/cases):
# meminfo text -> exact status line and exit code.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/cpu/lib.bash"
mem=$SENSE_BUILD/check_sense_mem
[ -x "$mem" ] || skip_all "no $mem"
tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"
root=$tmp/proc
mkdir -p "$root"

m1='MemTotal:       1056743416 kB
MemFree:        653040840 kB
Buffers:        1322236 kB
Cached:         147247296 kB
Shmem:          8695952 kB
SReclaimable:   9278192 kB
SwapTotal:             0 kB
SwapFree:              0 kB'

# case: name | options | exit | status line | meminfo (after the 4th |)
cases=(
"M1 caches are not used||0|\
MEM OK - memory 24.30% used (244.91 GiB of 1007.79 GiB), swap absent \
| mem_used=24.301251%;70;90;0;100 \
mem_used_bytes=262965112832B;;;0;1082105257984|\
$m1
MemAvailable:   799941548 kB"
"M1 without MemAvailable: fallback||0|\
MEM OK - memory 24.09% used (242.76 GiB of 1007.79 GiB), swap absent \
| mem_used=24.088232%;70;90;0;100 \
mem_used_bytes=260660023296B;;;0;1082105257984|$m1"
"M2||0|\
MEM OK - memory 7.09% used (268.86 MiB of 3.70 GiB), swap absent \
| mem_used=7.094397%;70;90;0;100 mem_used_bytes=281915392B;;;0;3973775360|\
MemTotal: 3880640 kB
MemFree: 2000000 kB
MemAvailable: 3605332 kB
Buffers: 1000 kB
Cached: 1500000 kB"
"M2 with other Buffers/Cached: same||0|\
MEM OK - memory 7.09% used (268.86 MiB of 3.70 GiB), swap absent \
| mem_used=7.094397%;70;90;0;100 mem_used_bytes=281915392B;;;0;3973775360|\
MemTotal: 3880640 kB
MemFree: 100 kB
MemAvailable: 3605332 kB
Buffers: 80000 kB
Cached: 3000 kB"
"M3 no swap: absent, not alerting||0|\
MEM OK - memory 50.00% used (1000.00 KiB of 1.95 MiB), swap absent \
| mem_used=50%;70;90;0;100 mem_used_bytes=1024000B;;;0;2048000|\
MemTotal: 2000 kB
MemAvailable: 1000 kB
SwapTotal: 0 kB
SwapFree: 0 kB"
"M3 no swap with strict swap thresholds||0|\
MEM OK - memory 50.00% used (1000.00 KiB of 1.95 MiB), swap absent \
| mem_used=50%;70;90;0;100 mem_used_bytes=1024000B;;;0;2048000|\
MemTotal: 2000 kB
MemAvailable: 1000 kB
SwapTotal: 0 kB
SwapFree: 0 kB"
"M3 full swap: CRITICAL||2|\
MEM CRITICAL - memory 50.00% used (1000.00 KiB of 1.95 MiB), \
swap 100.00% used (2.00 GiB of 2.00 GiB) | mem_used=50%;70;90;0;100 \
mem_used_bytes=1024000B;;;0;2048000 swap_used=100%;70;90;0;100 \
swap_used_bytes=2147479552B;;;0;2147479552|\
MemTotal: 2000 kB
MemAvailable: 1000 kB
SwapTotal: 2097148 kB
SwapFree: 0 kB"
"swap 75%: WARNING||1|\
MEM WARNING - memory 50.00% used (1000.00 KiB of 1.95 MiB), \
swap 75.00% used (3.00 MiB of 4.00 MiB) | mem_used=50%;70;90;0;100 \
mem_used_bytes=1024000B;;;0;2048000 swap_used=75%;70;90;0;100 \
swap_used_bytes=3145728B;;;0;4194304|\
MemTotal: 2000 kB
MemAvailable: 1000 kB
SwapTotal: 4096 kB
SwapFree: 1024 kB"
"swap 75% with --swap-warning 80||0|\
MEM OK - memory 50.00% used (1000.00 KiB of 1.95 MiB), \
swap 75.00% used (3.00 MiB of 4.00 MiB) | mem_used=50%;70;90;0;100 \
mem_used_bytes=1024000B;;;0;2048000 swap_used=75%;80;90;0;100 \
swap_used_bytes=3145728B;;;0;4194304|\
MemTotal: 2000 kB
MemAvailable: 1000 kB
SwapTotal: 4096 kB
SwapFree: 1024 kB"
"70.00 is OK||0|\
MEM OK - memory 70.00% used (6.84 MiB of 9.77 MiB), swap absent \
| mem_used=70%;70;90;0;100 mem_used_bytes=7168000B;;;0;10240000|\
MemTotal: 10000 kB
MemAvailable: 3000 kB"
"70.01 is WARNING||1|\
MEM WARNING - memory 70.01% used (6.84 MiB of 9.77 MiB), swap absent \
| mem_used=70.01%;70;90;0;100 mem_used_bytes=7169024B;;;0;10240000|\
MemTotal: 10000 kB
MemAvailable: 2999 kB"
"90.00 is WARNING||1|\
MEM WARNING - memory 90.00% used (8.79 MiB of 9.77 MiB), swap absent \
| mem_used=90%;70;90;0;100 mem_used_bytes=9216000B;;;0;10240000|\
MemTotal: 10000 kB
MemAvailable: 1000 kB"
"90.01 is CRITICAL||2|\
MEM CRITICAL - memory 90.01% used (8.79 MiB of 9.77 MiB), swap absent \
| mem_used=90.01%;70;90;0;100 mem_used_bytes=9217024B;;;0;10240000|\
MemTotal: 10000 kB
MemAvailable: 999 kB"
"-w 95 -c 99 on 90.01||0|\
MEM OK - memory 90.01% used (8.79 MiB of 9.77 MiB), swap absent \
| mem_used=90.01%;95;99;0;100 mem_used_bytes=9217024B;;;0;10240000|\
MemTotal: 10000 kB
MemAvailable: 999 kB"
"MemAvailable above MemTotal: 0%, never negative||0|\
MEM OK - memory 0.00% used (0 B of 9.77 MiB), swap absent \
| mem_used=0%;70;90;0;100 mem_used_bytes=0B;;;0;10240000|\
MemTotal: 10000 kB
MemAvailable: 12000 kB"
)
# Options per case, kept apart so the table stays data.
opts_for() {
	case $1 in
	"M3 no swap with strict swap thresholds")
		echo "--swap-warning 0 --swap-critical 0" ;;
	"swap 75% with --swap-warning 80") echo "--swap-warning 80" ;;
	"-w 95 -c 99 on 90.01") echo "-w 95 -c 99" ;;
	esac
}

for c in "${cases[@]}"; do
	name=${c%%|*}
	rest=${c#*|*|}
	want_rc=${rest%%|*}
	rest=${rest#*|}
	# The status line holds one '|'; meminfo follows the next one.
	want_line=${rest%|*}
	meminfo=${rest##*|}
	printf '%s\n' "$meminfo" >"$root/meminfo"
	# shellcheck disable=SC2046
	run_plugin "$name" "$SENSE_BUILD/check_sense_mem" --procfs "$root" \
	    $(opts_for "$name")
	is "$rc" "$want_rc" "$name: exit $want_rc"
	is "$(first_line)" "$want_line" "$name: status line"
done

printf '%s\n' "$m1" >"$root/meminfo"
run_plugin "fallback named" "$mem" --procfs "$root"
like "$out" "estimated: no MemAvailable" "the fallback says so"
done_testing
