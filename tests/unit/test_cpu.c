/*
 * The CPU core as data: /proc/stat pairs -> exact utilization and state
 * (cases C1, C2 of tests/cases; clamping, zero elapsed, hotplug, the
 * state-file text round trip, malformed input).
 */
#include <stdlib.h>

#include "sense_check.h"
#include "sense_cpu.h"
#include "sense_range.h"
#include "../lib/tap.h"

struct pair_case {
	const char	*name;
	const char	*t0;
	const char	*t1;
	bool		 iowait_busy;
	bool		 valid;
	double		 busy, user, system, iowait, steal, irq, guest;
	enum sense_state state;		/* against the defaults 70/90 */
};

static const struct pair_case pairs[] = {
	{ "C1 guest time is inside user, not added",
	  "cpu 1000 0 500 8000 100 0 0 0 0 0\n",
	  "cpu 1600 0 600 8100 100 0 0 0 500 0\n", false, true,
	  87.5, 75, 12.5, 0, 0, 0, 62.5, SENSE_WARNING },
	{ "C2 steal is busy; 70.00 exactly is OK",
	  "cpu 1000 0 0 8000 0 0 0 0 0 0\n",
	  "cpu 1300 0 0 8300 0 0 0 400 0 0\n", false, true,
	  70, 30, 0, 0, 40, 0, 0, SENSE_OK },
	{ "guest_nice is inside nice",
	  "cpu 0 1000 0 1000 0 0 0 0 0 0\n",
	  "cpu 0 1900 0 1100 0 0 0 0 0 900\n", false, true,
	  90, 90, 0, 0, 0, 0, 90, SENSE_WARNING },
	{ "iowait is idle by default",
	  "cpu 0 0 0 0 0 0 0 0 0 0\n",
	  "cpu 100 0 0 100 800 0 0 0 0 0\n", false, true,
	  10, 10, 0, 80, 0, 0, 0, SENSE_OK },
	{ "iowait counts busy with iowait_busy",
	  "cpu 0 0 0 0 0 0 0 0 0 0\n",
	  "cpu 100 0 0 100 800 0 0 0 0 0\n", true, true,
	  90, 10, 0, 80, 0, 0, 0, SENSE_WARNING },
	{ "irq and softirq are busy and summed",
	  "cpu 0 0 0 0 0 0 0 0 0 0\n",
	  "cpu 0 0 0 89 0 5 6 0 0 0\n", false, true,
	  11, 0, 0, 0, 0, 11, 0, SENSE_OK },
	{ "90.01 is CRITICAL",
	  "cpu 0 0 0 0 0 0 0 0 0 0\n",
	  "cpu 9001 0 0 999 0 0 0 0 0 0\n", false, true,
	  90.01, 90.01, 0, 0, 0, 0, 0, SENSE_CRITICAL },
	{ "90.00 is WARNING",
	  "cpu 0 0 0 0 0 0 0 0 0 0\n",
	  "cpu 9000 0 0 1000 0 0 0 0 0 0\n", false, true,
	  90, 90, 0, 0, 0, 0, 0, SENSE_WARNING },
	{ "70.01 is WARNING",
	  "cpu 0 0 0 0 0 0 0 0 0 0\n",
	  "cpu 7001 0 0 2999 0 0 0 0 0 0\n", false, true,
	  70.01, 70.01, 0, 0, 0, 0, 0, SENSE_WARNING },
	{ "a field going backwards is clamped to 0",
	  "cpu 500 0 0 1000 200 0 0 0 0 0\n",
	  "cpu 600 0 0 1300 100 0 0 0 0 0\n", false, true,
	  25, 25, 0, 0, 0, 0, 0, SENSE_OK },
	{ "idle going backwards cannot push busy over 100",
	  "cpu 100 0 0 5000 0 0 0 0 0 0\n",
	  "cpu 200 0 0 4000 0 0 0 0 0 0\n", false, true,
	  100, 100, 0, 0, 0, 0, 0, SENSE_CRITICAL },
	{ "guest delta larger than user delta is capped at user",
	  "cpu 100 0 0 100 0 0 0 0 0 0\n",
	  "cpu 150 0 0 150 0 0 0 0 900 0\n", false, true,
	  50, 50, 0, 0, 0, 0, 50, SENSE_OK },
	{ "zero elapsed: no figure",
	  "cpu 1 2 3 4 5 6 7 8 0 0\n",
	  "cpu 1 2 3 4 5 6 7 8 0 0\n", false, false,
	  0, 0, 0, 0, 0, 0, 0, SENSE_OK },
	{ "everything backwards (counters reset): no figure",
	  "cpu 900 900 900 900 900 900 900 900 0 0\n",
	  "cpu 1 1 1 1 1 1 1 1 0 0\n", false, false,
	  0, 0, 0, 0, 0, 0, 0, SENSE_OK },
	{ "only guest moved: no elapsed time",
	  "cpu 0 0 0 0 0 0 0 0 0 0\n",
	  "cpu 0 0 0 0 0 0 0 0 50 50\n", false, false,
	  0, 0, 0, 0, 0, 0, 0, SENSE_OK },
	{ "Linux 2.4 lines: four fields, the rest 0",
	  "cpu 10 0 10 80\n", "cpu 20 0 20 160\n", false, true,
	  20, 10, 10, 0, 0, 0, 0, SENSE_OK },
	{ "64-bit counters beyond 2^32",
	  "cpu 8589934592 0 0 8589934592 0 0 0 0 0 0\n",
	  "cpu 8589935392 0 0 8589934792 0 0 0 0 0 0\n", false, true,
	  80, 80, 0, 0, 0, 0, 0, SENSE_WARNING },
};

