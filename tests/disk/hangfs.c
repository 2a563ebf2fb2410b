/*
 * sense_hangfs -- a FUSE filesystem whose statfs never answers: the hung
 * network filesystem of case D6, for tests/disk/hung.t.
 *
 *   SENSE_HANGFS_LOG=FILE sense_hangfs MOUNTPOINT -f -o fsname=N,subtype=N
 *
 * Every statfs request appends "statfs" to FILE before it blocks for
 * good, so a test can prove whether the plugin called statvfs at all.
 * The root directory answers getattr; nothing else exists.
 */
#define FUSE_USE_VERSION 31

#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int
hang_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
	(void)fi;
	memset(st, 0, sizeof(*st));
	if (strcmp(path, "/") != 0)
		return -ENOENT;
	st->st_mode = S_IFDIR | 0755;
	st->st_nlink = 2;
	return 0;
}

static int
hang_statfs(const char *path, struct statvfs *sv)
{
	const char *log = getenv("SENSE_HANGFS_LOG");
	int fd;

	(void)path;
	(void)sv;
	if (log != NULL) {
		fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
		if (fd >= 0) {
			/* A lost log line only weakens the test's proof. */
			if (write(fd, "statfs\n", 7) != 7)
				(void)0;
			close(fd);
		}
	}
	/* Like an NFS server that went away: never answer. */
	for (;;)
		sleep(3600);
	return 0;
}

static const struct fuse_operations hang_ops = {
	.getattr = hang_getattr,
	.statfs = hang_statfs,
};

int main(int argc, char **argv);

int
main(int argc, char **argv)
{
	return fuse_main(argc, argv, &hang_ops, NULL);
}
