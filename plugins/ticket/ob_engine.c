/* ob_engine -- the delivery loop; see ob_engine.h. */
#include "ob_engine.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sense_util.h"

typedef enum ob_result (*ob_send_fn)(struct ob_ctx *, const struct ob_item *);

long
ob_ctx_timeout(const struct ob_ctx *x)
{
	long ms = x->conf->timeout_ms;
	double left;

	if (x->deadline > 0) {
		left = (x->deadline - sense_now_mono()) * 1000;
		if (left < ms)
			ms = (long)left;
	}
	return ms < 100 ? 100 : ms;
}

int
ob_engine_names(const struct ob_conf *c, const char *names[3])
{
	return ob_conf_names(c, names);
}

static ob_send_fn
sender(const char *name)
{
	if (strcmp(name, "rt") == 0)
		return ob_rt_send;
	if (strcmp(name, "mail") == 0)
		return ob_mail_send;
	return ob_webhook_send;
}

static double
backoff(const struct ob_conf *c, int attempts)
{
	double d = c->backoff_min * pow(2, attempts > 30 ? 30 : attempts - 1);

	return d > c->backoff_max ? c->backoff_max : d;
}

void
ob_test_crash(const char *point)
{
	const char *v = getenv("SENSE_OB_TEST_CRASH");

	if (v != NULL && strcmp(v, point) == 0)
		raise(SIGKILL);
}

static int
record(struct ob_outbox *ob, const struct ob_conf *c,
    const struct ob_item *it, enum ob_result r, const char *why,
    struct ob_stats *st)
{
	double now = sense_now_wall();

	switch (r) {
	case OB_OK:
		st->delivered++;
		return ob_outbox_done(ob, it, now);
	case OB_RETRY:
		st->retried++;
		return ob_outbox_later(ob, it, now + backoff(c, it->attempts),
		    why);
	default:
		st->failed++;
		return ob_outbox_fail(ob, it, why);
	}
}

int
ob_engine_run(const struct ob_conf *c, struct ob_outbox *ob,
    double budget_s, bool all, struct ob_stats *st, char *err,
    size_t errlen)
{
	const char *names[3];
	bool down[3] = { false, false, false };
	double lease = 4.0 * c->timeout_ms / 1000 + 30;
	struct ob_ctx x;
	struct ob_item it;
	enum ob_result r;
	int n = ob_engine_names(c, names), i, rc, progress;

	memset(st, 0, sizeof(*st));
	memset(&x, 0, sizeof(x));
	x.conf = c;
	x.ob = ob;
	x.deadline = budget_s > 0 ? sense_now_mono() + budget_s : 0;
	do {
		progress = 0;
		for (i = 0; i < n; i++) {
			if (down[i])
				continue;
			if (x.deadline > 0 && sense_now_mono() >= x.deadline)
				return 0;
			rc = ob_outbox_claim(ob, names[i], sense_now_wall(),
			    all, lease, &it);
			if (rc < 0)
				goto fail;
			if (rc == 0)
				continue;
			x.down = false;
			x.err[0] = '\0';
			r = sender(names[i])(&x, &it);
			if (r == OB_OK)
				ob_test_crash("after-send");
			rc = record(ob, c, &it, r, x.err, st);
			ob_item_clear(&it);
			if (rc < 0)
				goto fail;
			/* With all, a retried delivery would be due again at
			 * once: leave that back end for this run. */
			down[i] = x.down || (all && r == OB_RETRY);
			progress = 1;
		}
	} while (progress);
	return 0;
fail:
	snprintf(err, errlen, "outbox: %s", ob_outbox_error(ob));
	return -1;
}
