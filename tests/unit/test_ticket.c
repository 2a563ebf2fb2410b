/*
 * sense-ticket's rules and lifecycle as data: each case is a sequence of
 * notifications (parsed like the command line parses them) and the
 * tickets that must exist afterwards.  The cases T1-T12 are from
 * /work/shared/cases/tickets.md; the store is a real SQLite file.
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sense_util.h"
#include "../../plugins/ticket/tk_event.h"
#include "../../plugins/ticket/tk_notify.h"
#include "../../plugins/ticket/tk_rules.h"
#include "../../plugins/ticket/tk_store.h"
#include "../lib/tap.h"

#define MAXN 12

/* One notification; NULL fields are not passed. */
struct note {
	const char	*type, *host, *service, *state, *stype;
	const char	*time, *output, *author, *comment, *impact;
	const char	*extra;		/* one more option, e.g. --group=x */
};

/* One expected ticket, in id order. */
struct want {
	const char	*host, *service, *status;
	int		 urgency;
	int		 events;
	int		 reopened;
	int		 flapping, downtime;
	const char	*ack_author;
};

struct tcase {
	const char	*name;
	const char	*conf;		/* tickets group text, or NULL */
	struct note	 n[MAXN];
	struct want	 w[4];
	int		 escalations;	/* expected "escalate" rows, -1 any */
};

#define SVC(ty, h, s, st, t) { ty, h, s, st, "HARD", t, "out " t, \
	NULL, NULL, NULL, NULL }
#define HST(ty, h, st, t) { ty, h, NULL, st, "HARD", t, "out " t, \
	NULL, NULL, NULL, NULL }

