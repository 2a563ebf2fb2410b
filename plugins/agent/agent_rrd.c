/* agent_rrd -- sense-agent's RRD history writer; see agent_rrd.h. */
#include "agent_rrd.h"

#include <errno.h>
#include <libconfig.h>
#include <math.h>
#include <rrd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "sense_conf.h"
#include "sense_history.h"
#include "sense_num.h"
#include "sense_util.h"

#define ERR_ARGS	char *err, size_t errlen
#define NTAB		1024
#define MAX_DS		6

/* One item's file and the samples not yet written to it. */
struct agent_rrd_file {
	struct agent_rrd_file	*next;
	char			*path;
	enum agent_metric	 metric;
	char			**pending;	/* "T:v:v..." */
	size_t			 npending;
	time_t			 last;		/* newest time queued */
	bool			 exists;
	bool			 warned;
};

/* The data sources of each kind of row, in file order. */
static const char *const ds_cpu[] = { "pct", "user", "system", "iowait",
	"steal", "irq", NULL };
static const char *const ds_pct[] = { "pct", NULL };
static const char *const ds_mem[] = { "pct", "used", NULL };
static const char *const ds_disk[] = { "pct", "ipct", "used", "avail",
	NULL };
static const char *const ds_net[] = { "pct", "rx", "tx", NULL };

static const char *const *
ds_of(enum agent_metric m)
{
	switch (m) {
	case AGENT_CPU:  return ds_cpu;
	case AGENT_CORE: return ds_pct;
	case AGENT_MEM:
	case AGENT_SWAP: return ds_mem;
	case AGENT_DISK: return ds_disk;
	case AGENT_IF:   return ds_net;
	}
	return ds_pct;
}

/* ------------------------------------------------------------ settings */

void
agent_rrd_conf_defaults(struct agent_rrd_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->enabled = true;
	c->dir = sense_xstrdup(SENSE_HISTORY_DIR);
	c->batch = 1;
	c->arch[0] = (struct agent_rrd_archive){ 0, 86400 };
	c->arch[1] = (struct agent_rrd_archive){ 300, 7 * 86400 };
	c->arch[2] = (struct agent_rrd_archive){ 3600, 365 * 86400 };
	c->narch = 3;
}

void
agent_rrd_conf_free(struct agent_rrd_conf *c)
{
	if (c == NULL)
		return;
	free(c->dir);
	c->dir = NULL;
}

/* A duration setting: an integer of seconds or a string ("5m"). */
static int
get_duration(const config_setting_t *g, const char *name, bool sample_ok,
    unsigned *out, ERR_ARGS)
{
	const config_setting_t *s = config_setting_get_member(g, name);
	double secs;

	if (s == NULL)
		return sense_conf_error(g, err, errlen, "'%s' is missing",
		    name);
	if (config_setting_type(s) == CONFIG_TYPE_INT ||
	    config_setting_type(s) == CONFIG_TYPE_INT64) {
		long long v = config_setting_get_int64(s);

		if (v < 1 || v > 100LL * 365 * 86400)
			return sense_conf_error(s, err, errlen,
			    "'%s' must be 1 s .. 100 y", name);
		*out = (unsigned)v;
		return 0;
	}
	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return sense_conf_error(s, err, errlen, "'%s' must be a "
		    "duration such as \"5m\"", name);
	if (sample_ok && strcmp(config_setting_get_string(s), "sample") == 0) {
		*out = 0;
		return 0;
	}
	if (sense_history_duration(config_setting_get_string(s), &secs) < 0)
		return sense_conf_error(s, err, errlen, "'%s': bad duration "
		    "'%s' (e.g. \"300\", \"5m\", \"1w\"%s)", name,
		    config_setting_get_string(s), sample_ok ?
		    ", \"sample\"" : "");
	*out = (unsigned)secs;
	return 0;
}

