/* Nagios range grammar and evaluation, including the field cases. */
#include "sense_check.h"
#include "sense_range.h"
#include "../lib/tap.h"

struct alert_case {
	double		 value;
	const char	*range;
	int		 alert;
};

/* ../shared/cases/plugins.md, "Thresholds", plus the grammar's corners. */
static const struct alert_case alert_cases[] = {
	{ 90.0, "90", 0 },
	{ 90.0001, "90", 1 },
	{ -1, "90", 1 },
	{ 90.0, "~:90", 0 },
	{ 90.0, "@90", 1 },
	{ 70.0, "70:", 0 },
	{ 0, "~:0", 0 },
	{ 0.5, "~:0", 1 },
	{ 1, "1:1", 0 },
	{ 1, "@1:1", 1 },
	{ 69.99, "70:", 1 },
	{ 10, "10:20", 0 },
	{ 20.5, "10:20", 1 },
	{ 15, "@10:20", 1 },
	{ 25, "@10:20", 0 },
	{ -1e9, "~:5", 0 },
	{ 1e12, "5:", 0 },
	{ -5, "-10:-1", 0 },
	{ 0, "-10:-1", 1 },
};

static const char *const bad_ranges[] = {
	"", "abc", "10:5", "1e3", "0x10", "nan", "inf", "~", ":", "5:a",
	"@", "1:2:3", " 5", "5 ", "~:~", "--1",
};

struct fmt_case {
	const char *in, *out;
};

static const struct fmt_case fmt_cases[] = {
	{ "90", "90" }, { "70:", "70:" }, { "~:90", "~:90" },
	{ "@90", "@0:90" }, { "10:20", "10:20" }, { "@10.5:20", "@10.5:20" },
	{ "0:90", "90" },
};

int
main(void)
{
	struct sense_range r, w, c, s;
	const char *why;
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(alert_cases) / sizeof(alert_cases[0]); i++) {
		const struct alert_case *t = &alert_cases[i];

		if (sense_range_parse(t->range, &r, &why) < 0) {
			tap_ok(0, "parse '%s': %s", t->range, why);
			continue;
		}
		tap_ok(sense_range_alert(&r, t->value) == t->alert,
		    "%g against '%s' %s", t->value, t->range,
		    t->alert ? "alerts" : "does not alert");
	}
	for (i = 0; i < sizeof(bad_ranges) / sizeof(bad_ranges[0]); i++) {
		why = NULL;
		tap_ok(sense_range_parse(bad_ranges[i], &r, &why) < 0 &&
		    why != NULL, "'%s' is rejected with a reason",
		    bad_ranges[i]);
	}
	for (i = 0; i < sizeof(fmt_cases) / sizeof(fmt_cases[0]); i++) {
		sense_range_parse(fmt_cases[i].in, &r, &why);
		sense_range_format(&r, buf, sizeof(buf));
		TAP_IS_STR(buf, fmt_cases[i].out, fmt_cases[i].in);
	}

	/* The default thresholds: 70.0 OK, 70.01 WARNING, 90.0 WARNING. */
	sense_range_upper(&w, 70);
	sense_range_upper(&c, 90);
	TAP_IS_INT(sense_judge(70.0, &w, &c), SENSE_OK, "70.0 is OK");
	TAP_IS_INT(sense_judge(70.01, &w, &c), SENSE_WARNING,
	    "70.01 is WARNING");
	TAP_IS_INT(sense_judge(90.0, &w, &c), SENSE_WARNING,
	    "90.0 is WARNING");
	TAP_IS_INT(sense_judge(90.01, &w, &c), SENSE_CRITICAL,
	    "90.01 is CRITICAL");
	TAP_IS_INT(sense_judge(89.58, &w, &c), SENSE_WARNING,
	    "89.58 (D2, df would print 90%) is WARNING");

	/* Percent thresholds as bytes (D7): floored, same base. */
	s = sense_range_scale(&w, 1033601024 / 100.0, true);
	sense_range_format(&s, buf, sizeof(buf));
	TAP_IS_STR(buf, "723520716", "70% of 1033601024 B");
	s = sense_range_scale(&c, 1033601024 / 100.0, true);
	sense_range_format(&s, buf, sizeof(buf));
	TAP_IS_STR(buf, "930240921", "90% of 1033601024 B");

	TAP_IS_INT(sense_state_worst(SENSE_UNKNOWN, SENSE_WARNING),
	    SENSE_WARNING, "WARNING outranks UNKNOWN");
	TAP_IS_INT(sense_state_worst(SENSE_OK, SENSE_UNKNOWN), SENSE_UNKNOWN,
	    "UNKNOWN outranks OK");
	TAP_IS_INT(sense_state_worst(SENSE_CRITICAL, SENSE_WARNING),
	    SENSE_CRITICAL, "CRITICAL outranks WARNING");
	return tap_done();
}
