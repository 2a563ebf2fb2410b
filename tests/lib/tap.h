/*
 * tap.h -- a minimal TAP producer for the C unit tests (run by prove).
 * Header-only; each test program includes it once.
 */
#ifndef SENSE_TAP_H
#define SENSE_TAP_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static void tap_ok(int cond, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#include <stdarg.h>
static void
tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

#define TAP_IS_INT(got, want, name) do {				\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	tap_ok(g_ == w_, "%s", name);					\
	if (g_ != w_)							\
		printf("#   got %lld, want %lld\n", g_, w_);		\
} while (0)

#define TAP_IS_STR(got, want, name) do {				\
	const char *g_ = (got), *w_ = (want);				\
	int eq_ = (g_ && w_) ? strcmp(g_, w_) == 0 : g_ == w_;		\
	tap_ok(eq_, "%s", name);					\
	if (!eq_)							\
		printf("#   got  '%s'\n#   want '%s'\n",			\
		    g_ ? g_ : "(null)", w_ ? w_ : "(null)");		\
} while (0)

#define TAP_IS_NUM(got, want, eps, name) do {				\
	double g_ = (got), w_ = (want);					\
	int eq_ = fabs(g_ - w_) <= (eps);				\
	tap_ok(eq_, "%s", name);					\
	if (!eq_)							\
		printf("#   got %.9g, want %.9g\n", g_, w_);		\
} while (0)

static int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
