/*
 * The disk core (sense_disk): figures from statvfs results (cases D1-D3,
 * D7, D8 of shared/cases/plugins.md), selection on mountinfo text (D4,
 * D5, escapes, pseudo-only systems, the selection options) and the
 * bounded statvfs on real paths.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "sense_check.h"
#include "sense_disk.h"
#include "sense_num.h"
#include "sense_util.h"
#include "../lib/tap.h"

static struct sense_range W, C;

static struct sense_statvfs
sv(uint64_t frsize, uint64_t blocks, uint64_t bfree, uint64_t bavail,
    uint64_t files, uint64_t ffree)
{
	struct sense_statvfs s = { frsize, blocks, bfree, bavail, files,
	    ffree };

	return s;
}

/* The plugin's perfdata item for one filesystem. */
static char *
perf_item(const char *label, const struct sense_disk_fig *f)
{
	struct sense_check c;
	struct sense_range bw = sense_disk_byte_range(&W, f->base);
	struct sense_range bc = sense_disk_byte_range(&C, f->base);
	char *s;

	sense_check_init(&c, "DISK");
	sense_check_perf(&c, label, (double)f->used, "B", &bw, &bc, 0,
	    (double)f->size);
	s = sense_xstrdup(c.perf.data != NULL ? c.perf.data : "");
	sense_check_free(&c);
	return s;
}

/*
 * D2's self-check: parse value;warn;crit back out of a perfdata item
 * and judge the value against them, as a monitoring system would.
 */
static enum sense_state
perf_implies(const char *item)
{
	char buf[256], *eq, *f[5], *save = NULL, *tok;
	struct sense_range w, c;
	const char *why;
	double v;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", item);
	eq = strrchr(buf, '=');
	if (eq == NULL)
		return SENSE_UNKNOWN;
	memset(f, 0, sizeof(f));
	for (tok = strtok_r(eq + 1, ";", &save); tok != NULL && n < 5;
	    tok = strtok_r(NULL, ";", &save))
		f[n++] = tok;
	if (n < 3)
		return SENSE_UNKNOWN;
	f[0][strspn(f[0], "0123456789.")] = '\0';
	if (sense_num_parse(f[0], &v) < 0 ||
	    sense_range_parse(f[1], &w, &why) < 0 ||
	    sense_range_parse(f[2], &c, &why) < 0)
		return SENSE_UNKNOWN;
	return sense_judge(v, &w, &c);
}

