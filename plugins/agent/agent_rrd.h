/*
 * agent_rrd -- sense-agent's RRD history: after each sample every row of
 * the model goes into its own RRD file (layout, file names and data
 * sources in sense_history.h), so the plugins' --window and sense-graph
 * can read it.
 *
 * Settings come from the `history` group of sense.conf; without one
 * the agent keeps no history (enabled = false in the group does the
 * same).  A file is
 * created the first time its item is seen, with the archives configured
 * then; files of vanished items are left alone.  Each file is written
 * with one rrd_update_r() call carrying all its data sources for
 * `batch` samples at once (default 1: every sample).  A write error is
 * logged once per file until that file works again; it never stops
 * sampling.
 */
#ifndef AGENT_RRD_H
#define AGENT_RRD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "agent_model.h"

#define AGENT_RRD_MAX_ARCHIVES	8

/* One archive: rows of `step` seconds (0: the sample interval). */
struct agent_rrd_archive {
	unsigned	step;
	unsigned	keep;		/* seconds of history */
};

struct agent_rrd_conf {
	bool		 enabled;
	char		*dir;
	unsigned	 batch;		/* samples per write, 1..360 */
	struct agent_rrd_archive arch[AGENT_RRD_MAX_ARCHIVES];
	size_t		 narch;
};

struct agent_rrd_file;

struct agent_rrd {
	struct agent_rrd_conf	 conf;
	unsigned		 interval;	/* step of new files */
	struct agent_rrd_file	**tab;		/* hash of known files */
	size_t			 ntab;
	bool			 dir_warned;
	/* Cost, for the log and the benchmark. */
	uint64_t		 samples;
	uint64_t		 updates;	/* rrd_update_r calls */
	uint64_t		 errors;
	double			 busy;		/* seconds spent writing */
};

/* The group's defaults: enabled, SENSE_HISTORY_DIR, 1 d / 1 w / 1 y. */
void	agent_rrd_conf_defaults(struct agent_rrd_conf *c);

/*
 * Read the `history` group of the sense.conf at path into *c, defaults
 * first; with no group (or path NULL) the history is disabled.
 * Returns 0, or -1 with
 * "file:line: reason" in err; *c must be freed either way.
 */
int	agent_rrd_conf_load(struct agent_rrd_conf *c, const char *path,
	    char *err, size_t errlen);

void	agent_rrd_conf_free(struct agent_rrd_conf *c);

/*
 * (Re)configure h from sense.conf at path (NULL: defaults) for a sample
 * interval of `interval` seconds: pending samples are written first.  On
 * error h keeps its settings and -1 comes back with the reason in err.
 * A zeroed h is a valid start.
 */
int	agent_rrd_configure(struct agent_rrd *h, const char *path,
	    unsigned interval, char *err, size_t errlen);

/* Record the model's current figures at time now. */
void	agent_rrd_sample(struct agent_rrd *h, struct agent_model *m,
	    time_t now);

/* Write every pending sample. */
void	agent_rrd_flush(struct agent_rrd *h);

/* Flush, log the cost and free; accepts a zeroed h. */
void	agent_rrd_free(struct agent_rrd *h);

#endif
