# check_sense_cpu and the unit tests of the CPU core (plugins/lib/sense_cpu).
PROGRAMS += check_sense_cpu
check_sense_cpu_SRCS := plugins/cpu/check_sense_cpu.c

UNIT_TESTS += test_cpu
test_cpu_SRCS := tests/unit/test_cpu.c
