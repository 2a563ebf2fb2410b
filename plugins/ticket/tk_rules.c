/* tk_rules -- sense.conf `tickets` and urgency; see tk_rules.h. */
#include "tk_rules.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sense_conf.h"
#include "sense_util.h"

struct tk_rule {
	char		*host, *service, *group, *impact;
	unsigned	 states;	/* bit per enum tk_state; 0 = any */
	unsigned	 types;		/* bit per enum tk_type; 0 = any */
	struct tk_kv	*vars;
	size_t		 nvars;
	int		 urgency;	/* 0: keep */
	bool		 ignore;
};

static const struct tk_impact tk_builtin_impact[] = {
	{ "payment", -1 }, { "checkout", -1 }, { "site", -1 },
	{ "search", 1 }, { "images", 1 },
	{ "reviews", 2 }, { "cms-page", 2 },
};

static void
set_impact(struct tk_rules *r, const char *name, int shift)
{
	size_t i;

	for (i = 0; i < r->nimpact; i++) {
		if (strcmp(r->impact[i].name, name) == 0) {
			r->impact[i].shift = shift;
			return;
		}
	}
	r->impact = sense_xrealloc(r->impact,
	    (r->nimpact + 1) * sizeof(*r->impact));
	r->impact[r->nimpact].name = sense_xstrdup(name);
	r->impact[r->nimpact++].shift = shift;
}

void
tk_rules_defaults(struct tk_rules *r)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->db = sense_xstrdup(TK_DB_DEFAULT);
	r->reopen_window = 3600;
	r->busy_ms = 10000;
	r->max_output = 65536;
	for (i = 0; i < sizeof(tk_builtin_impact) /
	    sizeof(tk_builtin_impact[0]); i++)
		set_impact(r, tk_builtin_impact[i].name,
		    tk_builtin_impact[i].shift);
}

static void
rule_free(struct tk_rule *u)
{
	size_t i;

	free(u->host);
	free(u->service);
	free(u->group);
	free(u->impact);
	for (i = 0; i < u->nvars; i++) {
		free(u->vars[i].key);
		free(u->vars[i].value);
	}
	free(u->vars);
}

void
tk_rules_free(struct tk_rules *r)
{
	size_t i;

	if (r == NULL)
		return;
	free(r->db);
	for (i = 0; i < r->nimpact; i++)
		free(r->impact[i].name);
	free(r->impact);
	for (i = 0; i < r->nrules; i++)
		rule_free(&r->rules[i]);
	free(r->rules);
	memset(r, 0, sizeof(*r));
}

/* A string setting, or an error naming file:line. */
static int
get_str(config_setting_t *s, char **out, char *err, size_t errlen)
{
	const char *v;

	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return sense_conf_error(s, err, errlen, "'%s' must be a "
		    "string", config_setting_name(s));
	v = config_setting_get_string(s);
	free(*out);
	*out = sense_xstrdup(v);
	return 0;
}

static int
get_int(config_setting_t *s, long long lo, long long hi, long long *out,
    char *err, size_t errlen)
{
	int t = config_setting_type(s);

	if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64)
		return sense_conf_error(s, err, errlen, "'%s' must be a "
		    "whole number", config_setting_name(s));
	*out = config_setting_get_int64(s);
	if (*out < lo || *out > hi)
		return sense_conf_error(s, err, errlen, "'%s' must be %lld.."
		    "%lld", config_setting_name(s), lo, hi);
	return 0;
}

static int
get_bool(config_setting_t *s, bool *out, char *err, size_t errlen)
{
	if (config_setting_type(s) != CONFIG_TYPE_BOOL)
		return sense_conf_error(s, err, errlen, "'%s' must be true "
		    "or false", config_setting_name(s));
	*out = config_setting_get_bool(s);
	return 0;
}

/* state = "CRITICAL" or state = ["WARNING", "CRITICAL"]. */
static int
get_names(config_setting_t *s, bool states, unsigned *mask, char *err,
    size_t errlen)
{
	config_setting_t *e;
	enum tk_type t;
	enum tk_state st;
	const char *v;
	int i, n = 1;
	bool list = config_setting_is_aggregate(s);

	if (list)
		n = config_setting_length(s);
	for (i = 0; i < n; i++) {
		e = list ? config_setting_get_elem(s, (unsigned)i) : s;
		if (config_setting_type(e) != CONFIG_TYPE_STRING)
			return sense_conf_error(e, err, errlen, "'%s' wants "
			    "a name or a list of names",
			    config_setting_name(s));
		v = config_setting_get_string(e);
		if (states) {
			st = tk_state_parse(v);
			if (st == TK_ST_NONE)
				return sense_conf_error(e, err, errlen,
				    "unknown state '%s'", v);
			*mask |= 1u << st;
		} else {
			if (tk_type_parse(v, &t) == NULL)
				return sense_conf_error(e, err, errlen,
				    "unknown notification type '%s'", v);
			*mask |= 1u << t;
		}
	}
	return 0;
}

