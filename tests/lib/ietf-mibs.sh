#!/usr/bin/env bash
# ietf-mibs.sh -- print a directory holding the IETF base MIB modules
# (SNMPv2-SMI, SNMPv2-TC, SNMPv2-CONF, IF-MIB, ...) that Debian does not
# ship.  They are taken from the npm package net-snmp (lib/mibs/), once,
# and cached in $SENSE_TOP/build/ietf-mibs so the plain and the sanitizer
# passes and parallel tests share one copy.  Nothing of it is committed.
#
# Exit 0 with the directory on stdout, or 1 with the reason on stderr.
set -u
top=${SENSE_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
pkg=net-snmp@3.29.2
dir=$top/build/ietf-mibs
want=(SNMPv2-SMI SNMPv2-TC SNMPv2-CONF SNMPv2-MIB IANAifType-MIB IF-MIB)

have_all() {
	local m
	for m in "${want[@]}"; do [ -s "$dir/$m.txt" ] || return 1; done
}

have_all && { echo "$dir"; exit 0; }
mkdir -p "$top/build" || exit 1
exec 9>"$top/build/.ietf-mibs.lock"
flock -w 120 9 || { echo "ietf-mibs: lock timeout" >&2; exit 1; }
have_all && { echo "$dir"; exit 0; }
command -v npm >/dev/null 2>&1 || { echo "ietf-mibs: no npm" >&2; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && npm pack --silent "$pkg" >npm.log 2>&1); then
	echo "ietf-mibs: npm pack $pkg failed:" >&2
	tail -5 "$tmp/npm.log" >&2
	exit 1
fi
tar -xzf "$tmp"/net-snmp-*.tgz -C "$tmp" package/lib/mibs || exit 1
mkdir -p "$tmp/out"
for m in "${want[@]}"; do
	[ -s "$tmp/package/lib/mibs/$m.mib" ] || {
		echo "ietf-mibs: $pkg has no $m" >&2; exit 1; }
	cp "$tmp/package/lib/mibs/$m.mib" "$tmp/out/$m.txt"
done
rm -rf "$dir.old"
[ -d "$dir" ] && mv "$dir" "$dir.old"
mv "$tmp/out" "$dir" && rm -rf "$dir.old"
echo "$dir"