static void
test_figures(void)
{
	struct sense_disk_fig f;
	struct sense_statvfs s;
	char *item;

	/* D1: reserved blocks; df would print 90%. */
	s = sv(4096, 1000000, 150000, 100000, 65536, 60000);
	TAP_IS_INT(sense_disk_figures(&s, &f), 0, "D1 figures");
	TAP_IS_INT(f.used, 850000ULL * 4096, "D1 used bytes");
	TAP_IS_NUM(f.used_pct, 850000.0 / 950000 * 100, 1e-9,
	    "D1 used% = used/(used+avail) = 89.47");
	TAP_IS_INT(sense_disk_judge(&f, &W, &C, &W, &C), SENSE_WARNING,
	    "D1 WARNING, not CRITICAL");
	TAP_IS_NUM(f.inode_pct, 5536.0 / 65536 * 100, 1e-9, "D1 inode%");

	/* D2: 89.58 must not round into CRITICAL. */
	s = sv(1048576, 383996, 42891, 39686, 0, 0);
	sense_disk_figures(&s, &f);
	TAP_IS_NUM(f.used_pct, 89.578, 0.001, "D2 used% 89.58");
	TAP_IS_INT(sense_disk_judge(&f, &W, &C, &W, &C), SENSE_WARNING,
	    "D2 WARNING");
	item = perf_item("/data", &f);
	TAP_IS_INT(perf_implies(item), SENSE_WARNING,
	    "D2 the perfdata implies the same state");
	free(item);

	/* D3: inode counts. */
	s = sv(4096, 500000, 200000, 200000, 414718, 398713);
	sense_disk_figures(&s, &f);
	tap_ok(f.has_inodes, "D3 inode figure present");
	TAP_IS_NUM(f.inode_pct, 3.859, 0.001, "D3 inode used 3.86%");
	TAP_IS_INT(sense_disk_judge(&f, &W, &C, &W, &C), SENSE_OK, "D3 OK");
	s = sv(4096, 500000, 200000, 200000, 0, 0);
	TAP_IS_INT(sense_disk_figures(&s, &f), 0, "D3 no inodes: figures");
	tap_ok(!f.has_inodes, "D3 no inodes: no inode figure");
	TAP_IS_NUM(f.used_pct, 60, 1e-12, "D3 no inodes: space 60%");
	TAP_IS_INT(sense_disk_judge(&f, &W, &C, &W, &C), SENSE_OK,
	    "D3 no inodes: state from space alone");
	s = sv(4096, 500000, 200000, 200000, 1000, 50);
	sense_disk_figures(&s, &f);
	TAP_IS_INT(sense_disk_judge(&f, &W, &C, &W, &C), SENSE_CRITICAL,
	    "inodes 95% alone make it CRITICAL");

	/* D4: a squashfs image is always full: evaluated, it is CRITICAL. */
	s = sv(131072, 512, 0, 0, 12000, 0);
	sense_disk_figures(&s, &f);
	tap_ok(f.used_pct == 100.0, "D4 snap image: exactly 100%% used");
	TAP_IS_INT(f.size, 512 * 131072, "D4 size 64 MiB");
	tap_ok(f.inode_pct == 100.0, "D4 inodes 100%% used");
	TAP_IS_INT(sense_disk_judge(&f, &W, &C, &W, &C), SENSE_CRITICAL,
	    "D4 CRITICAL when asked for");
	item = perf_item("/snap/core20/2105", &f);
	TAP_IS_STR(item,
	    "'/snap/core20/2105'=67108864B;46976204;60397977;0;67108864",
	    "D4 perfdata: thresholds in bytes of used + avail");
	TAP_IS_INT(perf_implies(item), SENSE_CRITICAL,
	    "D4 perfdata implies CRITICAL");
	free(item);

	/* D7: the perfdata convention, exactly. */
	s = sv(4096, 252344, 100000, 100000, 0, 0);
	sense_disk_figures(&s, &f);
	item = perf_item("/", &f);
	TAP_IS_STR(item, "'/'=624001024B;723520716;930240921;0;1033601024",
	    "D7 perfdata");
	TAP_IS_INT(sense_disk_judge(&f, &W, &C, &W, &C), SENSE_OK, "D7 OK");
	TAP_IS_INT(perf_implies(item), SENSE_OK, "D7 perfdata implies OK");
	free(item);

	/* D8: 19.4 TB, no 32-bit intermediate. */
	s = sv(4096, 4740357376ULL, 4191515392ULL, 4191515392ULL, 0, 0);
	sense_disk_figures(&s, &f);
	TAP_IS_NUM(f.used_pct, 11.578, 0.001, "D8 used 11.58%");
	TAP_IS_INT(f.size, 4740357376ULL * 4096, "D8 size 19.4 TB");
	TAP_IS_INT(f.used, 548841984ULL * 4096, "D8 used bytes");
	TAP_IS_INT(sense_disk_judge(&f, &W, &C, &W, &C), SENSE_OK, "D8 OK");

	/* Edges. */
	s = sv(4096, 0, 0, 0, 10, 5);
	TAP_IS_INT(sense_disk_figures(&s, &f), -1, "0 blocks: not judged");
	s = sv(0, 10, 0, 0, 0, 0);
	TAP_IS_INT(sense_disk_figures(&s, &f), -1, "0 frsize: not judged");
	s = sv(4096, 1000, 50, 0, 0, 0);
	sense_disk_figures(&s, &f);
	tap_ok(f.used_pct == 100.0, "bavail 0, bfree > 0: exactly 100%%");
	s = sv(4096, 1000, 1000, 0, 0, 0);
	sense_disk_figures(&s, &f);
	tap_ok(f.used_pct == 100.0, "all free space reserved: exactly 100%%");
	s = sv(1, 10, 3, 3, 0, 0);
	sense_disk_figures(&s, &f);
	tap_ok(f.used_pct == 70.0, "7 of 10 is exactly 70%%");
	TAP_IS_INT(sense_disk_judge(&f, &W, &C, NULL, NULL), SENSE_OK,
	    "70.0 is OK");
	item = perf_item("x", &f);
	TAP_IS_STR(item, "x=7B;7;9;0;10", "on the threshold: bytes agree");
	TAP_IS_INT(perf_implies(item), SENSE_OK, "... and imply OK");
	free(item);
	s = sv(1, 100000, 29999, 29999, 0, 0);
	sense_disk_figures(&s, &f);
	TAP_IS_INT(sense_disk_judge(&f, &W, &C, NULL, NULL), SENSE_WARNING,
	    "70.001 is WARNING");
	item = perf_item("x", &f);
	TAP_IS_INT(perf_implies(item), SENSE_WARNING, "... and so say bytes");
	free(item);
	s = sv(4096, 100, 200, 200, 10, 20);
	sense_disk_figures(&s, &f);
	tap_ok(f.used == 0 && f.inodes_used == 0,
	    "free counts above totals clamp to 0 used");
}

