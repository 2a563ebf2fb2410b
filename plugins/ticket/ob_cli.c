/* ob_cli -- outbox, deliver and the notify hooks; see ob_cli.h. */
#include "ob_cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ob_conf.h"
#include "ob_outbox.h"
#include "sense_util.h"

#define PROG "sense-ticket"

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
outbox_retry(struct ob_outbox *ob, const char *arg)
{
	long long id;
	char *end;
	int rc;

	errno = 0;
	id = strtoll(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || errno || id <= 0) {
		fprintf(stderr, PROG ": outbox retry: wants one delivery ID\n");
		return 1;
	}
	if ((rc = ob_outbox_retry(ob, id)) < 0) {
		fprintf(stderr, PROG ": outbox retry: %s\n",
		    ob_outbox_error(ob));
		return 1;
	}
	if (rc == 0) {
		fprintf(stderr, PROG ": outbox retry: no undelivered delivery"
		    " %lld\n", id);
		return 1;
	}
	printf("delivery %lld pending again\n", id);
	return 0;
}

int
ob_cli_outbox(const char *db, int busy_ms, int argc, char **argv)
{
	struct ob_outbox *ob;
	bool all = false, json = false;
	bool retry = argc == 3 && strcmp(argv[1], "retry") == 0;
	char err[1024];
	int i, rc = 1;

	for (i = 1; !retry && i < argc; i++) {
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
	if ((ob = ob_outbox_open(db, busy_ms, err, sizeof(err))) == NULL) {
		fprintf(stderr, PROG ": outbox %s\n", err);
		return 1;
	}
	if (retry)
		rc = outbox_retry(ob, argv[2]);
	else if (ob_outbox_list(ob, stdout, all, json) < 0)
		fprintf(stderr, PROG ": outbox: %s\n", ob_outbox_error(ob));
	else
		rc = 0;
	ob_outbox_close(ob);
	return rc;
}

/*
 * sense-ticket-deliver beside the running program: the build tree and
 * an installation both keep the two in one directory.
 */
static int
deliver_path(char *buf, size_t size)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n <= 0)
		return -1;
	self[n] = '\0';
	if ((slash = strrchr(self, '/')) == NULL)
		return -1;
	*slash = '\0';
	if ((size_t)snprintf(buf, size, "%s/" OB_DELIVER_PROG, self) >= size)
		return -1;
	return 0;
}

/* argv for sense-ticket-deliver: the caller frees the array only. */
static char **
deliver_argv(const char *config, bool config_given, const char *db,
    int argc, char **argv)
{
	char **v = sense_xcalloc((size_t)argc + 6, sizeof(char *));
	int n = 0, i;

	v[n++] = (char *)OB_DELIVER_PROG;
	if (config_given) {
		v[n++] = (char *)"--config";
		v[n++] = (char *)config;
	}
	v[n++] = (char *)"--db";
	v[n++] = (char *)db;
	for (i = 0; i < argc; i++)
		v[n++] = argv[i];
	return v;
}

int
ob_cli_exec_deliver(const char *config, bool config_given, const char *db,
    int argc, char **argv)
{
	char path[PATH_MAX], **v;

	if (deliver_path(path, sizeof(path)) < 0) {
		fprintf(stderr, PROG ": deliver: cannot find "
		    OB_DELIVER_PROG "\n");
		return 1;
	}
	v = deliver_argv(config, config_given, db, argc - 1, argv + 1);
	fflush(NULL);
	execv(path, v);
	fprintf(stderr, PROG ": deliver: %s: %s\n", path, strerror(errno));
	free(v);
	return 1;
}

int
ob_cli_prepare(const config_t *cfg, struct tk_store *s)
{
	struct ob_conf c;
	const char *names[3];
	char err[1024];
	int n, budget = 0;

	if (ob_conf_from(&c, cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, PROG ": helpdesk: %s (changes still queue"
		    " for the back ends configured before)\n", err);
		goto out;
	}
	n = ob_conf_names(&c, names);
	if (s->ops->backends != NULL)
		s->ops->backends(s, names, n);
	if (n > 0)
		budget = c.budget_ms;
out:
	ob_conf_free(&c);
	return budget;
}

void
ob_cli_spawn(const char *config, bool config_given, const char *db,
    int budget_ms)
{
	char path[PATH_MAX], secs[32], **v;
	char *args[] = { (char *)"deliver", (char *)"--budget", secs,
	    (char *)"--quiet" };
	pid_t pid;
	int fd;

	if (budget_ms <= 0 || deliver_path(path, sizeof(path)) < 0)
		return;
	snprintf(secs, sizeof(secs), "%.3f", budget_ms / 1000.0);
	v = deliver_argv(config, config_given, db, 3, args + 1);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		/* Its own session: Icinga's timeout kill of the command's
		 * group must not cut a delivery short. */
		setsid();
		if ((fd = open("/dev/null", O_RDWR)) >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
		execv(path, v);
		_exit(127);
	}
	free(v);
}
