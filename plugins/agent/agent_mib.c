/* agent_mib -- the MIB over AgentX; see agent_mib.h. */
#include "agent_mib.h"

#include <net-snmp/agent/net-snmp-agent-includes.h>
#include <net-snmp/agent/agent_callbacks.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sense_util.h"

/*
 * The module's root: netSnmpPlaypen.1 (enterprises.8072.9999.9999.1).
 * The only place the agent names it; see the README to re-root.
 */
#define SENSE_ROOT	1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 1

static const oid notify_oid[] = { SENSE_ROOT, 0, 1 };
static const oid snmptrap_oid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };

/* Arcs under senseObjects (1). */
enum { ARC_AGENT = 1, ARC_CPU, ARC_MEM, ARC_SWAP, ARC_DISK, ARC_IF,
	ARC_NOTIFY };

/* ------------------------------------------------------------ values */

/* DateAndTime in UTC, the 11-octet form with direction '+' 0 0. */
static size_t
date_and_time(time_t t, u_char out[11])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	out[0] = (u_char)((tm.tm_year + 1900) >> 8);
	out[1] = (u_char)((tm.tm_year + 1900) & 0xff);
	out[2] = (u_char)(tm.tm_mon + 1);
	out[3] = (u_char)tm.tm_mday;
	out[4] = (u_char)tm.tm_hour;
	out[5] = (u_char)tm.tm_min;
	out[6] = (u_char)(tm.tm_sec > 59 ? 59 : tm.tm_sec);
	out[7] = 0;
	out[8] = '+';
	out[9] = 0;
	out[10] = 0;
	return 11;
}

static void
set_int(netsnmp_variable_list *v, long x)
{
	snmp_set_var_typed_value(v, ASN_INTEGER, &x, sizeof(x));
}

static void
set_gauge(netsnmp_variable_list *v, u_char type, unsigned long x)
{
	snmp_set_var_typed_value(v, type, &x, sizeof(x));
}

static void
set_c64(netsnmp_variable_list *v, uint64_t x)
{
	struct counter64 c;

	c.high = (u_long)(x >> 32);
	c.low = (u_long)(x & 0xffffffffu);
	snmp_set_var_typed_value(v, ASN_COUNTER64, &c, sizeof(c));
}

static void
set_str(netsnmp_variable_list *v, const char *s)
{
	snmp_set_var_typed_value(v, ASN_OCTET_STR, s, strlen(s));
}

static void
set_time(const struct agent_model *m, netsnmp_variable_list *v, time_t t)
{
	u_char buf[11];
	size_t n = date_and_time(t ? t : m->started, buf);

	snmp_set_var_typed_value(v, ASN_OCTET_STR, buf, n);
}

/*
 * The columns every figure shares, numbered from `first`: warning,
 * critical, status, last change.  Returns 0 when col was one of them.
 */
static int
set_state_col(const struct agent_model *m, const struct agent_row *r,
    unsigned first, unsigned col, netsnmp_variable_list *v)
{
	if (col == first)
		set_str(v, r->thr.warn_txt);
	else if (col == first + 1)
		set_str(v, r->thr.crit_txt);
	else if (col == first + 2)
		set_int(v, r->status);
	else if (col == first + 3)
		set_time(m, v, r->last_change);
	else
		return -1;
	return 0;
}

/* ------------------------------------------------------------ scalars */

/* One scalar: which arc and column; the handler finds the value. */
struct scalar {
	unsigned	arc;
	unsigned	col;
};

static int
agent_value(const struct agent_model *m, unsigned col,
    netsnmp_variable_list *v)
{
	switch (col) {
	case 1:
		set_gauge(v, ASN_UNSIGNED, m->conf->interval);
		break;
	case 2:
		set_gauge(v, ASN_UNSIGNED, m->conf->confirm);
		break;
	case 3:
		set_time(m, v, m->last_sample);
		break;
	case 4:
		set_gauge(v, ASN_COUNTER, m->samples);
		break;
	case 5:
		set_gauge(v, ASN_GAUGE, m->sample_us);
		break;
	default:
		return -1;
	}
	return 0;
}

