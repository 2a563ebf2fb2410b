#!/usr/bin/env bash
# The state directory: the default is on tmpfs (/dev/shm/sense-UID), and
# a directory or file that is not the user's own (a symlink, someone
# else's directory planted in a world-writable place) is neither written
# nor read; the plugin still reports, from two samples.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/cpu/lib.bash"
cpu=$SENSE_BUILD/check_sense_cpu
[ -x "$cpu" ] || skip_all "no $cpu"
tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"
root=$tmp/proc
make_proc "$root" "dddddddd-0000-0000-0000-000000000004"
t0='cpu 1000 0 500 8000 100 0 0 0 0 0'
t1='cpu 1600 0 600 8100 100 0 0 0 500 0'
fifo_stat() {
	rm -f "$root/stat"
	mkfifo "$root/stat"
	feed "$root/stat" "$@"
}
static_stat() {
	rm -f "$root/stat"
	printf '%s\n' "$1" >"$root/stat"
}

# The default directory, with SENSE_STATE_DIR unset.
printf '%s\n' "$t0" >"$root/stat"
def=/dev/shm/sense-$(id -u)
if [ -d /dev/shm ]; then
	env -u SENSE_STATE_DIR "$cpu" --procfs "$root" >/dev/null
	sf=$(grep -l "dddddddd-0000-0000-0000-000000000004" \
	    "$def"/cpu-*.state 2>/dev/null | head -n1)
	ok "$([ -n "$sf" ]; echo $?)" "default state dir is $def (tmpfs)"
	[ -n "$sf" ] && cleanup "rm -f '$sf'"
	is "$(stat -c %a "$def")" 700 "default state dir is private"
	like "$("$cpu" -h)" "SENSE_STATE_DIR or /dev/shm/sense-UID" \
	    "-h names the default"
else
	ok 0 "# SKIP no /dev/shm"
fi

# A symlink as the state directory is refused (not followed).
mkdir "$tmp/real"
ln -s "$tmp/real" "$tmp/link"
fifo_stat "$t0" "$t1"
run_plugin "symlinked state dir" "$cpu" --procfs "$root" \
    --state-dir "$tmp/link"
wait "$feeder"
is "$rc" 1 "symlinked state dir: still the C1 figure"
like "$out" "state not saved: $tmp/link: Too many levels of symbolic links" \
    "symlinked state dir: refused and named"
is "$(ls "$tmp/real" | wc -l)" 0 "symlinked state dir: nothing written"

# Someone else's directory and file (needs root to make them).
if [ "$(id -u)" -ne 0 ] || ! id nobody >/dev/null 2>&1; then
	diag "not root or no user nobody: foreign-owner cases skipped"
	done_testing
fi
s=$tmp/theirs
static_stat "$t0"
"$cpu" --procfs "$root" --state-dir "$s" >/dev/null
sf=$(ls "$s"/cpu-*.state)
chown -R nobody "$s"
static_stat "$t1"
run_plugin "their state file" "$cpu" -v --procfs "$root" --state-dir "$s"
is "$rc" 3 "their state file: not read (static tree: no figure)"
like "$(cat "$tmp/err")" "no usable previous sample" \
    "their state file: treated as missing"
like "$out" "state not saved: $s: Operation not permitted" \
    "their directory: not written"
is "$(stat -c %U "$sf")" nobody "their file left alone"
done_testing
