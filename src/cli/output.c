/* output: see output.h.  Text output lines up and is safe to paste: values
 * are stripped of control characters first. */
#include "output.h"

#include <stdlib.h>
#include <string.h>

static int looks_numeric(const char *s)
{
	char *end;

	/* Stricter than strtod: no spaces, hex, "inf" or "nan", which JSON refuses. */
	if (!s || !*s || !strchr("-0123456789", s[0]) || s[strspn(s, "-+.0123456789eE")])
		return 0;
	strtod(s, &end);
	return *end == '\0';
}

/* Display width in columns, counting UTF-8 continuation bytes as nothing. */
static size_t text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

static void print_text(FILE *f, const struct dbp_result *r)
{
	size_t *w = xcalloc((size_t)r->ncols, sizeof *w);
	char **clean = xcalloc((size_t)(r->nrows * r->ncols) + 1, sizeof *clean);

	for (int j = 0; j < r->ncols; j++)
		w[j] = text_width(r->colnames[j]);
	for (long i = 0; i < r->nrows * r->ncols; i++) {
		clean[i] = sanitize_text(r->cells[i] ? r->cells[i] : "", 0);
		if (text_width(clean[i]) > w[i % r->ncols])
			w[i % r->ncols] = text_width(clean[i]);
	}
	for (int j = 0; j < r->ncols; j++)
		fprintf(f, "%s%-*s", j ? "  " : "", j == r->ncols - 1 ? 0 : (int)w[j], r->colnames[j]);
	fputc('\n', f);
	for (int j = 0; j < r->ncols; j++) {
		fprintf(f, "%s", j ? "  " : "");
		for (size_t k = 0; k < w[j]; k++)
			fputc('-', f);
	}
	fputc('\n', f);
	for (long i = 0; i < r->nrows; i++) {
		for (int j = 0; j < r->ncols; j++) {
			const char *v = clean[i * r->ncols + j];
			int pad = (int)(w[j] - text_width(v));
			int last = j == r->ncols - 1;

			fputs(j ? "  " : "", f);
			if (looks_numeric(r->cells[i * r->ncols + j]))
				fprintf(f, "%*s%s", pad, "", v);
			else
				fprintf(f, "%s%*s", v, last ? 0 : pad, "");
		}
		fputc('\n', f);
	}
	for (long i = 0; i < r->nrows * r->ncols; i++)
		free(clean[i]);
	free(clean);
	free(w);
}

static void csv_quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* RFC 4180.  Control characters become '?' as in the text format (a value
 * may carry escape sequences for the terminal that shows the file);
 * newline and tab stay, since a quoted field may hold them. */
static void csv_field(FILE *f, const char *raw)
{
	char *s;

	if (!raw)
		return;
	s = sanitize_text(raw, 1);
	if (strpbrk(s, ",\"\n"))
		csv_quoted(f, s);
	else
		fputs(s, f);
	free(s);
}

static void print_csv(FILE *f, const struct dbp_result *r)
{
	for (int j = 0; j < r->ncols; j++) {
		fputs(j ? "," : "", f);
		csv_field(f, r->colnames[j]);
	}
	fputs("\r\n", f);
	for (long i = 0; i < r->nrows; i++) {
		for (int j = 0; j < r->ncols; j++) {
			fputs(j ? "," : "", f);
			csv_field(f, result_cell(r, i, j));
		}
		fputs("\r\n", f);
	}
}

void output_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			/* C1 controls (U+0080..U+009F): JSON allows them raw, but a
			 * terminal showing the output obeys them. */
			fprintf(f, "\\u%04x", *++p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

/* An array of objects; numbers stay numbers, NULL is null. */
static void print_json(FILE *f, const struct dbp_result *r)
{
	fputs("[", f);
	for (long i = 0; i < r->nrows; i++) {
		fputs(i ? ",\n {" : "\n {", f);
		for (int j = 0; j < r->ncols; j++) {
			const char *v = result_cell(r, i, j);

			fputs(j ? ", " : "", f);
			output_json_string(f, r->colnames[j]);
			fputs(": ", f);
			if (!v)
				fputs("null", f);
			else if (looks_numeric(v))
				fputs(v, f);
			else
				output_json_string(f, v);
		}
		fputs("}", f);
	}
	fputs(r->nrows ? "\n]\n" : "]\n", f);
}

void output_table(FILE *f, enum dbp_format fmt, const struct dbp_result *r)
{
	if (fmt == FORMAT_CSV)
		print_csv(f, r);
	else if (fmt == FORMAT_JSON)
		print_json(f, r);
	else
		print_text(f, r);
}
