/* agent_model -- the sampled, judged cache; see agent_model.h. */
#include "agent_model.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sense_disk.h"
#include "sense_mem.h"
#include "sense_util.h"

#define PROCFS(m)	((m)->conf->procfs ? (m)->conf->procfs : "/proc")

int32_t
agent_pct(double v)
{
	double h;

	if (isnan(v) || v < 0)
		return AGENT_PCT_UNKNOWN;
	h = floor(v * 100.0 + 0.5);
	return h > INT32_MAX ? INT32_MAX : (int32_t)h;
}

static void
row_init(struct agent_row *r, enum agent_metric metric, oid key,
    const char *name)
{
	memset(r, 0, sizeof(*r));
	r->key = key;
	r->idx.oids = &r->key;
	r->idx.len = 1;
	r->metric = metric;
	snprintf(r->name, sizeof(r->name), "%s", name);
	r->value = NAN;
	r->pct = r->ipct = AGENT_PCT_UNKNOWN;
	for (size_t i = 0; i < sizeof(r->cpu) / sizeof(r->cpu[0]); i++)
		r->cpu[i] = AGENT_PCT_UNKNOWN;
	r->status = SENSE_UNKNOWN;
}

void
agent_row_judge(struct agent_model *m, struct agent_row *r, bool judged,
    enum sense_state s, time_t now)
{
	enum sense_state old = r->status;

	if (!judged)
		return;
	if (!r->has_status) {
		/*
		 * The first state of a row is taken as it is; only a
		 * problem found at start is worth telling.
		 */
		r->has_status = true;
		r->status = s;
		r->last_change = now;
		r->cand_n = 0;
		if ((s == SENSE_WARNING || s == SENSE_CRITICAL) && m->notify)
			m->notify(m->notify_ctx, r, old, s);
		return;
	}
	if (s == r->status) {
		r->cand_n = 0;
		return;
	}
	if (r->cand_n > 0 && s == r->cand)
		r->cand_n++;
	else {
		r->cand = s;
		r->cand_n = 1;
	}
	if (r->cand_n < m->conf->confirm)
		return;
	r->status = s;
	r->cand_n = 0;
	r->last_change = now;
	if (m->notify)
		m->notify(m->notify_ctx, r, old, s);
}

static void
judge_value(struct agent_model *m, struct agent_row *r, double v,
    time_t now)
{
	r->value = v;
	r->pct = agent_pct(v);
	agent_row_judge(m, r, true, sense_judge(v, &r->thr.warn, &r->thr.crit),
	    now);
}

/* ------------------------------------------------------------ tables */

static struct agent_row *
table_find(netsnmp_container *c, oid key)
{
	netsnmp_index k = { 1, &key };

	return CONTAINER_FIND(c, &k);
}

static struct agent_row *
table_add(netsnmp_container *c, enum agent_metric metric, oid key,
    const char *name)
{
	struct agent_row *r = sense_xmalloc(sizeof(*r));

	row_init(r, metric, key, name);
	if (CONTAINER_INSERT(c, r) != 0) {
		free(r);
		return NULL;
	}
	return r;
}

/* Drop the rows that the sample `gen` did not see. */
static void
table_sweep(netsnmp_container *c, unsigned gen)
{
	netsnmp_iterator *it = CONTAINER_ITERATOR(c);
	struct agent_row **gone = NULL, *r;
	size_t n = 0, i;

	if (it == NULL)
		return;
	for (r = ITERATOR_FIRST(it); r != NULL; r = ITERATOR_NEXT(it))
		if (r->gen != gen) {
			gone = sense_xrealloc(gone, (n + 1) * sizeof(*gone));
			gone[n++] = r;
		}
	ITERATOR_RELEASE(it);
	for (i = 0; i < n; i++) {
		CONTAINER_REMOVE(c, gone[i]);
		free(gone[i]);
	}
	free(gone);
}

