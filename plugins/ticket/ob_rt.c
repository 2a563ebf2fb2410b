/*
 * ob_rt -- Request Tracker 5 through REST 2.0.
 *
 * The sense ticket's key (PREFIX:ID) lives in a ticket custom field.
 * Before creating, the RT ticket is looked up: first in the local map
 * (ob_remote), then in RT by that custom field (unless this is the
 * delivery's first attempt and nobody claimed it before), so a crash
 * between "created" and "recorded" never makes a second ticket.  RT has no
 * uniqueness of its own; the outbox lease keeps one process per key.
 *   open            create (subject, body, priority, custom fields)
 *   update          correspond
 *   escalate        priority and urgency field, then correspond
 *   reopen          status open, priority, then correspond
 *   resolve, close  comment, then status resolved (a correspondence
 *                   would reopen it)
 *   acknowledge, note, storm   comment
 */
#include <curl/curl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ob_engine.h"
#include "ob_text.h"
#include "tk_json.h"

struct rt_call {
	struct ob_ctx		*x;
	const struct ob_rt_conf	*rt;
	const struct ob_item	*it;
	char			 key[128];
	int64_t			 remote;	/* RT ticket id, 0: none */
};

static bool
is(const struct ob_item *it, const char *action)
{
	return strcmp(it->c.action, action) == 0;
}

/* One request; the answer body in *resp when wanted (caller frees). */
static enum ob_result
call(struct rt_call *k, const char *method, const char *path,
    const char *body, size_t len, char **resp)
{
	struct ob_http_req r;
	struct ob_http_resp a;
	enum ob_result res;
	char *url = NULL;
	size_t n;

	if (resp != NULL)
		*resp = NULL;
	n = strlen(k->rt->url);
	while (n > 0 && k->rt->url[n - 1] == '/')
		n--;
	if (asprintf(&url, "%.*s/REST/2.0/%s", (int)n, k->rt->url, path) < 0)
		return OB_RETRY;
	memset(&r, 0, sizeof(r));
	r.method = method;
	r.url = url;
	r.body = body;
	r.body_len = len;
	r.auth = &k->rt->secret;
	r.scheme = "token";
	r.timeout_ms = ob_ctx_timeout(k->x);
	if (ob_http(&r, &a, k->x->err, sizeof(k->x->err)) < 0) {
		k->x->down = true;
		res = OB_RETRY;
		goto out;
	}
	res = ob_http_class(a.status);
	if (res != OB_OK) {
		snprintf(k->x->err, sizeof(k->x->err), "RT %s %s: HTTP %ld:"
		    " %.200s", method, path, a.status, a.body);
	} else if (resp != NULL) {
		*resp = a.body;
		a.body = NULL;
	}
out:
	free(a.body);
	free(url);
	return res;
}

static int
remote_save(struct rt_call *k)
{
	char id[32];

	snprintf(id, sizeof(id), "%" PRId64, k->remote);
	if (ob_outbox_set_remote(k->x->ob, "rt", k->it->c.ticket, id) < 0) {
		snprintf(k->x->err, sizeof(k->x->err), "outbox: %s",
		    ob_outbox_error(k->x->ob));
		return -1;
	}
	return 0;
}

/* RT's ticket for the key: the local map, else a search by the custom
 * field (and the map learns it). */
static enum ob_result
find(struct rt_call *k)
{
	struct ob_outbox *ob = k->x->ob;
	char *remote = NULL, *q = NULL, *path = NULL, *resp = NULL, *e;
	enum ob_result r = OB_RETRY;
	CURL *c;
	int rc;

	rc = ob_outbox_remote(ob, "rt", k->it->c.ticket, &remote);
	if (rc != 0) {
		k->remote = rc > 0 ? strtoll(remote, NULL, 10) : 0;
		free(remote);
		if (rc < 0)
			snprintf(k->x->err, sizeof(k->x->err), "outbox: %s",
			    ob_outbox_error(ob));
		return rc > 0 ? OB_OK : OB_RETRY;
	}
	/* Only an earlier attempt can have made the ticket: the first
	 * attempt of a delivery nobody else claimed skips the search. */
	if (k->it->attempts <= 1 && !k->it->in_doubt)
		return OB_OK;
	/* TicketSQL quotes with '; the key and field name hold none of
	 * ' { } by construction (ob_conf refuses them). */
	if (asprintf(&q, "'CF.{%s}' = '%s'", k->rt->cf_key, k->key) < 0 ||
	    (c = curl_easy_init()) == NULL)
		goto out;
	e = curl_easy_escape(c, q, 0);
	curl_easy_cleanup(c);
	if (e == NULL)
		goto out;
	rc = asprintf(&path, "tickets?fields=id&query=%s", e);
	curl_free(e);
	if (rc < 0)
		goto out;
	if ((r = call(k, "GET", path, NULL, 0, &resp)) != OB_OK)
		goto out;
	k->remote = ob_json_id(resp, "\"items\"");
	if (k->remote > 0 && remote_save(k) < 0)
		r = OB_RETRY;
out:
	free(q);
	free(path);
	free(resp);
	return r;
}

