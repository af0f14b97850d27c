/* draw: everything that reaches the terminal: the title, the sidebar with
 * the lessons and their steps, the tab row, the focused pane's lines
 * (wrapped, or scrolled sideways for grids; the search's matches
 * highlighted), the help overlay and the status line or the / prompt.
 * Colours come from named roles, which each line carries beside its text;
 * NO_COLOR and monochrome terminals get attributes instead.  Text is drawn
 * as it is, measured in display columns, with control characters made
 * visible (grid.h), never obeyed. */
#include "ui.h"
#include "../core/grid.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

static void ui_set_role(struct ui *ui, enum role r, int on)
{
	if (!ui->color) {
		if (r == ROLE_SELECTED || r == ROLE_TITLE || r == ROLE_STATUS)
			(on ? attron : attroff)(A_REVERSE);
		if (r == ROLE_ERROR)
			(on ? attron : attroff)(A_BOLD);
		return;
	}
	(on ? attron : attroff)(COLOR_PAIR(r));
	if (r == ROLE_TITLE || r == ROLE_ERROR)
		(on ? attron : attroff)(A_BOLD);
}

static int screen_utf8(void)
{
	return strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}

/* Text clipped to width display columns, control characters shown as
 * their pictures (or '?'), never sent to the terminal. */
static void ui_put_text(int y, int x, int width, const char *s)
{
	char *shown = grid_visible(s, screen_utf8()), *part;

	if (width <= 0) {
		free(shown);
		return;
	}
	part = grid_slice(shown, 0, width);
	mvaddstr(y, x, part);
	free(part);
	free(shown);
}

static void ui_fill_line(int y, int x, int width)
{
	mvhline(y, x, ' ', width);
}

/* The colour of a line's role. */
static enum role ui_line_role(enum dbp_line_role r)
{
	switch (r) {
	case DBP_LINE_TITLE: case DBP_LINE_HEADER: return ROLE_TITLE;
	case DBP_LINE_ADDED: return ROLE_ADDED;
	case DBP_LINE_REMOVED: return ROLE_REMOVED;
	case DBP_LINE_CHANGED: return ROLE_CHANGED;
	case DBP_LINE_ERROR: return ROLE_ERROR;
	case DBP_LINE_NOTE: return ROLE_DIM;
	case DBP_LINE_SELECTED: return ROLE_SELECTED;
	default: return ROLE_NORMAL;
	}
}

/* A grid's lines are never wrapped: they scroll sideways. */
static int is_grid(enum dbp_line_role r)
{
	return r == DBP_LINE_HEADER || r == DBP_LINE_ROW;
}

/* The / prompt: what is typed so far (its end, when long), and the keys. */
static void draw_search_prompt(struct ui *ui)
{
	static const char hint[] = "Enter searches, Esc cancels";
	int room = COLS - 4 - (int)sizeof hint;
	const char *shown = ui->search_input;
	char *text;

	while ((int)strlen(shown) > room - 2 && *shown) {
		shown++;
		while ((*shown & 0xc0) == 0x80)
			shown++;
	}
	text = xasprintf("/%s_", shown);
	ui_set_role(ui, ROLE_STATUS, 1);
	ui_fill_line(LINES - 1, 0, COLS);
	ui_put_text(LINES - 1, 1, COLS - 2, text);
	if (room > 10)
		ui_put_text(LINES - 1, COLS - (int)sizeof hint, (int)sizeof hint - 1, hint);
	ui_set_role(ui, ROLE_STATUS, 0);
	free(text);
}

static void wrap_line(const struct dbp_line *in, int width, int utf8, struct dbp_lines *out);

/* Visible text longer than width keeps its start (what failed) and its end
 * (why), cut in the middle. */
static char *fit_middle(const char *s, int width, int ascii)
{
	const char *gap = ascii ? " ... " : " \u2026 ";
	int room = width - (width / 2 - 3) - 5;
	size_t head, tail;

	if (width < 20 || grid_width(s) <= width)
		return xstrdup(s);
	head = grid_fit(s, width / 2 - 3);
	/* The end: from the first character after which the rest fits. */
	for (tail = head; s[tail] && ((s[tail] & 0xc0) == 0x80 || grid_width(s + tail) > room); tail++)
		;
	return xasprintf("%.*s%s%s", (int)head, s, gap, s + tail);
}

