/* sense.conf loading: syntax and top-level errors name file:line. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sense_conf.h"
#include "../lib/tap.h"

static int
load(const char *path, const char *text, char *err, size_t errlen)
{
	config_t cfg;
	FILE *f = fopen(path, "w");
	int rc;

	fputs(text, f);
	fclose(f);
	err[0] = '\0';
	rc = sense_conf_load(&cfg, path, err, errlen);
	config_destroy(&cfg);
	return rc;
}

int
main(void)
{
	char dir[] = "/tmp/sense-test-conf.XXXXXX", path[256], want[512];
	char err[512];
	config_t cfg;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/sense.conf", dir);

	TAP_IS_INT(load(path, "thresholds = { warning = \"70\"; };\n"
	    "agent = { interval = 10; };\ntickets = {};\nhistory = {};\n"
	    "helpdesk = {};\n", err, sizeof(err)), 0, "every known group");
	TAP_IS_INT(load(path, "", err, sizeof(err)), 0, "an empty file");

	TAP_IS_INT(load(path, "agent = {};\n\nagnet = { interval = 10; };\n",
	    err, sizeof(err)), -1, "a misspelt group is refused");
	snprintf(want, sizeof(want), "%s:3: unknown setting 'agnet' (the "
	    "groups are thresholds, agent, history, tickets, helpdesk)", path);
	TAP_IS_STR(err, want, "... naming file:line and the known groups");

	TAP_IS_INT(load(path, "agent = 5;\n", err, sizeof(err)), -1,
	    "a group that is a scalar is refused");
	snprintf(want, sizeof(want), "%s:1: 'agent' must be a group: "
	    "agent = { ... };", path);
	TAP_IS_STR(err, want, "... naming file:line");

	TAP_IS_INT(load(path, "agent = {\n interval = ;\n};\n", err,
	    sizeof(err)), -1, "a syntax error is refused");
	snprintf(want, sizeof(want), "%s:2: ", path);
	tap_ok(strncmp(err, want, strlen(want)) == 0,
	    "... naming file:line (%s)", err);

	unlink(path);
	snprintf(path, sizeof(path), "%s/missing.conf", dir);
	tap_ok(sense_conf_load(&cfg, path, err, sizeof(err)) < 0 &&
	    strstr(err, "missing.conf: cannot read") != NULL,
	    "a missing file is named (%s)", err);
	config_destroy(&cfg);
	rmdir(dir);
	return tap_done();
}
