/*
 * sense-graph -- PNG graphs of sense-agent's RRD history with librrd's
 * graph API: one per item and period (hour, day, week), with the
 * warning and critical lines and the areas above them shaded, and an
 * overview of every item of the host per period.
 *
 * Items are the history files (sense_history.h): "cpu", "cpu/0", "mem",
 * "swap", "disk/var", "net/eth0"; by default every file found.  Each
 * picture is written as OUTDIR/<item, "/" as "_">-<period>.png and
 * OUTDIR/overview-<period>.png; one line per file goes to stdout:
 * "<file> <width>x<height>".  Item pictures are WIDTH x HEIGHT; the
 * overview is 16 pixels higher per two items, for its legend.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <rrd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sense_check.h"
#include "sense_history.h"
#include "sense_num.h"
#include "sense_plugin.h"
#include "sense_util.h"

#define APP		"sense-graph"
#define MAX_ARGS	256
#define OVERVIEW_LINE	16	/* pixels per legend line */

struct period {
	const char	*name;
	long		 secs;
};

static const struct period periods[] = {
	{ "hour", 3600 }, { "day", 86400 }, { "week", 7 * 86400 },
};

/* Line colours of the overview, in item order. */
static const char *const palette[] = {
	"1f77b4", "d62728", "2ca02c", "9467bd", "8c564b", "e377c2",
	"17becf", "bcbd22", "7f7f7f", "ff7f0e",
};

struct item {
	char	*id;		/* "disk/var" */
	char	*path;		/* the file */
	char	*label;		/* "disk /var" */
};

struct graph_conf {
	const char	*dir;
	const char	*out;
	const char	*host;
	unsigned	 width, height;
	double		 warn, crit;
	bool		 per[3];		/* periods wanted */
	bool		 overview;
	bool		 items_only;		/* -I: no overview */
	struct item	*items;
	size_t		 nitems;
};

static void
usage(FILE *out)
{
	fprintf(out,
"usage: " APP " [-d DIR] [-o OUTDIR] [-p PERIODS] [-W WIDTH] [-H HEIGHT]\n"
"                   [-w WARN] [-c CRIT] [-n HOST] [-I] [ITEM...]\n"
"  -d DIR      the history (default $SENSE_HISTORY_DIR or "
	    SENSE_HISTORY_DIR ")\n"
"  -o OUTDIR   where the PNG files go (default .)\n"
"  -p PERIODS  comma-separated: hour,day,week (default all three)\n"
"  -W, -H      image size in pixels (default 600x240)\n"
"  -w, -c      warning and critical lines in percent (default 70, 90)\n"
"  -n HOST     the host named in the titles (default this host)\n"
"  -I          items only, no overview\n"
"  ITEM        cpu, cpu/N, mem, swap, disk/MOUNT, net/IFNAME as the file\n"
"              names under DIR (default: every file there)\n");
}

/* ------------------------------------------------------------ items */

static void
items_free(struct graph_conf *g)
{
	size_t i;

	for (i = 0; i < g->nitems; i++) {
		free(g->items[i].id);
		free(g->items[i].path);
		free(g->items[i].label);
	}
	free(g->items);
	g->items = NULL;
	g->nitems = 0;
}

/* Undo sense_history_escape: "var-lib" -> "/var/lib". */
static void
unescape(const char *s, bool mount, struct sense_buf *b)
{
	if (mount && strcmp(s, "-") == 0) {
		sense_buf_append(b, "/", 1);
		return;
	}
	if (mount)
		sense_buf_append(b, "/", 1);
	for (; *s != '\0'; s++) {
		unsigned v;

		if (*s == '-' && mount)
			sense_buf_append(b, "/", 1);
		else if (*s == '%' && sscanf(s + 1, "%2x", &v) == 1) {
			char ch = (char)v;

			sense_buf_append(b, &ch, 1);
			s += 2;
		} else
			sense_buf_append(b, s, 1);
	}
}

