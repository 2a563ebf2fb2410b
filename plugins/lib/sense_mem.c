/* sense_mem -- memory and swap from /proc/meminfo; see sense_mem.h. */
#include "sense_mem.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sense_util.h"

/* The meminfo lines sense reads, in the order of slots() below. */
static const char *const names[] = {
	"MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "Shmem",
	"SReclaimable", "SwapTotal", "SwapFree"
};
#define NNAMES (sizeof(names) / sizeof(names[0]))
#define FREE 1
#define AVAILABLE 2
#define SWAP_FREE 8

static void
slots(struct sense_mem_info *m, uint64_t *out[NNAMES])
{
	out[0] = &m->total;
	out[FREE] = &m->free;
	out[AVAILABLE] = &m->available;
	out[3] = &m->buffers;
	out[4] = &m->cached;
	out[5] = &m->shmem;
	out[6] = &m->sreclaimable;
	out[7] = &m->swap_total;
	out[SWAP_FREE] = &m->swap_free;
}

/*
 * Parse " <n> kB" (or a bare "<n>") up to the end of the line into
 * bytes.  0 or -1 (malformed, or more bytes than 64 bits hold).
 */
static int
parse_kb(const char *p, uint64_t *out)
{
	uint64_t v = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		unsigned d = (unsigned)(*p - '0');

		if (v > (UINT64_MAX / 1024 - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "kB", 2) == 0)
		p += 2;
	if (*p != '\n' && *p != '\0')
		return -1;
	*out = v * 1024;
	return 0;
}

int
sense_mem_parse(const char *text, struct sense_mem_info *m)
{
	const char *line, *next, *colon;
	uint64_t *slot[NNAMES];
	bool seen[NNAMES] = { false };
	size_t i, n;

	memset(m, 0, sizeof(*m));
	slots(m, slot);
	for (line = text; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		next = next != NULL ? next + 1 : line + strlen(line);
		colon = memchr(line, ':', (size_t)(next - line));
		if (colon == NULL)
			continue;
		n = (size_t)(colon - line);
		for (i = 0; i < NNAMES; i++) {
			if (strlen(names[i]) != n ||
			    strncmp(line, names[i], n) != 0)
				continue;
			if (parse_kb(colon + 1, slot[i]) < 0)
				return -1;
			seen[i] = true;
			break;
		}
	}
	m->has_available = seen[AVAILABLE];
	/*
	 * A line missing reads as 0, except where 0 would be an alarm:
	 * no MemAvailable and no MemFree is not "nothing free", and swap
	 * without SwapFree is not "swap full".
	 */
	if (m->total == 0 || (!seen[AVAILABLE] && !seen[FREE]) ||
	    (m->swap_total > 0 && !seen[SWAP_FREE]))
		return -1;
	return 0;
}

int
sense_mem_read(const char *procfs_root, struct sense_mem_info *m)
{
	char path[4096], *text;
	int rc;

	memset(m, 0, sizeof(*m));
	if (sense_path(path, sizeof(path), procfs_root, "meminfo") == NULL)
		return -1;
	text = sense_read_file(path, 0, NULL);
	if (text == NULL)
		return -1;
	rc = sense_mem_parse(text, m);
	free(text);
	if (rc < 0)
		errno = EINVAL;
	return rc;
}

/* a + b, stopping at UINT64_MAX instead of wrapping. */
static uint64_t
sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/*
 * The fallback for kernels without MemAvailable (see sense_mem.h).  The
 * sum saturates: four lines near 2^64 bytes (hostile input) must not
 * wrap to a small figure that reads as memory all used.
 */
static uint64_t
estimate_available(const struct sense_mem_info *m)
{
	uint64_t a = sat_add(sat_add(m->free, m->buffers),
	    sat_add(m->cached, m->sreclaimable));

	a = a > m->shmem ? a - m->shmem : 0;
	return a;
}

void
sense_mem_usage(const struct sense_mem_info *m, struct sense_mem_usage *u)
{
	uint64_t avail;

	memset(u, 0, sizeof(*u));
	u->total = m->total;
	u->estimated = !m->has_available;
	avail = m->has_available ? m->available : estimate_available(m);
	if (avail > m->total)
		avail = m->total;
	u->available = avail;
	u->used = m->total - avail;
	if (m->total > 0)
		u->used_pct = (double)u->used * 100.0 / (double)m->total;
	u->swap_total = m->swap_total;
	u->swap_present = m->swap_total > 0;
	if (u->swap_present) {
		u->swap_used = m->swap_free < m->swap_total ?
		    m->swap_total - m->swap_free : 0;
		u->swap_pct = (double)u->swap_used * 100.0 /
		    (double)m->swap_total;
	}
}
