/*
 * sense_timeout -- the plugin's hard deadline.
 *
 * sense_timeout_arm() starts a one-shot timer.  When it fires, the
 * signal handler writes "NAME UNKNOWN - timed out after N s while
 * STAGE" to stdout and _exit()s with 3; nothing else runs.  The plugin
 * names its current stage with sense_timeout_stage() so the message says
 * what hung ("reading /proc/stat", "statvfs /mnt/nas").
 */
#ifndef SENSE_TIMEOUT_H
#define SENSE_TIMEOUT_H

/* Arm the deadline (seconds > 0); name is the check name ("DISK"). */
void	sense_timeout_arm(const char *name, double seconds);

/*
 * Name the stage now running.  The text is copied (truncated at 200
 * bytes; '|' becomes '/' and control characters blanks, as the message
 * is one status line), so the caller may pass a temporary buffer.
 */
void	sense_timeout_stage(const char *stage);

/* Seconds left before the deadline (a large number when not armed). */
double	sense_timeout_left(void);

#endif
