/*
 * sense-ticket-deliver -- delivers the helpdesk outbox of the ticket
 * store to the back ends of sense.conf's helpdesk group.
 *
 *   sense-ticket-deliver [--config FILE] [--db PATH] [--now]
 *                        [--budget SECONDS] [--quiet]
 *
 * A program of its own because it links libcurl: `sense-ticket deliver`
 * runs it, notify starts it detached when its transaction queued
 * deliveries, and the systemd timer / cron job run it directly.  The
 * notification path itself never loads libcurl.
 *
 * Exit: 0 done (what could not be delivered waits in the outbox);
 * 1 usage, configuration or store error.
 */
#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ob_conf.h"
#include "ob_engine.h"
#include "ob_outbox.h"
#include "sense_conf.h"
#include "tk_rules.h"
#include "tk_store.h"

#define PROG "sense-ticket-deliver"

struct dl_opts {
	const char	*config, *db;
	bool		 config_given, all, quiet;
	double		 budget;
};

static int
parse(struct dl_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'C' },
		{ "db", required_argument, NULL, 'd' },
		{ "now", no_argument, NULL, 'n' },
		{ "budget", required_argument, NULL, 'b' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'C':
			o->config = optarg;
			o->config_given = true;
			break;
		case 'd': o->db = optarg; break;
		case 'n': o->all = true; break;
		case 'q': o->quiet = true; break;
		case 'b':
			o->budget = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' || o->budget < 0) {
				fprintf(stderr, PROG ": deliver: --budget wants"
				    " seconds\n");
				return -1;
			}
			break;
		case 'h':
			printf("usage: " PROG " [--config FILE] [--db PATH]"
			    " [--now] [--budget SECONDS] [--quiet]\n");
			exit(0);
		default:
			fprintf(stderr, PROG ": deliver: unknown option or "
			    "missing value: '%s'\n", argv[optind - 1]);
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, PROG ": deliver: unexpected argument '%s'\n",
		    argv[optind]);
		return -1;
	}
	return 0;
}

/* sense.conf, parsed once: the store settings and the helpdesk group. */
static int
load_conf(const struct dl_opts *o, struct tk_rules *r, struct ob_conf *c)
{
	config_t cfg;
	struct stat st;
	char err[1024];
	bool have = o->config_given || stat(o->config, &st) == 0 ||
	    errno != ENOENT;
	int rc = -1;

	tk_rules_defaults(r);
	memset(c, 0, sizeof(*c));
	if (have && sense_conf_load(&cfg, o->config, err, sizeof(err)) < 0)
		goto out;
	tk_rules_free(r);
	if (tk_rules_from(r, have ? &cfg : NULL, err, sizeof(err)) < 0 ||
	    ob_conf_from(c, have ? &cfg : NULL, err, sizeof(err)) < 0)
		goto out;
	rc = 0;
out:
	if (have)
		config_destroy(&cfg);
	if (rc < 0)
		fprintf(stderr, PROG ": %s\n", err);
	return rc;
}

static int
deliver(const struct dl_opts *o, const struct ob_conf *c,
    struct ob_outbox *ob)
{
	const char *names[3];
	struct ob_stats st;
	int64_t pending = 0, failed = 0;
	char err[1024] = "";

	if (ob_outbox_register(ob, names, ob_conf_names(c, names)) < 0 ||
	    ob_engine_run(c, ob, o->budget, o->all, &st, err,
	    sizeof(err)) < 0 || ob_outbox_count(ob, "pending", &pending) < 0 ||
	    ob_outbox_count(ob, "failed", &failed) < 0) {
		fprintf(stderr, PROG ": deliver: %s\n", *err ? err :
		    ob_outbox_error(ob));
		return 1;
	}
	if (!o->quiet)
		printf("delivered %d, retry later %d, failed %d; outbox: %lld"
		    " pending, %lld failed\n", st.delivered, st.retried,
		    st.failed, (long long)pending, (long long)failed);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *env = getenv("SENSE_CONF");
	struct dl_opts o = { .config = env && *env ? env : SENSE_CONF_DEFAULT,
	    .config_given = env && *env };
	struct tk_rules r;
	struct ob_conf c;
	struct tk_store *s;
	struct ob_outbox *ob = NULL;
	char err[1024];
	int rc = 1;

	memset(&r, 0, sizeof(r));
	memset(&c, 0, sizeof(c));
	if (parse(&o, argc, argv) < 0 || load_conf(&o, &r, &c) < 0)
		goto out;
	if (o.db == NULL)
		o.db = r.db;
	/* Create or migrate the store as any sense-ticket command does. */
	if ((s = tk_sqlite_open(o.db, r.busy_ms, err, sizeof(err))) == NULL) {
		fprintf(stderr, PROG ": store %s\n", err);
		goto out;
	}
	s->ops->close(s);
	if ((ob = ob_outbox_open(o.db, r.busy_ms, err, sizeof(err))) == NULL) {
		fprintf(stderr, PROG ": outbox %s\n", err);
		goto out;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	rc = deliver(&o, &c, ob);
	curl_global_cleanup();
out:
	ob_outbox_close(ob);
	ob_conf_free(&c);
	tk_rules_free(&r);
	return rc;
}
