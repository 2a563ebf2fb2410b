/* tk_event -- notification parsing; see tk_event.h. */
#include "tk_event.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sense_check.h"
#include "sense_util.h"

#define TK_READ_MAX	(16u << 20)

/* The fields as text, before they are checked; pointers are borrowed. */
struct tk_raw {
	const char	*type, *host, *service, *state, *state_type;
	const char	*svc_state, *host_state, *svc_type, *host_type;
	const char	*time, *timet, *svc_check, *host_check;
	const char	*output, *long_output, *output_file, *output_len;
	const char	*svc_output, *svc_long, *host_output, *host_long;
	const char	*author, *comment, *downtime, *flapping;
	const char	*svc_downtime, *host_downtime;
};

static const struct {
	const char	*name;
	enum tk_type	 type;
} tk_types[] = {
	{ "PROBLEM", TK_PROBLEM },
	{ "RECOVERY", TK_RECOVERY },
	{ "ACKNOWLEDGEMENT", TK_ACK },
	{ "CUSTOM", TK_CUSTOM },
	{ "FLAPPINGSTART", TK_FLAPSTART },
	{ "FLAPPINGEND", TK_FLAPEND },
	{ "FLAPPINGSTOP", TK_FLAPEND },		/* Nagios */
	{ "FLAPPINGDISABLED", TK_FLAPEND },	/* Nagios */
	{ "DOWNTIMESTART", TK_DTSTART },
	{ "DOWNTIMEEND", TK_DTEND },
	{ "DOWNTIMECANCELLED", TK_DTEND },
	{ "DOWNTIMESTOP", TK_DTEND },
};

static const char *const tk_state_names[] = {
	"OK", "WARNING", "CRITICAL", "UNKNOWN", "UP", "DOWN", "UNREACHABLE"
};

bool
tk_state_ok(enum tk_state s)
{
	return s == TK_ST_OK || s == TK_ST_UP;
}

const char *
tk_state_name(enum tk_state s)
{
	return s < TK_ST_NONE ? tk_state_names[s] : "";
}

enum tk_state
tk_state_parse(const char *s)
{
	size_t i;

	for (i = 0; i < TK_ST_NONE; i++)
		if (strcasecmp(s, tk_state_names[i]) == 0)
			return (enum tk_state)i;
	return TK_ST_NONE;
}

static int
fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static void
add_var(struct tk_event *ev, const char *key, size_t klen, const char *val)
{
	struct tk_kv *kv;
	size_t i;

	ev->vars = sense_xrealloc(ev->vars, (ev->nvars + 1) * sizeof(*kv));
	kv = &ev->vars[ev->nvars++];
	kv->key = sense_xmalloc(klen + 1);
	for (i = 0; i < klen; i++)
		kv->key[i] = (char)tolower((unsigned char)key[i]);
	kv->key[klen] = '\0';
	kv->value = sense_xstrdup(val);
}

/* Add one group, or each of a comma-separated list (Nagios macros). */
static void
add_groups(struct tk_event *ev, const char *list, bool split)
{
	const char *p = list, *e;

	while (*p != '\0') {
		e = split ? strchr(p, ',') : NULL;
		if (e == NULL)
			e = p + strlen(p);
		if (e > p) {
			ev->groups = sense_xrealloc(ev->groups,
			    (ev->ngroups + 1) * sizeof(char *));
			ev->groups[ev->ngroups++] = strndup(p, (size_t)(e - p));
			if (ev->groups[ev->ngroups - 1] == NULL)
				abort();
		}
		p = *e ? e + 1 : e;
	}
}

