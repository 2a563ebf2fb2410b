/*
 * tk_event -- one monitoring notification, normalized.
 *
 * A notification arrives from command-line options (the shipped Icinga 2
 * NotificationCommand), from Nagios 4's NAGIOS_* environment macros, or
 * from both (options override the environment field by field).  Every
 * byte is data: nothing is interpreted, unescaped or passed to a shell.
 */
#ifndef TK_EVENT_H
#define TK_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum tk_type {
	TK_PROBLEM, TK_RECOVERY, TK_ACK, TK_CUSTOM,
	TK_FLAPSTART, TK_FLAPEND, TK_DTSTART, TK_DTEND
};

/* Service states first, then host states; TK_ST_NONE when not given. */
enum tk_state {
	TK_ST_OK, TK_ST_WARNING, TK_ST_CRITICAL, TK_ST_UNKNOWN,
	TK_ST_UP, TK_ST_DOWN, TK_ST_UNREACHABLE, TK_ST_NONE
};

struct tk_kv {
	char	*key;
	char	*value;
};

struct tk_event {
	enum tk_type	 type;
	char		*type_name;	/* as delivered: DOWNTIMECANCELLED */
	char		*host;
	char		*service;	/* "" for a host notification */
	enum tk_state	 state;
	bool		 hard;		/* state type; HARD when not given */
	double		 time;		/* the notification's own time */
	char		*ident_time;	/* time text as delivered, for ident */
	char		*output;	/* may hold any byte but NUL */
	size_t		 output_len;
	size_t		 orig_len;	/* length before any cut upstream */
	bool		 truncated;	/* output cut here or upstream */
	char		*author;
	char		*comment;
	struct tk_kv	*vars;		/* custom variables, service first */
	size_t		 nvars;
	char	       **groups;	/* host and service groups */
	size_t		 ngroups;
	int		 downtime;	/* downtime depth */
	bool		 flapping;
};

/* Global options that may also follow "notify" (borrowed from argv). */
struct tk_globals {
	const char	*db;
	const char	*config;
};

/*
 * Fill ev from the environment (NAGIOS_*), then from the notify options
 * in argv (argv[0] is "notify"), then check it.  Output from
 * --output-file is read here; --db and --config go to g.  Returns 0,
 * or -1 with a one-line reason naming the field in err.  ev is always
 * initialised; free it with tk_event_free() either way.
 */
int	tk_event_parse(struct tk_event *ev, int argc, char **argv,
	    char **envp, struct tk_globals *g, char *err, size_t errlen);

void	tk_event_free(struct tk_event *ev);

/*
 * Keep at most max bytes of the output, cut at a UTF-8 character
 * boundary, and mark a cut (here or upstream: orig_len > output_len)
 * with a trailing "[... truncated: N of M bytes]" line.
 */
void	tk_event_clip(struct tk_event *ev, size_t max);

/* The value of custom variable name, or NULL. */
const char *tk_event_var(const struct tk_event *ev, const char *name);

/*
 * Parse a notification type name (any case; Nagios' FLAPPINGSTOP and
 * FLAPPINGDISABLED are FLAPPINGEND, DOWNTIMECANCELLED is DOWNTIMEEND).
 * Returns the canonical delivered name, or NULL when unknown.
 */
const char *tk_type_parse(const char *s, enum tk_type *out);

/* True when the state is OK or UP. */
bool	tk_state_ok(enum tk_state s);

/* "OK", "DOWN", ...; "" for TK_ST_NONE. */
const char *tk_state_name(enum tk_state s);

/* Parse a state name (any case); TK_ST_NONE when unknown. */
enum tk_state tk_state_parse(const char *s);

/*
 * The identity of "the same notification" delivered several times
 * (several contacts, HA masters): a 128-bit hash, as 32 hex digits, of
 * type, host, service, state, state type, time text, output, author and
 * comment.  Icinga 2 has no problem id, so the content is the identity.
 */
void	tk_event_ident(const struct tk_event *ev, char out[33]);

/*
 * The raw notification for the dead-letter table: every argv element
 * and every NAGIOS_* / SENSE_* environment entry, each NUL-terminated,
 * with an "arg:" or "env:" prefix.  Caller frees; length in *len.
 */
char	*tk_event_raw(int argc, char **argv, char **envp, size_t *len);

#endif
