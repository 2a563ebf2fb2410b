/* sense_disk -- filesystem selection and figures; see sense_disk.h. */
#include "sense_disk.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sense_util.h"

/* ------------------------------------------------------------ mounts */

/*
 * Decode the kernel's octal escapes (\040 space, \011 tab, \012
 * newline, \134 backslash) of one mountinfo field, n bytes at s.  \000
 * (which the kernel never writes) stays as text: a NUL would cut the
 * name short and make it another path.
 */
static char *
decode(const char *s, size_t n)
{
	char *out = sense_xmalloc(n + 1), *o = out;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 3 < n &&
		    s[i + 1] >= '0' && s[i + 1] <= '3' &&
		    s[i + 2] >= '0' && s[i + 2] <= '7' &&
		    s[i + 3] >= '0' && s[i + 3] <= '7' &&
		    strncmp(s + i + 1, "000", 3) != 0) {
			*o++ = (char)((s[i + 1] - '0') * 64 +
			    (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
			i += 3;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

#define MAX_FIELDS 64

/* Split line (len bytes, no newline) at single spaces. */
static size_t
split(const char *line, size_t len, const char **f, size_t *fl)
{
	size_t nf = 0, i = 0, start = 0;

	for (i = 0; i <= len && nf < MAX_FIELDS; i++) {
		if (i == len || line[i] == ' ') {
			f[nf] = line + start;
			fl[nf++] = i - start;
			start = i + 1;
		}
	}
	return nf;
}

static int
parse_int(const char *s, size_t n, long long max, long long *out)
{
	long long v = 0;
	size_t i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
		if (v > max)
			return -1;
	}
	*out = v;
	return 0;
}

/* One mountinfo line into *e; -1 when malformed. */
static int
parse_line(const char *line, size_t len, struct sense_mount *e)
{
	const char *f[MAX_FIELDS], *colon;
	size_t fl[MAX_FIELDS], nf, sep;
	long long id, parent, major, minor;

	nf = split(line, len, f, fl);
	/* id parent maj:min root point opts [optional...] - type source */
	if (nf < 8)
		return -1;
	for (sep = 6; sep < nf; sep++)
		if (fl[sep] == 1 && f[sep][0] == '-')
			break;
	if (sep + 1 >= nf)
		return -1;
	colon = memchr(f[2], ':', fl[2]);
	if (colon == NULL ||
	    parse_int(f[0], fl[0], 0x7fffffff, &id) < 0 ||
	    parse_int(f[1], fl[1], 0x7fffffff, &parent) < 0 ||
	    parse_int(f[2], (size_t)(colon - f[2]), 0xffffffffLL,
	    &major) < 0 ||
	    parse_int(colon + 1, fl[2] - (size_t)(colon - f[2]) - 1,
	    0xffffffffLL, &minor) < 0 ||
	    fl[3] == 0 || fl[4] == 0 || fl[sep + 1] == 0)
		return -1;
	/*
	 * The kernel writes absolute points; a relative one would be
	 * statvfs'd from our working directory.
	 */
	if (f[4][0] != '/')
		return -1;
	e->id = (int)id;
	e->parent = (int)parent;
	e->major = (unsigned)major;
	e->minor = (unsigned)minor;
	e->root = decode(f[3], fl[3]);
	e->point = decode(f[4], fl[4]);
	e->fstype = decode(f[sep + 1], fl[sep + 1]);
	e->source = sep + 2 < nf ? decode(f[sep + 2], fl[sep + 2]) :
	    sense_xstrdup("");
	return 0;
}

int
sense_mounts_parse(const char *text, struct sense_mounts *m, size_t *bad)
{
	const char *p = text, *nl;
	size_t cap = 0, nbad = 0, len;

	memset(m, 0, sizeof(*m));
	while (*p != '\0') {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (len > 0) {
			if (m->n == cap) {
				cap = cap ? cap * 2 : 32;
				m->v = sense_xrealloc(m->v,
				    cap * sizeof(*m->v));
			}
			memset(&m->v[m->n], 0, sizeof(m->v[m->n]));
			if (parse_line(p, len, &m->v[m->n]) == 0)
				m->n++;
			else
				nbad++;
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	if (bad != NULL)
		*bad = nbad;
	return 0;
}

int
sense_mounts_read(const char *procfs, struct sense_mounts *m, char *err,
    size_t errlen)
{
	char path[4096], *text;
	size_t len;

	memset(m, 0, sizeof(*m));
	if (sense_path(path, sizeof(path), procfs, "self/mountinfo") == NULL) {
		snprintf(err, errlen, "procfs path too long");
		return -1;
	}
	text = sense_read_file(path, 0, &len);
	if (text == NULL) {
		snprintf(err, errlen, "cannot read %s: %s", path,
		    strerror(errno));
		return -1;
	}
	sense_mounts_parse(text, m, NULL);
	free(text);
	return 0;
}

void
sense_mounts_free(struct sense_mounts *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++) {
		free(m->v[i].root);
		free(m->v[i].point);
		free(m->v[i].fstype);
		free(m->v[i].source);
	}
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* ------------------------------------------------------------ selection */

/*
 * Types that hold no user data or are always full by construction
 * (read-only images): checking them only produces noise.
 */
static const char *const pseudo_types[] = {
	"autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs",
	"debugfs", "devpts", "devtmpfs", "efivarfs", "fusectl", "hugetlbfs",
	"iso9660", "mqueue", "nsfs", "overlay", "proc", "pstore", "ramfs",
	"rpc_pipefs", "securityfs", "selinuxfs", "squashfs", "sysfs",
	"tmpfs", "tracefs", "udf", "cramfs", "erofs", "nfsd", "fuse.lxcfs",
	"fuse.portal", "fuse.gvfsd-fuse", "fuse.snapfuse", "zonefs",
	"devfs", "usbfs", "ocfs2_dlmfs", "xenfs", "none", NULL
};

bool
sense_disk_pseudo_type(const char *fstype)
{
	size_t i;

	for (i = 0; pseudo_types[i] != NULL; i++)
		if (strcmp(fstype, pseudo_types[i]) == 0)
			return true;
	return false;
}

bool
sense_disk_type_match(const char *fstype, const char *t)
{
	size_t n = strlen(t);

	if (strcmp(fstype, t) == 0)
		return true;
	return strchr(t, '.') == NULL && strncmp(fstype, t, n) == 0 &&
	    fstype[n] == '.';
}

void
sense_disk_sel_init(struct sense_disk_sel *s)
{
	memset(s, 0, sizeof(*s));
}

static void
strv_add(struct sense_disk_strv *v, char *s)
{
	v->v = sense_xrealloc(v->v, (v->n + 1) * sizeof(*v->v));
	v->v[v->n++] = s;
}

/* "//a//b/" -> "/a/b"; "/" stays "/". */
static char *
norm_path(const char *p)
{
	char *out = sense_xmalloc(strlen(p) + 1), *o = out;

	for (; *p != '\0'; p++)
		if (!(*p == '/' && o > out && o[-1] == '/'))
			*o++ = *p;
	while (o > out + 1 && o[-1] == '/')
		o--;
	*o = '\0';
	return out;
}

int
sense_disk_sel_add(struct sense_disk_sel *s, enum sense_disk_list which,
    const char *value, const char **why)
{
	struct sense_disk_rev *rv;
	regex_t re;

	if (value == NULL || *value == '\0') {
		*why = "empty value";
		return -1;
	}
	switch (which) {
	case SENSE_DISK_PATH:
	case SENSE_DISK_XPATH:
		if (value[0] != '/') {
			*why = "not an absolute path";
			return -1;
		}
		strv_add(which == SENSE_DISK_PATH ? &s->paths : &s->xpaths,
		    norm_path(value));
		return 0;
	case SENSE_DISK_ITYPE:
	case SENSE_DISK_XTYPE:
		if (strpbrk(value, " \t\n/") != NULL) {
			*why = "not a filesystem type name";
			return -1;
		}
		strv_add(which == SENSE_DISK_ITYPE ? &s->itypes : &s->xtypes,
		    sense_xstrdup(value));
		return 0;
	case SENSE_DISK_REGEX:
	case SENSE_DISK_XREGEX:
		if (regcomp(&re, value, REG_EXTENDED | REG_NOSUB) != 0) {
			*why = "not a valid extended regular expression";
			return -1;
		}
		rv = which == SENSE_DISK_REGEX ? &s->regex : &s->xregex;
		rv->v = sense_xrealloc(rv->v, (rv->n + 1) * sizeof(*rv->v));
		rv->v[rv->n++] = re;
		return 0;
	}
	*why = "unknown selection list";
	return -1;
}

static void
strv_free(struct sense_disk_strv *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
	memset(v, 0, sizeof(*v));
}

static void
rev_free(struct sense_disk_rev *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		regfree(&v->v[i]);
	free(v->v);
	memset(v, 0, sizeof(*v));
}

void
sense_disk_sel_free(struct sense_disk_sel *s)
{
	if (s == NULL)
		return;
	strv_free(&s->paths);
	strv_free(&s->xpaths);
	strv_free(&s->itypes);
	strv_free(&s->xtypes);
	rev_free(&s->regex);
	rev_free(&s->xregex);
}

static bool
strv_has(const struct sense_disk_strv *v, const char *s)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->v[i], s) == 0)
			return true;
	return false;
}

static bool
types_have(const struct sense_disk_strv *v, const char *fstype)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (sense_disk_type_match(fstype, v->v[i]))
			return true;
	return false;
}