static int
load_archives(struct agent_rrd_conf *c, const config_setting_t *l, ERR_ARGS)
{
	static const char *const known[] = { "step", "keep", NULL };
	int i, n = config_setting_length(l);

	if (!config_setting_is_list(l) || n < 1 ||
	    n > AGENT_RRD_MAX_ARCHIVES)
		return sense_conf_error(l, err, errlen, "'archives' must be a "
		    "list of 1..%d groups: ( { step = \"5m\"; keep = \"1w\"; "
		    "} )", AGENT_RRD_MAX_ARCHIVES);
	c->narch = 0;
	for (i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(l, i);
		struct agent_rrd_archive *a = &c->arch[c->narch];
		int k, m;

		if (!config_setting_is_group(e))
			return sense_conf_error(e, err, errlen, "an archive "
			    "is a group { step = ...; keep = ...; }");
		m = config_setting_length(e);
		for (k = 0; k < m; k++) {
			const char *nm = config_setting_name(
			    config_setting_get_elem(e, k));

			if (strcmp(nm, known[0]) != 0 &&
			    strcmp(nm, known[1]) != 0)
				return sense_conf_error(
				    config_setting_get_elem(e, k), err,
				    errlen, "unknown setting '%s' in an "
				    "archive", nm);
		}
		if (get_duration(e, "step", true, &a->step, err, errlen) < 0 ||
		    get_duration(e, "keep", false, &a->keep, err, errlen) < 0)
			return -1;
		if (a->keep < a->step)
			return sense_conf_error(e, err, errlen, "'keep' is "
			    "shorter than 'step'");
		c->narch++;
	}
	return 0;
}

static int
load_group(struct agent_rrd_conf *c, const config_setting_t *g, ERR_ARGS)
{
	const config_setting_t *s;
	int i, n = config_setting_length(g);

	if (!config_setting_is_group(g))
		return sense_conf_error(g, err, errlen,
		    "'history' must be a group: history = { ... };");
	for (i = 0; i < n; i++) {
		const char *nm;

		s = config_setting_get_elem(g, i);
		nm = config_setting_name(s);
		if (strcmp(nm, "enabled") == 0) {
			if (config_setting_type(s) != CONFIG_TYPE_BOOL)
				return sense_conf_error(s, err, errlen,
				    "'enabled' must be true or false");
			c->enabled = config_setting_get_bool(s);
		} else if (strcmp(nm, "dir") == 0) {
			if (config_setting_type(s) != CONFIG_TYPE_STRING ||
			    config_setting_get_string(s)[0] != '/')
				return sense_conf_error(s, err, errlen,
				    "'dir' must be an absolute path");
			free(c->dir);
			c->dir = sense_xstrdup(config_setting_get_string(s));
		} else if (strcmp(nm, "batch") == 0) {
			long long v = config_setting_get_int64(s);

			if ((config_setting_type(s) != CONFIG_TYPE_INT &&
			    config_setting_type(s) != CONFIG_TYPE_INT64) ||
			    v < 1 || v > 360)
				return sense_conf_error(s, err, errlen,
				    "'batch' must be an integer 1..360");
			c->batch = (unsigned)v;
		} else if (strcmp(nm, "archives") == 0) {
			if (load_archives(c, s, err, errlen) < 0)
				return -1;
		} else
			return sense_conf_error(s, err, errlen,
			    "unknown setting '%s' in 'history'", nm);
	}
	return 0;
}

int
agent_rrd_conf_load(struct agent_rrd_conf *c, const char *path, ERR_ARGS)
{
	config_t cfg;
	const config_setting_t *g;
	int rc;

	agent_rrd_conf_defaults(c);
	/*
	 * No history group, no history: an agent started without one (a
	 * test, a quick try) must not fill /var/lib with files.
	 */
	c->enabled = false;
	if (path == NULL)
		return 0;
	if (sense_conf_load(&cfg, path, err, errlen) < 0) {
		config_destroy(&cfg);
		return -1;
	}
	rc = 0;
	if ((g = config_lookup(&cfg, "history")) != NULL) {
		c->enabled = true;
		rc = load_group(c, g, err, errlen);
	}
	config_destroy(&cfg);
	return rc;
}

/* ------------------------------------------------------------ files */

static void
file_free(struct agent_rrd_file *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->npending; i++)
		free(f->pending[i]);
	free(f->pending);
	free(f->path);
	free(f);
}

static size_t
hash(const char *s)
{
	size_t h = 5381;

	while (*s != '\0')
		h = h * 33 + (unsigned char)*s++;
	return h % NTAB;
}

static struct agent_rrd_file *
file_get(struct agent_rrd *h, const char *path, enum agent_metric metric)
{
	struct agent_rrd_file **slot, *f;

	if (h->tab == NULL) {
		h->tab = sense_xcalloc(NTAB, sizeof(*h->tab));
		h->ntab = NTAB;
	}
	slot = &h->tab[hash(path)];
	for (f = *slot; f != NULL; f = f->next)
		if (strcmp(f->path, path) == 0)
			return f;
	f = sense_xcalloc(1, sizeof(*f));
	f->path = sense_xstrdup(path);
	f->metric = metric;
	f->pending = sense_xcalloc(h->conf.batch, sizeof(*f->pending));
	f->next = *slot;
	*slot = f;
	return f;
}

