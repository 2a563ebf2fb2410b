/*
 * sense_num -- numbers as plugins read and print them.
 */
#ifndef SENSE_NUM_H
#define SENSE_NUM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parse a plain decimal ("-12", "3.5", "+.5"): no exponent, no hex,
 * no inf/nan, no surrounding blanks.  Returns 0 or -1.
 */
int	sense_num_parse(const char *s, double *out);

/* Parse an unsigned decimal integer that fits in uint64_t. 0 or -1. */
int	sense_num_parse_u64(const char *s, uint64_t *out);

/*
 * A buffer this large holds any double printed by the functions below
 * (up to 309 integer digits, or up to 340 decimals), so nothing is cut.
 */
#define SENSE_NUM_LEN	400

/*
 * Format v without scientific notation, with at most 6 decimals and no
 * trailing zeros ("70", "89.473684", "-1").  NaN prints as "U".
 */
void	sense_num_format(double v, char *buf, size_t size);

/*
 * The same with as many decimals as it takes for the text to read back
 * as exactly v (shortest such form: "0.0000001", "69.99999999"), for
 * thresholds and for values whose 6-decimal form would be judged
 * differently from v.
 */
void	sense_num_exact(double v, char *buf, size_t size);

/* Same with at most prec decimals, trailing zeros kept ("89.47"). */
void	sense_num_fixed(double v, int prec, char *buf, size_t size);

/* At most prec decimals, trailing zeros dropped ("12.5", "100"). */
void	sense_num_short(double v, int prec, char *buf, size_t size);

/* A percentage for text, two decimals ("89.47"); returns buf. */
const char *sense_num_pct(double v, char *buf, size_t size);

/* Bytes in binary units with two decimals ("7.81 GiB", "512 B"). */
const char *sense_num_bytes(uint64_t n, char *buf, size_t size);

#endif