static const struct tcase cases[] = {
	{ "T1 one event, three recipients: one ticket, one event", NULL, {
		HST("PROBLEM", "sw01", "DOWN", "100"),
		HST("PROBLEM", "sw01", "DOWN", "100"),
		HST("PROBLEM", "sw01", "DOWN", "100"),
	}, { { "sw01", "", "open", 1, 1, 0, 0, 0, NULL } }, 0 },
	{ "T2 downtime hides the recovery: DOWNTIMEEND OK resolves", NULL, {
		SVC("PROBLEM", "web01", "disk", "CRITICAL", "100"),
		SVC("DOWNTIMESTART", "web01", "disk", "CRITICAL", "200"),
		SVC("DOWNTIMEEND", "web01", "disk", "OK", "900"),
	}, { { "web01", "disk", "resolved", 2, 3, 0, 0, 0, NULL } }, 0 },
	{ "T2 cancelled downtime (DOWNTIMECANCELLED) with OK resolves",
	    NULL, {
		SVC("PROBLEM", "web01", "disk", "CRITICAL", "100"),
		SVC("DOWNTIMESTART", "web01", "disk", "CRITICAL", "200"),
		SVC("DOWNTIMECANCELLED", "web01", "disk", "OK", "300"),
	}, { { "web01", "disk", "resolved", 2, 3, 0, 0, 0, NULL } }, 0 },
	{ "T2 downtime start noted, ticket stays open", NULL, {
		SVC("PROBLEM", "web01", "disk", "CRITICAL", "100"),
		SVC("DOWNTIMESTART", "web01", "disk", "CRITICAL", "200"),
	}, { { "web01", "disk", "open", 2, 2, 0, 0, 1, NULL } }, 0 },
	{ "T3 exact identity: odd host and service names", NULL, {
		HST("PROBLEM", "id-000000 + a + b", "DOWN", "100"),
		SVC("PROBLEM", "web01", "Disk C:\\ \"data\"; 95%", "CRITICAL",
		    "110"),
		SVC("PROBLEM", "web01", "disk c:\\ \"data\"; 95%", "CRITICAL",
		    "115"),
		HST("RECOVERY", "id-000000 + a + b", "UP", "120"),
		SVC("RECOVERY", "web01", "Disk C:\\ \"data\"; 95%", "OK",
		    "130"),
	}, {
		{ "id-000000 + a + b", "", "resolved", 1, 2, 0, 0, 0, NULL },
		{ "web01", "Disk C:\\ \"data\"; 95%", "resolved", 2, 2, 0, 0,
		    0, NULL },
		{ "web01", "disk c:\\ \"data\"; 95%", "open", 2, 1, 0, 0, 0,
		    NULL },
	}, 0 },
	{ "T7 flip-flop: one ticket, urgency raised once", NULL, {
		SVC("PROBLEM", "db01", "load", "WARNING", "5"),
		SVC("PROBLEM", "db01", "load", "CRITICAL", "60"),
		SVC("PROBLEM", "db01", "load", "WARNING", "120"),
		SVC("PROBLEM", "db01", "load", "CRITICAL", "180"),
		{ "PROBLEM", "db01", "swap", "CRITICAL", "SOFT", "190", "x",
		    NULL, NULL, NULL, NULL },
	}, { { "db01", "load", "open", 2, 4, 0, 0, 0, NULL } }, 1 },
	{ "T7 SOFT states never open a ticket", NULL, {
		{ "PROBLEM", "db01", "swap", "CRITICAL", "SOFT", "1", "x",
		    NULL, NULL, NULL, NULL },
		{ "PROBLEM", "db02", NULL, "DOWN", "SOFT", "2", "x",
		    NULL, NULL, NULL, NULL },
	}, { { NULL } }, 0 },
	{ "T8 recovery without a ticket creates nothing", NULL, {
		SVC("RECOVERY", "web09", "http", "OK", "100"),
		HST("RECOVERY", "web09", "UP", "100"),
	}, { { NULL } }, 0 },
	{ "T9 escalate then recover", NULL, {
		SVC("PROBLEM", "app01", "queue", "WARNING", "5"),
		SVC("PROBLEM", "app01", "queue", "CRITICAL", "60"),
		SVC("PROBLEM", "app01", "queue", "WARNING", "120"),
		SVC("RECOVERY", "app01", "queue", "OK", "180"),
	}, { { "app01", "queue", "resolved", 2, 4, 0, 0, 0, NULL } }, 1 },
	{ "T10 reopen inside the window, new ticket after it", NULL, {
		SVC("PROBLEM", "web02", "http", "CRITICAL", "1000"),
		SVC("RECOVERY", "web02", "http", "OK", "1100"),
		SVC("PROBLEM", "web02", "http", "CRITICAL", "1400"),
		SVC("RECOVERY", "web02", "http", "OK", "1500"),
		SVC("PROBLEM", "web02", "http", "WARNING", "5101"),
	}, {
		{ "web02", "http", "resolved", 2, 4, 1, 0, 0, NULL },
		{ "web02", "http", "open", 3, 1, 0, 0, 0, NULL },
	}, 0 },
	{ "T10 reopen window from sense.conf",
	    "tickets = { reopen_window = 60; };", {
		SVC("PROBLEM", "web02", "http", "CRITICAL", "1000"),
		SVC("RECOVERY", "web02", "http", "OK", "1100"),
		SVC("PROBLEM", "web02", "http", "CRITICAL", "1400"),
	}, {
		{ "web02", "http", "resolved", 2, 2, 0, 0, 0, NULL },
		{ "web02", "http", "open", 2, 1, 0, 0, 0, NULL },
	}, 0 },
	{ "T11 flapping (Icinga 2 and Nagios names): noted, urgency kept",
	    NULL, {
		SVC("PROBLEM", "lb01", "vip", "WARNING", "5"),
		SVC("FLAPPINGSTART", "lb01", "vip", "CRITICAL", "10"),
		SVC("FLAPPINGEND", "lb01", "vip", "WARNING", "20"),
		SVC("FLAPPINGSTART", "lb01", "vip", "CRITICAL", "30"),
		SVC("FLAPPINGSTOP", "lb01", "vip", "WARNING", "40"),
		SVC("FLAPPINGSTART", "lb01", "vip", "CRITICAL", "50"),
	}, { { "lb01", "vip", "open", 3, 6, 0, 1, 0, NULL } }, 0 },
	{ "T11 FLAPPINGDISABLED ends flapping", NULL, {
		SVC("PROBLEM", "lb01", "vip", "WARNING", "5"),
		SVC("FLAPPINGSTART", "lb01", "vip", "WARNING", "10"),
		SVC("FLAPPINGDISABLED", "lb01", "vip", "WARNING", "20"),
	}, { { "lb01", "vip", "open", 3, 3, 0, 0, 0, NULL } }, 0 },
	{ "T12 acknowledgement marks the ticket", NULL, {
		SVC("PROBLEM", "mx01", "smtp", "CRITICAL", "5"),
		{ "ACKNOWLEDGEMENT", "mx01", "smtp", "CRITICAL", "HARD", "10",
		    "x", "alice", "on it", NULL, NULL },
	}, { { "mx01", "smtp", "acknowledged", 2, 2, 0, 0, 0, "alice" } },
	    0 },
	{ "impact classes shift the service urgency", NULL, {
		{ "PROBLEM", "shop", "pay", "CRITICAL", "HARD", "1", "x",
		    NULL, NULL, "payment", NULL },
		{ "PROBLEM", "shop", "find", "CRITICAL", "HARD", "2", "x",
		    NULL, NULL, "search", NULL },
		{ "PROBLEM", "shop", "rev", "CRITICAL", "HARD", "3", "x",
		    NULL, NULL, "reviews", NULL },
		{ "PROBLEM", "shop", "page", "UNKNOWN", "HARD", "4", "x",
		    NULL, NULL, "cms-page", NULL },
	}, {
		{ "shop", "pay", "open", 1, 1, 0, 0, 0, NULL },
		{ "shop", "find", "open", 3, 1, 0, 0, 0, NULL },
		{ "shop", "rev", "open", 4, 1, 0, 0, 0, NULL },
		{ "shop", "page", "open", 4, 1, 0, 0, 0, NULL },
	}, 0 },
	{ "host DOWN is urgency 1 whatever its impact", NULL, {
		{ "PROBLEM", "cms", NULL, "UNREACHABLE", "HARD", "1", "x",
		    NULL, NULL, "reviews", NULL },
	}, { { "cms", "", "open", 1, 1, 0, 0, 0, NULL } }, 0 },
	{ "rules: first match wins; vars, groups, ignore",
	    "tickets = { rules = ("
	    " { service = \"pay*\"; state = \"WARNING\"; urgency = 1; },"
	    " { service = \"pay*\"; urgency = 4; },"
	    " { group = \"lab-*\"; ignore = true; },"
	    " { vars = { team = \"db*\" }; impact = \"search\"; } ); };", {
		SVC("PROBLEM", "shop", "payment-api", "WARNING", "1"),
		SVC("PROBLEM", "shop", "payment-db", "CRITICAL", "2"),
		{ "PROBLEM", "lab3", "disk", "CRITICAL", "HARD", "3", "x",
		    NULL, NULL, NULL, "--group=lab-hosts" },
		{ "PROBLEM", "db01", "disk", "CRITICAL", "HARD", "4", "x",
		    NULL, NULL, NULL, "--var=team=dba" },
	}, {
		{ "shop", "payment-api", "open", 1, 1, 0, 0, 0, NULL },
		{ "shop", "payment-db", "open", 4, 1, 0, 0, 0, NULL },
		{ "db01", "disk", "open", 3, 1, 0, 0, 0, NULL },
	}, 0 },
	{ "storm control: services go on the host's open ticket", NULL, {
		SVC("PROBLEM", "sw02", "uplink", "CRITICAL", "50"),
		HST("PROBLEM", "sw02", "DOWN", "100"),
		SVC("PROBLEM", "sw02", "ping", "CRITICAL", "101"),
		SVC("PROBLEM", "sw02", "ssh", "CRITICAL", "102"),
		SVC("PROBLEM", "sw02", "uplink", "CRITICAL", "103"),
	}, {
		{ "sw02", "uplink", "open", 2, 2, 0, 0, 0, NULL },
		{ "sw02", "", "open", 1, 3, 0, 0, 0, NULL },
	}, 0 },
	{ "late deliveries: an older event never undoes a newer one", NULL, {
		SVC("PROBLEM", "web03", "http", "CRITICAL", "100"),
		SVC("RECOVERY", "web03", "http", "OK", "200"),
		SVC("PROBLEM", "web03", "http", "CRITICAL", "150"),
		SVC("PROBLEM", "web04", "http", "CRITICAL", "300"),
		SVC("RECOVERY", "web04", "http", "OK", "250"),
	}, {
		{ "web03", "http", "resolved", 2, 3, 0, 0, 0, NULL },
		{ "web04", "http", "open", 2, 2, 0, 0, 0, NULL },
	}, 0 },
	{ "suppression in downtime is a switch",
	    "tickets = { suppress_in_downtime = true; };", {
		{ "PROBLEM", "bk01", "job", "CRITICAL", "HARD", "1", "x",
		    NULL, NULL, NULL, "--downtime=1" },
		{ "PROBLEM", "bk02", "job", "CRITICAL", "HARD", "1", "x",
		    NULL, NULL, NULL, "--downtime=0" },
	}, { { "bk02", "job", "open", 2, 1, 0, 0, 0, NULL } }, 0 },
	{ "without the switch a problem in downtime opens a ticket", NULL, {
		{ "PROBLEM", "bk01", "job", "CRITICAL", "HARD", "1", "x",
		    NULL, NULL, NULL, "--downtime=1" },
	}, { { "bk01", "job", "open", 2, 1, 0, 0, 1, NULL } }, 0 },
	{ "CUSTOM notes, never opens", NULL, {
		SVC("CUSTOM", "web05", "http", "CRITICAL", "1"),
		SVC("PROBLEM", "web05", "http", "CRITICAL", "2"),
		SVC("CUSTOM", "web05", "http", "CRITICAL", "3"),
	}, { { "web05", "http", "open", 2, 2, 0, 0, 0, NULL } }, 0 },
};

