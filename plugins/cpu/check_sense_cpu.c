/*
 * check_sense_cpu -- CPU busy % since the previous run (Nagios plugin).
 *
 * options -> config -> measure (this run's /proc/stat sample against the
 * previous run's, kept in a state file; without a usable one, two samples
 * a short interval apart) -> judge -> print -> exit, in that order.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sense_check.h"
#include "sense_history.h"
#include "sense_cpu.h"
#include "sense_num.h"
#include "sense_plugin.h"
#include "sense_statefile.h"
#include "sense_timeout.h"
#include "sense_util.h"

/* The wait between two samples when there is no previous one. */
#define SAMPLE_INTERVAL	0.25

enum {
	OPT_IOWAIT_BUSY = 2000,
	OPT_PER_CPU,
	OPT_PER_CPU_ALERT
};

struct cpu_conf {
	struct sense_plugin	p;
	bool			iowait_busy;
	bool			per_cpu;	/* cores in output */
	bool			per_cpu_alert;	/* cores judged */
};

/* What one run measured. */
struct cpu_run {
	struct sense_cpu_sample	prev;
	struct sense_cpu_sample	cur;
	struct sense_cpu_usage	usage;
	bool			from_state;	/* prev came from the file */
	char			state_path[4096];
	char			key[256];
	char			save_error[256];
};

static const struct option cpu_opts[] = {
	{ "iowait-busy",   no_argument, NULL, OPT_IOWAIT_BUSY },
	{ "per-cpu",	   no_argument, NULL, OPT_PER_CPU },
	{ "per-cpu-alert", no_argument, NULL, OPT_PER_CPU_ALERT },
	{ NULL, 0, NULL, 0 }
};

static const char cpu_help[] =
"      --iowait-busy      count iowait as busy (default: idle)\n"
"      --per-cpu          each core in long output and perfdata\n"
"      --per-cpu-alert    judge every core too: the worst one counts\n"
"\nThe figure is the utilization since the previous run (its sample is\n"
"kept in the state directory); without one, two samples are taken\n"
"250 ms apart.\n";

static int
on_option(void *ctx, int opt, const char *arg, const char **why)
{
	struct cpu_conf *cf = ctx;

	(void)arg;
	(void)why;
	switch (opt) {
	case OPT_IOWAIT_BUSY:
		cf->iowait_busy = true;
		return 0;
	case OPT_PER_CPU:
		cf->per_cpu = true;
		return 0;
	case OPT_PER_CPU_ALERT:
		cf->per_cpu_alert = true;
		return 0;
	}
	return -1;
}

static void
stage(const char *what, const char *root, const char *file)
{
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s %s/%s", what, root, file);
	sense_timeout_stage(buf);
}

/*
 * The state file's path and key: one file per procfs root, and a key
 * naming the root and the boot, so another root's or another boot's
 * sample is never taken as ours.
 */
static void
state_names(const struct cpu_conf *cf, struct cpu_run *r)
{
	char real[PATH_MAX], hash[17], boot[128];
	const char *root = cf->p.procfs;

	if (realpath(root, real) != NULL)
		root = real;
	sense_hash_hex(root, hash);
	stage("reading", cf->p.procfs, "sys/kernel/random/boot_id");
	sense_boot_id(cf->p.procfs, boot, sizeof(boot));
	snprintf(r->state_path, sizeof(r->state_path), "%s/cpu-%s.state",
	    cf->p.state_dir, hash);
	snprintf(r->key, sizeof(r->key), "check_sense_cpu %s %s", hash, boot);
}

/* The previous run's sample, if the state file holds a usable one. */
static bool
load_prev(const struct cpu_conf *cf, struct cpu_run *r)
{
	char *text;
	int rc;

	sense_timeout_stage("loading the state file");
	text = sense_statefile_load(r->state_path, r->key);
	if (text == NULL) {
		sense_verbose(&cf->p, 1, "no usable previous sample in %s",
		    r->state_path);
		return false;
	}
	rc = sense_cpu_sample_parse(text, &r->prev);
	free(text);
	if (rc < 0)
		sense_verbose(&cf->p, 1, "corrupt sample in %s",
		    r->state_path);
	return rc == 0;
}

static void
save_cur(const struct cpu_conf *cf, struct cpu_run *r)
{
	char *text;

	sense_timeout_stage("saving the state file");
	text = sense_cpu_sample_format(&r->cur);
	if (sense_statefile_mkdir(cf->p.state_dir) < 0 ||
	    sense_statefile_save(r->state_path, r->key, text) < 0)
		snprintf(r->save_error, sizeof(r->save_error), "%s: %s",
		    cf->p.state_dir, strerror(errno));
	free(text);
}

/*
 * Take this run's sample and compute the utilization against the
 * previous run's, or against a second sample when there is none (or it
 * is from the same instant).  Returns 0, or -1 with a reason in err.
 */