/* ------------------------------------------------------------ selection */

static const char snap_host[] =
"22 27 0:21 / /proc rw,relatime - proc proc rw\n"
"23 27 0:22 / /sys rw,relatime - sysfs sysfs rw\n"
"24 27 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,mode=755\n"
"27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n"
"30 27 0:27 / /run rw,nosuid - tmpfs tmpfs rw,size=812k\n"
"45 27 254:0 /run/netns /run/netns rw,relatime shared:1 - ext4 /dev/vda rw\n"
"50 27 7:3 / /snap/core20/2105 ro,nodev,relatime shared:7 - squashfs "
    "/dev/loop3 ro\n"
"51 27 8:1 / /data rw,relatime - xfs /dev/sda1 rw\n"
"52 27 0:50 / /mnt/nas rw,relatime - nfs4 nas:/export rw,hard\n"
"53 27 0:51 / /home/u/sshfs rw - fuse.sshfs u@h:/ rw\n"
"54 51 8:1 /backup /srv/backup rw - xfs /dev/sda1 rw\n"
"55 27 0:52 / /var/lib/docker/overlay2/abc/merged rw - overlay overlay rw\n"
"56 27 11:0 / /media/cdrom ro - iso9660 /dev/sr0 ro\n"
"57 27 0:53 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";

/* Select with the given lists; returns "point,point,..." (static). */
static const char *
sel_str(const char *mountinfo, const char *const *adds)
{
	static char out[1024];
	struct sense_mounts m;
	struct sense_disk_sel s;
	struct sense_disk_pick *p = NULL;
	char err[256];
	const char *why;
	int n, i;

	sense_mounts_parse(mountinfo, &m, NULL);
	sense_disk_sel_init(&s);
	for (; adds != NULL && adds[0] != NULL; adds += 2)
		if (sense_disk_sel_add(&s, (enum sense_disk_list)(adds[0][0]
		    - '0'), adds[1], &why) < 0)
			printf("# add %s: %s\n", adds[1], why);
	n = sense_disk_select(&m, &s, &p, err, sizeof(err));
	out[0] = '\0';
	if (n < 0)
		snprintf(out, sizeof(out), "error: %s", err);
	for (i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s%s",
		    i ? "," : "", m.v[p[i].mount].point,
		    p[i].explicit ? "!" : "");
	free(p);
	sense_disk_sel_free(&s);
	sense_mounts_free(&m);
	return out;
}

/* List codes for sel_str: the digit is the enum sense_disk_list value. */
#define PATH	"0"
#define XPATH	"1"
#define ITYPE	"2"
#define XTYPE	"3"
#define REGEX	"4"
#define XREGEX	"5"

