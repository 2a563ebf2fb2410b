#!/usr/bin/env bash
# Hostile and odd input for check_sense_cpu: counters near 2^64, a procfs
# path holding '|' and a newline that hangs (the timeout message is still
# one clean status line), a previous sample stamped in the future (the
# wall clock went back), and CRLF or negative fields (UNKNOWN, no figure).
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/cpu/lib.bash"
cpu=$SENSE_BUILD/check_sense_cpu
[ -x "$cpu" ] || skip_all "no $cpu"
tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"
root=$tmp/proc
make_proc "$root" "eeeeeeee-0000-0000-0000-000000000007"
st=$tmp/state

# 2^64-1 counters: the eight deltas must not wrap when summed.
max=18446744073709551615
for t1 in "cpu $max 0 2 0 0 0 0 0 0 0" "cpu 2 0 0 $max 0 0 0 0 0 0"; do
	rm -rf "$st"
	printf 'cpu 0 0 0 0 0 0 0 0 0 0\n' >"$root/stat"
	"$cpu" --procfs "$root" --state-dir "$st" >/dev/null
	printf '%s\n' "$t1" >"$root/stat"
	run_plugin "2^64-1 counters" "$cpu" --procfs "$root" --state-dir "$st"
	over=$(grep -oE '[a-z]+=[0-9.]+%' "$tmp/out" | awk -F'[=%]' \
	    '$2 > 100 { print $1 }')
	is "$over" "" "2^64-1 counters ($t1): no figure over 100%"
done

# A previous sample from the future: the figure stands (ticks), the
# span is not shown as negative.
rm -rf "$st"
printf 'cpu 100 0 100 800 0 0 0 0 0 0\n' >"$root/stat"
"$cpu" --procfs "$root" --state-dir "$st" >/dev/null
sf=$(ls "$st"/cpu-*.state)
python3 - "$sf" <<'PY'
import sys
path = sys.argv[1]
head, key, _, body = open(path).read().split("\n", 3)
lines = body.split("\n")
lines[0] = "time 9999999999.000000"
body = "\n".join(lines).encode()
h = 1469598103934665603
for b in body:
    h = ((h ^ b) * 1099511628211) & (2**64 - 1)
open(path, "wb").write(("%s\n%s\nlen %d sum %016x\n" % (head, key,
    len(body), h)).encode() + body)
PY
printf 'cpu 200 0 200 1600 0 0 0 0 0 0\n' >"$root/stat"
run_plugin "clock went back" "$cpu" --procfs "$root" --state-dir "$st"
like "$(first_line)" "^CPU OK - 20.00% busy" \
    "clock went back: the figure from ticks stands"
like "$(sed -n 2p "$tmp/out")" "^over an unknown time \(the clock went back\)" \
    "clock went back: no negative span"

# A hung read under a path with '|' and a newline: the timeout message
# is one status line with no perfdata separator.
odd=$tmp/'a|b
c'
make_proc "$odd" "eeeeeeee-0000-0000-0000-000000000008"
mkfifo "$odd/stat"
run_plugin "hung read, odd path" "$cpu" --procfs "$odd" --state-dir "$st" \
    -t 0.3
is "$rc" 3 "hung read, odd path: UNKNOWN"
is "$(wc -l <"$tmp/out")" 1 "hung read, odd path: one line"
like "$(first_line)" "timed out after 0.3 s while reading .*a/b c/stat$" \
    "hung read, odd path: stage named, '|' and newline replaced"

# 100,000 cores (far beyond NR_CPUS): parsed and matched core by core
# in linear time (every core's figure is computed, listed or not).
python3 - "$root/stat" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("cpu 1000000 0 0 1000000 0 0 0 0 0 0\n")
    for i in range(100000):
        f.write("cpu%d 10 0 0 10 0 0 0 0 0 0\n" % i)
PY
rm -rf "$st"
"$cpu" --procfs "$root" --state-dir "$st" >/dev/null
sed -i 's/^cpu 1000000 /cpu 1000010 /; s/^cpu99999 10 /cpu99999 20 /' \
    "$root/stat"
t0=$(date +%s%N)
run_plugin "100000 cores" "$cpu" --procfs "$root" --state-dir "$st"
t1=$(date +%s%N)
is "$rc" 2 "100000 cores: 10 busy ticks of 10 is CRITICAL"
like "$(first_line)" "^CPU CRITICAL - 100.00% busy" "100000 cores: figure"
ms=$(( (t1 - t0) / 1000000 ))
ok "$([ "$ms" -lt 3000 ]; echo $?)" "100000 cores: judged in $ms ms"

# An empty directory option would read and write under "/".
for o in --procfs --sysfs --state-dir; do
	run_plugin "$o ''" "$cpu" "$o" ""
	is "$rc" 3 "$o '': usage error"
	like "$(first_line)" "^CPU UNKNOWN - invalid $o '': expected a directory" \
	    "$o '': says why"
done

# CRLF, negative or missing fields: UNKNOWN with a reason, no figure.
for bad in $'cpu 1 2 3 4\r' 'cpu 1 2 3 -4' 'cpu 1 2 3' 'intr 5'; do
	rm -rf "$st"
	printf '%s\n' "$bad" >"$root/stat"
	run_plugin "malformed stat" "$cpu" --procfs "$root" --state-dir "$st"
	is "$rc" 3 "malformed stat $(printf %q "$bad"): UNKNOWN"
	like "$(first_line)" "no cpu lines or malformed$" \
	    "malformed stat: says why, no perfdata"
done
done_testing