#define STATUS_ERROR_LINES 4 /* a long error grows the status line upward, over the panes */

/* The status as the lines it is drawn on: an error wrapped whole (up to
 * STATUS_ERROR_LINES; its every part can matter: libpq's "Connection
 * refused" sits mid-message), anything else on one line. */
static void status_lines(struct ui *ui, int width, struct dbp_lines *out)
{
	struct dbp_line one = { .role = DBP_LINE_TEXT, .text = ui->status };
	char *visible = grid_visible(ui->status, !ui->ascii);
	struct dbp_lines wrapped = { 0 };

	if (!ui->status_error) {
		lines_add_owned(out, DBP_LINE_TEXT, fit_middle(visible, width, ui->ascii));
		free(visible);
		return;
	}
	free(visible);
	wrap_line(&one, width, !ui->ascii, &wrapped);
	for (size_t i = 0; i < wrapped.n && i < STATUS_ERROR_LINES - 1; i++)
		lines_add(out, DBP_LINE_TEXT, wrapped.v[i].text);
	if (wrapped.n >= STATUS_ERROR_LINES) {
		struct strbuf rest;

		sb_init(&rest);
		for (size_t i = STATUS_ERROR_LINES - 1; i < wrapped.n; i++)
			sb_addf(&rest, "%s%s", rest.len ? " " : "", wrapped.v[i].text);
		lines_add_owned(out, DBP_LINE_TEXT, fit_middle(rest.s, width, ui->ascii));
		sb_free(&rest);
	}
	lines_free(&wrapped);
}

/* Presenter mode: the last keys at the right end of the status line, as
 * a screencast shows them, so the room can follow. */
static void draw_keys(struct ui *ui, const char *keys)
{
	int w = keys ? grid_width(keys) : 0;

	if (!w)
		return;
	ui_set_role(ui, ROLE_SELECTED, 1);
	ui_put_text(LINES - 1, COLS - 1 - w, w, keys);
	ui_set_role(ui, ROLE_SELECTED, 0);
}

void ui_draw_status(struct ui *ui)
{
	struct dbp_lines lines = { 0 };
	char *keys;
	int n, room;

	if (ui->searching) { /* the prompt shows what is typed, and its own keys */
		draw_search_prompt(ui);
		return;
	}
	keys = ui->present ? ui_present_keys_text(ui, COLS / 3) : NULL;
	room = COLS - 2 - (keys ? grid_width(keys) + 2 : 0);
	status_lines(ui, room, &lines);
	n = (int)lines.n;
	ui_set_role(ui, ui->status_error ? ROLE_ERROR : ROLE_STATUS, 1);
	ui_fill_line(LINES - 1, 0, COLS);
	for (int i = 0; i < n; i++) {
		ui_fill_line(LINES - n + i, 0, COLS);
		ui_put_text(LINES - n + i, 1, room, lines.v[i].text);
	}
	ui_set_role(ui, ui->status_error ? ROLE_ERROR : ROLE_STATUS, 0);
	draw_keys(ui, keys);
	lines_free(&lines);
	free(keys);
}

static void draw_steps(struct ui *ui, const struct lesson *l, int *y, int height)
{
	long current = ui_current_step(ui);

	for (size_t s = 0; s < l->nsteps && *y < height; s++, (*y)++) {
		int done = ui_step_done(ui, ui->lesson, l, s);
		enum role r = (long)s == current && ui->step_at >= 0 ? ROLE_NORMAL : ROLE_DIM;
		const char *glyph = (long)s == current ? ">" : done ? (ui->ascii ? "*" : "\u2713")
				  : (ui->ascii ? "-" : "\u00b7");
		char *label = xasprintf("   %s %s", glyph, l->steps[s].title);

		if (1 + *y < (int)DBP_ARRAY_LEN(ui->row_step))
			ui->row_step[1 + *y] = (int)s + 1;
		ui_set_role(ui, r, 1);
		ui_put_text(1 + *y, 0, SIDEBAR - 1, label);
		ui_set_role(ui, r, 0);
		free(label);
	}
}

/* The engine's description at the foot of the sidebar takes this many
 * lines: a PostgreSQL user@host:port/db or a workspace path is often long. */
static int server_lines(struct ui *ui)
{
	int lines = ((int)strlen(ui->ws.ops->server_describe(ui->ws.srv)) + SIDEBAR - 3) / (SIDEBAR - 2);

	return lines > 3 ? 3 : lines;
}

