/*
 * sense_net -- network interfaces: counters from /proc/net/dev, link
 * facts from /sys/class/net, rates between two samples, utilization.
 *
 * Shared by check_sense_net and sense-agent so both compute the same
 * figures.  Readers take the procfs and sysfs roots as arguments; the
 * rate and utilization functions are pure.
 *
 * Clock: every interface record carries the time it was read, in
 * seconds of the uptime of the system whose procfs is read
 * (sense_net_clock).  Within one boot id that clock never goes back.
 */
#ifndef SENSE_NET_H
#define SENSE_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest interface name we keep (the kernel's limit is 15). */
#define SENSE_NET_NAMELEN	32
#define SENSE_NET_BOOTLEN	64

/* ifOperStatus values of IF-MIB (RFC 2863), from sysfs operstate. */
enum sense_net_oper {
	SENSE_NET_OPER_UP = 1,
	SENSE_NET_OPER_DOWN = 2,
	SENSE_NET_OPER_TESTING = 3,
	SENSE_NET_OPER_UNKNOWN = 4,
	SENSE_NET_OPER_DORMANT = 5,
	SENSE_NET_OPER_NOTPRESENT = 6,
	SENSE_NET_OPER_LOWERLAYERDOWN = 7
};

/* The 64-bit counters of one /proc/net/dev line. */
struct sense_net_counters {
	uint64_t	rx_bytes, rx_packets, rx_errs, rx_drop;
	uint64_t	tx_bytes, tx_packets, tx_errs, tx_drop;
};

struct sense_net_if {
	char		name[SENSE_NET_NAMELEN];
	double		t;		/* when read (sense_net_clock) */
	struct sense_net_counters c;
	int		ifindex;	/* 0: unknown */
	enum sense_net_oper oper;	/* UNKNOWN when sysfs lacks it */
	unsigned	flags;		/* IFF_* from sysfs flags, 0: unknown */
	int		type;		/* ARPHRD_* from sysfs type, -1 */
	int64_t		speed_mbps;	/* link speed, -1: unknown */
	bool		loopback;	/* type 772 or IFF_LOOPBACK */
	bool		up;		/* see sense_net_is_up() */
};

struct sense_net_sample {
	char		boot_id[SENSE_NET_BOOTLEN];
	size_t		n;
	struct sense_net_if *ifs;	/* in /proc/net/dev order */
};

/* Rates between two readings of one interface, per second. */
struct sense_net_rate {
	double	dt;			/* seconds between the readings */
	double	rx_bps, tx_bps;		/* bits per second */
	double	rx_pps, tx_pps;		/* packets per second */
	double	rx_errs_ps, tx_errs_ps;
	double	rx_drop_ps, tx_drop_ps;
};

/* Why sense_net_rate() gave no rate. */
enum sense_net_status {
	SENSE_NET_RATE_OK = 0,
	SENSE_NET_NO_PREVIOUS,		/* prev is NULL */
	SENSE_NET_RESET_BOOT,		/* boot ids differ */
	SENSE_NET_RESET_IFINDEX,	/* interface was re-created */
	SENSE_NET_RESET_COUNTER,	/* a counter went backwards */
	SENSE_NET_NO_TIME		/* the clock did not advance */
};

/* Short text for a status: "ok", "counter reset", "ifindex changed". */
const char	*sense_net_status_text(enum sense_net_status st);

/*
 * The uptime clock of the system whose procfs is at procfs: for the
 * live "/proc" clock_gettime(CLOCK_BOOTTIME) (the clock /proc/uptime
 * shows, at full resolution), otherwise the first field of
 * <procfs>/uptime (10 ms resolution), so fixture trees set the time.
 * Returns -1 when it cannot be read.
 */
double	sense_net_clock(const char *procfs);

/*
 * Parse the text of /proc/net/dev into s->ifs (s->n set; names and
 * counters only, everything else "unknown", t = 0).  Existing contents
 * of s->ifs are freed.  Returns 0, or -1 when a line is malformed.
 */
int	sense_net_parse_dev(const char *text, struct sense_net_sample *s);

/*
 * Fill ifc's link facts (ifindex, oper, flags, type, speed, loopback,
 * up) from <sysfs>/class/net/<name>/.  Missing files leave the unknown
 * values; never fails.
 */
void	sense_net_read_sysfs(const char *sysfs, struct sense_net_if *ifc);

