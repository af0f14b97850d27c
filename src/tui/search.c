/* search: / types a pattern on the status line and Enter finds it in the
 * focused pane, in its lines as drawn, so the view can move to the match;
 * n and N go to the next and the previous one, round the pane's ends,
 * saying so.  In the Tables list the cursor moves to the matching table;
 * an open table searches the page of rows it shows.  The pattern is plain
 * text; case is ignored unless it has a capital letter (as in less -i). */
#include "ui.h"
#include "../core/grid.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first match of pattern in text (NULL: none), and its length. */
const char *ui_find(const char *text, const char *pattern, size_t *len)
{
	size_t n = strlen(pattern);
	int fold = 1;

	for (const char *p = pattern; *p; p++)
		if (isupper((unsigned char)*p))
			fold = 0;
	*len = n;
	for (const char *t = text; n && *t; t++) {
		size_t i = 0;

		while (i < n && t[i] && (fold ? tolower((unsigned char)t[i]) == tolower((unsigned char)pattern[i])
				       : t[i] == pattern[i]))
			i++;
		if (i == n)
			return t;
	}
	return NULL;
}

/* The Tables list line of the table a line leads to: its own, or for a
 * database or schema line the first table under it (-1: none). */
static int table_line(const struct ui *ui, size_t line)
{
	for (size_t i = line; i < ui->tables.line_table.n; i++)
		if (ui->tables.line_table.v[i][0])
			return (int)i;
	return -1;
}

/* The lines that hold the pattern, in order.  In the Tables list, the
 * tables whose name, schema or database holds it, each once (the
 * heading does not count). */
static size_t find_all(struct ui *ui, const struct dbp_lines *lines, int list, int **hits)
{
	size_t n = 0, len;

	*hits = xcalloc(lines->n + 1, sizeof **hits);
	for (size_t i = 0; i < lines->n; i++) {
		const struct dbp_line *l = &lines->v[i];
		int at = list ? table_line(ui, i) : (int)i;

		if (at < 0 || (list && (l->role == DBP_LINE_TITLE || l->role == DBP_LINE_ERROR)))
			continue;
		if (ui_find(l->text, ui->search, &len) && !(n && (*hits)[n - 1] == at))
			(*hits)[n++] = at;
	}
	return n;
}

/* 1 when the columns [col, col + n) of a grid line, and the rest of the
 * words they stand in, are drawn whole at this sideways scroll: not under
 * the fixed first column nor in a word cut by an edge. */
static int words_in_view(const char *text, int col, int n, int fixed, int hscroll, int cols, int *start)
{
	int from = col, to = col + n, s, e;

	if (grid_word_at(text, col, &s, &e))
		from = s;
	if (n > 0 && grid_word_at(text, col + n - 1, &s, &e))
		to = e;
	*start = from;
	return (hscroll ? from > fixed + hscroll : from >= fixed) && to < hscroll + cols;
}

/* Moves the view (or, in the Tables list, the cursor) to line `at`. */
static void show_match(struct ui *ui, const struct dbp_lines *lines, int list, int at, int top)
{
	int rows = ui_pane_rows(ui), cols = ui_pane_cols(ui);
	const struct dbp_line *l = &lines->v[at];
	int grid = l->role == DBP_LINE_ROW || l->role == DBP_LINE_HEADER;

	ui->match_pane = ui->pane;
	ui->match_line = at;
	if (list) {
		ui->tables.cursor = (size_t)atol(ui->tables.line_table.v[at]);
		return; /* the view follows the cursor */
	}
	if (at < top || at >= top + rows)
		ui->scroll = at > rows / 3 ? at - rows / 3 : 0;
	if (grid) { /* sideways too, to where the match is, past the fixed first column */
		int fixed = l->fixed > 0 && l->fixed <= cols / 2 ? l->fixed : 0, col = 0, n = 0, word = 0;
		const char *m;
		size_t len;

		if ((m = ui_find(l->text, ui->search, &len))) {
			char *before = xstrndup(l->text, (size_t)(m - l->text)), *match = xstrndup(m, len);

			col = grid_width(before);
			n = grid_width(match);
			free(before);
			free(match);
		}
		/* The words it stands in must show whole: a word the pane's edge
		 * cuts is blanked (draw.c). */
		if (col >= fixed && !words_in_view(l->text, col, n, fixed, ui->hscroll, cols, &word))
			ui->hscroll = word - fixed > (cols - fixed) / 3 ? word - fixed - (cols - fixed) / 3 : 0;
	}
}

/* From where a search goes: the Tables list's cursor; else the current
 * match while it is in view; else the top (forward) or the foot
 * (backward) of what the pane shows.  A new search includes that line. */
static int search_start(const struct ui *ui, int list, int n, int top, int dir, int fresh)
{
	int rows = ui_pane_rows(ui), cur = -1;

	if (list)
		cur = ui->tables.cursor_line;
	else if (ui->match_pane == ui->pane && ui->match_line >= top && ui->match_line < top + rows)
		cur = ui->match_line;
	if (cur >= 0)
		return fresh ? cur : cur + dir;
	if (dir > 0)
		return top;
	return (top + rows < n ? top + rows : n) - 1;
}