static int
item_add(struct graph_conf *g, const char *id)
{
	struct item *it;
	struct sense_buf lb = { 0 };
	char rel[1024], path[4096];
	const char *slash = strchr(id, '/');

	if (snprintf(rel, sizeof(rel), "%s.rrd", id) >= (int)sizeof(rel) ||
	    sense_path(path, sizeof(path), g->dir, rel) == NULL)
		return -1;
	if (slash == NULL)
		sense_buf_printf(&lb, "%s", id);
	else {
		sense_buf_printf(&lb, "%s ", strncmp(id, "cpu/", 4) == 0 ?
		    "cpu" : strncmp(id, "disk/", 5) == 0 ? "disk" : "net");
		unescape(slash + 1, strncmp(id, "disk/", 5) == 0, &lb);
	}
	g->items = sense_xrealloc(g->items, (g->nitems + 1) *
	    sizeof(*g->items));
	it = &g->items[g->nitems++];
	it->id = sense_xstrdup(id);
	it->path = sense_xstrdup(path);
	it->label = lb.data;
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add the *.rrd files of DIR/sub (sub "" for the top), sorted. */
static void
scan(struct graph_conf *g, const char *sub)
{
	char dir[4096], id[1024];
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i, len;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s%s%s", g->dir, *sub ? "/" : "", sub);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".rrd") != 0)
			continue;
		names = sense_xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = sense_xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		len = strlen(names[i]) - 4;
		snprintf(id, sizeof(id), "%s%s%.*s", sub, *sub ? "/" : "",
		    (int)len, names[i]);
		item_add(g, id);
		free(names[i]);
	}
	free(names);
}

static void
scan_all(struct graph_conf *g)
{
	static const char *const order[] = { "cpu", "cpu/", "mem", "swap",
		"disk/", "net/" };
	char id[16];
	size_t i, len;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		len = strlen(order[i]);
		if (order[i][len - 1] == '/') {
			snprintf(id, sizeof(id), "%.*s", (int)len - 1,
			    order[i]);
			scan(g, id);
			continue;
		}
		snprintf(id, sizeof(id), "%s", order[i]);
		char rel[32], path[4096];

		snprintf(rel, sizeof(rel), "%s.rrd", id);
		if (sense_path(path, sizeof(path), g->dir, rel) != NULL &&
		    access(path, R_OK) == 0)
			item_add(g, id);
	}
}

/* ------------------------------------------------------------ drawing */

struct args {
	char	*v[MAX_ARGS];
	int	 n;
};

