/*
 * sense_check -- one plugin run's result: state, status line, long output
 * and perfdata, printed in the Nagios plugin format:
 *
 *   NAME STATE - summary | perf1 perf2
 *   long output line
 *   ...
 *
 * The exit code is decided here and only here (sense_check_finish).
 */
#ifndef SENSE_CHECK_H
#define SENSE_CHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "sense_range.h"

enum sense_state {
	SENSE_OK = 0,
	SENSE_WARNING = 1,
	SENSE_CRITICAL = 2,
	SENSE_UNKNOWN = 3
};

/* A growable string; all-zero is the empty string. */
struct sense_buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

struct sense_check {
	const char		*name;		/* "CPU", "DISK", ... */
	enum sense_state	 state;
	struct sense_buf	 summary;
	struct sense_buf	 longout;
	struct sense_buf	 perf;
};

/* "OK", "WARNING", "CRITICAL", "UNKNOWN". */
const char	*sense_state_name(enum sense_state s);

/*
 * How bad a state is, for ordering: OK 0, UNKNOWN 1, WARNING 2,
 * CRITICAL 3 (the order of monitoring-plugins' max_state_alt).
 */
int	sense_state_severity(enum sense_state s);

/* Worst of two states: the one of higher severity (a on a tie). */
enum sense_state sense_state_worst(enum sense_state a, enum sense_state b);

/* The state of v against warn and crit ranges (either may be unset). */
enum sense_state sense_judge(double v, const struct sense_range *warn,
		    const struct sense_range *crit);

void	sense_check_init(struct sense_check *c, const char *name);
void	sense_check_free(struct sense_check *c);

/* Raise the check's state to s if s is worse. */
void	sense_check_raise(struct sense_check *c, enum sense_state s);

/* Append to the status line (after "NAME STATE - "). */
void	sense_check_summary(struct sense_check *c, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Append one line of long output (a newline is added; control
 * characters in the text, newlines included, become blanks).
 */
void	sense_check_long(struct sense_check *c, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Append one perfdata item 'label'=value[uom];warn;crit;min;max.
 * uom is one of "", "%", "B", "c", "s".  value NaN prints "U".  The
 * value has at most 6 decimals unless that rounding would be judged
 * differently against warn/crit; thresholds print exactly.
 * warn/crit may be NULL or unset (printed empty); min/max NaN print empty.
 */
void	sense_check_perf(struct sense_check *c, const char *label,
	    double value, const char *uom, const struct sense_range *warn,
	    const struct sense_range *crit, double min, double max);

/*
 * Print the whole result to out and return the exit code (the state).
 * '|' in any text is replaced by '/', since it would split perfdata;
 * control characters in the summary become blanks (one status line).
 */
int	sense_check_finish(struct sense_check *c, FILE *out);

/* sense_buf helpers shared by the modules. */
void	sense_buf_printf(struct sense_buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	sense_buf_vprintf(struct sense_buf *b, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));
void	sense_buf_append(struct sense_buf *b, const char *s, size_t n);
void	sense_buf_free(struct sense_buf *b);

/*
 * Perfdata label quoting: quoted unless [A-Za-z0-9_.-]+, ' doubled;
 * '=', '|' and control characters become '_'.
 */
void	sense_perf_label(struct sense_buf *b, const char *label);

#endif
