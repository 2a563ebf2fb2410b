/* sense_net -- network interfaces; see sense_net.h. */
#include "sense_net.h"

#include <errno.h>
#include <math.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sense_check.h"
#include "sense_num.h"
#include "sense_statefile.h"
#include "sense_util.h"

#define ARPHRD_LOOPBACK_TYPE	772	/* <net/if_arp.h> ARPHRD_LOOPBACK */
#define DEV_FIELDS		16	/* numbers per /proc/net/dev line */
#define STATE_MAGIC		"sense-net 1"

const char *
sense_net_status_text(enum sense_net_status st)
{
	switch (st) {
	case SENSE_NET_RATE_OK:
		return "ok";
	case SENSE_NET_NO_PREVIOUS:
		return "no previous sample";
	case SENSE_NET_RESET_BOOT:
		return "system rebooted";
	case SENSE_NET_RESET_IFINDEX:
		return "ifindex changed";
	case SENSE_NET_RESET_COUNTER:
		return "counter reset";
	case SENSE_NET_NO_TIME:
		return "no time elapsed";
	}
	return "?";
}

double
sense_net_clock(const char *procfs)
{
	char path[4096], *text, *end;
	double v = -1;

	/*
	 * The live system: the clock /proc/uptime shows, without the
	 * file's 10 ms rounding.  Any other root may be a fixture tree,
	 * which then sets the time through its own uptime file.
	 */
	if (strcmp(procfs, "/proc") == 0)
		return sense_now_boot();
	if (sense_path(path, sizeof(path), procfs, "uptime") == NULL)
		return -1;
	text = sense_read_file(path, 4096, NULL);
	if (text == NULL)
		return -1;
	end = text + strcspn(text, " \t\n");
	*end = '\0';
	if (sense_num_parse(text, &v) < 0 || v < 0)
		v = -1;
	free(text);
	return v;
}

/* One unsigned decimal token at *p (blanks skipped); advances *p. */
static int
next_u64(const char **p, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*p = s;
	*out = v;
	return 0;
}

static void
if_init(struct sense_net_if *ifc)
{
	memset(ifc, 0, sizeof(*ifc));
	ifc->oper = SENSE_NET_OPER_UNKNOWN;
	ifc->type = -1;
	ifc->speed_mbps = -1;
	ifc->up = true;
}

/* Parse one "  eth0: n n n ..." line into ifc.  0 or -1. */
static int
parse_dev_line(const char *line, const char *eol, struct sense_net_if *ifc)
{
	const char *colon, *p = line;
	uint64_t v[DEV_FIELDS];
	size_t len, i;

	while (*p == ' ' || *p == '\t')
		p++;
	colon = memchr(p, ':', (size_t)(eol - p));
	len = (size_t)(colon - p);
	if (len == 0 || len >= SENSE_NET_NAMELEN)
		return -1;
	if_init(ifc);
	memcpy(ifc->name, p, len);
	ifc->name[len] = '\0';
	p = colon + 1;
	for (i = 0; i < DEV_FIELDS; i++)
		if (next_u64(&p, &v[i]) < 0 || p > eol)
			return -1;
	while (p < eol && (*p == ' ' || *p == '\t'))
		p++;
	if (p != eol)
		return -1;
	/* rx: bytes packets errs drop fifo frame compressed multicast */
	ifc->c.rx_bytes = v[0];
	ifc->c.rx_packets = v[1];
	ifc->c.rx_errs = v[2];
	ifc->c.rx_drop = v[3];
	/* tx: bytes packets errs drop fifo colls carrier compressed */
	ifc->c.tx_bytes = v[8];
	ifc->c.tx_packets = v[9];
	ifc->c.tx_errs = v[10];
	ifc->c.tx_drop = v[11];
	return 0;
}

static void
sample_clear(struct sense_net_sample *s)
{
	free(s->ifs);
	s->ifs = NULL;
	s->n = 0;
}

