/*
 * sense_history: file naming, durations, and windowed averages read
 * through the dlopen()ed librrd from files that rrdtool writes here.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "sense_history.h"
#include "../lib/tap.h"

struct esc_case {
	const char	*in;
	const char	*out;
};

static const struct esc_case esc_cases[] = {
	{ "/", "-" },
	{ "", "-" },
	{ "/var", "var" },
	{ "/var/lib/", "var-lib" },
	{ "/srv/a-b", "srv-a%2Db" },
	{ "/mnt/x y:z", "mnt-x%20y%3Az" },
	{ "/.hidden", "%2Ehidden" },
	{ "/a/.b", "a-.b" },
	{ "eth0", "eth0" },
	{ "br-lan.10", "br%2Dlan.10" },
	{ "100%", "100%25" },
};

static void
test_names(void)
{
	char buf[256];
	size_t i;

	for (i = 0; i < sizeof(esc_cases) / sizeof(esc_cases[0]); i++) {
		int rc = sense_history_escape(esc_cases[i].in, buf,
		    sizeof(buf));

		TAP_IS_INT(rc, 0, "escape fits");
		TAP_IS_STR(buf, esc_cases[i].out, esc_cases[i].in);
	}
	TAP_IS_INT(sense_history_escape("/abcdef", buf, 4), -1,
	    "escape: too long is an error");
	sense_history_file(buf, sizeof(buf), SENSE_HIST_CPU, NULL);
	TAP_IS_STR(buf, "cpu.rrd", "cpu file");
	sense_history_file(buf, sizeof(buf), SENSE_HIST_CORE, "3");
	TAP_IS_STR(buf, "cpu/3.rrd", "core file");
	sense_history_file(buf, sizeof(buf), SENSE_HIST_MEM, NULL);
	TAP_IS_STR(buf, "mem.rrd", "mem file");
	sense_history_file(buf, sizeof(buf), SENSE_HIST_SWAP, NULL);
	TAP_IS_STR(buf, "swap.rrd", "swap file");
	sense_history_file(buf, sizeof(buf), SENSE_HIST_DISK, "/");
	TAP_IS_STR(buf, "disk/-.rrd", "root filesystem file");
	sense_history_file(buf, sizeof(buf), SENSE_HIST_DISK, "/var/log");
	TAP_IS_STR(buf, "disk/var-log.rrd", "mount file");
	sense_history_file(buf, sizeof(buf), SENSE_HIST_NET, "eth0");
	TAP_IS_STR(buf, "net/eth0.rrd", "interface file");
	TAP_IS_INT(sense_history_file(buf, 8, SENSE_HIST_NET, "eth0"), -1,
	    "file name too long is an error");
}

struct dur_case {
	const char	*in;
	double		 secs;		/* -1: rejected */
	const char	*back;
};

static const struct dur_case dur_cases[] = {
	{ "300", 300, "5m" },
	{ "5m", 300, "5m" },
	{ "90s", 90, "1m30s" },
	{ "1h30m", 5400, "1h30m" },
	{ "2d", 172800, "2d" },
	{ "1w", 604800, "7d" },
	{ "1y", 31536000, "1y" },
	{ "1m30", 90, "1m30s" },
	{ "0", -1, NULL },
	{ "", -1, NULL },
	{ "5x", -1, NULL },
	{ "m", -1, NULL },
	{ "-5m", -1, NULL },
	{ "5.5m", -1, NULL },
	{ "5m ", -1, NULL },
	{ "30 ", -1, NULL },
	{ "999y", -1, NULL },
};

static void
test_durations(void)
{
	char buf[64];
	double s;
	size_t i;

	for (i = 0; i < sizeof(dur_cases) / sizeof(dur_cases[0]); i++) {
		const struct dur_case *c = &dur_cases[i];
		int rc = sense_history_duration(c->in, &s);

		if (c->secs < 0) {
			tap_ok(rc == -1, "duration '%s' rejected", c->in);
			continue;
		}
		tap_ok(rc == 0 && s == c->secs, "duration '%s' = %g s",
		    c->in, c->secs);
		sense_history_duration_format(s, buf, sizeof(buf));
		TAP_IS_STR(buf, c->back, "duration formatted back");
	}
}