/* Mark every row of c as seen by the current sample. */
static void
table_keep(netsnmp_container *c, unsigned gen)
{
	netsnmp_iterator *it = CONTAINER_ITERATOR(c);
	struct agent_row *r;

	if (it == NULL)
		return;
	for (r = ITERATOR_FIRST(it); r != NULL; r = ITERATOR_NEXT(it))
		r->gen = gen;
	ITERATOR_RELEASE(it);
}

static void
each_in(netsnmp_container *c, void (*fn)(void *, struct agent_row *),
    void *ctx)
{
	netsnmp_iterator *it = CONTAINER_ITERATOR(c);
	struct agent_row *r;

	if (it == NULL)
		return;
	for (r = ITERATOR_FIRST(it); r != NULL; r = ITERATOR_NEXT(it))
		fn(ctx, r);
	ITERATOR_RELEASE(it);
}

/* ------------------------------------------------------------ CPU */

static void
cpu_figures(struct agent_row *r, const struct sense_cpu_util *u)
{
	r->cpu[0] = agent_pct(u->user);
	r->cpu[1] = agent_pct(u->system);
	r->cpu[2] = agent_pct(u->iowait);
	r->cpu[3] = agent_pct(u->steal);
	r->cpu[4] = agent_pct(u->irq);
	r->cpu[5] = agent_pct(u->guest);
	r->cpu[6] = agent_pct(u->idle);
}

static void
sample_cores(struct agent_model *m, const struct sense_cpu_usage *u,
    const struct sense_cpu_sample *cur, time_t now)
{
	size_t i;

	for (i = 0; i < cur->ncores; i++) {
		const struct sense_cpu_util *cu = NULL;
		struct agent_row *r;
		char name[32];
		int id = cur->cores[i].id;

		if (id < 0 || id > 65535)
			continue;
		r = table_find(m->cores, (oid)id + 1);
		if (r == NULL) {
			snprintf(name, sizeof(name), "cpu%d", id);
			r = table_add(m->cores, AGENT_CORE, (oid)id + 1, name);
			if (r == NULL)
				continue;
		}
		r->gen = m->gen;
		r->thr = m->conf->cpu;
		if (u != NULL && i < u->ncores)
			cu = &u->cores[i];
		if (cu != NULL && cu->valid)
			judge_value(m, r, cu->busy, now);
		else {
			r->value = NAN;
			r->pct = AGENT_PCT_UNKNOWN;
		}
	}
	table_sweep(m->cores, m->gen);
}

static void
apply_cpu(struct agent_model *m, struct agent_reading *rd)
{
	struct sense_cpu_usage u = { 0 };
	struct agent_row *r = &m->cpu;
	time_t now = rd->now;

	r->thr = m->conf->cpu;
	if (rd->cpu_rc < 0) {
		snmp_log(LOG_WARNING, "cannot read %s/stat: %s\n", PROCFS(m),
		    strerror(rd->cpu_errno));
		r->value = NAN;
		r->pct = AGENT_PCT_UNKNOWN;
		agent_row_judge(m, r, true, SENSE_UNKNOWN, now);
		table_keep(m->cores, m->gen);
		return;
	}
	if (m->has_cpu_prev) {
		sense_cpu_usage(&m->cpu_prev, &rd->cpu, false, &u);
		if (u.all.valid) {
			cpu_figures(r, &u.all);
			judge_value(m, r, u.all.busy, now);
		}
		sample_cores(m, &u, &rd->cpu, now);
		sense_cpu_usage_free(&u);
	} else
		sample_cores(m, NULL, &rd->cpu, now);
	/* The reading's sample becomes the baseline of the next one. */
	sense_cpu_sample_free(&m->cpu_prev);
	m->cpu_prev = rd->cpu;
	memset(&rd->cpu, 0, sizeof(rd->cpu));
	m->has_cpu_prev = true;
}

/* ------------------------------------------------------------ memory */

