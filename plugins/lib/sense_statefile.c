/* sense_statefile -- previous-run samples; see sense_statefile.h. */
#include "sense_statefile.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sense_util.h"

#define STATE_MAGIC "sense-state 1\n"

static uint64_t
fnv1a(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

void
sense_hash_hex(const char *s, char out[17])
{
	snprintf(out, 17, "%016" PRIx64, fnv1a(s, strlen(s)));
}

char *
sense_statefile_default_dir(char *buf, size_t size)
{
	const char *env = getenv("SENSE_STATE_DIR");
	struct stat st;

	/*
	 * A sample is worth nothing after a reboot (the boot id is in every
	 * key), so tmpfs is the right home: /dev/shm costs no journal
	 * write, which on ext4 is most of a CPU check's run time.
	 */
	if (env != NULL && *env != '\0')
		snprintf(buf, size, "%s", env);
	else if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
	    access("/dev/shm", W_OK | X_OK) == 0)
		snprintf(buf, size, "/dev/shm/sense-%lu",
		    (unsigned long)geteuid());
	else
		snprintf(buf, size, "/var/tmp/sense-%lu",
		    (unsigned long)geteuid());
	return buf;
}

int
sense_statefile_mkdir(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return -1;
	/*
	 * The default lives in a world-writable directory: a directory
	 * (or symlink) someone else made there must not receive our files
	 * nor feed us samples.
	 */
	if (lstat(dir, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = S_ISLNK(st.st_mode) ? ELOOP : ENOTDIR;
		return -1;
	}
	if (st.st_uid != geteuid()) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

char *
sense_statefile_load(const char *path, const char *key)
{
	char *buf, *p, *nl, *payload = NULL;
	size_t len, klen = strlen(key);
	unsigned long long plen;
	uint64_t sum;
	struct stat st;

	/* Only our own regular file is our previous sample. */
	if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_uid != geteuid())
		return NULL;
	buf = sense_read_file(path, 0, &len);
	if (buf == NULL)
		return NULL;
	p = buf;
	if (strncmp(p, STATE_MAGIC, strlen(STATE_MAGIC)) != 0)
		goto out;
	p += strlen(STATE_MAGIC);
	if (strncmp(p, "key ", 4) != 0 || strncmp(p + 4, key, klen) != 0 ||
	    p[4 + klen] != '\n')
		goto out;
	p += 4 + klen + 1;
	nl = strchr(p, '\n');
	if (nl == NULL || sscanf(p, "len %llu sum %" SCNx64, &plen, &sum) != 2)
		goto out;
	p = nl + 1;
	if ((size_t)(buf + len - p) != plen || fnv1a(p, plen) != sum)
		goto out;
	payload = sense_xstrdup(p);
out:
	free(buf);
	return payload;
}

int
sense_statefile_save(const char *path, const char *key, const char *payload)
{
	char tmp[4096];
	size_t plen = strlen(payload);
	FILE *f;
	int fd, saved;

	if (strchr(key, '\n') != NULL) {
		errno = EINVAL;
		return -1;
	}
	if (snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid()) >=
	    (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* A leftover of a crashed run with our pid; never follow a link. */
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0)
		return -1;
	f = fdopen(fd, "w");
	if (f == NULL) {
		saved = errno;
		close(fd);
		goto fail;
	}
	fprintf(f, STATE_MAGIC "key %s\nlen %zu sum %016" PRIx64 "\n", key,
	    plen, fnv1a(payload, plen));
	fwrite(payload, 1, plen, f);
	if (ferror(f) | fclose(f)) {
		saved = errno;
		goto fail;
	}
	if (rename(tmp, path) < 0) {
		saved = errno;
		goto fail;
	}
	return 0;
fail:
	unlink(tmp);
	errno = saved;
	return -1;
}

char *
sense_boot_id(const char *procfs_root, char *buf, size_t size)
{
	char path[4096], *id, *nl;

	snprintf(buf, size, "unknown");
	if (sense_path(path, sizeof(path), procfs_root,
	    "sys/kernel/random/boot_id") == NULL)
		return buf;
	id = sense_read_file(path, 256, NULL);
	if (id == NULL)
		return buf;
	nl = strchr(id, '\n');
	if (nl != NULL)
		*nl = '\0';
	if (*id != '\0' && strchr(id, ' ') == NULL)
		snprintf(buf, size, "%s", id);
	free(id);
	return buf;
}