static void
test_selection(void)
{
	const char *d4[] = { PATH, "/snap/core20/2105", NULL };
	const char *xt[] = { XTYPE, "nfs4", XTYPE, "fuse", NULL };
	const char *xt_path[] = { XTYPE, "squashfs", PATH,
	    "/snap/core20/2105", NULL };
	const char *it[] = { ITYPE, "tmpfs", NULL };
	const char *re[] = { REGEX, "^/(data|srv)", NULL };
	const char *xre[] = { XREGEX, "^/home/", XPATH, "/mnt/nas/", NULL };
	const char *below[] = { PATH, "/data/some/dir", PATH, "/dev/vda",
	    NULL };
	const char *twice[] = { PATH, "/", PATH, "/run/netns", NULL };
	const char *bad[] = { PATH, "/x", NULL };
	const char *xroot[] = { XPATH, "/", NULL };
	const char *xbind[] = { XPATH, "/run/netns", XPATH, "/srv/backup",
	    NULL };

	TAP_IS_STR(sel_str(snap_host, NULL),
	    "/,/data,/mnt/nas,/home/u/sshfs",
	    "default: real filesystems, one per device (D4 snap, D5 bind, "
	    "bind of /data, docker overlay, cdrom skipped)");
	TAP_IS_STR(sel_str(snap_host, d4), "/snap/core20/2105!",
	    "D4: an explicit path is checked whatever its type");
	TAP_IS_STR(sel_str(snap_host, xt_path), "/snap/core20/2105!",
	    "D4: an explicit path beats a type exclusion");
	TAP_IS_STR(sel_str(snap_host, xt), "/,/data",
	    "excluded types (fuse matches fuse.sshfs) are never selected");
	TAP_IS_STR(sel_str(snap_host, it), "/run",
	    "an include type selects a pseudo type");
	TAP_IS_STR(sel_str(snap_host, re), "/data",
	    "regex: /srv/backup is /data's device, reported once as /data");
	TAP_IS_STR(sel_str(snap_host, xre), "/,/data",
	    "exclude regex and exclude path (trailing slash ignored)");
	TAP_IS_STR(sel_str(snap_host, xroot), "/data,/mnt/nas,/home/u/sshfs",
	    "excluding / does not bring in its bind mount /run/netns");
	TAP_IS_STR(sel_str(snap_host, xbind),
	    "/,/data,/mnt/nas,/home/u/sshfs",
	    "excluding a bind mount keeps the filesystem it shows");
	TAP_IS_STR(sel_str(snap_host, below), "/!,/data!",
	    "a path below a mount point and a device name");
	TAP_IS_STR(sel_str(snap_host, twice), "/!",
	    "D5: / and /run/netns asked for are one filesystem");
	TAP_IS_STR(sel_str("23 27 0:22 / /sys rw - sysfs sysfs rw\n", bad),
	    "error: no mounted filesystem holds /x",
	    "a path no mount holds is an error");

	/* D5 exactly as this machine has it, in both orders. */
	TAP_IS_STR(sel_str(
	    "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n"
	    "45 27 254:0 /run/netns /run/netns rw,relatime shared:1 - ext4 "
	    "/dev/vda rw\n", NULL), "/", "D5: one result for 254:0");
	TAP_IS_STR(sel_str(
	    "45 27 254:0 /run/netns /run/netns rw shared:1 - ext4 /dev/vda rw\n"
	    "46 27 254:0 / /srv/vda rw - ext4 /dev/vda rw\n"
	    "47 27 254:0 / /a rw - ext4 /dev/vda rw\n", NULL), "/a",
	    "D5: the mount of the device's root, shortest point, wins");

	/* D4: overlay root of a container kept. */
	TAP_IS_STR(sel_str(
	    "500 400 0:90 / / rw - overlay overlay rw,lowerdir=/l\n"
	    "501 500 0:91 / /proc rw - proc proc rw\n"
	    "502 500 0:92 / /dev rw - tmpfs tmpfs rw\n"
	    "503 500 254:0 /var/lib/x/etc/hosts /etc/hosts rw - ext4 "
	    "/dev/vda rw\n"
	    "504 500 0:93 / /dev/shm rw - tmpfs shm rw\n", NULL),
	    "/,/etc/hosts", "D4: a container's overlay root is kept");

	/* Systems with only pseudo filesystems select nothing. */
	TAP_IS_STR(sel_str(
	    "1 0 0:1 / / rw - rootfs rootfs rw\n"
	    "2 1 0:2 / /proc rw - proc proc rw\n", NULL), "/",
	    "an unknown type (rootfs) on / counts as real");
	TAP_IS_STR(sel_str(
	    "2 1 0:2 / /proc rw - proc proc rw\n"
	    "3 1 0:3 / /sys rw - sysfs sysfs rw\n"
	    "4 1 0:4 / /dev/shm rw - tmpfs tmpfs rw\n", NULL), "",
	    "an all-pseudo system selects nothing");
	TAP_IS_STR(sel_str("", NULL), "", "empty mountinfo selects nothing");

	/* Over-mounted: the later mount on the same point is the one seen. */
	TAP_IS_STR(sel_str(
	    "27 1 254:0 / / rw - ext4 /dev/vda rw\n"
	    "60 27 8:16 / /mnt rw - ext4 /dev/sdb rw\n"
	    "61 27 8:32 / /mnt rw - ext4 /dev/sdc rw\n", NULL),
	    "/,/mnt", "over-mounted entry skipped");
}

