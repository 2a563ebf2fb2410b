/*
 * sense_plugin -- what every check plugin shares: the common options
 * (-w -c -t -v -h -V --procfs --sysfs --state-dir --window
 * --history-dir), their defaults,
 * usage and error reporting in the Nagios plugin conventions.
 *
 * A plugin passes its own long options (values >= 256 or letters not
 * used by the common set) and a handler for them.
 */
#ifndef SENSE_PLUGIN_H
#define SENSE_PLUGIN_H

#include <getopt.h>
#include <stdbool.h>

#include "sense_range.h"

#define SENSE_DEFAULT_WARN	70.0
#define SENSE_DEFAULT_CRIT	90.0
#define SENSE_DEFAULT_TIMEOUT	10.0

struct sense_plugin {
	const char	*prog;		/* "check_sense_cpu" */
	const char	*name;		/* "CPU": the status line's 1st word */
	const char	*synopsis;	/* plugin options for the usage line */
	const char	*help;		/* plugin options, one per line */
	struct sense_range warn;	/* -w, default 70 */
	struct sense_range crit;	/* -c, default 90 */
	bool		 warn_given;
	bool		 crit_given;
	double		 timeout;	/* -t, default 10 s */
	int		 verbose;	/* -v count, at most 3 */
	const char	*procfs;	/* --procfs, default /proc */
	const char	*sysfs;		/* --sysfs, default /sys */
	bool		 keeps_state;	/* set before parsing: cpu, net */
	const char	*state_dir;	/* --state-dir, else the per-user
					   default when keeps_state, else
					   NULL */
	char		 state_dir_buf[4096];
	double		 window;	/* --window seconds, 0: off */
	const char	*history_dir;	/* --history-dir (sense_history.h) */
};

/*
 * A plugin option handler: returns 0, or -1 with *why set to a one-line
 * reason (the option is named by the caller).
 */
typedef int (*sense_opt_fn)(void *ctx, int opt, const char *arg,
	    const char **why);

/*
 * Fill *p with the defaults, then parse argv.  extra is a
 * {0}-terminated option table (may be NULL), extra_short the matching
 * getopt letters ("" when none).
 *
 * Returns -1 when the plugin should go on, otherwise the exit code main
 * must return: 0 after --help/--version, 3 after a usage error (the
 * one-line reason and the usage are already printed on stdout).
 */
int	sense_plugin_parse(struct sense_plugin *p, int argc, char **argv,
	    const struct option *extra, const char *extra_short,
	    sense_opt_fn fn, void *ctx);

/*
 * Parse a range option argument into *r, for plugin-specific threshold
 * options.  0 or -1 with *why set.
 */
int	sense_plugin_range(const char *arg, struct sense_range *r,
	    const char **why);

/* Print to stderr when p->verbose >= level. */
void	sense_verbose(const struct sense_plugin *p, int level,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