/* The engine at the foot of the sidebar, wrapped over up to three lines,
 * and the prefix above it: on a shared server, whose names these are. */
static void draw_server(struct ui *ui, int used, int height)
{
	const char *d = ui->ws.ops->server_describe(ui->ws.srv);
	int width = SIDEBAR - 2, lines = server_lines(ui);

	if (height - used < lines + 1)
		return;
	ui_set_role(ui, ROLE_DIM, 1);
	if (height - used >= lines + 2) {
		char *prefix = xasprintf("prefix %s", ui->ws.prefix);

		ui_put_text(height - lines, 0, width, prefix);
		free(prefix);
	}
	for (int i = 0; i < lines; i++) {
		size_t at = (size_t)i * (size_t)width;

		/* The last line shows the end of the text, where names differ. */
		if (i == lines - 1 && strlen(d) > at + (size_t)width)
			at = strlen(d) - (size_t)width;
		ui_put_text(height - lines + 1 + i, 0, width, d + at);
	}
	ui_set_role(ui, ROLE_DIM, 0);
}

/* Which lessons the sidebar lists, [*first, *last): all of them when they
 * fit with the selected lesson's steps in room rows; else a window around
 * the selected lesson (fourteen lessons on a projector's twenty rows),
 * leaving a row above and below for saying how many more there are. */
static void sidebar_window(const struct ui *ui, int room, size_t *first, size_t *last)
{
	size_t n = ui->lessons.n, sel = ui->lesson;
	int steps = n ? (int)ui->lessons.v[sel]->nsteps : 0;
	size_t k;

	*first = 0;
	*last = n;
	if ((int)n + steps <= room)
		return;
	k = room - steps - 2 > 1 ? (size_t)(room - steps - 2) : 1;
	*first = sel > (k - 1) / 2 ? sel - (k - 1) / 2 : 0;
	*last = *first + k < n ? *first + k : n;
	*first = *last > k ? *last - k : 0;
	if (*first == 0 && *last < n) /* no row above: one more lesson below */
		(*last)++;
	else if (*last == n && *first > 0)
		(*first)--;
}

static void sidebar_more(struct ui *ui, int y, size_t hidden, int above)
{
	char *label = xasprintf("   %s %zu more", above ? (ui->ascii ? "^" : "\u2191") : (ui->ascii ? "v" : "\u2193"),
				hidden);

	ui_set_role(ui, ROLE_DIM, 1);
	ui_put_text(1 + y, 0, SIDEBAR - 1, label);
	ui_set_role(ui, ROLE_DIM, 0);
	free(label);
}

/* Digits of the highest lesson number, so that 9 and 10 line up. */
static int number_width(const struct ui *ui)
{
	int most = 0;

	for (size_t i = 0; i < ui->lessons.n; i++)
		if (ui->lessons.v[i]->number > most)
			most = ui->lessons.v[i]->number;
	return most >= 100 ? 3 : 2; /* " 9" and "10": the one-digit ones keep their space */
}

static void sidebar_lesson(struct ui *ui, size_t i, int y)
{
	char *label = xasprintf("%*d %s", number_width(ui), ui->lessons.v[i]->number, ui->lessons.v[i]->title);

	if (1 + y < (int)DBP_ARRAY_LEN(ui->row_lesson))
		ui->row_lesson[1 + y] = (int)i + 1;
	if (i == ui->lesson)
		ui_set_role(ui, ROLE_SELECTED, 1);
	ui_fill_line(1 + y, 0, SIDEBAR - 1);
	ui_put_text(1 + y, 0, SIDEBAR - 1, label);
	if (i == ui->lesson)
		ui_set_role(ui, ROLE_SELECTED, 0);
	free(label);
}

