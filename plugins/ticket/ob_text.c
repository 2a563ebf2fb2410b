/* ob_text -- safe text for payloads; see ob_text.h. */
#include "ob_text.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sense_util.h"
#include "tk_json.h"

void
ob_str_open(struct ob_str *s)
{
	s->data = NULL;
	s->len = 0;
	s->f = open_memstream(&s->data, &s->len);
	if (s->f == NULL) {
		fputs("sense-ticket: out of memory\n", stderr);
		abort();
	}
}

char *
ob_str_close(struct ob_str *s, size_t *len)
{
	fclose(s->f);
	s->f = NULL;
	if (len != NULL)
		*len = s->len;
	return s->data;
}

size_t
ob_utf8_clip(const char *s, size_t len, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	if (len <= max)
		return len;
	while (i < max) {
		n = tk_utf8_len(p + i, len - i);
		if (n == 0)
			n = 1;
		if (i + n > max)
			break;
		i += n;
	}
	return i;
}

void
ob_utf8_clean(FILE *out, const char *s, size_t len, bool oneline)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (s != NULL && i < len) {
		n = tk_utf8_len(p + i, len - i);
		if (n == 0) {
			fputs("\xEF\xBF\xBD", out);
			i++;
			continue;
		}
		if (n == 1 && oneline && (p[i] < 0x20 || p[i] == 0x7F))
			putc(' ', out);
		else
			fwrite(p + i, 1, n, out);
		i += n;
	}
}

void
ob_key(char *buf, size_t size, const char *prefix, int64_t ticket)
{
	snprintf(buf, size, "%s:%" PRId64, prefix, ticket);
}

char *
ob_subject(const struct tk_change *c)
{
	struct ob_str s;

	ob_str_open(&s);
	fputs("[sense] ", s.f);
	ob_utf8_clean(s.f, c->host, strlen(c->host), true);
	if (*c->service != '\0') {
		putc('/', s.f);
		ob_utf8_clean(s.f, c->service, strlen(c->service), true);
	}
	if (c->state != NULL && *c->state != '\0')
		fprintf(s.f, " %s", c->state);
	fprintf(s.f, ": %s", c->action);
	return ob_str_close(&s, NULL);
}

static void
line(FILE *f, const char *name, const char *v)
{
	if (v == NULL || *v == '\0')
		return;
	fprintf(f, "%s: ", name);
	ob_utf8_clean(f, v, strlen(v), true);
	putc('\n', f);
}

char *
ob_body(const struct tk_change *c, const char *key, size_t max_text,
    size_t *len)
{
	struct ob_str s;
	char when[40];
	time_t t = (time_t)c->at;
	struct tm tm;
	size_t n;

	ob_str_open(&s);
	line(s.f, "Host", c->host);
	line(s.f, "Service", c->service);
	line(s.f, "State", c->state);
	fprintf(s.f, "Urgency: %d\nStatus: %s\nChange: %s (%s)\n",
	    c->urgency, c->status, c->action, c->type);
	if (gmtime_r(&t, &tm) != NULL) {
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%SZ", &tm);
		line(s.f, "Time", when);
	}
	line(s.f, "Author", c->author);
	line(s.f, "Comment", c->comment);
	line(s.f, "Sense-Key", key);
	if (c->output_len > 0) {
		putc('\n', s.f);
		n = ob_utf8_clip(c->output, c->output_len, max_text);
		ob_utf8_clean(s.f, c->output, n, false);
		if (n < c->output_len)
			fprintf(s.f, "\n[... %zu of %zu bytes]", n,
			    c->output_len);
		putc('\n', s.f);
	}
	return ob_str_close(&s, len);
}

void
ob_base64(FILE *out, const void *s, size_t len, bool wrap)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = s;
	size_t i, col = 0;
	unsigned v;

	for (i = 0; i < len; i += 3) {
		v = (unsigned)p[i] << 16;
		if (i + 1 < len)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < len)
			v |= p[i + 2];
		putc(tab[v >> 18 & 63], out);
		putc(tab[v >> 12 & 63], out);
		putc(i + 1 < len ? tab[v >> 6 & 63] : '=', out);
		putc(i + 2 < len ? tab[v & 63] : '=', out);
		if (wrap && (col += 4) >= 76 && i + 3 < len) {
			fputs("\r\n", out);
			col = 0;
		}
	}
	if (wrap)
		fputs("\r\n", out);
}
