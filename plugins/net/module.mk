# check_sense_net: interface utilization (plugins/lib/sense_net).
PROGRAMS += check_sense_net
check_sense_net_SRCS := plugins/net/check_sense_net.c

UNIT_TESTS += test_net
test_net_SRCS := tests/unit/test_net.c
