/*
 * tk_sqlite -- the default ticket store: one SQLite file in WAL mode.
 * See tk_store.h for the contract.
 *
 * Concurrency: every notification is its own process; each decision
 * runs in one BEGIN IMMEDIATE transaction, which takes the write lock
 * up front, so two processes never both read "no open ticket" and both
 * insert one.  A partial unique index keeps that true even for a buggy
 * caller.  The busy timeout makes waiting processes queue instead of
 * failing.
 */
#include "tk_store.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/time.h>
#include <unistd.h>

#include "ob_outbox.h"
#include "sense_util.h"

struct tk_sqlite {
	struct tk_store	 base;		/* first: the store is cast */
	sqlite3		*db;
	char		**backends;	/* from the configuration, or NULL */
	int		 nbackends;	/* -1: keep the registered set */
	int		 wal_frames;	/* in the WAL after our last commit */
	char		*queue;		/* the writers' queue file, or NULL */
	int		 queue_fd;	/* open and flock'ed while writing */
	int		 busy_ms;
	char		 err[512];
};

/*
 * The WAL is checkpointed (and truncated) by the process whose commit
 * left at least this many frames in it; see open_db.  A notification
 * writes about 7 pages, so every tenth or so does it.
 */
#define TK_CKPT_FRAMES 64

/* Schema steps; step i moves user_version from i to i + 1. */
static const char *const tk_migrations[] = {
	/* 1: tickets, history, the idents of applied notifications */
	"CREATE TABLE tickets ("
	" id INTEGER PRIMARY KEY,"
	" host TEXT NOT NULL, service TEXT NOT NULL,"
	" status TEXT NOT NULL CHECK (status IN"
	"  ('open', 'acknowledged', 'resolved')),"
	" urgency INTEGER NOT NULL CHECK (urgency BETWEEN 1 AND 4),"
	" state TEXT NOT NULL,"
	" opened REAL NOT NULL, updated REAL NOT NULL, resolved REAL,"
	" last_event REAL NOT NULL,"
	" events INTEGER NOT NULL, reopened INTEGER NOT NULL DEFAULT 0,"
	" flapping INTEGER NOT NULL DEFAULT 0,"
	" downtime INTEGER NOT NULL DEFAULT 0,"
	" ack_author TEXT, ack_comment TEXT,"
	" output BLOB, truncated INTEGER NOT NULL DEFAULT 0);"
	"CREATE UNIQUE INDEX tickets_one_open ON tickets (host, service)"
	" WHERE status <> 'resolved';"
	"CREATE INDEX tickets_key ON tickets (host, service, resolved);"
	"CREATE TABLE history ("
	" id INTEGER PRIMARY KEY,"
	" ticket INTEGER REFERENCES tickets (id),"
	" received REAL NOT NULL, at REAL NOT NULL,"
	" type TEXT NOT NULL, host TEXT NOT NULL, service TEXT NOT NULL,"
	" state TEXT, hard INTEGER, urgency INTEGER,"
	" action TEXT NOT NULL, author TEXT, comment TEXT,"
	" output BLOB, truncated INTEGER, ident TEXT);"
	"CREATE INDEX history_ticket ON history (ticket);"
	"CREATE TABLE seen (ident TEXT PRIMARY KEY, ticket INTEGER)"
	" WITHOUT ROWID;",
	/* 2: notifications that could not be parsed, kept raw */
	"CREATE TABLE dead_letters ("
	" id INTEGER PRIMARY KEY, received REAL NOT NULL,"
	" error TEXT NOT NULL, raw BLOB NOT NULL);",
	/* 3: the helpdesk outbox (ob_outbox.c works on these tables) */
	"CREATE TABLE ob_backends (name TEXT PRIMARY KEY,"
	" enabled INTEGER NOT NULL DEFAULT 1) WITHOUT ROWID;"
	"CREATE TABLE ob_changes ("
	" id INTEGER PRIMARY KEY, ticket INTEGER NOT NULL,"
	" action TEXT NOT NULL, type TEXT NOT NULL,"
	" host TEXT NOT NULL, service TEXT NOT NULL, state TEXT,"
	" status TEXT NOT NULL, urgency INTEGER NOT NULL,"
	" author TEXT, comment TEXT, output BLOB,"
	" truncated INTEGER NOT NULL DEFAULT 0, contact TEXT,"
	" at REAL NOT NULL);"
	"CREATE TABLE ob_deliveries ("
	" id INTEGER PRIMARY KEY,"
	" change INTEGER NOT NULL REFERENCES ob_changes (id),"
	" backend TEXT NOT NULL, ticket INTEGER NOT NULL,"
	" state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN"
	"  ('pending', 'done', 'failed')),"
	" attempts INTEGER NOT NULL DEFAULT 0,"
	" next_try REAL NOT NULL DEFAULT 0, error TEXT,"
	" lease_owner TEXT, lease_until REAL NOT NULL DEFAULT 0,"
	" done_at REAL, UNIQUE (change, backend));"
	"CREATE INDEX ob_deliveries_todo ON ob_deliveries"
	" (backend, ticket, id) WHERE state <> 'done';"
	"CREATE TABLE ob_remote (backend TEXT NOT NULL,"
	" ticket INTEGER NOT NULL, remote TEXT NOT NULL,"
	" PRIMARY KEY (backend, ticket)) WITHOUT ROWID;",
};

