/*
 * sense-ticket -- the notification command: monitoring state changes in,
 * one prioritized ticket per incident out.
 *
 *   sense-ticket [--config FILE] [--db PATH] notify [FIELDS]
 *   sense-ticket list [--all] [--json] | show ID [--json]
 *   sense-ticket ack ID | close ID [--author NAME] [--comment TEXT]
 *   sense-ticket -n [--config FILE]
 *
 * Exit: 0 done; 1 usage, configuration or store error; 2 the
 * notification was malformed (kept in the dead-letter table).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sense_conf.h"
#include "ob_cli.h"
#include "sense_util.h"
#include "tk_cli.h"
#include "tk_event.h"
#include "tk_notify.h"
#include "tk_rules.h"
#include "tk_store.h"

#define PROG "sense-ticket"

extern char **environ;

static const char usage_text[] =
"usage: " PROG " [--config FILE] [--db PATH] COMMAND [ARGS]\n"
"       " PROG " -n [--config FILE]   check sense.conf and exit\n"
"commands:\n"
"  notify   record one notification (options below, or NAGIOS_* env)\n"
"  list [--all] [--json]        open tickets (--all: resolved too)\n"
"  show ID [--json]             one ticket with its history\n"
"  ack ID [--author A] [--comment C]   mark a ticket acknowledged\n"
"  close ID [--author A] [--comment C] resolve a ticket by hand\n"
"  deliver [--now] [--budget S]  deliver the helpdesk outbox\n"
"  outbox [--all] [--json] | outbox retry ID   the helpdesk outbox\n"
"notify fields:\n"
"  --type T --host H [--service S] --state ST [--state-type HARD|SOFT]\n"
"  [--time UNIX] [--output TEXT | --output-file PATH|-]\n"
"  [--output-length N] [--long-output TEXT] [--author A] [--comment C]\n"
"  [--var NAME=VALUE]... [--group G]... [--impact CLASS]\n"
"  [--downtime DEPTH] [--flapping 0|1]\n"
"config: --config, else $SENSE_CONF, else " SENSE_CONF_DEFAULT "\n";

struct tk_main {
	const char	*config;
	bool		 config_given;
	const char	*db;
	bool		 check;
	struct tk_rules	 rules;
	config_t	 cfg;		/* sense.conf, parsed once */
	bool		 have_cfg;	/* false: no file, the defaults */
};

static int
usage(const char *why)
{
	if (why != NULL)
		fprintf(stderr, PROG ": %s\n", why);
	fputs(usage_text, why ? stderr : stdout);
	return why ? 1 : 0;
}

