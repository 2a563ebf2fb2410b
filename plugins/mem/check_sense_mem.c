/*
 * check_sense_mem -- memory and swap utilization (Nagios plugin).
 *
 * options -> config -> measure (/proc/meminfo) -> judge memory against
 * -w/-c and swap against --swap-warning/--swap-critical -> print -> exit.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sense_check.h"
#include "sense_history.h"
#include "sense_mem.h"
#include "sense_num.h"
#include "sense_plugin.h"
#include "sense_timeout.h"

enum {
	OPT_SWAP_WARNING = 2000,
	OPT_SWAP_CRITICAL
};

struct mem_conf {
	struct sense_plugin	p;
	struct sense_range	swap_warn;	/* default 70 */
	struct sense_range	swap_crit;	/* default 90 */
};

static const struct option mem_opts[] = {
	{ "swap-warning",  required_argument, NULL, OPT_SWAP_WARNING },
	{ "swap-critical", required_argument, NULL, OPT_SWAP_CRITICAL },
	{ NULL, 0, NULL, 0 }
};

static const char mem_help[] =
"      --swap-warning RANGE   swap warning threshold (default 70)\n"
"      --swap-critical RANGE  swap critical threshold (default 90)\n"
"\nMemory used % is (MemTotal - MemAvailable) / MemTotal; without\n"
"MemAvailable (kernels before 3.14) MemAvailable is estimated as\n"
"MemFree + Buffers + Cached + SReclaimable - Shmem.  With SwapTotal 0\n"
"swap is reported as absent and never alerts.\n";

static int
on_option(void *ctx, int opt, const char *arg, const char **why)
{
	struct mem_conf *cf = ctx;

	switch (opt) {
	case OPT_SWAP_WARNING:
		return sense_plugin_range(arg, &cf->swap_warn, why);
	case OPT_SWAP_CRITICAL:
		return sense_plugin_range(arg, &cf->swap_crit, why);
	}
	return -1;
}

static void
report(const struct mem_conf *cf, const struct sense_mem_usage *u,
    struct sense_check *c)
{
	char p[32], a[32], b[32];

	sense_check_raise(c, sense_judge(u->used_pct, &cf->p.warn,
	    &cf->p.crit));
	sense_check_summary(c, "memory %s%% used (%s of %s)",
	    sense_num_pct(u->used_pct, p, sizeof(p)),
	    sense_num_bytes(u->used, a, sizeof(a)),
	    sense_num_bytes(u->total, b, sizeof(b)));
	sense_check_long(c, "memory: %s available%s",
	    sense_num_bytes(u->available, a, sizeof(a)), u->estimated ?
	    " (estimated: no MemAvailable in meminfo)" : "");
	sense_check_perf(c, "mem_used", u->used_pct, "%", &cf->p.warn,
	    &cf->p.crit, 0, 100);
	sense_check_perf(c, "mem_used_bytes", (double)u->used, "B", NULL,
	    NULL, 0, (double)u->total);
	if (!u->swap_present) {
		sense_check_summary(c, ", swap absent");
		return;
	}
	sense_check_raise(c, sense_judge(u->swap_pct, &cf->swap_warn,
	    &cf->swap_crit));
	sense_check_summary(c, ", swap %s%% used (%s of %s)",
	    sense_num_pct(u->swap_pct, p, sizeof(p)),
	    sense_num_bytes(u->swap_used, a, sizeof(a)),
	    sense_num_bytes(u->swap_total, b, sizeof(b)));
	sense_check_perf(c, "swap_used", u->swap_pct, "%", &cf->swap_warn,
	    &cf->swap_crit, 0, 100);
	sense_check_perf(c, "swap_used_bytes", (double)u->swap_used, "B",
	    NULL, NULL, 0, (double)u->swap_total);
}

/* --window: memory and swap judged on their averages from the history. */
static void
report_window(const struct mem_conf *cf, const struct sense_mem_usage *u,
    struct sense_check *c)
{
	struct sense_history_item it = { "memory", "mem_used",
	    SENSE_HIST_MEM, NULL, "pct", &cf->p.warn, &cf->p.crit };

	sense_history_check(&cf->p, c, &it);
	if (!u->swap_present) {
		sense_check_summary(c, ", swap absent");
		return;
	}
	it = (struct sense_history_item){ "swap", "swap_used",
	    SENSE_HIST_SWAP, NULL, "pct", &cf->swap_warn, &cf->swap_crit };
	sense_history_check(&cf->p, c, &it);
}

int
main(int argc, char **argv)
{
	struct mem_conf cf;
	struct sense_mem_info info;
	struct sense_mem_usage usage;
	struct sense_check check;
	char stage[4096];
	int rc;

	memset(&cf, 0, sizeof(cf));
	cf.p.prog = "check_sense_mem";
	cf.p.name = "MEM";
	cf.p.synopsis = "[--swap-warning RANGE] [--swap-critical RANGE]";
	cf.p.help = mem_help;
	sense_range_upper(&cf.swap_warn, SENSE_DEFAULT_WARN);
	sense_range_upper(&cf.swap_crit, SENSE_DEFAULT_CRIT);
	rc = sense_plugin_parse(&cf.p, argc, argv, mem_opts, "", on_option,
	    &cf);
	if (rc >= 0)
		return rc;
	sense_timeout_arm(cf.p.name, cf.p.timeout);
	sense_check_init(&check, cf.p.name);
	snprintf(stage, sizeof(stage), "reading %s/meminfo", cf.p.procfs);
	sense_timeout_stage(stage);
	if (sense_mem_read(cf.p.procfs, &info) < 0) {
		sense_check_raise(&check, SENSE_UNKNOWN);
		sense_check_summary(&check, "cannot read %s/meminfo: %s",
		    cf.p.procfs, errno == EINVAL ? "no MemTotal or malformed "
		    "(needs MemTotal, MemAvailable or MemFree, and SwapFree "
		    "with swap)" : strerror(errno));
	} else {
		sense_mem_usage(&info, &usage);
		if (cf.p.window > 0)
			report_window(&cf, &usage, &check);
		else
			report(&cf, &usage, &check);
	}
	sense_timeout_stage("printing");
	rc = sense_check_finish(&check, stdout);
	sense_check_free(&check);
	return rc;
}
