/*
 * test_agent -- sense-agent's state machine and figures, as data:
 * a sequence of judgements in, the notifications and status out.
 *   A10: one notification per change; a value sitting on a threshold
 *        (or alternating around it) with confirm = 3 sends nothing;
 *   A7:  the core counters the agent's rates come from;
 *   percent in hundredths, rounded like the plugins print them.
 */
#include "../../plugins/agent/agent_model.h"
#include "sense_net.h"

#include "../lib/tap.h"

#include <math.h>
#include <string.h>

struct seen {
	int	n;
	int	old[16];
	int	now[16];
};

static void
record(void *ctx, struct agent_row *r, enum sense_state old,
    enum sense_state now)
{
	struct seen *s = ctx;

	(void)r;
	if (s->n < 16) {
		s->old[s->n] = old;
		s->now[s->n] = now;
	}
	s->n++;
}

/* Feed states (a string of 0..3, '-' = no figure) to a fresh row. */
static void
run(const char *seq, unsigned confirm, struct seen *s,
    enum sense_state *final)
{
	struct agent_conf c;
	struct agent_model m;
	struct agent_row r;
	time_t t = 1000;

	agent_conf_defaults(&c);
	c.confirm = confirm;
	memset(&m, 0, sizeof(m));
	m.conf = &c;
	m.notify = record;
	m.notify_ctx = s;
	memset(s, 0, sizeof(*s));
	memset(&r, 0, sizeof(r));
	r.status = SENSE_UNKNOWN;
	for (; *seq != '\0'; seq++, t++)
		agent_row_judge(&m, &r, *seq != '-',
		    *seq == '-' ? SENSE_OK : (enum sense_state)(*seq - '0'),
		    t);
	*final = r.status;
	agent_conf_free(&c);
}

static void
test_judge(void)
{
	struct seen s;
	enum sense_state st;

	run("0000", 1, &s, &st);
	TAP_IS_INT(s.n, 0, "first state ok: no notification");
	run("2", 1, &s, &st);
	TAP_IS_INT(s.n, 1, "first state critical: told once");
	TAP_IS_INT(s.now[0], SENSE_CRITICAL, "  as critical");
	run("0111", 1, &s, &st);
	TAP_IS_INT(s.n, 1, "ok -> warning held: one notification");
	TAP_IS_INT(s.old[0] * 10 + s.now[0], 1, "  ok(0) -> warning(1)");
	run("01010101", 3, &s, &st);
	TAP_IS_INT(s.n, 0, "A10: alternating, confirm 3: nothing");
	TAP_IS_INT(st, SENSE_OK, "  status stays ok");
	run("0110111", 3, &s, &st);
	TAP_IS_INT(s.n, 1, "A10: confirm 3: a run of 3 changes the state");
	TAP_IS_INT(st, SENSE_WARNING, "  to warning");
	run("0112222", 3, &s, &st);
	TAP_IS_INT(s.n, 1, "confirm 3: 1,1 then 2,2,2: only the 2 counts");
	TAP_IS_INT(s.now[0], SENSE_CRITICAL, "  critical");
	run("0-1-1-1", 3, &s, &st);
	TAP_IS_INT(s.n, 1, "samples without a figure neither count nor reset");
	run("--0-", 1, &s, &st);
	TAP_IS_INT(st, SENSE_OK, "no figure yet: no state, then ok");
	TAP_IS_INT(s.n, 0, "  silently");
	run("0123210", 1, &s, &st);
	TAP_IS_INT(s.n, 6, "every change of a moving value is told once");
}

static void
test_pct(void)
{
	TAP_IS_INT(agent_pct(70.0), 7000, "70.00% -> 7000");
	TAP_IS_INT(agent_pct(89.473684), 8947, "89.473684% -> 8947");
	TAP_IS_INT(agent_pct(89.475), 8948, "89.475% rounds half up");
	TAP_IS_INT(agent_pct(100.0), 10000, "100% -> 10000");
	TAP_IS_INT(agent_pct(NAN), -1, "unknown -> -1");
	TAP_IS_INT(agent_pct(250.0), 25000, "above 100% is kept (interfaces)");
}

static void
test_counters(void)
{
	struct sense_net_if a, b;
	struct sense_net_rate r;

	TAP_IS_INT(sense_net_delta32(4294967000u, 200u), 496,
	    "A7: 32-bit 4294967000 -> 200 is +496");
	memset(&a, 0, sizeof(a));
	strcpy(a.name, "eth0");
	a.ifindex = b.ifindex = 2;
	b = a;
	a.t = 1000;
	b.t = 1010;
	a.c.rx_bytes = 5000000000ull;
	b.c.rx_bytes = 1000;
	TAP_IS_INT(sense_net_rate(&a, "x", &b, "x", &r),
	    SENSE_NET_RESET_COUNTER, "A7: 64-bit 5e9 -> 1000 is a reset");
	TAP_IS_NUM(r.rx_bps, 0, 0, "  no rate, never ~1.8e19");
}

int
main(void)
{
	test_judge();
	test_pct();
	test_counters();
	return tap_done();
}
