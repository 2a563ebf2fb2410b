# sense-ticket: the notification command and its ticket store.  It
# must not link libcurl (its ~30 libraries cost a notify more than the
# notification itself): delivery is sense-ticket-deliver's.
PROGRAMS += sense-ticket
TICKET_LIB_SRCS := plugins/ticket/tk_event.c plugins/ticket/tk_rules.c \
	plugins/ticket/tk_life.c plugins/ticket/tk_notify.c \
	plugins/ticket/tk_sqlite.c plugins/ticket/tk_json.c \
	plugins/ticket/tk_cli.c plugins/ticket/ob_outbox.c
sense-ticket_SRCS := plugins/ticket/main.c $(TICKET_LIB_SRCS) \
	plugins/ticket/ob_conf.c plugins/ticket/ob_cli.c
# SQLite and libconfig linked statically: resolving and relocating
# the shared libraries cost every notify process ~0.4 ms, a fifth of
# its budget (issue 4's 500/s).  Only this program; the rest link them
# as usual.
sense-ticket_LDLIBS := -Wl,-Bstatic -lsqlite3 -lconfig -Wl,-Bdynamic

UNIT_TESTS += test_ticket
test_ticket_SRCS := tests/unit/test_ticket.c $(TICKET_LIB_SRCS)
test_ticket_PKGS := sqlite3 libconfig

# The helpdesk delivery (issue 5): the back ends, with libcurl.
PROGRAMS += sense-ticket-deliver
HELPDESK_SRCS := plugins/ticket/ob_conf.c plugins/ticket/ob_text.c \
	plugins/ticket/ob_http.c plugins/ticket/ob_engine.c \
	plugins/ticket/ob_rt.c plugins/ticket/ob_mail.c \
	plugins/ticket/ob_webhook.c
sense-ticket-deliver_SRCS := plugins/ticket/deliver_main.c \
	$(TICKET_LIB_SRCS) $(HELPDESK_SRCS)
sense-ticket-deliver_PKGS := sqlite3 libconfig libcurl

UNIT_TESTS += test_outbox
test_outbox_SRCS := tests/unit/test_outbox.c $(TICKET_LIB_SRCS) \
	$(HELPDESK_SRCS)
test_outbox_PKGS := sqlite3 libconfig libcurl