/* usage() with a reason that names what was wrong. */
static int usage_arg(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static int
usage_arg(const char *fmt, ...)
{
	char why[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return usage(why);
}

static void
drop_config(struct tk_main *m)
{
	if (m->have_cfg)
		config_destroy(&m->cfg);
	m->have_cfg = false;
	tk_rules_free(&m->rules);
}

/*
 * Parse sense.conf (once: notify takes the helpdesk group from the
 * same parse) and take the tickets group.  A missing file is fine
 * unless it was named.
 */
static int
load_rules(struct tk_main *m)
{
	struct stat st;
	char err[1024];

	drop_config(m);
	tk_rules_defaults(&m->rules);
	if (!m->config_given && stat(m->config, &st) < 0 && errno == ENOENT)
		return 0;
	if (sense_conf_load(&m->cfg, m->config, err, sizeof(err)) < 0) {
		config_destroy(&m->cfg);
		goto fail;
	}
	m->have_cfg = true;
	tk_rules_free(&m->rules);
	if (tk_rules_from(&m->rules, &m->cfg, err, sizeof(err)) < 0)
		goto fail;
	return 0;
fail:
	fprintf(stderr, PROG ": %s\n", err);
	return -1;
}

/* Why a store path may not open, for the error line ("" if no idea). */
static const char *
db_hint(const char *db)
{
	static char hint[4200];
	char dir[4096], *slash;

	snprintf(dir, sizeof(dir), "%s", db);
	slash = strrchr(dir, '/');
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if (access(dir, F_OK) < 0)
		snprintf(hint, sizeof(hint), " (directory %s does not exist)",
		    dir);
	else if (access(dir, W_OK | X_OK) < 0)
		snprintf(hint, sizeof(hint), " (directory %s is not writable "
		    "by uid %lu)", dir, (unsigned long)geteuid());
	else
		hint[0] = '\0';
	return hint;
}

static struct tk_store *
open_store(struct tk_main *m)
{
	const char *db = m->db ? m->db : m->rules.db;
	struct tk_store *s;
	char err[1024];

	s = tk_sqlite_open(db, m->rules.busy_ms, err, sizeof(err));
	if (s == NULL)
		fprintf(stderr, PROG ": store %s%s\n", err, db_hint(db));
	return s;
}

/*
 * The last resort when the store cannot take a notification: the raw
 * notification goes to a file of its own in the spool directory
 * ($SENSE_TICKET_SPOOL, else /var/tmp/sense-ticket-UID), so that an
 * operator can see and replay it.  Returns 0 when kept.
 */
static int
spool_raw(int argc, char **argv, const char *why)
{
	const char *env = getenv("SENSE_TICKET_SPOOL");
	char dir[4096], path[4200];
	size_t len;
	char *raw;
	FILE *f;
	int fd;

	if (env != NULL && *env != '\0')
		snprintf(dir, sizeof(dir), "%s", env);
	else
		snprintf(dir, sizeof(dir), "/var/tmp/sense-ticket-%lu",
		    (unsigned long)getuid());
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		goto fail;
	snprintf(path, sizeof(path), "%s/%.0f.%ld.notification", dir,
	    sense_now_wall() * 1000, (long)getpid());
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		if (fd >= 0)
			close(fd);
		goto fail;
	}
	raw = tk_event_raw(argc, argv, environ, &len);
	fprintf(f, "# sense-ticket could not store this notification: %s\n",
	    why);
	fwrite(raw, 1, len, f);
	free(raw);
	if (fclose(f) != 0)
		goto fail;
	fprintf(stderr, PROG ": notification kept in %s\n", path);
	return 0;
fail:
	fprintf(stderr, PROG ": notification NOT kept (spool %s: %s)\n", dir,
	    strerror(errno));
	return -1;
}

/* Keep what could not be parsed, so nothing is lost. */
static void
dead_letter(struct tk_main *m, int argc, char **argv, const char *why)
{
	struct tk_store *s = open_store(m);
	size_t len;
	char *raw;

	if (s == NULL) {
		spool_raw(argc, argv, why);
		return;
	}
	raw = tk_event_raw(argc, argv, environ, &len);
	if (s->ops->begin(s) < 0 || s->ops->dead_letter(s,
	    sense_now_wall(), why, raw, len) < 0 || s->ops->commit(s) < 0) {
		fprintf(stderr, PROG ": dead letter not kept: %s\n",
		    s->ops->error(s));
		s->ops->rollback(s);
		spool_raw(argc, argv, why);
	}
	free(raw);
	s->ops->close(s);
}

static int
cmd_notify(struct tk_main *m, int argc, char **argv)
{
	struct tk_globals g = { NULL, NULL };
	struct tk_result res = { .queued = false };
	struct tk_event ev;
	struct tk_store *s = NULL;
	char err[1024];
	int rc = 1, budget = 0;

	if (tk_event_parse(&ev, argc, argv, environ, &g, err,
	    sizeof(err)) < 0) {
		fprintf(stderr, PROG ": notify: %s\n", err);
		if (g.db)
			m->db = g.db;
		if (g.config) {
			m->config = g.config;
			m->config_given = true;
		}
		if (load_rules(m) < 0) {
			tk_rules_free(&m->rules);
			tk_rules_defaults(&m->rules);
		}
		dead_letter(m, argc, argv, err);
		rc = 2;
		goto out;
	}
	if (g.db)
		m->db = g.db;
	if (g.config) {
		m->config = g.config;
		m->config_given = true;
		if (load_rules(m) < 0)
			goto out;
	}
	if ((s = open_store(m)) == NULL) {
		spool_raw(argc, argv, "the ticket store could not be opened");
		goto out;
	}
	budget = ob_cli_prepare(m->have_cfg ? &m->cfg : NULL, s);
	if (tk_notify_event(s, &m->rules, &ev, sense_now_wall(), &res, err,
	    sizeof(err)) < 0) {
		fprintf(stderr, PROG ": notify: %s\n", err);
		spool_raw(argc, argv, err);
		goto out;
	}
	rc = 0;
out:
	if (s != NULL)
		s->ops->close(s);
	/* Only a transaction that queued something starts a delivery;
	 * leftovers wait for the timer (or the next such notify). */
	if (rc == 0 && res.queued)
		ob_cli_spawn(m->config, m->config_given, m->db ? m->db :
		    m->rules.db, budget);
	tk_event_free(&ev);
	return rc;
}

static int
parse_id(const char *s, int64_t *id)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v <= 0)
		return -1;
	*id = v;
	return 0;
}

