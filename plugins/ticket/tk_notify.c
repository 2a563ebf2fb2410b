/* tk_notify -- decisions as transactions; see tk_notify.h. */
#include "tk_notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sense_util.h"

static int
store_fail(struct tk_store *s, char *err, size_t errlen)
{
	snprintf(err, errlen, "store: %s", s->ops->error(s));
	s->ops->rollback(s);
	return -1;
}

static void
hist_from_event(struct tk_hist *h, const struct tk_event *ev,
    const char *ident, double received, int urgency)
{
	memset(h, 0, sizeof(*h));
	h->received = received;
	h->at = ev->time;
	h->type = ev->type_name;
	h->host = ev->host;
	h->service = ev->service;
	h->state = tk_state_name(ev->state);
	h->hard = ev->hard;
	h->urgency = urgency;
	h->author = ev->author;
	h->comment = ev->comment;
	h->output = ev->output;
	h->output_len = ev->output_len;
	h->truncated = ev->truncated;
	h->ident = ident;
}

/* Queue a change that the helpdesk back ends must hear about. */
static int
enqueue(struct tk_store *s, enum tk_action a, const struct tk_event *ev,
    const struct tk_ticket *t)
{
	struct tk_change c;

	if (a == TK_A_IGNORE || a == TK_A_SUPPRESS || a == TK_A_STALE ||
	    a == TK_A_DUPLICATE || s->ops->enqueue == NULL)
		return 0;
	memset(&c, 0, sizeof(c));
	c.ticket = t->id;
	c.action = tk_action_name(a);
	c.type = ev->type_name;
	c.host = ev->host;
	c.service = ev->service;
	c.state = tk_state_name(ev->state);
	c.status = tk_status_name(t->status);
	c.urgency = t->urgency;
	c.author = ev->author;
	c.comment = ev->comment;
	c.output = ev->output;
	c.output_len = ev->output_len;
	c.truncated = ev->truncated;
	c.contact = tk_event_var(ev, "sense_contact");
	c.at = ev->time;
	return s->ops->enqueue(s, &c);
}

/* Load the tickets the event may touch into view (under the lock). */
static int
load_view(struct tk_store *s, const struct tk_event *ev,
    struct tk_ticket t[3], struct tk_view *view)
{
	const struct tk_store_ops *o = s->ops;
	int rc;

	memset(view, 0, sizeof(*view));
	if ((rc = o->find_open(s, ev->host, ev->service, &t[0])) < 0)
		return -1;
	if (rc == 1)
		return 0;
	if ((rc = o->find_resolved(s, ev->host, ev->service, &t[1])) < 0)
		return -1;
	if (rc == 1)
		view->resolved = &t[1];
	if (*ev->service != '\0') {
		if ((rc = o->find_open(s, ev->host, "", &t[2])) < 0)
			return -1;
		if (rc == 1)
			view->host = &t[2];
	}
	return 0;
}

int
tk_notify_event(struct tk_store *s, const struct tk_rules *rules,
    struct tk_event *ev, double received, struct tk_result *res,
    char *err, size_t errlen)
{
	const struct tk_store_ops *o = s->ops;
	struct tk_ticket t[4], *target = NULL;
	struct tk_verdict v;
	struct tk_view view;
	struct tk_hist h;
	char ident[33];
	int64_t seen_ticket = 0;
	int rc = -1, seen, queued = 0;

	memset(t, 0, sizeof(t));
	memset(res, 0, sizeof(*res));
	tk_event_ident(ev, ident);
	tk_event_clip(ev, rules->max_output);
	tk_rules_judge(rules, ev, &v);
	res->urgency = v.urgency;
	if (o->begin(s) < 0)
		return store_fail(s, err, errlen);
	if ((seen = o->seen(s, ident, &seen_ticket)) < 0)
		goto fail;
	if (seen) {
		res->action = TK_A_DUPLICATE;
		res->ticket = seen_ticket;
	} else {
		if (load_view(s, ev, t, &view) < 0)
			goto fail;
		if (t[0].id != 0)
			view.open = &t[0];
		res->action = tk_life_apply(rules, ev, &v, &view, &t[3],
		    &target);
		if (target != NULL && (o->save(s, target) < 0 ||
		    (queued = enqueue(s, res->action, ev, target)) < 0))
			goto fail;
		res->queued = queued > 0;
		res->ticket = target ? target->id : 0;
		if (o->remember(s, ident, res->ticket) < 0)
			goto fail;
	}
	hist_from_event(&h, ev, ident, received, v.urgency);
	h.ticket = res->ticket;
	h.action = tk_action_name(res->action);
	if (o->add_history(s, &h) < 0 || o->commit(s) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	rc = store_fail(s, err, errlen);
out:
	for (seen = 0; seen < 4; seen++)
		tk_ticket_clear(&t[seen]);
	return rc;
}

static int
enqueue_manual(struct tk_store *s, const struct tk_ticket *t,
    const struct tk_hist *h)
{
	struct tk_change c;

	if (s->ops->enqueue == NULL)
		return 0;
	memset(&c, 0, sizeof(c));
	c.ticket = t->id;
	c.action = h->action;
	c.type = h->type;
	c.host = t->host;
	c.service = t->service;
	c.state = t->state;
	c.status = tk_status_name(t->status);
	c.urgency = t->urgency;
	c.author = h->author;
	c.comment = h->comment;
	c.output = "";
	c.at = h->at;
	return s->ops->enqueue(s, &c);
}

int
tk_notify_manual(struct tk_store *s, int64_t id, int ack,
    const char *author, const char *comment, double now, char *err,
    size_t errlen)
{
	const struct tk_store_ops *o = s->ops;
	struct tk_ticket t = { 0 };
	struct tk_hist h;
	int rc;

	if (o->begin(s) < 0)
		return store_fail(s, err, errlen);
	if ((rc = o->get(s, id, &t)) < 0)
		goto fail;
	if (rc == 0) {
		o->rollback(s);
		snprintf(err, errlen, "no ticket %lld", (long long)id);
		return 1;
	}
	if (ack && t.status == TK_RESOLVED) {
		o->rollback(s);
		snprintf(err, errlen, "ticket %lld is resolved", (long long)id);
		tk_ticket_clear(&t);
		return -1;
	}
	if (!ack && t.status == TK_RESOLVED) {
		/* Closing twice changes nothing and records nothing. */
		o->rollback(s);
		tk_ticket_clear(&t);
		return 2;
	}
	if (ack) {
		t.status = TK_ACKED;
		free(t.ack_author);
		free(t.ack_comment);
		t.ack_author = sense_xstrdup(author);
		t.ack_comment = sense_xstrdup(comment);
	} else {
		t.status = TK_RESOLVED;
		t.resolved = now;
	}
	if (now > t.updated)
		t.updated = now;
	memset(&h, 0, sizeof(h));
	h.ticket = id;
	h.received = h.at = now;
	h.type = ack ? "MANUAL-ACK" : "MANUAL-CLOSE";
	h.host = t.host;
	h.service = t.service;
	h.state = t.state;
	h.hard = true;
	h.urgency = t.urgency;
	h.action = ack ? "acknowledge" : "close";
	h.author = author;
	h.comment = comment;
	if (o->save(s, &t) < 0 || o->add_history(s, &h) < 0 ||
	    enqueue_manual(s, &t, &h) < 0 || o->commit(s) < 0)
		goto fail;
	tk_ticket_clear(&t);
	return 0;
fail:
	tk_ticket_clear(&t);
	return store_fail(s, err, errlen);
}
