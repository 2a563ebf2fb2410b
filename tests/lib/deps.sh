#!/usr/bin/env bash
# deps.sh -- install the Debian packages that building, testing, the demo
# and the benchmark need; only the missing ones, with apt-get.
set -u
pkgs=(
	build-essential pkg-config clang-format perl python3 iproute2 procps
	util-linux psmisc
	libconfig-dev libsqlite3-dev sqlite3 librrd-dev rrdtool
	libsnmp-dev snmp snmpd snmptrapd smitools
	icinga2 monitoring-plugins-basic monitoring-plugins-standard
	monitoring-plugins-contrib hyperfine libcurl4-openssl-dev
	libfuse3-dev fuse3 squashfs-tools
	php-cli
	request-tracker5 rt5-db-sqlite rt5-standalone
)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed' || missing+=("$p")
done
# The MIB tests fetch the IETF base modules with npm; any npm will do.
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${missing[*]}" >&2
	echo "deps: run 'make deps' as root (apt-get install)" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Request Tracker (helpdesk tests) installs unattended with SQLite and a
# known root password only when debconf is told beforehand.
case " ${missing[*]} " in *" request-tracker5 "*)
	debconf-set-selections <<'EOF'
request-tracker5 request-tracker5/dbconfig-install boolean true
request-tracker5 request-tracker5/database-type select sqlite3
request-tracker5 request-tracker5/initial-root-password password sensepass
request-tracker5 request-tracker5/rtname string sense
request-tracker5 request-tracker5/webbaseurl string http://localhost
request-tracker5 request-tracker5/handle-siteconfig-permissions boolean true
request-tracker5 request-tracker5/install-cronjobs boolean false
EOF
esac
apt-get update -q >/dev/null || { echo "deps: apt-get update failed" >&2; exit 1; }
apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/sense-deps.log 2>&1 || {
	tail -20 /tmp/sense-deps.log >&2
	echo "deps: apt-get install failed (log: /tmp/sense-deps.log)" >&2
	exit 1
}