#define TK_SCHEMA ((int)(sizeof(tk_migrations) / sizeof(tk_migrations[0])))

#define TICKET_COLS "id, host, service, status, urgency, state, opened," \
	" updated, resolved, last_event, events, reopened, flapping," \
	" downtime, ack_author, ack_comment, output, truncated"

static const char *const tk_status_names[] = {
	"open", "acknowledged", "resolved"
};

int
tk_sqlite_schema_version(void)
{
	return TK_SCHEMA;
}

const char *
tk_status_name(enum tk_status s)
{
	return tk_status_names[s];
}

void
tk_ticket_clear(struct tk_ticket *t)
{
	if (t == NULL)
		return;
	free(t->host);
	free(t->service);
	free(t->state);
	free(t->ack_author);
	free(t->ack_comment);
	free(t->output);
	memset(t, 0, sizeof(*t));
}

static struct tk_sqlite *
me(struct tk_store *s)
{
	return (struct tk_sqlite *)s;
}

static int
fail(struct tk_sqlite *q, const char *what)
{
	snprintf(q->err, sizeof(q->err), "%s: %s", what,
	    sqlite3_errmsg(q->db));
	return -1;
}

static const char *
op_error(struct tk_store *s)
{
	return me(s)->err;
}

static int
exec(struct tk_sqlite *q, const char *sql)
{
	if (sqlite3_exec(q->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fail(q, sql);
	return 0;
}

static int
prepare(struct tk_sqlite *q, const char *sql, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(q->db, sql, -1, st, NULL) != SQLITE_OK)
		return fail(q, "prepare");
	return 0;
}

static void
on_alarm(int sig)
{
	(void)sig;	/* only interrupts flock() */
}

/*
 * Writers queue in the kernel on flock(PATH-lock) before BEGIN
 * IMMEDIATE.  SQLite's busy handler polls with sleeps of 1, 2, 5 ...
 * 100 ms, so among eight processes each holding the lock for a
 * fraction of a millisecond an unlucky one slept ~100 ms, and polling
 * faster burns the CPU the holder needs.  A flock waiter is woken the
 * moment the lock is free.  The queue only orders writers: SQLite's
 * lock still decides, so when the queue file cannot be used, or the
 * wait outlasts busy_ms, the process goes on to SQLite's busy wait.
 */
static void
queue_enter(struct tk_sqlite *q)
{
	struct sigaction sa, old;
	struct itimerval it;
	double end;

	if (q->queue == NULL)
		return;
	if (q->queue_fd < 0)
		q->queue_fd = open(q->queue, O_RDONLY | O_CREAT | O_CLOEXEC,
		    0644);
	if (q->queue_fd < 0 || flock(q->queue_fd, LOCK_EX | LOCK_NB) == 0)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;	/* no SA_RESTART: flock gets EINTR */
	sigemptyset(&sa.sa_mask);
	/* The timer repeats, so a signal that lands just before flock()
	 * blocks cannot leave it waiting for good. */
	end = sense_now_mono() + q->busy_ms / 1000.0;
	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = q->busy_ms / 1000;
	it.it_value.tv_usec = (q->busy_ms % 1000) * 1000 + 1;
	it.it_interval.tv_usec = 50000;
	sigaction(SIGALRM, &sa, &old);
	setitimer(ITIMER_REAL, &it, NULL);
	while (flock(q->queue_fd, LOCK_EX) < 0 && errno == EINTR &&
	    sense_now_mono() < end)
		;
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	sigaction(SIGALRM, &old, NULL);
}

static void
queue_leave(struct tk_sqlite *q)
{
	if (q->queue_fd >= 0)
		flock(q->queue_fd, LOCK_UN);
}

static int
op_begin(struct tk_store *s)
{
	struct tk_sqlite *q = me(s);

	queue_enter(q);
	if (exec(q, "BEGIN IMMEDIATE") < 0) {
		queue_leave(q);
		return -1;
	}
	return 0;
}

static int
op_commit(struct tk_store *s)
{
	struct tk_sqlite *q = me(s);
	int rc = exec(q, "COMMIT");

	queue_leave(q);
	return rc;
}

static void
op_rollback(struct tk_store *s)
{
	struct tk_sqlite *q = me(s);

	if (!sqlite3_get_autocommit(q->db))
		sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
	queue_leave(q);
}

static char *
col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);

	return v ? sense_xstrdup((const char *)v) : NULL;
}

