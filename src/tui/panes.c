/* panes: the pane registry and what each pane shows, as lines filled from
 * the core's results (catalog, migration state, timings, the console's
 * grid).  Each line carries its role (title, added, removed, error,
 * selected, a grid's header or row) beside its text; draw.c colours by
 * role and never looks inside the text. */
#include "ui.h"
#include "../core/grid.h"
#include "../core/migrate.h"
#include "../core/topology.h"

#include <stdlib.h>
#include <string.h>

/* Lines of text as they are (SQL, code). */
void ui_add_lines(struct dbp_lines *out, const char *text)
{
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");

		lines_add_owned(out, DBP_LINE_TEXT, xstrndup(p, n));
		p += n + (p[n] == '\n');
	}
}

/* Prose: lines of a paragraph joined, so the pane can wrap it to its width. */
void ui_add_paragraphs(struct dbp_lines *out, const char *text)
{
	struct strbuf para;

	sb_init(&para);
	for (const char *p = text;; ) {
		size_t n = strcspn(p, "\n");

		if (n == 0 || !*p) {
			if (para.len)
				lines_add_owned(out, DBP_LINE_TEXT, sb_steal(&para));
			if (!*p)
				break;
			lines_add(out, DBP_LINE_TEXT, "");
		} else {
			if (para.len)
				sb_add(&para, " ");
			sb_addn(&para, p, n);
		}
		p += n + (p[n] == '\n');
	}
	sb_free(&para);
}

void ui_fill_lesson(struct ui *ui, struct lesson *l, struct dbp_lines *out)
{
	struct dbp_error e;
	char *text;

	long next = ui_next_step(ui, ui->lesson, l);

	lines_addf(out, DBP_LINE_TITLE, "Lesson %d: %s", l->number, l->title);
	if (l->summary)
		lines_add(out, DBP_LINE_TEXT, l->summary);
	if (next >= 0)
		lines_addf(out, DBP_LINE_TEXT, "Next: step %ld, %s.", next + 1, l->steps[next].title);
	else if (l->nsteps)
		lines_add(out, DBP_LINE_TEXT, "Every step is done: try another lesson, or r to start this one afresh.");
	lines_add(out, DBP_LINE_TEXT, "");
	if (l->intro_file && (text = lesson_text(l, l->intro_file, &e))) {
		ui_add_paragraphs(out, text);
		free(text);
	}
	for (size_t i = 0; i < l->nsteps; i++) {
		lines_add(out, DBP_LINE_TEXT, "");
		lines_addf(out, DBP_LINE_TITLE, "Step %zu: %s", i + 1, l->steps[i].title);
		if (l->steps[i].text_file && (text = lesson_text(l, l->steps[i].text_file, &e))) {
			ui_add_paragraphs(out, text);
			free(text);
		}
	}
}

/* Plain lines (the core's trees and lists) as lines of one role. */
static void add_list(struct dbp_lines *out, enum dbp_line_role role, struct strlist *list)
{
	for (size_t i = 0; i < list->n; i++)
		lines_add_owned(out, role, list->v[i]);
	free(list->v);
	memset(list, 0, sizeof *list);
}

static void fill_topology(struct ui *ui, struct lesson *l, struct dbp_lines *out)
{
	struct strlist tree = { 0 }, conns = { 0 };

	topology_tree(&ui->ws, l, &ui->cat, ui->provisioned, ui->ascii, &tree);
	add_list(out, DBP_LINE_TEXT, &tree);
	if (!ui->provisioned)
		lines_add(out, DBP_LINE_TEXT, "(press p to provision it)");
	lines_add(out, DBP_LINE_TEXT, "");
	lines_add(out, DBP_LINE_TITLE, "Each application connects with:");
	topology_connections(&ui->ws, l, &conns);
	add_list(out, DBP_LINE_TEXT, &conns);
	if (ui->demo_output.n) {
		lines_add(out, DBP_LINE_TEXT, "");
		lines_append(out, &ui->demo_output);
	}
}

#define GRID_MAX_ROWS 1000 /* rows of a console result shown */
#define GRID_MAX_WIDTH 40  /* display columns of one value before it is cut */

/* A result as a grid (the CLI's text format lays it out the same way): its
 * header stays in view while rows scroll, its first column while they
 * scroll sideways; the row count and time under it. */
void ui_grid_lines(const struct ui *ui, const struct dbp_result *r, double ms, struct dbp_lines *out)
{
	const struct grid_style style = { .utf8 = !ui->ascii, .max_width = GRID_MAX_WIDTH,
					  .null_text = "NULL", .sep = " | " };
	struct grid g;

	grid_build(&g, r, &style, GRID_MAX_ROWS);
	for (long i = -1; i < g.nrows; i++) {
		lines_add_owned(out, i < 0 ? DBP_LINE_HEADER : DBP_LINE_ROW, grid_line(&g, i));
		out->v[out->n - 1].fixed = grid_fixed(&g);
	}
	lines_addf(out, DBP_LINE_TEXT, "(%ld row%s%s, %.2f ms)", r->nrows, r->nrows == 1 ? "" : "s",
		   r->nrows > GRID_MAX_ROWS ? ", first 1000 shown" : "", ms);
	grid_free(&g);
}