static void
apply_mem(struct agent_model *m, const struct agent_reading *rd)
{
	struct sense_mem_usage u;
	struct agent_row *r = &m->mem, *s = &m->swap;
	time_t now = rd->now;

	r->thr = m->conf->mem;
	s->thr = m->conf->swap;
	if (rd->mem_rc < 0) {
		snmp_log(LOG_WARNING, "cannot read %s/meminfo: %s\n",
		    PROCFS(m), strerror(rd->mem_errno));
		r->value = s->value = NAN;
		r->pct = s->pct = AGENT_PCT_UNKNOWN;
		agent_row_judge(m, r, true, SENSE_UNKNOWN, now);
		agent_row_judge(m, s, true, SENSE_UNKNOWN, now);
		return;
	}
	sense_mem_usage(&rd->mem, &u);
	r->total = u.total;
	r->used = u.used;
	r->avail = u.available;
	judge_value(m, r, u.used_pct, now);

	s->total = u.swap_total;
	s->used = u.swap_used;
	s->avail = u.swap_total - u.swap_used;
	if (u.swap_present)
		judge_value(m, s, u.swap_pct, now);
	else {
		/* No swap: not applicable, never a problem. */
		s->value = NAN;
		s->pct = AGENT_PCT_UNKNOWN;
		agent_row_judge(m, s, true, SENSE_OK, now);
	}
}

/* ------------------------------------------------------------ disks */

static struct agent_row *
disk_row(struct agent_model *m, const char *point)
{
	netsnmp_iterator *it = CONTAINER_ITERATOR(m->disks);
	struct agent_row *r = NULL;

	if (it != NULL) {
		for (r = ITERATOR_FIRST(it); r != NULL; r = ITERATOR_NEXT(it))
			if (strcmp(r->name, point) == 0)
				break;
		ITERATOR_RELEASE(it);
	}
	if (r == NULL)
		r = table_add(m->disks, AGENT_DISK, ++m->next_disk, point);
	return r;
}

static void
disk_judge(struct agent_model *m, struct agent_row *r,
    const struct sense_disk_fs *fs, time_t now)
{
	const struct agent_mount_rule *rule = agent_conf_mount(m->conf,
	    fs->point);
	const struct sense_disk_fig *f = &fs->fig;

	r->thr = rule ? rule->thr : m->conf->disk;
	r->ithr = rule ? rule->ithr : m->conf->inode;
	snprintf(r->device, sizeof(r->device), "%s", fs->source);
	snprintf(r->fstype, sizeof(r->fstype), "%s", fs->fstype);
	if (fs->status != SENSE_DISK_MEASURED) {
		r->value = NAN;
		r->pct = r->ipct = AGENT_PCT_UNKNOWN;
		agent_row_judge(m, r, true, SENSE_UNKNOWN, now);
		return;
	}
	r->total = f->size;
	r->used = f->used;
	r->avail = f->avail;
	r->value = f->used_pct;
	r->pct = agent_pct(f->used_pct);
	r->ipct = f->has_inodes ? agent_pct(f->inode_pct) : AGENT_PCT_UNKNOWN;
	agent_row_judge(m, r, true, sense_disk_judge(f, &r->thr.warn,
	    &r->thr.crit, &r->ithr.warn, &r->ithr.crit), now);
}

static void
apply_disks(struct agent_model *m, const struct agent_reading *rd)
{
	const struct sense_disk_set *set = &rd->disks;
	size_t i;

	if (rd->disk_rc < 0) {
		snmp_log(LOG_WARNING, "disks: %s\n", rd->disk_err);
		table_keep(m->disks, m->gen);
		return;
	}
	for (i = 0; i < set->n; i++) {
		struct agent_row *r;

		/* No size (blocks 0): not a filesystem to judge. */
		if (set->v[i].status == SENSE_DISK_NOSIZE)
			continue;
		if ((r = disk_row(m, set->v[i].point)) == NULL)
			continue;
		r->gen = m->gen;
		disk_judge(m, r, &set->v[i], rd->now);
	}
	table_sweep(m->disks, m->gen);
}

