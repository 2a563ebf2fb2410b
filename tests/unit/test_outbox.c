/*
 * The helpdesk outbox without a network: safe text, the JSON id scan,
 * the outcome rules, the helpdesk configuration and secrets, and the
 * outbox's order, leases, backoff and hand retries on a real SQLite
 * store filled by real notifications.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sense_util.h"
#include "../../plugins/ticket/ob_conf.h"
#include "../../plugins/ticket/ob_http.h"
#include "../../plugins/ticket/ob_outbox.h"
#include "../../plugins/ticket/ob_text.h"
#include "../../plugins/ticket/tk_event.h"
#include "../../plugins/ticket/tk_notify.h"
#include "../../plugins/ticket/tk_rules.h"
#include "../../plugins/ticket/tk_store.h"
#include "../lib/tap.h"

static char tmpdir[] = "/tmp/test_outbox.XXXXXX";

static char *
clean(const char *s, size_t len, bool oneline)
{
	struct ob_str o;

	ob_str_open(&o);
	ob_utf8_clean(o.f, s, len, oneline);
	return ob_str_close(&o, NULL);
}

static char *
b64(const char *s)
{
	struct ob_str o;

	ob_str_open(&o);
	ob_base64(o.f, s, strlen(s), false);
	return ob_str_close(&o, NULL);
}

static void
test_text(void)
{
	const char *u = "a\xC3\xBC" "b";	/* aüb */
	char *t;
	struct tk_change c;

	TAP_IS_INT(ob_utf8_clip(u, 4, 2), 1, "clip never splits ü");
	TAP_IS_INT(ob_utf8_clip(u, 4, 3), 3, "clip keeps a whole ü");
	TAP_IS_INT(ob_utf8_clip(u, 4, 9), 4, "clip: short text whole");
	t = clean("x\xFF\xFEy", 4, false);
	TAP_IS_STR(t, "x\xEF\xBF\xBD\xEF\xBF\xBDy", "0xFF 0xFE -> 2 U+FFFD");
	free(t);
	t = clean("a\r\nBcc: x\ty", 11, true);
	TAP_IS_STR(t, "a  Bcc: x y", "one line: CR LF TAB -> spaces");
	free(t);
	t = clean("a\nb\tc", 5, false);
	TAP_IS_STR(t, "a\nb\tc", "body keeps newlines and tabs");
	free(t);
	t = b64("");
	TAP_IS_STR(t, "", "base64 empty");
	free(t);
	t = b64("f");
	TAP_IS_STR(t, "Zg==", "base64 f");
	free(t);
	t = b64("foobar");
	TAP_IS_STR(t, "Zm9vYmFy", "base64 foobar");
	free(t);
	memset(&c, 0, sizeof(c));
	c.host = "web\r\n01";
	c.service = "Disk C:\\";
	c.state = "CRITICAL";
	c.action = "open";
	t = ob_subject(&c);
	TAP_IS_STR(t, "[sense] web  01/Disk C:\\ CRITICAL: open",
	    "subject is one line");
	free(t);
}

static void
test_http_rules(void)
{
	TAP_IS_INT(ob_http_class(201), OB_OK, "201 delivered");
	TAP_IS_INT(ob_http_class(408), OB_RETRY, "408 retried");
	TAP_IS_INT(ob_http_class(429), OB_RETRY, "429 retried");
	TAP_IS_INT(ob_http_class(503), OB_RETRY, "503 retried");
	TAP_IS_INT(ob_http_class(400), OB_FAIL, "400 fails for good");
	TAP_IS_INT(ob_http_class(404), OB_FAIL, "404 fails for good");
	TAP_IS_INT(ob_json_id("{\"_url\":\"x\",\"id\":\"12\"}", NULL), 12,
	    "id as a string");
	TAP_IS_INT(ob_json_id("{\"id\" : 7}", NULL), 7, "id as a number");
	TAP_IS_INT(ob_json_id("{\"count\":1,\"items\":[{\"id\" : \"42\"}]}",
	    "\"items\""), 42, "first item id");
	TAP_IS_INT(ob_json_id("{\"count\":0,\"items\":[]}", "\"items\""), 0,
	    "no items, no id");
}

static void
put(const char *name, const char *text, int mode)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	chmod(path, (mode_t)mode);
}

