/*
 * check_sense_net -- interface utilization since the previous run
 * (Nagios plugin): max(rx, tx) bits/s over the link speed, per
 * interface, with error and drop rates in perfdata.
 *
 * options -> config -> measure (this run's /proc/net/dev sample against
 * the previous run's from the state file; interfaces without a usable
 * baseline are sampled twice a short interval apart) -> judge -> print
 * -> exit, in that order.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sense_check.h"
#include "sense_history.h"
#include "sense_net.h"
#include "sense_num.h"
#include "sense_plugin.h"
#include "sense_statefile.h"
#include "sense_timeout.h"
#include "sense_util.h"

/*
 * The wait between two samples for an interface without a usable
 * baseline.  A baseline of any age is used as it is: both readings
 * carry precise times, so even a short window is a true average, and
 * a steady-state run never sleeps.
 */
#define SAMPLE_INTERVAL	0.5
#define MAX_LIST	64

enum {
	OPT_SPEED = 's',
	OPT_INTERFACE = 'i',
	OPT_REGEX = 'r',
	OPT_EXCLUDE = 'x'
};

struct speed_ovr {
	const char	*name;		/* NULL: every interface */
	size_t		 namelen;
	double		 mbps;
};

struct net_conf {
	struct sense_plugin	p;
	const char		*names[MAX_LIST];	/* --interface */
	size_t			 nnames;
	regex_t			 inc[MAX_LIST];		/* --regex */
	size_t			 ninc;
	regex_t			 exc[MAX_LIST];		/* --exclude-regex */
	size_t			 nexc;
	struct speed_ovr	 speed[MAX_LIST];	/* --speed */
	size_t			 nspeed;
};

/* One checked interface: what was measured and judged. */
struct net_item {
	const struct sense_net_if *cur;	/* record in run.cur */
	enum sense_net_status	 status;	/* against the state file */
	bool			 resampled;	/* rate from the short pair */
	const char		*lost;		/* why the short pair gave no
						   rate, NULL when it did */
	struct sense_net_rate	 rate;
	double			 speed;		/* Mb/s, NaN: unknown */
	bool			 speed_given;	/* from --speed */
	double			 util;		/* %, NaN: unknown */
	enum sense_state	 state;
};

/*
 * Interface records sorted by name, for lookups by name in O(log n): a
 * host with tens of thousands of interfaces must not cost n * n name
 * comparisons per run.
 */
struct if_index {
	const struct sense_net_if	**v;
	size_t				  n;
};

struct net_run {
	struct sense_net_sample	 prev;
	struct if_index		 prev_ix;	/* prev by name */
	struct sense_net_sample	 cur;
	struct sense_net_sample	 cur2;		/* the short pair's second */
	bool			 have_cur2;
	double			 mono, mono2;	/* when cur, cur2 were read */
	struct net_item		*items;
	size_t			 nitems;
	char			 state_path[4096];
	char			 key[256];
};

static const struct option net_opts[] = {
	{ "interface",	   required_argument, NULL, OPT_INTERFACE },
	{ "regex",	   required_argument, NULL, OPT_REGEX },
	{ "exclude-regex", required_argument, NULL, OPT_EXCLUDE },
	{ "speed",	   required_argument, NULL, OPT_SPEED },
	{ NULL, 0, NULL, 0 }
};

static const char net_help[] =
"  -i, --interface NAME   check NAME (repeatable); a named interface is\n"
"                         checked even when it is loopback or down\n"
"  -r, --regex RE         check interfaces whose name matches the\n"
"                         POSIX extended RE (repeatable)\n"
"  -x, --exclude-regex RE skip interfaces matching RE (repeatable);\n"
"                         never skips one named with --interface\n"
"  -s, --speed [IF=]MBPS  link speed in Mb/s (decimals allowed), for IF\n"
"                         or for every interface; beats sysfs\n"
"\nWithout -i and -r every interface is selected.  Loopback and down\n"
"interfaces are skipped unless named with -i.  Utilization is\n"
"max(rx, tx) bits/s over the link speed, not clamped at 100%.  With\n"
"an unknown speed (sysfs says -1 or fails) the rates are reported\n"
"without a percentage; the state is then UNKNOWN \"speed unknown\"\n"
"only when -w or -c was given and no --speed covers the interface.\n"
"Rates are since the previous run (kept in the state directory);\n"
"without a usable previous sample (first run, counter reset, changed\n"
"ifindex, reboot) two samples are taken 0.5 s apart.\n";

