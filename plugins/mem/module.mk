# check_sense_mem and the unit tests of the memory core (sense_mem).
PROGRAMS += check_sense_mem
check_sense_mem_SRCS := plugins/mem/check_sense_mem.c

UNIT_TESTS += test_mem
test_mem_SRCS := tests/unit/test_mem.c
