#!/usr/bin/env bash
# style.sh -- the project's style rules for C, checked by a script:
#   * no line over 100 columns (tabs count 8); over 80 is reported
#   * no TODO/FIXME/XXX markers: known gaps go into the README
#   * no trailing blanks
# Prints TAP (one test per rule); run from the top of the tree.
set -u
cd "$(dirname "$0")/../.." || exit 1
files=$(find plugins tests -name '*.[ch]' | sort)
n=0; failed=0
check() {
	n=$((n + 1))
	if [ -z "$2" ]; then echo "ok $n - $1"
	else echo "not ok $n - $1"; echo "$2" | head -20 | sed 's/^/#   /'
		failed=1; fi
}
wide=$(for f in $files; do expand -t8 "$f" |
	awk -v f="$f" 'length > 100 {print f":"NR": "length" columns"}'; done)
check "no C line over 100 columns" "$wide"
over80=$(for f in $files; do expand -t8 "$f" |
	awk 'length > 80' ; done | wc -l)
total=$(cat $files /dev/null | wc -l)
echo "# $over80 of $total lines over 80 columns"
marks=$(grep -nE '\b(TODO|FIXME|XXX)\b' $files /dev/null)
check "no TODO/FIXME/XXX markers" "$marks"
trail=$(grep -nE '[[:blank:]]+$' $files /dev/null)
check "no trailing blanks" "$trail"
echo "1..$n"
exit $failed
