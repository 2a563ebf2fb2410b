#!/usr/bin/env bash
# Odd mount point names on a fixture mountinfo (--procfs): a newline
# (\012), a tab, quotes, '|', '=', spaces, UTF-8 and a 250-byte name.
# The status line stays one line, labels are quoted with ' doubled and
# '=' '|' and control characters replaced, and the output passes the
# perfdata checker whatever the name.
source "$SENSE_TOP/tests/lib/tap.sh"
source "$SENSE_TOP/tests/disk/lib.bash"
[ -x "$disk" ] || skip_all "no $disk"
tmp=$(mktemp -d)
cleanup "rm -rf '$tmp'"
t=$tmp/m
long=$(printf 'L%.0s' $(seq 250))
mkdir -p "$t/a"$'\n'"b" "$t/tab"$'\t'"x" "$t/it's" "$t/p|q=r" \
    "$t/sp ace" "$t/ünï" "$t/$long" "$tmp/proc/self"
cat >"$tmp/proc/self/mountinfo" <<EOM
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
60 27 9:1 / $t/a\\012b rw - ext4 /dev/x1 rw
61 27 9:2 / $t/tab\\011x rw - ext4 /dev/x2 rw
62 27 9:3 / $t/it's rw - ext4 /dev/x3 rw
63 27 9:4 / $t/p|q=r rw - ext4 /dev/x4 rw
64 27 9:5 / $t/sp\\040ace rw - ext4 /dev/x5 rw
65 27 9:6 / $t/ünï rw - ext4 /dev/x6 rw
66 27 9:7 / $t/$long rw - ext4 /dev/x7 rw
EOM
P=(--procfs "$tmp/proc" -x /)

# -w 0.0001: every one alerts, so every name is in the status line.
dcheck "${P[@]}" -w 0.0001
is "$RC" 1 "odd names: WARNING"
first=$(printf '%s\n' "$OUT" | head -n1)
like "$first" "^DISK WARNING - .*/a b [0-9.]+% used.*/tab x " \
    "newline and tab become blanks in the status line"
like "$first" "\| '$t/a_b'=[0-9]+B;" "newline in a label becomes _"
like "$first" "'$t/it''s'=" "' in a label is doubled"
like "$first" "'$t/p_q_r'=" "| and = in a label become _"
like "$first" "'$t/sp ace'=" "a label with a space is quoted"
like "$first" "'$t/ünï'=" "UTF-8 in a label is kept"
like "$first" "'$t/$long'=" "a 250-byte label is kept whole"
is "$(printf '%s' "$OUT" | wc -l)" 8 \
    "one status line and one long line per filesystem"
like "$(printf '%s\n' "$OUT" | sed -n 2,8p | grep -c '^/')" "^7$" \
    "every long line starts with its mount point"
done_testing