static bool
rev_match(const struct sense_disk_rev *v, const char *s)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (regexec(&v->v[i], s, 0, NULL, 0) == 0)
			return true;
	return false;
}

/*
 * hidden[i]: a later entry is mounted on the same point, so entry i is
 * over-mounted and statvfs on the point would see the later one.
 */
/* Order of mount entries by point, then by position in mountinfo. */
static int
cmp_point(const void *a, const void *b)
{
	const struct sense_mount *const *x = a, *const *y = b;
	int c = strcmp((*x)->point, (*y)->point);

	return c != 0 ? c : (*x < *y ? -1 : *x > *y);
}

static bool *
overmounted(const struct sense_mounts *m)
{
	bool *hidden = sense_xcalloc(m->n + 1, sizeof(*hidden));
	const struct sense_mount **by = sense_xcalloc(m->n + 1, sizeof(*by));
	size_t i;

	/*
	 * Sorted, not compared pairwise: a container host has tens of
	 * thousands of mounts.  Of a run of equal points only the last
	 * one in mountinfo order is visible.
	 */
	for (i = 0; i < m->n; i++)
		by[i] = &m->v[i];
	qsort(by, m->n, sizeof(*by), cmp_point);
	for (i = 0; i + 1 < m->n; i++)
		if (strcmp(by[i]->point, by[i + 1]->point) == 0)
			hidden[by[i] - m->v] = true;
	free(by);
	return hidden;
}

