<?php
#
# PNP4Nagios template for the sense check plugins: check_sense_cpu,
# check_sense_mem, check_sense_disk, check_sense_net (Nagios) and the
# sense-cpu, sense-mem, sense-disk, sense-net CheckCommands (Icinga 2).
# PNP picks a template by the command's name: install this file as
# templates/sense.php and link each name to it (see README, "history"):
#
#   for c in check_sense_cpu check_sense_mem check_sense_disk \
#       check_sense_net sense-cpu sense-mem sense-disk sense-net; do
#       ln -s sense.php /etc/pnp4nagios/templates/$c.php; done
#
# One graph per perfdata item.  Percentages are drawn on 0..100 with the
# warning band (warning..critical) and the critical band (above
# critical) shaded and both thresholds as lines, as sense-graph draws
# the agent's history; bytes (disk) on a 1024 base with the thresholds
# (in bytes) as lines; rates and counts as plain lines.
#

# A number for an rrdtool argument, or "" when the threshold is unset.
function sense_num($v)
{
	return is_numeric($v) ? sprintf("%.6F", (float)$v) : "";
}

# Text for a legend: ':' and '"' would end it.
function sense_text($s)
{
	return str_replace(array("\\", ":", "\""), array("\\\\", "\\:", "'"),
	    $s);
}

$i = 0;
foreach ($this->DS as $KEY => $VAL) {
	$i++;
	$label = sense_text($VAL['LABEL']);
	$unit = $VAL['UNIT'];
	$warn = sense_num($VAL['WARN']);
	$crit = sense_num($VAL['CRIT']);
	$file = str_replace(":", "\\:", $VAL['RRDFILE']);

	$ds_name[$i] = $VAL['LABEL'];
	$opt[$i] = "--lower-limit 0 --title \"" . str_replace("\"", "'",
	    "$hostname / $servicedesc: " . $VAL['LABEL']) . "\" ";
	$def[$i] = "DEF:v=$file:" . $VAL['DS'] . ":AVERAGE ";

	if ($unit == "%") {
		$opt[$i] .= "--upper-limit 100 --vertical-label percent ";
		if ($warn !== "" && $crit !== "" && $crit >= $warn) {
			$band = sprintf("%.6F", $crit - $warn);
			$top = sprintf("%.6F", max(0, 100 - $crit));
			# Constant heights even where v is unknown.
			$def[$i] .= "CDEF:base=v,UN,$warn,$warn,IF ";
			$def[$i] .= "CDEF:wband=v,UN,$band,$band,IF ";
			$def[$i] .= "CDEF:cband=v,UN,$top,$top,IF ";
			$def[$i] .= "AREA:base#00000000 ";
			$def[$i] .= "AREA:wband#FFE9A8::STACK ";
			$def[$i] .= "AREA:cband#F6B8B8::STACK ";
		}
		$def[$i] .= "LINE2:v#1F4E9C:\"" . sprintf("%-20s", $label) .
		    "\" ";
		$fmt = "%6.2lf%%";
	} elseif ($unit == "B") {
		$opt[$i] .= "--base 1024 --vertical-label bytes ";
		# Up to the size, so that the thresholds show.
		if (sense_num($VAL['MAX']) !== "")
			$opt[$i] .= "--upper-limit " . sense_num($VAL['MAX']) .
			    " ";
		$def[$i] .= "AREA:v#9DB7E0 ";
		$def[$i] .= "LINE1:v#1F4E9C:\"" . sprintf("%-20s", $label) .
		    "\" ";
		$fmt = "%6.2lf %sB";
	} else {
		$opt[$i] .= "--vertical-label \"" .
		    ($unit == "" ? "per second" : sense_text($unit)) . "\" ";
		$def[$i] .= "LINE1:v#1F4E9C:\"" . sprintf("%-20s", $label) .
		    "\" ";
		$fmt = "%6.2lf %s";
	}
	$def[$i] .= "GPRINT:v:LAST:\"now $fmt\" ";
	$def[$i] .= "GPRINT:v:AVERAGE:\"avg $fmt\" ";
	$def[$i] .= "GPRINT:v:MAX:\"max $fmt\\n\" ";
	if ($warn !== "")
		$def[$i] .= "HRULE:$warn#E09000:\"warning\" ";
	if ($crit !== "")
		$def[$i] .= "HRULE:$crit#C00000:\"critical\\n\" ";
}
?>
