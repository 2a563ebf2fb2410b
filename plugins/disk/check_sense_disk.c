/*
 * check_sense_disk -- filesystem space and inode utilization (Nagios
 * plugin).
 *
 * options -> config -> measure (mountinfo, selection, bounded statvfs:
 * sense_disk) -> judge each filesystem (space against -w/-c, inodes
 * against --inode-warning/--inode-critical) -> print -> exit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sense_check.h"
#include "sense_history.h"
#include "sense_disk.h"
#include "sense_num.h"
#include "sense_plugin.h"
#include "sense_timeout.h"
#include "sense_util.h"

enum {
	OPT_INODE_WARNING = 'W',
	OPT_INODE_CRITICAL = 'K',
	OPT_PATH = 'p',
	OPT_XPATH = 'x',
	OPT_ITYPE = 'N',
	OPT_XTYPE = 'X',
	OPT_REGEX = 'r',
	OPT_XREGEX = 'R'
};

struct disk_conf {
	struct sense_plugin	p;
	struct sense_disk_sel	sel;
	struct sense_range	iwarn;		/* default 70 */
	struct sense_range	icrit;		/* default 90 */
};

/* One filesystem's verdict, for the status line and long output. */
struct row {
	const struct sense_disk_fs	*fs;
	size_t				 order;		/* mountinfo order */
	enum sense_state		 state;
	char				 what[256];	/* "89.47% used" */
};

static const struct option disk_opts[] = {
	{ "path",		required_argument, NULL, OPT_PATH },
	{ "exclude-path",	required_argument, NULL, OPT_XPATH },
	{ "include-type",	required_argument, NULL, OPT_ITYPE },
	{ "exclude-type",	required_argument, NULL, OPT_XTYPE },
	{ "regex",		required_argument, NULL, OPT_REGEX },
	{ "exclude-regex",	required_argument, NULL, OPT_XREGEX },
	{ "inode-warning",	required_argument, NULL, OPT_INODE_WARNING },
	{ "inode-critical",	required_argument, NULL, OPT_INODE_CRITICAL },
	{ NULL, 0, NULL, 0 }
};

static const char disk_help[] =
"  -p, --path PATH            check the filesystem holding PATH (a mount\n"
"                             point, a device or any path below a mount\n"
"                             point), whatever its type; repeatable\n"
"  -x, --exclude-path PATH    skip this mount point; repeatable\n"
"  -N, --include-type TYPE    check only these types (also pseudo ones\n"
"                             such as tmpfs); repeatable, comma lists\n"
"  -X, --exclude-type TYPE    never check (nor statvfs) these types\n"
"  -r, --regex ERE            check mount points matching ERE\n"
"  -R, --exclude-regex ERE    skip mount points matching ERE\n"
"  -W, --inode-warning RANGE  inode warning threshold (default 70)\n"
"  -K, --inode-critical RANGE inode critical threshold (default 90)\n"
"  -vv                        also list every mount and why it is or is\n"
"                             not checked (on stderr)\n"
"\nWithout -p or -r every real filesystem is checked: pseudo and image\n"
"types (proc, sysfs, cgroup, devtmpfs, tmpfs, squashfs, iso9660,\n"
"overlay unless it is /, ...) are skipped.  An explicit -p path is\n"
"always checked.  Mounts of one device count once.  TYPE \"fuse\"\n"
"matches every \"fuse.*\" type.  Used % is used / (used + available),\n"
"as df computes it; -w/-c apply to it, and perfdata gives used bytes\n"
"with the thresholds in bytes of that same base.\n";

static int
add_list(struct disk_conf *cf, enum sense_disk_list which, const char *arg,
    const char **why)
{
	char *copy, *tok, *save = NULL;
	size_t added = 0;
	int rc = 0;

	if (which != SENSE_DISK_ITYPE && which != SENSE_DISK_XTYPE)
		return sense_disk_sel_add(&cf->sel, which, arg, why);
	copy = sense_xstrdup(arg);
	for (tok = strtok_r(copy, ",", &save); tok != NULL && rc == 0;
	    tok = strtok_r(NULL, ",", &save), added++)
		rc = sense_disk_sel_add(&cf->sel, which, tok, why);
	if (rc == 0 && added == 0) {
		*why = "empty type list";
		rc = -1;
	}
	free(copy);
	return rc;
}

