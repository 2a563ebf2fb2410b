/*
 * tk_life -- the ticket lifecycle as one pure decision: an event, the
 * rules' verdict and the tickets of its key in; an action and the
 * changed ticket out.  No I/O, so it is tested as data.
 *
 *   PROBLEM HARD   opens a ticket, updates the open one (a worse state
 *                  raises the urgency, a better one never lowers it),
 *                  reopens the last one inside the reopen window, or is
 *                  recorded on the host's open ticket (storm control).
 *   any OK / UP    resolves the open ticket, whatever the type (a
 *                  RECOVERY lost in a downtime still ends the ticket).
 *   ACKNOWLEDGEMENT marks the open ticket acknowledged (author, comment).
 *   FLAPPING*, DOWNTIME*, CUSTOM, SOFT states
 *                  are noted on the open ticket; they never open one.
 *   an event older than the ticket's newest one is noted as stale and
 *                  changes nothing (deliveries may arrive out of order).
 */
#ifndef TK_LIFE_H
#define TK_LIFE_H

#include "tk_event.h"
#include "tk_rules.h"
#include "tk_store.h"

enum tk_action {
	TK_A_IGNORE,	/* nothing to do: no ticket for this key */
	TK_A_OPEN, TK_A_REOPEN, TK_A_UPDATE, TK_A_ESCALATE, TK_A_RESOLVE,
	TK_A_ACK, TK_A_NOTE,
	TK_A_STORM,	/* recorded on the host's open ticket */
	TK_A_SUPPRESS,	/* in downtime / flapping and configured so */
	TK_A_STALE,	/* older than what the ticket already shows */
	TK_A_DUPLICATE	/* the same notification again (tk_notify) */
};

/* The tickets an event may touch; NULL where there is none. */
struct tk_view {
	struct tk_ticket *open;		/* the key's unresolved ticket */
	struct tk_ticket *resolved;	/* the key's newest resolved one */
	struct tk_ticket *host;		/* the host's unresolved ticket,
					   for service events only */
};

/* "open", "escalate", ... */
const char *tk_action_name(enum tk_action a);

/*
 * Decide what ev does.  The ticket to save afterwards is returned in
 * *target (one of the view's tickets, or fresh, filled in for a new
 * ticket), or NULL when nothing is saved.
 */
enum tk_action tk_life_apply(const struct tk_rules *rules,
	    const struct tk_event *ev, const struct tk_verdict *v,
	    const struct tk_view *view, struct tk_ticket *fresh,
	    struct tk_ticket **target);

#endif