enum { C_ALL = 1, C_JSON, C_AUTHOR, C_COMMENT, C_DB, C_CONFIG };

static const struct option tk_cmd_opts[] = {
	{ "all", no_argument, NULL, C_ALL },
	{ "json", no_argument, NULL, C_JSON },
	{ "author", required_argument, NULL, C_AUTHOR },
	{ "comment", required_argument, NULL, C_COMMENT },
	{ "db", required_argument, NULL, C_DB },
	{ "config", required_argument, NULL, C_CONFIG },
	{ NULL, 0, NULL, 0 }
};

struct tk_cmd {
	bool		 all, json;
	const char	*author, *comment;
	int64_t		 id;
};

static const char *
default_author(void)
{
	const char *u = getenv("SUDO_USER");
	struct passwd *pw;

	if (u == NULL || *u == '\0')
		u = getenv("USER");
	if (u == NULL || *u == '\0') {
		pw = getpwuid(getuid());
		u = pw ? pw->pw_name : "unknown";
	}
	return u;
}

/* Options of list/show/ack/close; want_id: one ID argument. */
static int
parse_cmd(struct tk_main *m, struct tk_cmd *c, int argc, char **argv,
    bool want_id)
{
	int o;

	memset(c, 0, sizeof(*c));
	c->author = default_author();
	c->comment = "";
	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, "", tk_cmd_opts, NULL)) != -1) {
		switch (o) {
		case C_ALL: c->all = true; break;
		case C_JSON: c->json = true; break;
		case C_AUTHOR: c->author = optarg; break;
		case C_COMMENT: c->comment = optarg; break;
		case C_DB: m->db = optarg; break;
		case C_CONFIG:
			m->config = optarg;
			m->config_given = true;
			if (load_rules(m) < 0)
				return -1;
			break;
		default:
			fprintf(stderr, PROG ": %s: unknown option or missing "
			    "value: '%s'\n", argv[0], argv[optind - 1]);
			return -1;
		}
	}
	if (want_id && (optind != argc - 1 || parse_id(argv[optind],
	    &c->id) < 0)) {
		fprintf(stderr, PROG ": %s: wants one ticket ID\n", argv[0]);
		return -1;
	}
	if (!want_id && optind != argc) {
		fprintf(stderr, PROG ": %s: unexpected argument '%s'\n",
		    argv[0], argv[optind]);
		return -1;
	}
	return 0;
}

