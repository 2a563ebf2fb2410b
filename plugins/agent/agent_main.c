/*
 * sense-agent -- the SENSE-UTILIZATION-MIB as a net-snmp AgentX
 * subagent.  Options follow net-snmp's daemons: -f foreground, -x the
 * master's AgentX address, -L logging, -D debug tokens; -c names
 * sense.conf and -n checks it and exits.
 *
 * The main thread runs net-snmp's event loop: AgentX requests, the
 * readings of the sampler thread (an eventfd; see agent_sampler.h) and
 * a signalfd for SIGHUP (reload) and SIGTERM/SIGINT (stop), so no
 * signal handler runs at all.  Signals are blocked before the sampler
 * starts, so they reach only the signalfd.
 */
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "agent_conf.h"
#include "agent_mib.h"
#include "agent_model.h"
#include "agent_rrd.h"
#include "agent_sampler.h"
#include "sense_conf.h"

#define APP	"sense-agent"

struct agent {
	const char		*conf_path;
	bool			 conf_given;
	const char		*master;	/* -x */
	struct agent_conf	 conf;
	struct agent_model	 model;
	struct agent_mib	 mib;
	struct agent_rrd	 rrd;		/* RRD history */
	struct agent_sampler	 sampler;
	int			 sigfd;
	bool			 stop;
	bool			 reload;
};

static void
usage(FILE *out)
{
	fprintf(out,
"usage: " APP " [-fnhV] [-c FILE] [-x ADDRESS] [-L LOGOPTS] [-D[TOKENS]]\n"
"  -f           stay in the foreground (for systemd)\n"
"  -c FILE      configuration (default " SENSE_CONF_DEFAULT ")\n"
"  -n           check the configuration, print file:line of an error, exit\n"
"  -x ADDRESS   the AgentX master socket (as snmpd -x; overrides\n"
"               agent.master), e.g. /var/agentx/master, tcp:localhost:705\n"
"  -L LOGOPTS   logging as net-snmp: -Le stderr, -Lf FILE, -Ls FACILITY,\n"
"               -LS LEVEL FACILITY, -LE LEVEL (default: -Le with -f,\n"
"               else -Ls daemon)\n"
"  -D[TOKENS]   net-snmp debug output for TOKENS (e.g. agentx/subagent)\n"
"  -h           this help;  -V  the version\n"
"Signals: SIGHUP reloads the configuration, SIGTERM stops.\n");
}

/* Read the configuration into *c; a missing default file means defaults. */
static int
load_conf(struct agent *a, struct agent_conf *c, char *err, size_t errlen)
{
	if (!a->conf_given && access(a->conf_path, F_OK) < 0 &&
	    errno == ENOENT) {
		agent_conf_defaults(c);
		return 0;
	}
	return agent_conf_load(c, a->conf_path, err, errlen);
}

static void
apply_ds(const struct agent *a)
{
	const char *master = a->master ? a->master : a->conf.master;

	if (master != NULL)
		netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID,
		    NETSNMP_DS_AGENT_X_SOCKET, master);
	/*
	 * init_agent() resets the ping interval to 15 s, so it is set
	 * after it (and before init_snmp(), which opens the session).
	 */
	netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID,
	    NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL, (int)a->conf.ping_interval);
}

/* Apply one reading, then record it in the history. */
static void
apply(struct agent *a, struct agent_reading *rd)
{
	agent_model_apply(&a->model, rd);
	agent_rrd_sample(&a->rrd, &a->model, rd->now);
}

/* The sampler thread has readings: apply them in order. */
static void
on_readings(int fd, void *ctx)
{
	struct agent *a = ctx;
	struct agent_reading **q;
	size_t i, n;

	(void)fd;
	n = agent_sampler_drain(&a->sampler, &q);
	for (i = 0; i < n; i++) {
		apply(a, q[i]);
		agent_reading_free(q[i]);
		free(q[i]);
	}
	free(q);
}

static void
on_signal(int fd, void *ctx)
{
	struct agent *a = ctx;
	struct signalfd_siginfo si;

	while (read(fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGHUP)
			a->reload = true;
		else
			a->stop = true;
	}
}

static void
reload(struct agent *a)
{
	struct agent_conf c;
	char err[1024];

	a->reload = false;
	if (load_conf(a, &c, err, sizeof(err)) < 0) {
		snmp_log(LOG_ERR, "reload failed, keeping the old "
		    "configuration: %s\n", err);
		agent_conf_free(&c);
		return;
	}
	/* The sampler reads the configuration: not while it changes. */
	agent_sampler_pause(&a->sampler);
	agent_conf_free(&a->conf);
	a->conf = c;
	agent_sampler_resume(&a->sampler, &a->conf);
	agent_model_reconf(&a->model, &a->conf);
	if (agent_rrd_configure(&a->rrd, a->conf.path, a->conf.interval, err,
	    sizeof(err)) < 0)
		snmp_log(LOG_ERR, "history settings kept: %s\n", err);
	apply_ds(a);
	snmp_log(LOG_INFO, "reloaded %s\n", a->conf_path);
}