static void
test_parse(void)
{
	struct sense_mounts m;
	size_t bad = 0;

	sense_mounts_parse(
	    "36 35 98:0 /mnt1 /mnt/my\\040disk rw,noatime master:1 shared:2 "
	    "- ext3 /dev/my\\134dev rw,errors=continue\n"
	    "37 35 98:1 / /mnt/tab\\011x rw - ext4 /dev/sdb rw\n"
	    "garbage line\n"
	    "38 35 98:2 / /a rw no-dash-here ext4 /dev/sdc rw\n"
	    "39 35 x:2 / /b rw - ext4 /dev/sdd rw\n"
	    "40 35 9:2 / /c\\04 rw - ext4 /dev/sde rw\n"
	    "42 35 9:4 / relative/e rw - ext4 /dev/sdf rw\n"
	    "43 35 9:5 / \\057f rw - ext4 /dev/sdg rw\n"
	    "41 35 9:3 / /d rw - fuse.my\\040fs src", &m, &bad);
	/* A relative mount point would be statvfs'd from the cwd. */
	TAP_IS_INT(m.n, 4, "4 good lines");
	TAP_IS_INT(bad, 5, "5 malformed lines counted (2 relative points)");
	if (m.n == 4) {
		TAP_IS_INT(m.v[0].id, 36, "id");
		TAP_IS_INT(m.v[0].parent, 35, "parent");
		TAP_IS_INT(m.v[0].major, 98, "major");
		TAP_IS_INT(m.v[0].minor, 0, "minor");
		TAP_IS_STR(m.v[0].root, "/mnt1", "root");
		TAP_IS_STR(m.v[0].point, "/mnt/my disk", "\\040 is a space");
		TAP_IS_STR(m.v[0].fstype, "ext3", "type after optional fields");
		TAP_IS_STR(m.v[0].source, "/dev/my\\dev",
		    "\\134 is a backslash");
		TAP_IS_STR(m.v[1].point, "/mnt/tab\tx", "\\011 is a tab");
		TAP_IS_STR(m.v[2].point, "/c\\04",
		    "a short escape stays as is");
		TAP_IS_STR(m.v[3].fstype, "fuse.my fs", "escaped type");
		TAP_IS_STR(m.v[3].source, "src", "last line without newline");
	}
	sense_mounts_free(&m);
	sense_mounts_free(NULL);

	/* \000 would cut the name short: a NUL is kept as the text. */
	sense_mounts_parse("44 35 9:6 / /g\\000h rw - ext4 /dev/sdh rw\n",
	    &m, NULL);
	TAP_IS_INT(m.n, 1, "\\000 line parsed");
	if (m.n == 1)
		TAP_IS_STR(m.v[0].point, "/g\\000h", "\\000 stays as is");
	sense_mounts_free(&m);

	tap_ok(sense_disk_type_match("fuse.sshfs", "fuse"), "fuse ~ fuse.x");
	tap_ok(!sense_disk_type_match("fuseblk", "fuse"), "fuse !~ fuseblk");
	tap_ok(!sense_disk_type_match("fuse", "fuse.sshfs"),
	    "fuse.sshfs !~ fuse");
	tap_ok(sense_disk_pseudo_type("squashfs") &&
	    sense_disk_pseudo_type("tmpfs") &&
	    sense_disk_pseudo_type("cgroup2") &&
	    !sense_disk_pseudo_type("ext4") &&
	    !sense_disk_pseudo_type("nfs4"), "pseudo types");
}

