/* agent_conf -- sense-agent's settings from sense.conf; see agent_conf.h. */
#include "agent_conf.h"

#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sense_conf.h"
#include "sense_plugin.h"
#include "sense_util.h"

#define ERR_ARGS	char *err, size_t errlen

static void
thr_set(struct agent_thr *t, double warn, double crit)
{
	memset(t, 0, sizeof(*t));
	sense_range_upper(&t->warn, warn);
	sense_range_upper(&t->crit, crit);
	sense_range_format(&t->warn, t->warn_txt, sizeof(t->warn_txt));
	sense_range_format(&t->crit, t->crit_txt, sizeof(t->crit_txt));
}

void
agent_conf_defaults(struct agent_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->interval = 10;
	c->confirm = 1;
	c->ping_interval = 15;
	c->statvfs_timeout = 2.0;
	sense_disk_sel_init(&c->sel);
	thr_set(&c->cpu, SENSE_DEFAULT_WARN, SENSE_DEFAULT_CRIT);
	c->mem = c->swap = c->disk = c->inode = c->net = c->cpu;
}

/* Reject members of group s that are not in the NULL-ended list. */
static int
only_known(const config_setting_t *s, const char *const *known, ERR_ARGS)
{
	int i, n = config_setting_length(s);

	for (i = 0; i < n; i++) {
		const config_setting_t *m = config_setting_get_elem(s, i);
		const char *name = config_setting_name(m);
		const char *const *k;

		for (k = known; *k != NULL; k++)
			if (name != NULL && strcmp(name, *k) == 0)
				break;
		if (*k == NULL)
			return sense_conf_error(m, err, errlen,
			    "unknown setting '%s' in '%s'",
			    name ? name : "?", config_setting_name(s));
	}
	return 0;
}

/* A range given as a string ("@10:20") or a number (70, 70.5). */
static int
get_range(const config_setting_t *s, struct sense_range *r, char *txt,
    ERR_ARGS)
{
	const char *why = NULL;
	char buf[AGENT_RANGE_TEXT];
	const char *text;

	switch (config_setting_type(s)) {
	case CONFIG_TYPE_STRING:
		text = config_setting_get_string(s);
		break;
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		snprintf(buf, sizeof(buf), "%lld",
		    (long long)config_setting_get_int64(s));
		text = buf;
		break;
	case CONFIG_TYPE_FLOAT:
		snprintf(buf, sizeof(buf), "%.6g",
		    config_setting_get_float(s));
		text = buf;
		break;
	default:
		return sense_conf_error(s, err, errlen,
		    "'%s' must be a range (\"70\", \"@10:20\") or a number",
		    config_setting_name(s));
	}
	if (strlen(text) >= AGENT_RANGE_TEXT)
		return sense_conf_error(s, err, errlen, "'%s': range too long",
		    config_setting_name(s));
	if (text[0] == '\0') {
		/* An empty string switches the threshold off. */
		memset(r, 0, sizeof(*r));
		txt[0] = '\0';
		return 0;
	}
	if (sense_range_parse(text, r, &why) < 0)
		return sense_conf_error(s, err, errlen, "'%s': %s",
		    config_setting_name(s), why);
	snprintf(txt, AGENT_RANGE_TEXT, "%s", text);
	return 0;
}

/* Override t from members `w` and `c` of group g, when present. */
static int
get_thr(const config_setting_t *g, const char *w, const char *c,
    struct agent_thr *t, ERR_ARGS)
{
	const config_setting_t *s;

	if ((s = config_setting_get_member(g, w)) != NULL &&
	    get_range(s, &t->warn, t->warn_txt, err, errlen) < 0)
		return -1;
	if ((s = config_setting_get_member(g, c)) != NULL &&
	    get_range(s, &t->crit, t->crit_txt, err, errlen) < 0)
		return -1;
	return 0;
}

/* An integer member within lo..hi, when present. */
static int
get_uint(const config_setting_t *g, const char *name, unsigned lo,
    unsigned hi, unsigned *out, ERR_ARGS)
{
	const config_setting_t *s = config_setting_get_member(g, name);
	long long v;

	if (s == NULL)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_INT &&
	    config_setting_type(s) != CONFIG_TYPE_INT64)
		return sense_conf_error(s, err, errlen,
		    "'%s' must be an integer", name);
	v = config_setting_get_int64(s);
	if (v < lo || v > hi)
		return sense_conf_error(s, err, errlen,
		    "'%s' must be within %u..%u", name, lo, hi);
	*out = (unsigned)v;
	return 0;
}

