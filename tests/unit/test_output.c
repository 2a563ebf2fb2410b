/* Plugin output: status line, long output, perfdata grammar. */
#include <math.h>
#include <stdlib.h>

#include "sense_check.h"
#include "sense_num.h"
#include "../lib/tap.h"

static char *
render(struct sense_check *c, int *code)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	*code = sense_check_finish(c, f);
	fclose(f);
	return buf;
}

/*
 * Numbers of any size print in full (never cut by a buffer) and ranges
 * print their bounds exactly as judged, so a perfdata reader sees the
 * thresholds the plugin used.
 */
static void
test_big_and_tiny(void)
{
	static const char *const exact[] = {
		"0.0000001", "69.99999999", "@0.000000001:1", "~:1.5",
		"99999999999999999999999999999999999999999999999999999",
	};
	char buf[SENSE_NUM_LEN], want[SENSE_NUM_LEN],
	    rbuf[2 * SENSE_NUM_LEN + 4];
	struct sense_range r;
	const char *why;
	double back;
	size_t i;

	sense_num_format(1e60, buf, sizeof(buf));
	snprintf(want, sizeof(want), "%.0f", 1e60);
	TAP_IS_STR(buf, want, "1e60 in full, not cut off");
	sense_num_format(-1.5e300, buf, sizeof(buf));
	tap_ok(strlen(buf) == 302 && strchr(buf, 'e') == NULL,
	    "-1.5e300 in full (%zu characters)", strlen(buf));
	for (i = 0; i < sizeof(exact) / sizeof(exact[0]); i++) {
		sense_range_parse(exact[i], &r, &why);
		sense_range_format(&r, rbuf, sizeof(rbuf));
		if (strchr(exact[i], '9') != NULL &&
		    strlen(exact[i]) > 40) {
			snprintf(want, sizeof(want), "%.0f", r.end);
			TAP_IS_STR(rbuf, want, "53-digit bound in full");
			continue;
		}
		TAP_IS_STR(rbuf, exact[i], "range bounds print as judged");
	}
	sense_num_short(14757395258.96, 2, buf, sizeof(buf));
	TAP_IS_STR(buf, "14757395258.96", "2 decimals, rounded once");
	sense_num_short(100.0, 2, buf, sizeof(buf));
	TAP_IS_STR(buf, "100", "no trailing zeros");
	sense_num_exact(0.1 + 0.2, buf, sizeof(buf));
	back = strtod(buf, NULL);
	tap_ok(back == 0.1 + 0.2 && strchr(buf, 'e') == NULL,
	    "exact form %s reads back as the same double", buf);
}

/* Perfdata rounded to 6 decimals must not cross its own threshold. */
static void
test_rounding_keeps_state(void)
{
	struct sense_check c;
	struct sense_range w, cr;
	const char *why;

	sense_range_upper(&w, 70);
	sense_range_upper(&cr, 90);
	sense_check_init(&c, "MEM");
	sense_check_perf(&c, "mem_used", 90.0000001, "%", &w, &cr, 0, 100);
	TAP_IS_STR(c.perf.data, "mem_used=90.0000001%;70;90;0;100",
	    "90.0000001 against 90 keeps its digits (CRITICAL, not 90)");
	sense_check_free(&c);
	sense_check_init(&c, "MEM");
	sense_check_perf(&c, "mem_used", 89.9999999, "%", &w, &cr, 0, 100);
	TAP_IS_STR(c.perf.data, "mem_used=90%;70;90;0;100",
	    "89.9999999 may round to 90: still WARNING");
	sense_check_free(&c);
	sense_range_parse("69.99999999", &w, &why);
	sense_check_init(&c, "MEM");
	sense_check_perf(&c, "mem_used", 70, "%", &w, &cr, 0, 100);
	TAP_IS_STR(c.perf.data, "mem_used=70%;69.99999999;90;0;100",
	    "a threshold with 8 decimals keeps them");
	sense_check_free(&c);
}

/* The status line stays one line whatever the text holds. */
static void
test_one_status_line(void)
{
	struct sense_check c;
	char *out;
	int code;

	sense_check_init(&c, "DISK");
	sense_check_raise(&c, SENSE_WARNING);
	sense_check_summary(&c, "/mnt/a\nb\r 80%% used");
	sense_check_long(&c, "/mnt/a\nb: 80%% used");
	sense_check_perf(&c, "/mnt/a\nb", 1, "B", NULL, NULL, 0, 2);
	out = render(&c, &code);
	TAP_IS_STR(out, "DISK WARNING - /mnt/a b  80% used | "
	    "'/mnt/a_b'=1B;;;0;2\n/mnt/a b: 80% used\n",
	    "newlines in names stay inside their line");
	free(out);
	sense_check_free(&c);
}

int
main(void)
{
	struct sense_check c;
	struct sense_range w, cr;
	char buf[64], *out;
	int code;

	sense_num_format(624001024.0, buf, sizeof(buf));
	TAP_IS_STR(buf, "624001024", "integers print plainly");
	sense_num_format(19.4e12, buf, sizeof(buf));
	TAP_IS_STR(buf, "19400000000000", "no scientific notation");
	sense_num_format(89.4736842105, buf, sizeof(buf));
	TAP_IS_STR(buf, "89.473684", "at most 6 decimals");
	sense_num_format(-0.0000001, buf, sizeof(buf));
	TAP_IS_STR(buf, "0", "no negative zero");
	sense_num_format(NAN, buf, sizeof(buf));
	TAP_IS_STR(buf, "U", "NaN is U");
	sense_num_fixed(89.58, 2, buf, sizeof(buf));
	TAP_IS_STR(buf, "89.58", "fixed keeps 2 decimals");

	sense_range_upper(&w, 70);
	sense_range_upper(&cr, 90);
	sense_check_init(&c, "DISK");
	sense_check_raise(&c, SENSE_WARNING);
	sense_check_summary(&c, "/ 89.47%% used | pipe");
	sense_check_long(&c, "/: 89.47%% used");
	sense_check_perf(&c, "/", 624001024, "B", &w, &cr, 0, 1033601024);
	sense_check_perf(&c, "it's a label", 1.5, "%", NULL, NULL, 0, 100);
	sense_check_perf(&c, "plain_label", NAN, "%", NULL, NULL, NAN, NAN);
	out = render(&c, &code);
	TAP_IS_INT(code, 1, "exit code is the state");
	TAP_IS_STR(out, "DISK WARNING - / 89.47% used / pipe | "
	    "'/'=624001024B;70;90;0;1033601024 'it''s a label'=1.5%;;;0;100 "
	    "plain_label=U\n/: 89.47% used\n", "rendered output");
	free(out);
	sense_check_free(&c);

	sense_check_init(&c, "MEM");
	out = render(&c, &code);
	TAP_IS_STR(out, "MEM OK\n", "bare OK line");
	TAP_IS_INT(code, 0, "OK exits 0");
	free(out);
	sense_check_free(&c);
	sense_check_free(NULL);
	test_big_and_tiny();
	test_rounding_keeps_state();
	test_one_status_line();
	return tap_done();
}
