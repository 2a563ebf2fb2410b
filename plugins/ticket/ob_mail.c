/*
 * ob_mail -- mail through SMTP (libcurl) to the helpdesk's mail-in
 * address (every change) and to the host's customer contact (the
 * sense_contact custom variable: open, reopen, escalate, resolve).
 *
 * No header is built from raw input: the subject is one line of valid
 * UTF-8 sent as RFC 2047 encoded words, addresses must be plain
 * addr-specs, and the body travels base64-encoded, so CR, LF and any
 * "Bcc:" in the output stay text in the body.  Message-IDs are derived
 * from the ticket and the change, so a resend after a crash carries
 * the same id; every message of a ticket refers to the first one.
 */
#include <curl/curl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ob_engine.h"
#include "ob_text.h"

struct upload {
	const char	*p;
	size_t		 left;
};

static size_t
on_read(char *buf, size_t size, size_t n, void *ctx)
{
	struct upload *u = ctx;
	size_t k = size * n < u->left ? size * n : u->left;

	memcpy(buf, u->p, k);
	u->p += k;
	u->left -= k;
	return k;
}

/* A plain addr-spec: local@domain, printable ASCII, no specials. */
static bool
addr_ok(const char *a)
{
	const char *at;
	size_t i;

	if (a == NULL || strlen(a) > 254 || (at = strchr(a, '@')) == NULL ||
	    at == a || at[1] == '\0' || strchr(at + 1, '@') != NULL)
		return false;
	for (i = 0; a[i] != '\0'; i++)
		if (a[i] <= ' ' || a[i] >= 0x7F || strchr("<>()[],;:\"\\",
		    a[i]) != NULL)
			return false;
	return true;
}

static bool
for_customer(const struct tk_change *c)
{
	static const char *const acts[] = { "open", "reopen", "escalate",
	    "resolve", "close", NULL };
	int i;

	for (i = 0; acts[i]; i++)
		if (strcmp(c->action, acts[i]) == 0)
			return true;
	return false;
}

/* The subject as encoded words of at most 45 bytes each (60 base64
 * characters), never splitting a UTF-8 sequence. */
static void
subject(FILE *f, const char *s)
{
	size_t len = strlen(s), n;

	fputs("Subject:", f);
	while (len > 0) {
		n = ob_utf8_clip(s, len, 45);
		if (n == 0)
			n = 1;
		fputs(" =?UTF-8?B?", f);
		ob_base64(f, s, n, false);
		fputs("?=\r\n", f);
		s += n;
		len -= n;
	}
}

static char *
message(const struct ob_ctx *x, const struct ob_item *it, const char *to,
    const char *cc, size_t *len)
{
	const struct ob_mail_conf *m = x->conf->mail;
	const char *domain = strchr(m->from, '@') + 1;
	char key[128], date[64], *subj, *body;
	time_t now = time(NULL);
	struct ob_str s;
	struct tm tm;
	size_t blen;

	ob_key(key, sizeof(key), x->conf->key_prefix, it->c.ticket);
	subj = ob_subject(&it->c);
	body = ob_body(&it->c, key, x->conf->max_text, &blen);
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	ob_str_open(&s);
	fprintf(s.f, "From: <%s>\r\nTo: <%s>\r\n", m->from, to);
	if (cc != NULL)
		fprintf(s.f, "Cc: <%s>\r\n", cc);
	fprintf(s.f, "Date: %s\r\n", date);
	if (strcmp(it->c.action, "open") == 0) {
		fprintf(s.f, "Message-ID: <%s.%" PRId64 "@%s>\r\n",
		    x->conf->key_prefix, it->c.ticket, domain);
	} else {
		fprintf(s.f, "Message-ID: <%s.%" PRId64 ".%" PRId64
		    "@%s>\r\n", x->conf->key_prefix, it->c.ticket,
		    it->change, domain);
		fprintf(s.f, "In-Reply-To: <%s.%" PRId64 "@%s>\r\n"
		    "References: <%s.%" PRId64 "@%s>\r\n",
		    x->conf->key_prefix, it->c.ticket, domain,
		    x->conf->key_prefix, it->c.ticket, domain);
	}
	subject(s.f, subj);
	fprintf(s.f, "X-Sense-Key: %s\r\nAuto-Submitted: auto-generated\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n", key);
	ob_base64(s.f, body, blen, true);
	free(subj);
	free(body);
	return ob_str_close(&s, len);
}

static enum ob_result
send_smtp(struct ob_ctx *x, const char *msg, size_t len,
    struct curl_slist *rcpt)
{
	const struct ob_mail_conf *m = x->conf->mail;
	char ebuf[CURL_ERROR_SIZE] = "", from[300];
	struct upload u = { msg, len };
	enum ob_result r = OB_OK;
	long code = 0;
	CURLcode cc;
	CURL *c;

	if ((c = curl_easy_init()) == NULL) {
		snprintf(x->err, sizeof(x->err), "curl: cannot initialise");
		return OB_RETRY;
	}
	snprintf(from, sizeof(from), "<%s>", m->from);
	curl_easy_setopt(c, CURLOPT_URL, m->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, ob_ctx_timeout(x));
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, ob_ctx_timeout(x));
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	if (m->secret.user != NULL) {
		curl_easy_setopt(c, CURLOPT_USERNAME, m->secret.user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, m->secret.password ?
		    m->secret.password : "");
	}
	cc = curl_easy_perform(c);
	if (cc != CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		snprintf(x->err, sizeof(x->err), "SMTP %s: %s (%ld)", m->url,
		    *ebuf ? ebuf : curl_easy_strerror(cc), code);
		/* 5xx is the server's final no; anything else may pass. */
		r = code >= 500 ? OB_FAIL : OB_RETRY;
		x->down = code == 0;
	}
	curl_easy_cleanup(c);
	return r;
}

enum ob_result
ob_mail_send(struct ob_ctx *x, const struct ob_item *it)
{
	const struct ob_mail_conf *m = x->conf->mail;
	const char *to = NULL, *cc = NULL;
	struct curl_slist *rcpt = NULL;
	char buf[2][300], *msg;
	enum ob_result r;
	size_t len;

	if (!addr_ok(m->from)) {
		snprintf(x->err, sizeof(x->err), "mail: from is not a plain"
		    " address");
		return OB_FAIL;
	}
	if (addr_ok(m->helpdesk))
		to = m->helpdesk;
	if (m->customer && for_customer(&it->c) && addr_ok(it->c.contact)) {
		if (to == NULL)
			to = it->c.contact;
		else
			cc = it->c.contact;
	}
	if (to == NULL)
		return OB_OK;	/* nobody to tell for this change */
	snprintf(buf[0], sizeof(buf[0]), "<%s>", to);
	rcpt = curl_slist_append(rcpt, buf[0]);
	if (cc != NULL) {
		snprintf(buf[1], sizeof(buf[1]), "<%s>", cc);
		rcpt = curl_slist_append(rcpt, buf[1]);
	}
	msg = message(x, it, to, cc, &len);
	r = send_smtp(x, msg, len, rcpt);
	curl_slist_free_all(rcpt);
	free(msg);
	return r;
}
