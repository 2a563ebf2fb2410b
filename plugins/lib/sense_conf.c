/* sense_conf -- sense.conf loading; see sense_conf.h. */
#include "sense_conf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int
sense_conf_load(config_t *cfg, const char *path, char *err, size_t errlen)
{
	config_init(cfg);
	if (config_read_file(cfg, path) == CONFIG_TRUE)
		return 0;
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
