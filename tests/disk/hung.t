#!/usr/bin/env bash
# D6: a filesystem whose statfs never returns.  sense_hangfs (a FUSE
# filesystem of this test, tests/disk/hangfs.c) takes each statfs
# request, logs it and never answers, as a hard-mounted NFS export whose
# server went away (first presented as nfs4 through a fixture
# mountinfo, as the case has it, then as itself on the live table).  With -t 2 the plugin must answer within ~2 s, with
# the timeout state, naming the mount, the other filesystems still
# measured; with the type excluded it must answer at once and never call
# statvfs on it (the log proves it).  Runs in a mount namespace of its
# own, so no other test ever sees the hung mounts.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/disk/lib.bash"
hangfs=$SENSE_BUILD/tests/helpers/sense_hangfs
[ -x "$disk" ] || skip_all "no $disk"
[ -x "$hangfs" ] || skip_all "no $hangfs"
[ -c /dev/fuse ] || skip_all "no /dev/fuse"
in_private_mounts "$@"

tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"
log=$tmp/statfs.log
: >"$log"

# hang_mount DIR: mount a sense_hangfs on DIR, kill it and unmount at
# exit (killing the daemon first releases every request waiting on it).
hang_mount() {
	local pid i
	mkdir -p "$1"
	SENSE_HANGFS_LOG=$log "$hangfs" "$1" -f \
	    -o fsname=nas:/export,subtype=sensehang 2>>"$tmp/hangfs.err" &
	pid=$!
	cleanup "umount -l '$1'"
	cleanup "kill -9 $pid"
	for ((i = 0; i < 100; i++)); do
		awk -v m="$1" '$5 == m {f = 1} END {exit !f}' \
		    /proc/self/mountinfo && return 0
		sleep 0.05
	done
	return 1
}
hang_mount "$tmp/nas" || skip_all "cannot mount the FUSE test filesystem"
statfs_calls() { wc -l <"$log"; }

# elapsed_ok MAX NAME: the last dcheck's plugin run took at most MAX s.
elapsed_ok() {
	local s
	s=$(awk -v a="$T0" -v b="$T1" 'BEGIN {printf "%.2f", b - a}')
	awk -v s="$s" -v m="$1" 'BEGIN {exit !(s <= m)}'
	ok $? "$2 (${s} s)"
}

# D6 as the case states it: the mount table says nfs4 (a fixture
# mountinfo: / and the export); the mount point is the hung filesystem.
mkdir -p "$tmp/d6/self"
printf '%s\n' '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw' \
    "60 27 0:60 / $tmp/nas rw,relatime - nfs4 nas:/export rw,hard" \
    >"$tmp/d6/self/mountinfo"
dcheck -t 2 --procfs "$tmp/d6"
elapsed_ok 2.3 "D6: -t 2 with a hung nfs4 mount answers within ~2 s"
is "$RC" 3 "D6: the timeout state (UNKNOWN)"
like "$(first)" "^DISK UNKNOWN - $tmp/nas statvfs hung \(no answer within [0-9.]+ s\); 2 filesystems checked" \
    "D6: the status line names the hung mount"
like "$OUT" "'/'=[0-9]+B;" "D6: / is still measured"
like "$OUT" $'\n'"$tmp/nas \(nfs4, nas:/export\): UNKNOWN" \
    "D6: long output names it with its type and source"
is "$(statfs_calls)" 1 "D6: statfs reached the filesystem once"
before=$(statfs_calls)
dcheck -t 2 --procfs "$tmp/d6" -X nfs4
elapsed_ok 1.0 "D6: with -X nfs4 the answer comes at once"
is "$(statfs_calls)" "$before" "D6: statvfs never called on the excluded type"
is "$(labels | grep -v ' inodes$')" "/" "D6: only / is checked"
like "$RC" "^[012]$" "D6: a normal state"

# The live mount table, every real filesystem: the hung FUSE mount is
# among them (other tests' mounts may be too, so only its part is
# asserted).
dcheck -t 2
elapsed_ok 2.3 "every filesystem, one hung: within ~2 s"
like "$RC" "^[123]$" "not OK"
like "$(first)" "^DISK [A-Z]+ - .*$tmp/nas statvfs hung" \
    "the status line names the hung mount"
like "$OUT" "'/'=[0-9]+B;" "the other filesystems are still measured"
like "$OUT" $'\n'"$tmp/nas \(fuse.sensehang, nas:/export\): UNKNOWN" \
    "long output names it with its type and source"

# Asked for by path: the same.
dcheck -t 2 --path "$tmp/nas"
elapsed_ok 2.3 "--path of the hung mount answers within ~2 s"
is "$RC" 3 "UNKNOWN"
like "$OUT" "^DISK UNKNOWN - $tmp/nas statvfs hung" "names it"

# Two hung mounts and a healthy one behind them: each hung one is named
# and the healthy one is still measured (a stalled statvfs hands the
# rest to a new child).
hang_mount "$tmp/nas2" || skip_all "cannot mount the FUSE test filesystem"
mkdir -p "$tmp/ok"
mount -t tmpfs -o size=64k sense-ok "$tmp/ok" && cleanup "umount -l '$tmp/ok'"
dcheck -t 3 -N fuse,tmpfs -r "^$tmp/"
elapsed_ok 3.3 "-t 3, two hung mounts: within ~3 s"
is "$RC" 3 "UNKNOWN"
like "$OUT" "$tmp/nas statvfs hung" "the first hung mount is named"
like "$OUT" "$tmp/nas2 statvfs hung" "the second hung mount is named"
like "$OUT" "'$tmp/ok'=0B;" "the healthy mount behind them is measured"

# The type excluded on the live table: statvfs is never called on it,
# the answer comes at once.
before=$(statfs_calls)
dcheck -t 2 -X fuse.sensehang
elapsed_ok 1.0 "-X fuse.sensehang answers at once"
is "$(statfs_calls)" "$before" "no statfs reached the excluded type"
[[ "$OUT" != *"$tmp/nas"* ]]
ok $? "the excluded mounts are not mentioned"
dcheck -t 2 -X nfs4,fuse
is "$(statfs_calls)" "$before" "-X fuse (all FUSE types) does the same"

# The deadline itself: a stage that hangs before statvfs (mountinfo read
# from a FIFO nobody writes) is cut by -t with the stage named.
mkdir -p "$tmp/proc/self"
mkfifo "$tmp/proc/self/mountinfo"
dcheck -t 1 --procfs "$tmp/proc"
elapsed_ok 1.3 "-t 1 with a mountinfo that never comes"
is "$RC" 3 "UNKNOWN"
like "$OUT" "^DISK UNKNOWN - timed out after 1 s while reading $tmp/proc/self/mountinfo" \
    "the timeout names the stage"
done_testing
