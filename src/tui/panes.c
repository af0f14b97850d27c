/* panes: the pane registry and what each pane shows, as lines of text
 * filled from the core's results (catalog, migration state, timings, the
 * console's grid).  A line may start with a role marker ("# " title,
 * "+ " added, "- " removed, "! " error, "> " selected) that draw.c colours. */
#include "ui.h"
#include "../core/migrate.h"
#include "../core/topology.h"

#include <stdlib.h>
#include <string.h>

/* Lines of text as they are (SQL, code). */
void ui_add_lines(struct strlist *out, const char *text)
{
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");

		sl_push_owned(out, xstrndup(p, n));
		p += n + (p[n] == '\n');
	}
}

/* Prose: lines of a paragraph joined, so the pane can wrap it to its width. */
void ui_add_paragraphs(struct strlist *out, const char *text)
{
	struct strbuf para;

	sb_init(&para);
	for (const char *p = text;; ) {
		size_t n = strcspn(p, "\n");

		if (n == 0 || !*p) {
			if (para.len)
				sl_push_owned(out, sb_steal(&para));
			if (!*p)
				break;
			sl_push(out, "");
		} else {
			if (para.len)
				sb_add(&para, " ");
			sb_addn(&para, p, n);
		}
		p += n + (p[n] == '\n');
	}
	sb_free(&para);
}

void ui_fill_lesson(struct ui *ui, struct lesson *l, struct strlist *out)
{
	struct dbp_error e;
	char *text;

	long next = ui_next_step(ui, ui->lesson, l);

	sl_push_owned(out, xasprintf("# Lesson %d: %s", l->number, l->title));
	if (l->summary)
		sl_push(out, l->summary);
	if (next >= 0)
		sl_push_owned(out, xasprintf("Next: step %ld, %s.", next + 1, l->steps[next].title));
	else if (l->nsteps)
		sl_push(out, "Every step is done: try another lesson, or r to start this one afresh.");
	sl_push(out, "");
	if (l->intro_file && (text = lesson_text(l, l->intro_file, &e))) {
		ui_add_paragraphs(out, text);
		free(text);
	}
	for (size_t i = 0; i < l->nsteps; i++) {
		sl_push(out, "");
		sl_push_owned(out, xasprintf("# Step %zu: %s", i + 1, l->steps[i].title));
		if (l->steps[i].text_file && (text = lesson_text(l, l->steps[i].text_file, &e))) {
			ui_add_paragraphs(out, text);
			free(text);
		}
	}
}

static void fill_topology(struct ui *ui, struct lesson *l, struct strlist *out)
{
	topology_tree(&ui->ws, l, &ui->cat, ui->provisioned, ui->ascii, out);
	if (!ui->provisioned)
		sl_push(out, "(press p to provision it)");
	sl_push(out, "");
	sl_push(out, "# Each application connects with:");
	topology_connections(&ui->ws, l, out);
	if (ui->demo_output.n) {
		sl_push(out, "");
		for (size_t i = 0; i < ui->demo_output.n; i++)
			sl_push(out, ui->demo_output.v[i]);
	}
}

/* A result as aligned text lines, with the row count and time under it. */
void ui_grid_lines(const struct dbp_result *r, double ms, struct strlist *out)
{
	size_t *w = xcalloc((size_t)r->ncols + 1, sizeof *w);
	struct strbuf line;

	for (int j = 0; j < r->ncols; j++) {
		w[j] = strlen(r->colnames[j]);
		for (long i = 0; i < r->nrows; i++) {
			const char *v = result_cell(r, i, j);

			if (strlen(v ? v : "NULL") > w[j])
				w[j] = strlen(v ? v : "NULL");
		}
		if (w[j] > 40)
			w[j] = 40;
	}
	sb_init(&line);
	for (int j = 0; j < r->ncols; j++)
		sb_addf(&line, "%s%-*.*s", j ? " | " : "", (int)w[j], (int)w[j], r->colnames[j]);
	sl_push_owned(out, xasprintf("# %s", line.s ? line.s : ""));
	sb_free(&line);
	for (long i = 0; i < r->nrows && i < 1000; i++) {
		for (int j = 0; j < r->ncols; j++) {
			const char *v = result_cell(r, i, j);

			sb_addf(&line, "%s%-*.*s", j ? " | " : "", (int)w[j], (int)w[j], v ? v : "NULL");
		}
		sl_push_owned(out, sb_steal(&line));
	}
	sl_push_owned(out, xasprintf("(%ld row%s%s, %.2f ms)", r->nrows, r->nrows == 1 ? "" : "s",
				     r->nrows > 1000 ? ", first 1000 shown" : "", ms));
	free(w);
}

