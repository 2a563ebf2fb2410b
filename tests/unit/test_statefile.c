/* State files: round trip, foreign key, corruption, atomic replace. */
#include <stdlib.h>
#include <unistd.h>

#include "sense_statefile.h"
#include "sense_util.h"
#include "../lib/tap.h"

static void
write_raw(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

int
main(void)
{
	char dir[] = "/tmp/sense-test-state.XXXXXX", path[512], *p, *raw;
	char bad[512];
	size_t len;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/cpu.state", dir);

	tap_ok(sense_statefile_load(path, "k") == NULL, "missing = no sample");
	tap_ok(sense_statefile_save(path, "cpu /proc boot-1",
	    "t=1\ncpu 1 2 3\n") == 0, "save");
	p = sense_statefile_load(path, "cpu /proc boot-1");
	TAP_IS_STR(p, "t=1\ncpu 1 2 3\n", "load returns the payload");
	free(p);
	tap_ok(sense_statefile_load(path, "cpu /proc boot-2") == NULL,
	    "another boot id is a foreign state");
	tap_ok(sense_statefile_load(path, "cpu /proc") == NULL,
	    "a key prefix is a foreign state");

	/* Truncate the file by one byte: corrupt. */
	raw = sense_read_file(path, 0, &len);
	raw[len - 1] = '\0';
	write_raw(path, raw);
	tap_ok(sense_statefile_load(path, "cpu /proc boot-1") == NULL,
	    "truncated file = no sample");
	/* Flip one payload byte, same length: checksum catches it. */
	raw[len - 2] = 'X';
	raw[len - 1] = '\n';
	write_raw(path, raw);
	free(raw);
	tap_ok(sense_statefile_load(path, "cpu /proc boot-1") == NULL,
	    "checksum mismatch = no sample");
	write_raw(path, "");
	tap_ok(sense_statefile_load(path, "cpu /proc boot-1") == NULL,
	    "empty file = no sample");
	write_raw(path, "garbage\n\n\x01\x02");
	tap_ok(sense_statefile_load(path, "cpu /proc boot-1") == NULL,
	    "garbage = no sample");

	tap_ok(sense_statefile_save(path, "a\nb", "x") < 0,
	    "a key with a newline is refused");
	snprintf(bad, sizeof(bad), "%s/no/such/dir/x.state", dir);
	tap_ok(sense_statefile_save(bad, "k", "x") < 0,
	    "unwritable path fails, no crash");
	tap_ok(sense_statefile_save(path, "k", "") == 0 &&
	    (p = sense_statefile_load(path, "k")) != NULL && *p == '\0',
	    "an empty payload round-trips");
	free(p);

	snprintf(bad, sizeof(bad), "rm -rf '%s'", dir);
	tap_ok(system(bad) == 0, "cleanup");
	return tap_done();
}
