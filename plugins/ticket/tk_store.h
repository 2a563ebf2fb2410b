/*
 * tk_store -- where tickets live, behind a small interface.
 *
 * The lifecycle code (tk_life, tk_notify) only calls the operations
 * below, so another store (a shared PostgreSQL one for an Icinga 2 HA
 * pair) slots in by providing the same table of functions.  The rules
 * every store keeps:
 *   - begin() takes the write lock before anything is read (SQLite:
 *     BEGIN IMMEDIATE), so one decision reads and writes under one lock;
 *   - at most one ticket per (host, service) is not resolved;
 *   - every operation returns 0 (or 1 for "found"), or -1 with a
 *     one-line reason available from ops->error().
 * Strings handed to the store are copied; strings it returns in a
 * struct tk_ticket / tk_hist belong to the caller (tk_ticket_clear).
 */
#ifndef TK_STORE_H
#define TK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum tk_status { TK_OPEN, TK_ACKED, TK_RESOLVED };

struct tk_ticket {
	int64_t		 id;		/* 0 until saved */
	char		*host;
	char		*service;
	enum tk_status	 status;
	int		 urgency;
	char		*state;		/* last state reported */
	double		 opened, updated, resolved;	/* 0: never */
	double		 last_event;	/* time of the newest event applied */
	int64_t		 events;
	int64_t		 reopened;
	bool		 flapping, downtime;
	char		*ack_author, *ack_comment;
	char		*output;	/* newest output, any bytes */
	size_t		 output_len;
	bool		 truncated;
};

/* One row of the history: every delivery, applied or not. */
struct tk_hist {
	int64_t		 id;
	int64_t		 ticket;	/* 0: none */
	double		 received, at;
	const char	*type, *host, *service, *state;
	bool		 hard;
	int		 urgency;
	const char	*action;	/* open, update, escalate, ... */
	const char	*author, *comment;
	const char	*output;
	size_t		 output_len;
	bool		 truncated;
	const char	*ident;		/* tk_event_ident, or NULL */
};

/*
 * One ticket change for the helpdesk outbox (ob_outbox.h), snapshotted
 * in the same transaction as the change itself.
 */
struct tk_change {
	int64_t		 ticket;
	const char	*action;	/* tk_action_name: open, resolve ... */
	const char	*type;		/* notification type, or MANUAL-* */
	const char	*host, *service, *state;
	const char	*status;	/* the ticket's status afterwards */
	int		 urgency;	/* the ticket's urgency afterwards */
	const char	*author, *comment;
	const char	*output;
	size_t		 output_len;
	bool		 truncated;
	const char	*contact;	/* sense_contact custom var, or NULL */
	double		 at;
};

struct tk_store;

typedef int (*tk_ticket_fn)(void *ctx, const struct tk_ticket *t);
typedef int (*tk_hist_fn)(void *ctx, const struct tk_hist *h);

struct tk_store_ops {
	const char *(*error)(struct tk_store *s);
	int	(*begin)(struct tk_store *s);
	int	(*commit)(struct tk_store *s);
	void	(*rollback)(struct tk_store *s);
	/* 1 when ident was applied before (its ticket in *ticket), 0 not */
	int	(*seen)(struct tk_store *s, const char *ident,
		    int64_t *ticket);
	int	(*remember)(struct tk_store *s, const char *ident,
		    int64_t ticket);
	/* The unresolved ticket of a key: 1 found, 0 none. */
	int	(*find_open)(struct tk_store *s, const char *host,
		    const char *service, struct tk_ticket *t);
	/* The most recently resolved ticket of a key: 1 found, 0 none. */
	int	(*find_resolved)(struct tk_store *s, const char *host,
		    const char *service, struct tk_ticket *t);
	int	(*get)(struct tk_store *s, int64_t id, struct tk_ticket *t);
	/* Insert (t->id == 0, sets t->id) or update. */
	int	(*save)(struct tk_store *s, struct tk_ticket *t);
	int	(*add_history)(struct tk_store *s, const struct tk_hist *h);
	int	(*dead_letter)(struct tk_store *s, double received,
		    const char *error, const void *raw, size_t len);
	/* Tickets, newest first; all = false leaves out resolved ones. */
	int	(*list)(struct tk_store *s, bool all, tk_ticket_fn fn,
		    void *ctx);
	/* A ticket's history, oldest first. */
	int	(*history)(struct tk_store *s, int64_t ticket, tk_hist_fn fn,
		    void *ctx);
	/*
	 * Queue c for every enabled helpdesk back end (inside the
	 * caller's transaction): 1 when something was queued, 0 when
	 * there is no back end, -1 on error.
	 */
	int	(*enqueue)(struct tk_store *s, const struct tk_change *c);
	/*
	 * Make names[0..n) the enabled back ends, from the configuration
	 * (the names are copied).  Applied by the next enqueue inside its
	 * transaction, and only written when the store's set differs.
	 * Never called: the set registered before stays.
	 */
	void	(*backends)(struct tk_store *s, const char *const *names,
		    int n);
	void	(*close)(struct tk_store *s);
};

struct tk_store {
	const struct tk_store_ops *ops;
};

/*
 * Open (creating and migrating as needed) the SQLite store at path.
 * busy_ms bounds the wait for another process's lock.  Returns the
 * store, or NULL with a one-line reason in err.
 */
struct tk_store *tk_sqlite_open(const char *path, int busy_ms, char *err,
	    size_t errlen);

/* The SQLite schema version this build writes. */
int	tk_sqlite_schema_version(void);

/*
 * For tests: create or migrate the schema only up to version upto
 * (1..tk_sqlite_schema_version()), then close.  0 or -1 with err.
 */
int	tk_sqlite_create_at(const char *path, int upto, char *err,
	    size_t errlen);

/* "open", "acknowledged", "resolved". */
const char *tk_status_name(enum tk_status s);

/* Free the strings of t and zero it (t may be NULL). */
void	tk_ticket_clear(struct tk_ticket *t);

#endif