/* mkdir -p of dir, 0755: the plugins of another user read the files. */
static int
mkdirs(const char *dir)
{
	char buf[4096], *p;

	if (snprintf(buf, sizeof(buf), "%s", dir) >= (int)sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (p = buf + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -1;
		if (c == '\0')
			return 0;
		*p = c;
	}
}

static void
file_error(struct agent_rrd *h, struct agent_rrd_file *f, const char *what)
{
	h->errors++;
	if (f->warned)
		return;
	f->warned = true;
	snmp_log(LOG_WARNING, "history: %s %s: %s\n", what, f->path,
	    rrd_get_error());
}

/* Create f's file for samples from `first` on; 0 or -1. */
static int
file_create(struct agent_rrd *h, struct agent_rrd_file *f, time_t first)
{
	const char *const *ds = ds_of(f->metric);
	const char *argv[MAX_DS + 2 * AGENT_RRD_MAX_ARCHIVES];
	char defs[MAX_DS + 2 * AGENT_RRD_MAX_ARCHIVES][96], dir[4096], *sl;
	unsigned step = h->interval, hb = 3 * h->interval;
	int argc = 0;
	size_t i;

	snprintf(dir, sizeof(dir), "%s", f->path);
	if ((sl = strrchr(dir, '/')) != NULL)
		*sl = '\0';
	if (mkdirs(dir) < 0) {
		if (!f->warned)
			snmp_log(LOG_WARNING, "history: cannot create %s: "
			    "%s\n", dir, strerror(errno));
		f->warned = true;
		h->errors++;
		return -1;
	}
	for (i = 0; ds[i] != NULL; i++) {
		snprintf(defs[argc], sizeof(defs[argc]), "DS:%s:GAUGE:%u:0:U",
		    ds[i], hb);
		argv[argc] = defs[argc];
		argc++;
	}
	for (i = 0; i < h->conf.narch; i++) {
		const struct agent_rrd_archive *a = &h->conf.arch[i];
		unsigned per = a->step == 0 ? 1 :
		    (a->step + step / 2) / step;
		unsigned rows;

		if (per < 1)
			per = 1;
		rows = a->keep / (per * step);
		if (rows < 1)
			rows = 1;
		snprintf(defs[argc], sizeof(defs[argc]),
		    "RRA:AVERAGE:0.5:%u:%u", per, rows);
		argv[argc] = defs[argc];
		argc++;
		if (per > 1) {
			snprintf(defs[argc], sizeof(defs[argc]),
			    "RRA:MAX:0.5:%u:%u", per, rows);
			argv[argc] = defs[argc];
			argc++;
		}
	}
	rrd_clear_error();
	if (rrd_create_r(f->path, step, first - 1, argc, argv) != 0) {
		file_error(h, f, "cannot create");
		return -1;
	}
	snmp_log(LOG_INFO, "history: created %s\n", f->path);
	return 0;
}

static void
file_flush(struct agent_rrd *h, struct agent_rrd_file *f)
{
	struct stat st;
	size_t i;

	if (f->npending == 0)
		return;
	if (!f->exists) {
		if (stat(f->path, &st) == 0)
			f->exists = true;
		else if (file_create(h, f, (time_t)strtoll(f->pending[0],
		    NULL, 10)) == 0)
			f->exists = true;
	}
	if (f->exists) {
		rrd_clear_error();
		h->updates++;
		if (rrd_update_r(f->path, NULL, (int)f->npending,
		    (const char **)f->pending) != 0) {
			file_error(h, f, "cannot update");
			/* Perhaps deleted under us: create it again. */
			if (stat(f->path, &st) < 0)
				f->exists = false;
		} else
			f->warned = false;
	}
	for (i = 0; i < f->npending; i++)
		free(f->pending[i]);
	f->npending = 0;
}

void
agent_rrd_flush(struct agent_rrd *h)
{
	struct agent_rrd_file *f;
	size_t i;

	for (i = 0; i < h->ntab; i++)
		for (f = h->tab[i]; f != NULL; f = f->next)
			file_flush(h, f);
}

/* ------------------------------------------------------------ samples */

struct sample_ctx {
	struct agent_rrd	*h;
	time_t			 now;
};

static void
put(struct sense_buf *b, double v)
{
	char num[64];

	sense_num_format(v, num, sizeof(num));
	sense_buf_printf(b, ":%s", num);
}

static double
hundredths(int32_t v)
{
	return v < 0 ? NAN : v / 100.0;
}

/* "T:v:v..." for row r, in the order of ds_of(r->metric). */
static void
row_values(const struct agent_row *r, time_t now, struct sense_buf *b)
{
	bool rate = !isnan(r->value) || r->rx_bps != 0 || r->tx_bps != 0;
	size_t i;

	sense_buf_printf(b, "%lld", (long long)now);
	put(b, r->value);
	switch (r->metric) {
	case AGENT_CPU:
		for (i = 0; i < 5; i++)
			put(b, hundredths(r->cpu[i]));
		break;
	case AGENT_MEM:
	case AGENT_SWAP:
		put(b, isnan(r->value) ? NAN : (double)r->used);
		break;
	case AGENT_DISK:
		put(b, hundredths(r->ipct));
		put(b, isnan(r->value) ? NAN : (double)r->used);
		put(b, isnan(r->value) ? NAN : (double)r->avail);
		break;
	case AGENT_IF:
		/* A baseline sample has no rate: unknown, not zero. */
		put(b, rate ? (double)r->rx_bps : NAN);
		put(b, rate ? (double)r->tx_bps : NAN);
		break;
	case AGENT_CORE:
		break;
	}
}

static enum sense_history_kind
kind_of(enum agent_metric m)
{
	switch (m) {
	case AGENT_CPU:  return SENSE_HIST_CPU;
	case AGENT_CORE: return SENSE_HIST_CORE;
	case AGENT_MEM:  return SENSE_HIST_MEM;
	case AGENT_SWAP: return SENSE_HIST_SWAP;
	case AGENT_DISK: return SENSE_HIST_DISK;
	case AGENT_IF:   return SENSE_HIST_NET;
	}
	return SENSE_HIST_CPU;
}

static void
sample_row(void *ctx, struct agent_row *r)
{
	struct sample_ctx *x = ctx;
	struct agent_rrd *h = x->h;
	struct agent_rrd_file *f;
	struct sense_buf b = { 0 };
	char rel[1200], path[4096];
	/* Cores are "cpuN"; their files are cpu/N.rrd. */
	const char *name = r->metric == AGENT_CORE ? r->name + 3 : r->name;

	if (sense_history_file(rel, sizeof(rel), kind_of(r->metric),
	    name) < 0 || sense_path(path, sizeof(path), h->conf.dir,
	    rel) == NULL)
		return;
	f = file_get(h, path, r->metric);
	/* RRD takes one update per second per file at most. */
	if (f->last >= x->now)
		return;
	f->last = x->now;
	row_values(r, x->now, &b);
	f->pending[f->npending++] = b.data;
	if (f->npending >= h->conf.batch)
		file_flush(h, f);
}

void
agent_rrd_sample(struct agent_rrd *h, struct agent_model *m, time_t now)
{
	struct sample_ctx x = { h, now };
	double t0;

	if (!h->conf.enabled || h->conf.dir == NULL)
		return;
	t0 = sense_now_mono();
	agent_model_each(m, sample_row, &x);
	h->samples++;
	h->busy += sense_now_mono() - t0;
}

/* ------------------------------------------------------------ life */

static void
files_free(struct agent_rrd *h)
{
	struct agent_rrd_file *f, *n;
	size_t i;

	for (i = 0; i < h->ntab; i++)
		for (f = h->tab[i]; f != NULL; f = n) {
			n = f->next;
			file_free(f);
		}
	free(h->tab);
	h->tab = NULL;
	h->ntab = 0;
}

int
agent_rrd_configure(struct agent_rrd *h, const char *path,
    unsigned interval, ERR_ARGS)
{
	struct agent_rrd_conf c;

	if (agent_rrd_conf_load(&c, path, err, errlen) < 0) {
		agent_rrd_conf_free(&c);
		return -1;
	}
	/* Pending samples go out under the old settings. */
	agent_rrd_flush(h);
	files_free(h);
	agent_rrd_conf_free(&h->conf);
	h->conf = c;
	h->interval = interval > 0 ? interval : 10;
	return 0;
}

void
agent_rrd_free(struct agent_rrd *h)
{
	double t0;

	if (h == NULL)
		return;
	t0 = sense_now_mono();
	agent_rrd_flush(h);
	h->busy += sense_now_mono() - t0;
	if (h->samples > 0)
		snmp_log(LOG_INFO, "history: %llu samples, %llu file updates, "
		    "%llu errors, %.0f us per sample\n",
		    (unsigned long long)h->samples,
		    (unsigned long long)h->updates,
		    (unsigned long long)h->errors,
		    h->busy * 1e6 / (double)h->samples);
	files_free(h);
	agent_rrd_conf_free(&h->conf);
}
