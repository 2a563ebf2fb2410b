/* sense_check -- plugin result and output; see sense_check.h. */
#include "sense_check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sense_num.h"
#include "sense_util.h"

static const char *const state_names[] = {
	"OK", "WARNING", "CRITICAL", "UNKNOWN"
};

const char *
sense_state_name(enum sense_state s)
{
	if ((unsigned)s > SENSE_UNKNOWN)
		s = SENSE_UNKNOWN;
	return state_names[s];
}

int
sense_state_severity(enum sense_state s)
{
	switch (s) {
	case SENSE_OK:		return 0;
	case SENSE_UNKNOWN:	return 1;
	case SENSE_WARNING:	return 2;
	case SENSE_CRITICAL:	return 3;
	}
	return 1;
}

enum sense_state
sense_state_worst(enum sense_state a, enum sense_state b)
{
	return sense_state_severity(a) >= sense_state_severity(b) ? a : b;
}

enum sense_state
sense_judge(double v, const struct sense_range *warn,
    const struct sense_range *crit)
{
	if (crit != NULL && sense_range_alert(crit, v))
		return SENSE_CRITICAL;
	if (warn != NULL && sense_range_alert(warn, v))
		return SENSE_WARNING;
	return SENSE_OK;
}

void
sense_buf_append(struct sense_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->data = sense_xrealloc(b->data, cap);
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
sense_buf_vprintf(struct sense_buf *b, const char *fmt, va_list ap)
{
	char small[256];
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		sense_buf_append(b, small, (size_t)n);
		return;
	}
	sense_buf_append(b, "", 0);
	if (b->len + (size_t)n + 1 > b->cap) {
		b->cap = b->len + (size_t)n + 1;
		b->data = sense_xrealloc(b->data, b->cap);
	}
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
sense_buf_printf(struct sense_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sense_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
sense_buf_free(struct sense_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

void
sense_check_init(struct sense_check *c, const char *name)
{
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->state = SENSE_OK;
}

void
sense_check_free(struct sense_check *c)
{
	if (c == NULL)
		return;
	sense_buf_free(&c->summary);
	sense_buf_free(&c->longout);
	sense_buf_free(&c->perf);
}

void
sense_check_raise(struct sense_check *c, enum sense_state s)
{
	c->state = sense_state_worst(c->state, s);
}

void
sense_check_summary(struct sense_check *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sense_buf_vprintf(&c->summary, fmt, ap);
	va_end(ap);
}

/*
 * Control characters (a newline in a mount point's name, decoded from
 * mountinfo's \012) would end the line early: blank them from b's
 * byte `from` on.
 */
static void
blank_controls(struct sense_buf *b, size_t from)
{
	size_t i;

	for (i = from; i < b->len; i++)
		if ((unsigned char)b->data[i] < 0x20 || b->data[i] == 0x7f)
			b->data[i] = ' ';
}

void
sense_check_long(struct sense_check *c, const char *fmt, ...)
{
	size_t start = c->longout.len;
	va_list ap;

	va_start(ap, fmt);
	sense_buf_vprintf(&c->longout, fmt, ap);
	va_end(ap);
	blank_controls(&c->longout, start);
	sense_buf_append(&c->longout, "\n", 1);
}

void
sense_perf_label(struct sense_buf *b, const char *label)
{
	const char *p;

	if (*label != '\0' && strspn(label, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789_.-") == strlen(label)) {
		sense_buf_append(b, label, strlen(label));
		return;
	}
	sense_buf_append(b, "'", 1);
	for (p = label; *p != '\0'; p++) {
		if (*p == '\'')
			sense_buf_append(b, "''", 2);
		else if (*p == '=' || *p == '|' ||
		    (unsigned char)*p < 0x20 || *p == 0x7f)
			sense_buf_append(b, "_", 1);
		else
			sense_buf_append(b, p, 1);
	}
	sense_buf_append(b, "'", 1);
}

static void
perf_range(struct sense_buf *b, const struct sense_range *r)
{
	char buf[SENSE_RANGE_LEN];

	sense_buf_append(b, ";", 1);
	if (r == NULL)
		return;
	sense_range_format(r, buf, sizeof(buf));
	sense_buf_append(b, buf, strlen(buf));
}

static void
perf_num(struct sense_buf *b, double v, bool lead)
{
	char buf[SENSE_NUM_LEN];

	if (lead)
		sense_buf_append(b, ";", 1);
	if (isnan(v))
		return;
	sense_num_format(v, buf, sizeof(buf));
	sense_buf_append(b, buf, strlen(buf));
}

void
sense_check_perf(struct sense_check *c, const char *label, double value,
    const char *uom, const struct sense_range *warn,
    const struct sense_range *crit, double min, double max)
{
	struct sense_buf *b = &c->perf;
	char num[SENSE_NUM_LEN];

	if (b->len > 0)
		sense_buf_append(b, " ", 1);
	sense_perf_label(b, label);
	sense_buf_append(b, "=", 1);
	sense_num_format(value, num, sizeof(num));
	/*
	 * 90.0000001 against 90 is CRITICAL but "90" would read as
	 * WARNING: when rounding to 6 decimals changes the verdict, print
	 * every digit it takes.
	 */
	if (!isnan(value) && sense_judge(strtod(num, NULL), warn, crit) !=
	    sense_judge(value, warn, crit))
		sense_num_exact(value, num, sizeof(num));
	sense_buf_append(b, num, strlen(num));
	if (!isnan(value) && uom != NULL)
		sense_buf_append(b, uom, strlen(uom));
	perf_range(b, warn);
	perf_range(b, crit);
	perf_num(b, min, true);
	perf_num(b, max, true);
	/* Trailing empty fields carry nothing; drop them. */
	while (b->len > 0 && b->data[b->len - 1] == ';')
		b->data[--b->len] = '\0';
}

/* Write s with every '|' replaced, so text can never split perfdata. */
static void
put_text(FILE *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fputc(s[i] == '|' ? '/' : s[i], out);
}

int
sense_check_finish(struct sense_check *c, FILE *out)
{
	fprintf(out, "%s %s", c->name, sense_state_name(c->state));
	if (c->summary.len > 0) {
		/* Plugins may append to summary directly: clean it here. */
		blank_controls(&c->summary, 0);
		fputs(" - ", out);
		put_text(out, c->summary.data, c->summary.len);
	}
	if (c->perf.len > 0) {
		fputs(" | ", out);
		fputs(c->perf.data, out);
	}
	fputc('\n', out);
	if (c->longout.len > 0)
		put_text(out, c->longout.data, c->longout.len);
	fflush(out);
	return (int)c->state;
}