static void fill_table_list(struct ui *ui, const struct catalog *cat, struct dbp_lines *out)
{
	sl_free(&ui->line_table);
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

				if (strcmp(t->database, db) || strcmp(t->schema, schema))
					continue;
				while (ui->line_table.n < out->n)
					sl_push(&ui->line_table, "");
				if (i == ui->table)
					ui->cursor_line = (int)out->n;
				sl_push_owned(&ui->line_table, xasprintf("%zu", i));
				lines_addf(out, i == ui->table ? DBP_LINE_SELECTED : DBP_LINE_TEXT, "    %-30s %9lld",
					   t->name, t->rows);
				any = 1;
			}
			if (!any)
				lines_add(out, DBP_LINE_TEXT, "    (no tables)");
		}
	}
}

static const struct lesson_db *db_of_table(struct ui *ui, const struct lesson *l, const struct cat_table *t)
{
	for (size_t i = 0; i < l->ndbs; i++) {
		char *name = ws_db_name(&ui->ws, l->dbs[i].name);
		int same = !strcmp(name, t->database);

		free(name);
		if (same)
			return &l->dbs[i];
	}
	return NULL;
}

/* One page of rows, fetched with LIMIT and OFFSET: never the whole table. */
static void fetch_rows_page(struct ui *ui, const struct lesson *l, const struct cat_table *t,
			    struct dbp_lines *out)
{
	const struct lesson_db *db = db_of_table(ui, l, t);
	struct dbp_result r = { 0 };
	struct dbp_error e;
	struct dbp_conn *c = db ? ws_session_db(&ui->ws, db, &e) : NULL;
	char *schema, *table, *sql;
	double t0;

	if (!c) {
		lines_add(out, DBP_LINE_ERROR, db ? e.msg : "the table's database is not in this lesson");
		return;
	}
	schema = ui->ws.ops->quote_ident(c, t->schema);
	table = ui->ws.ops->quote_ident(c, t->name);
	sql = xasprintf("SELECT * FROM %s.%s ORDER BY 1 LIMIT %d OFFSET %ld", schema, table, ROWS_PAGE,
			ui->row_offset);
	lines_addf(out, DBP_LINE_TITLE, "Rows %ld to %lld of %lld (PgDn/PgUp: more rows, Left/Right: sideways)",
		   t->rows ? ui->row_offset + 1 : 0,
		   ui->row_offset + ROWS_PAGE < t->rows ? ui->row_offset + ROWS_PAGE : t->rows, t->rows);
	t0 = now_ms();
	if (ui->ws.ops->query(c, sql, &r, &e) != 0)
		lines_add(out, DBP_LINE_ERROR, e.msg);
	else
		ui_grid_lines(ui, &r, now_ms() - t0, out);
	result_free(&r);
	free(sql);
	free(schema);
	free(table);
}

/* The page is fetched once per table, offset and reload, not per key. */
static void fill_rows_page(struct ui *ui, const struct lesson *l, const struct cat_table *t,
			   struct dbp_lines *out)
{
	char *key = xasprintf("%zu %ld %u", ui->table, ui->row_offset, ui->generation);

	if (!ui->page_key || strcmp(ui->page_key, key)) {
		lines_free(&ui->page_lines);
		fetch_rows_page(ui, l, t, &ui->page_lines);
		free(ui->page_key);
		ui->page_key = key;
	} else {
		free(key);
	}
	lines_append(out, &ui->page_lines);
}

static void fill_table_detail(struct ui *ui, const struct lesson *l, const struct cat_table *t,
			      struct dbp_lines *out)
{
	lines_addf(out, DBP_LINE_TITLE, "%s.%s.%s  %lld rows   (Esc: back to the list)", t->database,
		   t->schema, t->name, t->rows);
	for (long c = 0; c < t->columns.nrows; c++) {
		const char *def = result_cell(&t->columns, c, 3);

		lines_addf(out, DBP_LINE_TEXT, "  %-16s %-18s %-8s%s%s", result_cell(&t->columns, c, 0),
			   result_cell(&t->columns, c, 1),
			   !strcmp(result_cell(&t->columns, c, 2), "no") ? "not null" : "null",
			   def ? "  default " : "", def ? def : "");
	}
	for (long x = 0; x < t->indexes.nrows; x++)
		lines_addf(out, DBP_LINE_TEXT, "  index %s (%s)%s", result_cell(&t->indexes, x, 0),
			   result_cell(&t->indexes, x, 2),
			   !strcmp(result_cell(&t->indexes, x, 1), "yes") ? " unique" : "");
	for (long f = 0; f < t->fks.nrows; f++)
		lines_addf(out, DBP_LINE_TEXT, "  foreign key (%s) -> %s (%s)", result_cell(&t->fks, f, 0),
			   result_cell(&t->fks, f, 1), result_cell(&t->fks, f, 2));
	lines_add(out, DBP_LINE_TEXT, "");
	fill_rows_page(ui, l, t, out);
}