static int
measure(const struct cpu_conf *cf, struct cpu_run *r, char *err,
    size_t errlen)
{
	double wait, left;

	state_names(cf, r);
	r->from_state = load_prev(cf, r);
	stage("reading", cf->p.procfs, "stat");
	if (sense_cpu_sample_read(cf->p.procfs, &r->cur) < 0)
		goto fail_read;
	if (r->from_state) {
		sense_cpu_usage(&r->prev, &r->cur, cf->iowait_busy, &r->usage);
		if (r->usage.all.valid)
			goto out;
		sense_cpu_usage_free(&r->usage);
		sense_cpu_sample_free(&r->prev);
		r->from_state = false;
	}
	/*
	 * Keep half the budget left for the rest.  (No fmin(): libm costs
	 * a shared library load on every run.)
	 */
	left = sense_timeout_left() / 2;
	wait = left < SAMPLE_INTERVAL ? left : SAMPLE_INTERVAL;
	r->prev = r->cur;
	memset(&r->cur, 0, sizeof(r->cur));
	sense_verbose(&cf->p, 1, "sampling twice, %.3f s apart", wait);
	sense_timeout_stage("waiting between two samples");
	sense_sleep(wait);
	stage("reading", cf->p.procfs, "stat");
	if (sense_cpu_sample_read(cf->p.procfs, &r->cur) < 0)
		goto fail_read;
	sense_cpu_usage(&r->prev, &r->cur, cf->iowait_busy, &r->usage);
out:
	save_cur(cf, r);
	if (!r->usage.all.valid) {
		snprintf(err, errlen, "no CPU time elapsed between the "
		    "samples (is %s/stat static?)", cf->p.procfs);
		return -1;
	}
	return 0;
fail_read:
	snprintf(err, errlen, "cannot read %s/stat: %s", cf->p.procfs,
	    errno == EINVAL ? "no cpu lines or malformed" : strerror(errno));
	return -1;
}

/* "user 8.10%, system 3.20%, iowait 0.50%, steal 0.00%" */
static void
detail(struct sense_buf *b, const struct sense_cpu_util *u, bool irq)
{
	char a[32], s[32], w[32], t[32], q[32];

	sense_buf_printf(b, "user %s%%, system %s%%, iowait %s%%, "
	    "steal %s%%", sense_num_pct(u->user, a, sizeof(a)),
	    sense_num_pct(u->system, s, sizeof(s)),
	    sense_num_pct(u->iowait, w, sizeof(w)),
	    sense_num_pct(u->steal, t, sizeof(t)));
	if (irq)
		sense_buf_printf(b, ", irq %s%%",
		    sense_num_pct(u->irq, q, sizeof(q)));
}

/* Judge the cores (with --per-cpu-alert) and list them. */
static void
report_cores(const struct cpu_conf *cf, const struct cpu_run *r,
    struct sense_check *c)
{
	const struct sense_cpu_util *u, *worst = NULL;
	bool judged = cf->per_cpu_alert;
	struct sense_buf line = { 0 };
	char label[32], v[32];
	size_t i;

	for (i = 0; i < r->usage.ncores; i++) {
		u = &r->usage.cores[i];
		snprintf(label, sizeof(label), "cpu%d", u->id);
		if (!u->valid) {
			sense_check_long(c, "%s: no figure (new since the "
			    "previous sample, or no time elapsed)", label);
			continue;
		}
		if (judged)
			sense_check_raise(c, sense_judge(u->busy, &cf->p.warn,
			    &cf->p.crit));
		if (worst == NULL || u->busy > worst->busy)
			worst = u;
		line.len = 0;
		detail(&line, u, true);
		sense_check_long(c, "%s: %s%% busy (%s)", label,
		    sense_num_pct(u->busy, v, sizeof(v)), line.data);
	}
	if (judged && worst != NULL)
		sense_check_summary(c, ", busiest core cpu%d %s%%", worst->id,
		    sense_num_pct(worst->busy, v, sizeof(v)));
	sense_buf_free(&line);
}

static void
perf_cores(const struct cpu_conf *cf, const struct cpu_run *r,
    struct sense_check *c)
{
	const struct sense_cpu_util *u;
	bool judged = cf->per_cpu_alert;
	char label[48];
	size_t i;

	for (i = 0; i < r->usage.ncores; i++) {
		u = &r->usage.cores[i];
		snprintf(label, sizeof(label), "cpu%d_busy", u->id);
		if (!u->valid) {
			sense_check_perf(c, label, NAN, "%", NULL, NULL, 0,
			    100);
			continue;
		}
		sense_check_perf(c, label, u->busy, "%",
		    judged ? &cf->p.warn : NULL, judged ? &cf->p.crit : NULL,
		    0, 100);
	}
}

