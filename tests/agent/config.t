#!/usr/bin/env bash
# sense-agent -n: the shipped sense.conf is valid; each kind of error is
# reported as file:line with exit 1; options in net-snmp's conventions.
source "$SENSE_TOP/tests/lib/tap.sh"
AGENT=$SENSE_BUILD/sense-agent
[ -x "$AGENT" ] || skip_all "no $AGENT"
T=$(mktemp -d) && cleanup "rm -rf '$T'"

out=$("$AGENT" -n -c "$SENSE_TOP/conf/sense.conf" 2>&1)
ok $? "conf/sense.conf is valid"
like "$out" "configuration OK" "-n says so"

# check NAME LINE CONTENT: -n fails naming file:LINE and the reason.
check() {
	local name=$1 want=$2 out rc
	printf '%b' "$3" >"$T/$name.conf"
	out=$("$AGENT" -n -c "$T/$name.conf" 2>&1)
	rc=$?
	is "$rc" 1 "$name: exit 1"
	like "$out" "^sense-agent: $T/$name.conf:$want" "$name: names file:line"
	echo "# $out"
}
check syntax "3: syntax error" 'agent = {\n interval = 5;\n confirm = ;\n};\n'
check unknown "2: unknown setting 'intervall'" \
    'agent = {\n intervall = 5;\n};\n'
check range "3: 'critical': not a number" \
    'thresholds = {\n warning = "70";\n critical = "9x";\n};\n'
check bounds "2: 'interval' must be within 1..86400" \
    'agent = {\n interval = 0;\n};\n'
check type "1: 'confirm' must be an integer" 'agent = { confirm = "3"; };\n'
check mountdup "3: mount point '/var' given twice" \
    'thresholds = { mounts = (\n { path = "/var"; },\n { path = "/var"; }\n ); };\n'
check ifspeed "2: 'speed' must be within" \
    'thresholds = { interfaces = (\n { name = "eth0"; speed = -5; } ); };\n'
check regex "2: '\\(': " 'agent = { disk = {\n regex = [ "(" ]; }; };\n'
check include "1: cannot read|1: .*include" '@include "/nonexistent/x.conf"\n'

out=$("$AGENT" -n -c "$T/missing.conf" 2>&1)
is "$?" 1 "a missing -c file is an error"
like "$out" "missing.conf: cannot read" "and says why"

# Other parts' groups (tickets) are not the agent's business.
printf 'tickets = { anything = 1; };\nagent = { interval = 2; };\n' \
    >"$T/other.conf"
"$AGENT" -n -c "$T/other.conf" >/dev/null 2>&1
ok $? "groups of other parts are left alone"

"$AGENT" -h | grep -q -- "-x ADDRESS"
ok $? "-h documents -x"
"$AGENT" -V | grep -q "^sense-agent "
ok $? "-V prints the version"
"$AGENT" -Q >/dev/null 2>&1
is "$?" 1 "an unknown option is a usage error"
done_testing
