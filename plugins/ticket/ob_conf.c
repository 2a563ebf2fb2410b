/* ob_conf -- the helpdesk group of sense.conf; see ob_conf.h. */
#include "ob_conf.h"

#include <errno.h>
#include <fcntl.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sense_conf.h"
#include "sense_util.h"

static void
secret_free(struct ob_secret *s)
{
	free(s->token);
	free(s->user);
	free(s->password);
	memset(s, 0, sizeof(*s));
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
	    e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int
secret_line(struct ob_secret *s, char *line, const char *path, int n,
    char *err, size_t errlen)
{
	char *eq = strchr(line, '='), *k, *v, **dst;

	line = trim(line);
	if (*line == '\0' || *line == '#')
		return 0;
	if (eq == NULL)
		goto bad;
	*eq = '\0';
	k = trim(line);
	v = trim(eq + 1);
	if (strcmp(k, "token") == 0)
		dst = &s->token;
	else if (strcmp(k, "user") == 0)
		dst = &s->user;
	else if (strcmp(k, "password") == 0)
		dst = &s->password;
	else
		goto bad;
	free(*dst);
	*dst = sense_xstrdup(v);
	return 0;
bad:
	snprintf(err, errlen, "%s:%d: want token, user or password = VALUE",
	    path, n);
	return -1;
}

int
ob_secret_read(struct ob_secret *s, const char *path, char *err,
    size_t errlen)
{
	struct stat st;
	char *buf = NULL, *line, *next;
	size_t len;
	int fd, n = 0, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0 ||
	    fstat(fd, &st) < 0) {
		snprintf(err, errlen, "secrets file %s: %s", path,
		    strerror(errno));
		goto out;
	}
	if (st.st_mode & (S_IROTH | S_IWOTH)) {
		snprintf(err, errlen, "secrets file %s is accessible by "
		    "others (mode %04o): refusing to use it; chmod o-rw %s",
		    path, (unsigned)(st.st_mode & 07777), path);
		goto out;
	}
	if ((buf = sense_read_file(path, 65536, &len)) == NULL) {
		snprintf(err, errlen, "secrets file %s: %s", path,
		    strerror(errno));
		goto out;
	}
	for (line = buf; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (secret_line(s, line, path, ++n, err, errlen) < 0)
			goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	return rc;
}

/* One string setting of group g into *dst (kept when absent). */
static int
get_str(const config_setting_t *g, const char *name, char **dst,
    char *err, size_t errlen)
{
	config_setting_t *s = config_setting_get_member(g, name);
	const char *v;

	if (s == NULL)
		return 0;
	if ((v = config_setting_get_string(s)) == NULL)
		return sense_conf_error(s, err, errlen, "%s: want a string",
		    name);
	free(*dst);
	*dst = sense_xstrdup(v);
	return 0;
}

static int
get_int(const config_setting_t *g, const char *name, int lo, int hi,
    int *dst, char *err, size_t errlen)
{
	config_setting_t *s = config_setting_get_member(g, name);
	int v;

	if (s == NULL)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_INT)
		return sense_conf_error(s, err, errlen, "%s: want an integer",
		    name);
	v = config_setting_get_int(s);
	if (v < lo || v > hi)
		return sense_conf_error(s, err, errlen, "%s: want %d..%d",
		    name, lo, hi);
	*dst = v;
	return 0;
}

/* Every member of g must be one of names (NULL-terminated). */
static int
known(const config_setting_t *g, const char *const *names, char *err,
    size_t errlen)
{
	config_setting_t *s;
	int i, j;

	for (i = 0; (s = config_setting_get_elem(g, (unsigned)i)); i++) {
		for (j = 0; names[j]; j++)
			if (strcmp(names[j], config_setting_name(s)) == 0)
				break;
		if (names[j] == NULL)
			return sense_conf_error(s, err, errlen,
			    "unknown setting '%s' in %s",
			    config_setting_name(s), config_setting_name(g));
	}
	return 0;
}

static int
need(const config_setting_t *g, const char *name, const char *v,
    char *err, size_t errlen)
{
	if (v != NULL && *v != '\0')
		return 0;
	return sense_conf_error(g, err, errlen, "%s: '%s' is required",
	    config_setting_name(g), name);
}

