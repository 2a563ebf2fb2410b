# Unit tests of the core (plugins/lib).  Other parts add their own
# UNIT_TESTS in their module.mk, or here next to these.
UNIT_TESTS += test_range test_output test_statefile
test_range_SRCS := tests/unit/test_range.c
test_output_SRCS := tests/unit/test_output.c
test_statefile_SRCS := tests/unit/test_statefile.c
UNIT_TESTS += test_conf
test_conf_SRCS := tests/unit/test_conf.c
test_conf_PKGS := libconfig