/*
 * Link speed text from sysfs ("1000\n") in Mb/s, or -1 for unknown:
 * "-1" (virtio), 0, 65535 (legacy 16-bit SPEED_UNKNOWN), values that do
 * not fit in 32 bits, and anything unparsable.
 */
int64_t	sense_net_parse_speed(const char *text);

/* IF-MIB operstate from the sysfs text ("up\n"); UNKNOWN otherwise. */
enum sense_net_oper sense_net_parse_oper(const char *text);

/*
 * Whether an interface counts as up: IFF_UP set when flags are known,
 * and an operstate of up, unknown (many virtual links) or dormant.
 */
bool	sense_net_is_up(const struct sense_net_if *ifc);

/*
 * Read a whole sample: boot id, <procfs>/net/dev, sysfs facts for each
 * interface, every record stamped with sense_net_clock(procfs).
 * Returns 0, or -1 with a one-line reason in err.  Free with
 * sense_net_sample_free() on success and failure.
 */
int	sense_net_read(const char *procfs, const char *sysfs,
	    struct sense_net_sample *s, char *err, size_t errlen);

/*
 * The same, reading the sysfs facts only of the interfaces for which
 * want(name, ctx) is true; the others get their ifindex (so a
 * re-created interface is still noticed) and unknown facts.  Saves
 * four files per interface a caller selects out by name.
 */
typedef bool (*sense_net_want_fn)(const char *name, void *ctx);
int	sense_net_read_some(const char *procfs, const char *sysfs,
	    struct sense_net_sample *s, sense_net_want_fn want, void *ctx,
	    char *err, size_t errlen);

/*
 * The same again, telling stage (may be NULL) "reading PATH" before
 * each file or sysfs directory it reads, for sense_timeout_stage(): a
 * hung read is then named.
 */
int	sense_net_read_staged(const char *procfs, const char *sysfs,
	    struct sense_net_sample *s, sense_net_want_fn want, void *ctx,
	    void (*stage)(const char *), char *err, size_t errlen);

/* Free s's contents (s itself is the caller's); accepts NULL. */
void	sense_net_sample_free(struct sense_net_sample *s);

/* The record for name in s, or NULL. */
const struct sense_net_if *sense_net_find(const struct sense_net_sample *s,
	    const char *name);

/*
 * Rates from prev (read under prev_boot) to cur (under cur_boot).  A
 * different boot id, a changed ifindex (both known), any counter lower
 * than before, or a clock that did not advance means no rate this
 * period: cur is the new baseline and *r is zeroed, never a spike.
 * prev may be NULL.  Returns SENSE_NET_RATE_OK when *r holds rates.
 */
enum sense_net_status sense_net_rate(const struct sense_net_if *prev,
	    const char *prev_boot, const struct sense_net_if *cur,
	    const char *cur_boot, struct sense_net_rate *r);

/*
 * Utilization in percent: max(rx, tx) bits/s over the link speed, not
 * clamped (a rate above the speed gives more than 100).  The speed is
 * in Mb/s and may be fractional (an E1 override is 2.048).  NaN when
 * the speed is unknown (<= 0 or NaN).
 */
double	sense_net_util(const struct sense_net_rate *r, double speed_mbps);

/*
 * The increase of a counter known to be 32 bits wide, across at most
 * one wrap: prev 4294967000, cur 200 -> 496.  Not for the 64-bit
 * counters of /proc/net/dev, where going back is a reset.
 */
uint64_t sense_net_delta32(uint32_t prev, uint32_t cur);

/*
 * IF-MIB ifSpeed (bits/s, a Gauge32 that saturates at 4294967295) and
 * ifHighSpeed (Mb/s) for a speed in Mb/s; 0 for an unknown speed.
 */
uint32_t sense_net_if_speed(int64_t speed_mbps);
uint32_t sense_net_if_high_speed(int64_t speed_mbps);

/*
 * Sample as text for a state file: the boot id, then one line per
 * interface with name, ifindex, time and the eight counters.  Returns a
 * new string (caller frees).
 */
char	*sense_net_serialize(const struct sense_net_sample *s);

/*
 * The reverse: fill s (contents freed first) from text.  Link facts
 * other than ifindex come back unknown.  Returns 0, or -1 (s emptied)
 * when the text is not a complete, well-formed sample.
 */
int	sense_net_deserialize(const char *text, struct sense_net_sample *s);

#endif