/* True when mount point p holds path (p is path or a parent of it). */
static bool
holds(const char *p, const char *path)
{
	size_t n = strlen(p);

	if (strcmp(p, "/") == 0)
		return path[0] == '/';
	return strncmp(p, path, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/');
}

/* The mount an explicit path names; m->n when none. */
static size_t
lookup(const struct sense_mounts *m, const bool *hidden, const char *path)
{
	size_t i, best = m->n, blen = 0;

	for (i = 0; i < m->n; i++)
		if (!hidden[i] && strcmp(m->v[i].point, path) == 0)
			return i;
	for (i = 0; i < m->n; i++)
		if (!hidden[i] && strcmp(m->v[i].source, path) == 0)
			return i;
	for (i = 0; i < m->n; i++) {
		size_t n = strlen(m->v[i].point);

		if (!hidden[i] && holds(m->v[i].point, path) &&
		    (best == m->n || n >= blen)) {
			best = i;
			blen = n;
		}
	}
	return best;
}

/*
 * The type filters every candidate not asked for by path passes: NULL
 * when it passes, else why not.
 */
static const char *
unwanted(const struct sense_mount *e, const struct sense_disk_sel *s)
{
	if (types_have(&s->xtypes, e->fstype))
		return "excluded type";
	if (s->itypes.n > 0)
		return types_have(&s->itypes, e->fstype) ? NULL :
		    "not an included type";
	if (strcmp(e->fstype, "overlay") == 0 && strcmp(e->point, "/") == 0)
		return NULL;
	return sense_disk_pseudo_type(e->fstype) ? "pseudo or image type" :
	    NULL;
}

/* Is a a better representative of its device than b? */
static bool
better(const struct sense_mount *a, const struct sense_mount *b)
{
	bool ra = strcmp(a->root, "/") == 0, rb = strcmp(b->root, "/") == 0;

	if (ra != rb)
		return ra;
	return strlen(a->point) < strlen(b->point);
}

#define WHY(i, text) do {			\
	if (why != NULL)			\
		why[i] = (text);		\
} while (0)