int
sense_net_parse_dev(const char *text, struct sense_net_sample *s)
{
	const char *line, *eol;
	size_t cap = 0;

	sample_clear(s);
	for (line = text; *line != '\0'; line = *eol ? eol + 1 : eol) {
		eol = line + strcspn(line, "\n");
		/* The two header lines carry '|' and no ':'. */
		if (memchr(line, ':', (size_t)(eol - line)) == NULL)
			continue;
		if (s->n == cap) {
			cap = cap ? cap * 2 : 16;
			s->ifs = sense_xrealloc(s->ifs, cap * sizeof(*s->ifs));
		}
		if (parse_dev_line(line, eol, &s->ifs[s->n]) < 0) {
			sample_clear(s);
			return -1;
		}
		s->n++;
	}
	return 0;
}

int64_t
sense_net_parse_speed(const char *text)
{
	char buf[32];
	uint64_t v;
	size_t n = strcspn(text, "\n");

	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, text, n);
	buf[n] = '\0';
	/* "-1" and any other negative text: the driver does not know. */
	if (sense_num_parse_u64(buf, &v) < 0)
		return -1;
	/*
	 * 0 is no speed; 65535 was SPEED_UNKNOWN of the 16-bit ethtool
	 * field; 4294967295 and above is -1 printed unsigned.
	 */
	if (v == 0 || v == 65535 || v >= 4294967295ULL)
		return -1;
	return (int64_t)v;
}

enum sense_net_oper
sense_net_parse_oper(const char *text)
{
	static const struct {
		const char		*word;
		enum sense_net_oper	 oper;
	} words[] = {
		{ "up", SENSE_NET_OPER_UP },
		{ "down", SENSE_NET_OPER_DOWN },
		{ "testing", SENSE_NET_OPER_TESTING },
		{ "unknown", SENSE_NET_OPER_UNKNOWN },
		{ "dormant", SENSE_NET_OPER_DORMANT },
		{ "notpresent", SENSE_NET_OPER_NOTPRESENT },
		{ "lowerlayerdown", SENSE_NET_OPER_LOWERLAYERDOWN },
	};
	size_t i, n = strcspn(text, "\n");

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i].word) == n &&
		    strncmp(words[i].word, text, n) == 0)
			return words[i].oper;
	return SENSE_NET_OPER_UNKNOWN;
}

bool
sense_net_is_up(const struct sense_net_if *ifc)
{
	if (ifc->flags != 0 && (ifc->flags & IFF_UP) == 0)
		return false;
	return ifc->oper == SENSE_NET_OPER_UP ||
	    ifc->oper == SENSE_NET_OPER_UNKNOWN ||
	    ifc->oper == SENSE_NET_OPER_DORMANT;
}

/* The text of <sysfs>/class/net/<name>/<file>, or NULL. */
static char *
read_attr(const char *sysfs, const char *name, const char *file)
{
	char rel[256], path[4096];

	if ((size_t)snprintf(rel, sizeof(rel), "class/net/%s/%s", name,
	    file) >= sizeof(rel))
		return NULL;
	if (sense_path(path, sizeof(path), sysfs, rel) == NULL)
		return NULL;
	return sense_read_file(path, 4096, NULL);
}

/* Parse an integer attribute in base (10 or 16).  0 or -1. */
static int
attr_long(const char *sysfs, const char *name, const char *file, int base,
    long *out)
{
	char *text = read_attr(sysfs, name, file), *end;
	int rc = -1;
	long v;

	if (text == NULL)
		return -1;
	errno = 0;
	v = strtol(text, &end, base);
	if (errno == 0 && end != text && (*end == '\n' || *end == '\0')) {
		*out = v;
		rc = 0;
	}
	free(text);
	return rc;
}

static void
read_ifindex(const char *sysfs, struct sense_net_if *ifc)
{
	long v;

	if (attr_long(sysfs, ifc->name, "ifindex", 10, &v) == 0 && v > 0 &&
	    v <= 0x7fffffff)
		ifc->ifindex = (int)v;
}

