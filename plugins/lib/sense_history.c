/* sense_history -- RRD layout and windowed averages; see sense_history.h. */
#include "sense_history.h"

#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sense_num.h"
#include "sense_timeout.h"
#include "sense_util.h"

/* librrd's entry points used here (rrd.h, loaded with dlsym). */
typedef double rrd_value_t;
typedef int (*rrd_fetch_fn)(const char *file, const char *cf,
    time_t *start, time_t *end, unsigned long *step, unsigned long *ds_cnt,
    char ***ds_namv, rrd_value_t **data);
typedef time_t (*rrd_last_fn)(const char *file);
typedef char *(*rrd_error_fn)(void);
typedef void (*rrd_clear_fn)(void);

struct rrd_api {
	void		*lib;
	rrd_fetch_fn	 fetch;
	rrd_last_fn	 last;
	rrd_error_fn	 error;
	rrd_clear_fn	 clear;
};

static int
is_plain(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '_' || ch == '.';
}

int
sense_history_escape(const char *name, char *buf, size_t size)
{
	const char *s = name, *e = name + strlen(name);
	size_t n = 0;

	while (s < e && *s == '/')
		s++;
	while (e > s && e[-1] == '/')
		e--;
	if (s == e) {
		/* "/" (or "") is the root. */
		if (size < 2)
			return -1;
		memcpy(buf, "-", 2);
		return 0;
	}
	for (; s < e; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '/' || (is_plain(ch) && !(ch == '.' && n == 0))) {
			if (n + 1 >= size)
				return -1;
			buf[n++] = ch == '/' ? '-' : (char)ch;
			continue;
		}
		if (n + 3 >= size)
			return -1;
		snprintf(buf + n, 4, "%%%02X", ch);
		n += 3;
	}
	buf[n] = '\0';
	return 0;
}