int
sense_disk_select_why(const struct sense_mounts *m,
    const struct sense_disk_sel *s, struct sense_disk_pick **picks,
    const char **why, char *err, size_t errlen)
{
	bool *cand, *expl, *hidden, narrowed;
	const char *no;
	size_t i, j, idx, n = 0;
	int ret = -1;

	*picks = NULL;
	cand = sense_xcalloc(m->n + 1, sizeof(*cand));
	expl = sense_xcalloc(m->n + 1, sizeof(*expl));
	hidden = overmounted(m);
	for (i = 0; i < s->paths.n; i++) {
		idx = lookup(m, hidden, s->paths.v[i]);
		if (idx == m->n) {
			snprintf(err, errlen, "no mounted filesystem holds %s",
			    s->paths.v[i]);
			goto out;
		}
		cand[idx] = expl[idx] = true;
	}
	narrowed = s->paths.n > 0 || s->regex.n > 0;
	for (i = 0; i < m->n; i++) {
		WHY(i, expl[i] ? "asked for by path" : "selected");
		if (cand[i])
			continue;
		if (hidden[i]) {
			WHY(i, "over-mounted");
			continue;
		}
		if (narrowed && !rev_match(&s->regex, m->v[i].point)) {
			WHY(i, s->regex.n > 0 ? "not matched by a regex" :
			    "not asked for");
			continue;
		}
		no = unwanted(&m->v[i], s);
		cand[i] = no == NULL;
		if (no != NULL)
			WHY(i, no);
	}
	/* One filesystem per device: fold each candidate into the best. */
	for (i = 0; i < m->n; i++) {
		if (!cand[i])
			continue;
		for (j = i + 1; j < m->n; j++) {
			if (!cand[j] || m->v[j].major != m->v[i].major ||
			    m->v[j].minor != m->v[i].minor)
				continue;
			if (better(&m->v[j], &m->v[i])) {
				cand[i] = false;
				WHY(i, "another mount of the same device");
				expl[j] = expl[j] || expl[i];
				break;
			}
			cand[j] = false;
			WHY(j, "another mount of the same device");
			expl[i] = expl[i] || expl[j];
		}
	}
	/*
	 * Path exclusions apply to the filesystem's representative, so
	 * excluding "/" does not bring its bind mounts in instead.
	 */
	for (i = 0; i < m->n; i++) {
		if (!cand[i] || expl[i])
			continue;
		if (strv_has(&s->xpaths, m->v[i].point)) {
			cand[i] = false;
			WHY(i, "excluded path");
		} else if (rev_match(&s->xregex, m->v[i].point)) {
			cand[i] = false;
			WHY(i, "matched by an exclude regex");
		}
	}
	*picks = sense_xcalloc(m->n + 1, sizeof(**picks));
	for (i = 0; i < m->n; i++)
		if (cand[i]) {
			(*picks)[n].mount = i;
			(*picks)[n++].explicit = expl[i];
		}
	ret = (int)n;
out:
	free(cand);
	free(expl);
	free(hidden);
	return ret;
}