/* ------------------------------------------------------------ interfaces */

static void
if_judge(struct agent_model *m, struct agent_row *r,
    const struct sense_net_if *cur, const char *boot, time_t now)
{
	const struct agent_if_rule *rule = agent_conf_if(m->conf, cur->name);
	int64_t speed = cur->speed_mbps;
	struct sense_net_rate rate;
	enum sense_net_status st = SENSE_NET_NO_PREVIOUS;
	double util;

	if (rule != NULL && rule->speed_mbps > 0)
		speed = rule->speed_mbps;
	r->thr = rule ? rule->thr : m->conf->net;
	r->speed = sense_net_if_speed(speed);
	r->high_speed = sense_net_if_high_speed(speed);
	if (r->has_prev)
		st = sense_net_rate(&r->prev, r->prev_boot, cur, boot, &rate);
	r->prev = *cur;
	r->has_prev = true;
	snprintf(r->prev_boot, sizeof(r->prev_boot), "%s", boot);
	if (st != SENSE_NET_RATE_OK) {
		/* No rate this period: a baseline, not a zero. */
		r->rx_bps = r->tx_bps = 0;
		r->value = NAN;
		r->pct = AGENT_PCT_UNKNOWN;
		if (st != SENSE_NET_NO_PREVIOUS)
			snmp_log(LOG_INFO, "%s: %s, new baseline\n", r->name,
			    sense_net_status_text(st));
		return;
	}
	r->rx_bps = (uint64_t)llround(rate.rx_bps);
	r->tx_bps = (uint64_t)llround(rate.tx_bps);
	util = sense_net_util(&rate, speed);
	if (!isnan(util)) {
		judge_value(m, r, util, now);
		return;
	}
	/*
	 * Unknown speed: no percentage.  As check_sense_net, that is a
	 * problem (UNKNOWN) only where thresholds were asked for this
	 * interface explicitly without a speed.
	 */
	r->value = NAN;
	r->pct = AGENT_PCT_UNKNOWN;
	agent_row_judge(m, r, true, rule ? SENSE_UNKNOWN : SENSE_OK, now);
}

static void
apply_ifs(struct agent_model *m, const struct agent_reading *rd)
{
	const struct sense_net_sample *s = &rd->net;
	size_t i;

	if (rd->net_rc < 0) {
		snmp_log(LOG_WARNING, "interfaces: %s\n", rd->net_err);
		table_keep(m->ifs, m->gen);
		return;
	}
	for (i = 0; i < s->n; i++) {
		const struct sense_net_if *cur = &s->ifs[i];
		struct agent_row *r;

		if (cur->ifindex <= 0 ||
		    agent_conf_if_skipped(m->conf, cur->name, cur->loopback))
			continue;
		r = table_find(m->ifs, (oid)cur->ifindex);
		if (r != NULL && strcmp(r->name, cur->name) != 0) {
			/* The index now belongs to another interface. */
			CONTAINER_REMOVE(m->ifs, r);
			free(r);
			r = NULL;
		}
		if (r == NULL)
			r = table_add(m->ifs, AGENT_IF, (oid)cur->ifindex,
			    cur->name);
		if (r == NULL)
			continue;
		r->gen = m->gen;
		if_judge(m, r, cur, s->boot_id, rd->now);
	}
	table_sweep(m->ifs, m->gen);
}

/* ------------------------------------------------------------ reading */

static double
thread_cpu_seconds(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) < 0)
		return 0;
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void
agent_reading_take(const struct agent_conf *c, time_t now,
    struct agent_reading *rd)
{
	const char *procfs = c->procfs ? c->procfs : "/proc";
	const char *sysfs = c->sysfs ? c->sysfs : "/sys";
	double t0 = thread_cpu_seconds();

