/*
 * sense_conf -- loading sense.conf (libconfig) with errors that name
 * file:line, shared by sense-agent and sense-ticket.
 */
#ifndef SENSE_CONF_H
#define SENSE_CONF_H

#include <libconfig.h>
#include <stddef.h>

#define SENSE_CONF_DEFAULT "/etc/sense/sense.conf"

/*
 * Read path into cfg (initialised here; the caller destroys it with
 * config_destroy() on success and failure alike).  The top level may
 * hold only the known groups (thresholds, agent, history, tickets,
 * helpdesk).  Returns 0, or -1 with "file:line: reason" (or
 * "file: reason") in err.
 */
int	sense_conf_load(config_t *cfg, const char *path, char *err,
	    size_t errlen);

/*
 * Format "file:line: reason" for a setting that parsed but is wrong.
 * Returns -1 so callers can write `return sense_conf_error(...)`.
 */
int	sense_conf_error(const config_setting_t *s, char *err, size_t errlen,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