static int
add_regex(regex_t *list, size_t *n, const char *arg, const char **why)
{
	if (*n == MAX_LIST) {
		*why = "too many";
		return -1;
	}
	if (regcomp(&list[*n], arg, REG_EXTENDED | REG_NOSUB) != 0) {
		*why = "not a POSIX extended regular expression";
		return -1;
	}
	(*n)++;
	return 0;
}

static int
add_speed(struct net_conf *cf, const char *arg, const char **why)
{
	struct speed_ovr *o;
	const char *eq = strrchr(arg, '=');
	const char *num = eq != NULL ? eq + 1 : arg;

	if (cf->nspeed == MAX_LIST) {
		*why = "too many";
		return -1;
	}
	o = &cf->speed[cf->nspeed];
	if (sense_num_parse(num, &o->mbps) < 0 || !(o->mbps > 0) ||
	    o->mbps > 1e9) {
		*why = "expected [IF=]MBPS with 0 < MBPS <= 1e9";
		return -1;
	}
	o->name = eq != NULL ? arg : NULL;
	o->namelen = eq != NULL ? (size_t)(eq - arg) : 0;
	if (eq != NULL && (o->namelen == 0 ||
	    o->namelen >= SENSE_NET_NAMELEN)) {
		*why = "bad interface name";
		return -1;
	}
	cf->nspeed++;
	return 0;
}

static int
on_option(void *ctx, int opt, const char *arg, const char **why)
{
	struct net_conf *cf = ctx;

	switch (opt) {
	case OPT_INTERFACE:
		if (cf->nnames == MAX_LIST) {
			*why = "too many";
			return -1;
		}
		if (*arg == '\0' || strlen(arg) >= SENSE_NET_NAMELEN) {
			*why = "bad interface name";
			return -1;
		}
		cf->names[cf->nnames++] = arg;
		return 0;
	case OPT_REGEX:
		return add_regex(cf->inc, &cf->ninc, arg, why);
	case OPT_EXCLUDE:
		return add_regex(cf->exc, &cf->nexc, arg, why);
	case OPT_SPEED:
		return add_speed(cf, arg, why);
	}
	return -1;
}

