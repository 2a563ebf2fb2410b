#!/usr/bin/env bash
# check_sense_mem on this machine's /proc/meminfo: exit 0..2, a valid
# line, and the figure agrees with meminfo read here.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/cpu/lib.bash"
mem=$SENSE_BUILD/check_sense_mem
[ -x "$mem" ] || skip_all "no $mem"
[ -r /proc/meminfo ] || skip_all "no /proc/meminfo"
tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"

run_plugin "this machine" "$mem"
ok "$([ "$rc" -le 2 ]; echo $?)" "exit $rc is 0..2"
like "$(first_line)" \
    "^MEM (OK|WARNING|CRITICAL) - memory [0-9]+\.[0-9]{2}% used \(" \
    "status line with the memory figure"
swap=$(awk '/^SwapTotal:/ {print $2}' /proc/meminfo)
if [ "$swap" = 0 ]; then
	like "$(first_line)" ", swap absent \|" "no swap here: absent"
else
	like "$(first_line)" " swap_used=" "swap here: a swap item"
fi
# The used % within 1 point of MemTotal/MemAvailable read now (memory
# moves a little between the two reads).
got=$(first_line | sed -n 's/.*mem_used=\([0-9.]*\)%.*/\1/p')
want=$(awk '/^MemTotal:/ {t=$2} /^MemAvailable:/ {a=$2}
    END {printf "%.6f", (t - a) * 100 / t}' /proc/meminfo)
ok "$(awk -v g="$got" -v w="$want" 'BEGIN {d = g - w; if (d < 0) d = -d;
    exit !(d < 1)}'; echo $?)" "used $got% agrees with meminfo ($want%)"
done_testing