static void
run_pair(const struct pair_case *pc)
{
	struct sense_cpu_sample a, b;
	struct sense_cpu_usage u;
	struct sense_range w, c;
	const struct sense_cpu_util *x = &u.all;
	char name[160];

	sense_range_upper(&w, 70);
	sense_range_upper(&c, 90);
	if (sense_cpu_sample_parse(pc->t0, &a) < 0 ||
	    sense_cpu_sample_parse(pc->t1, &b) < 0) {
		tap_ok(0, "%s: parse", pc->name);
		return;
	}
	sense_cpu_usage(&a, &b, pc->iowait_busy, &u);
	snprintf(name, sizeof(name), "%s: valid", pc->name);
	TAP_IS_INT(x->valid, pc->valid, name);
	if (pc->valid) {
		snprintf(name, sizeof(name), "%s: busy %g", pc->name,
		    pc->busy);
		TAP_IS_NUM(x->busy, pc->busy, 1e-9, name);
		snprintf(name, sizeof(name), "%s: busy + idle = 100",
		    pc->name);
		TAP_IS_NUM(x->busy + x->idle, 100, 1e-9, name);
		snprintf(name, sizeof(name), "%s: user/system/iowait/steal/"
		    "irq/guest", pc->name);
		tap_ok(fabs(x->user - pc->user) < 1e-9 &&
		    fabs(x->system - pc->system) < 1e-9 &&
		    fabs(x->iowait - pc->iowait) < 1e-9 &&
		    fabs(x->steal - pc->steal) < 1e-9 &&
		    fabs(x->irq - pc->irq) < 1e-9 &&
		    fabs(x->guest - pc->guest) < 1e-9, "%s", name);
		if (fabs(x->user - pc->user) >= 1e-9 ||
		    fabs(x->guest - pc->guest) >= 1e-9)
			printf("#   user %g guest %g system %g\n", x->user,
			    x->guest, x->system);
		snprintf(name, sizeof(name), "%s: state %s", pc->name,
		    sense_state_name(pc->state));
		TAP_IS_INT(sense_judge(x->busy, &w, &c), pc->state, name);
	}
	sense_cpu_usage_free(&u);
	sense_cpu_sample_free(&a);
	sense_cpu_sample_free(&b);
}

/* Cores matched by number; a new core has no figure, a gone one none. */
static void
test_hotplug(void)
{
	struct sense_cpu_sample a, b;
	struct sense_cpu_usage u;

	sense_cpu_sample_parse("cpu 0 0 0 0 0 0 0 0 0 0\n"
	    "cpu0 0 0 0 0 0 0 0 0 0 0\n"
	    "cpu1 0 0 0 0 0 0 0 0 0 0\n"
	    "cpu2 0 0 0 0 0 0 0 0 0 0\n", &a);
	sense_cpu_sample_parse("cpu 300 0 0 300 0 0 0 0 0 0\n"
	    "cpu0 100 0 0 100 0 0 0 0 0 0\n"
	    "cpu2 200 0 0 0 0 0 0 0 0 0\n"
	    "cpu3 0 0 0 200 0 0 0 0 0 0\n", &b);
	sense_cpu_usage(&a, &b, false, &u);
	TAP_IS_INT(u.ncores, 3, "hotplug: one result per core of the newer "
	    "sample");
	TAP_IS_INT(u.cores[0].id, 0, "hotplug: cpu0 first");
	TAP_IS_NUM(u.cores[0].busy, 50, 1e-9, "hotplug: cpu0 50%");
	TAP_IS_INT(u.cores[1].id, 2, "hotplug: cpu2 matched by number");
	TAP_IS_NUM(u.cores[1].busy, 100, 1e-9, "hotplug: cpu2 100%");
	TAP_IS_INT(u.cores[2].id, 3, "hotplug: cpu3 is new");
	TAP_IS_INT(u.cores[2].valid, 0, "hotplug: new core has no figure");
	TAP_IS_NUM(u.all.busy, 50, 1e-9, "hotplug: aggregate 50%");
	sense_cpu_usage_free(&u);
	sense_cpu_sample_free(&a);
	sense_cpu_sample_free(&b);
	sense_cpu_usage_free(NULL);
	sense_cpu_sample_free(NULL);
}