/* Tickets of the store, collected in id order. */
struct got {
	struct tk_ticket t[16];
	int		 n;
};

static int
collect(void *ctx, const struct tk_ticket *t)
{
	struct got *g = ctx;
	struct tk_ticket *d;

	if (g->n >= 16)
		return -1;
	d = &g->t[g->n++];
	*d = *t;
	d->host = sense_xstrdup(t->host);
	d->service = sense_xstrdup(t->service);
	d->state = sense_xstrdup(t->state ? t->state : "");
	d->ack_author = t->ack_author ? sense_xstrdup(t->ack_author) : NULL;
	d->ack_comment = NULL;
	d->output = sense_xmalloc(t->output_len + 1);
	memcpy(d->output, t->output, t->output_len + 1);
	return 0;
}

static int
count_escalations(void *ctx, const struct tk_hist *h)
{
	if (strcmp(h->action, "escalate") == 0)
		(*(int *)ctx)++;
	return 0;
}

/* Parse one note the way `sense-ticket notify` does and apply it. */
static int
apply(struct tk_store *s, const struct tk_rules *r, const struct note *n,
    char *err, size_t errlen)
{
	char *argv[32], opt[10][1024];
	struct tk_globals g = { NULL, NULL };
	struct tk_result res;
	struct tk_event ev;
	const char *vals[] = { n->type, n->host, n->service, n->state,
	    n->stype, n->time, n->output, n->author, n->comment, n->impact };
	const char *names[] = { "type", "host", "service", "state",
	    "state-type", "time", "output", "author", "comment", "impact" };
	char *envp[] = { NULL };
	int argc = 0, i, rc;

	argv[argc++] = (char *)"notify";
	for (i = 0; i < 10; i++) {
		if (vals[i] == NULL)
			continue;
		snprintf(opt[i], sizeof(opt[i]), "--%s=%s", names[i],
		    vals[i]);
		argv[argc++] = opt[i];
	}
	if (n->extra)
		argv[argc++] = (char *)n->extra;
	argv[argc] = NULL;
	rc = tk_event_parse(&ev, argc, argv, envp, &g, err, errlen);
	if (rc == 0)
		rc = tk_notify_event(s, r, &ev, 1e9, &res, err, errlen);
	tk_event_free(&ev);
	return rc;
}

