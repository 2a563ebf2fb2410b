/* sense_range -- Nagios threshold ranges; see sense_range.h. */
#include "sense_range.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sense_num.h"

/* Parse one bound: a plain decimal number, nothing else. */
static int
parse_bound(const char *s, size_t len, double *out)
{
	char buf[64];

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return sense_num_parse(buf, out);
}

int
sense_range_parse(const char *text, struct sense_range *r, const char **why)
{
	const char *p = text, *colon;

	memset(r, 0, sizeof(*r));
	if (p == NULL || *p == '\0') {
		*why = "empty range";
		return -1;
	}
	if (*p == '@') {
		r->inside = true;
		p++;
	}
	colon = strchr(p, ':');
	if (colon == NULL) {
		/* "N": 0..N */
		if (parse_bound(p, strlen(p), &r->end) < 0)
			goto bad;
		r->start = 0;
	} else {
		if (colon == p + 1 && *p == '~')
			r->start_inf = true;
		else if (parse_bound(p, (size_t)(colon - p), &r->start) < 0)
			goto bad;
		if (colon[1] == '\0')
			r->end_inf = true;
		else if (parse_bound(colon + 1, strlen(colon + 1), &r->end) < 0)
			goto bad;
	}
	if (!r->start_inf && !r->end_inf && r->start > r->end) {
		*why = "range start is greater than its end";
		return -1;
	}
	r->set = true;
	return 0;
bad:
	*why = "not a number in range (expected [@][START:]END, ~ for -inf)";
	return -1;
}

void
sense_range_upper(struct sense_range *r, double end)
{
	memset(r, 0, sizeof(*r));
	r->end = end;
	r->set = true;
}

bool
sense_range_alert(const struct sense_range *r, double v)
{
	bool in;

	if (!r->set)
		return false;
	if (isnan(v))
		return true;
	in = (r->start_inf || v >= r->start) && (r->end_inf || v <= r->end);
	return r->inside ? in : !in;
}

struct sense_range
sense_range_scale(const struct sense_range *r, double factor, bool integral)
{
	struct sense_range s = *r;

	s.start = r->start * factor;
	s.end = r->end * factor;
	/*
	 * A lower bound rounds up and an upper one down: an integer v is
	 * below start exactly when it is below ceil(start), above end
	 * exactly when above floor(end).
	 */
	if (integral) {
		s.start = ceil(s.start);
		s.end = floor(s.end);
	}
	return s;
}

void
sense_range_format(const struct sense_range *r, char *buf, size_t size)
{
	char a[SENSE_NUM_LEN], b[SENSE_NUM_LEN];

	if (!r->set) {
		snprintf(buf, size, "%s", "");
		return;
	}
	/* The bounds as judged, not rounded: "69.99999999" stays so. */
	sense_num_exact(r->start, a, sizeof(a));
	sense_num_exact(r->end, b, sizeof(b));
	if (r->start_inf)
		snprintf(a, sizeof(a), "~");
	if (!r->start_inf && r->start == 0 && !r->end_inf && !r->inside)
		snprintf(buf, size, "%s", b);
	else
		snprintf(buf, size, "%s%s:%s", r->inside ? "@" : "", a,
		    r->end_inf ? "" : b);
}
