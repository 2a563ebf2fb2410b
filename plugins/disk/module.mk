# check_sense_disk and the unit tests of the disk core (sense_disk).
PROGRAMS += check_sense_disk
check_sense_disk_SRCS := plugins/disk/check_sense_disk.c

UNIT_TESTS += test_disk
test_disk_SRCS := tests/unit/test_disk.c

# A FUSE filesystem whose statfs never answers, for tests/disk/hung.t
# (case D6).  A test helper, not a program: never installed, not run by
# tests/run (it lives in a subdirectory of $(BUILD)/tests), built
# without sanitizers because the test kills it.  Without libfuse3-dev
# (make deps installs it) it is not built and the test skips.
SENSE_HANGFS := $(BUILD)/tests/helpers/sense_hangfs
# (No rule at all then: a rule here must never become make's default.)
ifeq ($(shell pkg-config --exists fuse3 && echo yes),yes)
all: $(SENSE_HANGFS)
$(SENSE_HANGFS): tests/disk/hangfs.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -std=gnu11 $(WARN) $(CFLAGS) \
	  $(shell pkg-config --cflags fuse3) -o $@ $< $(LDFLAGS) \
	  $(shell pkg-config --libs fuse3)
endif