/* Block the signals we take through a signalfd.  Returns the fd or -1. */
static int
signal_fd(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

/* Parse argv; returns -1 to go on, else the exit code. */
static int
parse_args(struct agent *a, int argc, char **argv, bool *fg, bool *check)
{
	bool logged = false;
	int c;

	while ((c = getopt(argc, argv, "fnhVc:x:L:D::")) != -1) {
		switch (c) {
		case 'f':
			*fg = true;
			break;
		case 'n':
			*check = true;
			break;
		case 'c':
			a->conf_path = optarg;
			a->conf_given = true;
			break;
		case 'x':
			a->master = optarg;
			break;
		case 'L':
			if (snmp_log_options(optarg, argc, argv) < 0) {
				usage(stderr);
				return 1;
			}
			logged = true;
			break;
		case 'D':
			debug_register_tokens(optarg);
			snmp_set_do_debugging(1);
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf(APP " " SENSE_VERSION " (net-snmp %s)\n",
			    netsnmp_get_version());
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, APP ": unexpected argument '%s'\n",
		    argv[optind]);
		usage(stderr);
		return 1;
	}
	if (!logged) {
		if (*fg || *check)
			snmp_enable_stderrlog();
		else
			snmp_enable_syslog_ident(APP, LOG_DAEMON);
	}
	return -1;
}

/* Set up net-snmp as a subagent and connect; 0 or -1. */
static int
start(struct agent *a, bool fg)
{
	/* The agent needs no MIB files, no net-snmp config, no state. */
	setenv("MIBS", "", 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
	/* A hung master must not hold the loop (and sampling) for long. */
	netsnmp_ds_set_int(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_TIMEOUT, 1);
	netsnmp_ds_set_int(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_RETRIES, 0);
	netsnmp_enable_subagent();
	if (!fg && netsnmp_daemonize(1, 0) != 0)
		return -1;
	if ((a->sigfd = signal_fd()) < 0) {
		snmp_log(LOG_ERR, "signalfd: %s\n", strerror(errno));
		return -1;
	}
	signal(SIGPIPE, SIG_IGN);
	if (init_agent(APP) != 0)
		return -1;
	apply_ds(a);
	if (agent_model_init(&a->model, &a->conf, agent_mib_notify,
	    &a->mib) < 0 || agent_mib_init(&a->mib, &a->model) < 0)
		return -1;
	/* Values exist before the master first asks. */
	agent_model_sample(&a->model, time(NULL));
	agent_rrd_sample(&a->rrd, &a->model, a->model.last_sample);
	init_snmp(APP);
	register_readfd(a->sigfd, on_signal, a);
	if (agent_sampler_start(&a->sampler, &a->conf) < 0) {
		snmp_log(LOG_ERR, "sampler thread: %s\n", strerror(errno));
		return -1;
	}
	register_readfd(agent_sampler_fd(&a->sampler), on_readings, a);
	snmp_log(LOG_INFO, APP " " SENSE_VERSION " started, sampling every "
	    "%u s\n", a->conf.interval);
	return 0;
}

int
main(int argc, char **argv)
{
	struct agent a;
	bool fg = false, check = false;
	char err[1024];
	int rc;

	memset(&a, 0, sizeof(a));
	a.conf_path = SENSE_CONF_DEFAULT;
	a.sigfd = -1;
	if ((rc = parse_args(&a, argc, argv, &fg, &check)) >= 0)
		return rc;
	if (load_conf(&a, &a.conf, err, sizeof(err)) < 0 ||
	    agent_rrd_configure(&a.rrd, a.conf.path, a.conf.interval, err,
	    sizeof(err)) < 0) {
		fprintf(stderr, APP ": %s\n", err);
		agent_conf_free(&a.conf);
		agent_rrd_free(&a.rrd);
		return 1;
	}
	if (check) {
		if (!a.conf_given && access(a.conf_path, F_OK) < 0)
			printf(APP ": %s does not exist: built-in defaults "
			    "OK\n", a.conf_path);
		else
			printf(APP ": %s: configuration OK\n", a.conf_path);
		agent_conf_free(&a.conf);
		agent_rrd_free(&a.rrd);
		return 0;
	}
	rc = 1;
	if (start(&a, fg) < 0)
		goto out;
	while (!a.stop) {
		agent_check_and_process(1);
		if (a.reload)
			reload(&a);
		agent_mib_resend(&a.mib);
	}
	snmp_log(LOG_INFO, APP " stopping\n");
	rc = 0;
out:
	if (a.sigfd >= 0) {
		unregister_readfd(a.sigfd);
		close(a.sigfd);
	}
	if (a.sampler.running)
		unregister_readfd(agent_sampler_fd(&a.sampler));
	agent_sampler_stop(&a.sampler);
	agent_rrd_free(&a.rrd);
	agent_mib_free(&a.mib);
	snmp_shutdown(APP);
	agent_model_free(&a.model);
	agent_conf_free(&a.conf);
	return rc;
}
