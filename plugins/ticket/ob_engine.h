/*
 * ob_engine -- delivering the outbox: claim the next due delivery of
 * each back end in turn, hand it to the back end, record the outcome
 * (done; later with exponential backoff capped at backoff_max; failed),
 * until nothing is due or the budget is spent.  A back end that cannot
 * be reached is left alone for the rest of the run.
 */
#ifndef OB_ENGINE_H
#define OB_ENGINE_H

#include <stdbool.h>

#include "ob_conf.h"
#include "ob_http.h"
#include "ob_outbox.h"

/* What a back end gets for one delivery. */
struct ob_ctx {
	const struct ob_conf	*conf;
	struct ob_outbox	*ob;
	double			 deadline;	/* monotonic; 0: none */
	bool			 down;		/* set: cannot be reached */
	char			 err[1024];	/* why, on RETRY / FAIL */
};

/* Milliseconds one exchange may take now (timeout_ms, less when the
 * budget ends sooner; at least 100). */
long	ob_ctx_timeout(const struct ob_ctx *x);

/* The back ends; each returns OB_OK, OB_RETRY or OB_FAIL (x->err). */
enum ob_result ob_rt_send(struct ob_ctx *x, const struct ob_item *it);
enum ob_result ob_mail_send(struct ob_ctx *x, const struct ob_item *it);
enum ob_result ob_webhook_send(struct ob_ctx *x, const struct ob_item *it);

/*
 * For the crash tests only: when SENSE_OB_TEST_CRASH names point, the
 * process kills itself there ("rt-created": RT made the ticket, the
 * map does not know it yet; "after-send": delivered, not recorded),
 * the moments where a careless outbox would deliver twice.
 */
void	ob_test_crash(const char *point);

struct ob_stats {
	int	delivered, retried, failed;
};

/*
 * The enabled back end names of c (at most 3) into names; returns n.
 */
int	ob_engine_names(const struct ob_conf *c, const char *names[3]);

/*
 * Deliver what is due (all: ignore backoff times) within budget_s
 * seconds (0: no limit).  Returns 0, or -1 on a store error (err).
 */
int	ob_engine_run(const struct ob_conf *c, struct ob_outbox *ob,
	    double budget_s, bool all, struct ob_stats *st, char *err,
	    size_t errlen);

#endif
