/* output: see output.h.  Text output lines up (display columns, not
 * bytes) and is safe to paste: control characters are shown, not sent.
 * JSON follows the columns' types: numbers, true/false, null, strings. */
#include "output.h"
#include "../core/grid.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

/* The locale's character set decides the marks: pictures of control
 * characters (U+2400..) in UTF-8, '?' elsewhere. */
int output_utf8(void)
{
	return strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}

/* The header, a rule, the rows: the same grid the screen's console draws,
 * with nothing cut, NULL as nothing, numbers right-aligned. */
static void print_text(FILE *f, const struct dbp_result *r)
{
	const struct grid_style style = { .utf8 = output_utf8(), .null_text = "", .sep = "  " };
	struct grid g;
	char *line;

	grid_build(&g, r, &style, -1);
	for (long i = -1; i < g.nrows; i++) {
		line = grid_line(&g, i);
		fprintf(f, "%s\n", line);
		free(line);
		if (i < 0) {
			line = grid_rule(&g);
			fprintf(f, "%s\n", line);
			free(line);
		}
	}
	grid_free(&g);
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

/* RFC 4180.  Control characters become '?' (a value may carry escape
 * sequences for the terminal that shows the file);
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

/* JSON's own number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
 * (an engine's "NaN" or "Infinity" is not one). */
static int json_number(const char *s)
{
	s += *s == '-';
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		s += strspn(s, "0123456789");
	else
		return 0;
	if (*s == '.') {
		size_t n = strspn(++s, "0123456789");

		if (!n)
			return 0;
		s += n;
	}
	if (*s == 'e' || *s == 'E') {
		size_t n;

		s += 1 + (s[1] == '+' || s[1] == '-');
		n = strspn(s, "0123456789");
		if (!n)
			return 0;
		s += n;
	}
	return *s == '\0';
}

/* A value as its column's type says: a number, true or false, or text. */
static void json_value(FILE *f, const char *v, enum dbp_type t)
{
	if (!v)
		fputs("null", f);
	else if (dbp_type_is_number(t) && json_number(v))
		fputs(v, f);
	else if (t == DBP_TYPE_BOOLEAN && (!strcmp(v, "t") || !strcmp(v, "true")))
		fputs("true", f);
	else if (t == DBP_TYPE_BOOLEAN && (!strcmp(v, "f") || !strcmp(v, "false")))
		fputs("false", f);
	else
		output_json_string(f, v);
}

void output_json_fields(FILE *f, const struct dbp_result *r, long row)
{
	for (int j = 0; j < r->ncols; j++) {
		fputs(j ? ", " : "", f);
		output_json_string(f, r->colnames[j]);
		fputs(": ", f);
		json_value(f, result_cell(r, row, j), result_type(r, j));
	}
}

void output_json_array(FILE *f, const struct dbp_result *r)
{
	fputs("[", f);
	for (long i = 0; i < r->nrows; i++) {
		fputs(i ? ",\n {" : "\n {", f);
		output_json_fields(f, r, i);
		fputs("}", f);
	}
	fputs(r->nrows ? "\n]" : "]", f);
}

void output_table(FILE *f, enum dbp_format fmt, const struct dbp_result *r)
{
	if (fmt == FORMAT_CSV)
		print_csv(f, r);
	else if (fmt == FORMAT_JSON) {
		output_json_array(f, r);
		fputc('\n', f);
	}
	else
		print_text(f, r);
}

void output_lines(FILE *f, const struct dbp_lines *lines)
{
	for (size_t i = 0; i < lines->n; i++) {
		char *clean = sanitize_text(lines->v[i].text, 0);

		fprintf(f, "%s%s%s\n", lines->v[i].role == DBP_LINE_TITLE ? "" : "  ",
			line_marker(&lines->v[i]), clean);
		free(clean);
	}
}

void output_clean(FILE *f, const char *fmt, ...)
{
	va_list ap;
	char *clean;

	va_start(ap, fmt);
	clean = xvasprintf_clean(fmt, ap);
	va_end(ap);
	fputs(clean, f);
	free(clean);
}
