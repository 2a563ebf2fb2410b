/* sense_plugin -- common plugin options; see sense_plugin.h. */
#include "sense_plugin.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sense_history.h"
#include "sense_num.h"
#include "sense_statefile.h"

#define MAX_OPTS 64

enum {
	OPT_PROCFS = 1000,
	OPT_SYSFS,
	OPT_STATE_DIR,
	OPT_WINDOW,
	OPT_HISTORY_DIR
};

static const struct option common_opts[] = {
	{ "warning",	required_argument, NULL, 'w' },
	{ "critical",	required_argument, NULL, 'c' },
	{ "timeout",	required_argument, NULL, 't' },
	{ "verbose",	no_argument,	   NULL, 'v' },
	{ "help",	no_argument,	   NULL, 'h' },
	{ "version",	no_argument,	   NULL, 'V' },
	{ "procfs",	required_argument, NULL, OPT_PROCFS },
	{ "sysfs",	required_argument, NULL, OPT_SYSFS },
	{ "state-dir",	required_argument, NULL, OPT_STATE_DIR },
	{ "window",	required_argument, NULL, OPT_WINDOW },
	{ "history-dir", required_argument, NULL, OPT_HISTORY_DIR },
};

static void
usage_line(const struct sense_plugin *p, FILE *out)
{
	fprintf(out, "Usage: %s [-w RANGE] [-c RANGE] [-t SECONDS] [-v] "
	    "[--procfs DIR] [--sysfs DIR] [--state-dir DIR] [--window "
	    "DURATION] [--history-dir DIR]%s%s\n", p->prog,
	    p->synopsis != NULL ? " " : "",
	    p->synopsis != NULL ? p->synopsis : "");
}

static void
help(const struct sense_plugin *p)
{
	printf("%s %s -- part of sense\n\n", p->prog, SENSE_VERSION);
	usage_line(p, stdout);
	printf("\n"
"  -w, --warning RANGE    warning threshold (default %g)\n"
"  -c, --critical RANGE   critical threshold (default %g)\n"
"  -t, --timeout SECONDS  stop with UNKNOWN after this long (default %g)\n"
"  -v, --verbose          more detail on stderr (up to -vvv)\n"
"      --procfs DIR       read DIR instead of /proc\n"
"      --sysfs DIR        read DIR instead of /sys\n"
"      --state-dir DIR    keep the previous sample here (default\n"
"                         $SENSE_STATE_DIR or /dev/shm/sense-UID)\n"
"      --window DURATION  judge the average over DURATION (5m, 1h30m)\n"
"                         from sense-agent's RRD history, not now\n"
"      --history-dir DIR  that history (default $SENSE_HISTORY_DIR\n"
"                         or " SENSE_HISTORY_DIR ")\n"
"  -h, --help             this help\n"
"  -V, --version          the version\n",
	    SENSE_DEFAULT_WARN, SENSE_DEFAULT_CRIT, SENSE_DEFAULT_TIMEOUT);
	if (p->help != NULL)
		printf("%s", p->help);
	printf("\nRANGE is [@][START:]END as in the Nagios plugin guidelines:"
	    " alert when\nthe value is outside START..END (inside with @); "
	    "\"90\" means 0..90,\n\"~\" is minus infinity, \"N:\" has no "
	    "upper bound.\n");
}

static int
usage_error(const struct sense_plugin *p, const char *what, const char *arg,
    const char *why)
{
	printf("%s UNKNOWN - %s%s%s%s%s%s\n", p->name, what,
	    arg != NULL ? " '" : "", arg != NULL ? arg : "",
	    arg != NULL ? "'" : "", why != NULL ? ": " : "",
	    why != NULL ? why : "");
	usage_line(p, stdout);
	return 3;
}

int
sense_plugin_range(const char *arg, struct sense_range *r, const char **why)
{
	return sense_range_parse(arg, r, why);
}

static const char *
opt_name(const struct option *opts, int val, char *buf, size_t size)
{
	for (; opts->name != NULL; opts++)
		if (opts->val == val) {
			snprintf(buf, size, "--%s", opts->name);
			return buf;
		}
	snprintf(buf, size, "-%c", val);
	return buf;
}

/*
 * The reason for getopt's '?': an unknown short or long option, or a
 * long option without a value given one ("--per-cpu=yes").  For long
 * options optopt holds the option's value, which may be >= 256, so
 * the text comes from argv, never from optopt as a character.
 */