static void
check_case(const struct tcase *c, const char *dir, int idx)
{
	char db[512], conf[512], err[1024], name[300];
	struct tk_rules rules;
	struct tk_store *s;
	struct got g = { .n = 0 };
	int i, nwant = 0, esc = 0, ok = 1;
	FILE *f;

	snprintf(db, sizeof(db), "%s/case%d.db", dir, idx);
	snprintf(conf, sizeof(conf), "%s/case%d.conf", dir, idx);
	if (c->conf != NULL) {
		f = fopen(conf, "w");
		fputs(c->conf, f);
		fclose(f);
		if (tk_rules_load(&rules, conf, true, err, sizeof(err)) < 0) {
			tap_ok(0, "%s: config: %s", c->name, err);
			tk_rules_free(&rules);
			return;
		}
	} else {
		tk_rules_defaults(&rules);
	}
	s = tk_sqlite_open(db, 5000, err, sizeof(err));
	if (s == NULL) {
		tap_ok(0, "%s: open: %s", c->name, err);
		tk_rules_free(&rules);
		return;
	}
	for (i = 0; i < MAXN && c->n[i].type != NULL; i++) {
		if (apply(s, &rules, &c->n[i], err, sizeof(err)) < 0) {
			tap_ok(0, "%s: notification %d: %s", c->name, i, err);
			ok = 0;
		}
	}
	s->ops->list(s, true, collect, &g);
	/* list is newest first; the cases are written oldest first */
	for (i = 0; i < g.n / 2; i++) {
		struct tk_ticket tmp = g.t[i];

		g.t[i] = g.t[g.n - 1 - i];
		g.t[g.n - 1 - i] = tmp;
	}
	while (nwant < 4 && c->w[nwant].host != NULL)
		nwant++;
	TAP_IS_INT(g.n, nwant, c->name);
	for (i = 0; i < g.n && i < nwant; i++) {
		const struct want *w = &c->w[i];
		const struct tk_ticket *t = &g.t[i];

		snprintf(name, sizeof(name), "%.200s: ticket %d", c->name,
		    i + 1);
		ok = strcmp(t->host, w->host) == 0 &&
		    strcmp(t->service, w->service) == 0 &&
		    strcmp(tk_status_name(t->status), w->status) == 0 &&
		    t->urgency == w->urgency && t->events == w->events &&
		    t->reopened == w->reopened &&
		    t->flapping == (w->flapping != 0) &&
		    t->downtime == (w->downtime != 0) &&
		    (w->ack_author == NULL ? t->ack_author == NULL :
		    (t->ack_author && !strcmp(t->ack_author, w->ack_author)));
		tap_ok(ok, "%s", name);
		if (!ok)
			printf("#   got  %s/%s %s u%d ev%lld re%lld f%d d%d\n"
			    "#   want %s/%s %s u%d ev%d re%d f%d d%d\n",
			    t->host, t->service, tk_status_name(t->status),
			    t->urgency, (long long)t->events,
			    (long long)t->reopened, t->flapping, t->downtime,
			    w->host, w->service, w->status, w->urgency,
			    w->events, w->reopened, w->flapping, w->downtime);
		if (i == 0 && c->escalations >= 0)
			s->ops->history(s, t->id, count_escalations, &esc);
	}
	if (nwant > 0 && c->escalations >= 0)
		TAP_IS_INT(esc, c->escalations, "  escalations recorded");
	for (i = 0; i < g.n; i++)
		tk_ticket_clear(&g.t[i]);
	s->ops->close(s);
	tk_rules_free(&rules);
}

