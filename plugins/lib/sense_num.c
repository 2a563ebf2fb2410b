/* sense_num -- numbers as plugins read and print them. */
#include "sense_num.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
sense_num_parse(const char *s, double *out)
{
	const char *p = s;
	int digits = 0;
	char *end;

	if (*p == '+' || *p == '-')
		p++;
	for (; isdigit((unsigned char)*p); p++)
		digits++;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			digits++;
	if (digits == 0 || *p != '\0')
		return -1;
	errno = 0;
	*out = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(*out))
		return -1;
	return 0;
}

int
sense_num_parse_u64(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

void
sense_num_fixed(double v, int prec, char *buf, size_t size)
{
	if (isnan(v)) {
		snprintf(buf, size, "U");
		return;
	}
	snprintf(buf, size, "%.*f", prec, v);
	/* "-0.00" reads badly and means 0. */
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		memmove(buf, buf + 1, strlen(buf));
}

const char *
sense_num_pct(double v, char *buf, size_t size)
{
	sense_num_fixed(v, 2, buf, size);
	return buf;
}

const char *
sense_num_bytes(uint64_t n, char *buf, size_t size)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB",
	    "TiB", "PiB", "EiB" };
	double v = (double)n;
	size_t u = 0;

	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%llu B", (unsigned long long)n);
	else
		snprintf(buf, size, "%.2f %s", v, units[u]);
	return buf;
}

/* Drop trailing zeros after the point, and the point itself. */
static void
trim_zeros(char *buf)
{
	char *dot, *end;

	dot = strchr(buf, '.');
	if (dot == NULL)
		return;
	end = buf + strlen(buf) - 1;
	while (end > dot && *end == '0')
		*end-- = '\0';
	if (end == dot)
		*end = '\0';
}

void
sense_num_short(double v, int prec, char *buf, size_t size)
{
	sense_num_fixed(v, prec, buf, size);
	trim_zeros(buf);
}

void
sense_num_format(double v, char *buf, size_t size)
{
	sense_num_short(v, 6, buf, size);
}

void
sense_num_exact(double v, char *buf, size_t size)
{
	int prec;

	/*
	 * A double >= 2^53 is an integer and "%.0f" prints it exactly;
	 * any smaller one reads back once enough decimals are printed
	 * (at most 17 significant digits past the leading zeros).
	 */
	for (prec = 0; prec <= 340; prec++) {
		sense_num_fixed(v, prec, buf, size);
		if (isnan(v) || strtod(buf, NULL) == v)
			break;
	}
	trim_zeros(buf);
}
