/*
 * tk_notify -- one decision, one transaction: an event (or a person
 * working the queue) in, the store changed and the history written.
 */
#ifndef TK_NOTIFY_H
#define TK_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "tk_event.h"
#include "tk_life.h"
#include "tk_rules.h"
#include "tk_store.h"

struct tk_result {
	enum tk_action	 action;
	int64_t		 ticket;	/* 0: none */
	int		 urgency;	/* the rules' verdict for the event */
	bool		 queued;	/* helpdesk deliveries were queued */
};

/*
 * Apply ev under one write transaction: duplicate check, the key's
 * tickets, tk_life_apply, save, history row, remember the ident.  The
 * event's output is clipped to rules->max_output.  Returns 0, or -1
 * with a reason in err (nothing is changed then).
 */
int	tk_notify_event(struct tk_store *s, const struct tk_rules *rules,
	    struct tk_event *ev, double received, struct tk_result *res,
	    char *err, size_t errlen);

/*
 * A person acknowledges (ack = 1) or closes (ack = 0) ticket id.
 * Returns 0, 1 when there is no such ticket, 2 when a close finds it
 * already resolved (nothing changed, nothing recorded), or -1 with err.
 */
int	tk_notify_manual(struct tk_store *s, int64_t id, int ack,
	    const char *author, const char *comment, double now, char *err,
	    size_t errlen);

#endif