static int
on_option(void *ctx, int opt, const char *arg, const char **why)
{
	struct disk_conf *cf = ctx;

	switch (opt) {
	case OPT_INODE_WARNING:
		return sense_plugin_range(arg, &cf->iwarn, why);
	case OPT_INODE_CRITICAL:
		return sense_plugin_range(arg, &cf->icrit, why);
	case OPT_PATH:
		return add_list(cf, SENSE_DISK_PATH, arg, why);
	case OPT_XPATH:
		return add_list(cf, SENSE_DISK_XPATH, arg, why);
	case OPT_ITYPE:
		return add_list(cf, SENSE_DISK_ITYPE, arg, why);
	case OPT_XTYPE:
		return add_list(cf, SENSE_DISK_XTYPE, arg, why);
	case OPT_REGEX:
		return add_list(cf, SENSE_DISK_REGEX, arg, why);
	case OPT_XREGEX:
		return add_list(cf, SENSE_DISK_XREGEX, arg, why);
	}
	return -1;
}

/* Judge one measured filesystem and add its perfdata. */
static void
judge_measured(const struct disk_conf *cf, struct row *r,
    struct sense_check *c)
{
	const struct sense_disk_fig *f = &r->fs->fig;
	struct sense_range bw, bc;
	enum sense_state ss, is = SENSE_OK;
	char label[4200], a[32], b[32];
	size_t n;

	ss = sense_judge(f->used_pct, &cf->p.warn, &cf->p.crit);
	if (f->has_inodes)
		is = sense_judge(f->inode_pct, &cf->iwarn, &cf->icrit);
	r->state = sense_disk_judge(f, &cf->p.warn, &cf->p.crit, &cf->iwarn,
	    &cf->icrit);
	/* Name the figures that alert; the fullest one when none does. */
	n = 0;
	if (ss != SENSE_OK || is == SENSE_OK)
		n += (size_t)snprintf(r->what, sizeof(r->what), "%s%% used",
		    sense_num_pct(f->used_pct, a, sizeof(a)));
	if (n >= sizeof(r->what))
		n = sizeof(r->what) - 1;
	if (is != SENSE_OK)
		snprintf(r->what + n, sizeof(r->what) - n, "%sinodes %s%% used",
		    n > 0 ? ", " : "",
		    sense_num_pct(f->inode_pct, b, sizeof(b)));

	bw = sense_disk_byte_range(&cf->p.warn, f->base);
	bc = sense_disk_byte_range(&cf->p.crit, f->base);
	/*
	 * Nothing used and nothing available (all free blocks reserved):
	 * 100% has no byte equivalent, so no byte thresholds are claimed.
	 */
	sense_check_perf(c, r->fs->point, (double)f->used, "B",
	    f->base > 0 ? &bw : NULL, f->base > 0 ? &bc : NULL, 0,
	    (double)f->size);
	if (f->has_inodes) {
		snprintf(label, sizeof(label), "%s inodes", r->fs->point);
		sense_check_perf(c, label, f->inode_pct, "%", &cf->iwarn,
		    &cf->icrit, 0, 100);
	}
}

/* Judge one filesystem: state, summary text, perfdata. */
static void
judge(const struct disk_conf *cf, double budget, struct row *r,
    struct sense_check *c)
{
	const struct sense_disk_fs *fs = r->fs;
	char t[32];

	r->state = SENSE_OK;
	switch (fs->status) {
	case SENSE_DISK_MEASURED:
		judge_measured(cf, r, c);
		break;
	case SENSE_DISK_NOSIZE:
		snprintf(r->what, sizeof(r->what), "no size (0 blocks), "
		    "not judged");
		break;
	case SENSE_DISK_HUNG:
		sense_num_fixed(budget, 2, t, sizeof(t));
		r->state = SENSE_UNKNOWN;
		snprintf(r->what, sizeof(r->what), "statvfs hung (no answer "
		    "within %s s)", t);
		break;
	case SENSE_DISK_NOTRUN:
		r->state = SENSE_UNKNOWN;
		snprintf(r->what, sizeof(r->what), "not measured (every "
		    "statvfs child was stuck)");
		break;
	case SENSE_DISK_ERROR:
		/*
		 * A mount that vanished or that we may not enter is only
		 * worth an alert when it was asked for by name.
		 */
		if (fs->explicit || (fs->err != ENOENT && fs->err != EACCES))
			r->state = SENSE_UNKNOWN;
		snprintf(r->what, sizeof(r->what), "statvfs failed: %s%s",
		    strerror(fs->err), r->state == SENSE_OK ?
		    ", not judged" : "");
		break;
	}
	sense_check_raise(c, r->state);
}

