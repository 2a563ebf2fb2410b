/* ob_http -- libcurl exchanges; see ob_http.h. */
#include "ob_http.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sense_util.h"

/* Answers beyond this are cut: sense only reads ids out of them. */
#define OB_HTTP_MAX_RESP (1 << 20)

static size_t
on_data(char *p, size_t size, size_t n, void *ctx)
{
	struct ob_http_resp *r = ctx;
	size_t add = size * n;

	if (r->len + add > OB_HTTP_MAX_RESP)
		return add;
	r->body = sense_xrealloc(r->body, r->len + add + 1);
	memcpy(r->body + r->len, p, add);
	r->len += add;
	r->body[r->len] = '\0';
	return add;
}

int
ob_http(const struct ob_http_req *r, struct ob_http_resp *resp, char *err,
    size_t errlen)
{
	char ebuf[CURL_ERROR_SIZE] = "", *auth = NULL;
	struct curl_slist *h = NULL;
	CURLcode cc;
	CURL *c;
	int rc = -1;

	memset(resp, 0, sizeof(*resp));
	resp->body = sense_xstrdup("");
	if ((c = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "curl: cannot initialise");
		return -1;
	}
	h = curl_slist_append(h, "Content-Type: application/json;"
	    " charset=utf-8");
	h = curl_slist_append(h, "Accept: application/json");
	h = curl_slist_append(h, "Expect:");
	if (r->extra_header != NULL)
		h = curl_slist_append(h, r->extra_header);
	if (r->auth != NULL && r->auth->token != NULL) {
		if (asprintf(&auth, "Authorization: %s %s", r->scheme ?
		    r->scheme : "Bearer", r->auth->token) < 0)
			goto out;
		h = curl_slist_append(h, auth);
	} else if (r->auth != NULL && r->auth->user != NULL) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERNAME, r->auth->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, r->auth->password ?
		    r->auth->password : "");
	}
	curl_easy_setopt(c, CURLOPT_URL, r->url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, r->method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, r->timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, r->timeout_ms);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, resp);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	if (r->body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, r->body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)r->body_len);
	}
	cc = curl_easy_perform(c);
	if (cc != CURLE_OK) {
		snprintf(err, errlen, "%s %s: %s", r->method, r->url,
		    *ebuf ? ebuf : curl_easy_strerror(cc));
		goto out;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
	rc = 0;
out:
	curl_slist_free_all(h);
	free(auth);
	curl_easy_cleanup(c);
	return rc;
}

enum ob_result
ob_http_class(long status)
{
	if (status >= 200 && status < 300)
		return OB_OK;
	if (status == 408 || status == 429 || status >= 500 || status == 0)
		return OB_RETRY;
	return OB_FAIL;
}

int64_t
ob_json_id(const char *json, const char *after)
{
	const char *p = json;

	if (json == NULL)
		return 0;
	if (after != NULL && (p = strstr(json, after)) == NULL)
		return 0;
	while ((p = strstr(p, "\"id\"")) != NULL) {
		p += 4;
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p++ != ':')
			continue;
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '"')
			p++;
		if (*p >= '0' && *p <= '9')
			return strtoll(p, NULL, 10);
	}
	return 0;
}