static void
arg(struct args *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
arg(struct args *a, const char *fmt, ...)
{
	struct sense_buf b = { 0 };
	va_list ap;

	if (a->n >= MAX_ARGS - 1)
		return;
	va_start(ap, fmt);
	sense_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	a->v[a->n++] = b.data;
}

static void
args_free(struct args *a)
{
	int i;

	for (i = 0; i < a->n; i++)
		free(a->v[i]);
	a->n = 0;
}

/* A file name for a DEF: ':' is rrdtool's separator. */
static void
def_path(const char *path, struct sense_buf *b)
{
	for (; *path != '\0'; path++) {
		if (*path == ':' || *path == '\\')
			sense_buf_append(b, "\\", 1);
		sense_buf_append(b, path, 1);
	}
}

/* The common head: size, period, scale, title. */
static void
head(const struct graph_conf *g, struct args *a, const char *file,
    const struct period *p, const char *title, unsigned height)
{
	arg(a, "graph");
	arg(a, "%s", file);
	arg(a, "--imgformat=PNG");
	arg(a, "--full-size-mode");
	arg(a, "--width=%u", g->width);
	arg(a, "--height=%u", height);
	arg(a, "--start=end-%ld", p->secs);
	arg(a, "--end=now");
	arg(a, "--lower-limit=0");
	arg(a, "--upper-limit=100");
	arg(a, "--vertical-label=percent");
	arg(a, "--title=%s: %s, last %s", g->host, title, p->name);
}

/*
 * The shaded warning band (warn..crit) and critical band (crit..100),
 * built on the first DEF v0, and the two threshold lines.
 */
static void
bands(const struct graph_conf *g, struct args *a)
{
	char w[32], c[32], wc[32], cc[32];

	sense_num_format(g->warn, w, sizeof(w));
	sense_num_format(g->crit, c, sizeof(c));
	sense_num_format(g->crit - g->warn, wc, sizeof(wc));
	sense_num_format(g->crit < 100 ? 100 - g->crit : 0, cc, sizeof(cc));
	arg(a, "CDEF:base=v0,UN,%s,%s,IF", w, w);
	arg(a, "CDEF:wband=v0,UN,%s,%s,IF", wc, wc);
	arg(a, "CDEF:cband=v0,UN,%s,%s,IF", cc, cc);
	arg(a, "AREA:base#00000000");
	arg(a, "AREA:wband#FFE9A8::STACK");
	arg(a, "AREA:cband#F6B8B8::STACK");
	arg(a, "HRULE:%s#E09000:warning %s%%", w, w);
	arg(a, "HRULE:%s#C00000:critical %s%%\\n", c, c);
}

/* Draw, then print "file WxH"; 0 or -1. */
static int
draw(struct args *a, const char *file)
{
	rrd_info_t *info, *i;
	long w = 0, h = 0;

	rrd_clear_error();
	info = rrd_graph_v(a->n, a->v);
	if (info == NULL) {
		fprintf(stderr, APP ": %s: %s\n", file, rrd_get_error());
		return -1;
	}
	for (i = info; i != NULL; i = i->next) {
		if (strcmp(i->key, "image_width") == 0)
			w = (long)i->value.u_cnt;
		else if (strcmp(i->key, "image_height") == 0)
			h = (long)i->value.u_cnt;
	}
	rrd_info_free(info);
	printf("%s %ldx%ld\n", file, w, h);
	return 0;
}

static int
draw_item(const struct graph_conf *g, const struct item *it,
    const struct period *p)
{
	struct args a = { { 0 }, 0 };
	struct sense_buf def = { 0 }, file = { 0 };
	char *s;
	int rc;

	sense_buf_printf(&file, "%s/%s-%s.png", g->out, it->id, p->name);
	for (s = file.data + strlen(g->out) + 1; *s != '\0'; s++)
		if (*s == '/')
			*s = '_';
	def_path(it->path, &def);
	head(g, &a, file.data, p, it->label, g->height);
	arg(&a, "DEF:v0=%s:pct:AVERAGE", def.data);
	bands(g, &a);
	arg(&a, "LINE2:v0#1f4e9c:%-24.24s", it->label);
	arg(&a, "GPRINT:v0:LAST:now %%6.2lf%%%%");
	arg(&a, "GPRINT:v0:AVERAGE:avg %%6.2lf%%%%");
	arg(&a, "GPRINT:v0:MAX:max %%6.2lf%%%%\\n");
	rc = draw(&a, file.data);
	args_free(&a);
	sense_buf_free(&def);
	sense_buf_free(&file);
	return rc;
}

static int
draw_overview(const struct graph_conf *g, const struct period *p)
{
	struct args a = { { 0 }, 0 };
	struct sense_buf file = { 0 };
	size_t i;
	int rc;

	sense_buf_printf(&file, "%s/overview-%s.png", g->out, p->name);
	/* The legend grows by a line per two items; the plot keeps its. */
	head(g, &a, file.data, p, "all items", g->height +
	    OVERVIEW_LINE * (unsigned)((g->nitems + 1) / 2));
	for (i = 0; i < g->nitems && a.n < MAX_ARGS - 40; i++) {
		struct sense_buf def = { 0 };

		def_path(g->items[i].path, &def);
		arg(&a, "DEF:v%zu=%s:pct:AVERAGE", i, def.data);
		sense_buf_free(&def);
	}
	bands(g, &a);
	for (i = 0; i < g->nitems && a.n < MAX_ARGS - 4; i++) {
		arg(&a, "LINE1:v%zu#%s:%-22.22s", i,
		    palette[i % (sizeof(palette) / sizeof(palette[0]))],
		    g->items[i].label);
		arg(&a, "GPRINT:v%zu:LAST:%%6.2lf%%%%%s", i,
		    i % 2 == 1 ? "\\n" : "");
	}
	rc = draw(&a, file.data);
	args_free(&a);
	sense_buf_free(&file);
	return rc;
}

/* ------------------------------------------------------------ main */

static int
parse_periods(struct graph_conf *g, const char *s)
{
	char buf[128], *tok, *save = NULL;
	size_t i;

	if (snprintf(buf, sizeof(buf), "%s", s) >= (int)sizeof(buf))
		return -1;
	memset(g->per, 0, sizeof(g->per));
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < 3; i++)
			if (strcmp(tok, periods[i].name) == 0)
				break;
		if (i == 3)
			return -1;
		g->per[i] = true;
	}
	return 0;
}

