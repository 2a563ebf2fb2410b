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
 * Format v without scientific notation, with at most 6 decimals and no
 * trailing zeros ("70", "89.473684", "-1").  NaN prints as "U".
 */
void	sense_num_format(double v, char *buf, size_t size);

/* Same with at most prec decimals, trailing zeros kept ("89.47"). */
void	sense_num_fixed(double v, int prec, char *buf, size_t size);

#endif
