/*
 * tk_json -- the few JSON writers sense-ticket needs, and safe text for
 * a terminal.  Any input bytes give valid output: JSON strings are
 * escaped and invalid UTF-8 becomes U+FFFD.
 */
#ifndef TK_JSON_H
#define TK_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* s[0..len) as a quoted JSON string; s NULL prints null. */
void	tk_json_str(FILE *out, const char *s, size_t len);

/* A number without exponent ("1733300000.25"); 0 prints null if zero_null. */
void	tk_json_num(FILE *out, double v, bool zero_null);

/*
 * s[0..len) for a terminal: printable UTF-8 as is, control bytes and
 * invalid bytes as \xNN (newlines kept when keep_nl).
 */
void	tk_text_safe(FILE *out, const char *s, size_t len, bool keep_nl);

/*
 * The length of the valid UTF-8 sequence at s (at most n bytes), or 0
 * when the bytes there are not one.
 */
size_t	tk_utf8_len(const unsigned char *s, size_t n);

#endif
