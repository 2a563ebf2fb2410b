/*
 * ob_outbox -- the durable outbox in the ticket store's SQLite file.
 *
 * tk_sqlite's enqueue op writes a change (ob_changes) and one delivery
 * per enabled back end (ob_deliveries) in the ticket change's own
 * transaction.  This module, on a connection of its own, hands those
 * deliveries out and records their outcome:
 *   - per back end, in order per ticket: only the oldest unfinished
 *     delivery of a (back end, ticket) is ever handed out, and a failed
 *     one holds the later ones back until it is retried by hand;
 *   - one process at a time per (back end, ticket): a claim sets a
 *     lease (owner host:pid, expiry) under BEGIN IMMEDIATE; a lease is
 *     taken over when it expired or its owner process is gone;
 *   - a delivery whose lease was taken over is "in doubt": it may have
 *     been sent already, and the back end must reconcile first.
 * Times are wall-clock seconds.  Functions return 0 (or 1 for "found")
 * or -1 with a reason from ob_outbox_error().
 */
#ifndef OB_OUTBOX_H
#define OB_OUTBOX_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tk_store.h"

struct ob_outbox;

/* A claimed delivery; its strings belong to it (ob_item_clear). */
struct ob_item {
	int64_t		 id;		/* delivery */
	int64_t		 change;
	char		*backend;
	int		 attempts;	/* including this one; 1: nothing was
					   ever sent for it before */
	bool		 in_doubt;	/* a former claimant vanished */
	struct tk_change c;		/* strings owned, see ob_item_clear */
};

/*
 * Open the outbox of the ticket store at path (which must exist and be
 * migrated: open it with tk_sqlite_open first).  NULL with err.
 */
struct ob_outbox *ob_outbox_open(const char *path, int busy_ms, char *err,
	    size_t errlen);
void	ob_outbox_close(struct ob_outbox *o);
const char *ob_outbox_error(struct ob_outbox *o);

/*
 * Make names[0..n) the enabled back ends (others are disabled: their
 * queued deliveries stay, and new changes no longer queue for them).
 * Writes only when something differs.
 */
int	ob_outbox_register(struct ob_outbox *o, const char *const *names,
	    int n);

/*
 * The same on a connection of the ticket store, inside the caller's
 * write transaction (notify registers in its own transaction, so it
 * needs no second connection).  0, or -1 (sqlite3_errmsg(db)).
 */
struct sqlite3;
int	ob_backends_sync(struct sqlite3 *db, const char *const *names,
	    int n);

/*
 * Claim the next delivery for backend that is due at now (ignore_due:
 * whatever its backoff says), with a lease of lease_s seconds.
 * 1 with *it filled, 0 when none, -1 on error.
 */
int	ob_outbox_claim(struct ob_outbox *o, const char *backend, double now,
	    bool ignore_due, double lease_s, struct ob_item *it);

/* Delivered: done, lease released. */
int	ob_outbox_done(struct ob_outbox *o, const struct ob_item *it,
	    double now);

/* Not delivered, try again at next_try (error kept for the listing). */
int	ob_outbox_later(struct ob_outbox *o, const struct ob_item *it,
	    double next_try, const char *error);

/* Permanent failure: failed with the reason, until retried by hand. */
int	ob_outbox_fail(struct ob_outbox *o, const struct ob_item *it,
	    const char *error);

/* A failed (or waiting) delivery back to pending and due now: 1 done, 0
 * no such delivery that is not done. */
int	ob_outbox_retry(struct ob_outbox *o, int64_t id);

/* The remote id of a ticket in a back end: 1 found (*remote: caller
 * frees), 0 none. */
int	ob_outbox_remote(struct ob_outbox *o, const char *backend,
	    int64_t ticket, char **remote);
int	ob_outbox_set_remote(struct ob_outbox *o, const char *backend,
	    int64_t ticket, const char *remote);

/* Deliveries not done (all: done ones too), oldest first, as text or
 * a JSON array. */
int	ob_outbox_list(struct ob_outbox *o, FILE *out, bool all, bool json);

/* Counts by state ("pending", "failed", "done"). */
int	ob_outbox_count(struct ob_outbox *o, const char *state, int64_t *n);

void	ob_item_clear(struct ob_item *it);

#endif
