#!/usr/bin/env bash
# The MIB lint: smilint -l 6 prints nothing (it exits 0 even on errors,
# so its output is the verdict), net-snmp's snmptranslate loads the
# module, and the layout is as documented (.0 notifications, .1
# objects, .2 conformance, rooted under netSnmpPlaypen).
source "$SENSE_TOP/tests/lib/tap.sh"
MIB=$SENSE_TOP/mibs/SENSE-UTILIZATION-MIB.txt
command -v smilint >/dev/null || skip_all "no smilint (smitools)"
IETF=$("$SENSE_TOP/tests/lib/ietf-mibs.sh") || skip_all "no IETF MIBs"
T=$(mktemp -d) && cleanup "rm -rf '$T'"
export SNMP_PERSISTENT_DIR=$T
mkdir -p "$T/cert_indexes"	# else net-snmp announces creating it
P="$IETF:$SENSE_TOP/mibs:/usr/share/snmp/mibs"

out=$(SMIPATH=$P smilint -l 6 -s -m "$MIB" 2>&1)
is "$out" "" "smilint -l 6 prints nothing"

# The lint really lints: a broken copy must produce output.
sed 's/SYNTAX      SenseStatus/SYNTAX      SenseStatusX/' "$MIB" \
    >"$T/SENSE-UTILIZATION-MIB.txt"
out=$(SMIPATH=$IETF:/usr/share/snmp/mibs smilint -l 6 \
    "$T/SENSE-UTILIZATION-MIB.txt" 2>&1)
like "$out" "SenseStatusX" "smilint reports an error in a broken copy"

tr() { snmptranslate -m SENSE-UTILIZATION-MIB -M "$P" "$@" 2>&1; }
root=.1.3.6.1.4.1.8072.9999.9999.1
is "$(tr -On SENSE-UTILIZATION-MIB::senseUtilizationMIB)" "$root" \
    "module identity under netSnmpPlaypen"
is "$(tr -On SENSE-UTILIZATION-MIB::senseStatusChange)" "$root.0.1" \
    "notification under .0"
is "$(tr -On SENSE-UTILIZATION-MIB::senseIfUtilPct)" "$root.1.6.1.1.6" \
    "objects under .1"
is "$(tr -On SENSE-UTILIZATION-MIB::senseCompliance)" "$root.2.1.1" \
    "conformance under .2"
err=$(snmptranslate -m SENSE-UTILIZATION-MIB -M "$P" -Tp \
    SENSE-UTILIZATION-MIB::senseUtilizationMIB 2>&1 >/dev/null)
is "$err" "" "snmptranslate loads the module without a complaint"
tree=$(tr -Tp SENSE-UTILIZATION-MIB::senseUtilizationMIB)
like "$tree" "senseIfEntry.*Index: ifIndex" "interface table indexed by ifIndex"
like "$tree" "Counter64 +senseDiskSize" "disk sizes are 64-bit"
like "$tree" "Gauge +senseIfSpeed" "32-bit speed column"
like "$tree" "EnumVal.*ok\(0\).*warning\(1\).*critical\(2\).*unknown\(3\)" \
    "status enum ok/warning/critical/unknown"
# One root: the only numeric arc in the module is the playpen child.
n=$(grep -c '::= { netSnmpPlaypen' "$MIB")
is "$n" 1 "the module names its root in one place"
done_testing