/* Searches the focused pane for ui->search, forward (dir 1) or backward. */
static void search(struct ui *ui, int dir, int fresh)
{
	struct dbp_lines lines = { 0 };
	int list, n, top, from, found = -1, wrapped = 0, *hits;
	size_t nhits, k = 0;

	/* The lines as they will be drawn: an earlier error heading the pane
	 * would move them, so it goes first (the status line says what now). */
	ui->status_error = 0;
	ui_refresh_panes(ui);
	list = ui->pane == PANE_TABLES && !ui->tables.open && ui_cat(ui)->n;
	if (list)
		lines_append(&lines, &ui->lines[PANE_TABLES]);
	else
		ui_pane_lines(ui, ui->pane, ui_pane_cols(ui), &lines, NULL);
	n = (int)lines.n;
	top = ui->scroll < n - ui_pane_rows(ui) ? ui->scroll : n - ui_pane_rows(ui);
	if (top < 0)
		top = 0;
	from = search_start(ui, list, n, top, dir, fresh);
	nhits = find_all(ui, &lines, list, &hits);
	if (dir > 0) {
		while (k < nhits && hits[k] < from)
			k++;
		if (nhits && k == nhits)
			k = 0, wrapped = 1;
	} else {
		k = nhits;
		while (k > 0 && hits[k - 1] > from)
			k--;
		if (nhits && k == 0)
			k = nhits, wrapped = 1;
		k--;
	}
	if (nhits) {
		found = hits[k];
		show_match(ui, &lines, list, found, top);
		ui->search_marks = 1;
		ui_say(ui, 0, "/%s: match %zu of %zu%s. n next, N previous.", ui->search, k + 1, nhits,
		       !wrapped ? "" : dir > 0 ? ", wrapped past the end to the top" : ", wrapped past the top to the end");
	} else if (ui->pane == PANE_TABLES && ui->tables.open) {
		ui_say(ui, 0, "Not found on this page of rows: %s (PgDn fetches the next).", ui->search);
	} else {
		ui_say(ui, 0, "Not found in the %s pane: %s", ui_panes[ui->pane].name, ui->search);
	}
	free(hits);
	lines_free(&lines);
}

/* /: the prompt opens on the status line, over what it said. */
void ui_search_begin(struct ui *ui)
{
	snprintf(ui->status_before, sizeof ui->status_before, "%s", ui->status);
	ui->status_error_before = ui->status_error;
	ui->search_input[0] = '\0';
	ui->searching = 1;
}

static void search_cancel(struct ui *ui)
{
	ui->searching = 0;
	snprintf(ui->status, sizeof ui->status, "%s", ui->status_before);
	ui->status_error = ui->status_error_before;
}

/* Keys at the / prompt: Enter searches (an empty line: the last pattern
 * again), Esc or Ctrl-C cancels, as does Backspace on an empty line. */
void ui_search_key(struct ui *ui, int ch)
{
	size_t n = strlen(ui->search_input);

	if (ch == KEY_ESC || ch == KEY_CTRL_C) {
		search_cancel(ui);
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		if (ui->search_input[0])
			snprintf(ui->search, sizeof ui->search, "%s", ui->search_input);
		if (!ui->search[0]) {
			search_cancel(ui);
			return;
		}
		ui->searching = 0;
		search(ui, 1, 1);
	} else if (ch == 21) { /* Ctrl-U clears the line */
		ui->search_input[0] = '\0';
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (!n) {
			search_cancel(ui);
			return;
		}
		while (n > 1 && (ui->search_input[n - 1] & 0xc0) == 0x80)
			n--;
		ui->search_input[n - 1] = '\0';
	} else if (ch >= 0x20 && ch < 0x100 && ch != 0x7f && n < SEARCH_MAX) {
		ui->search_input[n] = (char)ch;
		ui->search_input[n + 1] = '\0';
	}
}

/* n and N: the last pattern, forward or backward. */
void ui_search_next(struct ui *ui, int dir)
{
	if (!ui->search[0]) {
		ui_say(ui, 0, "Nothing to repeat yet: / searches the pane.");
		return;
	}
	search(ui, dir, 0);
}

/* A tour stop's show: the first line of the focused pane holding text,
 * at the pane's top and marked as / marks it (n goes on from there).  The stop's
 * own status stays; only a text the pane lacks replaces it, so the
 * lesson's author sees the tour point at nothing. */
void ui_search_show(struct ui *ui, const char *text)
{
	char said[sizeof ui->status];

	snprintf(said, sizeof said, "%s", ui->status);
	snprintf(ui->search, sizeof ui->search, "%s", text);
	ui->scroll = ui->hscroll = 0;
	ui->match_line = -1;
	ui->tables.cursor = 0;
	search(ui, 1, 1);
	if (ui->match_line < 0)
		return;
	snprintf(ui->status, sizeof ui->status, "%s", said);
	/* At the pane's top: what follows it is what the sentence is about. */
	if (ui->pane != PANE_TABLES)
		ui->scroll = ui->match_line;
}
