#!/usr/bin/env bash
# make bench: the helpdesk outbox against a real Request Tracker 5 on
# 127.0.0.1 (as tests/helpdesk/rt.t starts it) and a local webhook
# listener: deliveries per second (RT creates, RT correspondences,
# webhook POSTs) from one deliver process, and the drain time of 1,000
# changes queued during an RT outage (one and four deliver processes),
# with a check that RT then holds exactly one ticket per sense ticket.
#   SENSE_BENCH_HD_N   tickets for the rate runs (default 100)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
export SENSE_TOP=$top SENSE_BUILD=${SENSE_BUILD:-$top/build}
source "$top/tests/lib/tap.sh"
source "$top/tests/helpdesk/lib.bash"
rt_available || { echo "helpdesk bench: RT 5 not installed"; exit 0; }
rt_template || { echo "helpdesk bench: RT template failed"; exit 1; }
rt_start >/dev/null || { echo "helpdesk bench: rt-server failed"; exit 1; }
n=${SENSE_BENCH_HD_N:-100}
printf 'user = root\npassword = %s\n' "$RT_PASS" >"$tmp/rt.secret"
chmod 600 "$tmp/rt.secret"
sink hook hooksink.py || exit 1
hport=$SINK_PORT
rtconf() {
	cat >"$conf" <<EOC
helpdesk = { budget_ms = 0; timeout_ms = 10000; key_prefix = "$1";
  rt = { url = "$(RT_URL)"; queue = "Monitoring";
         secrets = "$tmp/rt.secret"; }; };
EOC
}
now() { date +%s.%N; }
rate() { python3 -c "import sys; n, t = int(sys.argv[1]), float(sys.argv[2])
print('%d in %.2f s = %.1f/s (%.1f ms each)' % (n, t, n / t, 1000 * t / n))" "$@"; }
# queue TICKETS FROM ACTIONS: notify ACTIONS (w: warning, c: critical,
# a: ack, r: recovery) for TICKETS services, times from FROM.
queue() {
	local i a t=$2
	for ((i = 0; i < $1; i++)); do
		for a in $3; do
			t=$((t + 1))
			case $a in
			w) notify PROBLEM "s$i" WARNING $t "W $i" ;;
			c) notify PROBLEM "s$i" CRITICAL $t "C $i" ;;
			a) notify ACKNOWLEDGEMENT "s$i" CRITICAL $t "C $i" \
			    --author bench --comment ack ;;
			r) notify RECOVERY "s$i" OK $t "OK $i" ;;
			esac
		done
	done
}
timed_deliver() {	# timed_deliver WORKERS: seconds to drain
	local t0 p pids=()
	t0=$(now)
	for ((p = 0; p < $1; p++)); do
		tk deliver --now --quiet & pids+=($!)
	done
	wait "${pids[@]}"
	python3 -c "print($(now) - $t0)"
}

rtconf rate
queue "$n" 1000 w
echo "RT creates:          $(rate "$n" "$(timed_deliver 1)")"
queue "$n" 2000 c
echo "RT escalations:      $(rate "$n" "$(timed_deliver 1)") (PUT + correspond)"

db=$tmp/hook.db
cat >"$conf" <<EOC
helpdesk = { budget_ms = 0; webhook = { url = "http://127.0.0.1:$hport/"; }; };
EOC
queue $((n * 5)) 1000 w
echo "webhook POSTs:       $(rate $((n * 5)) "$(timed_deliver 1)")"

for w in 1 4; do
	db=$tmp/drain$w.db
	rtconf "drain$w"
	rt_stop
	queue 250 1000 "w c a r"
	pend=$(q "SELECT count(*) FROM ob_deliveries WHERE state = 'pending'")
	rt_start >/dev/null || { echo "rt-server did not come back"; exit 1; }
	s=$(timed_deliver $w)
	left=$(q "SELECT count(*) FROM ob_deliveries WHERE state <> 'done'")
	got=$(rtq count "drain$w")
	res=$(rtq count "drain$w" resolved)
	echo "drain after outage:  $pend changes, $w deliver process(es):" \
	    "$(rate "$pend" "$s"); left $left"
	echo "                     RT tickets with the key prefix: $got," \
	    "resolved: $res (want 250, 250)"
done
