/*
 * agent_model -- sense-agent's cache: one sample of every figure, judged,
 * with each row's state history, kept in net-snmp containers that the
 * MIB handlers read (table_container).  Sampling happens only in
 * agent_model_sample(), on the agent's timer; requests read the cache.
 *
 * Every figure comes from the shared core (sense_cpu, sense_mem,
 * sense_disk, sense_net) and every state from sense_judge /
 * sense_disk_judge, so the agent and the plugins agree.
 *
 * State changes: a row's new state must hold for `confirm` consecutive
 * samples before it becomes the row's status; then the notify callback
 * runs once.  A sample without a figure (first sample of a rate, a
 * counter reset) leaves the status as it is.
 */
#ifndef AGENT_MODEL_H
#define AGENT_MODEL_H

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "agent_conf.h"
#include "sense_check.h"
#include "sense_cpu.h"
#include "sense_disk.h"
#include "sense_mem.h"
#include "sense_net.h"

/* The metric of a row, as senseNotifyMetric. */
enum agent_metric {
	AGENT_CPU = 1,
	AGENT_CORE = 2,
	AGENT_MEM = 3,
	AGENT_SWAP = 4,
	AGENT_DISK = 5,
	AGENT_IF = 6
};

#define AGENT_PCT_UNKNOWN	(-1)

struct agent_row {
	netsnmp_index	 idx;		/* first: the container's key */
	oid		 key;		/* idx.oids points here */
	enum agent_metric metric;
	char		 name[256];	/* mount point, ifname, "cpu3" */

	/* Figures (hundredths of a percent, -1: unknown). */
	double		 value;		/* unrounded, NaN: unknown */
	int32_t		 pct;
	int32_t		 ipct;		/* disk inodes */
	int32_t		 cpu[7];	/* user system iowait steal irq
					   guest idle (AGENT_CPU only) */
	uint64_t	 total, used, avail;	/* bytes */
	char		 device[256];
	char		 fstype[64];
	uint32_t	 speed, high_speed;
	uint64_t	 rx_bps, tx_bps;
	struct agent_thr thr;
	struct agent_thr ithr;

	/* State. */
	enum sense_state status;
	bool		 has_status;	/* judged at least once */
	enum sense_state cand;		/* a new state being confirmed */
	unsigned	 cand_n;
	time_t		 last_change;
	bool		 unsent;	/* changed while disconnected */
	unsigned	 gen;		/* last sample that saw the row */

	/* Interface rate baseline. */
	struct sense_net_if prev;
	bool		 has_prev;
	char		 prev_boot[SENSE_NET_BOOTLEN];
};

/* Called once per confirmed status change. */
typedef void (*agent_notify_fn)(void *ctx, struct agent_row *r,
	    enum sense_state old, enum sense_state now);

struct agent_model {
	const struct agent_conf	*conf;
	struct agent_row	 cpu, mem, swap;
	netsnmp_container	*cores;
	netsnmp_container	*disks;
	netsnmp_container	*ifs;
	struct sense_cpu_sample	 cpu_prev;
	bool			 has_cpu_prev;
	uint32_t		 next_disk;
	unsigned		 gen;
	uint32_t		 samples;
	time_t			 last_sample;
	time_t			 started;
	uint32_t		 sample_us;	/* CPU time of the last one */
	agent_notify_fn		 notify;
	void			*notify_ctx;
};

/*
 * Set up an empty model reading with conf (kept by pointer: the caller
 * keeps it alive, and calls agent_model_reconf after replacing it).
 * Returns 0, or -1 when a container cannot be made.
 */
int	agent_model_init(struct agent_model *m, const struct agent_conf *conf,
	    agent_notify_fn notify, void *ctx);

/*
 * One measurement of everything through the core, taken without the
 * model (so another thread may take it): what failed is kept as a
 * return code and errno or a message, for the model to log and judge.
 */
struct agent_reading {
	time_t			 now;		/* wall clock of the reading */
	double			 cpu_time;	/* CPU seconds it took */
	int			 cpu_rc, cpu_errno;
	struct sense_cpu_sample	 cpu;
	int			 mem_rc, mem_errno;
	struct sense_mem_info	 mem;
	int			 disk_rc;
	char			 disk_err[256];
	struct sense_disk_set	 disks;
	int			 net_rc;
	char			 net_err[256];
	struct sense_net_sample	 net;
};

/* Read everything with the settings of c, stamped now. */
void	agent_reading_take(const struct agent_conf *c, time_t now,
	    struct agent_reading *rd);

/* Free a reading's contents; accepts a zeroed or applied reading. */
void	agent_reading_free(struct agent_reading *rd);

/*
 * Judge a reading into the model: figures, states, notifications.
 * Readings must come in the order they were taken (rates and confirm
 * counts depend on it).  The CPU sample moves into the model.
 */
void	agent_model_apply(struct agent_model *m, struct agent_reading *rd);

/* Take and apply one reading at wall-clock time now. */
void	agent_model_sample(struct agent_model *m, time_t now);

/*
 * Switch to a new configuration: thresholds are re-applied at the next
 * sample; states and baselines are kept.
 */
void	agent_model_reconf(struct agent_model *m,
	    const struct agent_conf *conf);

/* Call fn for every row (scalars first, then cores, disks, ifs). */
void	agent_model_each(struct agent_model *m,
	    void (*fn)(void *ctx, struct agent_row *r), void *ctx);

/* Free the rows and containers; accepts a zeroed model. */
void	agent_model_free(struct agent_model *m);

/* Hundredths of a percent, rounded to nearest; -1 for NaN. */
int32_t	agent_pct(double v);

/*
 * Feed one judgement to a row's state machine (exposed for the unit
 * test): judged false means no figure this period.
 */
void	agent_row_judge(struct agent_model *m, struct agent_row *r,
	    bool judged, enum sense_state s, time_t now);

#endif
