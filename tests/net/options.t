#!/usr/bin/env bash
# check_sense_net: bad options exit 3 with a one-line reason and the
# usage; --help and --version exit 0.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/net/lib.bash"
[ -x "$net" ] || skip_all "no $net"
tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"

# bad ARGS... -- REASON-REGEX
bad() {
	local args=() re
	while [ "$1" != -- ]; do args+=("$1"); shift; done
	re=$2
	"$net" --state-dir "$tmp/s" "${args[@]}" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	is "$rc" 3 "${args[*]}: exit 3"
	like "$(head -n1 "$tmp/out")" "^NET UNKNOWN - $re" \
	    "${args[*]}: one-line reason"
	like "$(sed -n 2p "$tmp/out")" "^Usage: check_sense_net " \
	    "${args[*]}: usage follows"
	is "$(sed -n '3,$p' "$tmp/out" | grep -vc '^ ')" 0 \
	    "${args[*]}: nothing but the usage after the reason"
}

bad --speed abc -- "invalid --speed 'abc': expected \[IF=\]MBPS"
bad --speed eth0=0 -- "invalid --speed 'eth0=0'"
bad --speed eth0=-5 -- "invalid --speed 'eth0=-5'"
bad --speed 1e3 -- "invalid --speed '1e3'"
bad --speed =5 -- "invalid --speed '=5': bad interface name"
bad -s eth0= -- "invalid --speed 'eth0='"
bad -r '(' -- "invalid --regex '\(': not a POSIX extended regular"
bad --exclude-regex '[' -- "invalid --exclude-regex '\['"
bad -i '' -- "invalid --interface '': bad interface name"
bad -i 0123456789012345678901234567890123 -- "invalid --interface"
bad -i -- "option --interface needs a value"
bad --bogus -- "unknown option --bogus"
bad -w 90:10 -- "invalid --warning '90:10'"
bad -c abc -- "invalid --critical 'abc'"
bad -t 0 -- "invalid --timeout '0'"
bad eth0 -- "unexpected argument 'eth0'"

"$net" --help >"$tmp/out"
is "$?" 0 "--help exits 0"
like "$(cat "$tmp/out")" "--speed \[IF=\]MBPS" "--help documents --speed"
like "$(cat "$tmp/out")" "speed unknown" "--help documents the unknown rule"
"$net" -V >"$tmp/out"
is "$?" 0 "--version exits 0"
like "$(cat "$tmp/out")" "^check_sense_net [0-9]" "--version names it"
done_testing