static int
load_rule_vars(struct tk_rule *u, config_setting_t *g, char *err,
    size_t errlen)
{
	config_setting_t *e;
	int i;

	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return sense_conf_error(g, err, errlen, "'vars' must be a "
		    "group of name = \"glob\"");
	for (i = 0; i < config_setting_length(g); i++) {
		e = config_setting_get_elem(g, (unsigned)i);
		if (config_setting_type(e) != CONFIG_TYPE_STRING)
			return sense_conf_error(e, err, errlen, "var '%s' "
			    "must be a string", config_setting_name(e));
		u->vars = sense_xrealloc(u->vars,
		    (u->nvars + 1) * sizeof(*u->vars));
		u->vars[u->nvars].key =
		    sense_xstrdup(config_setting_name(e));
		u->vars[u->nvars++].value =
		    sense_xstrdup(config_setting_get_string(e));
	}
	return 0;
}

static int
load_rule(struct tk_rule *u, config_setting_t *g, char *err, size_t errlen)
{
	config_setting_t *s;
	const char *name;
	long long n;
	int i, rc = 0;

	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return sense_conf_error(g, err, errlen, "a rule must be a "
		    "group { ... }");
	for (i = 0; rc == 0 && i < config_setting_length(g); i++) {
		s = config_setting_get_elem(g, (unsigned)i);
		name = config_setting_name(s);
		if (strcmp(name, "host") == 0)
			rc = get_str(s, &u->host, err, errlen);
		else if (strcmp(name, "service") == 0)
			rc = get_str(s, &u->service, err, errlen);
		else if (strcmp(name, "group") == 0)
			rc = get_str(s, &u->group, err, errlen);
		else if (strcmp(name, "impact") == 0)
			rc = get_str(s, &u->impact, err, errlen);
		else if (strcmp(name, "state") == 0)
			rc = get_names(s, true, &u->states, err, errlen);
		else if (strcmp(name, "type") == 0)
			rc = get_names(s, false, &u->types, err, errlen);
		else if (strcmp(name, "vars") == 0)
			rc = load_rule_vars(u, s, err, errlen);
		else if (strcmp(name, "ignore") == 0)
			rc = get_bool(s, &u->ignore, err, errlen);
		else if (strcmp(name, "urgency") == 0) {
			rc = get_int(s, 1, 4, &n, err, errlen);
			u->urgency = (int)n;
		} else
			rc = sense_conf_error(s, err, errlen, "unknown rule "
			    "setting '%s' (host, service, group, state, type,"
			    " vars, urgency, impact, ignore)", name);
	}
	if (rc == 0 && u->urgency == 0 && u->impact == NULL && !u->ignore)
		rc = sense_conf_error(g, err, errlen, "rule has no action "
		    "(urgency, impact or ignore)");
	return rc;
}

static int
load_impact(struct tk_rules *r, config_setting_t *g, char *err,
    size_t errlen)
{
	config_setting_t *e;
	long long n;
	int i;

	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return sense_conf_error(g, err, errlen, "'impact' must be a "
		    "group of class = shift");
	for (i = 0; i < config_setting_length(g); i++) {
		e = config_setting_get_elem(g, (unsigned)i);
		if (get_int(e, -3, 3, &n, err, errlen) < 0)
			return -1;
		set_impact(r, config_setting_name(e), (int)n);
	}
	return 0;
}

static int
load_rules(struct tk_rules *r, config_setting_t *l, char *err,
    size_t errlen)
{
	int i, n;

	if (!config_setting_is_list(l))
		return sense_conf_error(l, err, errlen, "'rules' must be a "
		    "list ( {...}, {...} )");
	n = config_setting_length(l);
	r->rules = sense_xcalloc((size_t)n + 1, sizeof(*r->rules));
	for (i = 0; i < n; i++) {
		r->nrules++;
		if (load_rule(&r->rules[i],
		    config_setting_get_elem(l, (unsigned)i), err, errlen) < 0)
			return -1;
	}
	return 0;
}