static void draw_sidebar(struct ui *ui, int height)
{
	int foot = ui->ws_open ? server_lines(ui) + 2 : 0, y = 0;
	size_t first, last;

	sidebar_window(ui, height - foot, &first, &last);
	if (first > 0)
		sidebar_more(ui, y++, first, 1);
	for (size_t i = first; i < last && y < height; i++, y++) {
		sidebar_lesson(ui, i, y);
		if (i == ui->lesson) { /* its steps, leaving the rows below theirs */
			int below = (int)(last - i - 1) + (last < ui->lessons.n);

			y++;
			draw_steps(ui, ui->lessons.v[i], &y, height - foot - below);
			y--;
		}
	}
	if (last < ui->lessons.n && y < height)
		sidebar_more(ui, y++, ui->lessons.n - last, 0);
	if (ui->ws_open)
		draw_server(ui, y, height);
	/* Drawn as text, not ACS: some terminals (and tmux with a borrowed
	 * TERM) show the alternate character set as letters. */
	for (int row = 1; row <= height; row++)
		ui_put_text(row, SIDEBAR - 1, 1, ui->ascii ? "|" : "\u2502");
}

/* Pane names in a row; where they do not all fit (a projector's 64
 * columns), their first letters, so the focused one always shows. */
static void draw_tabs(struct ui *ui, int y, int x, int width)
{
	int at = x, full = 0, letters;

	for (int p = 0; p < PANE_COUNT; p++)
		full += (int)strlen(ui_panes[p].name) + 2;
	letters = full <= width ? 99 : (width / PANE_COUNT) - 2;
	if (letters < 3)
		letters = 3;
	for (int p = 0; p < PANE_COUNT && at < x + width; p++) {
		char *label = xasprintf(" %.*s ", letters, ui_panes[p].name);
		int room = x + width - at;
		int beside = ui_split(ui) && p == (int)ui_companion(ui);

		if (p == (int)ui->pane)
			ui_set_role(ui, ROLE_SELECTED, 1);
		if (beside)
			attron(A_UNDERLINE);
		ui_put_text(y, at, room, label);
		if (beside)
			attroff(A_UNDERLINE);
		if (p == (int)ui->pane)
			ui_set_role(ui, ROLE_SELECTED, 0);
		at += (int)strlen(label);
		ui->tab_end[p] = at;
		free(label);
	}
}

/* Long lines wrap at spaces, by display columns; the role's marker ("+ ",
 * "! ") leads the first part, and a continuation keeps the role and is
 * indented under the text, so an error or a heading reads as one. */
static void wrap_line(const struct dbp_line *in, int width, int utf8, struct dbp_lines *out)
{
	char *full = xasprintf("%s%s", line_marker(in), in->text);
	char *vis = grid_visible(full, utf8);
	int indent = (int)strspn(in->text, " ") + (in->role == DBP_LINE_TEXT ? 0 : 2);
	const char *s = vis;

	free(full);
	if (width < 10 || indent > width / 2 || grid_width(vis) <= width) {
		lines_add_owned(out, in->role, vis);
		return;
	}
	for (int first = 1; *s; first = 0) {
		size_t fit = grid_fit(s, first ? width : width - indent), cut = 0;

		/* At the last blank before the edge (as before: a word that ends
		 * exactly at the edge moves down too, so layouts do not shift). */
		for (size_t k = fit; s[fit] && k > 1 && !cut; k--)
			if (s[k - 1] == ' ')
				cut = k - 1;
		if (!cut)
			cut = fit;
		if (!cut) /* not even one character fits: it goes alone */
			for (cut = 1; (s[cut] & 0xc0) == 0x80; cut++)
				;
		if (first)
			lines_add_owned(out, in->role, xstrndup(s, cut));
		else
			lines_addf(out, in->role, "%*s%.*s", indent, "", (int)cut, s);
		s += cut;
		while (*s == ' ')
			s++;
	}
	free(vis);
}

/* The fixed columns of a grid line in a pane width wide: its first
 * column, where that leaves the rest half the pane. */
static int fixed_columns(const struct dbp_line *l, int width)
{
	return l->fixed > 0 && l->fixed <= width / 2 ? l->fixed : 0;
}

/* Columns cut on the left (hscroll > 0) and on the right (more than
 * hscroll + width): where the marks of cut_marks go. */
static int cut_left(int hscroll)
{
	return hscroll > 0;
}

static int cut_right(const struct dbp_line *l, int width, int hscroll)
{
	return grid_width(l->text) > hscroll + width;
}

/* The word of a grid line under a cut edge is blanked whole where it
 * could show whole once scrolled to: part of a figure would read as
 * another one (1909.175 as 909.175), and the edge's mark stands in its
 * place.  A word wider than the pane's room shows in part, as it must.
 * text_col is the edge's column in the line, rest_col in what is drawn. */