static void
row_ticket(sqlite3_stmt *st, struct tk_ticket *t)
{
	const char *status = (const char *)sqlite3_column_text(st, 3);
	const void *o;
	int i;

	tk_ticket_clear(t);
	t->id = sqlite3_column_int64(st, 0);
	t->host = col_str(st, 1);
	t->service = col_str(st, 2);
	for (i = 0; i < 3; i++)
		if (status && strcmp(status, tk_status_names[i]) == 0)
			t->status = (enum tk_status)i;
	t->urgency = sqlite3_column_int(st, 4);
	t->state = col_str(st, 5);
	t->opened = sqlite3_column_double(st, 6);
	t->updated = sqlite3_column_double(st, 7);
	t->resolved = sqlite3_column_double(st, 8);
	t->last_event = sqlite3_column_double(st, 9);
	t->events = sqlite3_column_int64(st, 10);
	t->reopened = sqlite3_column_int64(st, 11);
	t->flapping = sqlite3_column_int(st, 12);
	t->downtime = sqlite3_column_int(st, 13);
	t->ack_author = col_str(st, 14);
	t->ack_comment = col_str(st, 15);
	o = sqlite3_column_blob(st, 16);
	t->output_len = (size_t)sqlite3_column_bytes(st, 16);
	t->output = sense_xmalloc(t->output_len + 1);
	if (o != NULL)
		memcpy(t->output, o, t->output_len);
	t->output[t->output_len] = '\0';
	t->truncated = sqlite3_column_int(st, 17);
}

/* Run st (bound) expecting at most one ticket row: 1, 0 or -1. */
static int
one_ticket(struct tk_sqlite *q, sqlite3_stmt *st, struct tk_ticket *t)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		row_ticket(st, t);
		rc = 1;
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = fail(q, "select ticket");
	}
	sqlite3_finalize(st);
	return rc;
}

static int
op_find(struct tk_store *s, const char *sql, const char *host,
    const char *service, struct tk_ticket *t)
{
	struct tk_sqlite *q = me(s);
	sqlite3_stmt *st;

	if (prepare(q, sql, &st) < 0)
		return -1;
	sqlite3_bind_text(st, 1, host, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, service, -1, SQLITE_STATIC);
	return one_ticket(q, st, t);
}

static int
op_find_open(struct tk_store *s, const char *host, const char *service,
    struct tk_ticket *t)
{
	return op_find(s, "SELECT " TICKET_COLS " FROM tickets WHERE"
	    " host = ?1 AND service = ?2 AND status <> 'resolved'",
	    host, service, t);
}

static int
op_find_resolved(struct tk_store *s, const char *host, const char *service,
    struct tk_ticket *t)
{
	return op_find(s, "SELECT " TICKET_COLS " FROM tickets WHERE"
	    " host = ?1 AND service = ?2 AND status = 'resolved'"
	    " ORDER BY resolved DESC, id DESC LIMIT 1", host, service, t);
}