static void
test_conf(void)
{
	struct ob_conf c;
	char path[256], err[1024], text[1024];
	int rc;

	snprintf(text, sizeof(text), "helpdesk = { rt = { url = "
	    "\"http://127.0.0.1:1\"; secrets = \"%s/rt.secret\"; }; };\n",
	    tmpdir);
	put("a.conf", text, 0644);
	put("rt.secret", "# rt\nuser = root\npassword = p w\n", 0640);
	snprintf(path, sizeof(path), "%s/a.conf", tmpdir);
	rc = ob_conf_load(&c, path, true, err, sizeof(err));
	TAP_IS_INT(rc, 0, "helpdesk conf with a private secrets file");
	TAP_IS_STR(c.rt ? c.rt->secret.password : NULL, "p w",
	    "password read");
	TAP_IS_INT(c.rt ? c.rt->priority[0] : 0, 100, "default priority 1");
	TAP_IS_INT(ob_conf_backends(&c), 1, "one back end");
	ob_conf_free(&c);
	put("rt.secret", "user = root\n", 0644);
	rc = ob_conf_load(&c, path, true, err, sizeof(err));
	TAP_IS_INT(rc, -1, "a world-readable secrets file is refused");
	tap_ok(strstr(err, "rt.secret") != NULL && strstr(err, "0644"),
	    "the refusal names the file and mode: %s", err);
	ob_conf_free(&c);
	put("b.conf", "helpdesk = {\n webhook = { url = \"http://x\";\n"
	    " colour = 1; };\n};\n", 0644);
	snprintf(path, sizeof(path), "%s/b.conf", tmpdir);
	rc = ob_conf_load(&c, path, true, err, sizeof(err));
	tap_ok(rc == -1 && strstr(err, "b.conf:3:") && strstr(err, "colour"),
	    "unknown setting named with file:line: %s", err);
	ob_conf_free(&c);
	put("c.conf", "helpdesk = { mail = { from = \"a@b\"; }; };\n", 0644);
	snprintf(path, sizeof(path), "%s/c.conf", tmpdir);
	rc = ob_conf_load(&c, path, true, err, sizeof(err));
	tap_ok(rc == -1 && strstr(err, "url"), "mail without url: %s", err);
	ob_conf_free(&c);
}

/* One notification through the real parser and lifecycle. */
static void
notify(struct tk_store *s, const struct tk_rules *r, const char *type,
    const char *service, const char *state, const char *when)
{
	char *argv[] = { "notify", "--type", (char *)type, "--host", "h1",
	    "--service", (char *)service, "--state", (char *)state,
	    "--time", (char *)when, "--output", "out \xFF", NULL };
	char *envp[] = { NULL };
	struct tk_globals g = { NULL, NULL };
	struct tk_result res;
	struct tk_event ev;
	char err[512];

	if (tk_event_parse(&ev, 13, argv, envp, &g, err, sizeof(err)) < 0 ||
	    tk_notify_event(s, r, &ev, 1.0, &res, err, sizeof(err)) < 0)
		printf("# notify: %s\n", err);
	tk_event_free(&ev);
}

static int64_t
count(struct ob_outbox *o, const char *state)
{
	int64_t n = -1;

	ob_outbox_count(o, state, &n);
	return n;
}

