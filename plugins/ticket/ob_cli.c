/* ob_cli -- deliver, outbox and the notify hooks; see ob_cli.h. */
#include "ob_cli.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ob_conf.h"
#include "ob_engine.h"
#include "ob_outbox.h"
#include "sense_util.h"

#define PROG "sense-ticket"

struct ob_cli {
	struct ob_conf	 conf;
	char		*db;
	int		 busy_ms;
};

static void
cli_free(struct ob_cli *h)
{
	if (h == NULL)
		return;
	ob_conf_free(&h->conf);
	free(h->db);
	free(h);
}

int
ob_cli_check(const char *config, bool config_given)
{
	struct ob_conf c;
	char err[1024];
	int rc = 0;

	if (ob_conf_load(&c, config, config_given, err, sizeof(err)) < 0) {
		fprintf(stderr, PROG ": %s\n", err);
		rc = 1;
	}
	ob_conf_free(&c);
	return rc;
}

static int
do_register(struct ob_outbox *ob, const struct ob_conf *c)
{
	const char *names[3];

	return ob_outbox_register(ob, names, ob_engine_names(c, names));
}

struct ob_cli *
ob_cli_prepare(const char *config, bool config_given, const char *db,
    int busy_ms)
{
	struct ob_cli *h = sense_xcalloc(1, sizeof(*h));
	struct ob_outbox *ob = NULL;
	char err[1024];

	if (ob_conf_load(&h->conf, config, config_given, err,
	    sizeof(err)) < 0) {
		fprintf(stderr, PROG ": helpdesk: %s (changes still queue"
		    " for the back ends configured before)\n", err);
		goto fail;
	}
	if ((ob = ob_outbox_open(db, busy_ms, err, sizeof(err))) == NULL ||
	    do_register(ob, &h->conf) < 0) {
		fprintf(stderr, PROG ": helpdesk: %s\n", ob ?
		    ob_outbox_error(ob) : err);
		goto fail;
	}
	ob_outbox_close(ob);
	ob = NULL;
	if (ob_conf_backends(&h->conf) == 0)
		goto fail;
	h->db = sense_xstrdup(db);
	h->busy_ms = busy_ms;
	return h;
fail:
	ob_outbox_close(ob);
	cli_free(h);
	return NULL;
}

/* The detached child: deliver within the budget, quietly. */
static void
child(struct ob_cli *h)
{
	struct ob_outbox *ob;
	struct ob_stats st;
	char err[1024];
	int fd;

	setsid();
	if ((fd = open("/dev/null", O_RDWR)) >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	ob = ob_outbox_open(h->db, h->busy_ms, err, sizeof(err));
	if (ob != NULL)
		ob_engine_run(&h->conf, ob, h->conf.budget_ms / 1000.0, false,
		    &st, err, sizeof(err));
	ob_outbox_close(ob);
	curl_global_cleanup();
	cli_free(h);
	_exit(0);
}

void
ob_cli_after(struct ob_cli *h, bool ok)
{
	pid_t pid;

	if (h == NULL)
		return;
	if (ok && h->conf.budget_ms > 0) {
		fflush(NULL);
		pid = fork();
		if (pid == 0)
			child(h);
	}
	cli_free(h);
}

static int
cmd_deliver(struct ob_cli *h, struct ob_outbox *ob, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "now", no_argument, NULL, 'n' },
		{ "budget", required_argument, NULL, 'b' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 }
	};
	double budget = 0;
	bool all = false, quiet = false;
	struct ob_stats st;
	int64_t pending = 0, failed = 0;
	char err[1024], *end;
	int o;

	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'n': all = true; break;
		case 'q': quiet = true; break;
		case 'b':
			budget = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' || budget < 0) {
				fprintf(stderr, PROG ": deliver: --budget wants"
				    " seconds\n");
				return 1;
			}
			break;
		default:
			fprintf(stderr, PROG ": deliver: unknown option or "
			    "missing value: '%s'\n", argv[optind - 1]);
			return 1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, PROG ": deliver: unexpected argument '%s'\n",
		    argv[optind]);
		return 1;
	}
	if (ob_engine_run(&h->conf, ob, budget, all, &st, err,
	    sizeof(err)) < 0 || ob_outbox_count(ob, "pending", &pending) < 0 ||
	    ob_outbox_count(ob, "failed", &failed) < 0) {
		fprintf(stderr, PROG ": deliver: %s\n", *err ? err :
		    ob_outbox_error(ob));
		return 1;
	}
	if (!quiet)
		printf("delivered %d, retry later %d, failed %d; outbox: %lld"
		    " pending, %lld failed\n", st.delivered, st.retried,
		    st.failed, (long long)pending, (long long)failed);
	return 0;
}

static int
cmd_outbox(struct ob_outbox *ob, int argc, char **argv)
{
	bool all = false, json = false;
	long long id;
	char *end;
	int i, rc;

	if (argc == 3 && strcmp(argv[1], "retry") == 0) {
		errno = 0;
		id = strtoll(argv[2], &end, 10);
		if (*argv[2] == '\0' || *end != '\0' || errno || id <= 0) {
			fprintf(stderr, PROG ": outbox retry: wants one "
			    "delivery ID\n");
			return 1;
		}
		if ((rc = ob_outbox_retry(ob, id)) < 0) {
			fprintf(stderr, PROG ": outbox retry: %s\n",
			    ob_outbox_error(ob));
			return 1;
		}
		if (rc == 0) {
			fprintf(stderr, PROG ": outbox retry: no undelivered"
			    " delivery %lld\n", id);
			return 1;
		}
		printf("delivery %lld pending again\n", id);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--all") == 0) {
			all = true;
		} else if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else {
			fprintf(stderr, PROG ": outbox: unexpected argument"
			    " '%s'\n", argv[i]);
			return 1;
		}
	}
	if (ob_outbox_list(ob, stdout, all, json) < 0) {
		fprintf(stderr, PROG ": outbox: %s\n", ob_outbox_error(ob));
		return 1;
	}
	return 0;
}

int
ob_cli_main(const char *config, bool config_given, const char *db,
    int busy_ms, int argc, char **argv)
{
	struct ob_cli h;
	struct ob_outbox *ob = NULL;
	char err[1024];
	int rc = 1;

	memset(&h, 0, sizeof(h));
	if (ob_conf_load(&h.conf, config, config_given, err,
	    sizeof(err)) < 0) {
		fprintf(stderr, PROG ": %s\n", err);
		goto out;
	}
	if ((ob = ob_outbox_open(db, busy_ms, err, sizeof(err))) == NULL) {
		fprintf(stderr, PROG ": outbox %s\n", err);
		goto out;
	}
	if (strcmp(argv[0], "outbox") == 0) {
		rc = cmd_outbox(ob, argc, argv);
		goto out;
	}
	if (do_register(ob, &h.conf) < 0) {
		fprintf(stderr, PROG ": deliver: %s\n", ob_outbox_error(ob));
		goto out;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	rc = cmd_deliver(&h, ob, argc, argv);
	curl_global_cleanup();
out:
	ob_outbox_close(ob);
	ob_conf_free(&h.conf);
	return rc;
}
