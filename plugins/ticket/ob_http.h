/*
 * ob_http -- one HTTP exchange through libcurl for the RT and webhook
 * back ends, and the outcome rules they share.
 */
#ifndef OB_HTTP_H
#define OB_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ob_conf.h"

/* What became of one delivery attempt. */
enum ob_result {
	OB_OK,		/* delivered */
	OB_RETRY,	/* transient: back off and try again */
	OB_FAIL		/* permanent: failed until retried by hand */
};

struct ob_http_req {
	const char		*method;	/* GET, POST, PUT */
	const char		*url;
	const char		*body;		/* JSON, or NULL */
	size_t			 body_len;
	const struct ob_secret	*auth;		/* token or user+password */
	const char		*scheme;	/* for a token: "token" (RT),
						   "Bearer" */
	const char		*extra_header;	/* one more, or NULL */
	long			 timeout_ms;
};

struct ob_http_resp {
	long	 status;	/* 0: no HTTP answer (transport error) */
	char	*body;		/* NUL-terminated, caller frees */
	size_t	 len;
};

/*
 * Perform r.  Returns 0 with an HTTP status in resp (any status), or -1
 * when no answer came (refused, timeout, DNS ...) with the reason in
 * err.  resp->body is set either way (free it).
 */
int	ob_http(const struct ob_http_req *r, struct ob_http_resp *resp,
	    char *err, size_t errlen);

/* 2xx OK; 408, 429, 5xx RETRY; any other status FAIL. */
enum ob_result ob_http_class(long status);

/*
 * The first "id" member's value in a JSON text, as a number (RT sends
 * ids as strings: "id" : "12"); after skips to the first occurrence of
 * that text first (NULL: from the start).  0 when none.
 */
int64_t	ob_json_id(const char *json, const char *after);

#endif
