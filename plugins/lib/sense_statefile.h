/*
 * sense_statefile -- the previous run's sample, kept between plugin runs.
 *
 * A state file holds one opaque text payload under a key.  The key names
 * everything that changes the payload's meaning (plugin, procfs root,
 * boot id, interface and ifindex, ...); a file whose key differs, or that
 * is truncated or corrupt (length and checksum are verified), loads as
 * "no previous sample".  Saving writes a temporary file in the same
 * directory and renames it over the old one, so a reader sees either
 * the old or the new sample, never a mix.
 *
 * File layout:   sense-state 1\n key <key>\n len <n> sum <fnv1a>\n <payload>
 */
#ifndef SENSE_STATEFILE_H
#define SENSE_STATEFILE_H

#include <stddef.h>

/*
 * The default state directory: $SENSE_STATE_DIR, else
 * /dev/shm/sense-<euid> when /dev/shm is a directory we may write (tmpfs:
 * samples die with the boot anyway), else /var/tmp/sense-<euid>.
 * Written to buf; returns buf.
 */
char	*sense_statefile_default_dir(char *buf, size_t size);

/*
 * Create dir (mode 0700) if missing.  Returns 0, or -1 with errno set:
 * ENOTDIR or ELOOP when dir is not a directory (a symlink is refused),
 * EPERM when it is not owned by the effective user (someone else's
 * directory in /dev/shm or /var/tmp).
 */
int	 sense_statefile_mkdir(const char *dir);

/*
 * Load the payload stored at path under key.  Returns a new
 * NUL-terminated buffer (caller frees) or NULL when there is no usable
 * previous sample (missing, not a regular file of the effective user,
 * foreign key, corrupt).
 */
char	*sense_statefile_load(const char *path, const char *key);

/* Store payload (NUL-terminated) under key, atomically. 0 or -1/errno. */
int	 sense_statefile_save(const char *path, const char *key,
	    const char *payload);

/*
 * The boot id of the system whose procfs is at procfs_root
 * (sys/kernel/random/boot_id), or "unknown".  Written to buf.
 */
char	*sense_boot_id(const char *procfs_root, char *buf, size_t size);

/* Key-safe hash of any string (e.g. a procfs root path): 16 hex digits. */
void	 sense_hash_hex(const char *s, char out[17]);

#endif
