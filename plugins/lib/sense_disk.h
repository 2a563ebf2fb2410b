/*
 * sense_disk -- filesystems: which ones to check and how full they are.
 *
 * Shared by check_sense_disk and sense-agent, so both select exactly the
 * same filesystems and compute the same figures:
 *
 *   mountinfo text --sense_mounts_parse--> mount entries
 *   entries + selection --sense_disk_select--> one pick per filesystem
 *   pick --bounded statvfs--> struct sense_statvfs
 *   statvfs --sense_disk_figures--> bytes and percentages (like df)
 *
 * sense_disk_measure() runs the whole chain.  Nothing here prints, exits
 * or keeps global state.
 */
#ifndef SENSE_DISK_H
#define SENSE_DISK_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sense_check.h"
#include "sense_range.h"

/* ------------------------------------------------------------ mounts */

/* One line of /proc/self/mountinfo, octal escapes (\040 ...) decoded. */
struct sense_mount {
	int		 id;
	int		 parent;
	unsigned	 major;
	unsigned	 minor;
	char		*root;		/* path inside the filesystem */
	char		*point;		/* mount point */
	char		*fstype;	/* "ext4", "fuse.sshfs", ... */
	char		*source;	/* "/dev/vda", "nas:/export", ... */
};

struct sense_mounts {
	struct sense_mount	*v;
	size_t			 n;
};

/*
 * Parse mountinfo text into *m (malformed lines are skipped; their
 * count goes to *bad when bad is not NULL).  Returns 0; the caller
 * frees *m with sense_mounts_free() either way.
 */
int	sense_mounts_parse(const char *text, struct sense_mounts *m,
	    size_t *bad);

/*
 * Read and parse PROCFS/self/mountinfo.  Returns 0, or -1 with a
 * one-line reason in err (the file named).
 */
int	sense_mounts_read(const char *procfs, struct sense_mounts *m,
	    char *err, size_t errlen);

/* Free the entries; accepts NULL and a zeroed or half-built set. */
void	sense_mounts_free(struct sense_mounts *m);

/* ------------------------------------------------------------ selection */

/*
 * True for pseudo and image filesystem types skipped by default (proc,
 * sysfs, cgroup, tmpfs, squashfs, iso9660, overlay, ...).  An overlay
 * mounted on "/" (a container's root) is kept by sense_disk_select.
 */
bool	sense_disk_pseudo_type(const char *fstype);

/*
 * True when fstype matches the type name t: equal, or t is the main
 * type of a "main.subtype" name ("fuse" matches "fuse.sshfs").
 */
bool	sense_disk_type_match(const char *fstype, const char *t);

enum sense_disk_list {
	SENSE_DISK_PATH,	/* explicit path: always checked */
	SENSE_DISK_XPATH,	/* exclude this mount point */
	SENSE_DISK_ITYPE,	/* only these types (pseudo types allowed) */
	SENSE_DISK_XTYPE,	/* never these types */
	SENSE_DISK_REGEX,	/* select mount points matching (ERE) */
	SENSE_DISK_XREGEX	/* skip mount points matching (ERE) */
};

struct sense_disk_strv {
	char	**v;
	size_t	  n;
};

struct sense_disk_rev {
	regex_t	 *v;
	size_t	  n;
};

/*
 * The selection rules.  Zeroed (or sense_disk_sel_init) means every
 * real filesystem.  Rules, in order:
 *   - explicit paths (SENSE_DISK_PATH) are always checked, whatever
 *     their type and the exclusions: a path selects the mount whose
 *     mount point it is, else the mount whose source it is (a device),
 *     else the mount with the longest mount point containing it;
 *   - when explicit paths or SENSE_DISK_REGEX are given, only those
 *     paths and the mounts matching a regex are candidates; otherwise
 *     every mount is;
 *   - a candidate is dropped when it is over-mounted (a later entry has
 *     the same mount point), its type is excluded, include types are
 *     given and it has none of them, or (no include types given) its
 *     type is pseudo, except an overlay on "/";
 *   - mounts of one device (major:minor) are one filesystem: the entry
 *     whose root is "/" and then the shortest mount point stands for it;
 *   - a filesystem whose representative's mount point is excluded or
 *     matches an exclude regex is dropped (excluding "/" does not bring
 *     in a bind mount of it instead).
 */
struct sense_disk_sel {
	struct sense_disk_strv	paths;
	struct sense_disk_strv	xpaths;
	struct sense_disk_strv	itypes;
	struct sense_disk_strv	xtypes;
	struct sense_disk_rev	regex;
	struct sense_disk_rev	xregex;
};

void	sense_disk_sel_init(struct sense_disk_sel *s);

/*
 * Add value to list `which` (copied; regexes compiled as POSIX ERE).
 * Paths must be absolute; trailing slashes are dropped.  Returns 0, or
 * -1 with *why set to a one-line reason (static or in s, valid until the
 * next call).
 */
int	sense_disk_sel_add(struct sense_disk_sel *s, enum sense_disk_list which,
	    const char *value, const char **why);

/* Free everything added; accepts NULL and a zeroed selection. */
void	sense_disk_sel_free(struct sense_disk_sel *s);

/* One selected filesystem: an index into the mounts, and how chosen. */
struct sense_disk_pick {
	size_t	mount;		/* index into sense_mounts.v */
	bool	explicit;	/* asked for with an explicit path */
};

/*
 * Apply the selection to m.  Returns the number of picks (0 is valid:
 * nothing selected) with a new array in *picks (caller frees), in
 * mountinfo order; or -1 with err set when an explicit path is held by
 * no mount.
 */
