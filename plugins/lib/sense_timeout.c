/* sense_timeout -- the plugin's hard deadline; see sense_timeout.h. */
#include "sense_timeout.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "sense_num.h"
#include "sense_util.h"

/*
 * Two stage buffers: the writer fills the idle one, then flips the
 * index, so the handler always reads a complete string.
 */
static char stages[2][208];
static volatile sig_atomic_t stage_idx;
static char prefix[SENSE_NUM_LEN + 96];
static double deadline;

static void
put(const char *s)
{
	size_t n = strlen(s);

	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void
on_alarm(int sig)
{
	(void)sig;
	put(prefix);
	put(stages[stage_idx]);
	put("\n");
	_exit(3);
}

void
sense_timeout_stage(const char *stage)
{
	int next = !stage_idx;
	char *p;

	snprintf(stages[next], sizeof(stages[next]), "%s", stage);
	/*
	 * The stage names paths ("reading /srv/a|b/stat"): the message is
	 * one status line without perfdata, so no '|' and no newline.
	 */
	for (p = stages[next]; *p != '\0'; p++)
		if (*p == '|')
			*p = '/';
		else if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	stage_idx = next;
}

void
sense_timeout_arm(const char *name, double seconds)
{
	struct sigaction sa;
	struct itimerval it;
	char secs[SENSE_NUM_LEN];

	/* "0.000001 s" as given, not "1e-06 s": no scientific notation. */
	sense_num_exact(seconds, secs, sizeof(secs));
	snprintf(prefix, sizeof(prefix), "%s UNKNOWN - timed out after %s s "
	    "while ", name, secs);
	if (stages[stage_idx][0] == '\0')
		sense_timeout_stage("starting");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = (time_t)seconds;
	it.it_value.tv_usec = (suseconds_t)((seconds - (double)(time_t)seconds)
	    * 1e6);
	if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0)
		it.it_value.tv_usec = 1;
	setitimer(ITIMER_REAL, &it, NULL);
	deadline = sense_now_mono() + seconds;
}

double
sense_timeout_left(void)
{
	if (deadline == 0)
		return 1e9;
	return deadline - sense_now_mono();
}
