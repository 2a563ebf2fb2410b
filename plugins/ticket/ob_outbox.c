/* ob_outbox -- claims, leases and outcomes; see ob_outbox.h. */
#include "ob_outbox.h"

#include <errno.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sense_util.h"
#include "tk_cli.h"
#include "tk_json.h"

struct ob_outbox {
	sqlite3	*db;
	char	 me[300];	/* lease owner: host:pid */
	char	 host[256];
	char	 err[512];
};

static int
fail(struct ob_outbox *o, const char *what)
{
	snprintf(o->err, sizeof(o->err), "%s: %s", what,
	    sqlite3_errmsg(o->db));
	return -1;
}

const char *
ob_outbox_error(struct ob_outbox *o)
{
	return o->err;
}

static int
exec(struct ob_outbox *o, const char *sql)
{
	if (sqlite3_exec(o->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fail(o, sql);
	return 0;
}

static int
prepare(struct ob_outbox *o, const char *sql, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(o->db, sql, -1, st, NULL) != SQLITE_OK)
		return fail(o, "prepare");
	return 0;
}

static void
rollback(struct ob_outbox *o)
{
	if (!sqlite3_get_autocommit(o->db))
		sqlite3_exec(o->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Run a bound statement that returns no rows, then finalize it. */
static int
run(struct ob_outbox *o, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : fail(o, what);

	sqlite3_finalize(st);
	return rc;
}

/*
 * SQL ob_gone(owner): 1 when the lease owner is a process of this host
 * that no longer exists.  Owners on other hosts wait for the expiry.
 */
static void
sql_gone(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct ob_outbox *o = sqlite3_user_data(ctx);
	const char *owner = (const char *)sqlite3_value_text(argv[0]);
	const char *colon;
	size_t hl = strlen(o->host);
	long pid;

	(void)argc;
	if (owner == NULL || strncmp(owner, o->host, hl) != 0 ||
	    owner[hl] != ':') {
		sqlite3_result_int(ctx, 0);
		return;
	}
	colon = owner + hl;
	pid = strtol(colon + 1, NULL, 10);
	sqlite3_result_int(ctx, pid > 0 && kill((pid_t)pid, 0) < 0 &&
	    errno == ESRCH);
}

struct ob_outbox *
ob_outbox_open(const char *path, int busy_ms, char *err, size_t errlen)
{
	struct ob_outbox *o = sense_xcalloc(1, sizeof(*o));

	if (gethostname(o->host, sizeof(o->host) - 1) < 0)
		snprintf(o->host, sizeof(o->host), "localhost");
	snprintf(o->me, sizeof(o->me), "%s:%ld", o->host, (long)getpid());
	if (sqlite3_open_v2(path, &o->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, o->db ?
		    sqlite3_errmsg(o->db) : "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(o->db, busy_ms);
	if (sqlite3_create_function(o->db, "ob_gone", 1, SQLITE_UTF8, o,
	    sql_gone, NULL, NULL) != SQLITE_OK ||
	    exec(o, "PRAGMA synchronous = NORMAL") < 0 ||
	    exec(o, "SELECT 1 FROM ob_deliveries LIMIT 0") < 0) {
		snprintf(err, errlen, "%s: %s", path, o->err);
		goto fail;
	}
	return o;
fail:
	ob_outbox_close(o);
	return NULL;
}

void
ob_outbox_close(struct ob_outbox *o)
{
	if (o == NULL)
		return;
	sqlite3_close(o->db);
	free(o);
}

/* Is the enabled set already names[0..n)? 1 yes, 0 no, -1 error. */
static int
registered(sqlite3 *db, const char *const *names, int n)
{
	sqlite3_stmt *st;
	int i, rc, same = 1, count = 0;

	if (sqlite3_prepare_v2(db, "SELECT name FROM ob_backends WHERE"
	    " enabled", -1, &st, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);

		count++;
		for (i = 0; i < n; i++)
			if (strcmp(v, names[i]) == 0)
				break;
		if (i == n)
			same = 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	return same && count == n;
}

int
ob_backends_sync(struct sqlite3 *db, const char *const *names, int n)
{
	sqlite3_stmt *st;
	int i, rc;

	if ((rc = registered(db, names, n)) != 0)
		return rc < 0 ? -1 : 0;
	if (sqlite3_exec(db, "UPDATE ob_backends SET enabled = 0", NULL,
	    NULL, NULL) != SQLITE_OK)
		return -1;
	for (i = 0; i < n; i++) {
		if (sqlite3_prepare_v2(db, "INSERT INTO ob_backends (name,"
		    " enabled) VALUES (?1, 1) ON CONFLICT (name) DO UPDATE"
		    " SET enabled = 1", -1, &st, NULL) != SQLITE_OK)
			return -1;
		sqlite3_bind_text(st, 1, names[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return -1;
	}
	return 0;
}

int
ob_outbox_register(struct ob_outbox *o, const char *const *names, int n)
{
	int rc;

	/* Read first: the usual case (nothing changed) takes no lock. */
	if ((rc = registered(o->db, names, n)) != 0)
		return rc < 0 ? fail(o, "backends") : 0;
	if (exec(o, "BEGIN IMMEDIATE") < 0)
		return -1;
	if (ob_backends_sync(o->db, names, n) < 0) {
		fail(o, "register");
		rollback(o);
		return -1;
	}
	return exec(o, "COMMIT");
}

static char *
col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);

	return v ? sense_xstrdup((const char *)v) : NULL;
}

void
ob_item_clear(struct ob_item *it)
{
	if (it == NULL)
		return;
	free(it->backend);
	free((char *)it->c.action);
	free((char *)it->c.type);
	free((char *)it->c.host);
	free((char *)it->c.service);
	free((char *)it->c.state);
	free((char *)it->c.status);
	free((char *)it->c.author);
	free((char *)it->c.comment);
	free((char *)it->c.output);
	free((char *)it->c.contact);
	memset(it, 0, sizeof(*it));
}

static void
row_item(sqlite3_stmt *st, const char *backend, struct ob_item *it)
{
	const void *b;
	char *out;

	memset(it, 0, sizeof(*it));
	it->id = sqlite3_column_int64(st, 0);
	it->change = sqlite3_column_int64(st, 1);
	it->attempts = sqlite3_column_int(st, 2) + 1;
	it->in_doubt = sqlite3_column_type(st, 3) != SQLITE_NULL;
	it->backend = sense_xstrdup(backend);
	it->c.ticket = sqlite3_column_int64(st, 4);
	it->c.action = col_str(st, 5);
	it->c.type = col_str(st, 6);
	it->c.host = col_str(st, 7);
	it->c.service = col_str(st, 8);
	it->c.state = col_str(st, 9);
	it->c.status = col_str(st, 10);
	it->c.urgency = sqlite3_column_int(st, 11);
	it->c.author = col_str(st, 12);
	it->c.comment = col_str(st, 13);
	b = sqlite3_column_blob(st, 14);
	it->c.output_len = (size_t)sqlite3_column_bytes(st, 14);
	out = sense_xmalloc(it->c.output_len + 1);
	if (b != NULL)
		memcpy(out, b, it->c.output_len);
	out[it->c.output_len] = '\0';
	it->c.output = out;
	it->c.truncated = sqlite3_column_int(st, 15);
	it->c.contact = col_str(st, 16);
	it->c.at = sqlite3_column_double(st, 17);
}

int
ob_outbox_claim(struct ob_outbox *o, const char *backend, double now,
    bool ignore_due, double lease_s, struct ob_item *it)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(it, 0, sizeof(*it));
	if (exec(o, "BEGIN IMMEDIATE") < 0)
		return -1;
	/* The head of each (back end, ticket) line only. */
	if (prepare(o, "SELECT d.id, d.change, d.attempts, d.lease_owner,"
	    " c.ticket, c.action, c.type, c.host, c.service, c.state,"
	    " c.status, c.urgency, c.author, c.comment, c.output,"
	    " c.truncated, c.contact, c.at"
	    " FROM ob_deliveries d JOIN ob_changes c ON c.id = d.change"
	    " WHERE d.backend = ?1 AND d.state = 'pending'"
	    " AND (?3 OR d.next_try <= ?2)"
	    " AND (d.lease_until <= ?2 OR ob_gone(d.lease_owner))"
	    " AND NOT EXISTS (SELECT 1 FROM ob_deliveries e"
	    "  WHERE e.backend = d.backend AND e.ticket = d.ticket"
	    "  AND e.state <> 'done' AND e.id < d.id)"
	    " ORDER BY d.id LIMIT 1", &st) < 0)
		goto fail;
	sqlite3_bind_text(st, 1, backend, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 2, now);
	sqlite3_bind_int(st, 3, ignore_due);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(st);
		return exec(o, "COMMIT") < 0 ? (rollback(o), -1) : 0;
	}
	if (rc != SQLITE_ROW) {
		fail(o, "claim");
		goto fail;
	}
	row_item(st, backend, it);
	sqlite3_finalize(st);
	st = NULL;
	if (prepare(o, "UPDATE ob_deliveries SET lease_owner = ?1,"
	    " lease_until = ?2, attempts = attempts + 1 WHERE id = ?3",
	    &st) < 0)
		goto fail;
	sqlite3_bind_text(st, 1, o->me, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 2, now + lease_s);
	sqlite3_bind_int64(st, 3, it->id);
	rc = run(o, st, "lease");
	st = NULL;
	if (rc < 0 || exec(o, "COMMIT") < 0)
		goto fail;
	return 1;
fail:
	ob_item_clear(it);
	if (st != NULL)
		sqlite3_finalize(st);
	rollback(o);
	return -1;
}

/* Set the outcome of a claimed delivery (our lease only). */
static int
outcome(struct ob_outbox *o, const struct ob_item *it, const char *state,
    double next_try, const char *error, double done_at)
{
	sqlite3_stmt *st;

	if (prepare(o, "UPDATE ob_deliveries SET state = ?1, next_try = ?2,"
	    " error = ?3, done_at = ?4, lease_owner = NULL, lease_until = 0"
	    " WHERE id = ?5", &st) < 0)
		return -1;
	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 2, next_try);
	if (error != NULL)
		sqlite3_bind_text(st, 3, error, -1, SQLITE_STATIC);
	if (done_at > 0)
		sqlite3_bind_double(st, 4, done_at);
	sqlite3_bind_int64(st, 5, it->id);
	return run(o, st, "outcome");
}

int
ob_outbox_done(struct ob_outbox *o, const struct ob_item *it, double now)
{
	return outcome(o, it, "done", 0, NULL, now);
}

int
ob_outbox_later(struct ob_outbox *o, const struct ob_item *it,
    double next_try, const char *error)
{
	return outcome(o, it, "pending", next_try, error, 0);
}

int
ob_outbox_fail(struct ob_outbox *o, const struct ob_item *it,
    const char *error)
{
	return outcome(o, it, "failed", 0, error, 0);
}

int
ob_outbox_retry(struct ob_outbox *o, int64_t id)
{
	sqlite3_stmt *st;

	/* attempts stays: it tells the back end an earlier try happened */
	if (prepare(o, "UPDATE ob_deliveries SET state = 'pending',"
	    " next_try = 0 WHERE id = ?1 AND state <> 'done'",
	    &st) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (run(o, st, "retry") < 0)
		return -1;
	return sqlite3_changes(o->db) > 0;
}

int
ob_outbox_remote(struct ob_outbox *o, const char *backend, int64_t ticket,
    char **remote)
{
	sqlite3_stmt *st;
	int rc;

	*remote = NULL;
	if (prepare(o, "SELECT remote FROM ob_remote WHERE backend = ?1"
	    " AND ticket = ?2", &st) < 0)
		return -1;
	sqlite3_bind_text(st, 1, backend, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, ticket);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*remote = col_str(st, 0);
		rc = 1;
	} else {
		rc = rc == SQLITE_DONE ? 0 : fail(o, "remote");
	}
	sqlite3_finalize(st);
	return rc;
}

int
ob_outbox_set_remote(struct ob_outbox *o, const char *backend,
    int64_t ticket, const char *remote)
{
	sqlite3_stmt *st;

	if (prepare(o, "INSERT OR REPLACE INTO ob_remote (backend, ticket,"
	    " remote) VALUES (?1, ?2, ?3)", &st) < 0)
		return -1;
	sqlite3_bind_text(st, 1, backend, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, ticket);
	sqlite3_bind_text(st, 3, remote, -1, SQLITE_STATIC);
	return run(o, st, "set remote");
}

int
ob_outbox_count(struct ob_outbox *o, const char *state, int64_t *n)
{
	sqlite3_stmt *st;
	int rc;

	if (prepare(o, "SELECT count(*) FROM ob_deliveries WHERE state = ?1",
	    &st) < 0)
		return -1;
	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : fail(o, "count");
	*n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc;
}

static void
json_field(FILE *out, const char *key, const char *v)
{
	fprintf(out, ", \"%s\": ", key);
	tk_json_str(out, v, v ? strlen(v) : 0);
}

static void
list_row(FILE *out, sqlite3_stmt *st, bool json, int n)
{
	const char *backend = (const char *)sqlite3_column_text(st, 1);
	const char *state = (const char *)sqlite3_column_text(st, 2);
	const char *error = (const char *)sqlite3_column_text(st, 6);
	const char *action = (const char *)sqlite3_column_text(st, 7);
	const char *host = (const char *)sqlite3_column_text(st, 8);
	const char *service = (const char *)sqlite3_column_text(st, 9);
	char when[32];

	if (json) {
		fprintf(out, "%s{\"id\": %lld, \"change\": %lld, \"ticket\":"
		    " %lld", n ? ",\n " : "\n ",
		    (long long)sqlite3_column_int64(st, 0),
		    (long long)sqlite3_column_int64(st, 10),
		    (long long)sqlite3_column_int64(st, 3));
		json_field(out, "backend", backend);
		json_field(out, "state", state);
		json_field(out, "action", action);
		json_field(out, "host", host);
		json_field(out, "service", service);
		fprintf(out, ", \"attempts\": %d, \"next_try\": ",
		    sqlite3_column_int(st, 4));
		tk_json_num(out, sqlite3_column_double(st, 5), true);
		json_field(out, "error", error);
		putc('}', out);
		return;
	}
	tk_cli_time(sqlite3_column_double(st, 5), when, sizeof(when));
	fprintf(out, "%6lld  %-8s %-8s %-12s ticket %lld  tries %d  next %s\n",
	    (long long)sqlite3_column_int64(st, 0), backend, state, action,
	    (long long)sqlite3_column_int64(st, 3),
	    sqlite3_column_int(st, 4), when);
	fputs("        ", out);
	tk_text_safe(out, host, strlen(host), false);
	if (*service != '\0') {
		putc('/', out);
		tk_text_safe(out, service, strlen(service), false);
	}
	putc('\n', out);
	if (error != NULL) {
		fputs("        error: ", out);
		tk_text_safe(out, error, strlen(error), false);
		putc('\n', out);
	}
}

int
ob_outbox_list(struct ob_outbox *o, FILE *out, bool all, bool json)
{
	sqlite3_stmt *st;
	int rc, n = 0;

	if (prepare(o, "SELECT d.id, d.backend, d.state, d.ticket,"
	    " d.attempts, d.next_try, d.error, c.action, c.host, c.service,"
	    " d.change FROM ob_deliveries d JOIN ob_changes c"
	    " ON c.id = d.change WHERE ?1 OR d.state <> 'done'"
	    " ORDER BY d.id", &st) < 0)
		return -1;
	sqlite3_bind_int(st, 1, all);
	if (json)
		putc('[', out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		list_row(out, st, json, n++);
	if (json)
		fputs(n ? "\n]\n" : "]\n", out);
	else if (n == 0)
		fputs("outbox empty\n", out);
	rc = rc == SQLITE_DONE ? 0 : fail(o, "list");
	sqlite3_finalize(st);
	return rc;
}
