/*
 * The memory core as data: meminfo text -> exact used %, swap % and
 * state (cases M1, M2, M3 of tests/cases; the fallback without
 * MemAvailable, clamping, malformed input).
 */
#include <stdlib.h>

#include "sense_check.h"
#include "sense_mem.h"
#include "sense_range.h"
#include "../lib/tap.h"

struct mem_case {
	const char	*name;
	const char	*text;
	double		 used_pct;
	bool		 estimated;
	bool		 swap_present;
	double		 swap_pct;
	enum sense_state state;		/* memory, against 70/90 */
	enum sense_state swap_state;	/* swap, against 70/90 */
};

#define M1_BASE \
	"MemTotal:       1056743416 kB\n" \
	"MemFree:        653040840 kB\n" \
	"Buffers:        1322236 kB\n" \
	"Cached:         147247296 kB\n" \
	"Shmem:          8695952 kB\n" \
	"SReclaimable:   9278192 kB\n"

static const struct mem_case cases[] = {
	{ "M1 caches are not used memory",
	  M1_BASE "MemAvailable:   799941548 kB\n"
	  "SwapTotal: 0 kB\nSwapFree: 0 kB\n",
	  24.301250815647382, false, false, 0, SENSE_OK, SENSE_OK },
	{ "M1 without MemAvailable: the documented fallback",
	  M1_BASE "SwapTotal: 0 kB\nSwapFree: 0 kB\n",
	  24.08823183999852, true, false, 0, SENSE_OK, SENSE_OK },
	{ "M2 available already excludes cache",
	  "MemTotal: 3880640 kB\nMemFree: 100000 kB\n"
	  "MemAvailable: 3605332 kB\nBuffers: 1000 kB\nCached: 2000 kB\n",
	  7.094396800527749, false, false, 0, SENSE_OK, SENSE_OK },
	{ "M2 with other Buffers/Cached: the same figure",
	  "MemTotal: 3880640 kB\nMemFree: 100000 kB\n"
	  "MemAvailable: 3605332 kB\nBuffers: 900000 kB\n"
	  "Cached: 2500000 kB\n",
	  7.094396800527749, false, false, 0, SENSE_OK, SENSE_OK },
	{ "M3 no swap: absent, no division",
	  "MemTotal: 1000 kB\nMemAvailable: 500 kB\n"
	  "SwapTotal:             0 kB\nSwapFree:              0 kB\n",
	  50, false, false, 0, SENSE_OK, SENSE_OK },
	{ "M3 full swap: 100% CRITICAL",
	  "MemTotal: 1000 kB\nMemAvailable: 500 kB\n"
	  "SwapTotal: 2097148 kB\nSwapFree: 0 kB\n",
	  50, false, true, 100, SENSE_OK, SENSE_CRITICAL },
	{ "swap 75% WARNING",
	  "MemTotal: 1000 kB\nMemAvailable: 500 kB\n"
	  "SwapTotal: 4000 kB\nSwapFree: 1000 kB\n",
	  50, false, true, 75, SENSE_OK, SENSE_WARNING },
	{ "SwapFree above SwapTotal: clamped to 0",
	  "MemTotal: 1000 kB\nMemAvailable: 500 kB\n"
	  "SwapTotal: 4000 kB\nSwapFree: 5000 kB\n",
	  50, false, true, 0, SENSE_OK, SENSE_OK },
	{ "MemAvailable above MemTotal: 0%, never negative",
	  "MemTotal: 1000 kB\nMemAvailable: 1200 kB\n",
	  0, false, false, 0, SENSE_OK, SENSE_OK },
	{ "fallback above MemTotal: clamped, never negative",
	  "MemTotal: 1000 kB\nMemFree: 900 kB\nBuffers: 100 kB\n"
	  "Cached: 500 kB\nShmem: 10 kB\n",
	  0, true, false, 0, SENSE_OK, SENSE_OK },
	{ "fallback with Shmem above the rest: clamped, 100%",
	  "MemTotal: 1000 kB\nMemFree: 10 kB\nCached: 20 kB\n"
	  "Shmem: 50 kB\n",
	  100, true, false, 0, SENSE_CRITICAL, SENSE_OK },
	{ "70.0 exactly is OK",
	  "MemTotal: 10000 kB\nMemAvailable: 3000 kB\n",
	  70, false, false, 0, SENSE_OK, SENSE_OK },
	{ "70.01 is WARNING",
	  "MemTotal: 10000 kB\nMemAvailable: 2999 kB\n",
	  70.01, false, false, 0, SENSE_WARNING, SENSE_OK },
	{ "90.0 is WARNING",
	  "MemTotal: 10000 kB\nMemAvailable: 1000 kB\n",
	  90, false, false, 0, SENSE_WARNING, SENSE_OK },
	{ "90.01 is CRITICAL",
	  "MemTotal: 10000 kB\nMemAvailable: 999 kB\n",
	  90.01, false, false, 0, SENSE_CRITICAL, SENSE_OK },
	{ "a MemAvailable of 0 is a figure, not a missing line",
	  "MemTotal: 10000 kB\nMemAvailable: 0 kB\nMemFree: 9000 kB\n",
	  100, false, false, 0, SENSE_CRITICAL, SENSE_OK },
};