void
sense_net_read_sysfs(const char *sysfs, struct sense_net_if *ifc)
{
	char *text;
	long v;

	read_ifindex(sysfs, ifc);
	if (attr_long(sysfs, ifc->name, "flags", 16, &v) == 0 && v >= 0)
		ifc->flags = (unsigned)v;
	if (attr_long(sysfs, ifc->name, "type", 10, &v) == 0 && v >= 0 &&
	    v <= 0xffff)
		ifc->type = (int)v;
	text = read_attr(sysfs, ifc->name, "operstate");
	if (text != NULL)
		ifc->oper = sense_net_parse_oper(text);
	free(text);
	ifc->loopback = ifc->type == ARPHRD_LOOPBACK_TYPE ||
	    (ifc->flags & IFF_LOOPBACK) != 0;
	/*
	 * The kernel answers EINVAL for lo and for links that are
	 * administratively down, and only after taking the RTNL lock
	 * (retrying while others hold it): do not ask then.
	 */
	ifc->speed_mbps = -1;
	if (!ifc->loopback && (ifc->flags == 0 || (ifc->flags & IFF_UP))) {
		text = read_attr(sysfs, ifc->name, "speed");
		if (text != NULL)
			ifc->speed_mbps = sense_net_parse_speed(text);
		free(text);
	}
	ifc->up = sense_net_is_up(ifc);
}

int
sense_net_read(const char *procfs, const char *sysfs,
    struct sense_net_sample *s, char *err, size_t errlen)
{
	return sense_net_read_some(procfs, sysfs, s, NULL, NULL, err, errlen);
}

int
sense_net_read_some(const char *procfs, const char *sysfs,
    struct sense_net_sample *s, sense_net_want_fn want, void *ctx,
    char *err, size_t errlen)
{
	return sense_net_read_staged(procfs, sysfs, s, want, ctx, NULL, err,
	    errlen);
}

/* Tell stage (when given) "reading ROOT/REL". */
static void
name_stage(void (*stage)(const char *), const char *root, const char *rel)
{
	char msg[4200];

	if (stage == NULL)
		return;
	snprintf(msg, sizeof(msg), "reading %s/%s", root, rel);
	stage(msg);
}

int
sense_net_read_staged(const char *procfs, const char *sysfs,
    struct sense_net_sample *s, sense_net_want_fn want, void *ctx,
    void (*stage)(const char *), char *err, size_t errlen)
{
	char path[4096], rel[64], *text;
	double t;
	size_t i;
	int rc;

	sample_clear(s);
	name_stage(stage, procfs, "sys/kernel/random/boot_id");
	sense_boot_id(procfs, s->boot_id, sizeof(s->boot_id));
	if (sense_path(path, sizeof(path), procfs, "net/dev") == NULL) {
		snprintf(err, errlen, "procfs path too long");
		return -1;
	}
	name_stage(stage, procfs, "net/dev");
	text = sense_read_file(path, 0, NULL);
	if (text == NULL) {
		snprintf(err, errlen, "cannot read %s: %s", path,
		    strerror(errno));
		return -1;
	}
	name_stage(stage, procfs, "uptime");
	t = sense_net_clock(procfs);
	rc = sense_net_parse_dev(text, s);
	free(text);
	if (rc < 0) {
		snprintf(err, errlen, "%s: malformed line", path);
		return -1;
	}
	if (t < 0) {
		snprintf(err, errlen, "cannot read the uptime clock of %s",
		    procfs);
		sample_clear(s);
		return -1;
	}
	for (i = 0; i < s->n; i++) {
		s->ifs[i].t = t;
		snprintf(rel, sizeof(rel), "class/net/%s", s->ifs[i].name);
		name_stage(stage, sysfs, rel);
		if (want == NULL || want(s->ifs[i].name, ctx))
			sense_net_read_sysfs(sysfs, &s->ifs[i]);
		else
			read_ifindex(sysfs, &s->ifs[i]);
	}
	return 0;
}

void
sense_net_sample_free(struct sense_net_sample *s)
{
	if (s != NULL)
		sample_clear(s);
}