static void
test_sel_add(void)
{
	struct sense_disk_sel s;
	const char *why = NULL;

	sense_disk_sel_init(&s);
	TAP_IS_INT(sense_disk_sel_add(&s, SENSE_DISK_PATH, "rel/x", &why),
	    -1, "a relative path is refused");
	TAP_IS_INT(sense_disk_sel_add(&s, SENSE_DISK_REGEX, "(", &why), -1,
	    "a bad regex is refused");
	TAP_IS_INT(sense_disk_sel_add(&s, SENSE_DISK_XTYPE, "", &why), -1,
	    "an empty type is refused");
	TAP_IS_INT(sense_disk_sel_add(&s, SENSE_DISK_PATH, "//a//b//", &why),
	    0, "a path with extra slashes");
	TAP_IS_STR(s.paths.n == 1 ? s.paths.v[0] : NULL, "/a/b",
	    "... is normalised");
	sense_disk_sel_free(&s);
	sense_disk_sel_free(NULL);
}

static void
test_statvfs(void)
{
	const char *paths[] = { "/", "/nonexistent-sense-test", "/proc" };
	enum sense_disk_status st[3];
	struct sense_statvfs v[3];
	int err[3];
	size_t hung;

	hung = sense_disk_statvfs(paths, 3, 5.0, NULL, st, err, v);
	TAP_IS_INT(hung, 0, "nothing hung");
	TAP_IS_INT(st[0], SENSE_DISK_MEASURED, "/ measured");
	tap_ok(v[0].blocks > 0 && v[0].frsize > 0, "/ has a size");
	TAP_IS_INT(st[1], SENSE_DISK_ERROR, "missing path: error");
	TAP_IS_INT(err[1], ENOENT, "... ENOENT");
	TAP_IS_INT(st[2], SENSE_DISK_MEASURED, "/proc measured");
	TAP_IS_INT(sense_disk_statvfs(paths, 0, 1.0, NULL, st, err, v), 0,
	    "no paths");
}

/*
 * Byte thresholds for every range form: a used-bytes value alerts
 * against the byte range exactly when its percentage alerts against the
 * percent range.  A lower bound must round up (ceil), an upper one down.
 */
static void
test_byte_range_forms(void)
{
	static const char *const ranges[] = {
		"5.05:", "@5.05:5.07", "5.05:90", "~:5.05", "@5.05", "4.95",
		"10:", "@10:20", "33.33", "66.67:"
	};
	struct sense_statvfs s;
	struct sense_disk_fig f;
	struct sense_range r, b;
	const char *why;
	uint64_t used;
	size_t i;
	int bad;

	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		if (sense_range_parse(ranges[i], &r, &why) < 0) {
			tap_ok(0, "parse %s: %s", ranges[i], why);
			continue;
		}
		bad = 0;
		for (used = 0; used <= 1000; used++) {
			s = sv(1, 1000, 1000 - used, 1000 - used, 0, 0);
			if (sense_disk_figures(&s, &f) < 0)
				continue;
			b = sense_disk_byte_range(&r, f.base);
			if (sense_range_alert(&r, f.used_pct) !=
			    sense_range_alert(&b, (double)f.used))
				bad++;
		}
		TAP_IS_INT(bad, 0, ranges[i]);
	}
}

/* A long-running caller (the agent) must not collect zombies. */
static void
test_statvfs_reaps(void)
{
	static const char *const paths[] = { "/", "/proc", "/" };
	enum sense_disk_status st[3];
	struct sense_statvfs s[3];
	int err[3], i, left;

	for (i = 0; i < 20; i++)
		sense_disk_statvfs(paths, 3, 5.0, NULL, st, err, s);
	left = waitpid(-1, NULL, WNOHANG);
	tap_ok(left < 0 && errno == ECHILD,
	    "20 statvfs rounds leave no child behind");
}

int
main(void)
{
	test_statvfs_reaps();
	sense_range_upper(&W, 70);
	test_byte_range_forms();
	sense_range_upper(&C, 90);
	test_figures();
	test_selection();
	test_parse();
	test_sel_add();
	test_statvfs();
	return tap_done();
}
