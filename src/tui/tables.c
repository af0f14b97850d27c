/* tables: the Tables pane.  A list of what the engine's catalog holds,
 * with a cursor; Enter opens a table: its columns, indexes and foreign
 * keys, then a page of its rows.  Pages come from the core (rows.h, keyset
 * paging), read once per move, never per key. */
#include "ui.h"

#include <stdlib.h>
#include <string.h>

static void fill_list(struct ui *ui, const struct catalog *cat, struct dbp_lines *out)
{
	struct tables_state *ts = &ui->tables;

	sl_free(&ts->line_table);
	lines_add(out, DBP_LINE_TITLE, "What the engine's catalog holds (exact row counts). Enter opens a table.");
	for (size_t d = 0; d < cat->databases.n; d++) {
		const char *db = cat->databases.v[d];
		size_t dn = strlen(db);

		lines_add(out, DBP_LINE_TEXT, db);
		for (size_t s = 0; s < cat->schemas.n; s++) {
			const char *schema = cat->schemas.v[s] + dn + 1;
			int any = 0;

			if (strncmp(cat->schemas.v[s], db, dn) || cat->schemas.v[s][dn] != '.')
				continue;
			lines_addf(out, DBP_LINE_TEXT, "  %s", schema);
			for (size_t i = 0; i < cat->n; i++) {
				const struct cat_table *t = &cat->tables[i];
				char rows[48];

				if (strcmp(t->database, db) || strcmp(t->schema, schema))
					continue;
				while (ts->line_table.n < out->n)
					sl_push(&ts->line_table, "");
				if (i == ts->cursor)
					ts->cursor_line = (int)out->n;
				sl_push_owned(&ts->line_table, xasprintf("%zu", i));
				lines_addf(out, i == ts->cursor ? DBP_LINE_SELECTED : DBP_LINE_TEXT, "    %-30s %9s",
					   t->name, cat_rows_text(t, 0, rows, sizeof rows));
				any = 1;
			}
			if (!any)
				lines_add(out, DBP_LINE_TEXT, "    (no tables)");
		}
	}
}

/* Reads a page of the open table; what went wrong stays to be shown. */
static int move_page(struct ui *ui, enum rows_move move)
{
	struct tables_state *ts = &ui->tables;
	struct lesson *l = ui_lesson(ui);
	const struct catalog *cat = ui_cat(ui);
	struct dbp_error e;
	int rc;

	if (!l || ts->cursor >= cat->n)
		return -1;
	rc = rows_move(&ui->ws, l, &cat->tables[ts->cursor], move, ROWS_PAGE, &ts->page, &e);
	free(ts->page_error);
	ts->page_error = rc < 0 ? xstrdup(e.msg) : NULL;
	ts->page_loaded = 1;
	ts->page_generation = ui->generation;
	if (rc == 1)
		ui_say(ui, 0, "%s", move == ROWS_NEXT ? "That is the last row." : "That is the first row.");
	return rc;
}

static void fill_page(struct ui *ui, const struct cat_table *t, struct dbp_lines *out)
{
	struct tables_state *ts = &ui->tables;
	const struct row_page *p = &ts->page;
	long long last;

	/* The engine changed since this page was read: read it again. */
	if (!ts->page_loaded || ts->page_generation != ui->generation)
		move_page(ui, ROWS_FIRST);
	last = p->start + p->rows.nrows;
	if (ts->page_error) {
		lines_add(out, DBP_LINE_ERROR, ts->page_error);
		return;
	}
	lines_addf(out, DBP_LINE_TITLE, "Rows %lld to %lld of %lld, %s (PgDn/PgUp: pages, Home/End: "
		   "first/last, Left/Right: sideways)", p->rows.nrows ? p->start + 1 : 0,
		   last, t->rows > last ? t->rows : last,
		   p->key.n ? "in key order" : "no primary key: paged with OFFSET");
	ui_grid_lines(ui, &p->rows, p->ms, out);
}

/* The widest value of a column of r, so long type names fit. */
static int widest(const struct dbp_result *r, int col, int at_least)
{
	int w = at_least;

	for (long i = 0; i < r->nrows; i++) {
		const char *v = result_cell(r, i, col);
		int n = v ? (int)strlen(v) : 0;

		w = n > w ? n : w;
	}
	return w;
}

