# check_sense_disk and the unit tests of the disk core (sense_disk).
PROGRAMS += check_sense_disk
check_sense_disk_SRCS := plugins/disk/check_sense_disk.c

UNIT_TESTS += test_disk
test_disk_SRCS := tests/unit/test_disk.c
