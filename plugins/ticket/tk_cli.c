/* tk_cli -- list and show; see tk_cli.h. */
#include "tk_cli.h"

#include <string.h>
#include <time.h>

#include "tk_json.h"

struct list_ctx {
	FILE	*out;
	bool	 json;
	int	 n;
};

void
tk_cli_time(double t, char *buf, size_t size)
{
	time_t s = (time_t)t;
	struct tm tm;

	if (t <= 0 || gmtime_r(&s, &tm) == NULL)
		snprintf(buf, size, "-");
	else
		strftime(buf, size, "%Y-%m-%d %H:%M:%SZ", &tm);
}

static void
json_key(FILE *out, const char *key, bool first)
{
	fprintf(out, "%s\"%s\": ", first ? "" : ", ", key);
}

static void
json_ticket(FILE *out, const struct tk_ticket *t)
{
	fprintf(out, "{\"id\": %lld", (long long)t->id);
	json_key(out, "host", false);
	tk_json_str(out, t->host, strlen(t->host));
	json_key(out, "service", false);
	tk_json_str(out, t->service, strlen(t->service));
	json_key(out, "status", false);
	tk_json_str(out, tk_status_name(t->status),
	    strlen(tk_status_name(t->status)));
	fprintf(out, ", \"urgency\": %d", t->urgency);
	json_key(out, "state", false);
	tk_json_str(out, t->state, t->state ? strlen(t->state) : 0);
	json_key(out, "opened", false);
	tk_json_num(out, t->opened, false);
	json_key(out, "updated", false);
	tk_json_num(out, t->updated, false);
	json_key(out, "resolved", false);
	tk_json_num(out, t->resolved, true);
	fprintf(out, ", \"events\": %lld, \"reopened\": %lld",
	    (long long)t->events, (long long)t->reopened);
	fprintf(out, ", \"acknowledged\": %s, \"flapping\": %s, "
	    "\"downtime\": %s", t->ack_author ? "true" : "false",
	    t->flapping ? "true" : "false", t->downtime ? "true" : "false");
	json_key(out, "ack_author", false);
	tk_json_str(out, t->ack_author, t->ack_author ?
	    strlen(t->ack_author) : 0);
	json_key(out, "ack_comment", false);
	tk_json_str(out, t->ack_comment, t->ack_comment ?
	    strlen(t->ack_comment) : 0);
	json_key(out, "output", false);
	tk_json_str(out, t->output, t->output_len);
	/* Left open: the caller may add fields before the '}'. */
	fprintf(out, ", \"truncated\": %s", t->truncated ? "true" :
	    "false");
}

static int
list_one(void *ctx, const struct tk_ticket *t)
{
	struct list_ctx *c = ctx;
	char upd[32];

	if (c->json) {
		fputs(c->n ? ",\n " : "\n ", c->out);
		json_ticket(c->out, t);
		putc('}', c->out);
	} else {
		tk_cli_time(t->updated, upd, sizeof(upd));
		fprintf(c->out, "%-5lld %-12s %-3d %-6lld %-20s ",
		    (long long)t->id, tk_status_name(t->status), t->urgency,
		    (long long)t->events, upd);
		tk_text_safe(c->out, t->host, strlen(t->host), false);
		if (*t->service) {
			fputs(" / ", c->out);
			tk_text_safe(c->out, t->service, strlen(t->service),
			    false);
		}
		putc('\n', c->out);
	}
	c->n++;
	return 0;
}

int
tk_cli_list(struct tk_store *s, FILE *out, bool all, bool json)
{
	struct list_ctx c = { out, json, 0 };
	int rc;

	if (json)
		fputs("[", out);
	else
		fprintf(out, "%-5s %-12s %-3s %-6s %-20s %s\n", "ID",
		    "STATUS", "URG", "EVENTS", "UPDATED", "HOST / SERVICE");
	rc = s->ops->list(s, all, list_one, &c);
	if (json)
		fputs(c.n ? "\n]\n" : "]\n", out);
	return rc;
}

static void
opt_str(FILE *out, const char *key, const char *v)
{
	json_key(out, key, false);
	tk_json_str(out, v, v ? strlen(v) : 0);
}