int
sense_disk_select(const struct sense_mounts *m,
    const struct sense_disk_sel *s, struct sense_disk_pick **picks,
    char *err, size_t errlen)
{
	return sense_disk_select_why(m, s, picks, NULL, err, errlen);
}

/* ------------------------------------------------------------ figures */

int
sense_disk_figures(const struct sense_statvfs *sv, struct sense_disk_fig *f)
{
	uint64_t used_b;

	memset(f, 0, sizeof(*f));
	if (sv->blocks == 0 || sv->frsize == 0)
		return -1;
	used_b = sv->blocks > sv->bfree ? sv->blocks - sv->bfree : 0;
	f->size = sv->blocks * sv->frsize;
	f->used = used_b * sv->frsize;
	f->avail = sv->bavail * sv->frsize;
	f->base = f->used + f->avail;
	/*
	 * In blocks, one rounding: a figure exactly on a threshold stays
	 * exactly on it (7 of 10 is 70.0, not 70.00000000000001).
	 */
	if (sv->bavail == 0)
		f->used_pct = 100.0;
	else
		f->used_pct = (double)used_b * 100.0 /
		    (double)(used_b + sv->bavail);
	if (sv->files > 0) {
		f->has_inodes = true;
		f->inodes = sv->files;
		f->inodes_used = sv->files > sv->ffree ?
		    sv->files - sv->ffree : 0;
		f->inode_pct = (double)f->inodes_used * 100.0 /
		    (double)sv->files;
	}
	return 0;
}

struct sense_range
sense_disk_byte_range(const struct sense_range *r, uint64_t base)
{
	struct sense_range b = *r;

	/*
	 * b * base first, then one division: exact on whole percents.  A
	 * lower bound rounds up, an upper one down, so that an integer
	 * byte count alerts exactly when its percentage does.
	 */
	b.start = ceil(r->start * (double)base / 100.0);
	b.end = floor(r->end * (double)base / 100.0);
	return b;
}

enum sense_state
sense_disk_judge(const struct sense_disk_fig *f,
    const struct sense_range *warn, const struct sense_range *crit,
    const struct sense_range *iwarn, const struct sense_range *icrit)
{
	enum sense_state s = sense_judge(f->used_pct, warn, crit);

	if (f->has_inodes)
		s = sense_state_worst(s, sense_judge(f->inode_pct, iwarn,
		    icrit));
	return s;
}

/* ------------------------------------------------------------ statvfs */

/*
 * statvfs runs in forked children, not threads: a thread stuck in an
 * unkillable wait (a FUSE request already taken by its daemon) keeps
 * the whole process from exiting and its stdout open, so the plugin
 * would hang anyway; a stuck child only hangs itself.
 */
#define MAX_CHILDREN	8

/* One answer, written by a child with one write() (< PIPE_BUF). */
struct rec {
	uint32_t	idx;
	int32_t		rc;
	int32_t		err;
	uint32_t	pad;
	uint64_t	f[6];	/* frsize blocks bfree bavail files ffree */
};

enum job_state { JOB_PENDING, JOB_RUNNING, JOB_DONE };

struct child {
	pid_t	pid;
	int	fd;		/* read end; -1 after end of file */
	size_t	cur;		/* the job it is on now */
	double	since;		/* when it started cur */
	bool	replaced;	/* stalled: a newer child took the rest */
};

