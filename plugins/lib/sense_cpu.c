/* sense_cpu -- /proc/stat samples and CPU utilization; see sense_cpu.h. */
#include "sense_cpu.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sense_check.h"
#include "sense_util.h"

/* Fields a cpu line must have: user nice system idle (Linux 2.4). */
#define MIN_FIELDS 4

/* Read one unsigned decimal; advances *pp.  0 or -1. */
static int
parse_u64(const char **pp, uint64_t *out)
{
	const char *p = *pp;
	uint64_t v = 0;

	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		unsigned d = (unsigned)(*p - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*pp = p;
	*out = v;
	return 0;
}

/*
 * Parse the fields of one cpu line (p points after the name) up to the
 * end of the line.  Extra fields from future kernels are ignored.
 */
static int
parse_fields(const char *p, struct sense_cpu_times *t)
{
	int n = 0;
	uint64_t v;

	memset(t->v, 0, sizeof(t->v));
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\n' || *p == '\0')
			break;
		if (parse_u64(&p, &v) < 0)
			return -1;
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\0')
			return -1;
		if (n < SENSE_CPU_NFIELDS)
			t->v[n] = v;
		n++;
	}
	return n >= MIN_FIELDS ? 0 : -1;
}

/* The core number after "cpu", or -1 for the aggregate; -2 on error. */
static int
parse_cpu_name(const char **pp)
{
	const char *p = *pp + 3;
	uint64_t id;

	if (*p == ' ' || *p == '\t') {
		*pp = p;
		return -1;
	}
	if (parse_u64(&p, &id) < 0 || id > 1u << 20 ||
	    (*p != ' ' && *p != '\t'))
		return -2;
	*pp = p;
	return (int)id;
}

/*
 * Whether core id is in s already.  The kernel lists cores in rising
 * order, so an id above every one seen (max_id) needs no search: the
 * check stays linear for thousands of cores.
 */
static bool
has_core(const struct sense_cpu_sample *s, int id, int max_id)
{
	size_t i;

	if (id > max_id)
		return false;
	for (i = 0; i < s->ncores; i++)
		if (s->cores[i].id == id)
			return true;
	return false;
}

static int
parse_time(const char *p, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(p, &end);
	if (errno != 0 || end == p || (*end != '\n' && *end != '\0') ||
	    !isfinite(*out) || *out < 0)
		return -1;
	return 0;
}

int
sense_cpu_sample_parse(const char *text, struct sense_cpu_sample *s)
{
	const char *line, *p;
	size_t cap = 0;
	bool have_all = false;
	int id, max_id = -1;

	memset(s, 0, sizeof(*s));
	for (line = text; *line != '\0'; line = p) {
		p = strchr(line, '\n');
		p = p != NULL ? p + 1 : line + strlen(line);
		if (strncmp(line, "time ", 5) == 0) {
			if (parse_time(line + 5, &s->time) < 0)
				goto fail;
			continue;
		}
		if (strncmp(line, "cpu", 3) != 0)
			continue;
		id = parse_cpu_name(&line);
		if (id == -2)
			goto fail;
		if (id == -1) {
			if (have_all || parse_fields(line, &s->all) < 0)
				goto fail;
			s->all.id = -1;
			have_all = true;
			continue;
		}
		if (has_core(s, id, max_id))
			goto fail;
		if (id > max_id)
			max_id = id;
		if (s->ncores == cap) {
			cap = cap ? cap * 2 : 8;
			s->cores = sense_xrealloc(s->cores,
			    cap * sizeof(*s->cores));
		}
		if (parse_fields(line, &s->cores[s->ncores]) < 0)
			goto fail;
		s->cores[s->ncores++].id = id;
	}
	if (!have_all)
		goto fail;
	return 0;
fail:
	sense_cpu_sample_free(s);
	return -1;
}

int
sense_cpu_sample_read(const char *procfs_root, struct sense_cpu_sample *s)
{
	char path[4096], *text;

	memset(s, 0, sizeof(*s));
	if (sense_path(path, sizeof(path), procfs_root, "stat") == NULL)
		return -1;
	text = sense_read_file(path, 0, NULL);
	if (text == NULL)
		return -1;
	if (sense_cpu_sample_parse(text, s) < 0) {
		free(text);
		errno = EINVAL;
		return -1;
	}
	free(text);
	/*
	 * The live system's boot clock never goes back (the state key
	 * holds the boot id); a fixture tree gets the wall clock.
	 */
	s->time = strcmp(procfs_root, "/proc") == 0 ? sense_now_boot() :
	    sense_now_wall();
	return 0;
}

