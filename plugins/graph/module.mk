# sense-graph: PNG graphs of sense-agent's RRD history (librrd graph API).
PROGRAMS += sense-graph
sense-graph_SRCS := plugins/graph/graph_main.c
sense-graph_PKGS := librrd