static int
cpu_value(const struct agent_model *m, unsigned col,
    netsnmp_variable_list *v)
{
	const struct agent_row *r = &m->cpu;

	if (col == 1)
		set_int(v, r->pct);
	else if (col >= 2 && col <= 8)
		set_int(v, r->cpu[col - 2]);
	else
		return set_state_col(m, r, 9, col, v);
	return 0;
}

static int
mem_value(const struct agent_model *m, unsigned col,
    netsnmp_variable_list *v)
{
	const struct agent_row *r = &m->mem;

	switch (col) {
	case 1:
		set_c64(v, r->total);
		break;
	case 2:
		set_c64(v, r->used);
		break;
	case 3:
		set_c64(v, r->avail);
		break;
	case 4:
		set_int(v, r->pct);
		break;
	default:
		return set_state_col(m, r, 5, col, v);
	}
	return 0;
}

static int
swap_value(const struct agent_model *m, unsigned col,
    netsnmp_variable_list *v)
{
	const struct agent_row *r = &m->swap;

	switch (col) {
	case 1:
		set_c64(v, r->total);
		break;
	case 2:
		set_c64(v, r->used);
		break;
	case 3:
		set_int(v, r->pct);
		break;
	default:
		return set_state_col(m, r, 4, col, v);
	}
	return 0;
}

static int
scalar_handler(netsnmp_mib_handler *h, netsnmp_handler_registration *reg,
    netsnmp_agent_request_info *ri, netsnmp_request_info *req)
{
	struct agent_mib *mib = h->myvoid;
	const struct scalar *s = reg->my_reg_void;
	int rc;

	if (ri->mode != MODE_GET)
		return SNMP_ERR_NOERROR;
	for (; req != NULL; req = req->next) {
		netsnmp_variable_list *v = req->requestvb;

		if (req->processed)
			continue;
		switch (s->arc) {
		case ARC_AGENT:
			rc = agent_value(mib->model, s->col, v);
			break;
		case ARC_CPU:
			rc = cpu_value(mib->model, s->col, v);
			break;
		case ARC_MEM:
			rc = mem_value(mib->model, s->col, v);
			break;
		default:
			rc = swap_value(mib->model, s->col, v);
			break;
		}
		if (rc < 0)
			netsnmp_set_request_error(ri, req, SNMP_NOSUCHOBJECT);
	}
	return SNMP_ERR_NOERROR;
}

/* Every scalar of the MIB, by arc and column. */
static const struct scalar scalars[] = {
	{ ARC_AGENT, 1 }, { ARC_AGENT, 2 }, { ARC_AGENT, 3 },
	{ ARC_AGENT, 4 }, { ARC_AGENT, 5 },
	{ ARC_CPU, 1 }, { ARC_CPU, 2 }, { ARC_CPU, 3 }, { ARC_CPU, 4 },
	{ ARC_CPU, 5 }, { ARC_CPU, 6 }, { ARC_CPU, 7 }, { ARC_CPU, 8 },
	{ ARC_CPU, 9 }, { ARC_CPU, 10 }, { ARC_CPU, 11 }, { ARC_CPU, 12 },
	{ ARC_MEM, 1 }, { ARC_MEM, 2 }, { ARC_MEM, 3 }, { ARC_MEM, 4 },
	{ ARC_MEM, 5 }, { ARC_MEM, 6 }, { ARC_MEM, 7 }, { ARC_MEM, 8 },
	{ ARC_SWAP, 1 }, { ARC_SWAP, 2 }, { ARC_SWAP, 3 }, { ARC_SWAP, 4 },
	{ ARC_SWAP, 5 }, { ARC_SWAP, 6 }, { ARC_SWAP, 7 },
};

/* ------------------------------------------------------------ tables */

static int
core_col(const struct agent_model *m, const struct agent_row *r,
    unsigned col, netsnmp_variable_list *v)
{
	if (col == 2) {
		set_int(v, r->pct);
		return 0;
	}
	return set_state_col(m, r, 3, col, v);
}