static int
hist_json(void *ctx, const struct tk_hist *h)
{
	struct list_ctx *c = ctx;

	fprintf(c->out, "%s{\"id\": %lld", c->n ? ",\n  " : "\n  ",
	    (long long)h->id);
	json_key(c->out, "received", false);
	tk_json_num(c->out, h->received, false);
	json_key(c->out, "at", false);
	tk_json_num(c->out, h->at, false);
	opt_str(c->out, "type", h->type);
	opt_str(c->out, "host", h->host);
	opt_str(c->out, "service", h->service);
	opt_str(c->out, "state", h->state);
	fprintf(c->out, ", \"hard\": %s, \"urgency\": %d",
	    h->hard ? "true" : "false", h->urgency);
	opt_str(c->out, "action", h->action);
	opt_str(c->out, "author", h->author);
	opt_str(c->out, "comment", h->comment);
	json_key(c->out, "output", false);
	tk_json_str(c->out, h->output ? h->output : "", h->output_len);
	fprintf(c->out, ", \"truncated\": %s}", h->truncated ? "true" :
	    "false");
	c->n++;
	return 0;
}

static int
hist_text(void *ctx, const struct tk_hist *h)
{
	struct list_ctx *c = ctx;
	const char *nl;
	char at[32];
	size_t n;

	tk_cli_time(h->at, at, sizeof(at));
	fprintf(c->out, "  %s  %-8s %s %s %s %s u%d", at, h->action,
	    h->type, h->state ? h->state : "", h->hard ? "HARD" : "SOFT",
	    *h->service ? "svc" : "host", h->urgency);
	if (h->author && *h->author) {
		fputs("  by ", c->out);
		tk_text_safe(c->out, h->author, strlen(h->author), false);
	}
	if (h->comment && *h->comment) {
		fputs(": ", c->out);
		tk_text_safe(c->out, h->comment, strlen(h->comment), false);
	}
	putc('\n', c->out);
	if (h->output_len > 0) {
		/* The first line only; `show --json` has the whole text. */
		nl = memchr(h->output, '\n', h->output_len);
		n = nl ? (size_t)(nl - h->output) : h->output_len;
		fputs("      ", c->out);
		tk_text_safe(c->out, h->output, n > 200 ? 200 : n, false);
		putc('\n', c->out);
	}
	return 0;
}

static void
show_text(FILE *out, const struct tk_ticket *t)
{
	char a[32], b[32], c[32];

	tk_cli_time(t->opened, a, sizeof(a));
	tk_cli_time(t->updated, b, sizeof(b));
	tk_cli_time(t->resolved, c, sizeof(c));
	fprintf(out, "ticket %lld: %s, urgency %d, %lld events, reopened "
	    "%lld times\nhost:     ", (long long)t->id,
	    tk_status_name(t->status), t->urgency, (long long)t->events,
	    (long long)t->reopened);
	tk_text_safe(out, t->host, strlen(t->host), false);
	fputs("\nservice:  ", out);
	tk_text_safe(out, t->service, strlen(t->service), false);
	fprintf(out, "\nstate:    %s%s%s\nopened:   %s\nupdated:  %s\n"
	    "resolved: %s\n", t->state, t->flapping ? ", flapping" : "",
	    t->downtime ? ", in downtime" : "", a, b, c);
	if (t->ack_author != NULL) {
		fputs("acknowledged by ", out);
		tk_text_safe(out, t->ack_author, strlen(t->ack_author),
		    false);
		fputs(": ", out);
		tk_text_safe(out, t->ack_comment ? t->ack_comment : "",
		    t->ack_comment ? strlen(t->ack_comment) : 0, false);
		putc('\n', out);
	}
	fprintf(out, "output%s:\n", t->truncated ? " (truncated)" : "");
	tk_text_safe(out, t->output, t->output_len, true);
	fputs("\nhistory:\n", out);
}

int
tk_cli_show(struct tk_store *s, FILE *out, int64_t id, bool json)
{
	struct tk_ticket t = { 0 };
	struct list_ctx c = { out, json, 0 };
	int rc;

	rc = s->ops->get(s, id, &t);
	if (rc <= 0)
		return rc < 0 ? -1 : 1;
	if (json)
		json_ticket(out, &t);
	else
		show_text(out, &t);
	tk_ticket_clear(&t);
	if (json) {
		fputs(", \"history\": [", out);
		rc = s->ops->history(s, id, hist_json, &c);
		fputs("\n]}\n", out);
	} else {
		rc = s->ops->history(s, id, hist_text, &c);
	}
	return rc < 0 ? -1 : 0;
}
