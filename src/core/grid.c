/* grid: see grid.h. */
#define _XOPEN_SOURCE 700 /* wcwidth */
#include "grid.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* One code point from s: its length in bytes, or 0 where s does not start
 * a well-formed UTF-8 sequence (overlong forms and surrogates included).
 * Stops at the NUL: a sequence cut short is not well formed. */
static int utf8_decode(const unsigned char *s, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf && (s[1] & 0xc0) == 0x80) {
		*cp = (unsigned)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
		return 2;
	}
	if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
		*cp = (unsigned)(s[0] & 0x0f) << 12 | (unsigned)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
		return *cp >= 0x800 && (*cp < 0xd800 || *cp > 0xdfff) ? 3 : 0;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 &&
	    (s[3] & 0xc0) == 0x80) {
		*cp = (unsigned)(s[0] & 0x07) << 18 | (unsigned)(s[1] & 0x3f) << 12 |
		      (unsigned)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
		return *cp >= 0x10000 && *cp <= 0x10ffff ? 4 : 0;
	}
	return 0;
}

static void utf8_encode(struct strbuf *b, unsigned cp)
{
	char out[3] = { (char)(0xe0 | cp >> 12), (char)(0x80 | (cp >> 6 & 0x3f)), (char)(0x80 | (cp & 0x3f)) };

	sb_addn(b, out, 3); /* only ever called for U+0800..U+FFFF */
}

char *grid_visible(const char *s, int utf8)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	struct strbuf b;

	sb_init(&b);
	while (*p) {
		unsigned cp;
		int n = utf8_decode(p, &cp);

		if (n == 0 || (cp >= 0x80 && cp <= 0x9f)) /* not UTF-8, or a C1 control */
			utf8 ? utf8_encode(&b, 0xfffd) : sb_add(&b, "?");
		else if (cp < 0x20 || cp == 0x7f) /* C0 and DEL: their pictures, U+2400.. and U+2421 */
			utf8 ? utf8_encode(&b, cp == 0x7f ? 0x2421 : 0x2400 + cp) : sb_add(&b, "?");
		else
			sb_addn(&b, (const char *)p, (size_t)n);
		p += n ? n : 1;
	}
	return sb_steal(&b);
}

/* Columns one code point takes: wcwidth's answer, and 1 where it has none
 * (outside a UTF-8 locale it knows only ASCII). */
static int cp_width(unsigned cp)
{
	int w = wcwidth((wchar_t)cp);

	return w < 0 ? 1 : w;
}

/* The next character of s: its length (at least 1) and columns. */
static int next_char(const char *s, int *cols)
{
	unsigned cp;
	int n = utf8_decode((const unsigned char *)s, &cp);

	*cols = n ? cp_width(cp) : 1;
	return n ? n : 1;
}

int grid_width(const char *s)
{
	int w = 0, cols;

	while (*s) {
		s += next_char(s, &cols);
		w += cols;
	}
	return w;
}

size_t grid_fit(const char *s, int width)
{
	const char *p = s;
	int used = 0, cols;

	while (*p) {
		int n = next_char(p, &cols);

		if (used + cols > width)
			break;
		used += cols;
		p += n;
	}
	return (size_t)(p - s);
}

char *grid_cut(const char *s, int width, int utf8)
{
	size_t n;

	if (grid_width(s) <= width)
		return xstrdup(s);
	if (width < 1)
		return xstrdup("");
	n = grid_fit(s, width - 1);
	return xasprintf("%.*s%s", (int)n, s, utf8 ? "\u2026" : "~");
}

char *grid_slice(const char *s, int skip, int width)
{
	struct strbuf b;
	int col = 0, cols;

	sb_init(&b);
	while (*s) {
		int n = next_char(s, &cols);

		if (col - skip > width || (col - skip == width && cols > 0))
			break;
		if (col + cols <= skip) {
			/* left of the window */
		} else if (col < skip) {
			for (int i = skip; i < col + cols && i - skip < width; i++)
				sb_add(&b, " "); /* the right half of a wide character */
		} else if (col - skip + cols > width) {
			for (int i = col; i - skip < width; i++)
				sb_add(&b, " "); /* its left half */
		} else {
			sb_addn(&b, s, (size_t)n);
		}
		col += cols;
		s += n;
	}
	return sb_steal(&b);
}