void
tk_event_clip(struct tk_event *ev, size_t max)
{
	size_t keep = ev->output_len, i;
	char mark[96];
	int n;

	if (keep <= max && ev->orig_len <= ev->output_len)
		return;
	if (keep > max)
		keep = max;
	/*
	 * Step back over continuation bytes (10xxxxxx) to the start of
	 * the character at the cut; drop that character when it does
	 * not fit whole.  Invalid bytes before it stay as they are.
	 */
	i = keep;
	while (i > 0 && keep - i < 4 &&
	    ((unsigned char)ev->output[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0 && keep - i < 4) {
		unsigned char lead = (unsigned char)ev->output[i - 1];
		size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 :
		    lead >= 0xC0 ? 2 : 1;

		if (lead >= 0xC0 && keep - (i - 1) < need)
			keep = i - 1;
	}
	n = snprintf(mark, sizeof(mark), "\n[... truncated: %zu of %zu "
	    "bytes]", keep, ev->orig_len > ev->output_len ? ev->orig_len :
	    ev->output_len);
	ev->output = sense_xrealloc(ev->output, keep + (size_t)n + 1);
	memcpy(ev->output + keep, mark, (size_t)n + 1);
	ev->output_len = keep + (size_t)n;
	ev->truncated = true;
}

const char *
tk_event_var(const struct tk_event *ev, const char *name)
{
	size_t i;

	for (i = 0; i < ev->nvars; i++)
		if (strcmp(ev->vars[i].key, name) == 0)
			return ev->vars[i].value;
	return NULL;
}

/* Nagios 4 environment macros (enable_environment_macros=1). */
static void
from_env(struct tk_event *ev, struct tk_raw *r, char **envp)
{
	static const struct {
		const char	*name;
		size_t		 off;
	} map[] = {
#define M(n, f) { "NAGIOS_" n "=", offsetof(struct tk_raw, f) }
		M("NOTIFICATIONTYPE", type), M("HOSTNAME", host),
		M("SERVICEDESC", service), M("SERVICESTATE", svc_state),
		M("HOSTSTATE", host_state), M("SERVICESTATETYPE", svc_type),
		M("HOSTSTATETYPE", host_type), M("TIMET", timet),
		M("LASTSERVICECHECK", svc_check),
		M("LASTHOSTCHECK", host_check),
		M("SERVICEOUTPUT", svc_output),
		M("LONGSERVICEOUTPUT", svc_long),
		M("HOSTOUTPUT", host_output), M("LONGHOSTOUTPUT", host_long),
		M("NOTIFICATIONAUTHOR", author),
		M("NOTIFICATIONCOMMENT", comment),
		M("SERVICEDOWNTIME", svc_downtime),
		M("HOSTDOWNTIME", host_downtime),
#undef M
	};
	char **e;
	size_t i, n;

	for (e = envp; e != NULL && *e != NULL; e++) {
		if (strncmp(*e, "NAGIOS_", 7) != 0)
			continue;
		for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
			n = strlen(map[i].name);
			if (strncmp(*e, map[i].name, n) == 0)
				*(const char **)((char *)r + map[i].off) =
				    *e + n;
		}
		if (strncmp(*e, "NAGIOS_HOSTGROUPNAMES=", 22) == 0)
			add_groups(ev, *e + 22, true);
		if (strncmp(*e, "NAGIOS_SERVICEGROUPNAMES=", 25) == 0)
			add_groups(ev, *e + 25, true);
	}
	/* Custom variables: the service's shadow the host's. */
	for (i = 0; i < 2; i++) {
		const char *pre = i == 0 ? "NAGIOS__SERVICE" : "NAGIOS__HOST";
		size_t plen = strlen(pre);
		const char *eq;

		for (e = envp; e != NULL && *e != NULL; e++) {
			if (strncmp(*e, pre, plen) != 0)
				continue;
			eq = strchr(*e + plen, '=');
			if (eq != NULL && eq > *e + plen)
				add_var(ev, *e + plen,
				    (size_t)(eq - *e - plen), eq + 1);
		}
	}
}

enum {
	O_TYPE = 256, O_HOST, O_SERVICE, O_STATE, O_STATE_TYPE, O_TIME,
	O_OUTPUT, O_OUTPUT_FILE, O_OUTPUT_LEN, O_LONG, O_AUTHOR, O_COMMENT,
	O_VAR, O_GROUP, O_IMPACT, O_DOWNTIME, O_FLAPPING, O_DB, O_CONFIG
};

static const struct option tk_notify_opts[] = {
	{ "type", required_argument, NULL, O_TYPE },
	{ "host", required_argument, NULL, O_HOST },
	{ "service", required_argument, NULL, O_SERVICE },
	{ "state", required_argument, NULL, O_STATE },
	{ "state-type", required_argument, NULL, O_STATE_TYPE },
	{ "time", required_argument, NULL, O_TIME },
	{ "output", required_argument, NULL, O_OUTPUT },
	{ "output-file", required_argument, NULL, O_OUTPUT_FILE },
	{ "output-length", required_argument, NULL, O_OUTPUT_LEN },
	{ "long-output", required_argument, NULL, O_LONG },
	{ "author", required_argument, NULL, O_AUTHOR },
	{ "comment", required_argument, NULL, O_COMMENT },
	{ "var", required_argument, NULL, O_VAR },
	{ "group", required_argument, NULL, O_GROUP },
	{ "impact", required_argument, NULL, O_IMPACT },
	{ "downtime", required_argument, NULL, O_DOWNTIME },
	{ "flapping", required_argument, NULL, O_FLAPPING },
	/* Global options, accepted here too; main reads them. */
	{ "db", required_argument, NULL, O_DB },
	{ "config", required_argument, NULL, O_CONFIG },
	{ NULL, 0, NULL, 0 }
};

static int
from_args(struct tk_event *ev, struct tk_raw *r, int argc, char **argv,
    struct tk_globals *g, char *err, size_t errlen)
{
	const char *eq;
	int c, idx;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", tk_notify_opts, &idx)) != -1) {
		switch (c) {
		case O_TYPE: r->type = optarg; break;
		case O_HOST: r->host = optarg; break;
		case O_SERVICE: r->service = optarg; break;
		case O_STATE: r->state = optarg; break;
		case O_STATE_TYPE: r->state_type = optarg; break;
		case O_TIME: r->time = optarg; break;
		case O_OUTPUT: r->output = optarg; break;
		case O_OUTPUT_FILE: r->output_file = optarg; break;
		case O_OUTPUT_LEN: r->output_len = optarg; break;
		case O_LONG: r->long_output = optarg; break;
		case O_AUTHOR: r->author = optarg; break;
		case O_COMMENT: r->comment = optarg; break;
		case O_DOWNTIME: r->downtime = optarg; break;
		case O_FLAPPING: r->flapping = optarg; break;
		case O_GROUP: add_groups(ev, optarg, false); break;
		case O_IMPACT:
			if (*optarg != '\0')
				add_var(ev, "sense_impact", 12, optarg);
			break;
		case O_VAR:
			eq = strchr(optarg, '=');
			if (eq == NULL || eq == optarg)
				return fail(err, errlen, "field 'var': '%s' is"
				    " not NAME=VALUE", optarg);
			add_var(ev, optarg, (size_t)(eq - optarg), eq + 1);
			break;
		case O_DB: g->db = optarg; break;
		case O_CONFIG: g->config = optarg; break;
		default:
			return fail(err, errlen, "notify: unknown option or "
			    "missing value: '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return fail(err, errlen, "notify: unexpected argument '%s'",
		    argv[optind]);
	return 0;
}

static int
read_output(struct tk_event *ev, const char *path, char *err, size_t errlen)
{
	struct sense_buf b = { 0 };
	char chunk[65536];
	FILE *f;
	size_t n;
	int rc = 0;

	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (f == NULL)
		return fail(err, errlen, "field 'output-file': %s: %s", path,
		    strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (b.len < TK_READ_MAX)
			sense_buf_append(&b, chunk, n);
	if (ferror(f))
		rc = fail(err, errlen, "field 'output-file': %s: read error",
		    path);
	if (f != stdin)
		fclose(f);
	if (rc == 0) {
		free(ev->output);
		sense_buf_append(&b, "", 0);
		ev->output = b.data ? b.data : sense_xstrdup("");
		ev->output_len = b.len;
	} else {
		sense_buf_free(&b);
	}
	return rc;
}

static int
parse_uint(const char *field, const char *s, long long max, long long *out,
    char *err, size_t errlen)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || *out < 0 ||
	    *out > max || !isdigit((unsigned char)*s))
		return fail(err, errlen, "field '%s': '%s' is not a whole "
		    "number", field, s);
	return 0;
}

static int
set_output(struct tk_event *ev, const struct tk_raw *r, char *err,
    size_t errlen)
{
	struct sense_buf b = { 0 };
	const char *o = r->output, *l = r->long_output;
	bool svc = *ev->service != '\0';
	long long n;

	if (o == NULL)
		o = svc ? r->svc_output : r->host_output;
	if (l == NULL && r->output == NULL)
		l = svc ? r->svc_long : r->host_long;
	if (o != NULL)
		sense_buf_append(&b, o, strlen(o));
	if (l != NULL && *l != '\0') {
		sense_buf_append(&b, "\n", 1);
		sense_buf_append(&b, l, strlen(l));
	}
	sense_buf_append(&b, "", 0);
	ev->output = b.data;
	ev->output_len = b.len;
	if (r->output_file != NULL &&
	    read_output(ev, r->output_file, err, errlen) < 0)
		return -1;
	ev->orig_len = ev->output_len;
	if (r->output_len != NULL && *r->output_len != '\0') {
		if (parse_uint("output-length", r->output_len, 1LL << 40, &n,
		    err, errlen) < 0)
			return -1;
		if ((size_t)n > ev->output_len)
			ev->orig_len = (size_t)n;
	}
	return 0;
}

static int
set_state(struct tk_event *ev, const struct tk_raw *r, char *err,
    size_t errlen)
{
	bool svc = *ev->service != '\0';
	const char *s = r->state, *t = r->state_type;

	if (s == NULL)
		s = svc ? r->svc_state : r->host_state;
	if (t == NULL)
		t = svc ? r->svc_type : r->host_type;
	if (s == NULL || *s == '\0')
		return fail(err, errlen, "field 'state' is missing");
	ev->state = tk_state_parse(s);
	if (ev->state == TK_ST_NONE || (svc && ev->state >= TK_ST_UP) ||
	    (!svc && ev->state < TK_ST_UP))
		return fail(err, errlen, "field 'state': '%s' is not a %s "
		    "state (%s)", s, svc ? "service" : "host",
		    svc ? "OK, WARNING, CRITICAL, UNKNOWN" :
		    "UP, DOWN, UNREACHABLE");
	ev->hard = true;
	if (t != NULL && *t != '\0') {
		if (strcasecmp(t, "SOFT") == 0)
			ev->hard = false;
		else if (strcasecmp(t, "HARD") != 0)
			return fail(err, errlen, "field 'state-type': '%s' is "
			    "not HARD or SOFT", t);
	}
	return 0;
}

static int
set_time(struct tk_event *ev, const struct tk_raw *r, char *err,
    size_t errlen)
{
	bool svc = *ev->service != '\0';
	const char *t = r->time, *chk = svc ? r->svc_check : r->host_check;
	char *end, buf[32];

	/*
	 * Nagios: the last check time is shared by every contact's copy of
	 * one notification; TIMET may tick between them.
	 */
	if (t == NULL && chk != NULL && *chk != '\0' && strcmp(chk, "0"))
		t = chk;
	if (t == NULL)
		t = r->timet;
	if (t == NULL || *t == '\0') {
		ev->time = sense_now_wall();
		snprintf(buf, sizeof(buf), "%.6f", ev->time);
		ev->ident_time = sense_xstrdup(buf);
		return 0;
	}
	errno = 0;
	ev->time = strtod(t, &end);
	if (*end != '\0' || errno != 0 || !isfinite(ev->time) ||
	    ev->time <= 0 || !isdigit((unsigned char)*t))
		return fail(err, errlen, "field 'time': '%s' is not a Unix "
		    "time", t);
	ev->ident_time = sense_xstrdup(t);
	return 0;
}

const char *
tk_type_parse(const char *s, enum tk_type *out)
{
	size_t i;

	for (i = 0; i < sizeof(tk_types) / sizeof(tk_types[0]); i++) {
		if (strcasecmp(s, tk_types[i].name) == 0) {
			*out = tk_types[i].type;
			return tk_types[i].name;
		}
	}
	return NULL;
}

static int
set_type(struct tk_event *ev, const char *t, char *err, size_t errlen)
{
	const char *name;

	if (t == NULL || *t == '\0')
		return fail(err, errlen, "field 'type' is missing");
	name = tk_type_parse(t, &ev->type);
	if (name != NULL) {
		ev->type_name = sense_xstrdup(name);
		return 0;
	}
	return fail(err, errlen, "field 'type': '%s' is not a notification "
	    "type", t);
}

static int
build(struct tk_event *ev, const struct tk_raw *r, char *err, size_t errlen)
{
	const char *dt = r->downtime;
	long long n;

	if (set_type(ev, r->type, err, errlen) < 0)
		return -1;
	if (r->host == NULL || *r->host == '\0')
		return fail(err, errlen, "field 'host' is missing");
	ev->host = sense_xstrdup(r->host);
	ev->service = sense_xstrdup(r->service ? r->service : "");
	if (set_state(ev, r, err, errlen) < 0 || set_time(ev, r, err,
	    errlen) < 0 || set_output(ev, r, err, errlen) < 0)
		return -1;
	ev->author = sense_xstrdup(r->author ? r->author : "");
	ev->comment = sense_xstrdup(r->comment ? r->comment : "");
	if (dt == NULL)
		dt = *ev->service ? r->svc_downtime : r->host_downtime;
	if (dt != NULL && *dt != '\0') {
		if (parse_uint("downtime", dt, 1 << 20, &n, err, errlen) < 0)
			return -1;
		ev->downtime = (int)n;
	}
	if (r->flapping != NULL && *r->flapping != '\0') {
		if (strcmp(r->flapping, "0") && strcmp(r->flapping, "1") &&
		    strcasecmp(r->flapping, "true") &&
		    strcasecmp(r->flapping, "false"))
			return fail(err, errlen, "field 'flapping': '%s' is "
			    "not 0 or 1", r->flapping);
		ev->flapping = !strcmp(r->flapping, "1") ||
		    !strcasecmp(r->flapping, "true");
	}
	return 0;
}

int
tk_event_parse(struct tk_event *ev, int argc, char **argv, char **envp,
    struct tk_globals *g, char *err, size_t errlen)
{
	struct tk_raw r;

	memset(ev, 0, sizeof(*ev));
	memset(&r, 0, sizeof(r));
	ev->state = TK_ST_NONE;
	from_env(ev, &r, envp);
	if (from_args(ev, &r, argc, argv, g, err, errlen) < 0)
		return -1;
	return build(ev, &r, err, errlen);
}

void
tk_event_free(struct tk_event *ev)
{
	size_t i;

	if (ev == NULL)
		return;
	free(ev->type_name);
	free(ev->host);
	free(ev->service);
	free(ev->ident_time);
	free(ev->output);
	free(ev->author);
	free(ev->comment);
	for (i = 0; i < ev->nvars; i++) {
		free(ev->vars[i].key);
		free(ev->vars[i].value);
	}
	free(ev->vars);
	for (i = 0; i < ev->ngroups; i++)
		free(ev->groups[i]);
	free(ev->groups);
	memset(ev, 0, sizeof(*ev));
}

/* FNV-1a, 128 bits: collisions are out of reach for an ident. */
typedef unsigned __int128 tk_u128;

static tk_u128
fnv128(tk_u128 h, const void *p, size_t n)
{
	const tk_u128 prime = ((tk_u128)1 << 88) | 0x13b;
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= c[i];
		h *= prime;
	}
	return h;
}