/* Field errors name the field. */
static void
check_errors(void)
{
	static const struct {
		const char	*args[6];
		const char	*field;
	} bad[] = {
		{ { "--host=h", "--state=DOWN" }, "'type'" },
		{ { "--type=PROBLEM", "--state=DOWN" }, "'host'" },
		{ { "--type=PROBLEM", "--host=h" }, "'state'" },
		{ { "--type=BOGUS", "--host=h", "--state=UP" }, "'type'" },
		{ { "--type=PROBLEM", "--host=h", "--state=CRITICAL" },
		    "'state'" },
		{ { "--type=PROBLEM", "--host=h", "--service=s",
		    "--state=DOWN" }, "'state'" },
		{ { "--type=PROBLEM", "--host=h", "--state=UP",
		    "--state-type=MEDIUM" }, "'state-type'" },
		{ { "--type=PROBLEM", "--host=h", "--state=UP",
		    "--time=yesterday" }, "'time'" },
		{ { "--type=PROBLEM", "--host=h", "--state=UP",
		    "--var=novalue" }, "'var'" },
		{ { "--type=PROBLEM", "--host=h", "--state=UP",
		    "--downtime=-1" }, "'downtime'" },
	};
	struct tk_globals g = { NULL, NULL };
	struct tk_event ev;
	char *argv[8], err[512], *envp[] = { NULL };
	size_t i;
	int argc, rc;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		argc = 0;
		argv[argc++] = (char *)"notify";
		while (argc < 7 && bad[i].args[argc - 1] != NULL) {
			argv[argc] = (char *)bad[i].args[argc - 1];
			argc++;
		}
		argv[argc] = NULL;
		rc = tk_event_parse(&ev, argc, argv, envp, &g, err,
		    sizeof(err));
		tap_ok(rc < 0 && strstr(err, bad[i].field) != NULL,
		    "malformed %zu names field %s (%s)", i, bad[i].field,
		    rc < 0 ? err : "accepted");
		tk_event_free(&ev);
	}
}