static void
test_outbox(void)
{
	const char *one[] = { "webhook" }, *two[] = { "webhook", "rt" };
	struct tk_store *s;
	struct ob_outbox *o, *o2;
	struct tk_rules r;
	struct ob_item a, b, c;
	char db[256], err[512], *remote;
	pid_t pid;

	snprintf(db, sizeof(db), "%s/t.db", tmpdir);
	tk_rules_defaults(&r);
	s = tk_sqlite_open(db, 5000, err, sizeof(err));
	o = ob_outbox_open(db, 5000, err, sizeof(err));
	o2 = ob_outbox_open(db, 5000, err, sizeof(err));
	tap_ok(s && o && o2, "store and two outbox connections");
	if (!s || !o || !o2)
		return;
	notify(s, &r, "PROBLEM", "early", "CRITICAL", "100");
	TAP_IS_INT(count(o, "pending"), 0, "no back end, nothing queued");
	TAP_IS_INT(ob_outbox_register(o, one, 1), 0, "register webhook");
	notify(s, &r, "PROBLEM", "s1", "WARNING", "200");
	notify(s, &r, "PROBLEM", "s2", "CRITICAL", "201");
	notify(s, &r, "PROBLEM", "s1", "CRITICAL", "202");
	notify(s, &r, "PROBLEM", "s1", "CRITICAL", "202");	/* copy */
	TAP_IS_INT(count(o, "pending"), 3, "three changes, the copy adds none");
	TAP_IS_INT(ob_outbox_claim(o, "webhook", 1000, false, 60, &a), 1,
	    "claim the oldest");
	TAP_IS_STR(a.c.action, "open", "it opens s1");
	TAP_IS_STR(a.c.service, "s1", "for s1");
	TAP_IS_INT(a.c.output_len, 5, "output bytes kept as they came");
	TAP_IS_INT(ob_outbox_claim(o2, "webhook", 1000, false, 60, &b), 1,
	    "a second process claims too");
	TAP_IS_STR(b.c.service, "s2", "but the next ticket: s1 is leased");
	TAP_IS_INT(ob_outbox_claim(o2, "webhook", 1000, false, 60, &c), 0,
	    "s1's escalation waits for its open");
	TAP_IS_INT(ob_outbox_later(o, &a, 1100, "HTTP 503"), 0,
	    "open: retry later");
	TAP_IS_INT(ob_outbox_claim(o2, "webhook", 1050, false, 60, &c), 0,
	    "nothing due before the backoff ends");
	TAP_IS_INT(ob_outbox_claim(o2, "webhook", 1050, true, 60, &c), 1,
	    "--now ignores the backoff");
	TAP_IS_INT(c.id, a.id, "and hands out the open again");
	TAP_IS_INT(c.attempts, 2, "second attempt");
	ob_outbox_fail(o2, &c, "HTTP 400");
	ob_item_clear(&c);
	TAP_IS_INT(ob_outbox_claim(o2, "webhook", 1001, true, 60, &c), 0,
	    "a failed open holds its ticket's line");
	TAP_IS_INT(count(o, "failed"), 1, "one failed");
	TAP_IS_INT(ob_outbox_retry(o, a.id), 1, "retried by hand");
	TAP_IS_INT(ob_outbox_claim(o2, "webhook", 2000, false, 60, &c), 1,
	    "due again at once");
	TAP_IS_INT(c.id, a.id, "the open");
	ob_outbox_done(o2, &c, 2000);
	ob_outbox_done(o2, &b, 2000);
	ob_item_clear(&c);
	ob_item_clear(&b);
	ob_item_clear(&a);
	/* A claimant killed in the middle: its lease is taken over. */
	fflush(stdout);
	if ((pid = fork()) == 0) {
		struct ob_outbox *k = ob_outbox_open(db, 5000, err,
		    sizeof(err));

		ob_outbox_claim(k, "webhook", 3000, false, 3600, &a);
		raise(SIGKILL);
	}
	waitpid(pid, NULL, 0);
	TAP_IS_INT(ob_outbox_claim(o, "webhook", 3001, false, 60, &a), 1,
	    "a dead process's lease is taken over");
	tap_ok(a.in_doubt, "and the delivery is in doubt");
	TAP_IS_STR(a.c.action, "escalate", "s1's escalation");
	ob_outbox_done(o, &a, 3001);
	ob_item_clear(&a);
	TAP_IS_INT(count(o, "pending"), 0, "all delivered");
	TAP_IS_INT(ob_outbox_register(o, two, 2), 0, "add rt");
	notify(s, &r, "RECOVERY", "s1", "OK", "300");
	TAP_IS_INT(count(o, "pending"), 2, "one change, two deliveries");
	TAP_IS_INT(ob_outbox_register(o, one, 1), 0, "rt removed");
	notify(s, &r, "RECOVERY", "s2", "OK", "301");
	TAP_IS_INT(count(o, "pending"), 3, "only the webhook's queue grows");
	TAP_IS_INT(ob_outbox_set_remote(o, "rt", 5, "77"), 0, "map set");
	TAP_IS_INT(ob_outbox_remote(o, "rt", 5, &remote), 1, "map found");
	TAP_IS_STR(remote, "77", "remote id");
	free(remote);
	TAP_IS_INT(ob_outbox_remote(o, "mail", 5, &remote), 0, "per back end");
	ob_outbox_close(o);
	ob_outbox_close(o2);
	s->ops->close(s);
	tk_rules_free(&r);
}

int
main(void)
{
	char cmd[300];

	if (mkdtemp(tmpdir) == NULL)
		return 1;
	test_text();
	test_http_rules();
	test_conf();
	test_outbox();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# cleanup failed\n");
	return tap_done();
}
