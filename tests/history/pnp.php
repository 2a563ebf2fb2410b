<?php
# pnp.php -- run a PNP4Nagios template the way PNP does (included in an
# object whose $this->DS lists the perfdata items, with $hostname and
# $servicedesc set) and print each graph's rrdtool arguments, one graph
# per line: "<opt> <def>".
#
# usage: php pnp.php TEMPLATE RRDFILE LABEL:UNIT:WARN:CRIT[:MAX] ...
# Item n reads data source n of RRDFILE, as PNP's single-file layout.
class PnpGraph
{
	public $DS = array();

	public function run($template, $hostname, $servicedesc)
	{
		$opt = array();
		$def = array();
		$ds_name = array();
		include $template;
		foreach ($def as $k => $d)
			echo $opt[$k] . " " . $d . "\n";
	}
}

$g = new PnpGraph();
for ($i = 3; $i < $argc; $i++) {
	$f = explode(":", $argv[$i]);
	$g->DS[] = array("LABEL" => $f[0], "NAME" => $f[0], "UNIT" => $f[1],
	    "WARN" => $f[2], "CRIT" => $f[3],
	    "MAX" => isset($f[4]) ? $f[4] : "", "MIN" => "0",
	    "RRDFILE" => $argv[2], "DS" => (string)($i - 2), "ACT" => "0");
}
$g->run($argv[1], "testhost", "sense cpu");
?>