static void
format_times(struct sense_buf *b, const struct sense_cpu_times *t)
{
	int i;

	if (t->id < 0)
		sense_buf_printf(b, "cpu ");
	else
		sense_buf_printf(b, "cpu%d", t->id);
	for (i = 0; i < SENSE_CPU_NFIELDS; i++)
		sense_buf_printf(b, " %" PRIu64, t->v[i]);
	sense_buf_printf(b, "\n");
}

char *
sense_cpu_sample_format(const struct sense_cpu_sample *s)
{
	struct sense_buf b = { 0 };
	size_t i;

	sense_buf_printf(&b, "time %.6f\n", s->time);
	format_times(&b, &s->all);
	for (i = 0; i < s->ncores; i++)
		format_times(&b, &s->cores[i]);
	return b.data;
}

void
sense_cpu_sample_free(struct sense_cpu_sample *s)
{
	if (s == NULL)
		return;
	free(s->cores);
	memset(s, 0, sizeof(*s));
}

/* A counter that went backwards (hotplug, a bad sample) adds nothing. */
static uint64_t
delta(const struct sense_cpu_times *a, const struct sense_cpu_times *b,
    int f)
{
	return b->v[f] >= a->v[f] ? b->v[f] - a->v[f] : 0;
}

void
sense_cpu_util(const struct sense_cpu_times *prev,
    const struct sense_cpu_times *cur, bool iowait_busy,
    struct sense_cpu_util *u)
{
	double d[SENSE_CPU_NFIELDS], total = 0, idle, pct;
	int f;

	memset(u, 0, sizeof(*u));
	u->id = cur->id;
	/*
	 * Each delta is exact in 64 bits; their sums are taken in double,
	 * since eight counters near 2^64 (a broken or hostile /proc/stat)
	 * would wrap a 64-bit sum and give figures over 100%.
	 */
	for (f = 0; f < SENSE_CPU_NFIELDS; f++)
		d[f] = (double)delta(prev, cur, f);
	/* Guest time is inside user and nice already: not in the total. */
	for (f = 0; f <= SENSE_CPU_STEAL; f++)
		total += d[f];
	u->elapsed = total >= 18446744073709551615.0 ? UINT64_MAX :
	    (uint64_t)total;
	if (total == 0)
		return;
	u->valid = true;
	pct = 100.0 / total;
	idle = d[SENSE_CPU_IDLE] + (iowait_busy ? 0 : d[SENSE_CPU_IOWAIT]);
	u->idle = idle * pct;
	u->busy = (total - idle) * pct;
	u->user = (d[SENSE_CPU_USER] + d[SENSE_CPU_NICE]) * pct;
	u->system = d[SENSE_CPU_SYSTEM] * pct;
	u->iowait = d[SENSE_CPU_IOWAIT] * pct;
	u->steal = d[SENSE_CPU_STEAL] * pct;
	u->irq = (d[SENSE_CPU_IRQ] + d[SENSE_CPU_SOFTIRQ]) * pct;
	/* Clamped apart from user, guest could exceed it: cap it there. */
	u->guest = (d[SENSE_CPU_GUEST] + d[SENSE_CPU_GUEST_NICE]) * pct;
	if (u->guest > u->user)
		u->guest = u->user;
}

/* Core id of s; hint is where it usually is (the same position). */
static const struct sense_cpu_times *
find_core(const struct sense_cpu_sample *s, int id, size_t hint)
{
	size_t i;

	if (hint < s->ncores && s->cores[hint].id == id)
		return &s->cores[hint];
	for (i = 0; i < s->ncores; i++)
		if (s->cores[i].id == id)
			return &s->cores[i];
	return NULL;
}

void
sense_cpu_usage(const struct sense_cpu_sample *prev,
    const struct sense_cpu_sample *cur, bool iowait_busy,
    struct sense_cpu_usage *u)
{
	const struct sense_cpu_times *p;
	size_t i;

	memset(u, 0, sizeof(*u));
	sense_cpu_util(&prev->all, &cur->all, iowait_busy, &u->all);
	if (cur->ncores == 0)
		return;
	u->cores = sense_xcalloc(cur->ncores, sizeof(*u->cores));
	u->ncores = cur->ncores;
	for (i = 0; i < cur->ncores; i++) {
		p = find_core(prev, cur->cores[i].id, i);
		if (p != NULL)
			sense_cpu_util(p, &cur->cores[i], iowait_busy,
			    &u->cores[i]);
		else
			u->cores[i].id = cur->cores[i].id;
	}
}

void
sense_cpu_usage_free(struct sense_cpu_usage *u)
{
	if (u == NULL)
		return;
	free(u->cores);
	memset(u, 0, sizeof(*u));
}
