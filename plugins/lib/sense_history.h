/*
 * sense_history -- where sense-agent keeps its RRD history, and the
 * windowed averages the check plugins read from it (--window).
 *
 * Layout: one RRD file per item under one directory (sense.conf
 * history.dir, the plugins' --history-dir, default below):
 *
 *   <dir>/cpu.rrd              all CPUs: pct user system iowait steal irq
 *   <dir>/cpu/<N>.rrd          core N (as cpuN in /proc/stat): pct
 *   <dir>/mem.rrd              memory: pct used
 *   <dir>/swap.rrd             swap: pct used (unknown without swap)
 *   <dir>/disk/<MOUNT>.rrd     one filesystem: pct ipct used avail
 *   <dir>/net/<IFNAME>.rrd     one interface: pct rx tx
 *
 * Data sources (all GAUGE): "pct" is the figure the plugins and the
 * agent judge (percent, unrounded), ipct the inode used percent, used
 * and avail bytes, rx and tx bits per second, the CPU breakdown in
 * percent.  An unknown figure is stored as unknown, never as 0.
 *
 * MOUNT and IFNAME are escaped (sense_history_escape): slashes at both
 * ends dropped, "/" inside becomes "-", bytes outside [A-Za-z0-9_.]
 * (and a leading ".") become %XX; "/" alone is "-".  So "/" is
 * disk/-.rrd, "/var/lib" disk/var-lib.rrd, "/srv/a-b" disk/srv-a%2Db.rrd.
 *
 * Archives: AVERAGE at the sample step (a day by default), AVERAGE and
 * MAX at 5 minutes (a week) and at 1 hour (a year); sense.conf
 * history.archives changes them for files created afterwards.
 *
 * Reading: the plugins must not link librrd (its load alone costs more
 * than a whole plugin run), so librrd is dlopen()ed only when a window
 * is asked for.
 */
#ifndef SENSE_HISTORY_H
#define SENSE_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "sense_check.h"
#include "sense_plugin.h"

#define SENSE_HISTORY_DIR	"/var/lib/sense/rrd"
#define SENSE_HISTORY_ENV	"SENSE_HISTORY_DIR"
#define SENSE_HISTORY_LIBRRD	"librrd.so.8"

/* The kinds of item, each with its file name pattern above. */
enum sense_history_kind {
	SENSE_HIST_CPU,
	SENSE_HIST_CORE,
	SENSE_HIST_MEM,
	SENSE_HIST_SWAP,
	SENSE_HIST_DISK,
	SENSE_HIST_NET
};

/*
 * Escape a mount point or interface name for a file name (see above).
 * Returns 0, or -1 when it does not fit in buf.
 */
int	sense_history_escape(const char *name, char *buf, size_t size);

/*
 * The file of an item relative to the history directory ("cpu.rrd",
 * "disk/var.rrd").  name is the core number, mount point or interface
 * name (ignored for cpu, mem, swap).  Returns 0, or -1 when it does not
 * fit.
 */
int	sense_history_file(char *buf, size_t size, enum sense_history_kind k,
	    const char *name);

/* $SENSE_HISTORY_DIR when set and not empty, else SENSE_HISTORY_DIR. */
const char *sense_history_default_dir(void);

/*
 * Parse a duration: a number of seconds, or numbers with units s m h d
 * w (week) y (365 d), e.g. "300", "5m", "1h30m".  Returns 0 with the
 * seconds (> 0) in *secs, or -1.
 */
int	sense_history_duration(const char *s, double *secs);

/* Format seconds as the largest exact units ("5m", "1h30m", "45s"). */
void	sense_history_duration_format(double secs, char *buf, size_t size);

/* A windowed average read from one RRD file. */
struct sense_history_avg {
	double		avg;		/* mean of the known rows */
	double		max;
	unsigned	n;		/* known rows in the window */
	unsigned	rows;		/* rows in the window, known or not */
	unsigned long	step;		/* seconds per row */
	time_t		last;		/* last update of the file */
};

/*
 * Average DS ds of the RRD file path over the window seconds that end at
 * the file's last update, with librrd loaded on demand.  The last update
 * must lie within the window before now.  Returns 0, or -1 with a
 * one-line reason in why ("no history: ...").
 */
int	sense_history_average(const char *path, const char *ds, double window,
	    time_t now, struct sense_history_avg *a, char *why,
	    size_t whylen);

/* One figure of a plugin judged on its history (sense_history_check). */
struct sense_history_item {
	const char		*text;	/* "memory", "/var", "eth0" */
	const char		*perf;	/* perfdata label base ("busy") */
	enum sense_history_kind	 kind;
	const char		*name;	/* as for sense_history_file */
	const char		*ds;	/* "pct", "ipct" */
	const struct sense_range *warn;
	const struct sense_range *crit;
};

/*
 * For a plugin run with --window: judge the item's average over
 * p->window from the history in p->history_dir, raise c's state, and
 * append "TEXT V% (5m avg)" to the summary ("(5m avg of 20/30 samples)"
 * when rows are unknown), a long-output line and the perfdata
 * 'PERF_5m'.  No history, or known values for less than half the
 * window's rows, makes it UNKNOWN with the reason.
 * Returns the item's state.
 */
enum sense_state sense_history_check(const struct sense_plugin *p,
	    struct sense_check *c, const struct sense_history_item *it);

#endif
