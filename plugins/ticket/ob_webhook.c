/*
 * ob_webhook -- one JSON POST per ticket change (payload in README,
 * "helpdesk").  The Idempotency-Key header names the delivery
 * (PREFIX:TICKET:CHANGE); a receiver that honours it sees each change
 * once even when a crash made sense send it again.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ob_engine.h"
#include "ob_text.h"
#include "tk_json.h"

static void
member(FILE *f, const char *name, const char *v, size_t len)
{
	fprintf(f, ",\n \"%s\": ", name);
	tk_json_str(f, v, v ? len : 0);
}

static void
smember(FILE *f, const char *name, const char *v)
{
	member(f, name, v, v ? strlen(v) : 0);
}

/* The payload: valid JSON whatever the bytes, output clipped. */
static char *
payload(const struct ob_ctx *x, const struct ob_item *it, const char *key,
    const char *id, size_t *len)
{
	const struct tk_change *c = &it->c;
	size_t n = ob_utf8_clip(c->output, c->output_len, x->conf->max_text);
	struct ob_str s;

	ob_str_open(&s);
	fprintf(s.f, "{\"version\": 1,\n \"key\": ");
	tk_json_str(s.f, key, strlen(key));
	smember(s.f, "delivery", id);
	fprintf(s.f, ",\n \"ticket\": %" PRId64 ",\n \"change\": %" PRId64,
	    c->ticket, it->change);
	smember(s.f, "action", c->action);
	smember(s.f, "type", c->type);
	smember(s.f, "host", c->host);
	smember(s.f, "service", c->service);
	smember(s.f, "state", c->state);
	smember(s.f, "status", c->status);
	fprintf(s.f, ",\n \"urgency\": %d", c->urgency);
	smember(s.f, "author", c->author);
	smember(s.f, "comment", c->comment);
	smember(s.f, "contact", c->contact);
	member(s.f, "output", c->output, n);
	fprintf(s.f, ",\n \"truncated\": %s,\n \"at\": ",
	    c->truncated || n < c->output_len ? "true" : "false");
	tk_json_num(s.f, c->at, false);
	fputs("}\n", s.f);
	return ob_str_close(&s, len);
}

enum ob_result
ob_webhook_send(struct ob_ctx *x, const struct ob_item *it)
{
	struct ob_http_req r;
	struct ob_http_resp a;
	enum ob_result res;
	char key[128], id[160], hdr[200], *body;
	size_t len;

	ob_key(key, sizeof(key), x->conf->key_prefix, it->c.ticket);
	snprintf(id, sizeof(id), "%s:%" PRId64, key, it->change);
	snprintf(hdr, sizeof(hdr), "Idempotency-Key: %s", id);
	body = payload(x, it, key, id, &len);
	memset(&r, 0, sizeof(r));
	r.method = "POST";
	r.url = x->conf->webhook->url;
	r.body = body;
	r.body_len = len;
	r.auth = &x->conf->webhook->secret;
	r.scheme = "Bearer";
	r.extra_header = hdr;
	r.timeout_ms = ob_ctx_timeout(x);
	if (ob_http(&r, &a, x->err, sizeof(x->err)) < 0) {
		x->down = true;
		res = OB_RETRY;
	} else if ((res = ob_http_class(a.status)) != OB_OK) {
		snprintf(x->err, sizeof(x->err), "webhook: HTTP %ld: %.200s",
		    a.status, a.body);
	}
	free(a.body);
	free(body);
	return res;
}
