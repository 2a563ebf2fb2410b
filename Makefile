# sense -- top-level build.  Plain GNU make, out-of-tree objects.
#
#   make               build everything into build/
#   make SAN=1         the same with ASan/UBSan, into build-san/
#   make check         deps, build (plain and SAN=1), run every test
#   make demo          deps, build, run the checks on this machine
#   make bench         benchmarks against the peers (not part of check)
#   make install PREFIX=/usr DESTDIR=...
#
# Each program and test declares itself in a module.mk next to its sources:
#   PROGRAMS   += name          name_SRCS := ...   name_PKGS := pkg-config names
#   UNIT_TESTS += name          (same variables; built into $(BUILD)/tests/)

SAN      ?= 0
ifeq ($(SAN),1)
BUILD    ?= build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=undefined
else
BUILD    ?= build
SANFLAGS :=
endif

CC       ?= cc
PREFIX   ?= /usr/local
DESTDIR  ?=
VERSION  := 0.1.0
CFLAGS   ?= -O2 -g
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2
CPPFLAGS += -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 \
            -DSENSE_VERSION='"$(VERSION)"' -Iplugins/lib
ALL_CFLAGS  = -std=gnu11 $(WARN) $(CFLAGS) $(SANFLAGS) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS) -Wl,--as-needed

PROGRAMS   :=
UNIT_TESTS :=

# The core library: everything in plugins/lib/.
CORE_SRCS := $(wildcard plugins/lib/*.c)
CORE_LIB  := $(BUILD)/libsense.a

include $(wildcard plugins/*/module.mk tests/*/module.mk)

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

all: $(CORE_LIB) $(addprefix $(BUILD)/,$(PROGRAMS)) \
     $(addprefix $(BUILD)/tests/,$(UNIT_TESTS))

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(CORE_LIB): $(call obj,$(CORE_SRCS))
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

# link_rule(target-dir, name): one program or unit test.
define link_rule
$(1)/$(2): $(call obj,$($(2)_SRCS)) $(CORE_LIB)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$(filter %.o,$$^) $(CORE_LIB) \
	  $$(if $$($(2)_PKGS),$$(shell pkg-config --libs $$($(2)_PKGS))) \
	  $$($(2)_LDLIBS) -lm
$(call obj,$($(2)_SRCS)): CPPFLAGS += \
	  $$(if $$($(2)_PKGS),$$(shell pkg-config --cflags $$($(2)_PKGS)))
endef
$(foreach p,$(PROGRAMS),$(eval $(call link_rule,$(BUILD),$(p))))
$(foreach t,$(UNIT_TESTS),$(eval $(call link_rule,$(BUILD)/tests,$(t))))

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------- targets
deps:
	@tests/lib/deps.sh

build-both:
	$(MAKE) all
	$(MAKE) SAN=1 all

check: deps
	$(MAKE) build-both
	@tests/run

demo: deps
	$(MAKE) all
	@tests/demo.sh

bench: deps
	$(MAKE) all
	@tests/bench/run.sh

style:
	@tests/lib/style.sh

NAGIOS_PLUGINDIR := $(PREFIX)/lib/nagios/plugins
SHAREDIR := $(PREFIX)/share/sense
DOCDIR   := $(PREFIX)/share/doc/sense
# The shipped configuration names the programs' default paths; install
# rewrites them to where this install really puts them.
INSTALL_PATHS := sed -i \
	-e 's|/usr/local/bin/|$(PREFIX)/bin/|g' \
	-e 's|/usr/bin/sense-|$(PREFIX)/bin/sense-|g' \
	-e 's|^\([[:space:]]*vars.sense_plugin_dir = \)PluginDir|\1"$(NAGIOS_PLUGINDIR)"|'
install: all
	install -d $(DESTDIR)$(NAGIOS_PLUGINDIR) $(DESTDIR)$(PREFIX)/bin \
	  $(DESTDIR)$(SHAREDIR) $(DESTDIR)$(PREFIX)/share/snmp/mibs \
	  $(DESTDIR)$(DOCDIR)
	for p in $(filter check_sense_%,$(PROGRAMS)); do \
	  install -m 0755 $(BUILD)/$$p $(DESTDIR)$(NAGIOS_PLUGINDIR)/$$p; done
	for p in $(filter-out check_sense_%,$(PROGRAMS)); do \
	  install -m 0755 $(BUILD)/$$p $(DESTDIR)$(PREFIX)/bin/$$p; done
	cp -R conf/. $(DESTDIR)$(SHAREDIR)/
	cp -R contrib/systemd contrib/cron $(DESTDIR)$(SHAREDIR)/
	cp -R contrib/graphs $(DESTDIR)$(SHAREDIR)/
	find $(DESTDIR)$(SHAREDIR)/icinga2 $(DESTDIR)$(SHAREDIR)/nagios \
	  $(DESTDIR)$(SHAREDIR)/systemd $(DESTDIR)$(SHAREDIR)/cron -type f \
	  -exec $(INSTALL_PATHS) {} +
	install -m 0644 README.md $(DESTDIR)$(DOCDIR)/README.md
	for m in mibs/*.txt; do [ -e "$$m" ] || continue; \
	  install -m 0644 $$m $(DESTDIR)$(PREFIX)/share/snmp/mibs/; done

clean:
	rm -rf build build-san

.PHONY: all deps build-both check demo bench style install clean