/* Hash a field with its length, so "ab","c" differs from "a","bc". */
static tk_u128
fnv_field(tk_u128 h, const char *s, size_t n)
{
	uint64_t len = n;

	h = fnv128(h, &len, sizeof(len));
	return fnv128(h, s, n);
}

void
tk_event_ident(const struct tk_event *ev, char out[33])
{
	tk_u128 h = ((tk_u128)0x6c62272e07bb0142ULL << 64) |
	    0x62b821756295c58dULL;
	const char *f[] = {
		ev->type_name, ev->host, ev->service,
		tk_state_name(ev->state), ev->hard ? "HARD" : "SOFT",
		ev->ident_time, ev->author, ev->comment
	};
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		h = fnv_field(h, f[i], strlen(f[i]));
	h = fnv_field(h, ev->output, ev->output_len);
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)(h >> 64),
	    (unsigned long long)h);
}

char *
tk_event_raw(int argc, char **argv, char **envp, size_t *len)
{
	struct sense_buf b = { 0 };
	char **e;
	int i;

	for (i = 0; i < argc; i++) {
		sense_buf_append(&b, "arg:", 4);
		sense_buf_append(&b, argv[i], strlen(argv[i]) + 1);
	}
	for (e = envp; e != NULL && *e != NULL; e++) {
		if (strncmp(*e, "NAGIOS_", 7) && strncmp(*e, "SENSE_", 6))
			continue;
		sense_buf_append(&b, "env:", 4);
		sense_buf_append(&b, *e, strlen(*e) + 1);
	}
	*len = b.len;
	if (b.data == NULL)
		return sense_xstrdup("");
	return b.data;
}
