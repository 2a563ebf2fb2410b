/*
 * tk_cli -- what people see: `list` and `show` as text or JSON.
 */
#ifndef TK_CLI_H
#define TK_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tk_store.h"

/* Print the tickets (all: resolved too).  0 or -1 (store error). */
int	tk_cli_list(struct tk_store *s, FILE *out, bool all, bool json);

/* Print one ticket and its history.  0, 1 when missing, -1 on error. */
int	tk_cli_show(struct tk_store *s, FILE *out, int64_t id, bool json);

/* A time as "2026-12-04 17:30:00Z" (UTC), "-" for none (t <= 0). */
void	tk_cli_time(double t, char *buf, size_t size);

#endif
