/*
 * ob_conf -- the `helpdesk` group of sense.conf: which back ends the
 * outbox delivers to, and how.
 *
 *   helpdesk = {
 *     key_prefix = "sense";      # RT custom field / mail ids: PREFIX:ID
 *     budget_ms = 2000;          # notify's delivery budget after commit
 *     timeout_ms = 5000;         # one HTTP / SMTP exchange
 *     backoff_min = 10; backoff_max = 3600;   # seconds
 *     max_text = 65536;          # bytes of output put in a payload
 *     rt = { url = "http://rt.example:8080"; queue = "General";
 *            priority = [ 100, 80, 50, 20 ];  # urgency 1..4
 *            cf_key = "Sense Key"; cf_urgency = "Sense Urgency";
 *            cf_host = "Sense Host"; cf_service = "Sense Service";
 *            secrets = "/etc/sense/rt.secret"; };
 *     mail = { url = "smtp://127.0.0.1:25"; from = "sense@example.org";
 *              helpdesk = "help@example.org"; customer = true; };
 *     webhook = { url = "https://hooks.example/sense";
 *                 secrets = "/etc/sense/webhook.secret"; };
 *   };
 *
 * A secrets file holds `name = value` lines (token, user, password);
 * it must not be readable or writable by others.
 */
#ifndef OB_CONF_H
#define OB_CONF_H

#include <stdbool.h>
#include <libconfig.h>
#include <stddef.h>

struct ob_secret {
	char	*token;
	char	*user;
	char	*password;
};

struct ob_rt_conf {
	char		*url, *queue;
	int		 priority[4];
	char		*cf_key, *cf_urgency, *cf_host, *cf_service;
	struct ob_secret secret;
};

struct ob_mail_conf {
	char	*url, *from, *helpdesk;
	bool	 customer;
	struct ob_secret secret;
};

struct ob_hook_conf {
	char	*url;
	struct ob_secret secret;
};

struct ob_conf {
	char			*key_prefix;
	int			 budget_ms, timeout_ms;
	double			 backoff_min, backoff_max;
	size_t			 max_text;
	struct ob_rt_conf	*rt;	/* NULL: back end not configured */
	struct ob_mail_conf	*mail;
	struct ob_hook_conf	*webhook;
};

/*
 * Load the helpdesk group of path into c (defaults first).  A missing
 * file is fine unless must_exist; a missing group means no back ends.
 * Secrets files are read and checked here.  Returns 0, or -1 with
 * "file:line: reason" or "FILE: reason" in err.
 */
int	ob_conf_load(struct ob_conf *c, const char *path, bool must_exist,
	    char *err, size_t errlen);

/* The same from a sense.conf parsed already (cfg NULL: no file). */
int	ob_conf_from(struct ob_conf *c, const config_t *cfg, char *err,
	    size_t errlen);

/* The configured back ends' names ("rt", "mail", "webhook") into
 * names; returns how many. */
int	ob_conf_names(const struct ob_conf *c, const char *names[3]);

/* Number of configured back ends. */
int	ob_conf_backends(const struct ob_conf *c);

/* Free what ob_conf_load allocated (c may be half built or NULL). */
void	ob_conf_free(struct ob_conf *c);

/*
 * Read a secrets file (`name = value` lines, # comments).  Refuses a
 * file that others may read or write, naming it.  0 or -1 with err.
 */
int	ob_secret_read(struct ob_secret *s, const char *path, char *err,
	    size_t errlen);

#endif
