#!/usr/bin/env bash
# check_sense_disk selection on fixture mountinfo files (--procfs): the
# mount points are directories of this test, so statvfs really runs on
# them (and reports whatever filesystem holds the temp directory); what
# is checked here is which filesystems are selected and how they are
# named: D4 (snap image skipped unless asked for, container overlay root
# kept), D5 (bind-mount pair once), escapes, exclusions, errors.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/disk/lib.bash"
[ -x "$disk" ] || skip_all "no $disk"
tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"
t=$tmp/m
mkdir -p "$t/snap/core20/2105" "$t/data" "$t/my disk" "$t/shm" \
    "$t/data-bind" "$tmp/proc/self"
mi=$tmp/proc/self/mountinfo
cat >"$mi" <<EOM
22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
45 27 254:0 /run/netns /run/netns rw,relatime shared:1 - ext4 /dev/vda rw
50 27 7:3 / $t/snap/core20/2105 ro,nodev,relatime shared:7 - squashfs /dev/loop3 ro
51 27 8:1 / $t/data rw,relatime - xfs /dev/sda1 rw
52 27 8:17 / $t/my\\040disk rw - ext4 /dev/sdb1 rw
53 27 0:51 / $t/gone rw - nfs4 nas:/export rw,hard
54 27 0:52 / $t/shm rw - tmpfs tmpfs rw
55 27 8:1 /sub $t/data-bind rw - xfs /dev/sda1 rw
56 27 0:53 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw
EOM
P=(--procfs "$tmp/proc")
sel() { labels | grep -v ' inodes$' | tr '\n' '|'; }

dcheck "${P[@]}"
is "$(sel)" "/|$t/data|$t/my disk|" \
    "default: real filesystems once each (D4 snap and D5 bind skipped)"
like "$OUT" "; 4 filesystems checked|^DISK OK - 4 filesystems" \
    "the vanished nfs4 mount is counted"
like "$OUT" $'\n'"$t/gone \(nfs4, nas:/export\): OK, statvfs failed: No such file or directory, not judged" \
    "a vanished mount not asked for is reported, not judged"
[[ "$OUT" != *"/run/netns"* ]]
ok $? "D5: /run/netns is not reported (one result for 254:0)"

dcheck "${P[@]}" -vv
like "$ERR" "check_sense_disk: /proc \(proc, 0:21\): pseudo or image type" \
    "-vv: why /proc is skipped"
like "$ERR" "check_sense_disk: /run/netns \(ext4, 254:0\): another mount of the same device" \
    "-vv: why /run/netns is skipped (D5)"
like "$ERR" "check_sense_disk: $t/snap/core20/2105 \(squashfs, 7:3\): pseudo or image type" \
    "-vv: why the snap is skipped (D4)"
like "$ERR" "check_sense_disk: / \(ext4, 254:0\): selected" "-vv: / selected"
dcheck "${P[@]}" -vv -p "$t/data-bind" -p "$t/data" -x "$t/data"
like "$ERR" "check_sense_disk: $t/data \(xfs, 8:1\): asked for by path" \
    "-vv: a filesystem asked for by path beats -x"
like "$ERR" "check_sense_disk: $t/data-bind \(xfs, 8:1\): another mount" \
    "-vv: its bind mount asked for too is folded into it"
like "$ERR" "check_sense_disk: / \(ext4, 254:0\): not asked for" \
    "-vv: with -p, other mounts are not asked for"

dcheck "${P[@]}" --path "$t/snap/core20/2105"
is "$(sel)" "$t/snap/core20/2105|" "D4: the snap mount asked for by path"
dcheck "${P[@]}" --path "$t/snap/core20/2105" -X squashfs
is "$(sel)" "$t/snap/core20/2105|" "D4: an explicit path beats -X"
dcheck "${P[@]}" -X xfs
is "$(sel)" "/|$t/my disk|" "-X xfs drops the xfs mount and its bind"
dcheck "${P[@]}" -r 'disk$'
is "$(sel)" "$t/my disk|" "-r selects by mount point (\\040 decoded)"
dcheck "${P[@]}" -R "^$t/"
is "$(sel)" "/|" "-R excludes by mount point"
dcheck "${P[@]}" -x "$t/data" -x "/"
is "$(sel)" "$t/my disk|" \
    "-x excludes filesystems by mount point (not replaced by their binds)"
dcheck "${P[@]}" -x "$t/data-bind" -x /run/netns
is "$(sel)" "/|$t/data|$t/my disk|" \
    "-x of a bind mount does not drop the filesystem it shows"
dcheck "${P[@]}" -N tmpfs,cgroup2
is "$(sel)" "$t/shm|/sys/fs/cgroup|" "-N selects pseudo types"
dcheck "${P[@]}" -p /dev/sda1
is "$(sel)" "$t/data|" "-p DEVICE selects the mount of that device"
dcheck "${P[@]}" -p "$t/data-bind" -p "$t/data"
is "$(sel)" "$t/data|" "two paths on one device: one result"

dcheck "${P[@]}" -p "$t/gone"
is "$RC" 3 "a vanished mount asked for by path: UNKNOWN"
like "$OUT" "^DISK UNKNOWN - $t/gone statvfs failed: No such file or directory" \
    "... naming it and why"

# Error cases and other systems.
dcheck --procfs "$tmp/none"
is "$RC" 3 "no mountinfo: UNKNOWN"
is "$(first)" "DISK UNKNOWN - cannot read $tmp/none/self/mountinfo: No such file or directory" \
    "... naming the file"
mkdir -p "$tmp/pseudo/self" "$tmp/container/self" "$tmp/noroot/self"
printf '%s\n' '22 1 0:21 / /proc rw - proc proc rw' \
    '23 1 0:22 / /sys rw - sysfs sysfs rw' \
    '24 1 0:6 / /dev rw - devtmpfs devtmpfs rw' >"$tmp/pseudo/self/mountinfo"
dcheck --procfs "$tmp/pseudo"
is "$RC" 3 "an all-pseudo system: UNKNOWN"
is "$(first)" "DISK UNKNOWN - no filesystem selected" "... says why"
printf '%s\n' '23 1 0:22 / /sys rw - sysfs sysfs rw' \
    >"$tmp/noroot/self/mountinfo"
dcheck --procfs "$tmp/noroot" -p /x
is "$RC" 3 "a path no mount holds: UNKNOWN"
is "$(first)" "DISK UNKNOWN - no mounted filesystem holds /x" "... says why"
printf '%s\n' \
    '500 400 0:90 / / rw - overlay overlay rw,lowerdir=/l,upperdir=/u' \
    '501 500 0:91 / /proc rw - proc proc rw' \
    '502 500 0:92 / /dev rw - tmpfs tmpfs rw' \
    '503 500 0:93 / /sys rw - sysfs sysfs ro' \
    '510 400 0:94 / /var/lib/docker/overlay2/x/merged rw - overlay overlay rw' \
    >"$tmp/container/self/mountinfo"
dcheck --procfs "$tmp/container"
is "$(sel)" "/|" "D4: a container's overlay root is kept, other overlays not"
is "$RC" 0 "... and measured"
done_testing
