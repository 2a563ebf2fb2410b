/*
 * ob_cli -- the helpdesk side of sense-ticket's command line, without
 * libcurl (every notify process links this, and libcurl with its ~30
 * libraries cost more than the whole notification):
 *   outbox [--all] [--json]              deliveries not yet done
 *   outbox retry ID                      a failed delivery, again
 *   deliver ...                          runs sense-ticket-deliver
 * and the two calls `notify` makes around its transaction.  Delivery
 * itself (ob_engine and the back ends) lives in sense-ticket-deliver,
 * found beside the running sense-ticket.
 */
#ifndef OB_CLI_H
#define OB_CLI_H

#include <libconfig.h>
#include <stdbool.h>

#include "tk_store.h"

#define OB_DELIVER_PROG "sense-ticket-deliver"

/* For `-n`: check the helpdesk group (and secrets files).  0, or 1
 * with "file:line: reason" on stderr. */
int	ob_cli_check(const char *config, bool config_given);

/*
 * `outbox [--all] [--json]` or `outbox retry ID` (argv[0] is "outbox")
 * on the store at db, which the caller has migrated (tk_sqlite_open).
 * Returns the exit status: 0, or 1 with a message on stderr.
 */
int	ob_cli_outbox(const char *db, int busy_ms, int argc, char **argv);

/*
 * `deliver ARGS`: replace this process with sense-ticket-deliver
 * --config CONFIG (when config_given) --db DB ARGS.  Returns only when
 * that failed: 1, with the reason on stderr.
 */
int	ob_cli_exec_deliver(const char *config, bool config_given,
	    const char *db, int argc, char **argv);

/*
 * Before notify's transaction: take the helpdesk group from cfg (NULL:
 * no sense.conf) and make its back ends the ones s queues for (written
 * in notify's own transaction).  Never fails the notification: a
 * broken group is reported on stderr and the back ends registered
 * before stay.  Returns notify's delivery budget in ms: 0 when there
 * is nothing to deliver to (or delivering is left to the timer).
 */
int	ob_cli_prepare(const config_t *cfg, struct tk_store *s);

/*
 * After notify committed deliveries: start sense-ticket-deliver
 * --budget budget_ms/1000 --quiet in its own session with stdio on
 * /dev/null, and return at once without waiting for it.
 */
void	ob_cli_spawn(const char *config, bool config_given, const char *db,
	    int budget_ms);

#endif