static int
priority(const struct rt_call *k)
{
	int u = k->it->c.urgency;

	return k->rt->priority[(u < 1 ? 1 : u > 4 ? 4 : u) - 1];
}

static void
json_member(FILE *f, const char *name, const char *v, bool first)
{
	if (!first)
		fputs(", ", f);
	tk_json_str(f, name, strlen(name));
	fputs(": ", f);
	tk_json_str(f, v, v ? strlen(v) : 0);
}

static enum ob_result
create(struct rt_call *k)
{
	const struct tk_change *c = &k->it->c;
	struct ob_str s;
	enum ob_result r;
	char *subject = ob_subject(c), *body, *resp = NULL, *json, u[8];
	size_t blen, len;

	body = ob_body(c, k->key, k->x->conf->max_text, &blen);
	snprintf(u, sizeof(u), "%d", c->urgency);
	ob_str_open(&s);
	fputs("{", s.f);
	json_member(s.f, "Queue", k->rt->queue, true);
	json_member(s.f, "Subject", subject, false);
	fputs(", \"Content\": ", s.f);
	tk_json_str(s.f, body, blen);
	json_member(s.f, "ContentType", "text/plain", false);
	fprintf(s.f, ", \"Priority\": %d, \"CustomFields\": {",
	    priority(k));
	json_member(s.f, k->rt->cf_key, k->key, true);
	json_member(s.f, k->rt->cf_urgency, u, false);
	json_member(s.f, k->rt->cf_host, c->host, false);
	json_member(s.f, k->rt->cf_service, c->service, false);
	fputs("}}", s.f);
	json = ob_str_close(&s, &len);
	r = call(k, "POST", "ticket", json, len, &resp);
	if (r == OB_OK) {
		k->remote = ob_json_id(resp, NULL);
		ob_test_crash("rt-created");
		if (k->remote <= 0) {
			snprintf(k->x->err, sizeof(k->x->err), "RT create:"
			    " no ticket id in the answer");
			r = OB_RETRY;
		} else if (remote_save(k) < 0) {
			r = OB_RETRY;
		}
	}
	free(resp);
	free(json);
	free(body);
	free(subject);
	return r;
}

/* POST ticket/ID/correspond or /comment with the change's body. */
static enum ob_result
message(struct rt_call *k, const char *what)
{
	struct ob_str s;
	enum ob_result r;
	char path[64], *body, *json;
	size_t blen, len;

	body = ob_body(&k->it->c, k->key, k->x->conf->max_text, &blen);
	ob_str_open(&s);
	fputs("{\"Content\": ", s.f);
	tk_json_str(s.f, body, blen);
	fputs(", \"ContentType\": \"text/plain\"}", s.f);
	json = ob_str_close(&s, &len);
	snprintf(path, sizeof(path), "ticket/%" PRId64 "/%s", k->remote,
	    what);
	r = call(k, "POST", path, json, len, NULL);
	free(json);
	free(body);
	return r;
}

/* PUT ticket/ID: status (or NULL), priority and urgency field. */
static enum ob_result
set(struct rt_call *k, const char *status)
{
	struct ob_str s;
	enum ob_result r;
	char path[64], *json, u[8];
	size_t len;

	snprintf(u, sizeof(u), "%d", k->it->c.urgency);
	ob_str_open(&s);
	fprintf(s.f, "{\"Priority\": %d", priority(k));
	if (status != NULL)
		json_member(s.f, "Status", status, false);
	fputs(", \"CustomFields\": {", s.f);
	json_member(s.f, k->rt->cf_urgency, u, true);
	fputs("}}", s.f);
	json = ob_str_close(&s, &len);
	snprintf(path, sizeof(path), "ticket/%" PRId64, k->remote);
	r = call(k, "PUT", path, json, len, NULL);
	free(json);
	return r;
}

enum ob_result
ob_rt_send(struct ob_ctx *x, const struct ob_item *it)
{
	struct rt_call k;
	enum ob_result r;

	memset(&k, 0, sizeof(k));
	k.x = x;
	k.rt = x->conf->rt;
	k.it = it;
	ob_key(k.key, sizeof(k.key), x->conf->key_prefix, it->c.ticket);
	if ((r = find(&k)) != OB_OK)
		return r;
	if (k.remote == 0) {
		if ((r = create(&k)) != OB_OK || is(it, "open"))
			return r;
	} else if (is(it, "open")) {
		return OB_OK;	/* made by an attempt that was not recorded */
	}
	if (is(it, "resolve") || is(it, "close")) {
		if ((r = message(&k, "comment")) != OB_OK)
			return r;
		return set(&k, "resolved");
	}
	if (is(it, "reopen") || is(it, "escalate")) {
		if ((r = set(&k, is(it, "reopen") ? "open" : NULL)) != OB_OK)
			return r;
		return message(&k, "correspond");
	}
	if (is(it, "update"))
		return message(&k, "correspond");
	return message(&k, "comment");
}