int grid_word_at(const char *s, int col, int *start, int *end)
{
	int c = 0, cols, word = 0, found = 0;

	while (*s) {
		int n = next_char(s, &cols);

		if (*s == ' ') {
			if (found)
				break;
			word = c + cols;
		} else if (c + cols > col && !found) {
			if (c > col) /* col is past the last character before it */
				return 0;
			found = 1;
		}
		c += cols;
		s += n;
	}
	if (!found)
		return 0;
	*start = word;
	*end = c;
	return 1;
}

char *grid_blank(const char *s, int from, int to)
{
	char *before = grid_slice(s, 0, from), *after = grid_slice(s, to, grid_width(s));
	char *out = xasprintf("%s%*s%s", before, to - from, "", after);

	free(before);
	free(after);
	return out;
}

/* ---- the grid ------------------------------------------------------------ */

static char *shown(const char *raw, const struct grid_style *st)
{
	char *v = grid_visible(raw, st->utf8), *cut;

	if (st->max_width <= 0)
		return v;
	cut = grid_cut(v, st->max_width, st->utf8);
	free(v);
	return cut;
}

void grid_build(struct grid *g, const struct dbp_result *r, const struct grid_style *style,
		long max_rows)
{
	long rows = max_rows < 0 || max_rows > r->nrows ? r->nrows : max_rows;
	size_t ncells = (size_t)(rows + 1) * (size_t)r->ncols;

	memset(g, 0, sizeof *g);
	g->style = *style;
	g->ncols = r->ncols;
	g->nrows = rows;
	g->width = xcalloc((size_t)r->ncols + 1, sizeof *g->width);
	g->right = xcalloc((size_t)r->ncols + 1, sizeof *g->right);
	g->cells = xcalloc(ncells + 1, sizeof *g->cells);
	for (int j = 0; j < r->ncols; j++)
		g->right[j] = dbp_type_is_number(result_type(r, j));
	for (long i = -1; i < rows; i++)
		for (int j = 0; j < r->ncols; j++) {
			const char *raw = i < 0 ? r->colnames[j] : result_cell(r, i, j);
			char *text = raw ? shown(raw, style) : xstrdup(style->null_text);
			int w = grid_width(text);

			g->cells[(size_t)(i + 1) * (size_t)r->ncols + (size_t)j] = text;
			if (w > g->width[j])
				g->width[j] = w;
		}
}

void grid_free(struct grid *g)
{
	for (size_t i = 0; g->cells && i < (size_t)(g->nrows + 1) * (size_t)g->ncols; i++)
		free(g->cells[i]);
	free(g->cells);
	free(g->width);
	free(g->right);
	memset(g, 0, sizeof *g);
}

static void pad(struct strbuf *b, int n)
{
	for (; n > 0; n--)
		sb_add(b, " ");
}

char *grid_line(const struct grid *g, long row)
{
	struct strbuf b;
	size_t end = 0; /* after the last value: what follows is padding */

	sb_init(&b);
	if (row < -1 || row >= g->nrows)
		return sb_steal(&b);
	for (int j = 0; j < g->ncols; j++) {
		const char *cell = g->cells[(size_t)(row + 1) * (size_t)g->ncols + (size_t)j];
		int room = g->width[j] - grid_width(cell), right = row >= 0 && g->right[j] && *cell;

		if (j)
			sb_add(&b, g->style.sep);
		if (right)
			pad(&b, room);
		sb_add(&b, cell);
		end = *cell ? b.len : end;
		if (!right)
			pad(&b, room);
	}
	/* Without pad_last, the last value ends the line: no blanks after it. */
	if (!g->style.pad_last && b.s)
		b.s[end] = '\0';
	return sb_steal(&b);
}

char *grid_rule(const struct grid *g)
{
	struct strbuf b;

	sb_init(&b);
	for (int j = 0; j < g->ncols; j++) {
		if (j)
			sb_add(&b, g->style.sep);
		for (int k = 0; k < g->width[j]; k++)
			sb_add(&b, "-");
	}
	return sb_steal(&b);
}

int grid_fixed(const struct grid *g)
{
	return g->ncols > 1 ? g->width[0] + grid_width(g->style.sep) : 0;
}