	memset(rd, 0, sizeof(*rd));
	rd->now = now;
	if ((rd->cpu_rc = sense_cpu_sample_read(procfs, &rd->cpu)) < 0)
		rd->cpu_errno = errno;
	if ((rd->mem_rc = sense_mem_read(procfs, &rd->mem)) < 0)
		rd->mem_errno = errno;
	rd->disk_rc = sense_disk_measure(procfs, &c->sel, c->statvfs_timeout,
	    NULL, &rd->disks, rd->disk_err, sizeof(rd->disk_err));
	rd->net_rc = sense_net_read(procfs, sysfs, &rd->net, rd->net_err,
	    sizeof(rd->net_err));
	rd->cpu_time = thread_cpu_seconds() - t0;
}

void
agent_reading_free(struct agent_reading *rd)
{
	if (rd == NULL)
		return;
	sense_cpu_sample_free(&rd->cpu);
	sense_disk_set_free(&rd->disks);
	sense_net_sample_free(&rd->net);
}

/* ------------------------------------------------------------ model */

static netsnmp_container *
new_table(const char *name)
{
	netsnmp_container *c = netsnmp_container_find("table_container");

	if (c != NULL)
		c->container_name = strdup(name);
	return c;
}

int
agent_model_init(struct agent_model *m, const struct agent_conf *conf,
    agent_notify_fn notify, void *ctx)
{
	memset(m, 0, sizeof(*m));
	m->conf = conf;
	m->notify = notify;
	m->notify_ctx = ctx;
	m->started = time(NULL);
	row_init(&m->cpu, AGENT_CPU, 0, "cpu");
	row_init(&m->mem, AGENT_MEM, 0, "memory");
	row_init(&m->swap, AGENT_SWAP, 0, "swap");
	netsnmp_container_init_list();
	m->cores = new_table("senseCpuCoreTable");
	m->disks = new_table("senseDiskTable");
	m->ifs = new_table("senseIfTable");
	if (m->cores == NULL || m->disks == NULL || m->ifs == NULL) {
		agent_model_free(m);
		return -1;
	}
	return 0;
}

void
agent_model_apply(struct agent_model *m, struct agent_reading *rd)
{
	double t0 = thread_cpu_seconds(), dt;

	m->gen++;
	apply_cpu(m, rd);
	apply_mem(m, rd);
	apply_disks(m, rd);
	apply_ifs(m, rd);
	m->samples++;
	m->last_sample = rd->now;
	dt = rd->cpu_time + thread_cpu_seconds() - t0;
	m->sample_us = dt > 0 ? (uint32_t)(dt * 1e6) : 0;
}

void
agent_model_sample(struct agent_model *m, time_t now)
{
	struct agent_reading rd;

	agent_reading_take(m->conf, now, &rd);
	agent_model_apply(m, &rd);
	agent_reading_free(&rd);
}

void
agent_model_reconf(struct agent_model *m, const struct agent_conf *conf)
{
	m->conf = conf;
}

void
agent_model_each(struct agent_model *m,
    void (*fn)(void *ctx, struct agent_row *r), void *ctx)
{
	fn(ctx, &m->cpu);
	fn(ctx, &m->mem);
	fn(ctx, &m->swap);
	each_in(m->cores, fn, ctx);
	each_in(m->disks, fn, ctx);
	each_in(m->ifs, fn, ctx);
}

static void
row_free(void *data, void *ctx)
{
	(void)ctx;
	free(data);
}

static void
table_free(netsnmp_container *c)
{
	if (c == NULL)
		return;
	CONTAINER_CLEAR(c, row_free, NULL);
	CONTAINER_FREE(c);
}

void
agent_model_free(struct agent_model *m)
{
	if (m == NULL)
		return;
	table_free(m->cores);
	table_free(m->disks);
	table_free(m->ifs);
	sense_cpu_sample_free(&m->cpu_prev);
	m->cores = m->disks = m->ifs = NULL;
}