static char *blank_cut_word(const struct dbp_line *l, char *rest, int text_col, int rest_col, int room)
{
	int from, to;
	char *out;

	if (!grid_word_at(l->text, text_col, &from, &to) || to - from > room - 2)
		return rest;
	if (!grid_word_at(rest, rest_col, &from, &to))
		return rest;
	out = grid_blank(rest, from, to);
	free(rest);
	return out;
}

/* What a line shows in a column width wide: a grid's line keeps its
 * fixed columns (the first column) in place and shows the rest from
 * hscroll on, or scrolls whole when the first column is too wide for
 * that; any other line shows from its start. */
static char *drawn_text(const struct dbp_line *l, int width, int hscroll)
{
	int fixed = fixed_columns(l, width);
	char *head, *rest, *s;

	if (!is_grid(l->role))
		return grid_slice(l->text, 0, width);
	head = grid_slice(l->text, 0, fixed);
	rest = grid_slice(l->text, fixed + hscroll, width - fixed);
	if (cut_left(hscroll))
		rest = blank_cut_word(l, rest, fixed + hscroll, 0, width - fixed);
	if (cut_right(l, width, hscroll))
		rest = blank_cut_word(l, rest, hscroll + width - 1, width - fixed - 1, width - fixed);
	s = xasprintf("%s%s", head, rest);
	free(head);
	free(rest);
	return s;
}

/* How far a grid can scroll sideways before its widest line has shown
 * its end. */
static int grid_scroll_limit(const struct dbp_lines *lines, int width)
{
	int widest = 0;

	for (size_t i = 0; i < lines->n; i++)
		if (is_grid(lines->v[i].role) && grid_width(lines->v[i].text) > widest)
			widest = grid_width(lines->v[i].text);
	return widest > width ? widest - width : 0;
}

/* The header of the grid row at index i, when the grid's header has
 * scrolled out of view above it: it stays on the top line. */
static const struct dbp_line *pinned_header(const struct dbp_lines *lines, size_t i)
{
	if (lines->v[i].role != DBP_LINE_ROW)
		return NULL;
	while (i > 0 && lines->v[i - 1].role == DBP_LINE_ROW)
		i--;
	return i > 0 && lines->v[i - 1].role == DBP_LINE_HEADER ? &lines->v[i - 1] : NULL;
}

/* Display columns from a to b. */
static int columns_between(const char *a, const char *b)
{
	char *part = xstrndup(a, (size_t)(b - a));
	int n = grid_width(part);

	free(part);
	return n;
}

/* The search's matches on a drawn line, highlighted where they stand. */
static void mark_matches(struct ui *ui, int y, int x, int width, const char *shown, enum role r)
{
	/* Without colours, a line already in reverse video underlines it. */
	attr_t attr = ui->color ? A_BOLD
		    : r == ROLE_SELECTED || r == ROLE_TITLE ? A_UNDERLINE | A_BOLD : A_REVERSE;
	short pair = ui->color ? ROLE_MATCH : 0;
	const char *m;
	size_t len;

	for (const char *p = shown; (m = ui_find(p, ui->search, &len)) && len; p = m + len) {
		int col = columns_between(shown, m), n = columns_between(m, m + len);

		if (col >= width)
			break;
		mvchgat(y, x + col, n < width - col ? n : width - col, attr, pair, NULL);
	}
}

/* The lines of pane p as drawn in a column width wide: wrapped, each with
 * its role's marker and made visible, except a grid's (it scrolls
 * sideways instead).  *cursor, when given, is a line of the pane and
 * becomes the first line it is drawn on. */
void ui_pane_lines(struct ui *ui, enum pane p, int width, struct dbp_lines *out, int *cursor)
{
	for (size_t i = 0; i < ui->lines[p].n; i++) {
		const struct dbp_line *l = &ui->lines[p].v[i];

		if (cursor && *cursor == (int)i) {
			*cursor = (int)out->n;
			cursor = NULL;
		}
		if (is_grid(l->role)) {
			lines_add(out, l->role, l->text);
			out->v[out->n - 1].fixed = l->fixed;
		} else {
			wrap_line(l, width, !ui->ascii, out);
		}
	}
}

/* A grid line cut at the pane's edge says so in its edge column, as
 * pspg does: more to the right, or columns scrolled away to the left
 * (beside the fixed first column).  drawn_text has blanked the words
 * those columns cut, where they fit the pane.  h and l scroll it sideways. */
