/*
 * ob_text -- the words every back end sends: subject, body, the
 * ticket's key, and text made safe for JSON and mail whatever the
 * input bytes (invalid UTF-8 becomes U+FFFD, control characters never
 * reach a header).  Built on tk_json.
 */
#ifndef OB_TEXT_H
#define OB_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "tk_store.h"

/* A string being written through a FILE (open_memstream). */
struct ob_str {
	FILE	*f;
	char	*data;
	size_t	 len;
};

void	ob_str_open(struct ob_str *s);
/* Flush and close the stream: data/len hold the text (caller frees). */
char	*ob_str_close(struct ob_str *s, size_t *len);

/* The longest prefix of s[0..len) of at most max bytes that does not
 * split a UTF-8 sequence. */
size_t	ob_utf8_clip(const char *s, size_t len, size_t max);

/* s as valid UTF-8: invalid bytes become U+FFFD; oneline also turns
 * every control character (CR, LF, TAB ...) into a space. */
void	ob_utf8_clean(FILE *out, const char *s, size_t len, bool oneline);

/* "PREFIX:TICKET", the idempotency key of a sense ticket. */
void	ob_key(char *buf, size_t size, const char *prefix, int64_t ticket);

/* One-line subject: "[sense] HOST/SERVICE STATE: action" (UTF-8). */
char	*ob_subject(const struct tk_change *c);

/* Plain-text body (valid UTF-8, output clipped to max_text bytes). */
char	*ob_body(const struct tk_change *c, const char *key,
	    size_t max_text, size_t *len);

/* Base64 of s[0..len), lines of 76 characters ending in CRLF when
 * wrap, else one line. */
void	ob_base64(FILE *out, const void *s, size_t len, bool wrap);

#endif