static int
get_string(const config_setting_t *g, const char *name, char **out,
    ERR_ARGS)
{
	const config_setting_t *s = config_setting_get_member(g, name);

	if (s == NULL)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_STRING ||
	    config_setting_get_string(s)[0] == '\0')
		return sense_conf_error(s, err, errlen,
		    "'%s' must be a non-empty string", name);
	free(*out);
	*out = sense_xstrdup(config_setting_get_string(s));
	return 0;
}

/* Call fn(ctx, string) for every element of an array of strings. */
static int
each_string(const config_setting_t *g, const char *name,
    int (*fn)(void *, const config_setting_t *, const char *, ERR_ARGS),
    void *ctx, ERR_ARGS)
{
	const config_setting_t *s = config_setting_get_member(g, name);
	int i, n;

	if (s == NULL)
		return 0;
	if (!config_setting_is_array(s) && !config_setting_is_list(s))
		return sense_conf_error(s, err, errlen,
		    "'%s' must be a list of strings: [ \"a\", \"b\" ]", name);
	n = config_setting_length(s);
	for (i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(s, i);

		if (config_setting_type(e) != CONFIG_TYPE_STRING)
			return sense_conf_error(e, err, errlen,
			    "'%s' must hold strings", name);
		if (fn(ctx, e, config_setting_get_string(e), err, errlen) < 0)
			return -1;
	}
	return 0;
}

struct sel_ctx {
	struct sense_disk_sel	*sel;
	enum sense_disk_list	 which;
};

static int
add_sel(void *p, const config_setting_t *e, const char *v, ERR_ARGS)
{
	struct sel_ctx *x = p;
	const char *why = NULL;

	if (sense_disk_sel_add(x->sel, x->which, v, &why) < 0)
		return sense_conf_error(e, err, errlen, "'%s': %s", v, why);
	return 0;
}

static int
add_if_exclude(void *p, const config_setting_t *e, const char *v, ERR_ARGS)
{
	struct agent_conf *c = p;

	(void)e;
	(void)err;
	(void)errlen;
	c->if_exclude = sense_xrealloc(c->if_exclude,
	    (c->nif_exclude + 1) * sizeof(*c->if_exclude));
	c->if_exclude[c->nif_exclude++] = sense_xstrdup(v);
	return 0;
}

static int
load_agent_disk(struct agent_conf *c, const config_setting_t *g, ERR_ARGS)
{
	static const char *const known[] = { "paths", "exclude_paths",
		"include_types", "exclude_types", "regex", "exclude_regex",
		"timeout", NULL };
	static const struct { const char *name; enum sense_disk_list w; }
	    lists[] = {
		{ "paths", SENSE_DISK_PATH },
		{ "exclude_paths", SENSE_DISK_XPATH },
		{ "include_types", SENSE_DISK_ITYPE },
		{ "exclude_types", SENSE_DISK_XTYPE },
		{ "regex", SENSE_DISK_REGEX },
		{ "exclude_regex", SENSE_DISK_XREGEX },
	};
	const config_setting_t *s;
	size_t i;

	if (only_known(g, known, err, errlen) < 0)
		return -1;
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		struct sel_ctx x = { &c->sel, lists[i].w };

		if (each_string(g, lists[i].name, add_sel, &x, err,
		    errlen) < 0)
			return -1;
	}
	if ((s = config_setting_get_member(g, "timeout")) != NULL) {
		double v = -1;

		if (config_setting_type(s) == CONFIG_TYPE_FLOAT)
			v = config_setting_get_float(s);
		else if (config_setting_is_number(s))
			v = (double)config_setting_get_int64(s);
		if (v <= 0)
			return sense_conf_error(s, err, errlen,
			    "'timeout' must be a number of seconds > 0");
		c->statvfs_timeout = v;
	}
	return 0;
}