static void cut_marks(struct ui *ui, const struct dbp_line *l, int y, int x, int width, int hscroll)
{
	if (!is_grid(l->role) || width < 8)
		return;
	ui_set_role(ui, ROLE_DIM, 1);
	if (cut_right(l, width, hscroll))
		ui_put_text(y, x + width - 1, 1, ui->ascii ? ">" : "\u2192");
	if (cut_left(hscroll) && grid_width(l->text) > fixed_columns(l, width))
		ui_put_text(y, x + fixed_columns(l, width), 1, ui->ascii ? "<" : "\u2190");
	ui_set_role(ui, ROLE_DIM, 0);
}

/* Lines of pane p in a column: wrapped (grids unwrapped and, in the
 * focused pane, scrolled sideways), scrolled by *scroll, which is clamped
 * here, as is the sideways scroll. */
/* Past its first step, a lesson opens at the step to do next, its heading
 * on top; before it, at the top, where the story starts.  A step the
 * presenter went to is on top, the first one too. */
static void jump(struct ui *ui, const struct dbp_lines *lines, int *scroll)
{
	long next = ui_current_step(ui);
	char heading[32];

	ui->open_at_step = 0;
	if (next < 0 || (next == 0 && ui->step_at < 0))
		return;
	snprintf(heading, sizeof heading, "Step %ld: ", next + 1);
	for (size_t i = 0; i < lines->n; i++)
		if (!strncmp(lines->v[i].text, heading, strlen(heading))) {
			*scroll = (int)i;
			break;
		}
}

/* More lines below the pane's last row: said in its corner, as less does. */
static void more_below(struct ui *ui, int y, int x, int width)
{
	const char *more = ui->ascii ? " v more " : " \u2193 more ";
	int w = 8;

	if (width < 20)
		return;
	ui_set_role(ui, ROLE_DIM, 1);
	ui_put_text(y, x + width - w, w, more);
	ui_set_role(ui, ROLE_DIM, 0);
}

static void draw_lines(struct ui *ui, enum pane p, int focused, int y, int x, int width, int height,
		       int *scroll)
{
	struct dbp_lines lines = { 0 };
	int cursor = ui->tables.cursor_line, hscroll = 0;
	int marks = focused && ui->search_marks && ui->search[0];

	ui_pane_lines(ui, p, width, &lines, &cursor);
	if (focused) {
		if (ui->hscroll > grid_scroll_limit(&lines, width))
			ui->hscroll = grid_scroll_limit(&lines, width);
		hscroll = ui->hscroll;
	}
	/* Keep the table cursor in view. */
	if (focused && p == PANE_TABLES && !ui->tables.open) {
		if (cursor < *scroll)
			*scroll = cursor;
		if (cursor >= *scroll + height)
			*scroll = cursor - height + 1;
	}
	if (focused && p == PANE_LESSON && ui->open_at_step)
		jump(ui, &lines, scroll);
	if (*scroll > (int)lines.n - height)
		*scroll = (int)lines.n - height;
	if (*scroll < 0)
		*scroll = 0;
	for (int row = 0; row < height && (size_t)(row + *scroll) < lines.n; row++) {
		const struct dbp_line *l = &lines.v[row + *scroll];
		const struct dbp_line *head = row == 0 ? pinned_header(&lines, (size_t)*scroll) : NULL;
		enum role r;
		char *shown;

		if (head)
			l = head;
		r = ui_line_role(l->role);
		shown = drawn_text(l, width, hscroll);
		ui_set_role(ui, r, 1);
		if (l->role == DBP_LINE_SELECTED)
			ui_fill_line(y + row, x, width);
		ui_put_text(y + row, x, width, shown);
		ui_set_role(ui, r, 0);
		if (marks)
			mark_matches(ui, y + row, x, width, shown, r);
		cut_marks(ui, l, y + row, x, width, hscroll);
		free(shown);
	}
	if (*scroll + height < (int)lines.n)
		more_below(ui, y + height - 1, x, width);
	lines_free(&lines);
}

