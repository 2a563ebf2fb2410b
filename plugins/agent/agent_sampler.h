/*
 * agent_sampler -- the thread that takes sense-agent's readings on the
 * sampling timer, so that nothing the main loop waits for (a hung
 * AgentX master answering a ping, a long request) delays or skips a
 * measurement.  It only reads through the core (agent_reading_take);
 * the main loop applies the readings to the model in order, woken by
 * an eventfd it watches with its other descriptors.
 */
#ifndef AGENT_SAMPLER_H
#define AGENT_SAMPLER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "agent_model.h"

struct agent_sampler {
	pthread_t		 thread;
	pthread_mutex_t		 mu;	/* conf, interval, stop; held while
					   a reading is being taken */
	pthread_cond_t		 cv;
	pthread_mutex_t		 qmu;	/* the queue */
	const struct agent_conf	*conf;
	unsigned		 interval;
	bool			 stop;
	bool			 running;
	int			 efd;	/* readable: readings are queued */
	struct agent_reading	**q;
	size_t			 nq;
};

/*
 * Start taking a reading every conf->interval seconds, the first one
 * interval seconds from now.  conf is read under the sampler's lock
 * (see agent_sampler_pause).  Returns 0, or -1 with errno set.
 */
int	agent_sampler_start(struct agent_sampler *s,
	    const struct agent_conf *conf);

/* The descriptor the main loop watches (readable: call drain). */
int	agent_sampler_fd(const struct agent_sampler *s);

/*
 * Wait for a reading in progress to end and keep the thread off the
 * configuration until agent_sampler_resume(), which takes the (maybe
 * replaced) configuration and its interval.
 */
void	agent_sampler_pause(struct agent_sampler *s);
void	agent_sampler_resume(struct agent_sampler *s,
	    const struct agent_conf *conf);

/*
 * The readings taken since the last call, oldest first: a new array
 * of n (returned) readings in *out; the caller applies, frees each
 * with agent_reading_free() and free(), and frees the array.
 */
size_t	agent_sampler_drain(struct agent_sampler *s,
	    struct agent_reading ***out);

/* Stop and join the thread, free what is queued; accepts a zeroed s. */
void	agent_sampler_stop(struct agent_sampler *s);

#endif
