#!/usr/bin/env bash
# D4 on a real image: a squashfs (what a snap is) loop-mounted by this
# test reports no free blocks at all.  Checking every filesystem skips
# it; asked for by path it is evaluated: 100% used, CRITICAL, with df's
# figures.  Runs in a mount namespace of its own.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/disk/lib.bash"
[ -x "$disk" ] || skip_all "no $disk"
command -v mksquashfs >/dev/null || skip_all "no mksquashfs (squashfs-tools)"
grep -qw squashfs /proc/filesystems || skip_all "no squashfs in this kernel"
in_private_mounts "$@"

tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"
mkdir -p "$tmp/src/bin" "$tmp/snap/core20/2105"
printf 'snap payload\n' >"$tmp/src/bin/tool"
mksquashfs "$tmp/src" "$tmp/core20.sqsh" -quiet -noappend >/dev/null ||
    skip_all "mksquashfs failed"
snap=$tmp/snap/core20/2105
mount -t squashfs -o loop,ro,nodev "$tmp/core20.sqsh" "$snap" ||
    skip_all "cannot loop-mount a squashfs image"
cleanup "umount -l '$snap'"

dcheck
[[ "$OUT" != *"$snap"* ]]
ok $? "every filesystem: the squashfs image is skipped"
like "$(labels)" "(^|"$'\n'")/("$'\n'"|$)" "... and / is checked"

dcheck --path "$snap"
is "$RC" 2 "asked for by path: CRITICAL"
like "$(first)" "^DISK CRITICAL - $snap 100\.00% used, inodes 100\.00% used;" \
    "100% used, space and inodes"
want=$(df_expect "$snap")
is "$(perf "$snap")" "${want% *}" "perfdata = df's used, thresholds, size"
is "${want#* }" 2 "df's figures say CRITICAL too"
like "$OUT" $'\n'"$snap \(squashfs, /dev/loop[0-9]+\): CRITICAL" \
    "long output names type and loop device"
dcheck --path "$snap" -X squashfs
is "$RC" 2 "an explicit path beats -X squashfs"
dcheck -N squashfs -r "^$tmp/"
is "$(labels | grep -v ' inodes$')" "$snap" "-N squashfs selects it too"
done_testing