const struct sense_net_if *
sense_net_find(const struct sense_net_sample *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->ifs[i].name, name) == 0)
			return &s->ifs[i];
	return NULL;
}

static bool
went_back(const struct sense_net_counters *a,
    const struct sense_net_counters *b)
{
	return b->rx_bytes < a->rx_bytes || b->rx_packets < a->rx_packets ||
	    b->rx_errs < a->rx_errs || b->rx_drop < a->rx_drop ||
	    b->tx_bytes < a->tx_bytes || b->tx_packets < a->tx_packets ||
	    b->tx_errs < a->tx_errs || b->tx_drop < a->tx_drop;
}

/* Per-second increase; the difference is taken in 64 bits first. */
static double
per_s(uint64_t a, uint64_t b, double dt)
{
	return (double)(b - a) / dt;
}

enum sense_net_status
sense_net_rate(const struct sense_net_if *prev, const char *prev_boot,
    const struct sense_net_if *cur, const char *cur_boot,
    struct sense_net_rate *r)
{
	const struct sense_net_counters *a, *b;
	double dt;

	memset(r, 0, sizeof(*r));
	if (prev == NULL)
		return SENSE_NET_NO_PREVIOUS;
	if (strcmp(prev_boot, cur_boot) != 0)
		return SENSE_NET_RESET_BOOT;
	if (prev->ifindex != 0 && cur->ifindex != 0 &&
	    prev->ifindex != cur->ifindex)
		return SENSE_NET_RESET_IFINDEX;
	a = &prev->c;
	b = &cur->c;
	/*
	 * /proc/net/dev counters are 64 bits wide: going back is a reset
	 * (driver reload, re-created device), never a wrap.
	 */
	if (went_back(a, b))
		return SENSE_NET_RESET_COUNTER;
	dt = cur->t - prev->t;
	if (!(dt > 0))
		return SENSE_NET_NO_TIME;
	r->dt = dt;
	r->rx_bps = per_s(a->rx_bytes, b->rx_bytes, dt) * 8;
	r->tx_bps = per_s(a->tx_bytes, b->tx_bytes, dt) * 8;
	r->rx_pps = per_s(a->rx_packets, b->rx_packets, dt);
	r->tx_pps = per_s(a->tx_packets, b->tx_packets, dt);
	r->rx_errs_ps = per_s(a->rx_errs, b->rx_errs, dt);
	r->tx_errs_ps = per_s(a->tx_errs, b->tx_errs, dt);
	r->rx_drop_ps = per_s(a->rx_drop, b->rx_drop, dt);
	r->tx_drop_ps = per_s(a->tx_drop, b->tx_drop, dt);
	return SENSE_NET_RATE_OK;
}

double
sense_net_util(const struct sense_net_rate *r, double speed_mbps)
{
	double bps = r->rx_bps > r->tx_bps ? r->rx_bps : r->tx_bps;

	if (!(speed_mbps > 0))		/* unknown, or NaN */
		return NAN;
	return bps / (speed_mbps * 1e6) * 100.0;
}

uint64_t
sense_net_delta32(uint32_t prev, uint32_t cur)
{
	return (uint32_t)(cur - prev);
}

uint32_t
sense_net_if_speed(int64_t speed_mbps)
{
	if (speed_mbps <= 0)
		return 0;
	if (speed_mbps > 4294)		/* 4294967295 bits/s and more */
		return UINT32_MAX;
	return (uint32_t)(speed_mbps * 1000000);
}

uint32_t
sense_net_if_high_speed(int64_t speed_mbps)
{
	if (speed_mbps <= 0)
		return 0;
	if (speed_mbps > UINT32_MAX)
		return UINT32_MAX;
	return (uint32_t)speed_mbps;
}