/*
 * The child: statvfs paths[start..n-1] in order, one record each, then
 * exit.  It keeps only the pipe (as fd 3) and /dev/null on 0-2, so a
 * stuck child holds no socket, log or stdout of its parent.
 */
static void __attribute__((noreturn))
child_main(int wfd, const char *const *paths, size_t start, size_t n)
{
	struct statvfs st;
	struct rec r;
	size_t i;
	int nul, fd;

	if (wfd != 3 && dup2(wfd, 3) < 0)
		_exit(1);
	if (close_range(4, ~0U, 0) < 0)
		for (fd = 4; fd < 1024; fd++)
			close(fd);
	nul = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (nul >= 0) {
		dup2(nul, 0);
		dup2(nul, 1);
		dup2(nul, 2);
	}
	for (i = start; i < n; i++) {
		memset(&r, 0, sizeof(r));
		r.idx = (uint32_t)i;
		r.rc = statvfs(paths[i], &st);
		r.err = r.rc != 0 ? errno : 0;
		if (r.rc == 0) {
			r.f[0] = st.f_frsize != 0 ? st.f_frsize : st.f_bsize;
			r.f[1] = st.f_blocks;
			r.f[2] = st.f_bfree;
			r.f[3] = st.f_bavail;
			r.f[4] = st.f_files;
			r.f[5] = st.f_ffree;
		}
		if (write(3, &r, sizeof(r)) != (ssize_t)sizeof(r))
			_exit(1);
	}
	_exit(0);
}

/* Fork a child for jobs start..n-1.  0, or -1 with errno set. */
static int
spawn(struct child *k, const char *const *paths, size_t start, size_t n)
{
	int p[2], e;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	k->pid = fork();
	if (k->pid < 0) {
		e = errno;
		close(p[0]);
		close(p[1]);
		errno = e;
		return -1;
	}
	if (k->pid == 0)
		child_main(p[1], paths, start, n);
	close(p[1]);
	k->fd = p[0];
	k->cur = start;
	k->since = sense_now_mono();
	k->replaced = false;
	return 0;
}

/* The shared state of one sense_disk_statvfs call. */
struct run {
	const char *const	*paths;
	size_t			 n;
	size_t			 done;
	enum job_state		*js;
	enum sense_disk_status	*status;
	int			*err;
	struct sense_statvfs	*sv;
	struct child		 kids[MAX_CHILDREN];
	int			 nkids;
};

/* Take one record (or end of file) from child k. */
static void
take(struct run *r, struct child *k)
{
	struct rec rec;
	ssize_t got;
	size_t i;

	got = read(k->fd, &rec, sizeof(rec));
	if (got < 0 && errno == EINTR)
		return;
	if (got != (ssize_t)sizeof(rec) || rec.idx >= r->n) {
		/* It exited (or broke): reap it now, it is not stuck. */
		close(k->fd);
		k->fd = -1;
		waitpid(k->pid, NULL, 0);
		k->pid = 0;
		if (k->cur < r->n && r->js[k->cur] != JOB_DONE) {
			/* Died on this one (a signal): no answer, not hung. */
			r->js[k->cur] = JOB_DONE;
			r->done++;
			r->status[k->cur] = SENSE_DISK_ERROR;
			r->err[k->cur] = EIO;
		}
		return;
	}
	i = rec.idx;
	if (r->js[i] != JOB_DONE) {
		r->js[i] = JOB_DONE;
		r->done++;
		r->status[i] = rec.rc == 0 ? SENSE_DISK_MEASURED :
		    SENSE_DISK_ERROR;
		r->err[i] = rec.rc == 0 ? 0 : rec.err;
		r->sv[i].frsize = rec.f[0];
		r->sv[i].blocks = rec.f[1];
		r->sv[i].bfree = rec.f[2];
		r->sv[i].bavail = rec.f[3];
		r->sv[i].files = rec.f[4];
		r->sv[i].ffree = rec.f[5];
	}
	k->cur = i + 1;
	k->since = sense_now_mono();
	if (k->cur < r->n && r->js[k->cur] == JOB_PENDING)
		r->js[k->cur] = JOB_RUNNING;
}

