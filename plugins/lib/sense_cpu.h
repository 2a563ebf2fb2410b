/*
 * sense_cpu -- CPU time samples from /proc/stat and utilization between
 * two of them.
 *
 * Reading and computing are separate: a plugin loads its previous sample
 * from a state file (sense_cpu_sample_parse of sense_cpu_sample_format's
 * text), the agent keeps its previous sample in memory; both call
 * sense_cpu_usage on the pair.
 *
 * Semantics (see README, "Threshold semantics"):
 *   - all ten fields of the "cpu" and "cpuN" lines, 64-bit; fields a
 *     kernel does not print are 0;
 *   - guest and guest_nice are already counted inside user and nice, so
 *     the elapsed total is the sum of the first eight fields (the ten
 *     minus guest and guest_nice) and guest time is never counted twice;
 *   - busy = elapsed - idle - iowait (iowait is busy with iowait_busy);
 *     steal, irq and softirq are busy;
 *   - a field that went backwards contributes 0 (clamped), so every
 *     figure is within 0..100;
 *   - no elapsed time means no figure (valid = false), never a 0.
 */
#ifndef SENSE_CPU_H
#define SENSE_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum sense_cpu_field {
	SENSE_CPU_USER,
	SENSE_CPU_NICE,
	SENSE_CPU_SYSTEM,
	SENSE_CPU_IDLE,
	SENSE_CPU_IOWAIT,
	SENSE_CPU_IRQ,
	SENSE_CPU_SOFTIRQ,
	SENSE_CPU_STEAL,
	SENSE_CPU_GUEST,
	SENSE_CPU_GUEST_NICE,
	SENSE_CPU_NFIELDS
};

/* One "cpu" or "cpuN" line, in USER_HZ ticks. */
struct sense_cpu_times {
	int		id;	/* -1 for the "cpu" line, N for "cpuN" */
	uint64_t	v[SENSE_CPU_NFIELDS];
};

struct sense_cpu_sample {
	double			 time;	 /* when read, 0 unknown (see _read) */
	struct sense_cpu_times	 all;	 /* the aggregate "cpu" line */
	struct sense_cpu_times	*cores;	 /* "cpuN" lines, in file order */
	size_t			 ncores;
};

/* Utilization of one CPU (or all) over an interval, in percent. */
struct sense_cpu_util {
	int		id;	 /* -1: all CPUs, N: cpuN */
	bool		valid;	 /* false: no time elapsed, no figures */
	uint64_t	elapsed; /* ticks in the interval (eight fields) */
	double		busy;	 /* 100 - idle */
	double		user;	 /* user + nice (guest time included) */
	double		system;
	double		iowait;
	double		steal;
	double		irq;	 /* irq + softirq */
	double		guest;	 /* guest + guest_nice, part of user */
	double		idle;	 /* idle, + iowait unless iowait_busy */
};

struct sense_cpu_usage {
	struct sense_cpu_util	 all;
	struct sense_cpu_util	*cores;	/* one per core of the newer sample */
	size_t			 ncores;
};

/*
 * Parse /proc/stat text (or sense_cpu_sample_format's text) into *s,
 * which the caller frees with sense_cpu_sample_free.  Lines other than
 * cpu lines and the state text's "time" line are ignored.  Returns 0,
 * or -1 (*s left empty) when there is no "cpu" line, a cpu or time line
 * is malformed, or a cpu line repeats.
 */
int	sense_cpu_sample_parse(const char *text, struct sense_cpu_sample *s);

/*
 * Read procfs_root/stat into *s and stamp it with the time: seconds
 * since boot (sense_now_boot) for "/proc", the wall clock for any other
 * root.  Only the difference of two stamps of one root means anything.
 * Returns 0, or -1 with errno set (EINVAL: unparsable contents).
 */
int	sense_cpu_sample_read(const char *procfs_root,
	    struct sense_cpu_sample *s);

/*
 * The sample as text for a state file (a "time" line and the cpu lines
 * in /proc/stat form).  The caller frees the returned string.
 */
char	*sense_cpu_sample_format(const struct sense_cpu_sample *s);

/* Free the sample's cores and empty it; NULL and empty are fine. */
void	sense_cpu_sample_free(struct sense_cpu_sample *s);

/*
 * Utilization of one CPU between prev and cur (same CPU) into *u.
 * u->valid is false when no tick elapsed.
 */
void	sense_cpu_util(const struct sense_cpu_times *prev,
	    const struct sense_cpu_times *cur, bool iowait_busy,
	    struct sense_cpu_util *u);

/*
 * Utilization of all CPUs and of each core of cur between prev and cur,
 * into *u (caller frees with sense_cpu_usage_free).  Cores are matched by
 * number: a core that is new in cur is listed with valid = false; a core
 * gone from cur is dropped.
 */
void	sense_cpu_usage(const struct sense_cpu_sample *prev,
	    const struct sense_cpu_sample *cur, bool iowait_busy,
	    struct sense_cpu_usage *u);

/* Free the per-core results and empty *u; NULL is fine. */
void	sense_cpu_usage_free(struct sense_cpu_usage *u);

#endif