static void fill_table_list(struct ui *ui, const struct catalog *cat, struct strlist *out)
{
	sl_free(&ui->line_table);
	sl_push(out, "# What the engine's catalog holds (exact row counts). Enter opens a table.");
	for (size_t d = 0; d < cat->databases.n; d++) {
		const char *db = cat->databases.v[d];
		size_t dn = strlen(db);

		sl_push(out, db);
		for (size_t s = 0; s < cat->schemas.n; s++) {
			const char *schema = cat->schemas.v[s] + dn + 1;
			int any = 0;

			if (strncmp(cat->schemas.v[s], db, dn) || cat->schemas.v[s][dn] != '.')
				continue;
			sl_push_owned(out, xasprintf("  %s", schema));
			for (size_t i = 0; i < cat->n; i++) {
				const struct cat_table *t = &cat->tables[i];

				if (strcmp(t->database, db) || strcmp(t->schema, schema))
					continue;
				while (ui->line_table.n < out->n)
					sl_push(&ui->line_table, "");
				if (i == ui->table)
					ui->cursor_line = (int)out->n;
				sl_push_owned(&ui->line_table, xasprintf("%zu", i));
				/* The cursor's line is marked "> " (drawn highlighted, marker hidden). */
				sl_push_owned(out, xasprintf("%s    %-30s %9lld", i == ui->table ? "> " : "",
							     t->name, t->rows));
				any = 1;
			}
			if (!any)
				sl_push(out, "    (no tables)");
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
			    struct strlist *out)
{
	const struct lesson_db *db = db_of_table(ui, l, t);
	struct dbp_result r = { 0 };
	struct dbp_error e;
	struct dbp_conn *c = db ? ws_session_db(&ui->ws, db, &e) : NULL;
	char *schema, *table, *sql;
	double t0;

	if (!c) {
		sl_push_owned(out, xasprintf("! %s", db ? e.msg : "the table's database is not in this lesson"));
		return;
	}
	schema = ui->ws.ops->quote_ident(c, t->schema);
	table = ui->ws.ops->quote_ident(c, t->name);
	sql = xasprintf("SELECT * FROM %s.%s ORDER BY 1 LIMIT %d OFFSET %ld", schema, table, ROWS_PAGE,
			ui->row_offset);
	sl_push_owned(out, xasprintf("# Rows %ld to %lld of %lld (PgDn/PgUp: more rows, Left/Right: sideways)",
				     t->rows ? ui->row_offset + 1 : 0,
				     ui->row_offset + ROWS_PAGE < t->rows ? ui->row_offset + ROWS_PAGE : t->rows, t->rows));
	t0 = now_ms();
	if (ui->ws.ops->query(c, sql, &r, &e) != 0)
		sl_push_owned(out, xasprintf("! %s", e.msg));
	else
		ui_grid_lines(&r, now_ms() - t0, out);
	result_free(&r);
	free(sql);
	free(schema);
	free(table);
}

/* The page is fetched once per table, offset and reload, not per key. */
static void fill_rows_page(struct ui *ui, const struct lesson *l, const struct cat_table *t,
			   struct strlist *out)
{
	char *key = xasprintf("%zu %ld %u", ui->table, ui->row_offset, ui->generation);

	if (!ui->page_key || strcmp(ui->page_key, key)) {
		sl_free(&ui->page_lines);
		fetch_rows_page(ui, l, t, &ui->page_lines);
		free(ui->page_key);
		ui->page_key = key;
	} else {
		free(key);
	}
	for (size_t i = 0; i < ui->page_lines.n; i++)
		sl_push(out, ui->page_lines.v[i]);
}

static void fill_table_detail(struct ui *ui, const struct lesson *l, const struct cat_table *t,
			      struct strlist *out)
{
	sl_push_owned(out, xasprintf("# %s.%s.%s  %lld rows   (Esc: back to the list)", t->database,
				     t->schema, t->name, t->rows));
	for (long c = 0; c < t->columns.nrows; c++) {
		const char *def = result_cell(&t->columns, c, 3);

		sl_push_owned(out, xasprintf("  %-16s %-18s %-8s%s%s", result_cell(&t->columns, c, 0),
					     result_cell(&t->columns, c, 1),
					     !strcmp(result_cell(&t->columns, c, 2), "no") ? "not null" : "null",
					     def ? "  default " : "", def ? def : ""));
	}
	for (long x = 0; x < t->indexes.nrows; x++)
		sl_push_owned(out, xasprintf("  index %s (%s)%s", result_cell(&t->indexes, x, 0),
					     result_cell(&t->indexes, x, 2),
					     !strcmp(result_cell(&t->indexes, x, 1), "yes") ? " unique" : ""));
	for (long f = 0; f < t->fks.nrows; f++)
		sl_push_owned(out, xasprintf("  foreign key (%s) -> %s (%s)", result_cell(&t->fks, f, 0),
					     result_cell(&t->fks, f, 1), result_cell(&t->fks, f, 2)));
	sl_push(out, "");
	fill_rows_page(ui, l, t, out);
}

static void fill_tables(struct ui *ui, struct lesson *l, struct strlist *out)
{
	const struct catalog *cat = &ui->cat;

	if (!cat->n) {
		sl_push(out, "Nothing provisioned yet: press p.");
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

static void fill_migrations(struct ui *ui, struct lesson *l, struct strlist *out)
{
	int provisioned = ui->provisioned;

	struct dbp_error e;

	for (size_t i = 0; i < l->napps; i++) {
		const struct lesson_app *a = &l->apps[i];
		struct migration_state *st = NULL;

		sl_push_owned(out, xasprintf("# %s%s", a->name, i == ui->app ? "   <- m and u act here (a to change)" : ""));
		if (provisioned && migrate_status(&ui->ws, l, a, &st, &e) != 0) {
			sl_push_owned(out, xasprintf("! %s", e.msg));
			continue;
		}
		for (size_t j = 0; j < a->nmigrations; j++)
			sl_push_owned(out, xasprintf("  %s %03d_%s%s", st && st[j].applied ? "[x]" : "[ ]",
						     a->migrations[j].version, a->migrations[j].name,
						     st && st[j].drift ? "  (changed since applied)" : ""));
		free(st);
	}
	if (ui->last_migration.n) {
		sl_push(out, "");
		for (size_t i = 0; i < ui->last_migration.n; i++)
			sl_push(out, ui->last_migration.v[i]);
	}
}

static void fill_sql(struct ui *ui, struct lesson *l, struct strlist *out)
{
	const struct lesson_app *a = &l->apps[ui->target % l->napps];

	sl_push_owned(out, xasprintf("# On %s's connection (%s%s%s). Tab changes it.", a->name, a->database,
				     a->schema ? ", schema " : "", a->schema ? a->schema : ""));
	{
		/* While typing, the end of a long query stays in view. */
		int room = COLS - SIDEBAR - 9;
		size_t n = strlen(ui->input);
		const char *shown = ui->typing && room > 10 && (int)n > room ? ui->input + n - room : ui->input;

		sl_push_owned(out, xasprintf("%s %s%s", ui->typing ? "sql>" : "sql ", shown,
					     ui->typing ? "_" : "   (press s to type)"));
	}
	sl_push(out, "");
	for (size_t i = 0; i < ui->sql_output.n; i++)
		sl_push(out, ui->sql_output.v[i]);
}

static void fill_timings(struct ui *ui, struct lesson *l, struct strlist *out)
{
	(void)l;
	for (size_t i = 0; i < ui->timings.n; i++)
		sl_push(out, ui->timings.v[i]);
	if (!ui->timings.n)
		sl_push(out, "No timings yet: press t.");
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
		sl_free(&ui->lines[p]);
	if (!l)
		return;
	/* A failed connection is not retried on every key: actions retry. */
	if (!ui->ws_open && (ui->ws_error || !ui_ensure_ws(ui))) {
		ui_fill_lesson(ui, l, &ui->lines[PANE_LESSON]);
		for (int p = PANE_TOPOLOGY; p < PANE_COUNT; p++)
			sl_push_owned(&ui->lines[p], xasprintf("! %s", ui->ws_error));
		return;
	}
	if (ui->stale)
		reload(ui, l);
	if (ui->pane == PANE_TABLES && ui->cat.n)
		ui_mark(ui, "tables");
	/* A failed action's whole message heads the focused pane: the status
	 * line has room for only the start of a long engine error. */
	if (ui->status_error)
		sl_push_owned(&ui->lines[ui->pane], xasprintf("! %s", ui->status));
	for (int p = 0; p < PANE_COUNT; p++)
		ui_panes[p].fill(ui, l, &ui->lines[p]);
}
