#!/usr/bin/env bash
# check_sense_disk options: help, version, and every kind of usage error
# (exit 3, one line naming the option and the reason, then the usage).
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/disk/lib.bash"
[ -x "$disk" ] || skip_all "no $disk"
tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"

"$disk" -h >"$tmp/out"; rc=$?
is "$rc" 0 "-h exits 0"
for o in --path --exclude-path --include-type --exclude-type --regex \
    --exclude-regex --inode-warning --inode-critical --procfs --timeout; do
	grep -q -- "$o" "$tmp/out"
	ok $? "-h documents $o"
done
"$disk" -V >"$tmp/out"; rc=$?
is "$rc" 0 "-V exits 0"
like "$(cat "$tmp/out")" "^check_sense_disk [0-9]+\.[0-9]+\.[0-9]+$" \
    "-V prints the version"

bad=(
"--bogus|unknown option --bogus"
"-w 10:5|invalid --warning '10:5': range start is greater than its end"
"-c x|invalid --critical 'x'"
"--inode-warning abc|invalid --inode-warning 'abc'"
"-K 1e3|invalid --inode-critical '1e3'"
"--path relative/dir|invalid --path 'relative/dir': not an absolute path"
"-x ''|invalid --exclude-path '': empty value"
"-r '('|invalid --regex '(': not a valid extended regular expression"
"--exclude-regex '[z-a]'|invalid --exclude-regex '[z-a]'"
"-X ,|invalid --exclude-type ',': empty type list"
"-N a/b|invalid --include-type 'a/b': not a filesystem type name"
"-t 0|invalid --timeout '0'"
"--path|option --path needs a value"
"extra|unexpected argument 'extra'"
)
for b in "${bad[@]}"; do
	args=${b%%|*}
	want=${b#*|}
	eval "set -- $args"
	"$disk" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
	is "$rc" 3 "$args: exit 3"
	first=$(head -1 "$tmp/out")
	if [[ "$first" == "DISK UNKNOWN - $want"* ]]; then
		ok 0 "$args: one line with the reason"
	else
		ok 1 "$args: one line with the reason"
		diag "got: $first"
	fi
	like "$(sed -n 2p "$tmp/out")" "^Usage: check_sense_disk " \
	    "$args: then the usage"
	extra=$(tail -n +3 "$tmp/out" | grep -v '^ ')
	is "$extra" "" "$args: nothing but the usage (and its continuation)"
done
done_testing