int
sense_history_file(char *buf, size_t size, enum sense_history_kind k,
    const char *name)
{
	char esc[1024];
	int n;

	switch (k) {
	case SENSE_HIST_CPU:
		n = snprintf(buf, size, "cpu.rrd");
		break;
	case SENSE_HIST_MEM:
		n = snprintf(buf, size, "mem.rrd");
		break;
	case SENSE_HIST_SWAP:
		n = snprintf(buf, size, "swap.rrd");
		break;
	case SENSE_HIST_CORE:
	case SENSE_HIST_DISK:
	case SENSE_HIST_NET:
		if (name == NULL ||
		    sense_history_escape(name, esc, sizeof(esc)) < 0)
			return -1;
		n = snprintf(buf, size, "%s/%s.rrd", k == SENSE_HIST_CORE ?
		    "cpu" : k == SENSE_HIST_DISK ? "disk" : "net", esc);
		break;
	default:
		return -1;
	}
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

const char *
sense_history_default_dir(void)
{
	const char *d = getenv(SENSE_HISTORY_ENV);

	return d != NULL && *d != '\0' ? d : SENSE_HISTORY_DIR;
}

static double
unit_secs(char u)
{
	switch (u) {
	case 's': return 1;
	case 'm': return 60;
	case 'h': return 3600;
	case 'd': return 86400;
	case 'w': return 7 * 86400.0;
	case 'y': return 365 * 86400.0;
	}
	return 0;
}

int
sense_history_duration(const char *s, double *secs)
{
	double total = 0, mult;
	uint64_t v;
	char num[32];
	size_t n;

	if (s == NULL || *s == '\0')
		return -1;
	while (*s != '\0') {
		n = strspn(s, "0123456789");
		if (n == 0 || n >= sizeof(num))
			return -1;
		memcpy(num, s, n);
		num[n] = '\0';
		if (sense_num_parse_u64(num, &v) < 0)
			return -1;
		s += n;
		if (*s == '\0') {
			/* A bare number is seconds, only alone or last. */
			mult = 1;
		} else if ((mult = unit_secs(*s)) == 0)
			return -1;
		else
			s++;
		total += (double)v * mult;
	}
	if (total <= 0 || total > 100 * 365 * 86400.0)
		return -1;
	*secs = total;
	return 0;
}

void
sense_history_duration_format(double secs, char *buf, size_t size)
{
	static const char units[] = "ydhms";
	/* Rounded by hand: libm costs every plugin a library load. */
	uint64_t left = secs > 0 ? (uint64_t)(secs + 0.5) : 0, u;
	size_t n = 0, i;

	if (size > 0)
		buf[0] = '\0';
	if (left == 0) {
		snprintf(buf, size, "0s");
		return;
	}
	for (i = 0; units[i] != '\0' && left > 0; i++) {
		u = (uint64_t)unit_secs(units[i]);
		if (left / u == 0)
			continue;
		if (n < size)
			n += (size_t)snprintf(buf + n, size - n, "%llu%c",
			    (unsigned long long)(left / u), units[i]);
		left %= u;
	}
}

/* Load librrd; 0, or -1 with the reason in why. */
static int
rrd_load(struct rrd_api *api, char *why, size_t whylen)
{
	memset(api, 0, sizeof(*api));
	/* NODELETE: its dependencies (glib) do not survive an unload. */
	api->lib = dlopen(SENSE_HISTORY_LIBRRD, RTLD_NOW | RTLD_LOCAL |
	    RTLD_NODELETE);
	if (api->lib == NULL) {
		snprintf(why, whylen, "--window needs librrd: %s", dlerror());
		return -1;
	}
	*(void **)&api->fetch = dlsym(api->lib, "rrd_fetch_r");
	*(void **)&api->last = dlsym(api->lib, "rrd_last_r");
	*(void **)&api->error = dlsym(api->lib, "rrd_get_error");
	*(void **)&api->clear = dlsym(api->lib, "rrd_clear_error");
	if (api->fetch == NULL || api->last == NULL || api->error == NULL ||
	    api->clear == NULL) {
		snprintf(why, whylen, "--window: %s lacks rrd_fetch_r",
		    SENSE_HISTORY_LIBRRD);
		dlclose(api->lib);
		api->lib = NULL;
		return -1;
	}
	return 0;
}

static void
rrd_unload(struct rrd_api *api)
{
	if (api->lib != NULL)
		dlclose(api->lib);
	api->lib = NULL;
}

/* Sum the known rows of column col that end in (from, to]. */
static void
sum_rows(const rrd_value_t *data, unsigned long nrows, unsigned long ncol,
    unsigned long col, time_t start, unsigned long step, time_t from,
    time_t to, struct sense_history_avg *a)
{
	double sum = 0;
	unsigned long i;

	a->max = NAN;
	for (i = 0; i < nrows; i++) {
		time_t t = start + (time_t)((i + 1) * step);
		double v = data[i * ncol + col];

		if (t <= from || t > to)
			continue;
		a->rows++;
		if (isnan(v))
			continue;
		sum += v;
		a->n++;
		if (isnan(a->max) || v > a->max)
			a->max = v;
	}
	a->avg = a->n > 0 ? sum / a->n : NAN;
}

int
sense_history_average(const char *path, const char *ds, double window,
    time_t now, struct sense_history_avg *a, char *why, size_t whylen)
{
	struct rrd_api api;
	time_t start, end, win = (time_t)(window + 0.5);
	unsigned long step = 1, ncol = 0, col, i;
	char **names = NULL, w[32];
	rrd_value_t *data = NULL;
	int rc = -1;

	memset(a, 0, sizeof(*a));
	a->avg = a->max = NAN;
	sense_history_duration_format(window, w, sizeof(w));
	if (access(path, R_OK) < 0) {
		snprintf(why, whylen, "no history: %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (rrd_load(&api, why, whylen) < 0)
		return -1;
	api.clear();
	if ((a->last = api.last(path)) <= 0) {
		snprintf(why, whylen, "no history: %s: %s", path,
		    api.error());
		goto out;
	}
	if (now - a->last >= win) {
		snprintf(why, whylen, "no history in the last %s: %s last "
		    "written %lld s ago", w, path,
		    (long long)(now - a->last));
		goto out;
	}
	start = a->last - win;
	end = a->last;
	if (api.fetch(path, "AVERAGE", &start, &end, &step, &ncol, &names,
	    &data) != 0) {
		snprintf(why, whylen, "no history: %s: %s", path,
		    api.error());
		goto out;
	}
	for (col = 0; col < ncol; col++)
		if (strcmp(names[col], ds) == 0)
			break;
	if (col == ncol) {
		snprintf(why, whylen, "no history: %s has no data source "
		    "'%s'", path, ds);
		goto out;
	}
	a->step = step;
	sum_rows(data, step > 0 ? (unsigned long)(end - start) / step : 0,
	    ncol, col, start, step, a->last - win, a->last, a);
	if (a->rows == 0) {
		snprintf(why, whylen, "no history: a %s window holds no whole "
		    "row of %lu s in %s", w, step, path);
		goto out;
	}
	if (a->n == 0) {
		snprintf(why, whylen, "no history: no known value of %s in "
		    "the last %s of %s", ds, w, path);
		goto out;
	}
	rc = 0;
out:
	for (i = 0; names != NULL && i < ncol; i++)
		free(names[i]);
	free(names);
	free(data);
	rrd_unload(&api);
	return rc;
}

static const char *
pct(double v, char *buf, size_t size)
{
	sense_num_fixed(v, 2, buf, size);
	return buf;
}

enum sense_state
sense_history_check(const struct sense_plugin *p, struct sense_check *c,
    const struct sense_history_item *it)
{
	struct sense_history_avg a;
	enum sense_state s;
	char rel[1200], path[4096], why[1024], w[32], v[32], label[4200];
	char when[32], mx[32];
	struct tm tm;
	const char *sep = c->summary.len > 0 ? ", " : "";

	sense_history_duration_format(p->window, w, sizeof(w));
	snprintf(label, sizeof(label), "%s_%s", it->perf, w);
	if (sense_history_file(rel, sizeof(rel), it->kind, it->name) < 0 ||
	    sense_path(path, sizeof(path), p->history_dir, rel) == NULL) {
		snprintf(why, sizeof(why), "no history: name too long");
		goto unknown;
	}
	sense_timeout_stage("reading the RRD history");
	if (sense_history_average(path, it->ds, p->window, time(NULL), &a,
	    why, sizeof(why)) < 0)
		goto unknown;
	/*
	 * "Above 90% for five minutes" must not fire on the one sample of
	 * an agent that just started: less than half the window known is
	 * no average of that window.
	 */
	if (a.n * 2 < a.rows) {
		snprintf(why, sizeof(why), "history covers %u of the %u "
		    "samples of the last %s (less than half) in %.900s", a.n,
		    a.rows, w, path);
		goto unknown;
	}
	s = sense_judge(a.avg, it->warn, it->crit);
	sense_check_raise(c, s);
	if (a.n < a.rows)
		sense_check_summary(c, "%s%s %s%% (%s avg of %u/%u samples)",
		    sep, it->text, pct(a.avg, v, sizeof(v)), w, a.n, a.rows);
	else
		sense_check_summary(c, "%s%s %s%% (%s avg)", sep, it->text,
		    pct(a.avg, v, sizeof(v)), w);
	localtime_r(&a.last, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	sense_check_long(c, "%s: %s average %s%% of %u of %u samples of %lu s "
	    "up to %s (max %s%%), from %s", it->text, w, v, a.n, a.rows,
	    a.step, when, pct(a.max, mx, sizeof(mx)), path);
	sense_check_perf(c, label, a.avg, "%", it->warn, it->crit, 0, NAN);
	return s;
unknown:
	sense_check_raise(c, SENSE_UNKNOWN);
	sense_check_summary(c, "%s%s: %s", sep, it->text, why);
	sense_check_perf(c, label, NAN, "%", it->warn, it->crit, 0, NAN);
	return SENSE_UNKNOWN;
}