static int
get_secret(const config_setting_t *g, struct ob_secret *sec, char *err,
    size_t errlen)
{
	char *path = NULL;
	int rc;

	if (get_str(g, "secrets", &path, err, errlen) < 0)
		return -1;
	rc = path ? ob_secret_read(sec, path, err, errlen) : 0;
	free(path);
	return rc;
}

static int
load_rt(struct ob_conf *c, const config_setting_t *g, char *err,
    size_t errlen)
{
	static const char *const names[] = { "url", "queue", "priority",
	    "cf_key", "cf_urgency", "cf_host", "cf_service", "secrets",
	    NULL };
	static const int prio[4] = { 100, 80, 50, 20 };
	struct ob_rt_conf *r = sense_xcalloc(1, sizeof(*r));
	config_setting_t *p;
	int i;

	c->rt = r;
	memcpy(r->priority, prio, sizeof(prio));
	r->queue = sense_xstrdup("General");
	r->cf_key = sense_xstrdup("Sense Key");
	r->cf_urgency = sense_xstrdup("Sense Urgency");
	r->cf_host = sense_xstrdup("Sense Host");
	r->cf_service = sense_xstrdup("Sense Service");
	if (known(g, names, err, errlen) < 0 ||
	    get_str(g, "url", &r->url, err, errlen) < 0 ||
	    get_str(g, "queue", &r->queue, err, errlen) < 0 ||
	    get_str(g, "cf_key", &r->cf_key, err, errlen) < 0 ||
	    get_str(g, "cf_urgency", &r->cf_urgency, err, errlen) < 0 ||
	    get_str(g, "cf_host", &r->cf_host, err, errlen) < 0 ||
	    get_str(g, "cf_service", &r->cf_service, err, errlen) < 0 ||
	    need(g, "url", r->url, err, errlen) < 0)
		return -1;
	if (strpbrk(r->cf_key, "'{}\\") != NULL)
		return sense_conf_error(g, err, errlen, "cf_key: no ' { }"
		    " or \\ in a field name");
	if ((p = config_setting_get_member(g, "priority")) != NULL) {
		if (!config_setting_is_array(p) ||
		    config_setting_length(p) != 4)
			return sense_conf_error(p, err, errlen, "priority: "
			    "want [ P1, P2, P3, P4 ] for urgency 1..4");
		for (i = 0; i < 4; i++)
			r->priority[i] = config_setting_get_int_elem(p, i);
	}
	return get_secret(g, &r->secret, err, errlen);
}

static int
load_mail(struct ob_conf *c, const config_setting_t *g, char *err,
    size_t errlen)
{
	static const char *const names[] = { "url", "from", "helpdesk",
	    "customer", "secrets", NULL };
	struct ob_mail_conf *m = sense_xcalloc(1, sizeof(*m));
	config_setting_t *s;

	c->mail = m;
	m->customer = true;
	if (known(g, names, err, errlen) < 0 ||
	    get_str(g, "url", &m->url, err, errlen) < 0 ||
	    get_str(g, "from", &m->from, err, errlen) < 0 ||
	    get_str(g, "helpdesk", &m->helpdesk, err, errlen) < 0 ||
	    need(g, "url", m->url, err, errlen) < 0 ||
	    need(g, "from", m->from, err, errlen) < 0)
		return -1;
	if ((s = config_setting_get_member(g, "customer")) != NULL) {
		if (config_setting_type(s) != CONFIG_TYPE_BOOL)
			return sense_conf_error(s, err, errlen,
			    "customer: want true or false");
		m->customer = config_setting_get_bool(s);
	}
	return get_secret(g, &m->secret, err, errlen);
}

static int
load_hook(struct ob_conf *c, const config_setting_t *g, char *err,
    size_t errlen)
{
	static const char *const names[] = { "url", "secrets", NULL };
	struct ob_hook_conf *h = sense_xcalloc(1, sizeof(*h));

	c->webhook = h;
	if (known(g, names, err, errlen) < 0 ||
	    get_str(g, "url", &h->url, err, errlen) < 0 ||
	    need(g, "url", h->url, err, errlen) < 0)
		return -1;
	return get_secret(g, &h->secret, err, errlen);
}