/* Nagios 4 environment macros, custom variables and groups. */
static void
check_nagios_env(void)
{
	char *envp[] = {
		(char *)"NAGIOS_NOTIFICATIONTYPE=FLAPPINGSTOP",
		(char *)"NAGIOS_HOSTNAME=web01",
		(char *)"NAGIOS_SERVICEDESC=http",
		(char *)"NAGIOS_SERVICESTATE=WARNING",
		(char *)"NAGIOS_SERVICESTATETYPE=HARD",
		(char *)"NAGIOS_HOSTSTATE=UP",
		(char *)"NAGIOS_TIMET=1700000005",
		(char *)"NAGIOS_LASTSERVICECHECK=1700000001",
		(char *)"NAGIOS_SERVICEOUTPUT=HTTP WARNING",
		(char *)"NAGIOS_LONGSERVICEOUTPUT=line2",
		(char *)"NAGIOS__SERVICESENSE_IMPACT=payment",
		(char *)"NAGIOS__HOSTSENSE_IMPACT=reviews",
		(char *)"NAGIOS__HOSTTEAM=web",
		(char *)"NAGIOS_HOSTGROUPNAMES=prod,eu",
		NULL
	};
	char *argv[] = { (char *)"notify", NULL };
	struct tk_globals g = { NULL, NULL };
	struct tk_event ev;
	char err[512];
	int rc;

	rc = tk_event_parse(&ev, 1, argv, envp, &g, err, sizeof(err));
	TAP_IS_INT(rc, 0, "Nagios environment parses");
	if (rc == 0) {
		tap_ok(ev.type == TK_FLAPEND, "FLAPPINGSTOP is FLAPPINGEND");
		TAP_IS_STR(ev.service, "http", "service from SERVICEDESC");
		tap_ok(ev.state == TK_ST_WARNING && ev.hard, "state, type");
		TAP_IS_NUM(ev.time, 1700000001, 0, "last check is the time");
		TAP_IS_STR(ev.output, "HTTP WARNING\nline2",
		    "output and long output");
		TAP_IS_STR(tk_event_var(&ev, "sense_impact"), "payment",
		    "service custom var shadows the host's");
		TAP_IS_STR(tk_event_var(&ev, "team"), "web", "host var");
		TAP_IS_INT(ev.ngroups, 2, "groups split on commas");
	}
	tk_event_free(&ev);
}