/*
 * A child stuck longer than `stall` hands the jobs behind its current
 * one to a new child, so one hung mount does not hide the others.
 */
static void
replace_stalled(struct run *r, double now, double stall)
{
	struct child *k;
	size_t j;
	int i;

	for (i = 0; i < r->nkids && r->nkids < MAX_CHILDREN; i++) {
		k = &r->kids[i];
		if (k->fd < 0 || k->replaced || k->cur >= r->n ||
		    now - k->since < stall)
			continue;
		for (j = k->cur + 1; j < r->n && r->js[j] != JOB_PENDING; j++)
			;
		if (j >= r->n)
			continue;
		k->replaced = true;
		if (spawn(&r->kids[r->nkids], r->paths, j, r->n) < 0)
			return;
		r->nkids++;
		r->js[j] = JOB_RUNNING;
	}
}

/* How long to sleep: until the deadline or the next possible stall. */
static int
wait_ms(const struct run *r, double now, double deadline, double stall)
{
	double until = deadline;
	int i;

	for (i = 0; i < r->nkids; i++) {
		const struct child *k = &r->kids[i];

		if (k->fd >= 0 && !k->replaced && k->cur + 1 < r->n &&
		    r->nkids < MAX_CHILDREN && k->since + stall < until)
			until = k->since + stall;
	}
	until -= now;
	return until <= 0 ? 0 : (int)(until * 1000) + 1;
}

/* Tell stage which path the oldest running child is on. */
static void
name_stage(const struct run *r, void (*stage)(const char *))
{
	const struct child *oldest = NULL;
	char msg[300];
	int i;

	if (stage == NULL)
		return;
	for (i = 0; i < r->nkids; i++)
		if (r->kids[i].fd >= 0 && r->kids[i].cur < r->n &&
		    (oldest == NULL || r->kids[i].since < oldest->since))
			oldest = &r->kids[i];
	if (oldest == NULL)
		return;
	snprintf(msg, sizeof(msg), "statvfs %s", r->paths[oldest->cur]);
	stage(msg);
}

size_t
sense_disk_statvfs(const char *const *paths, size_t n, double seconds,
    void (*stage)(const char *), enum sense_disk_status *status, int *err,
    struct sense_statvfs *sv)
{
	struct pollfd pfd[MAX_CHILDREN];
	struct child *who[MAX_CHILDREN];
	struct run r;
	double now, deadline, stall;
	size_t i, hung = 0;
	int k, np, e;