static int
load_group(struct ob_conf *c, const config_setting_t *g, char *err,
    size_t errlen)
{
	static const char *const names[] = { "key_prefix", "budget_ms",
	    "timeout_ms", "backoff_min", "backoff_max", "max_text", "rt",
	    "mail", "webhook", NULL };
	config_setting_t *s;
	int bmin = 10, bmax = 3600, mt = (int)c->max_text;

	if (known(g, names, err, errlen) < 0 ||
	    get_str(g, "key_prefix", &c->key_prefix, err, errlen) < 0 ||
	    get_int(g, "budget_ms", 0, 600000, &c->budget_ms, err,
	    errlen) < 0 ||
	    get_int(g, "timeout_ms", 100, 600000, &c->timeout_ms, err,
	    errlen) < 0 ||
	    get_int(g, "backoff_min", 1, 86400, &bmin, err, errlen) < 0 ||
	    get_int(g, "backoff_max", 1, 7 * 86400, &bmax, err,
	    errlen) < 0 ||
	    get_int(g, "max_text", 1024, 16 << 20, &mt, err, errlen) < 0)
		return -1;
	c->backoff_min = bmin;
	c->backoff_max = bmax < bmin ? bmin : bmax;
	c->max_text = (size_t)mt;
	if (strspn(c->key_prefix, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
	    "opqrstuvwxyz0123456789.-_") != strlen(c->key_prefix) ||
	    *c->key_prefix == '\0')
		return sense_conf_error(g, err, errlen, "key_prefix: want"
		    " letters, digits, '.', '-' or '_'");
	if ((s = config_setting_get_member(g, "rt")) != NULL &&
	    load_rt(c, s, err, errlen) < 0)
		return -1;
	if ((s = config_setting_get_member(g, "mail")) != NULL &&
	    load_mail(c, s, err, errlen) < 0)
		return -1;
	if ((s = config_setting_get_member(g, "webhook")) != NULL &&
	    load_hook(c, s, err, errlen) < 0)
		return -1;
	return 0;
}

static void
defaults(struct ob_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->key_prefix = sense_xstrdup("sense");
	c->budget_ms = 2000;
	c->timeout_ms = 5000;
	c->backoff_min = 10;
	c->backoff_max = 3600;
	c->max_text = 65536;
}

int
ob_conf_from(struct ob_conf *c, const config_t *cfg, char *err,
    size_t errlen)
{
	config_setting_t *g;

	defaults(c);
	if (cfg == NULL || (g = config_lookup(cfg, "helpdesk")) == NULL)
		return 0;
	return load_group(c, g, err, errlen);
}

int
ob_conf_load(struct ob_conf *c, const char *path, bool must_exist,
    char *err, size_t errlen)
{
	config_t cfg;
	int rc;

	defaults(c);
	if (!must_exist && access(path, F_OK) != 0)
		return 0;
	if (sense_conf_load(&cfg, path, err, errlen) < 0) {
		config_destroy(&cfg);
		return -1;
	}
	ob_conf_free(c);
	rc = ob_conf_from(c, &cfg, err, errlen);
	config_destroy(&cfg);
	return rc;
}

int
ob_conf_names(const struct ob_conf *c, const char *names[3])
{
	int n = 0;

	if (c->rt != NULL)
		names[n++] = "rt";
	if (c->mail != NULL)
		names[n++] = "mail";
	if (c->webhook != NULL)
		names[n++] = "webhook";
	return n;
}

int
ob_conf_backends(const struct ob_conf *c)
{
	return (c->rt != NULL) + (c->mail != NULL) + (c->webhook != NULL);
}

void
ob_conf_free(struct ob_conf *c)
{
	if (c == NULL)
		return;
	if (c->rt != NULL) {
		free(c->rt->url);
		free(c->rt->queue);
		free(c->rt->cf_key);
		free(c->rt->cf_urgency);
		free(c->rt->cf_host);
		free(c->rt->cf_service);
		secret_free(&c->rt->secret);
		free(c->rt);
	}
	if (c->mail != NULL) {
		free(c->mail->url);
		free(c->mail->from);
		free(c->mail->helpdesk);
		secret_free(&c->mail->secret);
		free(c->mail);
	}
	if (c->webhook != NULL) {
		free(c->webhook->url);
		secret_free(&c->webhook->secret);
		free(c->webhook);
	}
	free(c->key_prefix);
	memset(c, 0, sizeof(*c));
}
