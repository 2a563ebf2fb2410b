# RRD history: the core's naming, durations and windowed averages.
UNIT_TESTS += test_history
test_history_SRCS := tests/unit/test_history.c