	if (n == 0)
		return 0;
	memset(&r, 0, sizeof(r));
	r.paths = paths;
	r.n = n;
	r.status = status;
	r.err = err;
	r.sv = sv;
	r.js = sense_xcalloc(n, sizeof(*r.js));
	for (i = 0; i < n; i++) {
		status[i] = SENSE_DISK_NOTRUN;
		err[i] = 0;
		memset(&sv[i], 0, sizeof(sv[i]));
	}
	deadline = sense_now_mono() + seconds;
	/* A healthy statvfs takes microseconds; a quarter second is a stall. */
	stall = seconds / 4 < 0.25 ? seconds / 4 : 0.25;
	if (spawn(&r.kids[0], paths, 0, n) < 0) {
		e = errno;
		for (i = 0; i < n; i++) {
			status[i] = SENSE_DISK_ERROR;
			err[i] = e;
		}
		goto out;
	}
	r.nkids = 1;
	r.js[0] = JOB_RUNNING;
	while (r.done < n && (now = sense_now_mono()) < deadline) {
		replace_stalled(&r, now, stall);
		name_stage(&r, stage);
		for (k = 0, np = 0; k < r.nkids; k++)
			if (r.kids[k].fd >= 0) {
				pfd[np].fd = r.kids[k].fd;
				pfd[np].events = POLLIN;
				who[np++] = &r.kids[k];
			}
		if (np == 0)
			break;
		if (poll(pfd, (nfds_t)np, wait_ms(&r, now, deadline,
		    stall)) <= 0)
			continue;
		for (k = 0; k < np; k++)
			if (pfd[k].revents != 0)
				take(&r, who[k]);
	}
	/* Jobs never reached (every child stuck) stay SENSE_DISK_NOTRUN. */
	for (i = 0; i < n; i++)
		if (r.js[i] == JOB_RUNNING) {
			status[i] = SENSE_DISK_HUNG;
			hung++;
		}
out:
	/*
	 * Children still running are stuck: kill them.  One in an
	 * unkillable wait dies when its filesystem answers; until then it
	 * is left for init (or a long-running caller) to reap.
	 */
	for (k = 0; k < r.nkids; k++) {
		struct child *c = &r.kids[k];

		if (c->fd < 0)
			continue;
		close(c->fd);
		if (c->cur >= n) {
			/* Answered everything and is exiting: reap it. */
			waitpid(c->pid, NULL, 0);
			continue;
		}
		kill(c->pid, SIGKILL);
		waitpid(c->pid, NULL, WNOHANG);
	}
	free(r.js);
	return hung;
}

/* ------------------------------------------------------------ measuring */

int
sense_disk_measure(const char *procfs, const struct sense_disk_sel *s,
    double seconds, void (*stage)(const char *), struct sense_disk_set *out,
    char *err, size_t errlen)
{
	struct sense_mounts m;
	struct sense_disk_pick *picks = NULL;
	enum sense_disk_status *status = NULL;
	const char **paths = NULL;
	struct sense_statvfs *sv = NULL;
	int *errs = NULL, np, ret = -1;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (sense_mounts_read(procfs, &m, err, errlen) < 0)
		goto out;
	np = sense_disk_select(&m, s, &picks, err, errlen);
	if (np < 0)
		goto out;
	out->v = sense_xcalloc((size_t)np + 1, sizeof(*out->v));
	paths = sense_xcalloc((size_t)np + 1, sizeof(*paths));
	status = sense_xcalloc((size_t)np + 1, sizeof(*status));
	errs = sense_xcalloc((size_t)np + 1, sizeof(*errs));
	sv = sense_xcalloc((size_t)np + 1, sizeof(*sv));
	for (i = 0; i < (size_t)np; i++) {
		const struct sense_mount *e = &m.v[picks[i].mount];
		struct sense_disk_fs *fs = &out->v[i];

		fs->point = sense_xstrdup(e->point);
		fs->fstype = sense_xstrdup(e->fstype);
		fs->source = sense_xstrdup(e->source);
		fs->major = e->major;
		fs->minor = e->minor;
		fs->explicit = picks[i].explicit;
		paths[i] = fs->point;
	}
	out->n = (size_t)np;
	out->hung = sense_disk_statvfs(paths, out->n, seconds, stage, status,
	    errs, sv);
	for (i = 0; i < out->n; i++) {
		struct sense_disk_fs *fs = &out->v[i];

		fs->status = status[i];
		fs->err = errs[i];
		fs->sv = sv[i];
		if (fs->status == SENSE_DISK_MEASURED &&
		    sense_disk_figures(&fs->sv, &fs->fig) < 0)
			fs->status = SENSE_DISK_NOSIZE;
	}
	ret = 0;
out:
	sense_mounts_free(&m);
	free(picks);
	free(paths);
	free(status);
	free(errs);
	free(sv);
	return ret;
}

void
sense_disk_set_free(struct sense_disk_set *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->v[i].point);
		free(s->v[i].fstype);
		free(s->v[i].source);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}