static void fill_tables(struct ui *ui, struct lesson *l, struct dbp_lines *out)
{
	const struct catalog *cat = &ui->cat;

	if (!cat->n) {
		lines_add(out, DBP_LINE_TEXT, "Nothing provisioned yet: press p.");
		ui->table_open = 0;
		return;
	}
	if (ui->table >= cat->n)
		ui->table = cat->n - 1;
	if (ui->table_open)
		fill_table_detail(ui, l, &cat->tables[ui->table], out);
	else
		fill_table_list(ui, cat, out);
}

static void fill_migrations(struct ui *ui, struct lesson *l, struct dbp_lines *out)
{
	int provisioned = ui->provisioned;

	struct dbp_error e;

	for (size_t i = 0; i < l->napps; i++) {
		const struct lesson_app *a = &l->apps[i];
		struct migration_state *st = NULL;

		lines_addf(out, DBP_LINE_TITLE, "%s%s", a->name,
			   i == ui->app ? "   <- m and u act here (a to change)" : "");
		if (provisioned && migrate_status(&ui->ws, l, a, &st, &e) != 0) {
			lines_add(out, DBP_LINE_ERROR, e.msg);
			continue;
		}
		for (size_t j = 0; j < a->nmigrations; j++)
			lines_addf(out, DBP_LINE_TEXT, "  %s %03d_%s%s", st && st[j].applied ? "[x]" : "[ ]",
				   a->migrations[j].version, a->migrations[j].name,
				   st && st[j].drift ? "  (changed since applied)" : "");
		free(st);
	}
	if (ui->last_migration.n) {
		lines_add(out, DBP_LINE_TEXT, "");
		lines_append(out, &ui->last_migration);
	}
}

static void fill_sql(struct ui *ui, struct lesson *l, struct dbp_lines *out)
{
	const struct lesson_app *a = &l->apps[ui->target % l->napps];

	lines_addf(out, DBP_LINE_TITLE, "On %s's connection (%s%s%s). Tab changes it.", a->name, a->database,
		   a->schema ? ", schema " : "", a->schema ? a->schema : "");
	{
		/* While typing, the end of a long query stays in view. */
		int room = COLS - SIDEBAR - 9;
		size_t n = strlen(ui->input);
		const char *shown = ui->typing && room > 10 && (int)n > room ? ui->input + n - room : ui->input;

		lines_addf(out, DBP_LINE_TEXT, "%s %s%s", ui->typing ? "sql>" : "sql ", shown,
			   ui->typing ? "_" : "   (press s to type)");
	}
	lines_add(out, DBP_LINE_TEXT, "");
	lines_append(out, &ui->sql_output);
}

static void fill_timings(struct ui *ui, struct lesson *l, struct dbp_lines *out)
{
	(void)l;
	lines_append(out, &ui->timings);
	if (!ui->timings.n)
		lines_add(out, DBP_LINE_TEXT, "No timings yet: press t.");
}

const struct pane_info ui_panes[PANE_COUNT] = {
	[PANE_LESSON] = { "Lesson", ui_fill_lesson },
	[PANE_TOPOLOGY] = { "Topology", fill_topology },
	[PANE_TABLES] = { "Tables", fill_tables },
	[PANE_MIGRATIONS] = { "Migrations", fill_migrations },
	[PANE_TIMINGS] = { "Timings", fill_timings },
	[PANE_SQL] = { "SQL", fill_sql },
};

/* What the engine holds, read again: only when ui->stale says it may have
 * changed (an action, a query, another lesson), never per key. */
static void reload(struct ui *ui, struct lesson *l)
{
	struct dbp_error e;

	catalog_free(&ui->cat);
	ui->stale = 0;
	ui->generation++;
	ui->provisioned = workspace_provisioned(&ui->ws, l);
	if (ui->provisioned && catalog_snapshot(&ui->ws, l, &ui->cat, &e) != 0)
		ui_say(ui, 1, "%s", e.msg);
}

/* Every pane's lines anew for the selected lesson (cheap: from memory). */
void ui_refresh_panes(struct ui *ui)
{
	struct lesson *l = ui_lesson(ui);

	for (int p = 0; p < PANE_COUNT; p++)
		lines_free(&ui->lines[p]);
	if (!l)
		return;
	/* A failed connection is not retried on every key: actions retry. */
	if (!ui->ws_open && (ui->ws_error || !ui_ensure_ws(ui))) {
		ui_fill_lesson(ui, l, &ui->lines[PANE_LESSON]);
		for (int p = PANE_TOPOLOGY; p < PANE_COUNT; p++)
			lines_add(&ui->lines[p], DBP_LINE_ERROR, ui->ws_error);
		return;
	}
	if (ui->stale)
		reload(ui, l);
	if (ui->pane == PANE_TABLES && ui->cat.n)
		ui_mark(ui, "tables");
	/* A failed action's whole message heads the focused pane: the status
	 * line has room for only the start of a long engine error. */
	if (ui->status_error)
		lines_add(&ui->lines[ui->pane], DBP_LINE_ERROR, ui->status);
	for (int p = 0; p < PANE_COUNT; p++)
		ui_panes[p].fill(ui, l, &ui->lines[p]);
}