static int
disk_col(const struct agent_model *m, const struct agent_row *r,
    unsigned col, netsnmp_variable_list *v)
{
	switch (col) {
	case 2:
		set_str(v, r->name);
		break;
	case 3:
		set_str(v, r->device);
		break;
	case 4:
		set_str(v, r->fstype);
		break;
	case 5:
		set_c64(v, r->total);
		break;
	case 6:
		set_c64(v, r->used);
		break;
	case 7:
		set_c64(v, r->avail);
		break;
	case 8:
		set_int(v, r->pct);
		break;
	case 9:
		set_int(v, r->ipct);
		break;
	case 10:
		set_str(v, r->thr.warn_txt);
		break;
	case 11:
		set_str(v, r->thr.crit_txt);
		break;
	case 12:
		set_str(v, r->ithr.warn_txt);
		break;
	case 13:
		set_str(v, r->ithr.crit_txt);
		break;
	case 14:
		set_int(v, r->status);
		break;
	case 15:
		set_time(m, v, r->last_change);
		break;
	default:
		return -1;
	}
	return 0;
}

static int
if_col(const struct agent_model *m, const struct agent_row *r,
    unsigned col, netsnmp_variable_list *v)
{
	switch (col) {
	case 1:
		set_str(v, r->name);
		break;
	case 2:
		set_gauge(v, ASN_GAUGE, r->high_speed);
		break;
	case 3:
		set_gauge(v, ASN_GAUGE, r->speed);
		break;
	case 4:
		set_c64(v, r->rx_bps);
		break;
	case 5:
		set_c64(v, r->tx_bps);
		break;
	case 6:
		set_int(v, r->pct);
		break;
	default:
		return set_state_col(m, r, 7, col, v);
	}
	return 0;
}

typedef int (*col_fn)(const struct agent_model *, const struct agent_row *,
	    unsigned, netsnmp_variable_list *);

static int
table_handler(netsnmp_mib_handler *h, netsnmp_handler_registration *reg,
    netsnmp_agent_request_info *ri, netsnmp_request_info *req)
{
	struct agent_mib *mib = h->myvoid;
	col_fn fn = (col_fn)(uintptr_t)reg->my_reg_void;

	if (ri->mode != MODE_GET)
		return SNMP_ERR_NOERROR;
	for (; req != NULL; req = req->next) {
		const struct agent_row *r;
		netsnmp_table_request_info *ti;

		if (req->processed)
			continue;
		r = netsnmp_container_table_row_extract(req);
		ti = netsnmp_extract_table_info(req);
		if (r == NULL || ti == NULL ||
		    fn(mib->model, r, ti->colnum, req->requestvb) < 0)
			netsnmp_set_request_error(ri, req,
			    SNMP_NOSUCHINSTANCE);
	}
	return SNMP_ERR_NOERROR;
}

/* ------------------------------------------------------------ setup */

static void
keep_reg(struct agent_mib *mib, netsnmp_handler_registration *reg)
{
	mib->regs = sense_xrealloc(mib->regs,
	    (mib->nregs + 1) * sizeof(*mib->regs));
	mib->regs[mib->nregs++] = reg;
}

static netsnmp_handler_registration *
new_reg(struct agent_mib *mib, const char *name, Netsnmp_Node_Handler *fn,
    const oid *o, size_t len, void *data)
{
	netsnmp_handler_registration *reg;

	reg = netsnmp_create_handler_registration(name, fn, o, len,
	    HANDLER_CAN_RONLY);
	if (reg == NULL)
		return NULL;
	reg->handler->myvoid = mib;
	reg->my_reg_void = data;
	return reg;
}

static int
reg_scalars(struct agent_mib *mib)
{
	size_t i;

	for (i = 0; i < sizeof(scalars) / sizeof(scalars[0]); i++) {
		oid o[] = { SENSE_ROOT, 1, scalars[i].arc, scalars[i].col };
		netsnmp_handler_registration *reg;

		reg = new_reg(mib, "senseScalar", scalar_handler, o,
		    OID_LENGTH(o), (void *)&scalars[i]);
		if (reg == NULL || netsnmp_register_read_only_scalar(reg) !=
		    MIB_REGISTERED_OK)
			return -1;
		keep_reg(mib, reg);
	}
	return 0;
}