static void
report(const struct cpu_conf *cf, const struct cpu_run *r,
    struct sense_check *c)
{
	const struct sense_cpu_util *u = &r->usage.all;
	struct sense_buf b = { 0 };
	double dt = r->cur.time - r->prev.time;
	char v[32], g[32], span[64];

	sense_check_raise(c, sense_judge(u->busy, &cf->p.warn, &cf->p.crit));
	detail(&b, u, false);
	sense_check_summary(c, "%s%% busy (%s)",
	    sense_num_pct(u->busy, v, sizeof(v)), b.data);
	sense_buf_free(&b);
	/*
	 * The figures come from ticks and stand; only the span shown
	 * needs a clock, and a fixture's wall clock may have gone back.
	 */
	if (r->prev.time > 0 && dt > 0)
		snprintf(span, sizeof(span), "%.2f s", dt);
	else
		snprintf(span, sizeof(span), "an unknown time (the clock "
		    "went back)");
	sense_check_long(c, "over %s (%s), irq+softirq %s%%, guest %s%% "
	    "(inside user)%s", span,
	    r->from_state ? "since the previous run" :
	    "no previous run: two samples", sense_num_pct(u->irq, v, sizeof(v)),
	    sense_num_pct(u->guest, g, sizeof(g)),
	    cf->iowait_busy ? ", iowait counted busy" : "");
	if (cf->per_cpu || cf->per_cpu_alert)
		report_cores(cf, r, c);
	sense_check_perf(c, "busy", u->busy, "%", &cf->p.warn, &cf->p.crit,
	    0, 100);
	sense_check_perf(c, "user", u->user, "%", NULL, NULL, 0, 100);
	sense_check_perf(c, "system", u->system, "%", NULL, NULL, 0, 100);
	sense_check_perf(c, "iowait", u->iowait, "%", NULL, NULL, 0, 100);
	sense_check_perf(c, "steal", u->steal, "%", NULL, NULL, 0, 100);
	sense_check_perf(c, "irq", u->irq, "%", NULL, NULL, 0, 100);
	if (cf->per_cpu || cf->per_cpu_alert)
		perf_cores(cf, r, c);
}

/*
 * --window: busy judged on its average from the history, and each core
 * too with --per-cpu-alert; no sampling, no state.
 */
static void
report_window(const struct cpu_conf *cf, struct sense_check *c)
{
	struct sense_history_item it = { "busy", "busy", SENSE_HIST_CPU,
	    NULL, "pct", &cf->p.warn, &cf->p.crit };
	struct sense_cpu_sample s = { 0 };
	char text[32], name[16];
	size_t i;

	sense_history_check(&cf->p, c, &it);
	if (!cf->per_cpu_alert)
		return;
	stage("reading", cf->p.procfs, "stat");
	if (sense_cpu_sample_read(cf->p.procfs, &s) < 0) {
		sense_check_raise(c, SENSE_UNKNOWN);
		sense_check_summary(c, ", cannot list the cores: %s/stat",
		    cf->p.procfs);
		return;
	}
	it.kind = SENSE_HIST_CORE;
	it.text = it.perf = text;
	it.name = name;
	for (i = 0; i < s.ncores; i++) {
		snprintf(text, sizeof(text), "cpu%d", s.cores[i].id);
		snprintf(name, sizeof(name), "%d", s.cores[i].id);
		sense_history_check(&cf->p, c, &it);
	}
	sense_cpu_sample_free(&s);
}

int
main(int argc, char **argv)
{
	struct cpu_conf cf;
	struct cpu_run run;
	struct sense_check check;
	char err[512];
	int rc;

	memset(&cf, 0, sizeof(cf));
	memset(&run, 0, sizeof(run));
	cf.p.prog = "check_sense_cpu";
	cf.p.name = "CPU";
	cf.p.synopsis = "[--iowait-busy] [--per-cpu] [--per-cpu-alert]";
	cf.p.help = cpu_help;
	cf.p.keeps_state = true;
	rc = sense_plugin_parse(&cf.p, argc, argv, cpu_opts, "", on_option,
	    &cf);
	if (rc >= 0)
		return rc;
	sense_timeout_arm(cf.p.name, cf.p.timeout);
	sense_check_init(&check, cf.p.name);
	if (cf.p.window > 0)
		report_window(&cf, &check);
	else if (measure(&cf, &run, err, sizeof(err)) < 0) {
		sense_check_raise(&check, SENSE_UNKNOWN);
		sense_check_summary(&check, "%s", err);
	} else {
		report(&cf, &run, &check);
	}
	if (run.save_error[0] != '\0')
		sense_check_long(&check, "state not saved: %s", run.save_error);
	sense_timeout_stage("printing");
	rc = sense_check_finish(&check, stdout);
	sense_check_free(&check);
	sense_cpu_usage_free(&run.usage);
	sense_cpu_sample_free(&run.prev);
	sense_cpu_sample_free(&run.cur);
	return rc;
}