static void
bad_option(const char *arg, const struct option *opts, char *what,
    size_t size)
{
	char name[64];

	if (strncmp(arg, "--", 2) != 0) {
		snprintf(what, size, "unknown option -%c", optopt);
		return;
	}
	if (optopt == 0) {
		snprintf(what, size, "unknown option %.*s",
		    (int)strcspn(arg, "="), arg);
		return;
	}
	snprintf(what, size, "option %s takes no value",
	    opt_name(opts, optopt, name, sizeof(name)));
}

int
sense_plugin_parse(struct sense_plugin *p, int argc, char **argv,
    const struct option *extra, const char *extra_short, sense_opt_fn fn,
    void *ctx)
{
	struct option opts[MAX_OPTS];
	char shortopts[128], name[64], what[96];
	size_t n = 0, i;
	const char *why;
	int c;

	sense_range_upper(&p->warn, SENSE_DEFAULT_WARN);
	sense_range_upper(&p->crit, SENSE_DEFAULT_CRIT);
	p->timeout = SENSE_DEFAULT_TIMEOUT;
	p->verbose = 0;
	p->procfs = "/proc";
	p->sysfs = "/sys";
	p->state_dir = NULL;
	p->window = 0;
	p->history_dir = sense_history_default_dir();

	for (i = 0; i < sizeof(common_opts) / sizeof(common_opts[0]); i++)
		opts[n++] = common_opts[i];
	for (; extra != NULL && extra->name != NULL && n < MAX_OPTS - 1;
	    extra++)
		opts[n++] = *extra;
	memset(&opts[n], 0, sizeof(opts[n]));
	snprintf(shortopts, sizeof(shortopts), ":w:c:t:vhV%s",
	    extra_short != NULL ? extra_short : "");

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
		why = NULL;
		switch (c) {
		case 'w':
		case 'c':
			if (sense_range_parse(optarg, c == 'w' ? &p->warn :
			    &p->crit, &why) < 0) {
				snprintf(what, sizeof(what), "invalid %s",
				    c == 'w' ? "--warning" : "--critical");
				return usage_error(p, what, optarg, why);
			}
			*(c == 'w' ? &p->warn_given : &p->crit_given) = true;
			break;
		case 't':
			if (sense_num_parse(optarg, &p->timeout) < 0 ||
			    p->timeout <= 0 || p->timeout > 86400)
				return usage_error(p, "invalid --timeout",
				    optarg, "expected seconds, 0 < t <= "
				    "86400");
			break;
		case 'v':
			if (p->verbose < 3)
				p->verbose++;
			break;
		case 'h':
			help(p);
			return 0;
		case 'V':
			printf("%s %s\n", p->prog, SENSE_VERSION);
			return 0;
		case OPT_PROCFS:
		case OPT_SYSFS:
		case OPT_STATE_DIR:
			/* "" would mean "/" to every path join below. */
			if (*optarg == '\0') {
				snprintf(what, sizeof(what), "invalid %s",
				    opt_name(opts, c, name, sizeof(name)));
				return usage_error(p, what, optarg,
				    "expected a directory");
			}
			*(c == OPT_PROCFS ? &p->procfs : c == OPT_SYSFS ?
			    &p->sysfs : &p->state_dir) = optarg;
			break;
		case OPT_WINDOW:
			if (sense_history_duration(optarg, &p->window) < 0)
				return usage_error(p, "invalid --window",
				    optarg, "expected a duration such as "
				    "300, 5m, 1h30m");
			break;
		case OPT_HISTORY_DIR:
			p->history_dir = optarg;
			break;
		case ':':
			snprintf(what, sizeof(what), "option %s needs a value",
			    opt_name(opts, optopt, name, sizeof(name)));
			return usage_error(p, what, NULL, NULL);
		case '?':
			bad_option(argv[optind - 1], opts, what,
			    sizeof(what));
			return usage_error(p, what, NULL, NULL);
		default:
			if (fn == NULL || fn(ctx, c, optarg, &why) < 0) {
				snprintf(what, sizeof(what), "invalid %s",
				    opt_name(opts, c, name, sizeof(name)));
				return usage_error(p, what, optarg, why);
			}
			break;
		}
	}
	if (optind < argc)
		return usage_error(p, "unexpected argument", argv[optind],
		    NULL);
	/* Only the rate plugins look for the default (a stat and access). */
	if (p->state_dir == NULL && p->keeps_state)
		p->state_dir = sense_statefile_default_dir(p->state_dir_buf,
		    sizeof(p->state_dir_buf));
	return -1;
}

void
sense_verbose(const struct sense_plugin *p, int level, const char *fmt, ...)
{
	va_list ap;

	if (p->verbose < level)
		return;
	va_start(ap, fmt);
	fprintf(stderr, "%s: ", p->prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}