static int
parse_size(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
	uint64_t v;

	if (sense_num_parse_u64(s, &v) < 0 || v < lo || v > hi)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* Parse argv into *g; -1 to go on, else the exit code. */
static int
parse_args(struct graph_conf *g, int argc, char **argv)
{
	int c;

	while ((c = getopt(argc, argv, "d:o:p:W:H:w:c:n:Ih")) != -1) {
		switch (c) {
		case 'd': g->dir = optarg; break;
		case 'o': g->out = optarg; break;
		case 'n': g->host = optarg; break;
		case 'I': g->items_only = true; break;
		case 'p':
			if (parse_periods(g, optarg) < 0)
				goto bad;
			break;
		case 'W':
			if (parse_size(optarg, 200, 4000, &g->width) < 0)
				goto bad;
			break;
		case 'H':
			if (parse_size(optarg, 100, 4000, &g->height) < 0)
				goto bad;
			break;
		case 'w':
		case 'c':
			if (sense_num_parse(optarg, c == 'w' ? &g->warn :
			    &g->crit) < 0)
				goto bad;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (g->warn < 0 || g->crit < g->warn || g->crit > 100) {
		fprintf(stderr, APP ": need 0 <= warning <= critical <= 100\n");
		return 2;
	}
	return -1;
bad:
	fprintf(stderr, APP ": invalid -%c '%s'\n", c, optarg);
	usage(stderr);
	return 2;
}

int
main(int argc, char **argv)
{
	struct graph_conf g;
	char host[256];
	size_t i, k;
	int rc, failed = 0;

	memset(&g, 0, sizeof(g));
	g.dir = sense_history_default_dir();
	g.out = ".";
	g.width = 600;
	g.height = 240;
	g.warn = SENSE_DEFAULT_WARN;
	g.crit = SENSE_DEFAULT_CRIT;
	g.per[0] = g.per[1] = g.per[2] = true;
	if (gethostname(host, sizeof(host)) < 0)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	g.host = host;
	if ((rc = parse_args(&g, argc, argv)) >= 0)
		return rc;
	if (optind < argc)
		for (i = (size_t)optind; i < (size_t)argc; i++)
			item_add(&g, argv[i]);
	else
		scan_all(&g);
	if (g.nitems == 0) {
		fprintf(stderr, APP ": no history files in %s\n", g.dir);
		return 1;
	}
	if (mkdir(g.out, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, APP ": %s: %s\n", g.out, strerror(errno));
		items_free(&g);
		return 1;
	}
	for (k = 0; k < 3; k++) {
		if (!g.per[k])
			continue;
		for (i = 0; i < g.nitems; i++)
			failed += draw_item(&g, &g.items[i], &periods[k]) < 0;
		if (!g.items_only)
			failed += draw_overview(&g, &periods[k]) < 0;
	}
	items_free(&g);
	return failed > 0 ? 1 : 0;
}