static int
cmd_queue(struct tk_main *m, int argc, char **argv)
{
	const char *name = argv[0];
	bool want_id = strcmp(name, "list") != 0;
	struct tk_store *s;
	struct tk_cmd c;
	char err[1024];
	int rc;

	if (parse_cmd(m, &c, argc, argv, want_id) < 0)
		return 1;
	if ((s = open_store(m)) == NULL)
		return 1;
	if (strcmp(name, "list") == 0) {
		rc = tk_cli_list(s, stdout, c.all, c.json);
		snprintf(err, sizeof(err), "%s", s->ops->error(s));
	} else if (strcmp(name, "show") == 0) {
		rc = tk_cli_show(s, stdout, c.id, c.json);
		if (rc == 1)
			snprintf(err, sizeof(err), "no ticket %lld",
			    (long long)c.id);
		else
			snprintf(err, sizeof(err), "%s", s->ops->error(s));
	} else {
		rc = tk_notify_manual(s, c.id, strcmp(name, "ack") == 0,
		    c.author, c.comment, sense_now_wall(), err, sizeof(err));
		if (rc == 0)
			printf("ticket %lld %s\n", (long long)c.id,
			    strcmp(name, "ack") == 0 ? "acknowledged" :
			    "resolved");
		if (rc == 2) {
			printf("ticket %lld was already resolved\n",
			    (long long)c.id);
			rc = 0;
		}
	}
	s->ops->close(s);
	if (rc != 0)
		fprintf(stderr, PROG ": %s: %s\n", name, err);
	return rc == 0 ? 0 : 1;
}

/* outbox (ob_cli.c), on a migrated store; deliver is a program of its
 * own (it links libcurl, which notify must not pay for). */
static int
cmd_helpdesk(struct tk_main *m, int argc, char **argv)
{
	const char *db = m->db ? m->db : m->rules.db;
	struct tk_store *s;

	if (strcmp(argv[0], "deliver") == 0)
		return ob_cli_exec_deliver(m->config, m->config_given, db,
		    argc, argv);
	if ((s = open_store(m)) == NULL)
		return 1;
	s->ops->close(s);
	return ob_cli_outbox(db, m->rules.busy_ms, argc, argv);
}

static int
check_config(struct tk_main *m)
{
	printf("%s: OK (%zu rules, %zu impact classes, db %s)\n",
	    m->config_given || access(m->config, F_OK) == 0 ? m->config :
	    "built-in defaults", m->rules.nrules, m->rules.nimpact,
	    m->db ? m->db : m->rules.db);
	return 0;
}

static int
run(struct tk_main *m, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'C' },
		{ "db", required_argument, NULL, 'd' },
		{ "check-config", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd;
	int o;

	opterr = 0;
	while ((o = getopt_long(argc, argv, "+:nhV", opts, NULL)) != -1) {
		switch (o) {
		case 'C':
			m->config = optarg;
			m->config_given = true;
			break;
		case 'd': m->db = optarg; break;
		case 'n': m->check = true; break;
		case 'h': return usage(NULL);
		case 'V':
			printf(PROG " " SENSE_VERSION " (store schema %d)\n",
			    tk_sqlite_schema_version());
			return 0;
		case ':':
			return usage_arg("option %.200s needs a value",
			    argv[optind - 1]);
		default:
			return usage_arg("unknown option %.200s",
			    argv[optind - 1]);
		}
	}
	if (load_rules(m) < 0) {
		/* A broken sense.conf must not lose the notification. */
		if (!m->check && optind < argc &&
		    strcmp(argv[optind], "notify") == 0) {
			drop_config(m);
			tk_rules_defaults(&m->rules);
			dead_letter(m, argc - optind, argv + optind,
			    "configuration error");
		}
		return 1;
	}
	if (m->check)
		return ob_cli_check(m->config, m->config_given) ? 1 :
		    check_config(m);
	if (optind >= argc)
		return usage("no command");
	cmd = argv[optind];
	if (strcmp(cmd, "notify") == 0)
		return cmd_notify(m, argc - optind, argv + optind);
	if (!strcmp(cmd, "list") || !strcmp(cmd, "show") ||
	    !strcmp(cmd, "ack") || !strcmp(cmd, "close"))
		return cmd_queue(m, argc - optind, argv + optind);
	if (!strcmp(cmd, "deliver") || !strcmp(cmd, "outbox"))
		return cmd_helpdesk(m, argc - optind, argv + optind);
	return usage_arg("unknown command '%.200s'", cmd);
}

int
main(int argc, char **argv)
{
	struct tk_main m;
	const char *env = getenv("SENSE_CONF");
	int rc;

	memset(&m, 0, sizeof(m));
	m.config = env && *env ? env : SENSE_CONF_DEFAULT;
	m.config_given = env && *env;
	rc = run(&m, argc, argv);
	drop_config(&m);
	return rc;
}
