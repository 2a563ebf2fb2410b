/*
 * sense_mem -- memory and swap utilization from /proc/meminfo.
 *
 * Memory used % = (MemTotal - MemAvailable) / MemTotal: MemAvailable is
 * the kernel's own estimate of what can be had without swapping, so page
 * cache, buffers and reclaimable slab never count as used.  Kernels
 * before 3.14 have no MemAvailable; then it is estimated as
 *     MemFree + Buffers + Cached + SReclaimable - Shmem
 * (Shmem sits inside Cached but cannot be dropped), clamped to
 * 0..MemTotal: the shape of the kernel's estimate without its watermark
 * reserve, so it errs on the low (optimistic) side by that reserve.
 *
 * Swap used % = (SwapTotal - SwapFree) / SwapTotal; with SwapTotal 0 the
 * swap is absent (no figure, no division).  No figure is ever negative.
 */
#ifndef SENSE_MEM_H
#define SENSE_MEM_H

#include <stdbool.h>
#include <stdint.h>

/* The meminfo lines sense uses, in bytes. */
struct sense_mem_info {
	uint64_t	total;
	uint64_t	free;
	uint64_t	available;	/* valid when has_available */
	uint64_t	buffers;
	uint64_t	cached;
	uint64_t	shmem;
	uint64_t	sreclaimable;
	uint64_t	swap_total;
	uint64_t	swap_free;
	bool		has_available;
};

struct sense_mem_usage {
	uint64_t	total;		/* bytes */
	uint64_t	used;		/* total - available */
	uint64_t	available;	/* as reported or estimated */
	double		used_pct;	/* 0..100 */
	bool		estimated;	/* no MemAvailable: the fallback */
	bool		swap_present;	/* SwapTotal > 0 */
	uint64_t	swap_total;
	uint64_t	swap_used;
	double		swap_pct;	/* 0..100, valid when swap_present */
};

/*
 * Parse meminfo text into *m.  Unknown lines are ignored; a missing
 * line reads as 0.  Returns 0, or -1 when MemTotal is missing, zero or
 * malformed, a used line is malformed, there is neither MemAvailable
 * nor MemFree, or SwapTotal is above 0 without a SwapFree line.
 */
int	sense_mem_parse(const char *text, struct sense_mem_info *m);

/*
 * Read procfs_root/meminfo into *m.  Returns 0, or -1 with errno set
 * (EINVAL: unparsable contents).
 */
int	sense_mem_read(const char *procfs_root, struct sense_mem_info *m);

/* Compute the utilization of *m into *u (see the top of this file). */
void	sense_mem_usage(const struct sense_mem_info *m,
	    struct sense_mem_usage *u);

#endif
