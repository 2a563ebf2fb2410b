/*
 * sense_util -- small helpers shared by every part: allocation that
 * never returns NULL, whole-file reads, path joining.
 */
#ifndef SENSE_UTIL_H
#define SENSE_UTIL_H

#include <stddef.h>
#include <sys/types.h>

/* Allocate or abort with a message: out of memory is not recoverable. */
void	*sense_xmalloc(size_t n);
void	*sense_xcalloc(size_t n, size_t size);
void	*sense_xrealloc(void *p, size_t n);
char	*sense_xstrdup(const char *s);

/*
 * Read a whole (small, e.g. /proc) file into a new NUL-terminated
 * buffer.  Returns the buffer (caller frees) and its length in *len,
 * or NULL with errno set.  Reads at most max bytes (0: 16 MiB).
 */
char	*sense_read_file(const char *path, size_t max, size_t *len);

/*
 * Join root and rel ("/proc" + "stat") into buf.  Returns buf, or NULL
 * when it does not fit (errno ENAMETOOLONG).
 */
char	*sense_path(char *buf, size_t size, const char *root,
	    const char *rel);

/* Sleep s seconds (fractions allowed), resuming after signals. */
void	 sense_sleep(double s);

/* Monotonic and wall clock in seconds. */
double	 sense_now_mono(void);
double	 sense_now_wall(void);

/*
 * Seconds since boot, suspend included (CLOCK_BOOTTIME, the clock of
 * /proc/uptime): never goes back within one boot, whatever is done to
 * the wall clock.
 */
double	 sense_now_boot(void);

#endif