static void draw_panes(struct ui *ui, const struct layout *lo)
{
	draw_lines(ui, ui->pane, 1, lo->top, lo->x, lo->half, lo->rows, &ui->scroll);
	if (!lo->split)
		return;
	for (int row = 0; row < lo->rows; row++)
		ui_put_text(lo->top + row, lo->x + lo->half, 1, ui->ascii ? "|" : "\u2502");
	/* The wheel scrolls the pane beside; another pane there starts at its top. */
	if (ui->companion_pane != ui_companion(ui)) {
		ui->companion_pane = ui_companion(ui);
		ui->companion_scroll = 0;
	}
	draw_lines(ui, ui->companion_pane, 0, lo->top, lo->x + lo->half + 2, lo->other, lo->rows,
		   &ui->companion_scroll);
}

/* A frame of ASCII or box-drawing characters around a rectangle. */
static void frame(struct ui *ui, int y, int x, int h, int w)
{
	const char *hz = ui->ascii ? "-" : "\u2500", *vt = ui->ascii ? "|" : "\u2502";

	for (int c = 1; c < w - 1; c++) {
		ui_put_text(y, x + c, 1, hz);
		ui_put_text(y + h - 1, x + c, 1, hz);
	}
	for (int r = 1; r < h - 1; r++) {
		ui_put_text(y + r, x, 1, vt);
		ui_put_text(y + r, x + w - 1, 1, vt);
	}
	ui_put_text(y, x, 1, ui->ascii ? "+" : "\u250c");
	ui_put_text(y, x + w - 1, 1, ui->ascii ? "+" : "\u2510");
	ui_put_text(y + h - 1, x, 1, ui->ascii ? "+" : "\u2514");
	ui_put_text(y + h - 1, x + w - 1, 1, ui->ascii ? "+" : "\u2518");
}

/* Every key from the action table, in one column where it fits, else two. */
#define HELP_LABEL 11 /* the key column of the help */

/* The widest entry of the help, whole. */
static int help_entry_width(void)
{
	int w = 0;

	for (size_t i = 0; i < ui_action_count; i++) {
		int n = HELP_LABEL + 1 + (int)strlen(ui_actions[i].help);

		w = n > w ? n : w;
	}
	return w;
}

/* Two columns where whole entries fit side by side, else one; entries are
 * never cut: what does not fit goes on a next page (Space or PgDn). */
static void draw_help(struct ui *ui)
{
	int n = (int)ui_action_count, entry = help_entry_width();
	int cols = 2 * (entry + 2) + 4 <= COLS ? 2 : 1;
	int w = cols * (entry + 2) + 4 < COLS ? cols * (entry + 2) + 4 : COLS;
	int h = LINES - 1, per_page = (h - 5) * cols, pages = (n + per_page - 1) / per_page;
	int page = (ui->help - 1) % (pages ? pages : 1), first = page * per_page;
	int rows = h - 5, y = 0, x = (COLS - w) / 2, colw = (w - 4) / cols;
	char *title = pages > 1 ? xasprintf("Keys, page %d of %d (Space: next page; any other key closes)",
					     page + 1, pages)
				: xstrdup("Keys (any key closes; man dbpatterns has more)");

	if (w < (int)strlen(title) + 4)
		w = (int)strlen(title) + 4 < COLS ? (int)strlen(title) + 4 : COLS;
	x = (COLS - w) / 2;
	colw = (w - 4) / cols;
	if ((n - first + cols - 1) / cols + 5 < h)
		h = (n - first + cols - 1) / cols + 5, rows = h - 5, y = (LINES - 1 - h) / 2;
	for (int r = 0; r < h; r++)
		ui_fill_line(y + r, x, w);
	frame(ui, y, x, h, w);
	ui_set_role(ui, ROLE_TITLE, 1);
	ui_put_text(y + 1, x + 2, w - 4, title);
	ui_set_role(ui, ROLE_TITLE, 0);
	ui_put_text(y + 2, x + 2, w - 4, ui->mouse ? "1..9 lesson N; wheel scrolls; Shift-drag copies"
		    : "1..9 lesson N; mouse off (M): drag copies text");
	for (int i = first; i < n && i < first + rows * cols; i++) {
		int row = (i - first) % rows, col = (i - first) / rows;
		char *text = xasprintf("%-*s %s", HELP_LABEL, ui_actions[i].label, ui_actions[i].help);

		ui_put_text(y + 3 + row, x + 2 + col * colw, colw, text);
		free(text);
	}
	free(title);
}

#define BAND_SENTENCE_LINES 4 /* a tour's sentence wraps over at most these */

