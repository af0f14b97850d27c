/* output: a result printed as aligned text, CSV (RFC 4180) or JSON. */
#ifndef DBP_OUTPUT_H
#define DBP_OUTPUT_H

#include <stdio.h>

#include "../core/backend.h"
#include "../core/config.h"

void output_table(FILE *f, enum dbp_format fmt, const struct dbp_result *r);
void output_json_string(FILE *f, const char *s);

#endif
