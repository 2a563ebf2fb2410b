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
	return tap_done();
}
