/*
 * sense_range -- Nagios threshold ranges.
 *
 * Grammar (monitoring-plugins' guidelines):  [@][START:]END
 *   "10"     alert when v < 0 or v > 10
 *   "10:"    alert when v < 10
 *   "~:10"   alert when v > 10           (~ is minus infinity)
 *   "10:20"  alert when v < 10 or v > 20
 *   "@10:20" alert when 10 <= v <= 20    (inverted)
 * Bounds are inclusive: a value equal to a bound never alerts unless the
 * range is inverted.  Values are compared unrounded.
 */
#ifndef SENSE_RANGE_H
#define SENSE_RANGE_H

#include <stdbool.h>
#include <stddef.h>

#include "sense_num.h"

struct sense_range {
	double	start;		/* ignored when start_inf */
	double	end;		/* ignored when end_inf */
	bool	start_inf;	/* "~:" */
	bool	end_inf;	/* "N:" */
	bool	inside;		/* "@": alert inside instead of outside */
	bool	set;		/* false: never alerts, prints as empty */
};

/*
 * Parse text into *r.  Returns 0, or -1 with *why set to a static
 * one-line reason.  Rejects empty text, trailing garbage, NaN/inf,
 * and start > end.
 */
int	sense_range_parse(const char *text, struct sense_range *r,
	    const char **why);

/* A plain "0:end" range, as the default thresholds 70 and 90. */
void	sense_range_upper(struct sense_range *r, double end);

/* True when v is outside the range (inside for "@" ranges). */
bool	sense_range_alert(const struct sense_range *r, double v);

/*
 * The same range with every finite bound multiplied by factor (used to
 * turn percent thresholds into bytes).  With integral set the start is
 * rounded up and the end down, so an integer value alerts against the
 * result exactly when it alerts against the unrounded bounds.
 */
struct sense_range sense_range_scale(const struct sense_range *r,
	    double factor, bool integral);

/*
 * Write the range back in the grammar above, each bound in the shortest
 * form that reads back as exactly the bound judged; "" for an unset
 * range.  SENSE_RANGE_LEN bytes always suffice.
 */
#define SENSE_RANGE_LEN	(2 * SENSE_NUM_LEN + 4)
void	sense_range_format(const struct sense_range *r, char *buf,
	    size_t size);

#endif
