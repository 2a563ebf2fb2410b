#!/usr/bin/env bash
# check_sense_disk on real filesystems the test mounts: tmpfs mounts
# filled to exact fractions, judged exactly as df's own figures say
# (used / (used + avail), thresholds in bytes of that base), inode use,
# and the selection rules on live mounts (explicit paths beat the tmpfs
# type exclusion, include types, regexes, bind mounts counted once).
# Runs in a mount namespace of its own.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/disk/lib.bash"
[ -x "$disk" ] || skip_all "no $disk"
in_private_mounts "$@"

tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"
mnt=$tmp/small
mkdir -p "$mnt" "$tmp/big" "$tmp/ino" "$tmp/big-bind"
# 40 KiB = 10 pages: 7 pages are exactly 70.0%, 9 exactly 90.0%.
mount -t tmpfs -o size=40k,mode=700 sense-small "$mnt" ||
    skip_all "cannot mount tmpfs"
cleanup "umount -l '$mnt'"

fill() {		# fill DIR PAGES: one 4 KiB file per page
	local i
	rm -f "$1"/f*
	for ((i = 0; i < $2; i++)); do
		head -c 4096 /dev/zero >"$1/f$i"
	done
	sync -f "$1/."
}

# expect_df DIR NAME: the plugin's state and DIR's perfdata are what
# df's figures imply.
expect_df() {
	local want
	want=$(df_expect "$1")
	is "$(perf "$1")" "${want% *}" "$2: perfdata = df's used, thresholds, size"
	is "$RC" "${want#* }" "$2: state from df's used/(used+avail)"
}

for pages in 0 7 8 9 10; do
	fill "$mnt" "$pages"
	dcheck --path "$mnt" -t 5
	expect_df "$mnt" "$pages of 10 pages"
done
fill "$mnt" 7
dcheck --path "$mnt"
is "$RC" 0 "70.0% used is OK"
like "$OUT" "^DISK OK - $mnt 70\.00% used \|" "status line names it"
fill "$mnt" 9
dcheck --path "$mnt"
is "$RC" 1 "90.0% used is WARNING, not CRITICAL"
dcheck --path "$mnt" -w 50 -c 85
is "$RC" 2 "-c 85 makes 90% CRITICAL"
expected=$(df_expect "$mnt" 50 85)
is "$(perf "$mnt")" "${expected% *}" "custom thresholds in bytes as df says"
dcheck --path "$mnt" -w 95 -c 98
is "$RC" 0 "-w 95 makes 90% OK"

# A bigger tmpfs filled past 70% and past 90% (in 64 KiB steps).
mount -t tmpfs -o size=1m,mode=700 sense-big "$tmp/big" ||
    skip_all "cannot mount tmpfs"
cleanup "umount -l '$tmp/big'"
head -c $((12 * 65536)) /dev/zero >"$tmp/big/a"	# 75%
dcheck --path "$tmp/big"
expect_df "$tmp/big" "1 MiB tmpfs at 75%"
is "$RC" 1 "75% is WARNING"
head -c $((15 * 65536 + 8192)) /dev/zero >"$tmp/big/a"	# 94.5%
dcheck --path "$tmp/big"
expect_df "$tmp/big" "1 MiB tmpfs at 94.5%"
is "$RC" 2 "94.5% is CRITICAL"

# Two at once: worst state wins, the worst filesystem is named first.
fill "$mnt" 8
dcheck --path "$mnt" --path "$tmp/big"
is "$RC" 2 "WARNING and CRITICAL filesystems: CRITICAL"
like "$OUT" "^DISK CRITICAL - $tmp/big 9[0-9.]+% used, $mnt 80\.00% used; 2 filesystems checked" \
    "both named, the critical one first"
n=$(printf '%s' "$OUT" | tail -n +2 | wc -l)
is "$n" 2 "one long-output line per filesystem"

# Inodes: 20 inodes, the root directory takes one.
mount -t tmpfs -o size=1m,nr_inodes=20,mode=700 sense-ino "$tmp/ino" ||
    skip_all "cannot mount tmpfs"
cleanup "umount -l '$tmp/ino'"
for i in $(seq 14); do : >"$tmp/ino/i$i"; done
dcheck --path "$tmp/ino"
is "$RC" 1 "75% of the inodes used: WARNING from inodes alone"
like "$OUT" "^DISK WARNING - $tmp/ino inodes 75\.00% used;" \
    "the summary names the inode figure"
got=$(perf "$tmp/ino inodes")
want=$(df_inode_pct "$tmp/ino")
num_is "${got%%;*}" "$want" "inode % equals df -i's ($want)"
is "${got#*;}" "70;90;0;100" "inode thresholds and bounds"
dcheck --path "$tmp/ino" -W 80 -K 95
is "$RC" 0 "--inode-warning 80: OK"
for i in $(seq 15 19); do : >"$tmp/ino/i$i"; done
dcheck --path "$tmp/ino"
is "$RC" 2 "all inodes used: CRITICAL"

# Selection on live mounts.
mount --bind "$tmp/big" "$tmp/big-bind" || skip_all "cannot bind mount"
cleanup "umount -l '$tmp/big-bind'"
dcheck
[[ "$OUT" != *"$tmp/"* ]]
ok $? "tmpfs mounts are skipped by default"
like "$(labels)" "(^|"$'\n'")/("$'\n'"|$)" "... and / is checked"
dcheck -N tmpfs -r "^$tmp/"
is "$(labels | grep -v ' inodes$' | tr '\n' ' ')" \
    "$mnt $tmp/big $tmp/ino " \
    "-N tmpfs -r: our three mounts, the bind mount counted once"
dcheck -N tmpfs -r "^$tmp/" -R "/(big|ino)$" -x "$mnt"
is "$RC" 3 "everything excluded: UNKNOWN"
like "$OUT" "^DISK UNKNOWN - no filesystem selected" "... says so"
dcheck -N tmpfs -r "^$tmp/" -R "/ino$" -X tmpfs
is "$(labels | tr '\n' ' ')" "" "-X beats -N for the same type"
dcheck --path "$mnt/not/there/yet" -X tmpfs
is "$(labels | grep -v ' inodes$')" "$mnt" \
    "a path below a mount point selects it; explicit beats -X"
dcheck --path "$tmp/big-bind"
is "$(labels | grep -v ' inodes$')" "$tmp/big-bind" \
    "the bind mount asked for by name is reported under that name"
done_testing
