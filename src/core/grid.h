/* grid: a result laid out as lines of text, the same for the CLI's text
 * format and the screen's console, with no terminal code.  Widths are
 * display columns (wcwidth: é is one, 日 two), never bytes; a value wider
 * than the limit is cut on a character boundary and says so with a mark;
 * numbers are right-aligned; NULL stays apart from text.  Data is shown as
 * it is, with control characters made visible rather than obeyed.
 *
 * The text helpers below are what the grid is built from; the screen uses
 * them for every line it draws. */
#ifndef DBP_GRID_H
#define DBP_GRID_H

#include "backend.h"

struct grid_style {
	int utf8;              /* "…" and control pictures (␛); else "~" and "?" */
	int max_width;         /* display columns a value may take; 0: no limit */
	const char *null_text; /* how NULL reads */
	const char *sep;       /* between two columns */
	int pad_last;          /* pad to the full width (else a line ends with its last value) */
};

struct grid {
	int ncols;
	long nrows;        /* rows laid out (at most the max_rows asked for) */
	int *width;        /* display columns of each column */
	int *right;        /* right-aligned: a number column */
	char **cells;      /* (nrows + 1) * ncols shown values, row 0 the header */
	struct grid_style style;
};

/* Lays out the header and the first max_rows rows of r (max_rows < 0: all). */
void grid_build(struct grid *g, const struct dbp_result *r, const struct grid_style *style,
		long max_rows);
void grid_free(struct grid *g);
/* The header (row -1) or a row as one padded line; caller frees. */
char *grid_line(const struct grid *g, long row);
/* A dash under each column, as wide as it, separated as the cells are. */
char *grid_rule(const struct grid *g);
/* Display columns of the first column and the separator after it: what
 * stays in place while the rest scrolls sideways. */
int grid_fixed(const struct grid *g);

/* s as it may reach a terminal: C0 controls and DEL as control pictures
 * (U+2400..), C1 controls and bytes that are not UTF-8 as U+FFFD; without
 * utf8 each of those as '?'.  Anything else is kept as it is. */
char *grid_visible(const char *s, int utf8);
/* Display columns of visible text. */
int grid_width(const char *s);
/* Visible text in at most width columns: cut with a mark when it does not
 * fit ("…" or "~"). */
char *grid_cut(const char *s, int width, int utf8);
/* Columns [skip, skip + width) of visible text; half of a wide character
 * at either edge becomes a blank, so what is drawn keeps its columns. */
char *grid_slice(const char *s, int skip, int width);
/* The columns [*start, *end) of the word (text between spaces) that
 * covers column col of visible text: 1, or 0 where col is a space or past
 * the end. */
int grid_word_at(const char *s, int col, int *start, int *end);
/* Visible text with the columns [from, to) blanked: what a word cut at a
 * pane's edge leaves, so that 1909.175 never reads as 909.175. */
char *grid_blank(const char *s, int from, int to);
/* How many bytes of visible text fill at most width columns. */
size_t grid_fit(const char *s, int width);

#endif