static int
load_agent(struct agent_conf *c, const config_setting_t *g, ERR_ARGS)
{
	static const char *const known[] = { "interval", "confirm",
		"ping_interval", "master", "procfs", "sysfs", "disk",
		"interfaces", NULL };
	static const char *const ifknown[] = { "loopback", "exclude", NULL };
	const config_setting_t *s;

	if (!config_setting_is_group(g))
		return sense_conf_error(g, err, errlen,
		    "'agent' must be a group: agent = { ... };");
	if (only_known(g, known, err, errlen) < 0 ||
	    get_uint(g, "interval", 1, 86400, &c->interval, err, errlen) < 0 ||
	    get_uint(g, "confirm", 1, 1000, &c->confirm, err, errlen) < 0 ||
	    get_uint(g, "ping_interval", 1, 3600, &c->ping_interval, err,
	    errlen) < 0 ||
	    get_string(g, "master", &c->master, err, errlen) < 0 ||
	    get_string(g, "procfs", &c->procfs, err, errlen) < 0 ||
	    get_string(g, "sysfs", &c->sysfs, err, errlen) < 0)
		return -1;
	if ((s = config_setting_get_member(g, "disk")) != NULL) {
		if (!config_setting_is_group(s))
			return sense_conf_error(s, err, errlen,
			    "'disk' must be a group");
		if (load_agent_disk(c, s, err, errlen) < 0)
			return -1;
	}
	if ((s = config_setting_get_member(g, "interfaces")) != NULL) {
		const config_setting_t *lo;

		if (!config_setting_is_group(s))
			return sense_conf_error(s, err, errlen,
			    "'interfaces' must be a group");
		if (only_known(s, ifknown, err, errlen) < 0 ||
		    each_string(s, "exclude", add_if_exclude, c, err,
		    errlen) < 0)
			return -1;
		if ((lo = config_setting_get_member(s, "loopback")) != NULL) {
			if (config_setting_type(lo) != CONFIG_TYPE_BOOL)
				return sense_conf_error(lo, err, errlen,
				    "'loopback' must be true or false");
			c->loopback = config_setting_get_bool(lo);
		}
	}
	return 0;
}

/* A per-metric group: { warning = ...; critical = ...; } */
static int
load_metric(const config_setting_t *t, const char *name,
    struct agent_thr *thr, struct agent_thr *ithr, ERR_ARGS)
{
	static const char *const known[] = { "warning", "critical", NULL };
	static const char *const dknown[] = { "warning", "critical",
		"inode_warning", "inode_critical", NULL };
	const config_setting_t *g = config_setting_get_member(t, name);

	if (g == NULL)
		return 0;
	if (!config_setting_is_group(g))
		return sense_conf_error(g, err, errlen,
		    "'%s' must be a group: %s = { warning = \"70\"; ... };",
		    name, name);
	if (only_known(g, ithr ? dknown : known, err, errlen) < 0 ||
	    get_thr(g, "warning", "critical", thr, err, errlen) < 0)
		return -1;
	if (ithr != NULL &&
	    get_thr(g, "inode_warning", "inode_critical", ithr, err,
	    errlen) < 0)
		return -1;
	return 0;
}

/* The members of a list element that names its item by `key`. */
static const config_setting_t *
list_item(const config_setting_t *e, const char *key, const char **name,
    ERR_ARGS)
{
	const config_setting_t *k;

	if (!config_setting_is_group(e)) {
		sense_conf_error(e, err, errlen,
		    "an element must be a group: { %s = \"...\"; ... }", key);
		return NULL;
	}
	k = config_setting_get_member(e, key);
	if (k == NULL || config_setting_type(k) != CONFIG_TYPE_STRING ||
	    config_setting_get_string(k)[0] == '\0') {
		sense_conf_error(e, err, errlen, "missing '%s = \"...\";'",
		    key);
		return NULL;
	}
	*name = config_setting_get_string(k);
	return e;
}

static int
load_mounts(struct agent_conf *c, const config_setting_t *l, ERR_ARGS)
{
	static const char *const known[] = { "path", "warning", "critical",
		"inode_warning", "inode_critical", NULL };
	int i, n;

	if (!config_setting_is_list(l))
		return sense_conf_error(l, err, errlen,
		    "'mounts' must be a list: mounts = ( { path = ...; } );");
	n = config_setting_length(l);
	c->mounts = sense_xcalloc((size_t)n + 1, sizeof(*c->mounts));
	for (i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(l, i);
		struct agent_mount_rule *m = &c->mounts[c->nmounts];
		const char *path;

		if (list_item(e, "path", &path, err, errlen) == NULL ||
		    only_known(e, known, err, errlen) < 0)
			return -1;
		if (agent_conf_mount(c, path) != NULL)
			return sense_conf_error(e, err, errlen,
			    "mount point '%s' given twice", path);
		m->path = sense_xstrdup(path);
		m->thr = c->disk;
		m->ithr = c->inode;
		c->nmounts++;
		if (get_thr(e, "warning", "critical", &m->thr, err,
		    errlen) < 0 ||
		    get_thr(e, "inode_warning", "inode_critical", &m->ithr,
		    err, errlen) < 0)
			return -1;
	}
	return 0;
}