int	sense_disk_select(const struct sense_mounts *m,
	    const struct sense_disk_sel *s, struct sense_disk_pick **picks,
	    char *err, size_t errlen);

/*
 * sense_disk_select, and for every entry i of m a few static words in
 * why[i] (m->n slots) saying why it is or is not checked: "selected",
 * "asked for by path", "pseudo or image type", "over-mounted", "another
 * mount of the same device", "excluded type", ... (for -vv output).
 */
int	sense_disk_select_why(const struct sense_mounts *m,
	    const struct sense_disk_sel *s, struct sense_disk_pick **picks,
	    const char **why, char *err, size_t errlen);

/* ------------------------------------------------------------ figures */

/* The statvfs fields the figures use (struct statvfs, or test data). */
struct sense_statvfs {
	uint64_t	frsize;
	uint64_t	blocks;
	uint64_t	bfree;
	uint64_t	bavail;
	uint64_t	files;
	uint64_t	ffree;
};

/* What df shows, unrounded. */
struct sense_disk_fig {
	uint64_t	size;		/* blocks * frsize, bytes */
	uint64_t	used;		/* (blocks - bfree) * frsize */
	uint64_t	avail;		/* bavail * frsize */
	uint64_t	base;		/* used + avail: the 100% of used_pct */
	double		used_pct;	/* used / (used + avail) * 100 */
	bool		has_inodes;	/* false when files == 0 */
	uint64_t	inodes;		/* files */
	uint64_t	inodes_used;	/* files - ffree */
	double		inode_pct;	/* inodes_used / files * 100 */
};

/*
 * Figures from one statvfs result, in 64-bit integers throughout.
 * Returns 0, or -1 when blocks or frsize is 0 (no size: the filesystem
 * is not judged).  When nothing is available (bavail 0) used_pct is
 * exactly 100, even when bfree > 0 (all free space reserved).
 */
int	sense_disk_figures(const struct sense_statvfs *sv,
	    struct sense_disk_fig *f);

/*
 * A percent range turned into bytes of base: the start becomes
 * ceil(start * base / 100) and the end floor(end * base / 100), so a
 * used-bytes value alerts against
 * the result exactly when the percentage alerts against r.  With base 0
 * (nothing used, nothing available) there is no such range.
 */
struct sense_range sense_disk_byte_range(const struct sense_range *r,
	    uint64_t base);

/*
 * The state of one filesystem: the worse of used_pct against warn/crit
 * and (when present) inode_pct against iwarn/icrit.  Any range may be
 * NULL (never alerts).
 */
enum sense_state sense_disk_judge(const struct sense_disk_fig *f,
	    const struct sense_range *warn, const struct sense_range *crit,
	    const struct sense_range *iwarn, const struct sense_range *icrit);

/* ------------------------------------------------------------ measuring */

enum sense_disk_status {
	SENSE_DISK_MEASURED,	/* fig is valid */
	SENSE_DISK_NOSIZE,	/* statvfs said 0 blocks: not judged */
	SENSE_DISK_ERROR,	/* statvfs failed with errno err */
	SENSE_DISK_HUNG,	/* statvfs did not return in time */
	SENSE_DISK_NOTRUN	/* not reached: every child was stuck */
};

/*
 * statvfs(2) on paths[0..n-1], never blocking the caller for more than
 * `seconds`.  The calls run in a forked child (not a thread: a thread
 * stuck in an unkillable FUSE wait would keep the whole process from
 * exiting) that holds none of the caller's descriptors; a child that
 * stalls (no answer for min(seconds/4, 0.25 s)) hands the paths behind
 * it to a new child (at most 8), so one hung mount does not hide the
 * others.  When `seconds` run out, a path a child is stuck on is
 * SENSE_DISK_HUNG and one no child reached SENSE_DISK_NOTRUN; stuck
 * children get SIGKILL (one in an unkillable wait lingers until its
 * filesystem answers; a long-running caller should reap children, e.g.
 * waitpid(-1, ..., WNOHANG)).  stage (may be NULL) is told "statvfs
 * PATH" for the path being waited on, for sense_timeout_stage().
 * Fills status[i], err[i] (errno for SENSE_DISK_ERROR) and sv[i];
 * returns the number of hung calls.
 */
size_t	sense_disk_statvfs(const char *const *paths, size_t n, double seconds,
	    void (*stage)(const char *), enum sense_disk_status *status,
	    int *err, struct sense_statvfs *sv);

/* One measured filesystem, with copies of its mount's strings. */
struct sense_disk_fs {
	char			*point;
	char			*fstype;
	char			*source;
	unsigned		 major;
	unsigned		 minor;
	bool			 explicit;
	enum sense_disk_status	 status;
	int			 err;
	struct sense_statvfs	 sv;
	struct sense_disk_fig	 fig;	/* valid when SENSE_DISK_MEASURED */
};

struct sense_disk_set {
	struct sense_disk_fs	*v;
	size_t			 n;
	size_t			 hung;	/* how many are SENSE_DISK_HUNG */
};

/*
 * The whole chain: read PROCFS/self/mountinfo, select, statvfs each
 * pick (bounded by `seconds` in all), compute the figures.  Returns 0,
 * or -1 with err set (mountinfo unreadable, explicit path not found).
 * The caller frees *out with sense_disk_set_free() either way.
 */
int	sense_disk_measure(const char *procfs, const struct sense_disk_sel *s,
	    double seconds, void (*stage)(const char *),
	    struct sense_disk_set *out, char *err, size_t errlen);

/* Free a set; accepts NULL and a zeroed set. */
void	sense_disk_set_free(struct sense_disk_set *s);

#endif