static int
cmp_if(const void *a, const void *b)
{
	const struct sense_net_if *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/* Index the n records that get(ctx, i) returns. */
static void
index_build(struct if_index *x, size_t n,
    const struct sense_net_if *(*get)(const void *, size_t), const void *ctx)
{
	size_t i;

	x->v = sense_xcalloc(n + 1, sizeof(*x->v));
	for (i = 0; i < n; i++)
		x->v[i] = get(ctx, i);
	x->n = n;
	qsort(x->v, n, sizeof(*x->v), cmp_if);
}

static const struct sense_net_if *
sample_at(const void *ctx, size_t i)
{
	return &((const struct sense_net_sample *)ctx)->ifs[i];
}

static const struct sense_net_if *
item_at(const void *ctx, size_t i)
{
	return ((const struct net_run *)ctx)->items[i].cur;
}

static void
index_sample(struct if_index *x, const struct sense_net_sample *s)
{
	index_build(x, s->n, sample_at, s);
}

/* The record named name, or NULL. */
static const struct sense_net_if *
index_find(const struct if_index *x, const char *name)
{
	struct sense_net_if key;
	const struct sense_net_if *kp = &key, **hit;

	snprintf(key.name, sizeof(key.name), "%s", name);
	hit = bsearch(&kp, x->v, x->n, sizeof(*x->v), cmp_if);
	return hit != NULL ? *hit : NULL;
}

static void
index_free(struct if_index *x)
{
	free(x->v);
	x->v = NULL;
	x->n = 0;
}

static void
conf_free(struct net_conf *cf)
{
	size_t i;

	for (i = 0; i < cf->ninc; i++)
		regfree(&cf->inc[i]);
	for (i = 0; i < cf->nexc; i++)
		regfree(&cf->exc[i]);
	cf->ninc = cf->nexc = 0;
}

static void
run_free(struct net_run *r)
{
	index_free(&r->prev_ix);
	sense_net_sample_free(&r->prev);
	sense_net_sample_free(&r->cur);
	sense_net_sample_free(&r->cur2);
	free(r->items);
	r->items = NULL;
}

static bool
named(const struct net_conf *cf, const char *name)
{
	size_t i;

	for (i = 0; i < cf->nnames; i++)
		if (strcmp(cf->names[i], name) == 0)
			return true;
	return false;
}

static bool
matches(const regex_t *list, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (regexec(&list[i], name, 0, NULL, 0) == 0)
			return true;
	return false;
}

/*
 * Whether the name alone selects an interface: named with -i, or
 * matched (everything when neither -i nor -r was given) and not
 * excluded.  Only these need their sysfs facts.
 */
static bool
by_name(const char *name, void *ctx)
{
	const struct net_conf *cf = ctx;

	if (named(cf, name))
		return true;
	if ((cf->nnames > 0 || cf->ninc > 0) &&
	    !matches(cf->inc, cf->ninc, name))
		return false;
	return !matches(cf->exc, cf->nexc, name);
}

/* Whether to check ifc: named, or selected by name and up, not lo. */
static bool
selected(const struct net_conf *cf, const struct sense_net_if *ifc)
{
	if (named(cf, ifc->name))
		return true;
	return by_name(ifc->name, (void *)cf) && !ifc->loopback && ifc->up;
}

/* The speed for name: the last matching --speed, else sysfs. */
static void
pick_speed(const struct net_conf *cf, struct net_item *it)
{
	const struct speed_ovr *o, *best = NULL;
	const char *name = it->cur->name;
	size_t i;

	for (i = 0; i < cf->nspeed; i++) {
		o = &cf->speed[i];
		if (o->name == NULL || (strlen(name) == o->namelen &&
		    strncmp(o->name, name, o->namelen) == 0))
			best = o;
	}
	it->speed_given = best != NULL;
	if (best != NULL)
		it->speed = best->mbps;
	else if (it->cur->speed_mbps > 0)
		it->speed = (double)it->cur->speed_mbps;
	else
		it->speed = NAN;
}

/*
 * The state file's path and key: one file per procfs and sysfs root,
 * and a key naming the roots and the boot, so another root's or another
 * boot's sample is never taken as ours.  Interface names and ifindexes
 * are inside the payload.
 */
static void
state_names(const struct net_conf *cf, struct net_run *r)
{
	char real[PATH_MAX], both[2 * PATH_MAX + 2], hash[17];
	const char *proc = cf->p.procfs, *sys = cf->p.sysfs;
	size_t n;

	n = (size_t)snprintf(both, sizeof(both), "%s\n",
	    realpath(proc, real) != NULL ? real : proc);
	snprintf(both + n, sizeof(both) - n, "%s",
	    realpath(sys, real) != NULL ? real : sys);
	sense_hash_hex(both, hash);
	snprintf(r->state_path, sizeof(r->state_path), "%s/net-%s.state",
	    cf->p.state_dir, hash);
	snprintf(r->key, sizeof(r->key), "check_sense_net %s %s", hash,
	    r->cur.boot_id);
}

static void
load_prev(const struct net_conf *cf, struct net_run *r)
{
	char *text;

	sense_timeout_stage("loading the state file");
	text = sense_statefile_load(r->state_path, r->key);
	if (text == NULL) {
		sense_verbose(&cf->p, 1, "no usable previous sample in %s",
		    r->state_path);
		return;
	}
	if (sense_net_deserialize(text, &r->prev) < 0)
		sense_verbose(&cf->p, 1, "corrupt sample in %s",
		    r->state_path);
	free(text);
}

static void
stage_cb(const char *s)
{
	sense_timeout_stage(s);
}

static int
read_sample(const struct net_conf *cf, struct sense_net_sample *s,
    double *mono, char *err, size_t errlen)
{
	*mono = sense_now_mono();
	return sense_net_read_staged(cf->p.procfs, cf->p.sysfs, s, by_name,
	    (void *)cf, stage_cb, err, errlen);
}

/*
 * Rates for the items without a usable baseline: a second sample after
 * a short wait (within the time left), timed by this process's
 * monotonic clock since both readings are ours.  0 or -1 with err.
 */
static int
resample(const struct net_conf *cf, struct net_run *r, char *err,
    size_t errlen)
{
	struct sense_net_if a, b;
	const struct sense_net_if *f;
	struct if_index ix;
	double wait = SAMPLE_INTERVAL, left = sense_timeout_left();
	char what[64];
	size_t i;

	if (wait > left / 4)
		wait = left / 4;
	snprintf(what, sizeof(what), "sampling twice %.2f s apart", wait);
	sense_timeout_stage(what);
	sense_verbose(&cf->p, 1, "%s", what);
	sense_sleep(wait);
	if (read_sample(cf, &r->cur2, &r->mono2, err, errlen) < 0)
		return -1;
	r->have_cur2 = true;
	index_sample(&ix, &r->cur2);
	for (i = 0; i < r->nitems; i++) {
		struct net_item *it = &r->items[i];

		if (it->status == SENSE_NET_RATE_OK)
			continue;
		f = index_find(&ix, it->cur->name);
		if (f == NULL) {
			it->lost = "vanished while sampled";
			continue;
		}
		a = *it->cur;
		b = *f;
		a.t = r->mono;
		b.t = r->mono2;
		it->resampled = true;
		/* A reset inside the short pair leaves no rate at all. */
		if (sense_net_rate(&a, r->cur.boot_id, &b, r->cur2.boot_id,
		    &it->rate) != SENSE_NET_RATE_OK)
			it->lost = "reset while sampled";
	}
	index_free(&ix);
	return 0;
}

/* Measure: sample, previous sample, rates per selected interface. */
static int
measure(const struct net_conf *cf, struct net_run *r, char *err,
    size_t errlen)
{
	const struct sense_net_if *prev;
	bool need = false;
	size_t i;

	if (read_sample(cf, &r->cur, &r->mono, err, errlen) < 0)
		return -1;
	state_names(cf, r);
	load_prev(cf, r);
	index_sample(&r->prev_ix, &r->prev);
	r->items = sense_xcalloc(r->cur.n, sizeof(*r->items));
	for (i = 0; i < r->cur.n; i++) {
		struct net_item *it = &r->items[r->nitems];

		if (!selected(cf, &r->cur.ifs[i]))
			continue;
		it->cur = &r->cur.ifs[i];
		prev = index_find(&r->prev_ix, it->cur->name);
		it->status = sense_net_rate(prev, r->prev.boot_id, it->cur,
		    r->cur.boot_id, &it->rate);
		if (it->status != SENSE_NET_RATE_OK)
			need = true;
		sense_verbose(&cf->p, 2, "%s: %s", it->cur->name,
		    sense_net_status_text(it->status));
		r->nitems++;
	}
	if (need)
		return resample(cf, r, err, errlen);
	return 0;
}

/*
 * The state to keep: the newest reading of every checked interface;
 * for the others the previous baseline when it is still valid (so a
 * check of eth1 does not shorten the window of a check of eth0), else
 * this reading.  Interfaces that are gone are dropped.
 */
static void
save_state(const struct net_conf *cf, struct net_run *r,
    struct sense_check *chk)
{
	const struct sense_net_sample *now = r->have_cur2 ? &r->cur2 : &r->cur;
	struct sense_net_sample out = { 0 };
	const struct sense_net_if *p, *f;
	struct sense_net_rate unused;
	struct if_index checked;
	char *text;
	size_t i;

	sense_timeout_stage("saving the state file");
	index_build(&checked, r->nitems, item_at, r);
	snprintf(out.boot_id, sizeof(out.boot_id), "%s", now->boot_id);
	out.ifs = sense_xcalloc(now->n, sizeof(*out.ifs));
	for (i = 0; i < now->n; i++) {
		f = &now->ifs[i];
		p = index_find(&r->prev_ix, f->name);
		if (index_find(&checked, f->name) == NULL && p != NULL &&
		    sense_net_rate(p, r->prev.boot_id, f, now->boot_id,
		    &unused) == SENSE_NET_RATE_OK)
			f = p;
		out.ifs[out.n++] = *f;
	}
	index_free(&checked);
	text = sense_net_serialize(&out);
	if (sense_statefile_mkdir(cf->p.state_dir) < 0 ||
	    sense_statefile_save(r->state_path, r->key, text) < 0) {
		const char *why = strerror(errno);

		/* The check stands; the next run samples twice. */
		sense_check_long(chk, "state not saved to %s: %s",
		    r->state_path, why);
		sense_verbose(&cf->p, 1, "cannot save %s: %s", r->state_path,
		    why);
	}
	free(text);
	sense_net_sample_free(&out);
}

/* Judge: speed, utilization and state of every item. */
static void
judge(const struct net_conf *cf, struct net_run *r)
{
	bool asked = cf->p.warn_given || cf->p.crit_given;
	size_t i;

	for (i = 0; i < r->nitems; i++) {
		struct net_item *it = &r->items[i];

		pick_speed(cf, it);
		if (it->lost != NULL) {
			it->util = NAN;
			it->state = SENSE_UNKNOWN;
			continue;
		}
		it->util = sense_net_util(&it->rate, it->speed);
		if (!isnan(it->util))
			it->state = sense_judge(it->util, &cf->p.warn,
			    &cf->p.crit);
		else
			it->state = asked ? SENSE_UNKNOWN : SENSE_OK;
	}
}

/* "12.35 Mb/s", "100 Mb/s": two decimals at most, no trailing zeros. */
static void
fmt_bps(double bps, char *buf, size_t size)
{
	static const char *const unit[] = { "b/s", "kb/s", "Mb/s", "Gb/s",
		"Tb/s" };
	char num[40];
	size_t u = 0;

	while (bps >= 1000 && u + 1 < sizeof(unit) / sizeof(unit[0])) {
		bps /= 1000;
		u++;
	}
	/*
	 * Rounded once, by printf: round(x * 100) / 100 has no exact
	 * binary form and would print as 14757395258.959999.
	 */
	sense_num_short(bps, 2, num, sizeof(num));
	snprintf(buf, size, "%s %s", num, unit[u]);
}

static void
fmt_speed(const struct net_item *it, char *buf, size_t size)
{
	if (isnan(it->speed))
		snprintf(buf, size, "speed unknown");
	else
		fmt_bps(it->speed * 1e6, buf, size);
}

/* The item's few words for the status line. */
static void
short_text(const struct net_item *it, struct sense_buf *b)
{
	char pct[64], spd[64], rx[64], tx[64];

	if (it->lost != NULL) {
		sense_buf_printf(b, "%s %s", it->cur->name, it->lost);
		return;
	}
	fmt_speed(it, spd, sizeof(spd));
	if (isnan(it->util)) {
		fmt_bps(it->rate.rx_bps, rx, sizeof(rx));
		fmt_bps(it->rate.tx_bps, tx, sizeof(tx));
		sense_buf_printf(b, "%s %s (rx %s, tx %s)", it->cur->name,
		    spd, rx, tx);
		return;
	}
	sense_num_fixed(it->util, 2, pct, sizeof(pct));
	sense_buf_printf(b, "%s %s%% of %s", it->cur->name, pct, spd);
}

static void
long_line(struct sense_check *chk, const struct net_item *it)
{
	struct sense_buf b = { 0 };
	char rx[64], tx[64], e[64], d[64], dt[64];

	short_text(it, &b);
	if (it->lost == NULL) {
		fmt_bps(it->rate.rx_bps, rx, sizeof(rx));
		fmt_bps(it->rate.tx_bps, tx, sizeof(tx));
		sense_num_fixed(it->rate.rx_errs_ps + it->rate.tx_errs_ps, 2,
		    e, sizeof(e));
		sense_num_fixed(it->rate.rx_drop_ps + it->rate.tx_drop_ps, 2,
		    d, sizeof(d));
		/* Milliseconds matter in a short window. */
		sense_num_fixed(it->rate.dt, it->rate.dt < 1 ? 3 : 2, dt,
		    sizeof(dt));
		if (!isnan(it->util))
			sense_buf_printf(&b, ", rx %s, tx %s", rx, tx);
		sense_buf_printf(&b, ", errors %s/s, drops %s/s over %s s",
		    e, d, dt);
		if (it->resampled)
			sense_buf_printf(&b, " (%s)",
			    sense_net_status_text(it->status));
	}
	sense_check_long(chk, "%s: %s", sense_state_name(it->state), b.data);
	sense_buf_free(&b);
}

static void
perf(struct sense_check *chk, const struct net_conf *cf,
    const struct net_item *it)
{
	static const char *const what[] = { "rx_bps", "tx_bps", "rx_errors",
		"tx_errors", "rx_drops", "tx_drops" };
	double v[6], max;
	char label[SENSE_NET_NAMELEN + 16];
	size_t i;

	if (it->lost != NULL)
		return;
	if (!isnan(it->util)) {
		snprintf(label, sizeof(label), "%s_util", it->cur->name);
		sense_check_perf(chk, label, it->util, "%", &cf->p.warn,
		    &cf->p.crit, 0, NAN);
	}
	v[0] = it->rate.rx_bps;
	v[1] = it->rate.tx_bps;
	v[2] = it->rate.rx_errs_ps;
	v[3] = it->rate.tx_errs_ps;
	v[4] = it->rate.rx_drop_ps;
	v[5] = it->rate.tx_drop_ps;
	for (i = 0; i < 6; i++) {
		snprintf(label, sizeof(label), "%s_%s", it->cur->name,
		    what[i]);
		max = i < 2 && !isnan(it->speed) ? it->speed * 1e6 : NAN;
		/* Rates, not counters: no UOM ("c" would be differentiated
		 * again by the grapher, and bits have no UOM). */
		sense_check_perf(chk, label, v[i], "", NULL, NULL, 0, max);
	}
}

/* Print: status line, one long line per interface, perfdata. */
static void
report(const struct net_conf *cf, const struct net_run *r,
    struct sense_check *chk)
{
	const struct net_item *top = NULL;
	size_t i, bad = 0;

	for (i = 0; i < cf->nnames; i++)
		if (sense_net_find(&r->cur, cf->names[i]) == NULL) {
			sense_check_raise(chk, SENSE_UNKNOWN);
			sense_check_summary(chk, "%s%s: no such interface",
			    bad++ ? ", " : "", cf->names[i]);
		}
	for (i = 0; i < r->nitems; i++) {
		const struct net_item *it = &r->items[i];

		sense_check_raise(chk, it->state);
		if (!isnan(it->util) && (top == NULL || it->util > top->util))
			top = it;
		if (it->state == SENSE_OK)
			continue;
		if (bad++)
			sense_buf_printf(&chk->summary, ", ");
		if (it->state == SENSE_UNKNOWN && it->lost == NULL)
			sense_check_summary(chk, "%s speed unknown",
			    it->cur->name);
		else
			short_text(it, &chk->summary);
	}
	if (r->nitems == 0 && bad == 0) {
		sense_check_raise(chk, SENSE_UNKNOWN);
		sense_check_summary(chk, "no interface selected");
	} else if (bad == 0 && r->nitems == 1) {
		short_text(&r->items[0], &chk->summary);
	} else if (bad == 0) {
		sense_check_summary(chk, "%zu interfaces", r->nitems);
		if (top != NULL)
			sense_check_summary(chk, ", highest %s %.2f%%",
			    top->cur->name, top->util);
	}
	for (i = 0; i < r->nitems; i++) {
		long_line(chk, &r->items[i]);
		perf(chk, cf, &r->items[i]);
	}
}

/*
 * --window: each selected interface judged on the average utilization
 * sense-agent recorded (with the agent's speeds); no sampling, no state.
 */
static int
report_window(const struct net_conf *cf, struct net_run *r,
    struct sense_check *chk, char *err, size_t errlen)
{
	size_t i, n = 0;

	if (read_sample(cf, &r->cur, &r->mono, err, errlen) < 0)
		return -1;
	for (i = 0; i < r->cur.n; i++) {
		const struct sense_net_if *ifc = &r->cur.ifs[i];
		struct sense_history_item it = { ifc->name, ifc->name,
		    SENSE_HIST_NET, ifc->name, "pct", &cf->p.warn,
		    &cf->p.crit };

		if (!selected(cf, ifc))
			continue;
		sense_history_check(&cf->p, chk, &it);
		n++;
	}
	if (n == 0) {
		snprintf(err, errlen, "no interface selected");
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct net_conf cf = { 0 };
	struct net_run run = { 0 };
	struct sense_check chk;
	char err[512];
	int rc;

	cf.p.prog = "check_sense_net";
	cf.p.name = "NET";
	cf.p.synopsis = "[-i NAME]... [-r RE]... [-x RE]... "
	    "[-s [IF=]MBPS]...";
	cf.p.help = net_help;
	cf.p.keeps_state = true;
	rc = sense_plugin_parse(&cf.p, argc, argv, net_opts, "i:r:x:s:",
	    on_option, &cf);
	if (rc >= 0) {
		conf_free(&cf);
		return rc;
	}
	sense_check_init(&chk, cf.p.name);
	sense_timeout_arm(cf.p.name, cf.p.timeout);
	if (cf.p.window > 0 ? report_window(&cf, &run, &chk, err,
	    sizeof(err)) < 0 : measure(&cf, &run, err, sizeof(err)) < 0) {
		sense_check_raise(&chk, SENSE_UNKNOWN);
		sense_check_summary(&chk, "%s", err);
	} else if (cf.p.window == 0) {
		judge(&cf, &run);
		report(&cf, &run, &chk);
		save_state(&cf, &run, &chk);
	}
	sense_timeout_stage("printing");
	rc = sense_check_finish(&chk, stdout);
	sense_check_free(&chk);
	run_free(&run);
	conf_free(&cf);
	return rc;
}
