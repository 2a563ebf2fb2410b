# sense-agent: the SENSE-UTILIZATION-MIB as an AgentX subagent.
PROGRAMS += sense-agent
sense-agent_SRCS := plugins/agent/agent_main.c plugins/agent/agent_conf.c \
	plugins/agent/agent_model.c plugins/agent/agent_mib.c \
	plugins/agent/agent_rrd.c
sense-agent_PKGS := netsnmp-agent libconfig librrd
sense-agent_LDLIBS := -lpthread