static void
run_case(const struct mem_case *mc)
{
	struct sense_mem_info m;
	struct sense_mem_usage u;
	struct sense_range w, c;
	char name[160];

	sense_range_upper(&w, 70);
	sense_range_upper(&c, 90);
	if (sense_mem_parse(mc->text, &m) < 0) {
		tap_ok(0, "%s: parse", mc->name);
		return;
	}
	sense_mem_usage(&m, &u);
	snprintf(name, sizeof(name), "%s: used %.4f%%", mc->name,
	    mc->used_pct);
	TAP_IS_NUM(u.used_pct, mc->used_pct, 1e-9, name);
	snprintf(name, sizeof(name), "%s: used + available = total",
	    mc->name);
	tap_ok(u.used + u.available == u.total && u.used_pct >= 0 &&
	    u.used_pct <= 100, "%s", name);
	snprintf(name, sizeof(name), "%s: estimated %d", mc->name,
	    mc->estimated);
	TAP_IS_INT(u.estimated, mc->estimated, name);
	snprintf(name, sizeof(name), "%s: swap present %d", mc->name,
	    mc->swap_present);
	TAP_IS_INT(u.swap_present, mc->swap_present, name);
	if (mc->swap_present) {
		snprintf(name, sizeof(name), "%s: swap %g%%", mc->name,
		    mc->swap_pct);
		TAP_IS_NUM(u.swap_pct, mc->swap_pct, 1e-9, name);
		snprintf(name, sizeof(name), "%s: swap state %s", mc->name,
		    sense_state_name(mc->swap_state));
		TAP_IS_INT(sense_judge(u.swap_pct, &w, &c), mc->swap_state,
		    name);
	}
	snprintf(name, sizeof(name), "%s: state %s", mc->name,
	    sense_state_name(mc->state));
	TAP_IS_INT(sense_judge(u.used_pct, &w, &c), mc->state, name);
}

static void
test_parse(void)
{
	static const char *const bad[] = {
		"",
		"MemFree: 100 kB\n",
		"MemTotal: 0 kB\n",
		"MemTotal: x kB\n",
		"MemTotal: 100 kB\nMemAvailable: -5 kB\n",
		"MemTotal: 100 MB\n",
		"MemTotal: 99999999999999999999 kB\n",
		/* Nothing to tell free memory by: not "all used". */
		"MemTotal: 100 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n",
		/* Swap without its free line: not "swap all used". */
		"MemTotal: 100 kB\nMemAvailable: 50 kB\nSwapTotal: 8 kB\n",
	};
	struct sense_mem_info m;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		tap_ok(sense_mem_parse(bad[i], &m) < 0,
		    "malformed meminfo #%zu rejected", i);
	tap_ok(sense_mem_parse("MemTotal:       24683784 kB\n"
	    "MemFree: 1 kB\n"
	    "Hugepagesize:       2048 kB\nHugePages_Total:       0\n"
	    "DirectMap1G:    1048576 kB\nCommitted_AS:   1 kB", &m) == 0,
	    "other lines, lines without kB and no final newline are fine");
	TAP_IS_INT(m.total, 24683784ULL * 1024, "kB become bytes, 64-bit");
	TAP_IS_INT(m.has_available, 0, "no MemAvailable line noticed");
}

/*
 * The fallback estimate sums four lines of up to 2^64 bytes each: the
 * sum must saturate, not wrap to a small "available" (and 100% used).
 */
static void
test_estimate_overflow(void)
{
	struct sense_mem_info m;
	struct sense_mem_usage u;

	tap_ok(sense_mem_parse("MemTotal: 9007199254740992 kB\n"
	    "MemFree: 9007199254740992 kB\nBuffers: 9007199254740992 kB\n"
	    "Cached: 9007199254740992 kB\n"
	    "SReclaimable: 9007199254740992 kB\n", &m) == 0,
	    "2^63-byte lines parse");
	sense_mem_usage(&m, &u);
	TAP_IS_NUM(u.used_pct, 0, 0, "estimate saturates: 0% used, not 100%");
	TAP_IS_INT(u.available, m.total, "available clamped to MemTotal");
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	test_estimate_overflow();
	test_parse();
	return tap_done();
}