static int
by_severity(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->state != y->state)
		return sense_state_severity(y->state) -
		    sense_state_severity(x->state);
	if (x->fs->status == SENSE_DISK_MEASURED &&
	    y->fs->status == SENSE_DISK_MEASURED &&
	    x->fs->fig.used_pct != y->fs->fig.used_pct)
		return x->fs->fig.used_pct < y->fs->fig.used_pct ? 1 : -1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void
long_line(const struct row *r, struct sense_check *c)
{
	const struct sense_disk_fs *fs = r->fs;
	const struct sense_disk_fig *f = &fs->fig;
	char a[32], b[32], s[32], z[32], i[64];

	if (fs->status != SENSE_DISK_MEASURED) {
		sense_check_long(c, "%s (%s, %s): %s, %s", fs->point,
		    fs->fstype, fs->source, sense_state_name(r->state),
		    r->what);
		return;
	}
	i[0] = '\0';
	if (f->has_inodes) {
		sense_num_pct(f->inode_pct, a, sizeof(a));
		snprintf(i, sizeof(i), ", inodes %s%% used", a);
	}
	sense_check_long(c, "%s (%s, %s): %s, %s%% used, %s used, %s "
	    "available, size %s%s", fs->point, fs->fstype, fs->source,
	    sense_state_name(r->state),
	    sense_num_pct(f->used_pct, s, sizeof(s)),
	    sense_num_bytes(f->used, a, sizeof(a)),
	    sense_num_bytes(f->avail, b, sizeof(b)),
	    sense_num_bytes(f->size, z, sizeof(z)), i);
}

static void
report(const struct disk_conf *cf, const struct sense_disk_set *set,
    double budget, struct sense_check *c)
{
	struct row *rows = sense_xcalloc(set->n + 1, sizeof(*rows));
	const struct row *fullest = NULL;
	size_t i, bad = 0;

	for (i = 0; i < set->n; i++) {
		rows[i].fs = &set->v[i];
		rows[i].order = i;
		judge(cf, budget, &rows[i], c);
		long_line(&rows[i], c);
		sense_verbose(&cf->p, 1, "%s: frsize %llu blocks %llu bfree "
		    "%llu bavail %llu files %llu ffree %llu", set->v[i].point,
		    (unsigned long long)set->v[i].sv.frsize,
		    (unsigned long long)set->v[i].sv.blocks,
		    (unsigned long long)set->v[i].sv.bfree,
		    (unsigned long long)set->v[i].sv.bavail,
		    (unsigned long long)set->v[i].sv.files,
		    (unsigned long long)set->v[i].sv.ffree);
	}
	qsort(rows, set->n, sizeof(*rows), by_severity);
	for (i = 0; i < set->n; i++) {
		if (rows[i].state == SENSE_OK) {
			if (fullest == NULL &&
			    rows[i].fs->status == SENSE_DISK_MEASURED)
				fullest = &rows[i];
			continue;
		}
		sense_check_summary(c, "%s%s %s", bad > 0 ? ", " : "",
		    rows[i].fs->point, rows[i].what);
		bad++;
	}
	if (bad > 0)
		sense_check_summary(c, "; %zu filesystem%s checked", set->n,
		    set->n == 1 ? "" : "s");
	else if (set->n == 1 && fullest != NULL)
		sense_check_summary(c, "%s %s", fullest->fs->point,
		    fullest->what);
	else if (fullest != NULL)
		sense_check_summary(c, "%zu filesystems, fullest %s %s",
		    set->n, fullest->fs->point, fullest->what);
	else
		sense_check_summary(c, "%zu filesystem%s, none measurable",
		    set->n, set->n == 1 ? "" : "s");
	free(rows);
}

/*
 * --window: each filesystem judged on its used % (and inode %, where it
 * has inodes) averaged from the history instead of statvfs now.
 */
static void
report_window(const struct disk_conf *cf, const struct sense_disk_set *set,
    struct sense_check *c)
{
	char text[4200];
	size_t i;

