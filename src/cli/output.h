/* output: a result printed as aligned text, CSV (RFC 4180) or JSON. */
#ifndef DBP_OUTPUT_H
#define DBP_OUTPUT_H

#include <stdio.h>

#include "../core/backend.h"
#include "../core/config.h"

void output_table(FILE *f, enum dbp_format fmt, const struct dbp_result *r);
/* Lines with roles: headings as they are, the rest indented, each with
 * its role's marker ("+ ", "! "). */
void output_lines(FILE *f, const struct dbp_lines *lines);
void output_json_string(FILE *f, const char *s);
/* 1 when the locale's character set is UTF-8 (marks and pictures). */
int output_utf8(void);
/* JSON for what is more than one table (show): a row's "name": value
 * pairs, typed by column (numbers, true/false, null, strings), and a
 * result as an array of such objects, with no newline after it. */
void output_json_fields(FILE *f, const struct dbp_result *r, long row);
void output_json_array(FILE *f, const struct dbp_result *r);
/* A report line that names what the server holds (a database name may
 * carry any byte but NUL): printed with its control characters as '?',
 * newlines and tabs kept, so no name reaches a terminal as an escape. */
void output_clean(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