static void
test_roundtrip(void)
{
	struct sense_cpu_sample a, b;
	char *text;
	int i, same = 1;

	tap_ok(sense_cpu_sample_parse("cpu  2094 1 1822 105177 249 3 26 "
	    "7 11 13\ncpu0 747 0 727 53178 11 0 4 0 0 0\n"
	    "cpu1 1347 0 1094 51999 238 0 22 1 0 0\n"
	    "intr 135341 0 0\nctxt 302633\nbtime 1764860000\n", &a) == 0,
	    "parse a real /proc/stat");
	TAP_IS_INT(a.ncores, 2, "two cores");
	TAP_IS_INT(a.all.v[SENSE_CPU_GUEST_NICE], 13, "tenth field kept");
	TAP_IS_INT(a.cores[1].v[SENSE_CPU_USER], 1347, "cpu1 user");
	a.time = 1764860123.5;
	text = sense_cpu_sample_format(&a);
	tap_ok(sense_cpu_sample_parse(text, &b) == 0, "format parses back");
	for (i = 0; i < SENSE_CPU_NFIELDS; i++)
		if (a.all.v[i] != b.all.v[i] ||
		    a.cores[1].v[i] != b.cores[1].v[i])
			same = 0;
	tap_ok(same && b.ncores == 2 && b.cores[1].id == 1,
	    "round trip keeps every field");
	TAP_IS_NUM(b.time, 1764860123.5, 1e-6, "round trip keeps the time");
	free(text);
	sense_cpu_sample_free(&a);
	sense_cpu_sample_free(&b);
}

static void
test_malformed(void)
{
	static const char *const bad[] = {
		"",
		"intr 1 2 3\n",
		"cpu 1 2 3\n",
		"cpu 1 2 x 4\n",
		"cpu 1 2 3 4-5\n",
		"cpu 1 2 3 4\ncpu 1 2 3 4\n",
		"cpu 1 2 3 4\ncpu0 1 2 3 4\ncpu0 1 2 3 4\n",
		"cpu 1 2 3 4\ncpu3 1 2 3 4\ncpu1 1 2 3 4\ncpu3 1 2 3 4\n",
		"cpu 99999999999999999999 2 3 4\n",
		"cpu 1 2 3 4\ncpuX 1 2 3 4\n",
		"cpu 1 2 3 4\ncpu0\n",
		"time nan\ncpu 1 2 3 4\n",
		"time -5\ncpu 1 2 3 4\n",
	};
	struct sense_cpu_sample s;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tap_ok(sense_cpu_sample_parse(bad[i], &s) < 0 &&
		    s.cores == NULL, "malformed #%zu rejected", i);
		sense_cpu_sample_free(&s);
	}
	tap_ok(sense_cpu_sample_parse("cpu 1 2 3 4 5 6 7 8 9 10 11 12\n",
	    &s) == 0 && s.all.v[9] == 10, "fields beyond ten ignored");
	sense_cpu_sample_free(&s);
	tap_ok(sense_cpu_sample_parse("cpu 1 2 3 4", &s) == 0,
	    "no final newline is fine");
	sense_cpu_sample_free(&s);
}

/*
 * Counters near 2^64 (a hostile or broken /proc/stat): the eight deltas
 * must not wrap when summed, so every figure stays within 0..100.
 */
static void
test_huge_counters(void)
{
	static const char *const t1[] = {
		"cpu 18446744073709551615 0 2 0 0 0 0 0 0 0\n",
		"cpu 2 0 0 18446744073709551615 0 0 0 0 0 0\n",
		"cpu 18446744073709551615 18446744073709551615 "
		    "18446744073709551615 18446744073709551615 0 0 0 0 0 0\n",
	};
	struct sense_cpu_sample a, b;
	struct sense_cpu_util u;
	size_t i;

	for (i = 0; i < sizeof(t1) / sizeof(t1[0]); i++) {
		sense_cpu_sample_parse("cpu 0 0 0 0 0 0 0 0 0 0\n", &a);
		sense_cpu_sample_parse(t1[i], &b);
		sense_cpu_util(&a.all, &b.all, false, &u);
		tap_ok(u.valid && u.busy >= 0 && u.busy <= 100 &&
		    u.user >= 0 && u.user <= 100 && u.system >= 0 &&
		    u.system <= 100 && u.idle >= 0 && u.idle <= 100,
		    "2^64-1 counters #%zu: figures within 0..100 "
		    "(busy %g, user %g, system %g, idle %g)", i, u.busy,
		    u.user, u.system, u.idle);
		TAP_IS_NUM(u.busy + u.idle, 100, 1e-6,
		    "2^64-1 counters: busy + idle is 100");
		sense_cpu_sample_free(&a);
		sense_cpu_sample_free(&b);
	}
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		run_pair(&pairs[i]);
	test_huge_counters();
	test_hotplug();
	test_roundtrip();
	test_malformed();
	return tap_done();
}