static int
load_group(struct tk_rules *r, config_setting_t *t, char *err,
    size_t errlen)
{
	config_setting_t *s;
	const char *name;
	long long n;
	int i, rc = 0;

	if (config_setting_type(t) != CONFIG_TYPE_GROUP)
		return sense_conf_error(t, err, errlen, "'tickets' must be a "
		    "group { ... }");
	for (i = 0; rc == 0 && i < config_setting_length(t); i++) {
		s = config_setting_get_elem(t, (unsigned)i);
		name = config_setting_name(s);
		if (strcmp(name, "db") == 0) {
			rc = get_str(s, &r->db, err, errlen);
		} else if (strcmp(name, "reopen_window") == 0) {
			rc = get_int(s, 0, 366LL * 86400, &n, err, errlen);
			r->reopen_window = (double)n;
		} else if (strcmp(name, "busy_timeout") == 0) {
			rc = get_int(s, 0, 600000, &n, err, errlen);
			r->busy_ms = (int)n;
		} else if (strcmp(name, "max_output") == 0) {
			rc = get_int(s, 256, 1 << 24, &n, err, errlen);
			r->max_output = (size_t)n;
		} else if (strcmp(name, "suppress_in_downtime") == 0) {
			rc = get_bool(s, &r->suppress_downtime, err, errlen);
		} else if (strcmp(name, "suppress_flapping") == 0) {
			rc = get_bool(s, &r->suppress_flapping, err, errlen);
		} else if (strcmp(name, "impact") == 0) {
			rc = load_impact(r, s, err, errlen);
		} else if (strcmp(name, "rules") == 0) {
			rc = load_rules(r, s, err, errlen);
		} else {
			rc = sense_conf_error(s, err, errlen, "unknown setting"
			    " 'tickets.%s'", name);
		}
	}
	return rc;
}

int
tk_rules_from(struct tk_rules *r, const config_t *cfg, char *err,
    size_t errlen)
{
	config_setting_t *t;

	tk_rules_defaults(r);
	if (cfg == NULL || (t = config_lookup(cfg, "tickets")) == NULL)
		return 0;
	return load_group(r, t, err, errlen);
}

int
tk_rules_load(struct tk_rules *r, const char *path, bool must_exist,
    char *err, size_t errlen)
{
	config_t cfg;
	struct stat st;
	int rc;

	tk_rules_defaults(r);
	if (!must_exist && stat(path, &st) < 0 && errno == ENOENT)
		return 0;
	rc = sense_conf_load(&cfg, path, err, errlen);
	if (rc == 0) {
		tk_rules_free(r);
		rc = tk_rules_from(r, &cfg, err, errlen);
	}
	config_destroy(&cfg);
	return rc;
}

static bool
glob_ok(const char *pat, const char *s)
{
	return pat == NULL || fnmatch(pat, s, 0) == 0;
}

static bool
rule_matches(const struct tk_rule *u, const struct tk_event *ev)
{
	const char *v;
	size_t i;
	bool any;

	if (!glob_ok(u->host, ev->host) || !glob_ok(u->service, ev->service))
		return false;
	if (u->states && !(u->states & (1u << ev->state)))
		return false;
	if (u->types && !(u->types & (1u << ev->type)))
		return false;
	if (u->group != NULL) {
		any = false;
		for (i = 0; !any && i < ev->ngroups; i++)
			any = glob_ok(u->group, ev->groups[i]);
		if (!any)
			return false;
	}
	for (i = 0; i < u->nvars; i++) {
		v = tk_event_var(ev, u->vars[i].key);
		if (v == NULL || !glob_ok(u->vars[i].value, v))
			return false;
	}
	return true;
}

static int
base_urgency(const struct tk_rules *r, const struct tk_event *ev,
    const char *impact)
{
	static const int def[] = {
		[TK_ST_OK] = 4, [TK_ST_WARNING] = 3, [TK_ST_CRITICAL] = 2,
		[TK_ST_UNKNOWN] = 4, [TK_ST_UP] = 4, [TK_ST_DOWN] = 1,
		[TK_ST_UNREACHABLE] = 1, [TK_ST_NONE] = 4,
	};
	int u = def[ev->state];
	size_t i;

	/* Impact describes a service; a host down stays an emergency. */
	if (impact != NULL && ev->state < TK_ST_UP && !tk_state_ok(ev->state))
		for (i = 0; i < r->nimpact; i++)
			if (strcmp(r->impact[i].name, impact) == 0)
				u += r->impact[i].shift;
	return u < 1 ? 1 : u > 4 ? 4 : u;
}

void
tk_rules_judge(const struct tk_rules *r, const struct tk_event *ev,
    struct tk_verdict *v)
{
	const struct tk_rule *u;
	size_t i;

	memset(v, 0, sizeof(*v));
	v->urgency = base_urgency(r, ev, tk_event_var(ev, "sense_impact"));
	for (i = 0; i < r->nrules; i++) {
		u = &r->rules[i];
		if (!rule_matches(u, ev))
			continue;
		v->rule = (int)i + 1;
		if (u->impact != NULL)
			v->urgency = base_urgency(r, ev, u->impact);
		if (u->urgency != 0)
			v->urgency = u->urgency;
		v->ignore = u->ignore;
		break;
	}
}