static void fill_detail(struct ui *ui, const struct cat_table *t, struct dbp_lines *out)
{
	int name_w = widest(&t->columns, 0, 8), type_w = widest(&t->columns, 1, 8);
	char rows[48];

	lines_addf(out, DBP_LINE_TITLE, "%s.%s.%s  %s   (Esc: back to the list)", t->database,
		   t->schema, t->name, cat_rows_text(t, 1, rows, sizeof rows));
	for (long c = 0; c < t->columns.nrows; c++) {
		const char *def = result_cell(&t->columns, c, 3);
		const char *key = t->columns.ncols > 4 ? result_cell(&t->columns, c, 4) : NULL;

		lines_addf(out, DBP_LINE_TEXT, "  %-*s  %-*s  %-8s%s%s%s%s", name_w, result_cell(&t->columns, c, 0),
			   type_w, result_cell(&t->columns, c, 1),
			   !strcmp(result_cell(&t->columns, c, 2), "no") ? "not null" : "null",
			   key ? "  " : "", key ? key : "", def ? "  default " : "", def ? def : "");
	}
	for (long x = 0; x < t->indexes.nrows; x++)
		lines_addf(out, DBP_LINE_TEXT, "  index %s (%s)%s", result_cell(&t->indexes, x, 0),
			   result_cell(&t->indexes, x, 2),
			   !strcmp(result_cell(&t->indexes, x, 1), "yes") ? " unique" : "");
	for (long f = 0; f < t->fks.nrows; f++)
		lines_addf(out, DBP_LINE_TEXT, "  foreign key (%s) -> %s (%s)", result_cell(&t->fks, f, 0),
			   result_cell(&t->fks, f, 1), result_cell(&t->fks, f, 2));
	lines_add(out, DBP_LINE_TEXT, "");
	fill_page(ui, t, out);
}

void ui_fill_tables(struct ui *ui, struct lesson *l, struct dbp_lines *out)
{
	const struct catalog *cat = ui_cat(ui);
	struct tables_state *ts = &ui->tables;

	(void)l;
	if (!cat->n) {
		lines_add(out, DBP_LINE_TEXT, "Nothing provisioned yet: press p.");
		ui_tables_close(ui);
		return;
	}
	if (ts->cursor >= cat->n)
		ts->cursor = cat->n - 1;
	if (ts->open)
		fill_detail(ui, &cat->tables[ts->cursor], out);
	else
		fill_list(ui, cat, out);
}

void ui_tables_open(struct ui *ui, size_t table)
{
	struct tables_state *ts = &ui->tables;

	ui_tables_close(ui);
	ts->cursor = table;
	ts->open = 1;
	ui->scroll = ui->hscroll = 0;
	ui_dirty(ui, PANE_TABLES);
}

void ui_tables_close(struct ui *ui)
{
	struct tables_state *ts = &ui->tables;

	row_page_free(&ts->page);
	free(ts->page_error);
	ts->page_error = NULL;
	ts->page_loaded = 0;
	ts->open = 0;
	ui_dirty(ui, PANE_TABLES);
}

/* Keys of the list: the cursor moves, Enter opens. */
static int list_key(struct ui *ui, enum action a)
{
	struct tables_state *ts = &ui->tables;
	size_t n = ui_cat(ui)->n, was = ts->cursor;

	switch (a) {
	case ACT_DOWN: if (ts->cursor + 1 < n) ts->cursor++; break;
	case ACT_UP: if (ts->cursor > 0) ts->cursor--; break;
	case ACT_HOME: ts->cursor = 0; ui->scroll = 0; break;
	case ACT_END: if (n) ts->cursor = n - 1; break;
	case ACT_OPEN: if (n) ui_tables_open(ui, ts->cursor); return KEY_HANDLED | KEY_REFILL;
	default: return 0;
	}
	return KEY_HANDLED | (ts->cursor != was ? KEY_REFILL : 0);
}

/* Keys of an open table: pages of rows, Esc back to the list. */
static int open_key(struct ui *ui, enum action a)
{
	int rc;

	switch (a) {
	case ACT_PAGE_DOWN: rc = move_page(ui, ROWS_NEXT); break;
	case ACT_PAGE_UP: rc = move_page(ui, ROWS_PREV); break;
	case ACT_HOME: rc = move_page(ui, ROWS_FIRST); break;
	case ACT_END: rc = move_page(ui, ROWS_LAST); break;
	case ACT_BACK: ui_tables_close(ui); ui->scroll = ui->hscroll = 0; return KEY_HANDLED | KEY_REFILL;
	default: return 0;
	}
	if (rc == 0)
		ui->scroll = a == ACT_END ? 1 << 20 : 0;
	return KEY_HANDLED | (rc == 1 ? 0 : KEY_REFILL);
}

int ui_tables_key(struct ui *ui, enum action a)
{
	if (!ui_cat(ui)->n)
		return 0;
	return ui->tables.open ? open_key(ui, a) : list_key(ui, a);
}