	for (i = 0; i < set->n; i++) {
		const struct sense_disk_fs *fs = &set->v[i];
		struct sense_history_item it = { fs->point, fs->point,
		    SENSE_HIST_DISK, fs->point, "pct", &cf->p.warn,
		    &cf->p.crit };

		if (fs->status == SENSE_DISK_NOSIZE)
			continue;
		sense_history_check(&cf->p, c, &it);
		if (fs->status != SENSE_DISK_MEASURED || !fs->fig.has_inodes)
			continue;
		snprintf(text, sizeof(text), "%s inodes", fs->point);
		it.text = it.perf = text;
		it.ds = "ipct";
		it.warn = &cf->iwarn;
		it.crit = &cf->icrit;
		sense_history_check(&cf->p, c, &it);
	}
}

/* -vv: every mount and why it is or is not checked, on stderr. */
static void
explain(const struct disk_conf *cf)
{
	struct sense_mounts m;
	struct sense_disk_pick *picks = NULL;
	const char **why;
	char err[4200];
	size_t i;

	if (cf->p.verbose < 2 ||
	    sense_mounts_read(cf->p.procfs, &m, err, sizeof(err)) < 0)
		return;
	why = sense_xcalloc(m.n + 1, sizeof(*why));
	if (sense_disk_select_why(&m, &cf->sel, &picks, why, err,
	    sizeof(err)) >= 0)
		for (i = 0; i < m.n; i++)
			sense_verbose(&cf->p, 2, "%s (%s, %u:%u): %s",
			    m.v[i].point, m.v[i].fstype, m.v[i].major,
			    m.v[i].minor, why[i]);
	free(picks);
	free(why);
	sense_mounts_free(&m);
}

static void
stage_cb(const char *s)
{
	sense_timeout_stage(s);
}

/*
 * The statvfs calls get what is left of -t minus a margin for printing,
 * so a hung one is reported by us, naming its mount, before the
 * deadline's bare message.
 */
static double
statvfs_budget(void)
{
	double left = sense_timeout_left(), margin = left * 0.2;

	if (margin > 0.5)
		margin = 0.5;
	return left - margin > 0.01 ? left - margin : 0.01;
}

int
main(int argc, char **argv)
{
	struct disk_conf cf;
	struct sense_disk_set set;
	struct sense_check check;
	char stage[4200], err[4200];
	double budget;
	int rc;

	memset(&cf, 0, sizeof(cf));
	memset(&set, 0, sizeof(set));
	cf.p.prog = "check_sense_disk";
	cf.p.name = "DISK";
	cf.p.synopsis = "[-p PATH]... [-x PATH]... [-N TYPE]... [-X TYPE]... "
	    "[-r ERE]... [-R ERE]... [-W RANGE] [-K RANGE]";
	cf.p.help = disk_help;
	sense_disk_sel_init(&cf.sel);
	sense_range_upper(&cf.iwarn, SENSE_DEFAULT_WARN);
	sense_range_upper(&cf.icrit, SENSE_DEFAULT_CRIT);
	rc = sense_plugin_parse(&cf.p, argc, argv, disk_opts,
	    "p:x:N:X:r:R:W:K:", on_option, &cf);
	if (rc >= 0)
		goto out;
	sense_timeout_arm(cf.p.name, cf.p.timeout);
	sense_check_init(&check, cf.p.name);
	snprintf(stage, sizeof(stage), "reading %s/self/mountinfo",
	    cf.p.procfs);
	sense_timeout_stage(stage);
	explain(&cf);
	budget = statvfs_budget();
	if (sense_disk_measure(cf.p.procfs, &cf.sel, budget, stage_cb, &set,
	    err, sizeof(err)) < 0) {
		sense_check_raise(&check, SENSE_UNKNOWN);
		sense_check_summary(&check, "%s", err);
	} else if (set.n == 0) {
		sense_check_raise(&check, SENSE_UNKNOWN);
		sense_check_summary(&check, "no filesystem selected");
	} else if (cf.p.window > 0) {
		report_window(&cf, &set, &check);
	} else {
		report(&cf, &set, budget, &check);
	}
	sense_timeout_stage("printing");
	rc = sense_check_finish(&check, stdout);
	sense_check_free(&check);
out:
	sense_disk_set_free(&set);
	sense_disk_sel_free(&cf.sel);
	return rc;
}
