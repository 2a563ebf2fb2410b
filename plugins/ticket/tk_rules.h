/*
 * tk_rules -- the `tickets` group of sense.conf: store settings,
 * suppression switches, impact classes and first-match urgency rules.
 *
 *   tickets = {
 *     db = "/var/lib/sense/tickets/tickets.db";
 *     reopen_window = 3600;          # seconds
 *     busy_timeout = 10000;          # milliseconds
 *     max_output = 65536;            # bytes kept per output
 *     suppress_in_downtime = false;  # no new ticket while in downtime
 *     suppress_flapping = false;     # no new ticket while flapping
 *     impact = { payment = -1; search = 1; reviews = 2; };
 *     rules = ( { service = "pay*"; state = "CRITICAL"; urgency = 1; } );
 *   };
 *
 * A rule matches when every matcher it has matches (host, service,
 * group: shell globs; state, type: a name or a list of names; vars: a
 * group of NAME = glob); the first matching rule applies its actions
 * (urgency = 1..4, impact = "class", ignore = true).
 */
#ifndef TK_RULES_H
#define TK_RULES_H

#include <stdbool.h>
#include <libconfig.h>
#include <stddef.h>

#include "tk_event.h"

#define TK_DB_DEFAULT "/var/lib/sense/tickets/tickets.db"

struct tk_rule;

struct tk_impact {
	char	*name;
	int	 shift;		/* added to the default service urgency */
};

struct tk_rules {
	char		*db;
	double		 reopen_window;
	int		 busy_ms;
	size_t		 max_output;
	bool		 suppress_downtime;
	bool		 suppress_flapping;
	struct tk_impact *impact;
	size_t		 nimpact;
	struct tk_rule	*rules;
	size_t		 nrules;
};

/* What the rules decide for one event. */
struct tk_verdict {
	int	 urgency;	/* 1..4 */
	bool	 ignore;	/* record only, never a ticket */
	int	 rule;		/* 1-based index of the rule, 0 for none */
};

/* The built-in defaults (no configuration file). */
void	tk_rules_defaults(struct tk_rules *r);

/*
 * Load the `tickets` group of path on top of the defaults.  A missing
 * file is fine when must_exist is false.  Returns 0, or -1 with
 * "file:line: reason" in err.  Free with tk_rules_free() either way.
 */
int	tk_rules_load(struct tk_rules *r, const char *path, bool must_exist,
	    char *err, size_t errlen);

/*
 * The same from a sense.conf parsed already (cfg NULL: no file, the
 * defaults), so a process that needs several groups parses it once.
 */
int	tk_rules_from(struct tk_rules *r, const config_t *cfg, char *err,
	    size_t errlen);

void	tk_rules_free(struct tk_rules *r);

/*
 * The urgency of ev: host DOWN/UNREACHABLE 1, CRITICAL 2, WARNING 3,
 * UNKNOWN 4 (OK/UP 4), shifted by the event's sense_impact class for
 * service states, clamped to 1..4; then the first matching rule.
 */
void	tk_rules_judge(const struct tk_rules *r, const struct tk_event *ev,
	    struct tk_verdict *v);

#endif
