/*
 * agent_mib -- SENSE-UTILIZATION-MIB served from the model: scalar and
 * table_container registrations, and the senseStatusChange
 * notification, with a re-send of every row that is not ok (or that
 * changed while disconnected) each time the AgentX session to the
 * master opens.
 */
#ifndef AGENT_MIB_H
#define AGENT_MIB_H

#include "agent_model.h"	/* net-snmp's headers in their order */

#include <net-snmp/agent/net-snmp-agent-includes.h>

#include <stdbool.h>

struct agent_mib {
	struct agent_model	*model;
	bool			 connected;	/* AgentX session open */
	bool			 resend;	/* session opened: re-send */
	unsigned		 sent;		/* notifications sent */
	netsnmp_handler_registration **regs;
	size_t			 nregs;
};

/*
 * Register every object of the MIB (before init_snmp; net-snmp sends
 * the registrations to the master whenever a session opens) and the
 * session callbacks.  Returns 0 or -1.
 */
int	agent_mib_init(struct agent_mib *mib, struct agent_model *model);

/* The model's notify callback (ctx: the struct agent_mib). */
void	agent_mib_notify(void *ctx, struct agent_row *r,
	    enum sense_state old, enum sense_state now);

/*
 * After a session opened: send the state of every row that is not ok
 * or changed while disconnected.  Call from the main loop, outside
 * net-snmp's callbacks.
 */
void	agent_mib_resend(struct agent_mib *mib);

/* Unregister everything; accepts a zeroed struct. */
void	agent_mib_free(struct agent_mib *mib);

#endif
