/* tk_json -- JSON and terminal-safe text; see tk_json.h. */
#include "tk_json.h"

#include "sense_num.h"

size_t
tk_utf8_len(const unsigned char *s, size_t n)
{
	size_t need, i;
	unsigned cp;

	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		need = 2;
		cp = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		need = 3;
		cp = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		need = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < need)
		return 0;
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((need == 3 && cp < 0x800) || (need == 4 && cp < 0x10000) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	return need;
}

void
tk_json_str(FILE *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	if (s == NULL) {
		fputs("null", out);
		return;
	}
	putc('"', out);
	while (i < len) {
		n = tk_utf8_len(p + i, len - i);
		if (n == 0) {
			fputs("\xEF\xBF\xBD", out);	/* U+FFFD */
			i++;
			continue;
		}
		if (n > 1) {
			fwrite(p + i, 1, n, out);
		} else if (p[i] == '"' || p[i] == '\\') {
			putc('\\', out);
			putc(p[i], out);
		} else if (p[i] == '\n') {
			fputs("\\n", out);
		} else if (p[i] == '\t') {
			fputs("\\t", out);
		} else if (p[i] == '\r') {
			fputs("\\r", out);
		} else if (p[i] < 0x20 || p[i] == 0x7F) {
			fprintf(out, "\\u%04x", p[i]);
		} else {
			putc(p[i], out);
		}
		i += n;
	}
	putc('"', out);
}

void
tk_json_num(FILE *out, double v, bool zero_null)
{
	char buf[64];

	if (zero_null && v == 0) {
		fputs("null", out);
		return;
	}
	sense_num_format(v, buf, sizeof(buf));
	fputs(buf, out);
}

void
tk_text_safe(FILE *out, const char *s, size_t len, bool keep_nl)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (s != NULL && i < len) {
		n = tk_utf8_len(p + i, len - i);
		if (n > 1 || (n == 1 && p[i] >= 0x20 && p[i] != 0x7F) ||
		    (keep_nl && p[i] == '\n')) {
			fwrite(p + i, 1, n, out);
			i += n;
		} else {
			fprintf(out, "\\x%02x", p[i]);
			i++;
		}
	}
}
