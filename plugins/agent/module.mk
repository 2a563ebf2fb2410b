# sense-agent: the SENSE-UTILIZATION-MIB as an AgentX subagent.
PROGRAMS += sense-agent
sense-agent_SRCS := plugins/agent/agent_main.c plugins/agent/agent_conf.c \
	plugins/agent/agent_model.c plugins/agent/agent_mib.c \
	plugins/agent/agent_rrd.c plugins/agent/agent_sampler.c
sense-agent_PKGS := netsnmp-agent libconfig librrd
sense-agent_LDLIBS := -lpthread

# The agent's state machine and figures (tests/unit/test_agent.c).
UNIT_TESTS += test_agent
test_agent_SRCS := tests/unit/test_agent.c plugins/agent/agent_model.c \
	plugins/agent/agent_conf.c
test_agent_PKGS := netsnmp-agent libconfig
