/*
 * ob_cli -- the helpdesk side of sense-ticket's command line:
 *   deliver [--now] [--budget SECONDS]   deliver what is due
 *   outbox [--all] [--json]              deliveries not yet done
 *   outbox retry ID                      a failed delivery, again
 * and the two calls `notify` makes around its transaction.
 */
#ifndef OB_CLI_H
#define OB_CLI_H

#include <stdbool.h>

struct ob_cli;

/*
 * Run `deliver` or `outbox` (argv[0]) against the store at db.  The
 * store must be migrated (tk_sqlite_open) by the caller.  Returns the
 * exit status: 0, or 1 with a message on stderr.
 */
int	ob_cli_main(const char *config, bool config_given, const char *db,
	    int busy_ms, int argc, char **argv);

/* For `-n`: check the helpdesk group (and secrets files).  0, or 1
 * with "file:line: reason" on stderr. */
int	ob_cli_check(const char *config, bool config_given);

/*
 * Before notify's transaction: load the helpdesk group and make its
 * back ends the ones new changes queue for.  Never fails the
 * notification: a problem is reported on stderr and NULL returned
 * (changes then queue for the back ends registered before).
 */
struct ob_cli *ob_cli_prepare(const char *config, bool config_given,
	    const char *db, int busy_ms);

/*
 * After notify committed (ok): when deliveries are due, a detached
 * child delivers them within budget_ms while the caller exits at once.
 * Frees h (NULL is fine).
 */
void	ob_cli_after(struct ob_cli *h, bool ok);

#endif
