/* tk_life -- the ticket lifecycle decision; see tk_life.h. */
#include "tk_life.h"

#include <stdlib.h>
#include <string.h>

#include "sense_util.h"

static const char *const tk_action_names[] = {
	[TK_A_IGNORE] = "ignore", [TK_A_OPEN] = "open",
	[TK_A_REOPEN] = "reopen", [TK_A_UPDATE] = "update",
	[TK_A_ESCALATE] = "escalate", [TK_A_RESOLVE] = "resolve",
	[TK_A_ACK] = "acknowledge", [TK_A_NOTE] = "note",
	[TK_A_STORM] = "storm", [TK_A_SUPPRESS] = "suppress",
	[TK_A_STALE] = "stale", [TK_A_DUPLICATE] = "duplicate",
};

const char *
tk_action_name(enum tk_action a)
{
	return tk_action_names[a];
}

static void
replace(char **dst, const char *src)
{
	free(*dst);
	*dst = src ? sense_xstrdup(src) : NULL;
}

/* The event's state and output become the ticket's newest. */
static void
take_state(struct tk_ticket *t, const struct tk_event *ev)
{
	replace(&t->state, tk_state_name(ev->state));
	free(t->output);
	t->output = sense_xmalloc(ev->output_len + 1);
	memcpy(t->output, ev->output, ev->output_len + 1);
	t->output_len = ev->output_len;
	t->truncated = ev->truncated;
	t->last_event = ev->time;
}

/* Counters every applied event bumps. */
static void
touch(struct tk_ticket *t, const struct tk_event *ev)
{
	t->events++;
	if (ev->time > t->updated)
		t->updated = ev->time;
}

/* Flags carried by the event type itself. */
static void
take_flags(struct tk_ticket *t, const struct tk_event *ev)
{
	if (ev->type == TK_FLAPSTART || ev->type == TK_FLAPEND)
		t->flapping = ev->type == TK_FLAPSTART;
	if (ev->type == TK_DTSTART || ev->type == TK_DTEND)
		t->downtime = ev->type == TK_DTSTART;
}

static void
new_ticket(struct tk_ticket *t, const struct tk_event *ev, int urgency)
{
	memset(t, 0, sizeof(*t));
	t->host = sense_xstrdup(ev->host);
	t->service = sense_xstrdup(ev->service);
	t->status = TK_OPEN;
	t->urgency = urgency;
	t->opened = t->updated = ev->time;
	t->events = 1;
	t->flapping = ev->flapping;
	t->downtime = ev->downtime > 0;
	take_state(t, ev);
}

static enum tk_action
resolve(struct tk_ticket *t, const struct tk_event *ev)
{
	touch(t, ev);
	if (ev->time < t->last_event)
		return TK_A_STALE;
	take_flags(t, ev);
	take_state(t, ev);
	t->status = TK_RESOLVED;
	t->resolved = ev->time;
	return TK_A_RESOLVE;
}

static enum tk_action
update(struct tk_ticket *t, const struct tk_event *ev, int urgency)
{
	enum tk_action a = TK_A_UPDATE;

	touch(t, ev);
	if (ev->time < t->last_event)
		return TK_A_STALE;
	if (urgency < t->urgency) {
		t->urgency = urgency;
		a = TK_A_ESCALATE;
	}
	take_state(t, ev);
	return a;
}

static enum tk_action
reopen(struct tk_ticket *t, const struct tk_event *ev, int urgency)
{
	touch(t, ev);
	t->status = TK_OPEN;
	t->resolved = 0;
	t->urgency = urgency;
	t->reopened++;
	replace(&t->ack_author, NULL);
	replace(&t->ack_comment, NULL);
	take_state(t, ev);
	return TK_A_REOPEN;
}

static bool
suppressed(const struct tk_rules *r, const struct tk_event *ev)
{
	return (r->suppress_downtime && ev->downtime > 0) ||
	    (r->suppress_flapping && ev->flapping);
}

/* A HARD problem for a key without an open ticket. */
static enum tk_action
problem_new(const struct tk_rules *r, const struct tk_event *ev,
    const struct tk_verdict *v, const struct tk_view *view,
    struct tk_ticket *fresh, struct tk_ticket **target)
{
	struct tk_ticket *last = view->resolved;

	if (v->ignore)
		return TK_A_IGNORE;
	if (view->host != NULL) {
		*target = view->host;
		touch(view->host, ev);
		return TK_A_STORM;
	}
	if (suppressed(r, ev))
		return TK_A_SUPPRESS;
	if (last != NULL && ev->time < last->resolved &&
	    ev->time >= last->opened) {
		/* A late copy of the incident that already ended. */
		*target = last;
		touch(last, ev);
		return TK_A_STALE;
	}
	if (last != NULL && ev->time - last->resolved <= r->reopen_window &&
	    ev->time >= last->resolved) {
		*target = last;
		return reopen(last, ev, v->urgency);
	}
	*target = fresh;
	new_ticket(fresh, ev, v->urgency);
	return TK_A_OPEN;
}

enum tk_action
tk_life_apply(const struct tk_rules *rules, const struct tk_event *ev,
    const struct tk_verdict *v, const struct tk_view *view,
    struct tk_ticket *fresh, struct tk_ticket **target)
{
	struct tk_ticket *own = view->open;

	*target = own;
	if (tk_state_ok(ev->state))
		return own ? resolve(own, ev) : TK_A_IGNORE;
	if (ev->type == TK_PROBLEM && ev->hard) {
		if (own != NULL)
			return update(own, ev, v->urgency);
		return problem_new(rules, ev, v, view, fresh, target);
	}
	if (own == NULL)
		return TK_A_IGNORE;
	touch(own, ev);
	take_flags(own, ev);
	if (ev->type == TK_ACK) {
		own->status = TK_ACKED;
		replace(&own->ack_author, ev->author);
		replace(&own->ack_comment, ev->comment);
		return TK_A_ACK;
	}
	return TK_A_NOTE;
}