static int
load_ifs(struct agent_conf *c, const config_setting_t *l, ERR_ARGS)
{
	static const char *const known[] = { "name", "warning", "critical",
		"speed", NULL };
	int i, n;

	if (!config_setting_is_list(l))
		return sense_conf_error(l, err, errlen,
		    "'interfaces' must be a list: "
		    "interfaces = ( { name = ...; } );");
	n = config_setting_length(l);
	c->ifs = sense_xcalloc((size_t)n + 1, sizeof(*c->ifs));
	for (i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(l, i);
		struct agent_if_rule *r = &c->ifs[c->nifs];
		const char *name;
		unsigned speed = 0;

		if (list_item(e, "name", &name, err, errlen) == NULL ||
		    only_known(e, known, err, errlen) < 0)
			return -1;
		if (agent_conf_if(c, name) != NULL)
			return sense_conf_error(e, err, errlen,
			    "interface '%s' given twice", name);
		r->name = sense_xstrdup(name);
		r->thr = c->net;
		r->speed_mbps = -1;
		c->nifs++;
		if (get_thr(e, "warning", "critical", &r->thr, err,
		    errlen) < 0 ||
		    get_uint(e, "speed", 1, 4000000000u, &speed, err,
		    errlen) < 0)
			return -1;
		if (speed > 0)
			r->speed_mbps = speed;
	}
	return 0;
}

static int
load_thresholds(struct agent_conf *c, const config_setting_t *t, ERR_ARGS)
{
	static const char *const known[] = { "warning", "critical", "cpu",
		"memory", "swap", "disk", "interface", "mounts",
		"interfaces", NULL };
	struct agent_thr all = c->cpu;
	const config_setting_t *l;

	if (!config_setting_is_group(t))
		return sense_conf_error(t, err, errlen,
		    "'thresholds' must be a group: thresholds = { ... };");
	if (only_known(t, known, err, errlen) < 0 ||
	    get_thr(t, "warning", "critical", &all, err, errlen) < 0)
		return -1;
	/* The top-level pair is the default of every metric. */
	c->cpu = c->mem = c->swap = c->disk = c->inode = c->net = all;
	if (load_metric(t, "cpu", &c->cpu, NULL, err, errlen) < 0 ||
	    load_metric(t, "memory", &c->mem, NULL, err, errlen) < 0 ||
	    load_metric(t, "swap", &c->swap, NULL, err, errlen) < 0 ||
	    load_metric(t, "disk", &c->disk, &c->inode, err, errlen) < 0 ||
	    load_metric(t, "interface", &c->net, NULL, err, errlen) < 0)
		return -1;
	if ((l = config_setting_get_member(t, "mounts")) != NULL &&
	    load_mounts(c, l, err, errlen) < 0)
		return -1;
	if ((l = config_setting_get_member(t, "interfaces")) != NULL &&
	    load_ifs(c, l, err, errlen) < 0)
		return -1;
	return 0;
}

int
agent_conf_load(struct agent_conf *c, const char *path, char *err,
    size_t errlen)
{
	config_t cfg;
	const config_setting_t *s;
	int rc = -1;

	agent_conf_defaults(c);
	c->path = sense_xstrdup(path);
	if (sense_conf_load(&cfg, path, err, errlen) < 0)
		goto out;
	if ((s = config_lookup(&cfg, "thresholds")) != NULL &&
	    load_thresholds(c, s, err, errlen) < 0)
		goto out;
	if ((s = config_lookup(&cfg, "agent")) != NULL &&
	    load_agent(c, s, err, errlen) < 0)
		goto out;
	rc = 0;
out:
	config_destroy(&cfg);
	return rc;
}

void
agent_conf_free(struct agent_conf *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nmounts; i++)
		free(c->mounts[i].path);
	for (i = 0; i < c->nifs; i++)
		free(c->ifs[i].name);
	for (i = 0; i < c->nif_exclude; i++)
		free(c->if_exclude[i]);
	free(c->mounts);
	free(c->ifs);
	free(c->if_exclude);
	free(c->path);
	free(c->master);
	free(c->procfs);
	free(c->sysfs);
	sense_disk_sel_free(&c->sel);
	memset(c, 0, sizeof(*c));
}

const struct agent_mount_rule *
agent_conf_mount(const struct agent_conf *c, const char *path)
{
	size_t i;

	for (i = 0; i < c->nmounts; i++)
		if (strcmp(c->mounts[i].path, path) == 0)
			return &c->mounts[i];
	return NULL;
}

const struct agent_if_rule *
agent_conf_if(const struct agent_conf *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nifs; i++)
		if (strcmp(c->ifs[i].name, name) == 0)
			return &c->ifs[i];
	return NULL;
}

bool
agent_conf_if_skipped(const struct agent_conf *c, const char *name,
    bool loopback)
{
	size_t i;

	if (loopback && !c->loopback && agent_conf_if(c, name) == NULL)
		return true;
	for (i = 0; i < c->nif_exclude; i++)
		if (strcmp(c->if_exclude[i], name) == 0)
			return true;
	return false;
}