static int
op_get(struct tk_store *s, int64_t id, struct tk_ticket *t)
{
	struct tk_sqlite *q = me(s);
	sqlite3_stmt *st;

	if (prepare(q, "SELECT " TICKET_COLS " FROM tickets WHERE id = ?1",
	    &st) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return one_ticket(q, st, t);
}

static void
bind_opt_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static int
op_save(struct tk_store *s, struct tk_ticket *t)
{
	struct tk_sqlite *q = me(s);
	sqlite3_stmt *st;
	int rc;

	if (prepare(q, t->id == 0 ?
	    "INSERT INTO tickets (host, service, status, urgency, state,"
	    " opened, updated, resolved, last_event, events, reopened,"
	    " flapping, downtime, ack_author, ack_comment, output,"
	    " truncated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	    " ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)" :
	    "UPDATE tickets SET host = ?1, service = ?2, status = ?3,"
	    " urgency = ?4, state = ?5, opened = ?6, updated = ?7,"
	    " resolved = ?8, last_event = ?9, events = ?10, reopened = ?11,"
	    " flapping = ?12, downtime = ?13, ack_author = ?14,"
	    " ack_comment = ?15, output = ?16, truncated = ?17"
	    " WHERE id = ?18", &st) < 0)
		return -1;
	sqlite3_bind_text(st, 1, t->host, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, t->service, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, tk_status_names[t->status], -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(st, 4, t->urgency);
	sqlite3_bind_text(st, 5, t->state ? t->state : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_double(st, 6, t->opened);
	sqlite3_bind_double(st, 7, t->updated);
	if (t->resolved > 0)
		sqlite3_bind_double(st, 8, t->resolved);
	else
		sqlite3_bind_null(st, 8);
	sqlite3_bind_double(st, 9, t->last_event);
	sqlite3_bind_int64(st, 10, t->events);
	sqlite3_bind_int64(st, 11, t->reopened);
	sqlite3_bind_int(st, 12, t->flapping);
	sqlite3_bind_int(st, 13, t->downtime);
	bind_opt_text(st, 14, t->ack_author);
	bind_opt_text(st, 15, t->ack_comment);
	sqlite3_bind_blob64(st, 16, t->output ? t->output : "",
	    t->output_len, SQLITE_STATIC);
	sqlite3_bind_int(st, 17, t->truncated);
	if (t->id != 0)
		sqlite3_bind_int64(st, 18, t->id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : fail(q, "save ticket");
	sqlite3_finalize(st);
	if (rc == 0 && t->id == 0)
		t->id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

static int
op_add_history(struct tk_store *s, const struct tk_hist *h)
{
	struct tk_sqlite *q = me(s);
	sqlite3_stmt *st;
	int rc;

	if (prepare(q, "INSERT INTO history (ticket, received, at, type,"
	    " host, service, state, hard, urgency, action, author, comment,"
	    " output, truncated, ident) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	    " ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)", &st) < 0)
		return -1;
	if (h->ticket != 0)
		sqlite3_bind_int64(st, 1, h->ticket);
	sqlite3_bind_double(st, 2, h->received);
	sqlite3_bind_double(st, 3, h->at);
	sqlite3_bind_text(st, 4, h->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, h->host, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, h->service, -1, SQLITE_STATIC);
	bind_opt_text(st, 7, h->state);
	sqlite3_bind_int(st, 8, h->hard);
	sqlite3_bind_int(st, 9, h->urgency);
	sqlite3_bind_text(st, 10, h->action, -1, SQLITE_STATIC);
	bind_opt_text(st, 11, h->author);
	bind_opt_text(st, 12, h->comment);
	sqlite3_bind_blob64(st, 13, h->output ? h->output : "",
	    h->output_len, SQLITE_STATIC);
	sqlite3_bind_int(st, 14, h->truncated);
	bind_opt_text(st, 15, h->ident);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : fail(q, "add history");
	sqlite3_finalize(st);
	return rc;
}

static int
op_seen(struct tk_store *s, const char *ident, int64_t *ticket)
{
	struct tk_sqlite *q = me(s);
	sqlite3_stmt *st;
	int rc;

	if (prepare(q, "SELECT ticket FROM seen WHERE ident = ?1", &st) < 0)
		return -1;
	sqlite3_bind_text(st, 1, ident, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*ticket = sqlite3_column_int64(st, 0);
		rc = 1;
	} else {
		rc = rc == SQLITE_DONE ? 0 : fail(q, "seen");
	}
	sqlite3_finalize(st);
	return rc;
}

static int
op_remember(struct tk_store *s, const char *ident, int64_t ticket)
{
	struct tk_sqlite *q = me(s);
	sqlite3_stmt *st;
	int rc;

	if (prepare(q, "INSERT OR IGNORE INTO seen (ident, ticket)"
	    " VALUES (?1, ?2)", &st) < 0)
		return -1;
	sqlite3_bind_text(st, 1, ident, -1, SQLITE_STATIC);
	if (ticket != 0)
		sqlite3_bind_int64(st, 2, ticket);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : fail(q, "remember");
	sqlite3_finalize(st);
	return rc;
}

static int
op_dead_letter(struct tk_store *s, double received, const char *error,
    const void *raw, size_t len)
{
	struct tk_sqlite *q = me(s);
	sqlite3_stmt *st;
	int rc;

	if (prepare(q, "INSERT INTO dead_letters (received, error, raw)"
	    " VALUES (?1, ?2, ?3)", &st) < 0)
		return -1;
	sqlite3_bind_double(st, 1, received);
	sqlite3_bind_text(st, 2, error, -1, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 3, raw, len, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : fail(q, "dead letter");
	sqlite3_finalize(st);
	return rc;
}

static int
op_list(struct tk_store *s, bool all, tk_ticket_fn fn, void *ctx)
{
	struct tk_sqlite *q = me(s);
	struct tk_ticket t = { 0 };
	sqlite3_stmt *st;
	int rc;

	if (prepare(q, "SELECT " TICKET_COLS " FROM tickets WHERE ?1 OR"
	    " status <> 'resolved' ORDER BY id DESC", &st) < 0)
		return -1;
	sqlite3_bind_int(st, 1, all);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_ticket(st, &t);
		if (fn(ctx, &t) < 0)
			break;
	}
	tk_ticket_clear(&t);
	rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : fail(q, "list");
	sqlite3_finalize(st);
	return rc;
}

static int
op_history(struct tk_store *s, int64_t ticket, tk_hist_fn fn, void *ctx)
{
	struct tk_sqlite *q = me(s);
	struct tk_hist h;
	sqlite3_stmt *st;
	int rc;

	if (prepare(q, "SELECT id, ticket, received, at, type, host,"
	    " service, state, hard, urgency, action, author, comment,"
	    " output, truncated, ident FROM history WHERE ticket = ?1"
	    " ORDER BY id", &st) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, ticket);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&h, 0, sizeof(h));
		h.id = sqlite3_column_int64(st, 0);
		h.ticket = sqlite3_column_int64(st, 1);
		h.received = sqlite3_column_double(st, 2);
		h.at = sqlite3_column_double(st, 3);
		h.type = (const char *)sqlite3_column_text(st, 4);
		h.host = (const char *)sqlite3_column_text(st, 5);
		h.service = (const char *)sqlite3_column_text(st, 6);
		h.state = (const char *)sqlite3_column_text(st, 7);
		h.hard = sqlite3_column_int(st, 8);
		h.urgency = sqlite3_column_int(st, 9);
		h.action = (const char *)sqlite3_column_text(st, 10);
		h.author = (const char *)sqlite3_column_text(st, 11);
		h.comment = (const char *)sqlite3_column_text(st, 12);
		h.output = sqlite3_column_blob(st, 13);
		h.output_len = (size_t)sqlite3_column_bytes(st, 13);
		h.truncated = sqlite3_column_int(st, 14);
		h.ident = (const char *)sqlite3_column_text(st, 15);
		if (fn(ctx, &h) < 0)
			break;
	}
	rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 :
	    fail(q, "history");
	sqlite3_finalize(st);
	return rc;
}

/* The outbox rows: one change, one delivery per enabled back end. */
static int
op_enqueue(struct tk_store *s, const struct tk_change *c)
{
	struct tk_sqlite *q = me(s);
	sqlite3_stmt *st;
	int rc;

	if (q->nbackends >= 0 && ob_backends_sync(q->db,
	    (const char *const *)q->backends, q->nbackends) < 0)
		return fail(q, "register back ends");
	if (prepare(q, "INSERT INTO ob_changes (ticket, action, type, host,"
	    " service, state, status, urgency, author, comment, output,"
	    " truncated, contact, at) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	    " ?8, ?9, ?10, ?11, ?12, ?13, ?14"
	    " WHERE EXISTS (SELECT 1 FROM ob_backends WHERE enabled)",
	    &st) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, c->ticket);
	sqlite3_bind_text(st, 2, c->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, c->host, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, c->service, -1, SQLITE_STATIC);
	bind_opt_text(st, 6, c->state);
	sqlite3_bind_text(st, 7, c->status, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, c->urgency);
	bind_opt_text(st, 9, c->author);
	bind_opt_text(st, 10, c->comment);
	sqlite3_bind_blob64(st, 11, c->output ? c->output : "",
	    c->output_len, SQLITE_STATIC);
	sqlite3_bind_int(st, 12, c->truncated);
	bind_opt_text(st, 13, c->contact);
	sqlite3_bind_double(st, 14, c->at);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : fail(q, "enqueue");
	sqlite3_finalize(st);
	if (rc < 0 || sqlite3_changes(q->db) == 0)
		return rc;
	if (prepare(q, "INSERT INTO ob_deliveries (change, backend, ticket)"
	    " SELECT ?1, name, ?2 FROM ob_backends WHERE enabled", &st) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, sqlite3_last_insert_rowid(q->db));
	sqlite3_bind_int64(st, 2, c->ticket);
	rc = sqlite3_step(st) == SQLITE_DONE ? 1 : fail(q, "enqueue");
	sqlite3_finalize(st);
	return rc;
}

static void
free_backends(struct tk_sqlite *q)
{
	int i;

	for (i = 0; i < q->nbackends; i++)
		free(q->backends[i]);
	free(q->backends);
	q->backends = NULL;
	q->nbackends = -1;
}

static void
op_backends(struct tk_store *s, const char *const *names, int n)
{
	struct tk_sqlite *q = me(s);
	int i;

	free_backends(q);
	q->backends = sense_xcalloc((size_t)n + 1, sizeof(char *));
	for (i = 0; i < n; i++)
		q->backends[i] = sense_xstrdup(names[i]);
	q->nbackends = n;
}

static void
op_close(struct tk_store *s)
{
	struct tk_sqlite *q = me(s);

	if (q == NULL)
		return;
	free_backends(q);
	if (q->queue_fd >= 0)
		close(q->queue_fd);
	free(q->queue);
	if (q->wal_frames >= TK_CKPT_FRAMES) {
		/* Never wait for this: busy, it copies what it can. */
		sqlite3_busy_timeout(q->db, 0);
		sqlite3_wal_checkpoint_v2(q->db, NULL,
		    SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	}
	sqlite3_close(q->db);
	free(q);
}

static const struct tk_store_ops tk_sqlite_ops = {
	.error = op_error,
	.begin = op_begin,
	.commit = op_commit,
	.rollback = op_rollback,
	.seen = op_seen,
	.remember = op_remember,
	.find_open = op_find_open,
	.find_resolved = op_find_resolved,
	.get = op_get,
	.save = op_save,
	.add_history = op_add_history,
	.dead_letter = op_dead_letter,
	.list = op_list,
	.history = op_history,
	.enqueue = op_enqueue,
	.backends = op_backends,
	.close = op_close,
};

static int
user_version(struct tk_sqlite *q, int *v)
{
	sqlite3_stmt *st;
	int rc;

	if (prepare(q, "PRAGMA user_version", &st) < 0)
		return -1;
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : fail(q, "user_version");
	*v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc;
}

/*
 * Bring the schema to version upto.  The version is read again under
 * the write lock, so concurrent first runs migrate exactly once.
 */
static int
migrate(struct tk_sqlite *q, int upto)
{
	char sql[64];
	int v;

	if (user_version(q, &v) < 0)
		return -1;
	if (v > TK_SCHEMA) {
		snprintf(q->err, sizeof(q->err), "schema version %d is newer"
		    " than this sense-ticket knows (%d)", v, TK_SCHEMA);
		return -1;
	}
	if (v >= upto)
		return 0;
	if (exec(q, "BEGIN IMMEDIATE") < 0)
		return -1;
	if (user_version(q, &v) < 0)
		goto fail;
	for (; v < upto; v++)
		if (exec(q, tk_migrations[v]) < 0)
			goto fail;
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v);
	if (exec(q, sql) < 0 || exec(q, "COMMIT") < 0)
		goto fail;
	return 0;
fail:
	sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/*
 * Switching to WAL needs a moment of exclusive access; when many
 * first-time processes race for it, retry within the busy budget.
 */
static int
set_wal(struct tk_sqlite *q, int busy_ms)
{
	double end = sense_now_mono() + busy_ms / 1000.0;
	int rc;

	for (;;) {
		rc = sqlite3_exec(q->db, "PRAGMA journal_mode = WAL", NULL,
		    NULL, NULL);
		if (rc == SQLITE_OK)
			return 0;
		if ((rc & 0xff) != SQLITE_BUSY || sense_now_mono() > end)
			return fail(q, "journal_mode WAL");
		usleep(2000);
	}
}

/*
 * After each commit: how long the WAL is.  This replaces SQLite's
 * autocheckpoint, whose passive checkpoint at 1000 frames is kept for
 * a process that commits many times (the unit tests).
 */
static int
wal_hook(void *ctx, sqlite3 *db, const char *name, int frames)
{
	((struct tk_sqlite *)ctx)->wal_frames = frames;
	if (frames >= 1000)
		sqlite3_wal_checkpoint(db, name);
	return SQLITE_OK;
}

static struct tk_sqlite *
open_db(const char *path, int busy_ms, int upto, char *err, size_t errlen)
{
	struct tk_sqlite *q = sense_xcalloc(1, sizeof(*q));
	int persist;

	q->base.ops = &tk_sqlite_ops;
	q->nbackends = -1;
	q->queue_fd = -1;
	q->busy_ms = busy_ms;
	if (*path != '\0' && *path != ':') {
		q->queue = sense_xmalloc(strlen(path) + sizeof("-lock"));
		sprintf(q->queue, "%s-lock", path);
	}
	if (sqlite3_open_v2(path, &q->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, q->db ?
		    sqlite3_errmsg(q->db) : "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(q->db, busy_ms);
	/*
	 * Every notification is a short-lived process, usually the only
	 * connection.  SQLite's default, a checkpoint by the last one to
	 * close, costs each of them four fsyncs (WAL header, directory,
	 * WAL, database): more than the rest of the notification.  So
	 * closing leaves the WAL alone, and the process whose commit made
	 * it TK_CKPT_FRAMES long checkpoints and truncates it on close;
	 * the next process's scan of the WAL (its wal-index is rebuilt
	 * when nobody else has it open) stays short.  synchronous=NORMAL:
	 * a commit reaches the WAL without an fsync, which survives any
	 * crash of a process; a power loss or kernel crash may lose the
	 * last few notifications (never the database) -- the checkpoint
	 * syncs.  The WAL file itself is kept (PERSIST_WAL), sparing the
	 * create and unlink.
	 */
	persist = 1;
	sqlite3_file_control(q->db, "main", SQLITE_FCNTL_PERSIST_WAL,
	    &persist);
	sqlite3_db_config(q->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sqlite3_wal_hook(q->db, wal_hook, q);
	if (set_wal(q, busy_ms) < 0 ||
	    exec(q, "PRAGMA synchronous = NORMAL") < 0 ||
	    exec(q, "PRAGMA foreign_keys = ON") < 0 ||
	    migrate(q, upto) < 0) {
		snprintf(err, errlen, "%s: %s", path, q->err);
		goto fail;
	}
	return q;
fail:
	op_close(&q->base);
	return NULL;
}

struct tk_store *
tk_sqlite_open(const char *path, int busy_ms, char *err, size_t errlen)
{
	struct tk_sqlite *q = open_db(path, busy_ms, TK_SCHEMA, err, errlen);

	return q ? &q->base : NULL;
}

int
tk_sqlite_create_at(const char *path, int upto, char *err, size_t errlen)
{
	struct tk_sqlite *q;

	if (upto < 1 || upto > TK_SCHEMA) {
		snprintf(err, errlen, "no schema version %d", upto);
		return -1;
	}
	q = open_db(path, 5000, upto, err, errlen);
	if (q == NULL)
		return -1;
	op_close(&q->base);
	return 0;
}
