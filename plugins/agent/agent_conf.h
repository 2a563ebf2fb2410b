/*
 * agent_conf -- sense-agent's part of sense.conf: the `thresholds` and
 * `agent` groups, checked strictly (an unknown or mistyped setting is
 * an error naming file:line), with the defaults filled in.
 */
#ifndef AGENT_CONF_H
#define AGENT_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sense_disk.h"
#include "sense_range.h"

#define AGENT_RANGE_TEXT	64

/* A warning/critical pair, parsed and as written (for the MIB). */
struct agent_thr {
	struct sense_range	warn;
	struct sense_range	crit;
	char			warn_txt[AGENT_RANGE_TEXT];
	char			crit_txt[AGENT_RANGE_TEXT];
};

/* thresholds.mounts: one mount point's own thresholds. */
struct agent_mount_rule {
	char		*path;
	struct agent_thr thr;
	struct agent_thr ithr;		/* inodes */
};

/* thresholds.interfaces: one interface's thresholds and speed. */
struct agent_if_rule {
	char		*name;
	struct agent_thr thr;
	int64_t		 speed_mbps;	/* -1: the link's own speed */
};

struct agent_conf {
	char		*path;		/* the file read, NULL: defaults */
	unsigned	 interval;	/* seconds between samples */
	unsigned	 confirm;	/* samples a new state must hold */
	unsigned	 ping_interval;	/* AgentX ping/reconnect, seconds */
	char		*master;	/* AgentX master address, NULL */
	char		*procfs;
	char		*sysfs;
	double		 statvfs_timeout;
	bool		 loopback;	/* list loopback interfaces */
	char		**if_exclude;
	size_t		 nif_exclude;
	struct sense_disk_sel sel;

	struct agent_thr cpu, mem, swap, disk, inode, net;
	struct agent_mount_rule *mounts;
	size_t		 nmounts;
	struct agent_if_rule *ifs;
	size_t		 nifs;
};

/* Fill *c with the built-in defaults (70/90, 10 s, ...). */
void	agent_conf_defaults(struct agent_conf *c);

/*
 * Read path into *c (defaults first, then the file).  Returns 0, or -1
 * with "file:line: reason" in err; *c must be freed either way.
 */
int	agent_conf_load(struct agent_conf *c, const char *path, char *err,
	    size_t errlen);

/* Free everything *c owns; accepts a zeroed or half-loaded conf. */
void	agent_conf_free(struct agent_conf *c);

/* The rule for a mount point or an interface name, or NULL. */
const struct agent_mount_rule *agent_conf_mount(const struct agent_conf *c,
	    const char *path);
const struct agent_if_rule *agent_conf_if(const struct agent_conf *c,
	    const char *name);

/* Whether interface name (loopback or not) is left out of the table. */
bool	agent_conf_if_skipped(const struct agent_conf *c, const char *name,
	    bool loopback);

#endif
