#!/usr/bin/env bash
# check_sense_net on this machine's /proc and /sys: valid output and
# exit 0..2, the selection rules against the real interface list, and
# N2 on real links (lo's speed fails with EINVAL; virtio says -1).
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/net/lib.bash"
[ -x "$net" ] || skip_all "no $net"
[ -r /proc/net/dev ] || skip_all "no /proc/net/dev"
tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"

# The interfaces the default selection must pick: up, not loopback.
want=()
for d in /sys/class/net/*; do
	n=${d##*/}
	grep -q "^ *$n:" /proc/net/dev || continue
	[ "$(cat "$d/type")" = 772 ] && continue
	f=$(( $(cat "$d/flags") ))
	[ $((f & 1)) -eq 1 ] || continue
	case $(cat "$d/operstate") in up|unknown|dormant) ;; *) continue ;; esac
	want+=("$n")
done

run_net "first run" --state-dir "$tmp/s"
ok "$([ "$rc" -le 2 ] || [ ${#want[@]} -eq 0 ]; echo $?)" \
    "exit $rc is 0..2 with ${#want[@]} interfaces up"
got=$(sed -n '2,$p' "$tmp/out" | sed -n 's/^[A-Z]*: \([^ ]*\) .*/\1/p' |
    sort | tr '\n' ' ')
is "$got" "$(printf '%s\n' "${want[@]}" | sort | tr '\n' ' ')" \
    "default selection: every up, non-loopback interface"
is "$(perf lo_rx_bps)" "" "lo skipped by default"
sleep 1
run_net "second run" --state-dir "$tmp/s"
ok "$([ "$rc" -le 2 ] || [ ${#want[@]} -eq 0 ]; echo $?)" \
    "second run: exit $rc"
if [ ${#want[@]} -gt 0 ]; then
	like "$(long_line "${want[0]}")" "over [1-9]\.[0-9]{2} s$" \
	    "second run: rate since the first run (1 s sleep, a loaded machine may add)"
else
	ok 0 "# SKIP no interface up"
fi

# N2 on real links: lo's speed read fails with EINVAL.
run_net "lo" --state-dir "$tmp/s" -i lo
is "$rc" 0 "lo named: checked, OK without a percentage"
is "$(perf lo_util)" "" "N2: lo has no percentage"
like "$(perf lo_rx_bps)" "^[0-9.]+;;;0$" "lo rates in perfdata"
run_net "lo -w 70" --state-dir "$tmp/s" -i lo -w 70
is "$rc" 3 "N2: -w asked, speed unknown, no override: UNKNOWN"
like "$(first_line)" "^NET UNKNOWN - lo speed unknown" "N2: says so"
run_net "lo -w 70 --speed lo=10000" --state-dir "$tmp/s" -i lo -w 70 \
    --speed lo=10000
ok "$([ "$rc" -le 2 ]; echo $?)" "with an override: judged (exit $rc)"
like "$(perf lo_util)" "^[0-9.]+%;70;90;0$" "override gives lo_util"

# A virtio link that says -1: rates without a percentage.
for n in "${want[@]}"; do
	[ "$(cat "/sys/class/net/$n/speed" 2>/dev/null)" = -1 ] || continue
	run_net "$n speed -1" --state-dir "$tmp/s" -i "$n"
	is "$(perf "${n}_util")" "" "N2: $n speed -1: no percentage"
	like "$(long_line "$n")" "^OK: $n speed unknown " "N2: $n speed unknown"
	break
done
done_testing