char *
sense_net_serialize(const struct sense_net_sample *s)
{
	struct sense_buf b = { 0 };
	const struct sense_net_if *f;
	size_t i;

	sense_buf_printf(&b, STATE_MAGIC "\nboot %s\n", s->boot_id);
	for (i = 0; i < s->n; i++) {
		f = &s->ifs[i];
		sense_buf_printf(&b, "if %s %d %.6f %llu %llu %llu %llu "
		    "%llu %llu %llu %llu\n", f->name, f->ifindex, f->t,
		    (unsigned long long)f->c.rx_bytes,
		    (unsigned long long)f->c.rx_packets,
		    (unsigned long long)f->c.rx_errs,
		    (unsigned long long)f->c.rx_drop,
		    (unsigned long long)f->c.tx_bytes,
		    (unsigned long long)f->c.tx_packets,
		    (unsigned long long)f->c.tx_errs,
		    (unsigned long long)f->c.tx_drop);
	}
	sense_buf_printf(&b, "end %zu\n", s->n);
	return b.data;
}

/* The next blank-separated word of the line at *p into buf. 0 or -1. */
static int
next_word(const char **p, char *buf, size_t size)
{
	const char *s = *p;
	size_t n;

	while (*s == ' ')
		s++;
	n = strcspn(s, " \n");
	if (n == 0 || n >= size)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	*p = s + n;
	return 0;
}

static int
parse_if_line(const char *p, struct sense_net_if *f)
{
	uint64_t *c[8], v;
	char word[64];
	double d;
	size_t i;

	if_init(f);
	c[0] = &f->c.rx_bytes;
	c[1] = &f->c.rx_packets;
	c[2] = &f->c.rx_errs;
	c[3] = &f->c.rx_drop;
	c[4] = &f->c.tx_bytes;
	c[5] = &f->c.tx_packets;
	c[6] = &f->c.tx_errs;
	c[7] = &f->c.tx_drop;
	if (next_word(&p, f->name, sizeof(f->name)) < 0)
		return -1;
	if (next_word(&p, word, sizeof(word)) < 0 ||
	    sense_num_parse_u64(word, &v) < 0 || v > 0x7fffffff)
		return -1;
	f->ifindex = (int)v;
	if (next_word(&p, word, sizeof(word)) < 0 ||
	    sense_num_parse(word, &d) < 0 || d < 0)
		return -1;
	f->t = d;
	for (i = 0; i < 8; i++)
		if (next_word(&p, word, sizeof(word)) < 0 ||
		    sense_num_parse_u64(word, c[i]) < 0)
			return -1;
	return *p == '\n' ? 0 : -1;
}

int
sense_net_deserialize(const char *text, struct sense_net_sample *s)
{
	const char *line = text, *eol;
	size_t cap = 0, len;
	char word[32];
	uint64_t end;

	sample_clear(s);
	s->boot_id[0] = '\0';
	if (strncmp(line, STATE_MAGIC "\nboot ", strlen(STATE_MAGIC) + 6))
		goto bad;
	line += strlen(STATE_MAGIC) + 6;
	len = strcspn(line, " \n");
	if (len == 0 || len >= sizeof(s->boot_id) || line[len] != '\n')
		goto bad;
	memcpy(s->boot_id, line, len);
	s->boot_id[len] = '\0';
	for (line += len + 1; strncmp(line, "if ", 3) == 0; line = eol + 1) {
		eol = strchr(line, '\n');
		if (eol == NULL)
			goto bad;
		if (s->n == cap) {
			cap = cap ? cap * 2 : 16;
			s->ifs = sense_xrealloc(s->ifs, cap * sizeof(*s->ifs));
		}
		if (parse_if_line(line + 3, &s->ifs[s->n]) < 0)
			goto bad;
		s->n++;
	}
	/* The closing count catches a sample cut short. */
	if (strncmp(line, "end ", 4) != 0)
		goto bad;
	line += 4;
	if (next_word(&line, word, sizeof(word)) < 0 ||
	    sense_num_parse_u64(word, &end) < 0 || end != s->n ||
	    strcmp(line, "\n") != 0)
		goto bad;
	return 0;
bad:
	sample_clear(s);
	s->boot_id[0] = '\0';
	return -1;
}
