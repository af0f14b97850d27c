/* bigtext: a short figure ("17.7x", "5000", "PASS") in block letters five
 * rows high, for a projector at the back of a room.  Each letter is drawn
 * from a 3x5 pattern, its cells full blocks (or '#' in ASCII), twice as
 * wide where the width allows.  Only the characters a claim's figure
 * needs are here; anything else, or too little room, draws nothing and
 * the caller says the figure in plain text. */
#include "ui.h"

#include <string.h>

#define BIG_ROWS 5

/* Rows of a letter's pattern: '#' a cell drawn. */
static const struct { char c; const char *rows[BIG_ROWS]; } font[] = {
	{ '0', { "###", "#.#", "#.#", "#.#", "###" } },
	{ '1', { ".#.", "##.", ".#.", ".#.", "###" } },
	{ '2', { "###", "..#", "###", "#..", "###" } },
	{ '3', { "###", "..#", ".##", "..#", "###" } },
	{ '4', { "#.#", "#.#", "###", "..#", "..#" } },
	{ '5', { "###", "#..", "###", "..#", "###" } },
	{ '6', { "###", "#..", "###", "#.#", "###" } },
	{ '7', { "###", "..#", "..#", ".#.", ".#." } },
	{ '8', { "###", "#.#", "###", "#.#", "###" } },
	{ '9', { "###", "#.#", "###", "..#", "###" } },
	{ '.', { ".", ".", ".", ".", "#" } },
	{ '-', { "...", "...", "###", "...", "..." } },
	{ 'x', { "...", "...", "#.#", ".#.", "#.#" } },
	{ ' ', { ".", ".", ".", ".", "." } },
	{ 'A', { ".#.", "#.#", "###", "#.#", "#.#" } },
	{ 'F', { "###", "#..", "##.", "#..", "#.." } },
	{ 'I', { "###", ".#.", ".#.", ".#.", "###" } },
	{ 'K', { "#.#", "#.#", "##.", "#.#", "#.#" } },
	{ 'L', { "#..", "#..", "#..", "#..", "###" } },
	{ 'P', { "##.", "#.#", "##.", "#..", "#.." } },
	{ 'S', { ".##", "#..", ".#.", "..#", "##." } },
};

static int glyph(char c)
{
	for (size_t i = 0; i < DBP_ARRAY_LEN(font); i++)
		if (font[i].c == c)
			return (int)i;
	return -1;
}

/* Columns s takes at a scale (cells scale columns wide, scale between
 * letters); -1 when a character has no pattern. */
static int big_width(const char *s, int scale)
{
	int w = 0;

	for (const char *p = s; *p; p++) {
		int g = glyph(*p);

		if (g < 0)
			return -1;
		w += (int)strlen(font[g].rows[0]) * scale + (p[1] ? scale : 0);
	}
	return w;
}

static void add_row(const char *s, int row, int scale, int ascii, struct dbp_lines *out)
{
	const char *cell = ascii ? "#" : "\u2588";
	struct strbuf sb;

	sb_init(&sb);
	for (const char *p = s; *p; p++) {
		const char *pattern = font[glyph(*p)].rows[row];

		for (const char *q = pattern; *q; q++)
			for (int k = 0; k < scale; k++)
				sb_add(&sb, *q == '#' ? cell : " ");
		for (int k = 0; p[1] && k < scale; k++)
			sb_add(&sb, " ");
	}
	/* Blank rows are kept: the wrapper must not drop a letter's gap. */
	lines_add_owned(out, DBP_LINE_TITLE, sb_steal(&sb));
}

int ui_big_text(const char *s, int width, int ascii, struct dbp_lines *out)
{
	int scale = big_width(s, 2) >= 0 && big_width(s, 2) <= width ? 2 : 1;

	if (!*s || big_width(s, scale) < 0 || big_width(s, scale) > width)
		return 0;
	for (int row = 0; row < BIG_ROWS; row++)
		add_row(s, row, scale, ascii, out);
	return BIG_ROWS;
}
