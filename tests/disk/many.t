#!/usr/bin/env bash
# A mount table of 50,000 entries (a container host): tmpfs mounts that
# are skipped, a few real ones, and points mounted over several times.
# One result per visible filesystem, the over-mounted ones hidden, and
# the selection stays far inside the default -t (it was pairwise).
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/disk/lib.bash"
[ -x "$disk" ] || skip_all "no $disk"
tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"
mkdir -p "$tmp/proc/self" "$tmp/m/a" "$tmp/m/b"
python3 - "$tmp" <<'PY'
import sys
t = sys.argv[1]
with open(t + "/proc/self/mountinfo", "w") as f:
    f.write("27 1 254:0 / / rw - ext4 /dev/vda rw\n")
    for i in range(50000):
        f.write("%d 27 0:%d / %s/run/c%05d rw - tmpfs tmpfs rw\n"
                % (100 + i, 100 + i, t, i))
    # m/a: ext4 over-mounted by xfs (the xfs one is visible);
    # m/b: xfs over-mounted by ext4 and that by xfs again.
    f.write("60000 27 8:1 / %s/m/a rw - ext4 /dev/sda1 rw\n" % t)
    f.write("60001 27 8:2 / %s/m/b rw - xfs /dev/sdb1 rw\n" % t)
    f.write("60002 27 8:3 / %s/m/a rw - xfs /dev/sdc1 rw\n" % t)
    f.write("60003 27 8:4 / %s/m/b rw - ext4 /dev/sdd1 rw\n" % t)
    f.write("60004 27 8:5 / %s/m/b rw - xfs /dev/sde1 rw\n" % t)
PY
dcheck --procfs "$tmp/proc" -x /
ms=$(awk -v a="$T0" -v b="$T1" 'BEGIN { printf "%d", (b - a) * 1000 }')
is "$RC" 0 "50,000 mounts: OK"
is "$(labels | grep -v ' inodes$' | tr '\n' ' ')" "$tmp/m/a $tmp/m/b " \
    "50,000 mounts: the two visible real filesystems, once each"
like "$(printf '%s' "$OUT" | grep "^$tmp/m/a ")" "\(xfs, /dev/sdc1\)" \
    "the later mount on a point is the one checked"
like "$(printf '%s' "$OUT" | grep "^$tmp/m/b ")" "\(xfs, /dev/sde1\)" \
    "three mounts on one point: the last one is checked"
ok "$([ "$ms" -lt 2000 ]; echo $?)" "50,000 mounts judged in $ms ms"
done_testing
