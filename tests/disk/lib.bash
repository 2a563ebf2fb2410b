# lib.bash -- helpers for the check_sense_disk tests (sourced after tap.sh).

disk=$SENSE_BUILD/check_sense_disk

# in_private_mounts "$@": re-run the calling test in a mount namespace of
# its own, so the filesystems it mounts are seen by nobody else (other
# tests check every mount of this machine at the same time) and vanish
# with it, pass or fail.  Skips the test without root or unshare.
in_private_mounts() {
	[ -n "${SENSE_DISK_NS:-}" ] && return 0
	[ "$(id -u)" -eq 0 ] || skip_all "needs root to mount"
	unshare -m --propagation private true 2>/dev/null ||
	    skip_all "cannot create a mount namespace"
	SENSE_DISK_NS=1 exec unshare -m --propagation private "$0" "$@"
}

# dcheck ARGS...: run the plugin; sets OUT (stdout), ERR (stderr), RC,
# T0 and T1 (bash's clock before and after the plugin), and checks the output with perfcheck.py --exit RC --judge (grammar, the
# status word matches the exit code, every item's value against its own
# thresholds implies exactly the exit state).
dcheck() {
	local e why
	e=$(mktemp)
	T0=$EPOCHREALTIME
	OUT=$("$disk" "$@" 2>"$e"; echo "~$?")
	T1=$EPOCHREALTIME
	RC=${OUT##*~}
	OUT=${OUT%~*}
	ERR=$(cat "$e")
	rm -f "$e"
	why=$(printf '%s' "$OUT" | python3 "$SENSE_TOP/tests/lib/perfcheck.py" \
	    --exit "$RC" --judge)
	ok $? "well-formed, perfdata agrees with exit $RC: $*"
	[ -z "$why" ] || diag "$why"
}

# perf LABEL: the perfdata item LABEL of $OUT as "value;warn;crit;min;max"
# (the value without its unit); empty when absent.
perf() {
	printf '%s' "$OUT" | python3 -c '
import sys
sys.path.insert(0, sys.argv[2] + "/tests/lib")
import perfcheck
first = sys.stdin.read().split("\n")[0]
for label, rest in perfcheck.parse_items(first.partition("|")[2].strip()):
    if label == sys.argv[1]:
        f = (rest.split(";") + [""] * 5)[:5]
        f[0] = f[0].rstrip("%Bcs")
        print(";".join(f))
' "$1" "$SENSE_TOP"
}

# labels: every perfdata label of $OUT, one per line, in order.
labels() {
	printf '%s' "$OUT" | python3 -c '
import sys
sys.path.insert(0, sys.argv[1] + "/tests/lib")
import perfcheck
first = sys.stdin.read().split("\n")[0]
for label, _ in perfcheck.parse_items(first.partition("|")[2].strip()):
    print(label)
' "$SENSE_TOP"
}

# df_expect DIR [WARN CRIT]: from df's own figures for DIR, what the
# plugin must print: "used;floor(W% of used+avail);floor(C%);0;size
# STATE" (STATE 0/1/2 from used/(used+avail) against W and C).
df_expect() {
	df -B1 --output=used,avail,size "$1" | tail -1 | python3 -c '
import math, sys
used, avail, size = map(int, sys.stdin.read().split())
w, c = float(sys.argv[1]), float(sys.argv[2])
base = used + avail
pct = 100.0 if avail == 0 else used * 100.0 / base
st = 2 if pct > c else 1 if pct > w else 0
print("%d;%d;%d;0;%d %d" % (used, math.floor(w * base / 100),
      math.floor(c * base / 100), size, st))
' "${2:-70}" "${3:-90}"
}

# df_inode_pct DIR: df's inode use of DIR in percent, unrounded.
df_inode_pct() {
	df --output=itotal,iused "$1" | tail -1 | python3 -c '
import sys
t, u = map(int, sys.stdin.read().split())
print(u * 100.0 / t)
'
}

# num_is GOT WANT NAME: numbers equal within 1e-6.
num_is() {
	python3 -c 'import sys; sys.exit(abs(float(sys.argv[1]) -
	    float(sys.argv[2])) > 1e-6)' "$1" "$2" 2>/dev/null
	ok $? "$3"
}

# first: the status line of $OUT.
first() { printf '%s' "$OUT" | head -n 1; }
