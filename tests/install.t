#!/usr/bin/env bash
# make install: files where Debian's monitoring stack expects them, and
# the shipped configuration rewritten to the paths this install used.
source "$(dirname "$0")/lib/tap.sh"
tmp=$(mktemp -d /tmp/sense-install.XXXXXX)
cleanup "rm -rf '$tmp'"

# The same flags the build was made with, so make finds it up to date.
san=0
case $SENSE_BUILD in *-san) san=1 ;; esac
for prefix in /usr /usr/local; do
	root=$tmp/root$(echo "$prefix" | tr / _)
	make -s -C "$SENSE_TOP" BUILD="$SENSE_BUILD" SAN=$san install PREFIX="$prefix" \
	    DESTDIR="$root" >"$tmp/log" 2>&1
	ok $? "make install PREFIX=$prefix"
	for p in cpu mem disk net; do
		[ -x "$root$prefix/lib/nagios/plugins/check_sense_$p" ]
		ok $? "$prefix: check_sense_$p in lib/nagios/plugins"
	done
	for p in sense-agent sense-ticket; do
		[ -x "$root$prefix/bin/$p" ]
		ok $? "$prefix: $p in bin"
	done
	[ -f "$root$prefix/share/snmp/mibs/SENSE-UTILIZATION-MIB.txt" ]
	ok $? "$prefix: the MIB in share/snmp/mibs"
	[ -f "$root$prefix/share/doc/sense/README.md" ]
	ok $? "$prefix: the README the units' Documentation= names"
	share=$root$prefix/share/sense
	# Every program path in the installed config must exist in the install.
	paths=$(grep -rhoE '"?/usr(/local)?/(bin|lib/nagios/plugins)/[a-z_-]+' \
	    "$share/icinga2" "$share/nagios" "$share/systemd" "$share/cron" |
	    tr -d '"' | sort -u)
	missing=
	for f in $paths; do
		[ -e "$root$f" ] || missing="$missing $f"
	done
	is "$missing" "" "$prefix: every program the config names is installed"
	like "$(grep 'sense_plugin_dir =' "$share/icinga2/commands.conf")" \
	    "\"$prefix/lib/nagios/plugins\"" \
	    "$prefix: Icinga 2 finds the plugins where they went"
done
done_testing
