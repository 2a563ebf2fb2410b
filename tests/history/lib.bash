# lib.bash -- helpers of the history tests (sourced after tap.sh): RRD
# files laid out as sense-agent writes them (sense_history.h), filled
# by rrdtool with known values at known times.

# LeakSanitizer: librrd and the font stack keep process-long caches.
export LSAN_OPTIONS="suppressions=$SENSE_TOP/tests/history/lsan.supp:print_suppressions=0"

# hist_init: $H, a temp dir removed at exit; skip without rrdtool.
hist_init() {
	command -v rrdtool >/dev/null 2>&1 || skip_all "no rrdtool"
	H=$(mktemp -d /tmp/sense-hist-t.XXXXXX)
	cleanup "rm -rf '$H'"
}

# hist_now: the current time rounded down to the 10 s step.
hist_now() { echo $(( $(date +%s) / 10 * 10 )); }

# hist_file FILE AGO VALUE...: a 10 s file with data sources as
# sense-agent's for FILE's kind (named by $DS, default "pct used"),
# whose rows end at now-AGO-10*(n-1) .. now-AGO with the VALUEs
# ("70" or "70:1000" for several sources; missing ones are unknown).
# One row before them repeats the first, so every listed row is known.
hist_file() {
	local f=$1 ago=$2; shift 2
	local ds=(${DS:-pct used}) defs=() args=() n=$# end t d v
	end=$(( $(hist_now) - ago ))
	t=$(( end - 10 * n ))
	for d in "${ds[@]}"; do defs+=("DS:$d:GAUGE:30:0:U"); done
	mkdir -p "$(dirname "$f")"
	rrdtool create "$f" --start $((t - 10)) --step 10 "${defs[@]}" \
	    RRA:AVERAGE:0.5:1:360 RRA:AVERAGE:0.5:30:100 \
	    RRA:MAX:0.5:30:100 || return 1
	args+=("$t:$(hist_fill "$1" ${#ds[@]})")
	for v in "$@"; do
		t=$((t + 10))
		args+=("$t:$(hist_fill "$v" ${#ds[@]})")
	done
	rrdtool update "$f" "${args[@]}"
}

# hist_fill VALUE N: VALUE with "U" added up to N fields.
hist_fill() {
	local v=$1 n=$2 k
	k=$(awk -F: '{print NF}' <<<"$v")
	while [ "$k" -lt "$n" ]; do v="$v:U"; k=$((k + 1)); done
	echo "$v"
}

# rep N VALUE: VALUE N times, as words.
rep() { local i; for ((i = 0; i < $1; i++)); do printf '%s ' "$2"; done; }

# alt N A B: A B A B ... N values.
alt() {
	local i
	for ((i = 0; i < $1; i++)); do
		if ((i % 2)); then printf '%s ' "$3"; else printf '%s ' "$2"; fi
	done
}

# png_size FILE: "WxH" from a PNG's IHDR, or "not a PNG".
png_size() {
	python3 - "$1" <<'PY'
import struct, sys, zlib
d = open(sys.argv[1], "rb").read()
ok = d[:8] == b"\x89PNG\r\n\x1a\n" and d[12:16] == b"IHDR"
# Every chunk's CRC must match and the file must end with IEND.
p = 8
while ok and p + 12 <= len(d):
    n, = struct.unpack(">I", d[p:p + 4])
    typ = d[p + 4:p + 8]
    crc, = struct.unpack(">I", d[p + 8 + n:p + 12 + n])
    ok = zlib.crc32(d[p + 4:p + 8 + n]) & 0xffffffff == crc
    p += 12 + n
    if typ == b"IEND":
        break
ok = ok and typ == b"IEND"
if not ok:
    print("not a PNG")
else:
    w, h = struct.unpack(">II", d[16:24])
    print("%dx%d" % (w, h))
PY
}