static int
reg_table(struct agent_mib *mib, const char *name, const oid *o,
    size_t len, netsnmp_container *c, u_char idx_type, unsigned mincol,
    unsigned maxcol, col_fn fn)
{
	netsnmp_handler_registration *reg;
	netsnmp_table_registration_info *ti;

	reg = new_reg(mib, name, table_handler, o, len,
	    (void *)(uintptr_t)fn);
	ti = SNMP_MALLOC_TYPEDEF(netsnmp_table_registration_info);
	if (reg == NULL || ti == NULL) {
		free(ti);
		netsnmp_handler_registration_free(reg);
		return -1;
	}
	netsnmp_table_helper_add_indexes(ti, idx_type, 0);
	ti->min_column = mincol;
	ti->max_column = maxcol;
	if (netsnmp_container_table_register(reg, ti, c,
	    TABLE_CONTAINER_KEY_NETSNMP_INDEX) != MIB_REGISTERED_OK)
		return -1;
	keep_reg(mib, reg);
	return 0;
}

static int
on_session(int major, int minor, void *server, void *client)
{
	struct agent_mib *mib = client;

	(void)major;
	(void)server;
	if (minor == SNMPD_CALLBACK_INDEX_START) {
		mib->connected = true;
		mib->resend = true;
		snmp_log(LOG_INFO, "connected to the AgentX master\n");
	} else {
		mib->connected = false;
		snmp_log(LOG_WARNING, "lost the AgentX master\n");
	}
	return SNMP_ERR_NOERROR;
}

int
agent_mib_init(struct agent_mib *mib, struct agent_model *model)
{
	static const oid core_oid[] = { SENSE_ROOT, 1, ARC_CPU, 13 };
	static const oid disk_oid[] = { SENSE_ROOT, 1, ARC_DISK, 1 };
	static const oid if_oid[] = { SENSE_ROOT, 1, ARC_IF, 1 };

	memset(mib, 0, sizeof(*mib));
	mib->model = model;
	if (reg_scalars(mib) < 0 ||
	    reg_table(mib, "senseCpuCoreTable", core_oid,
	    OID_LENGTH(core_oid), model->cores, ASN_UNSIGNED, 2, 6,
	    core_col) < 0 ||
	    reg_table(mib, "senseDiskTable", disk_oid, OID_LENGTH(disk_oid),
	    model->disks, ASN_UNSIGNED, 2, 15, disk_col) < 0 ||
	    reg_table(mib, "senseIfTable", if_oid, OID_LENGTH(if_oid),
	    model->ifs, ASN_INTEGER, 1, 10, if_col) < 0) {
		snmp_log(LOG_ERR, "cannot register SENSE-UTILIZATION-MIB\n");
		return -1;
	}
	snmp_register_callback(SNMP_CALLBACK_APPLICATION,
	    SNMPD_CALLBACK_INDEX_START, on_session, mib);
	snmp_register_callback(SNMP_CALLBACK_APPLICATION,
	    SNMPD_CALLBACK_INDEX_STOP, on_session, mib);
	return 0;
}

/* ------------------------------------------------------------ notify */

/* The OID of the status object instance of r, into o; its length. */
static size_t
status_instance(const struct agent_row *r, oid *o)
{
	static const oid root[] = { SENSE_ROOT, 1 };
	size_t n = OID_LENGTH(root);

	memcpy(o, root, sizeof(root));
	switch (r->metric) {
	case AGENT_CPU:
		o[n++] = ARC_CPU, o[n++] = 11, o[n++] = 0;
		break;
	case AGENT_MEM:
		o[n++] = ARC_MEM, o[n++] = 7, o[n++] = 0;
		break;
	case AGENT_SWAP:
		o[n++] = ARC_SWAP, o[n++] = 6, o[n++] = 0;
		break;
	case AGENT_CORE:
		o[n++] = ARC_CPU, o[n++] = 13, o[n++] = 1, o[n++] = 5;
		o[n++] = r->key;
		break;
	case AGENT_DISK:
		o[n++] = ARC_DISK, o[n++] = 1, o[n++] = 1, o[n++] = 14;
		o[n++] = r->key;
		break;
	case AGENT_IF:
		o[n++] = ARC_IF, o[n++] = 1, o[n++] = 1, o[n++] = 9;
		o[n++] = r->key;
		break;
	}
	return n;
}

