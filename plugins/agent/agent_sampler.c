/* agent_sampler -- the reading thread; see agent_sampler.h. */
#include "agent_sampler.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sense_util.h"

static struct timespec
mono_after(double seconds)
{
	struct timespec ts;
	double t;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	t = (double)ts.tv_sec + ts.tv_nsec / 1e9 + seconds;
	ts.tv_sec = (time_t)t;
	ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
	return ts;
}

static bool
before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	    (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static void
push(struct agent_sampler *s, struct agent_reading *rd)
{
	uint64_t one = 1;

	pthread_mutex_lock(&s->qmu);
	s->q = sense_xrealloc(s->q, (s->nq + 1) * sizeof(*s->q));
	s->q[s->nq++] = rd;
	pthread_mutex_unlock(&s->qmu);
	/* A full counter (never, in practice) still reads as ready. */
	if (write(s->efd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		return;
}

static void *
run(void *arg)
{
	struct agent_sampler *s = arg;
	struct agent_reading *rd;
	struct timespec next, now;

	pthread_mutex_lock(&s->mu);
	next = mono_after(s->interval);
	while (!s->stop) {
		if (pthread_cond_timedwait(&s->cv, &s->mu, &next) == 0)
			continue;	/* woken: stop, or a new interval */
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (before(&now, &next))
			continue;
		/* On the tick; a late tick does not bunch up the next. */
		next.tv_sec += s->interval;
		if (before(&next, &now))
			next = mono_after(s->interval);
		rd = sense_xmalloc(sizeof(*rd));
		agent_reading_take(s->conf, time(NULL), rd);
		/*
		 * The disk core leaves its statvfs children that had not
		 * exited yet for a long-running caller to reap; the agent
		 * has no other children.
		 */
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		push(s, rd);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

int
agent_sampler_start(struct agent_sampler *s, const struct agent_conf *conf)
{
	pthread_condattr_t ca;
	int e;

	memset(s, 0, sizeof(*s));
	s->conf = conf;
	s->interval = conf->interval;
	s->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (s->efd < 0)
		return -1;
	pthread_mutex_init(&s->mu, NULL);
	pthread_mutex_init(&s->qmu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cv, &ca);
	pthread_condattr_destroy(&ca);
	if ((e = pthread_create(&s->thread, NULL, run, s)) != 0) {
		close(s->efd);
		s->efd = -1;
		errno = e;
		return -1;
	}
	s->running = true;
	return 0;
}

int
agent_sampler_fd(const struct agent_sampler *s)
{
	return s->efd;
}

void
agent_sampler_pause(struct agent_sampler *s)
{
	pthread_mutex_lock(&s->mu);
}

void
agent_sampler_resume(struct agent_sampler *s, const struct agent_conf *conf)
{
	s->conf = conf;
	if (conf->interval != s->interval) {
		s->interval = conf->interval;
		pthread_cond_signal(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
}

size_t
agent_sampler_drain(struct agent_sampler *s, struct agent_reading ***out)
{
	uint64_t n;
	size_t got;

	if (read(s->efd, &n, sizeof(n)) < 0 && errno != EAGAIN)
		n = 0;
	pthread_mutex_lock(&s->qmu);
	*out = s->q;
	got = s->nq;
	s->q = NULL;
	s->nq = 0;
	pthread_mutex_unlock(&s->qmu);
	return got;
}

void
agent_sampler_stop(struct agent_sampler *s)
{
	struct agent_reading **q;
	size_t i, n;

	if (s == NULL || !s->running)
		return;
	pthread_mutex_lock(&s->mu);
	s->stop = true;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->thread, NULL);
	n = agent_sampler_drain(s, &q);
	for (i = 0; i < n; i++) {
		agent_reading_free(q[i]);
		free(q[i]);
	}
	free(q);
	close(s->efd);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	pthread_mutex_destroy(&s->qmu);
	s->running = false;
}