/* T4: cut at a UTF-8 boundary, marked; T5: any bytes kept exactly. */
static void
check_text(const char *dir)
{
	static const char hostile[] = "DISK CRITICAL - C:\\ 99% \"full\"\t"
	    "next\nline \xc3\xbcmlaut <b>&amp; \xff\xfe end";
	struct tk_rules rules;
	struct tk_store *s;
	struct tk_event ev;
	struct tk_result res;
	struct got g = { .n = 0 };
	struct tk_globals gl = { NULL, NULL };
	char db[512], err[512], *big, *argv[8], opt[2][256];
	char *envp[] = { NULL };
	size_t sizes[] = { 127 * 1024, 200 * 1024 }, i, j;
	int rc;

	tk_rules_defaults(&rules);
	snprintf(db, sizeof(db), "%s/text.db", dir);
	s = tk_sqlite_open(db, 5000, err, sizeof(err));
	if (s == NULL) {
		tap_ok(0, "open: %s", err);
		return;
	}
	for (i = 0; i < 2; i++) {
		/* "ü" (2 bytes) repeated with a newline every 61 bytes */
		big = sense_xmalloc(sizes[i] + 1);
		for (j = 0; j + 1 < sizes[i]; j += 2)
			memcpy(big + j, j % 61 == 0 ? "\n\n" : "\xc3\xbc", 2);
		big[0] = 'X';
		big[1] = '-';
		big[sizes[i] - 1 - (sizes[i] % 2)] = '\0';
		snprintf(opt[0], sizeof(opt[0]), "--service=big%zu", i);
		argv[0] = (char *)"notify";
		argv[1] = (char *)"--type=PROBLEM";
		argv[2] = (char *)"--host=h";
		argv[3] = opt[0];
		argv[4] = (char *)"--state=CRITICAL";
		argv[5] = (char *)"--output";
		argv[6] = big;
		argv[7] = NULL;
		rc = tk_event_parse(&ev, 7, argv, envp, &gl, err,
		    sizeof(err));
		if (rc == 0)
			rc = tk_notify_event(s, &rules, &ev, 1, &res, err,
			    sizeof(err));
		TAP_IS_INT(rc, 0, "T4 huge output is accepted");
		tk_event_free(&ev);
		free(big);
	}
	argv[0] = (char *)"notify";
	argv[1] = (char *)"--type=PROBLEM";
	argv[2] = (char *)"--host=h";
	argv[3] = (char *)"--service=Disk C:\\";
	argv[4] = (char *)"--state=CRITICAL";
	snprintf(opt[1], sizeof(opt[1]), "--output=%s", hostile);
	argv[5] = opt[1];
	argv[6] = NULL;
	rc = tk_event_parse(&ev, 6, argv, envp, &gl, err, sizeof(err));
	if (rc == 0)
		rc = tk_notify_event(s, &rules, &ev, 1, &res, err,
		    sizeof(err));
	TAP_IS_INT(rc, 0, "T5 hostile text is accepted");
	tk_event_free(&ev);
	s->ops->list(s, true, collect, &g);
	TAP_IS_INT(g.n, 3, "three tickets");
	for (i = 0; (int)i < g.n; i++) {
		const struct tk_ticket *t = &g.t[i];
		const unsigned char *o = (const unsigned char *)t->output;
		const char *mark;
		size_t cut;

		if (strcmp(t->service, "Disk C:\\") == 0) {
			tap_ok(t->output_len == sizeof(hostile) - 1 &&
			    memcmp(t->output, hostile, t->output_len) == 0 &&
			    !t->truncated, "T5 output stored byte for byte");
			continue;
		}
		mark = strstr(t->output, "\n[... truncated: ");
		tap_ok(t->truncated && mark != NULL, "T4 %s marked truncated",
		    t->service);
		cut = mark ? (size_t)(mark - t->output) : 0;
		tap_ok(cut <= rules.max_output && cut > rules.max_output - 4,
		    "T4 %s cut near the limit (%zu)", t->service, cut);
		/* the kept text ends on a whole character */
		tap_ok(cut >= 2 && !(o[cut - 1] == 0xc3) &&
		    !(o[cut - 1] == 0xbc && o[cut - 2] != 0xc3),
		    "T4 %s cut at a UTF-8 boundary", t->service);
	}
	for (i = 0; (int)i < g.n; i++)
		tk_ticket_clear(&g.t[i]);
	s->ops->close(s);
	tk_rules_free(&rules);
}

/* Clip when Icinga already cut the text (--output-length). */
static void
check_upstream_cut(void)
{
	struct tk_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.output = sense_xstrdup("ab\xc3");
	ev.output_len = 3;
	ev.orig_len = 300000;
	tk_event_clip(&ev, 65536);
	tap_ok(ev.truncated && strncmp(ev.output, "ab\n[... truncated: 2 "
	    "of 300000 bytes]", 40) == 0, "upstream cut marked, half "
	    "character dropped");
	free(ev.output);
}

/* Versioned schema: a version 1 file is migrated and keeps its data. */
static void
check_migration(const char *dir)
{
	char db[512], err[512];
	struct tk_store *s;
	struct tk_ticket t;
	int rc;

	snprintf(db, sizeof(db), "%s/old.db", dir);
	rc = tk_sqlite_create_at(db, 1, err, sizeof(err));
	TAP_IS_INT(rc, 0, "schema version 1 created");
	s = tk_sqlite_open(db, 5000, err, sizeof(err));
	tap_ok(s != NULL, "version 1 opens and migrates to %d",
	    tk_sqlite_schema_version());
	if (s == NULL)
		return;
	rc = s->ops->begin(s);
	if (rc == 0)
		rc = s->ops->dead_letter(s, 1, "test", "raw", 3);
	if (rc == 0)
		rc = s->ops->commit(s);
	TAP_IS_INT(rc, 0, "the migrated store has the dead-letter table");
	memset(&t, 0, sizeof(t));
	TAP_IS_INT(s->ops->get(s, 1, &t), 0, "no ticket 1 yet");
	s->ops->close(s);
}

static void
rm_tree(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

int
main(void)
{
	char dir[] = "/tmp/sense-test-ticket.XXXXXX";
	size_t i;

	if (mkdtemp(dir) == NULL)
		return 1;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&cases[i], dir, (int)i);
	check_errors();
	check_nagios_env();
	check_text(dir);
	check_upstream_cut();
	check_migration(dir);
	rm_tree(dir);
	return tap_done();
}