/* A running tour's band (tour.c): its sentence, wrapped, and its keys, as
 * the rows drawn on the status line, in reverse video so a class sees it. */
static void band_rows(struct ui *ui, struct dbp_lines *rows)
{
	struct dbp_lines band = { 0 };

	if (ui_tour_band(ui, &band)) {
		wrap_line(&band.v[0], COLS - 2, !ui->ascii, rows);
		while (rows->n > BAND_SENTENCE_LINES)
			free(rows->v[--rows->n].text);
		/* the keys wrap too: on a projector's 64 columns Esc was cut off */
		wrap_line(&band.v[1], COLS - 2, !ui->ascii, rows);
	}
	lines_free(&band);
}

/* The status text's columns: in presenter mode the keys pressed take the
 * right of the line (ui_draw_status). */
static int status_room(const struct ui *ui)
{
	char *keys = ui->present ? ui_present_keys_text(ui, COLS / 3) : NULL;
	int room = COLS - 2 - (keys ? grid_width(keys) + 2 : 0);

	free(keys);
	return room;
}

/* The status line's rows: a long error grows it upward (status_lines). */
static int status_rows(struct ui *ui)
{
	struct dbp_lines lines = { 0 };
	int n;

	if (ui->searching)
		return 1;
	status_lines(ui, status_room(ui), &lines);
	n = (int)lines.n;
	lines_free(&lines);
	return n;
}

/* The band sits on the status line, however many rows that has. */
static void draw_band(struct ui *ui, const struct dbp_lines *rows, int top)
{
	ui_set_role(ui, ROLE_SELECTED, 1);
	for (size_t i = 0; i < rows->n; i++) {
		if (rows->v[i].role != DBP_LINE_NOTE)
			attron(A_BOLD);
		ui_fill_line(top + (int)i, 0, COLS);
		ui_put_text(top + (int)i, 1, COLS - 2, rows->v[i].text);
		attroff(A_BOLD);
	}
	ui_set_role(ui, ROLE_SELECTED, 0);
}

/* The title row: the program's name and what it is for, then the two keys
 * a newcomer needs; where both do not fit (a projector's 64 columns) the
 * name alone, so that the keys are never cut. */
static void draw_title(struct ui *ui)
{
	static const char full[] = "dbpatterns: how applications organise their data";
	static const char keys[] = "? help  q quit";
	int room = COLS - 2, gap = 4;
	const char *name = (int)(strlen(full) + gap + strlen(keys)) <= room ? full : "dbpatterns";

	ui_set_role(ui, ROLE_TITLE, 1);
	ui_fill_line(0, 0, COLS);
	ui_put_text(0, 1, room, name);
	ui_put_text(0, 1 + (int)strlen(name) + gap, room - (int)strlen(name) - gap, keys);
	ui_set_role(ui, ROLE_TITLE, 0);
}

void ui_draw(struct ui *ui)
{
	struct layout lo;
	struct dbp_lines band = { 0 };
	int under;

	ui_layout(ui, &lo);
	memset(ui->row_lesson, 0, sizeof ui->row_lesson);
	memset(ui->row_step, 0, sizeof ui->row_step);
	erase();
	if (COLS < MIN_COLS || LINES < MIN_LINES) {
		char *msg = xasprintf("Terminal too small: %dx%d. dbpatterns needs at least %dx%d.",
				      COLS, LINES, MIN_COLS, MIN_LINES);

		mvaddnstr(0, 0, msg, COLS * LINES);
		free(msg);
		refresh();
		return;
	}
	if (lo.title)
		draw_title(ui);
	band_rows(ui, &band);
	/* A tour's band and the status rows under it take the panes' foot. */
	under = band.n ? (int)band.n + status_rows(ui) - 1 : 0;
	if (under)
		lo.rows -= under - 1;
	if (lo.sidebar)
		draw_sidebar(ui, LINES - 2 - under);
	draw_tabs(ui, lo.tabs_y, lo.x, lo.width);
	draw_panes(ui, &lo);
	draw_band(ui, &band, LINES - 1 - under);
	lines_free(&band);
	ui_draw_status(ui);
	if (ui->help)
		draw_help(ui);
	refresh();
}

void ui_init_colors(struct ui *ui)
{
	ui->color = !ui->cfg->no_color && has_colors();
	if (ui->color) {
		start_color();
		use_default_colors();
	}
	ui_present_theme(ui);
}
