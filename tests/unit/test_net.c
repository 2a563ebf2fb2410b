/*
 * sense_net: /proc/net/dev parsing, sysfs facts, rates and resets
 * (cases N1, N2, A4, A7), utilization above 100%, state text.
 */
#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sense_net.h"
#include "sense_util.h"
#include "../lib/tap.h"

static const char DEV[] =
"Inter-|   Receive                                                |  Transmit\n"
" face |bytes    packets errs drop fifo frame compressed multicast"
"|bytes    packets errs drop fifo colls carrier compressed\n"
"    lo:    3267      29    0    0    0     0          0         0"
"     3267      29    0    0    0     0       0          0\n"
"  eth0: 32411054     891    3    4    0     0          0         0"
"    47207     531    5    6    0     0       0          0\n"
"enp0s31f6:18446744073709551615 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n";

static void
put(const char *dir, const char *rel, const char *text)
{
	char path[512], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (slash = strchr(path + strlen(dir) + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static struct sense_net_if
mk(int ifindex, double t, uint64_t rx, uint64_t tx)
{
	struct sense_net_if f;

	memset(&f, 0, sizeof(f));
	snprintf(f.name, sizeof(f.name), "eth0");
	f.ifindex = ifindex;
	f.t = t;
	f.c.rx_bytes = rx;
	f.c.tx_bytes = tx;
	f.speed_mbps = -1;
	return f;
}

static void
test_parse(void)
{
	struct sense_net_sample s = { 0 };
	const struct sense_net_if *f;

	tap_ok(sense_net_parse_dev(DEV, &s) == 0, "parse /proc/net/dev");
	TAP_IS_INT(s.n, 3, "three interfaces");
	f = sense_net_find(&s, "eth0");
	tap_ok(f != NULL, "eth0 found");
	if (f != NULL) {
		TAP_IS_INT(f->c.rx_bytes, 32411054, "eth0 rx bytes");
		TAP_IS_INT(f->c.rx_errs, 3, "eth0 rx errs");
		TAP_IS_INT(f->c.rx_drop, 4, "eth0 rx drop");
		TAP_IS_INT(f->c.tx_bytes, 47207, "eth0 tx bytes");
		TAP_IS_INT(f->c.tx_packets, 531, "eth0 tx packets");
		TAP_IS_INT(f->c.tx_errs, 5, "eth0 tx errs");
		TAP_IS_INT(f->c.tx_drop, 6, "eth0 tx drop");
	}
	f = sense_net_find(&s, "enp0s31f6");
	tap_ok(f != NULL && f->c.rx_bytes == UINT64_MAX &&
	    f->c.tx_bytes == 8 && f->c.tx_drop == 11,
	    "long name glued to its counters, full 64-bit value");
	tap_ok(sense_net_find(&s, "eth1") == NULL, "no eth1");
	tap_ok(sense_net_parse_dev("  eth0: 1 2 3\n", &s) < 0 && s.n == 0,
	    "short line is malformed");
	tap_ok(sense_net_parse_dev("  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 "
	    "14 15 18446744073709551616\n", &s) < 0,
	    "counter beyond 64 bits is malformed");
	tap_ok(sense_net_parse_dev(": 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16"
	    "\n", &s) < 0, "empty name is malformed");
	tap_ok(sense_net_parse_dev("  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 "
	    "14 15 16 x\n", &s) < 0, "trailing garbage is malformed");
	tap_ok(sense_net_parse_dev("", &s) == 0 && s.n == 0, "empty file");
	sense_net_sample_free(&s);
	sense_net_sample_free(NULL);
}

/* N1: a counter reset across a reboot is no rate and a new baseline. */
static void
test_n1(void)
{
	struct sense_net_if prev = mk(7, 1000, 3000000000ULL, 0);
	struct sense_net_if cur = mk(7, 1300, 12000, 0);
	struct sense_net_if next = mk(7, 1600, 12000 + 37500000, 0);
	struct sense_net_rate r;

	TAP_IS_INT(sense_net_rate(&prev, "X", &cur, "Y", &r),
	    SENSE_NET_RESET_BOOT, "N1: other boot id is a reset");
	tap_ok(r.rx_bps == 0 && r.tx_bps == 0 && r.dt == 0,
	    "N1: no rate this run (all zero)");
	TAP_IS_INT(sense_net_rate(&prev, "X", &cur, "X", &r),
	    SENSE_NET_RESET_COUNTER, "N1 same boot: counter back = reset");
	tap_ok(r.rx_bps == 0, "N1 same boot: no spike");
	/* The next period measures from the new baseline only. */
	TAP_IS_INT(sense_net_rate(&cur, "Y", &next, "Y", &r),
	    SENSE_NET_RATE_OK, "N1: rate from the new baseline");
	TAP_IS_NUM(r.rx_bps, 1e6, 1e-6, "N1: 37.5 MB in 300 s = 1 Mb/s");
	TAP_IS_STR(sense_net_status_text(SENSE_NET_RESET_COUNTER),
	    "counter reset", "status text");
}

/* A7: 64-bit counters reset, 32-bit counters wrap. */
static void
test_a7(void)
{
	struct sense_net_if prev = mk(3, 10, 5000000000ULL, 100);
	struct sense_net_if cur = mk(3, 20, 1000, 200);
	struct sense_net_rate r;

	TAP_IS_INT(sense_net_rate(&prev, "b", &cur, "b", &r),
	    SENSE_NET_RESET_COUNTER, "A7: 64-bit 5e9 -> 1000 is a reset");
	tap_ok(r.rx_bps == 0 && r.tx_bps == 0, "A7: never ~1.8e19");
	TAP_IS_INT(sense_net_delta32(4294967000U, 200), 496,
	    "A7: 32-bit wrap 4294967000 -> 200 is 496");
	TAP_IS_INT(sense_net_delta32(100, 300), 200, "32-bit plain delta");
	TAP_IS_INT(sense_net_delta32(5, 5), 0, "32-bit no change");
	/* A tx-only reset is a reset of the whole interface. */
	prev = mk(3, 10, 100, 5000);
	cur = mk(3, 20, 200, 10);
	TAP_IS_INT(sense_net_rate(&prev, "b", &cur, "b", &r),
	    SENSE_NET_RESET_COUNTER, "tx going back resets rx too");
	prev.c.rx_drop = 9;
	cur = mk(3, 20, 200, 6000);
	TAP_IS_INT(sense_net_rate(&prev, "b", &cur, "b", &r),
	    SENSE_NET_RESET_COUNTER, "a drop counter going back is a reset");
}

static void
test_rates(void)
{
	struct sense_net_if prev = mk(2, 100, 1000, 2000);
	struct sense_net_if cur = mk(2, 110, 1000 + 12500000, 2000 + 125000);
	struct sense_net_rate r;

	prev.c.rx_errs = 1;
	cur.c.rx_errs = 21;
	prev.c.tx_drop = 0;
	cur.c.tx_drop = 5;
	prev.c.rx_packets = 10;
	cur.c.rx_packets = 1010;
	TAP_IS_INT(sense_net_rate(&prev, "b", &cur, "b", &r),
	    SENSE_NET_RATE_OK, "rate ok");
	TAP_IS_NUM(r.dt, 10, 1e-9, "dt 10 s");
	TAP_IS_NUM(r.rx_bps, 10e6, 1e-6, "rx 12.5 MB / 10 s = 10 Mb/s");
	TAP_IS_NUM(r.tx_bps, 100e3, 1e-6, "tx 125 kB / 10 s = 100 kb/s");
	TAP_IS_NUM(r.rx_errs_ps, 2, 1e-9, "rx errors 2/s");
	TAP_IS_NUM(r.tx_drop_ps, 0.5, 1e-9, "tx drops 0.5/s");
	TAP_IS_NUM(r.rx_pps, 100, 1e-9, "rx 100 packets/s");
	TAP_IS_NUM(sense_net_util(&r, 100), 10, 1e-9,
	    "10 Mb/s on 100 Mb/s = 10%");
	/* Above the link speed: reported as such, not clamped. */
	TAP_IS_NUM(sense_net_util(&r, 8), 125, 1e-9,
	    "10 Mb/s on 8 Mb/s = 125% (not clamped)");
	r.tx_bps = 12e6;
	TAP_IS_NUM(sense_net_util(&r, 10), 120, 1e-9, "max(rx, tx) counts");
	/* N2: unknown speed gives no percentage, not 0%. */
	tap_ok(isnan(sense_net_util(&r, -1)), "N2: speed -1: no percent");
	tap_ok(isnan(sense_net_util(&r, 0)), "speed 0: no percent");

	TAP_IS_INT(sense_net_rate(NULL, "b", &cur, "b", &r),
	    SENSE_NET_NO_PREVIOUS, "no previous sample");
	TAP_IS_INT(sense_net_rate(&cur, "b", &cur, "b", &r),
	    SENSE_NET_NO_TIME, "same time: no division by zero");
	/* ifindex change: the interface was re-created. */
	cur.ifindex = 9;
	TAP_IS_INT(sense_net_rate(&prev, "b", &cur, "b", &r),
	    SENSE_NET_RESET_IFINDEX, "changed ifindex is a reset");
	tap_ok(r.rx_bps == 0, "changed ifindex: no rate");
	cur.ifindex = 0;
	TAP_IS_INT(sense_net_rate(&prev, "b", &cur, "b", &r),
	    SENSE_NET_RATE_OK, "unknown ifindex does not reset");
}

/* N2 and A4: speeds as sysfs writes them. */
static void
test_speed(void)
{
	TAP_IS_INT(sense_net_parse_speed("1000\n"), 1000, "speed 1000");
	TAP_IS_INT(sense_net_parse_speed("-1\n"), -1, "N2: -1 unknown");
	TAP_IS_INT(sense_net_parse_speed("0\n"), -1, "0 unknown");
	TAP_IS_INT(sense_net_parse_speed("65535\n"), -1, "65535 unknown");
	TAP_IS_INT(sense_net_parse_speed("4294967295\n"), -1,
	    "4294967295 unknown");
	TAP_IS_INT(sense_net_parse_speed("100000\n"), 100000, "100 Gb/s");
	TAP_IS_INT(sense_net_parse_speed(""), -1, "empty unknown");
	TAP_IS_INT(sense_net_parse_speed("fast\n"), -1, "garbage unknown");
	TAP_IS_INT(sense_net_if_speed(10000), 4294967295U,
	    "A4: 10 Gb/s ifSpeed saturates");
	TAP_IS_INT(sense_net_if_high_speed(10000), 10000,
	    "A4: ifHighSpeed 10000, not 1410");
	TAP_IS_INT(sense_net_if_speed(100), 100000000, "100 Mb/s ifSpeed");
	TAP_IS_INT(sense_net_if_speed(4294), 4294000000U, "4294 Mb/s fits");
	TAP_IS_INT(sense_net_if_speed(-1), 0, "A4: speed -1 -> 0");
	TAP_IS_INT(sense_net_if_high_speed(-1), 0, "A4: high speed -1 -> 0");
}

static bool
not_eth0(const char *name, void *ctx)
{
	(void)ctx;
	return strcmp(name, "eth0") != 0;
}

static void
test_sysfs(void)
{
	char dir[] = "/tmp/sense-test-net.XXXXXX", cmd[600], proc[512];
	struct sense_net_sample s = { 0 };
	const struct sense_net_if *f;
	char err[256];

	if (mkdtemp(dir) == NULL)
		return;
	put(dir, "proc/net/dev", DEV);
	put(dir, "proc/uptime", "1234.56 99.00\n");
	put(dir, "proc/sys/kernel/random/boot_id", "boot-a\n");
	put(dir, "sys/class/net/lo/ifindex", "1\n");
	put(dir, "sys/class/net/lo/flags", "0x9\n");
	put(dir, "sys/class/net/lo/type", "772\n");
	put(dir, "sys/class/net/lo/operstate", "unknown\n");
	put(dir, "sys/class/net/eth0/ifindex", "4\n");
	put(dir, "sys/class/net/eth0/flags", "0x1003\n");
	put(dir, "sys/class/net/eth0/type", "1\n");
	put(dir, "sys/class/net/eth0/operstate", "up\n");
	put(dir, "sys/class/net/eth0/speed", "-1\n");
	put(dir, "sys/class/net/enp0s31f6/ifindex", "2\n");
	put(dir, "sys/class/net/enp0s31f6/flags", "0x1003\n");
	put(dir, "sys/class/net/enp0s31f6/operstate", "down\n");
	put(dir, "sys/class/net/enp0s31f6/speed", "10000\n");
	put(dir, "sys/class/net/ifb9/flags", "0x82\n");
	put(dir, "sys/class/net/ifb9/operstate", "down\n");
	put(dir, "sys/class/net/ifb9/speed", "100\n");
	put(dir, "sys/class/net/lo/speed", "100\n");
	put(dir, "sys/class/net/tun8/flags", "0x1091\n");
	put(dir, "sys/class/net/tun8/operstate", "unknown\n");

	snprintf(proc, sizeof(proc), "%s/proc", dir);
	TAP_IS_NUM(sense_net_clock(proc), 1234.56, 1e-9,
	    "fixture clock from its uptime file");
	tap_ok(sense_net_clock("/proc") > 0, "live clock");
	snprintf(cmd, sizeof(cmd), "%s/sys", dir);
	tap_ok(sense_net_read(proc, cmd, &s, err, sizeof(err)) == 0,
	    "read fixture sample");
	TAP_IS_STR(s.boot_id, "boot-a", "boot id");
	f = sense_net_find(&s, "lo");
	tap_ok(f != NULL && f->loopback && f->ifindex == 1 && f->up &&
	    f->t == 1234.56, "lo: loopback, up");
	f = sense_net_find(&s, "eth0");
	tap_ok(f != NULL && !f->loopback && f->ifindex == 4 && f->up &&
	    f->oper == SENSE_NET_OPER_UP && f->speed_mbps == -1 &&
	    f->type == 1 && f->flags == 0x1003,
	    "eth0: up, speed -1 unknown");
	f = sense_net_find(&s, "enp0s31f6");
	tap_ok(f != NULL && !f->up && f->speed_mbps == 10000 &&
	    f->oper == SENSE_NET_OPER_DOWN,
	    "enp0s31f6: IFF_UP without carrier: down, speed read");
	f = sense_net_find(&s, "lo");
	tap_ok(f != NULL && f->speed_mbps == -1,
	    "lo: speed not asked (the kernel's EINVAL under RTNL)");
	{
		struct sense_net_if adm = mk(0, 0, 0, 0);

		snprintf(adm.name, sizeof(adm.name), "ifb9");
		sense_net_read_sysfs(cmd, &adm);
		tap_ok(!adm.up && adm.speed_mbps == -1 && adm.flags == 0x82,
		    "admin down (no IFF_UP): speed not asked");
		snprintf(adm.name, sizeof(adm.name), "tun8");
		sense_net_read_sysfs(cmd, &adm);
		tap_ok(adm.up && adm.speed_mbps == -1 && adm.flags == 0x1091,
		    "N2: up, speed read fails (missing): unknown");
	}
	sense_net_sample_free(&s);

	tap_ok(sense_net_read_some(proc, cmd, &s, not_eth0, NULL, err,
	    sizeof(err)) == 0, "read with a name filter");
	f = sense_net_find(&s, "eth0");
	tap_ok(f != NULL && f->ifindex == 4 && f->flags == 0 &&
	    f->type == -1 && f->oper == SENSE_NET_OPER_UNKNOWN,
	    "filtered out: ifindex only, other facts unknown");
	f = sense_net_find(&s, "enp0s31f6");
	tap_ok(f != NULL && f->speed_mbps == 10000 && !f->up,
	    "kept by the filter: all facts");
	sense_net_sample_free(&s);

	tap_ok(sense_net_read("/nonexistent", cmd, &s, err, sizeof(err)) < 0,
	    "missing procfs fails");
	tap_ok(strstr(err, "/nonexistent/net/dev") != NULL,
	    "the error names the file");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		tap_ok(0, "cleanup");
}

static void
test_oper(void)
{
	struct sense_net_if f = mk(1, 0, 0, 0);

	TAP_IS_INT(sense_net_parse_oper("lowerlayerdown\n"),
	    SENSE_NET_OPER_LOWERLAYERDOWN, "lowerlayerdown");
	TAP_IS_INT(sense_net_parse_oper("upx\n"), SENSE_NET_OPER_UNKNOWN,
	    "prefix is not a word");
	f.oper = SENSE_NET_OPER_UNKNOWN;
	f.flags = 0x1003;
	tap_ok(sense_net_is_up(&f), "IFF_UP + unknown operstate = up (tun)");
	f.flags = 0x1002;
	tap_ok(!sense_net_is_up(&f), "no IFF_UP = down");
	f.flags = 0x1003;
	f.oper = SENSE_NET_OPER_LOWERLAYERDOWN;
	tap_ok(!sense_net_is_up(&f), "lowerlayerdown = down");
}

static void
test_state(void)
{
	struct sense_net_sample s = { 0 }, back = { 0 };
	char *text, *cut;
	size_t len;

	sense_net_parse_dev(DEV, &s);
	snprintf(s.boot_id, sizeof(s.boot_id), "4f1c-boot");
	s.ifs[0].t = 1234.5;
	s.ifs[1].ifindex = 4;
	s.ifs[1].t = 99.000125;
	text = sense_net_serialize(&s);
	tap_ok(sense_net_deserialize(text, &back) == 0, "state round trip");
	TAP_IS_STR(back.boot_id, "4f1c-boot", "boot id kept");
	TAP_IS_INT(back.n, 3, "three records back");
	tap_ok(back.n == 3 && memcmp(&back.ifs[2].c, &s.ifs[2].c,
	    sizeof(s.ifs[2].c)) == 0, "64-bit counters kept exactly");
	tap_ok(back.n == 3 && back.ifs[1].ifindex == 4 &&
	    back.ifs[1].t == 99.000125 && back.ifs[0].t == 1234.5,
	    "ifindex and time kept");
	tap_ok(back.n == 3 && back.ifs[1].speed_mbps == -1,
	    "speed not stored (unknown)");
	len = strlen(text);
	cut = sense_xstrdup(text);
	cut[len - 9] = '\0';
	tap_ok(sense_net_deserialize(cut, &back) < 0 && back.n == 0,
	    "truncated state rejected");
	strcpy(cut, text);
	cut[len - 2] = '7';
	tap_ok(sense_net_deserialize(cut, &back) < 0,
	    "wrong record count rejected");
	strcpy(cut, text);
	*strstr(cut, "47207") = 'x';
	tap_ok(sense_net_deserialize(cut, &back) < 0,
	    "bad counter rejected");
	tap_ok(sense_net_deserialize("", &back) < 0, "empty rejected");
	tap_ok(sense_net_deserialize("sense-net 1\nboot b\nend 0\n", &back)
	    == 0 && back.n == 0, "empty sample is fine");
	free(cut);
	free(text);
	sense_net_sample_free(&s);
	sense_net_sample_free(&back);
}

int
main(void)
{
	test_parse();
	test_n1();
	test_a7();
	test_rates();
	test_speed();
	test_sysfs();
	test_oper();
	test_state();
	return tap_done();
}
