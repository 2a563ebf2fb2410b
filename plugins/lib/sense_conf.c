/* sense_conf -- sense.conf loading; see sense_conf.h. */
#include "sense_conf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/*
 * Every part reads its own groups, so a misspelt group ("agnet") would
 * be nobody's and silently ignored: the file's top level is checked here,
 * once, for all of them.
 */
static const char *const known_groups[] = {
	"thresholds", "agent", "history", "tickets", "helpdesk", NULL
};

static int
check_top_level(config_t *cfg, char *err, size_t errlen)
{
	config_setting_t *root = config_root_setting(cfg), *s;
	const char *const *k;
	int i;

	for (i = 0; (s = config_setting_get_elem(root, (unsigned)i)) != NULL;
	    i++) {
		for (k = known_groups; *k != NULL; k++)
			if (s->name != NULL && strcmp(s->name, *k) == 0)
				break;
		if (*k == NULL)
			return sense_conf_error(s, err, errlen, "unknown "
			    "setting '%s' (the groups are thresholds, agent, "
			    "history, tickets, helpdesk)",
			    s->name ? s->name : "?");
		if (!config_setting_is_group(s))
			return sense_conf_error(s, err, errlen,
			    "'%s' must be a group: %s = { ... };", s->name,
			    s->name);
	}
	return 0;
}

int
sense_conf_load(config_t *cfg, const char *path, char *err, size_t errlen)
{
	config_init(cfg);
	if (config_read_file(cfg, path) == CONFIG_TRUE)
		return check_top_level(cfg, err, errlen);
	if (config_error_type(cfg) == CONFIG_ERR_FILE_IO)
		snprintf(err, errlen, "%s: cannot read: %s", path,
		    strerror(errno));
	else
		snprintf(err, errlen, "%s:%d: %s",
		    config_error_file(cfg) ? config_error_file(cfg) : path,
		    config_error_line(cfg), config_error_text(cfg));
	return -1;
}

int
sense_conf_error(const config_setting_t *s, char *err, size_t errlen,
    const char *fmt, ...)
{
	const char *file = config_setting_source_file(s);
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(err, errlen, "%s:%u: %s", file ? file : "sense.conf",
	    config_setting_source_line(s), msg);
	return -1;
}
