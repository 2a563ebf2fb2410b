# tap.sh -- TAP helpers for the shell tests (sourced; run by prove).
#
# Every test finds the binaries in $SENSE_BUILD (set by tests/run; the
# plain build/ or the sanitizer build-san/) and the tree in $SENSE_TOP.

: "${SENSE_TOP:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${SENSE_BUILD:=$SENSE_TOP/build}"
export SENSE_TOP SENSE_BUILD
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

_tap_n=0
_tap_failed=0
_tap_cleanups=()

ok() {			# ok CONDITION-EXIT-CODE NAME
	local rc=$1; shift
	_tap_n=$((_tap_n + 1))
	if [ "$rc" -eq 0 ]; then
		echo "ok $_tap_n - $*"
	else
		_tap_failed=$((_tap_failed + 1))
		echo "not ok $_tap_n - $*"
	fi
}

is() {			# is GOT WANT NAME
	local got=$1 want=$2; shift 2
	if [ "$got" == "$want" ]; then
		ok 0 "$@"
	else
		ok 1 "$@"
		printf '#   got:  %s\n#   want: %s\n' "$got" "$want"
	fi
}

like() {		# like GOT REGEX NAME
	local got=$1 re=$2; shift 2
	if [[ "$got" =~ $re ]]; then
		ok 0 "$@"
	else
		ok 1 "$@"
		printf '#   got:  %s\n#   want match: %s\n' "$got" "$re"
	fi
}

skip_all() {		# skip_all REASON
	echo "1..0 # SKIP $*"
	exit 0
}

diag() { printf '# %s\n' "$*"; }

# cleanup CMD...: run at exit, pass or fail, in reverse order.
cleanup() { _tap_cleanups=("$*" "${_tap_cleanups[@]}"); }
_tap_exit() {
	local c
	for c in "${_tap_cleanups[@]}"; do eval "$c" >/dev/null 2>&1; done
}
trap _tap_exit EXIT

done_testing() {
	echo "1..$_tap_n"
	[ "$_tap_failed" -eq 0 ]
	exit $?
}

# A free TCP/UDP port on 127.0.0.1 (proto: tcp or udp).
free_port() {
	python3 - "$1" <<'PY'
import socket, sys
t = socket.SOCK_DGRAM if sys.argv[1] == "udp" else socket.SOCK_STREAM
s = socket.socket(socket.AF_INET, t)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
PY
}

# Validate Nagios plugin output (stdin): one status line, optional perfdata
# 'label'=value[UOM];warn;crit;min;max.  Prints the reason on failure.
perfdata_valid() {
	python3 "$SENSE_TOP/tests/lib/perfcheck.py"
}