/* Run a shell command line built here (fixed words and numbers only). */
static int
sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int
sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/*
 * A 10 s file: 100 for the 5 minutes before T0 (outside the window),
 * then 30 rows alternating a and b up to L = T0 + 300.
 */
static int
make_rrd(const char *path, long t0, const char *a, const char *b)
{
	char cmd[8192];
	size_t n = 0;
	int i;

	if (sh("rrdtool create %s --start %ld --step 10 "
	    "DS:pct:GAUGE:20:0:U DS:other:GAUGE:20:0:U "
	    "RRA:AVERAGE:0.5:1:200", path, t0 - 300) != 0)
		return -1;
	n = (size_t)snprintf(cmd, sizeof(cmd), "rrdtool update %s", path);
	for (i = -29; i <= 30; i++)
		n += (size_t)snprintf(cmd + n, sizeof(cmd) - n, " %ld:%s:1",
		    t0 + 10L * i, i <= 0 ? "100" : i % 2 ? a : b);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_average(void)
{
	char dir[] = "/tmp/sense-hist-unit.XXXXXX", path[256], why[512];
	struct sense_history_avg a;
	time_t now = time(NULL);
	long t0 = (long)(now / 10 * 10) - 300;

	if (system("rrdtool >/dev/null 2>&1") == -1 ||
	    mkdtemp(dir) == NULL) {
		tap_ok(0, "temp dir and rrdtool");
		return;
	}
	snprintf(path, sizeof(path), "%s/a.rrd", dir);
	tap_ok(make_rrd(path, t0, "60", "80") == 0, "rrdtool wrote a file");
	tap_ok(sense_history_average(path, "pct", 300, now, &a, why,
	    sizeof(why)) == 0, "average read");
	TAP_IS_NUM(a.avg, 70.0, 0, "60/80 alternating over 5m: exactly 70");
	TAP_IS_INT(a.n, 30, "30 rows of 10 s in 5m");
	TAP_IS_INT(a.step, 10, "step 10 s");
	TAP_IS_NUM(a.max, 80.0, 0, "max 80");
	TAP_IS_INT(a.last, t0 + 300, "window ends at the last update");
	tap_ok(sense_history_average(path, "pct", 600, now, &a, why,
	    sizeof(why)) == 0, "10m average read");
	TAP_IS_NUM(a.avg, 85.0, 1e-9, "10m: half 100, half 70: 85");
	tap_ok(sense_history_average(path, "other", 60, now, &a, why,
	    sizeof(why)) == 0 && a.avg == 1.0 && a.n == 6,
	    "another data source, 1m: 6 rows of 1");
	tap_ok(sense_history_average(path, "nope", 300, now, &a, why,
	    sizeof(why)) == -1 && strstr(why, "no data source 'nope'"),
	    "unknown data source: %s", why);
	tap_ok(sense_history_average(path, "pct", 300, now + 400, &a, why,
	    sizeof(why)) == -1 && strstr(why, "no history in the last 5m"),
	    "stale history: %s", why);
	/* The last update is on a row boundary: 5 s hold no whole row. */
	why[0] = '\0';
	tap_ok(sense_history_average(path, "pct", 5, t0 + 301, &a, why,
	    sizeof(why)) == 0 && a.n == 1 && a.avg == 80.0,
	    "5 s window ending on a row's end: that row (%s)", why);
	snprintf(path, sizeof(path), "%s/missing.rrd", dir);
	tap_ok(sense_history_average(path, "pct", 300, now, &a, why,
	    sizeof(why)) == -1 && strstr(why, "no history") &&
	    strstr(why, "missing.rrd"), "missing file: %s", why);
	snprintf(path, sizeof(path), "%s/junk.rrd", dir);
	sh("echo junk > %s", path);
	tap_ok(sense_history_average(path, "pct", 300, now, &a, why,
	    sizeof(why)) == -1 && strstr(why, "no history"),
	    "not an RRD file: %s", why);
	sh("rm -rf %s", dir);
}

int
main(void)
{
	test_names();
	test_durations();
	test_average();
	return tap_done();
}