/* The metric as senseNotifyMetric names it, for the log. */
static const char *
metric_name(enum agent_metric m)
{
	static const char *const names[] = { "?", "cpu", "cpuCore",
		"memory", "swap", "disk", "interface" };

	return (unsigned)m < sizeof(names) / sizeof(names[0]) ?
	    names[m] : "?";
}

static void
send_one(struct agent_mib *mib, const struct agent_row *r,
    enum sense_state old, enum sense_state now)
{
	oid o[] = { SENSE_ROOT, 1, ARC_NOTIFY, 0, 0 };
	size_t on = OID_LENGTH(o);
	oid inst[MAX_OID_LEN];
	size_t ilen = status_instance(r, inst);
	netsnmp_variable_list *vl = NULL;
	long metric = r->metric, value = r->pct, o_st = old, n_st = now;

	snmp_varlist_add_variable(&vl, snmptrap_oid, OID_LENGTH(snmptrap_oid),
	    ASN_OBJECT_ID, notify_oid, sizeof(notify_oid));
	o[on - 2] = 1;
	snmp_varlist_add_variable(&vl, o, on, ASN_INTEGER, &metric,
	    sizeof(metric));
	o[on - 2] = 2;
	snmp_varlist_add_variable(&vl, o, on, ASN_OCTET_STR, r->name,
	    strlen(r->name));
	o[on - 2] = 3;
	snmp_varlist_add_variable(&vl, o, on, ASN_OBJECT_ID, inst,
	    ilen * sizeof(oid));
	o[on - 2] = 4;
	snmp_varlist_add_variable(&vl, o, on, ASN_INTEGER, &value,
	    sizeof(value));
	o[on - 2] = 5;
	snmp_varlist_add_variable(&vl, o, on, ASN_INTEGER, &o_st,
	    sizeof(o_st));
	o[on - 2] = 6;
	snmp_varlist_add_variable(&vl, o, on, ASN_INTEGER, &n_st,
	    sizeof(n_st));
	send_v2trap(vl);
	snmp_free_varbind(vl);
	mib->sent++;
	snmp_log(LOG_NOTICE, "%s %s: %s -> %s%s\n", metric_name(r->metric),
	    r->name, sense_state_name(old), sense_state_name(now),
	    old == now ? " (re-sent)" : "");
}

void
agent_mib_notify(void *ctx, struct agent_row *r, enum sense_state old,
    enum sense_state now)
{
	struct agent_mib *mib = ctx;

	if (!mib->connected) {
		/* Told once the master is back (agent_mib_resend). */
		r->unsent = true;
		snmp_log(LOG_NOTICE, "%s %s: %s -> %s (master down, kept)\n",
		    metric_name(r->metric), r->name, sense_state_name(old),
		    sense_state_name(now));
		return;
	}
	send_one(mib, r, old, now);
}

static void
resend_row(void *ctx, struct agent_row *r)
{
	struct agent_mib *mib = ctx;

	if (!r->has_status)
		return;
	if (r->status != SENSE_OK || r->unsent)
		send_one(mib, r, r->status, r->status);
	r->unsent = false;
}

void
agent_mib_resend(struct agent_mib *mib)
{
	if (!mib->resend || !mib->connected)
		return;
	mib->resend = false;
	agent_model_each(mib->model, resend_row, mib);
}

void
agent_mib_free(struct agent_mib *mib)
{
	size_t i;

	if (mib == NULL)
		return;
	snmp_unregister_callback(SNMP_CALLBACK_APPLICATION,
	    SNMPD_CALLBACK_INDEX_START, on_session, mib, 1);
	snmp_unregister_callback(SNMP_CALLBACK_APPLICATION,
	    SNMPD_CALLBACK_INDEX_STOP, on_session, mib, 1);
	for (i = 0; i < mib->nregs; i++) {
		/* Tables: net-snmp leaves their registration info to us. */
		netsnmp_table_registration_info *ti =
		    netsnmp_find_table_registration_info(mib->regs[i]);

		netsnmp_unregister_handler(mib->regs[i]);
		if (ti != NULL)
			netsnmp_table_registration_info_free(ti);
	}
	free(mib->regs);
	mib->regs = NULL;
	mib->nregs = 0;
}
