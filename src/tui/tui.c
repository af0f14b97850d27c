/* tui: main loop, layout and panes.  Panes fill lines of text from the
 * core's results; one drawer renders them.  Keys map to actions through the
 * table in actions.h, which also writes the help overlay. */
#define _XOPEN_SOURCE_EXTENDED 1
#include "tui.h"
#include "actions.h"
#include "../core/bench.h"
#include "../core/catalog.h"
#include "../core/demo.h"
#include "../core/migrate.h"
#include "../core/workspace.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_COLS 60
#define MIN_LINES 15
#define SIDEBAR 26
#define KEY_ESC 27
#define KEY_ESC_KEY KEY_ESC /* for the action table */
#define KEY_CTRL_C 3
#define ROWS_PAGE 100

enum action {
#define X(name, key, key2, label, help) ACT_##name,
	DBP_ACTIONS(X)
#undef X
	ACT_NONE
};

struct action_info {
	int key, key2;
	const char *label, *help;
};

static const struct action_info actions[] = {
#define X(name, key, key2, label, help) { key, key2, label, help },
	DBP_ACTIONS(X)
#undef X
};

enum pane { PANE_LESSON, PANE_TOPOLOGY, PANE_TABLES, PANE_MIGRATIONS, PANE_TIMINGS, PANE_SQL, PANE_COUNT };
static const char *const pane_names[PANE_COUNT] = { "Lesson", "Topology", "Tables", "Migrations", "Timings", "SQL" };

#define SQL_MAX 1000
#define HISTORY_MAX 100

enum role { ROLE_NORMAL = 1, ROLE_TITLE, ROLE_SELECTED, ROLE_STATUS, ROLE_ERROR, ROLE_ADDED,
	    ROLE_REMOVED, ROLE_DIM };

struct ui {
	const struct dbp_config *cfg;
	struct lesson_set lessons;
	struct workspace ws;
	int ws_open;
	char *ws_error;
	size_t lesson;  /* selected lesson */
	size_t app;     /* application for m and u */
	enum pane pane;
	int scroll, hscroll;
	int help;
	int typing;                 /* keys go to the SQL input line */
	int cancel_requested;       /* Esc or Ctrl-C seen during a long operation */
	double last_spin;           /* when the spinner last moved */
	char input[SQL_MAX + 1];
	struct strlist history;
	size_t history_at;          /* == history.n: a new line */
	size_t target;              /* the application the console talks to */
	struct strlist sql_output;  /* the last result grid, or the error */
	struct catalog cat;         /* the selected lesson, as of the last refresh */
	size_t table;               /* Tables: the cursor */
	int table_open;             /* Tables: showing one table */
	long row_offset;            /* Tables: first row of the page shown */
	int cursor_line;            /* Tables: the cursor's line, to keep in view */
	/* Where things were drawn, so a mouse click can find them. */
	int row_lesson[512];        /* screen row -> lesson index + 1 (0: none) */
	int tab_end[PANE_COUNT];    /* column after each pane's name */
	struct strlist line_table;  /* Tables list line -> "index" or "" */
	int provisioned; /* the selected lesson, as of the last refresh */
	int ascii, color;
	char status[512];
	int status_error;
	struct strlist lines[PANE_COUNT]; /* per pane, for the selected lesson */
	struct strlist timings;           /* kept until re-run */
	struct strlist last_migration;    /* SQL, time and diff of the last m/u */
	struct strlist demo_output;       /* the last demonstration, under Topology */
	unsigned char done[100][32];      /* lesson index, step: done this session */
	size_t next_demo;
};

/* ---- small drawing helpers -------------------------------------------- */

static void set_role(struct ui *ui, enum role r, int on)
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

/* Text clipped to width columns (UTF-8 aware), control bytes replaced. */
static void put_text(int y, int x, int width, const char *s)
{
	char *clean = sanitize_text(s, 0);
	int cols = 0;
	size_t bytes = 0;

	while (clean[bytes] && cols < width) {
		bytes++;
		while ((clean[bytes] & 0xc0) == 0x80)
			bytes++;
		cols++;
	}
	mvaddnstr(y, x, clean, (int)bytes);
	free(clean);
}

static void fill_line(int y, int x, int width)
{
	mvhline(y, x, ' ', width);
}

/* A wrapped line's continuation starts with \v and the role character of
 * the line it continues, so it keeps the colour but not the marker. */
static enum role line_role(const char *s)
{
	if (s[0] == '\v' && s[1]) {
		char marker[3] = { s[1], ' ', '\0' };

		return line_role(marker);
	}
	if (!strncmp(s, "> ", 2))
		return ROLE_SELECTED;
	if (!strncmp(s, "+ ", 2))
		return ROLE_ADDED;
	if (!strncmp(s, "- ", 2))
		return ROLE_REMOVED;
	if (!strncmp(s, "! ", 2))
		return ROLE_ERROR;
	if (!strncmp(s, "# ", 2))
		return ROLE_TITLE;
	return ROLE_NORMAL;
}

/* ---- status and progress -------------------------------------------------- */

static void draw_status(struct ui *ui)
{
	set_role(ui, ui->status_error ? ROLE_ERROR : ROLE_STATUS, 1);
	fill_line(LINES - 1, 0, COLS);
	put_text(LINES - 1, 1, COLS - 2, ui->status);
	set_role(ui, ui->status_error ? ROLE_ERROR : ROLE_STATUS, 0);
}

static void say(struct ui *ui, int error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(struct ui *ui, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->status, sizeof ui->status, fmt, ap);
	va_end(ap);
	ui->status_error = error;
}

static void on_progress(void *ctx, const char *what)
{
	struct ui *ui = ctx;
	static const char spin[] = "|/-\\";
	static int turn;

	say(ui, 0, "%c %s  (Esc cancels)", spin[turn++ % 4], what);
	draw_status(ui);
	refresh();
}

/* Polled while something runs, between runs and inside long statements:
 * Esc or Ctrl-C (raw mode delivers it as a key).  The answer sticks, since
 * the key is read only once.  The spinner moves so the wait is visible. */
static int on_cancel_poll(void *ctx)
{
	struct ui *ui = ctx;
	int ch;

	if (ui->cancel_requested)
		return 1;
	nodelay(stdscr, TRUE);
	ch = getch();
	nodelay(stdscr, FALSE);
	if (ch == KEY_ESC || ch == KEY_CTRL_C)
		ui->cancel_requested = 1;
	if (now_ms() - ui->last_spin > 150) {
		ui->last_spin = now_ms();
		on_progress(ui, ui->cancel_requested ? "cancelling" : "running");
	}
	return ui->cancel_requested;
}

/* ---- workspace --------------------------------------------------------------- */

static int ensure_ws(struct ui *ui)
{
	struct dbp_error e;

	if (ui->ws_open)
		return 1;
	if (workspace_open(&ui->ws, ui->cfg, &e) != 0) {
		free(ui->ws_error);
		ui->ws_error = xstrdup(e.msg);
		say(ui, 1, "%s", e.msg);
		return 0;
	}
	ui->ws_open = 1;
	return 1;
}

static struct lesson *current(struct ui *ui)
{
	return ui->lessons.n ? ui->lessons.v[ui->lesson] : NULL;
}

/* ---- panes: each fills lines ------------------------------------------------ */

/* Lines of text as they are (SQL, code). */
static void add_text_block(struct strlist *out, const char *text)
{
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");

		sl_push_owned(out, xstrndup(p, n));
		p += n + (p[n] == '\n');
	}
}

/* Prose: lines of a paragraph joined, so the pane can wrap it to its width. */
static void add_paragraphs(struct strlist *out, const char *text)
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

/* A step is done once its action was taken in this session; provisioning
 * is read from the engine, so a lesson provisioned earlier counts. */
static int step_done(const struct ui *ui, size_t lesson, const struct lesson *l, size_t step)
{
	const char *action = l->steps[step].action;

	if (action && !strcmp(action, "provision") && lesson == ui->lesson && ui->provisioned)
		return 1;
	return lesson < 100 && step < 32 && ui->done[lesson][step];
}

static long next_step(const struct ui *ui, size_t lesson, const struct lesson *l)
{
	for (size_t i = 0; i < l->nsteps; i++)
		if (!step_done(ui, lesson, l, i))
			return (long)i;
	return -1;
}

/* The user just did `action` in the current lesson. */
static void mark(struct ui *ui, const char *action)
{
	const struct lesson *l = ui->lessons.n ? ui->lessons.v[ui->lesson] : NULL;

	for (size_t i = 0; l && i < l->nsteps && i < 32 && ui->lesson < 100; i++)
		if (l->steps[i].action && !strcmp(l->steps[i].action, action))
			ui->done[ui->lesson][i] = 1;
}

static void fill_lesson(struct ui *ui, struct lesson *l, struct strlist *out)
{
	struct dbp_error e;
	char *text;

	long next = next_step(ui, ui->lesson, l);

	sl_push_owned(out, xasprintf("# Lesson %d: %s", l->number, l->title));
	if (l->summary)
		sl_push(out, l->summary);
	if (next >= 0)
		sl_push_owned(out, xasprintf("Next: step %ld, %s.", next + 1, l->steps[next].title));
	else if (l->nsteps)
		sl_push(out, "Every step is done: try another lesson, or r to start this one afresh.");
	sl_push(out, "");
	if (l->intro_file && (text = lesson_text(l, l->intro_file, &e))) {
		add_paragraphs(out, text);
		free(text);
	}
	for (size_t i = 0; i < l->nsteps; i++) {
		sl_push(out, "");
		sl_push_owned(out, xasprintf("# Step %zu: %s", i + 1, l->steps[i].title));
		if (l->steps[i].text_file && (text = lesson_text(l, l->steps[i].text_file, &e))) {
			add_paragraphs(out, text);
			free(text);
		}
	}
}

static const char *tree_glyph(struct ui *ui, int last)
{
	if (ui->ascii)
		return last ? "`-- " : "|-- ";
	return last ? "\u2514\u2500\u2500 " : "\u251c\u2500\u2500 ";
}

static void fill_topology(struct ui *ui, struct lesson *l, const struct catalog *cat, struct strlist *out)
{
	for (size_t i = 0; i < l->ndbs; i++) {
		char *db = ws_db_name(&ui->ws, l->dbs[i].name);

		sl_push_owned(out, xasprintf("%s", db));
		for (size_t t = 0; t < cat->n; t++)
			if (!strcmp(cat->tables[t].database, db))
				sl_push_owned(out, xasprintf("  %s%s.%s  (%lld rows)", tree_glyph(ui, 0),
							     cat->tables[t].schema, cat->tables[t].name,
							     cat->tables[t].rows));
		if (!cat->n)
			sl_push_owned(out, xasprintf("  %s(not provisioned: press p)", tree_glyph(ui, 1)));
		free(db);
	}
	sl_push(out, "");
	sl_push(out, "# Each application connects with:");
	for (size_t i = 0; i < l->napps; i++) {
		const struct lesson_app *a = &l->apps[i];
		char *db = ws_db_name(&ui->ws, a->database);
		char *schema = a->schema ? ws_schema_name(&ui->ws, a->schema) : NULL;
		char *url = ui->ws.ops->app_url(ui->ws.srv, db, schema);

		sl_push_owned(out, xasprintf("  %-10s %s", a->name, url));
		free(url);
		free(db);
		free(schema);
	}
	if (ui->demo_output.n) {
		sl_push(out, "");
		for (size_t i = 0; i < ui->demo_output.n; i++)
			sl_push(out, ui->demo_output.v[i]);
	}
	if (ui->ws.engine == DBP_SQLITE) {
		for (size_t i = 0; i < l->ndbs; i++)
			if (l->dbs[i].schemas.n) {
				sl_push(out, "");
				sl_push(out, "SQLite has no CREATE SCHEMA: each schema here is a file of its own,");
				sl_push(out, "attached under the schema's name. PostgreSQL keeps them in one database.");
				break;
			}
	}
}

static void grid_lines(const struct dbp_result *r, double ms, struct strlist *out);

static void fill_table_list(struct ui *ui, const struct catalog *cat, struct strlist *out)
{
	sl_free(&ui->line_table);
	sl_push(out, "# What the engine's catalog holds (exact row counts). Enter opens a table.");
	for (size_t i = 0; i < cat->n; i++) {
		const struct cat_table *t = &cat->tables[i];

		if (!i || strcmp(t->database, cat->tables[i - 1].database))
			sl_push_owned(out, xasprintf("%s", t->database));
		if (!i || strcmp(t->database, cat->tables[i - 1].database) ||
		    strcmp(t->schema, cat->tables[i - 1].schema))
			sl_push_owned(out, xasprintf("  %s", t->schema));
		while (ui->line_table.n < out->n)
			sl_push(&ui->line_table, "");
		if (i == ui->table)
			ui->cursor_line = (int)out->n;
		sl_push_owned(&ui->line_table, xasprintf("%zu", i));
		/* The cursor's line is marked "> " (drawn highlighted, marker hidden). */
		sl_push_owned(out, xasprintf("%s    %-30s %9lld", i == ui->table ? "> " : "", t->name, t->rows));
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
static void fill_rows_page(struct ui *ui, const struct lesson *l, const struct cat_table *t,
			   struct strlist *out)
{
	const struct lesson_db *db = db_of_table(ui, l, t);
	struct dbp_result r = { 0 };
	struct dbp_error e;
	struct dbp_conn *c = db ? ws_connect_db(&ui->ws, db, &e) : NULL;
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
		grid_lines(&r, now_ms() - t0, out);
	result_free(&r);
	free(sql);
	free(schema);
	free(table);
	ui->ws.ops->close(c);
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

static void fill_tables(struct ui *ui, const struct lesson *l, const struct catalog *cat, struct strlist *out)
{
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

static void fill_migrations(struct ui *ui, struct lesson *l, int provisioned, struct strlist *out)
{
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

static void refresh_panes(struct ui *ui)
{
	struct lesson *l = current(ui);
	struct dbp_error e;
	int provisioned = 0;

	for (int p = 0; p < PANE_COUNT; p++)
		sl_free(&ui->lines[p]);
	catalog_free(&ui->cat);
	if (!l)
		return;
	fill_lesson(ui, l, &ui->lines[PANE_LESSON]);
	if (!ensure_ws(ui)) {
		for (int p = PANE_TOPOLOGY; p < PANE_COUNT; p++)
			sl_push_owned(&ui->lines[p], xasprintf("! %s", ui->ws_error));
		return;
	}
	provisioned = ui->provisioned = workspace_provisioned(&ui->ws, l);
	if (provisioned && catalog_snapshot(&ui->ws, l, &ui->cat, &e) != 0)
		say(ui, 1, "%s", e.msg);
	fill_topology(ui, l, &ui->cat, &ui->lines[PANE_TOPOLOGY]);
	fill_tables(ui, l, &ui->cat, &ui->lines[PANE_TABLES]);
	if (ui->pane == PANE_TABLES && ui->cat.n)
		mark(ui, "tables");
	fill_migrations(ui, l, provisioned, &ui->lines[PANE_MIGRATIONS]);
	fill_sql(ui, l, &ui->lines[PANE_SQL]);
	for (size_t i = 0; i < ui->timings.n; i++)
		sl_push(&ui->lines[PANE_TIMINGS], ui->timings.v[i]);
	if (!ui->timings.n)
		sl_push(&ui->lines[PANE_TIMINGS], "No timings yet: press t.");
}

/* ---- drawing ------------------------------------------------------------------ */

static void draw_steps(struct ui *ui, const struct lesson *l, int *y, int height)
{
	long next = next_step(ui, ui->lesson, l);

	for (size_t s = 0; s < l->nsteps && *y < height; s++, (*y)++) {
		int done = step_done(ui, ui->lesson, l, s);
		const char *glyph = done ? (ui->ascii ? "*" : "\u2713") : (long)s == next ? ">"
				  : (ui->ascii ? "-" : "\u00b7");
		char *label = xasprintf("   %s %s", glyph, l->steps[s].title);

		set_role(ui, ROLE_DIM, 1);
		put_text(1 + *y, 0, SIDEBAR - 1, label);
		set_role(ui, ROLE_DIM, 0);
		free(label);
	}
}

/* The engine at the foot of the sidebar, wrapped over up to three lines:
 * a PostgreSQL user@host:port/db or a workspace path is often long. */
static void draw_server(struct ui *ui, int used, int height)
{
	const char *d = ui->ws.ops->server_describe(ui->ws.srv);
	int width = SIDEBAR - 2, lines = ((int)strlen(d) + width - 1) / width;

	if (lines > 3)
		lines = 3;
	if (height - used < lines + 1)
		return;
	set_role(ui, ROLE_DIM, 1);
	for (int i = 0; i < lines; i++) {
		size_t at = (size_t)i * (size_t)width;

		/* The last line shows the end of the text, where names differ. */
		if (i == lines - 1 && strlen(d) > at + (size_t)width)
			at = strlen(d) - (size_t)width;
		put_text(height - lines + 1 + i, 0, width, d + at);
	}
	set_role(ui, ROLE_DIM, 0);
}

static void draw_sidebar(struct ui *ui, int height)
{
	int y = 0;

	memset(ui->row_lesson, 0, sizeof ui->row_lesson);
	for (size_t i = 0; i < ui->lessons.n && y < height; i++, y++) {
		char *label = xasprintf(" %d %s", ui->lessons.v[i]->number, ui->lessons.v[i]->title);

		if (1 + y < (int)DBP_ARRAY_LEN(ui->row_lesson))
			ui->row_lesson[1 + y] = (int)i + 1;
		if (i == ui->lesson)
			set_role(ui, ROLE_SELECTED, 1);
		fill_line(1 + y, 0, SIDEBAR - 1);
		put_text(1 + y, 0, SIDEBAR - 1, label);
		if (i == ui->lesson)
			set_role(ui, ROLE_SELECTED, 0);
		free(label);
		if (i == ui->lesson && height - y > (int)(ui->lessons.n - i) + 2) {
			y++;
			draw_steps(ui, ui->lessons.v[i], &y, height - (int)(ui->lessons.n - i) - 2);
			y--;
		}
	}
	if (ui->ws_open)
		draw_server(ui, y, height);
	/* Drawn as text, not ACS: some terminals (and tmux with a borrowed
	 * TERM) show the alternate character set as letters. */
	for (int row = 1; row <= height; row++)
		put_text(row, SIDEBAR - 1, 1, ui->ascii ? "|" : "\u2502");
}

/* Pane names in a row, clipped at the right edge. */
static void draw_tabs(struct ui *ui, int x, int width)
{
	int at = x;

	for (int p = 0; p < PANE_COUNT && at < x + width; p++) {
		char *label = xasprintf(" %s ", pane_names[p]);
		int room = x + width - at;

		if (p == (int)ui->pane)
			set_role(ui, ROLE_SELECTED, 1);
		put_text(1, at, room, label);
		if (p == (int)ui->pane)
			set_role(ui, ROLE_SELECTED, 0);
		at += (int)strlen(label);
		ui->tab_end[p] = at;
		free(label);
	}
}

/* Long lines wrap at spaces; a continuation keeps the line's role and
 * indentation so an error or a heading reads as one. */
static void wrap_lines(const struct strlist *in, int width, struct strlist *out)
{
	for (size_t i = 0; i < in->n; i++) {
		const char *s = in->v[i];
		size_t indent = strspn(s, " ");
		int first = 1;

		if (width < 10 || (int)strlen(s) <= width) {
			sl_push(out, s);
			continue;
		}
		while (*s) {
			const char *head = first ? "" : (line_role(in->v[i]) == ROLE_NORMAL ? "" : "  ");
			int room = width - (int)strlen(head) - (first ? 0 : (int)indent), cut = 0, cols = 0;
			const char *p = s;

			for (; *p && cols < room; p++) {
				if ((*p & 0xc0) != 0x80)
					cols++;
				if (*p == ' ')
					cut = (int)(p - s);
			}
			if (!*p || cut == 0)
				cut = (int)(p - s);
			if (first)
				sl_push_owned(out, xstrndup(s, (size_t)cut));
			else if (line_role(in->v[i]) == ROLE_NORMAL)
				sl_push_owned(out, xasprintf("%*s%.*s", (int)indent, "", cut, s));
			else
				sl_push_owned(out, xasprintf("\v%c%*s%.*s", in->v[i][0], (int)indent, "", cut, s));
			s += cut;
			while (*s == ' ')
				s++;
			first = 0;
		}
	}
}

/* Panes that hold grids: lines are not wrapped, Left and Right scroll. */
static int unwrapped(const struct ui *ui)
{
	return ui->pane == PANE_SQL || (ui->pane == PANE_TABLES && ui->table_open);
}

/* The text from its n-th column on (UTF-8 aware). */
static const char *skip_columns(const char *s, int n)
{
	while (*s && n > 0) {
		s++;
		while ((*s & 0xc0) == 0x80)
			s++;
		n--;
	}
	return s;
}

static void draw_pane(struct ui *ui, int x, int width, int height)
{
	struct strlist wrapped = { 0 };
	const struct strlist *lines = &wrapped;

	/* A result grid scrolls sideways instead of wrapping. */
	if (unwrapped(ui))
		for (size_t i = 0; i < ui->lines[ui->pane].n; i++)
			sl_push(&wrapped, ui->lines[ui->pane].v[i]);
	else
		wrap_lines(&ui->lines[ui->pane], width, &wrapped);
	/* Keep the table cursor in view. */
	if (ui->pane == PANE_TABLES && !ui->table_open) {
		if (ui->cursor_line < ui->scroll)
			ui->scroll = ui->cursor_line;
		if (ui->cursor_line >= ui->scroll + height)
			ui->scroll = ui->cursor_line - height + 1;
	}
	if (ui->scroll > (int)lines->n - height)
		ui->scroll = (int)lines->n - height;
	if (ui->scroll < 0)
		ui->scroll = 0;
	for (int row = 0; row < height && (size_t)(row + ui->scroll) < lines->n; row++) {
		const char *s = lines->v[row + ui->scroll];
		enum role r = line_role(s);

		set_role(ui, r, 1);
		if (s[0] == '\v') {
			put_text(3 + row, x, 2, "  ");
			put_text(3 + row, x + 2, width - 2, s + 2);
		} else {
			const char *text = r == ROLE_TITLE ? s + 2 : s;

			if (r == ROLE_SELECTED)
				fill_line(3 + row, x, width);
			put_text(3 + row, x, width, skip_columns(r == ROLE_SELECTED ? s + 2 : text,
								  unwrapped(ui) ? ui->hscroll : 0));
		}
		set_role(ui, r, 0);
	}
	sl_free(&wrapped);
}

static void draw_help(struct ui *ui)
{
	int h = (int)DBP_ARRAY_LEN(actions) + 4, w = 56;
	int y = (LINES - h) / 2, x = (COLS - w) / 2;

	if (h > LINES - 1)
		h = LINES - 1, y = 0;
	if (x < 0)
		x = 0, w = COLS;
	for (int r = 0; r < h; r++)
		fill_line(y + r, x, w);
	set_role(ui, ROLE_TITLE, 1);
	put_text(y, x + 2, w - 4, "Keys (any key closes)");
	set_role(ui, ROLE_TITLE, 0);
	put_text(y + 1, x + 2, w - 4, "1..9 jump to lesson N");
	for (size_t i = 0; i < DBP_ARRAY_LEN(actions) && (int)i + 2 < h; i++) {
		char *row = xasprintf("%-12s %s", actions[i].label, actions[i].help);

		put_text(y + 2 + (int)i, x + 2, w - 4, row);
		free(row);
	}
}

static void draw(struct ui *ui)
{
	int body = LINES - 4, x = SIDEBAR + 1, w = COLS - SIDEBAR - 2;

	erase();
	if (COLS < MIN_COLS || LINES < MIN_LINES) {
		char *msg = xasprintf("Terminal too small: %dx%d. dbpatterns needs at least %dx%d.",
				      COLS, LINES, MIN_COLS, MIN_LINES);

		mvaddnstr(0, 0, msg, COLS * LINES);
		free(msg);
		refresh();
		return;
	}
	set_role(ui, ROLE_TITLE, 1);
	fill_line(0, 0, COLS);
	put_text(0, 1, COLS - 2, "dbpatterns: how applications organise their data    ? help  q quit");
	set_role(ui, ROLE_TITLE, 0);
	draw_sidebar(ui, LINES - 2);
	draw_tabs(ui, x, w);
	draw_pane(ui, x, w, body - 1);
	draw_status(ui);
	if (ui->help)
		draw_help(ui);
	refresh();
}

/* ---- actions -------------------------------------------------------------------- */


/* For a multi-part run: keeps an earlier Esc in force across its parts. */
static const struct dbp_progress *progress_for_run(struct ui *ui)
{
	static struct dbp_progress p;

	p.report = on_progress;
	p.cancelled = on_cancel_poll;
	p.ctx = ui;
	return &p;
}

/* For a new operation: an Esc from before does not count. */
static const struct dbp_progress *progress_for(struct ui *ui)
{
	ui->cancel_requested = 0;
	return progress_for_run(ui);
}

static void do_provision(struct ui *ui)
{
	struct lesson *l = current(ui);
	struct dbp_error e;
	double t0 = now_ms();

	if (!ensure_ws(ui))
		return;
	if (workspace_provision(&ui->ws, l, progress_for(ui), NULL, &e) != 0)
		say(ui, 1, "provision: %s", e.msg);
	else {
		say(ui, 0, "Lesson %d provisioned in %.0f ms. Tab to Tables to see what the engine holds.",
		    l->number, now_ms() - t0);
		mark(ui, "provision");
	}
	ui->pane = PANE_TOPOLOGY;
}

static void do_demo(struct ui *ui)
{
	struct lesson *l = current(ui);
	const struct lesson_demo *d;
	struct dbp_error e;
	char *text;

	if (!l->ndemos) {
		say(ui, 0, "Lesson %d has no demonstrations.", l->number);
		return;
	}
	if (!ensure_ws(ui))
		return;
	d = &l->demos[ui->next_demo++ % l->ndemos];
	sl_free(&ui->demo_output);
	sl_push_owned(&ui->demo_output, xasprintf("# Demo: %s", d->title));
	if (d->text_file && (text = lesson_text(l, d->text_file, &e))) {
		add_paragraphs(&ui->demo_output, text);
		free(text);
	}
	if (demo_run(&ui->ws, l, d, progress_for(ui), &ui->demo_output, &e) != 0) {
		sl_push_owned(&ui->demo_output, xasprintf("! %s", e.msg));
		say(ui, 1, "%s", e.msg);
	} else {
		say(ui, 0, "Demo done: %s. Press d for the next one.", d->name);
		mark(ui, "read");
	}
	ui->pane = PANE_TOPOLOGY;
	ui->scroll = 1 << 20;
}

static void do_teardown(struct ui *ui)
{
	struct lesson *l = current(ui);
	struct dbp_error e;

	if (!ensure_ws(ui))
		return;
	if (workspace_teardown(&ui->ws, l, progress_for(ui), NULL, &e) != 0) {
		say(ui, 1, "%s", e.msg);
	} else {
		say(ui, 0, "Lesson %d torn down.", l->number);
		memset(ui->done[ui->lesson < 100 ? ui->lesson : 0], 0, sizeof ui->done[0]);
		mark(ui, "teardown");
	}
}

static void remember_migration(struct ui *ui, const struct lesson_app *a,
			       const struct migrate_report *rep, int rc, const struct dbp_error *e)
{
	sl_free(&ui->last_migration);
	if (rc)
		sl_push_owned(&ui->last_migration, xasprintf("! %s", rep->error.msg[0] ? rep->error.msg : e->msg));
	sl_push(&ui->last_migration, rep->changes.n ? "# What changed in the catalog" :
		"# What changed in the catalog: nothing");
	for (size_t i = 0; i < rep->changes.n; i++)
		sl_push(&ui->last_migration, rep->changes.v[i]);
	for (size_t i = 0; i < rep->nsteps; i++) {
		sl_push(&ui->last_migration, "");
		sl_push_owned(&ui->last_migration, xasprintf("# %s %s %03d_%s in %.1f ms%s", a->name,
			      rc && i + 1 == rep->nsteps ? "tried" : rep->steps[i].up ? "applied" : "rolled back",
			      rep->steps[i].version,
			      rep->steps[i].name, rep->steps[i].ms, rc ? " (failed, rolled back whole)" : ""));
		add_text_block(&ui->last_migration, rep->steps[i].sql);
	}
}

static void do_migrate(struct ui *ui, int up)
{
	struct lesson *l = current(ui);
	const struct lesson_app *a = &l->apps[ui->app];
	struct migrate_report rep = { 0 };
	struct dbp_error e;
	int cur = 0, rc;

	if (!ensure_ws(ui))
		return;
	if (!workspace_provisioned(&ui->ws, l)) {
		say(ui, 1, "Lesson %d is not provisioned: press p first.", l->number);
		return;
	}
	if (migrate_current(&ui->ws, l, a, &cur, &e) != 0) {
		say(ui, 1, "%s", e.msg);
		return;
	}
	if (up ? cur >= (int)a->nmigrations : cur == 0) {
		say(ui, 0, "%s has no %s migration (a chooses another application).", a->name,
		    up ? "pending" : "applied");
		return;
	}
	rc = migrate_to(&ui->ws, l, a, up ? cur + 1 : cur - 1, 0, 1, progress_for(ui), &rep, &e);
	mark(ui, up ? "migrate" : "rollback");
	remember_migration(ui, a, &rep, rc, &e);
	if (rc)
		say(ui, 1, "%s", e.msg);
	else
		say(ui, 0, "%s: %s in %.1f ms.", a->name, up ? "applied" : "rolled back", rep.total_ms);
	migrate_report_free(&rep);
	ui->pane = PANE_MIGRATIONS;
	ui->scroll = 0;
}

static void bar(struct strbuf *b, double value, double max, int width, int ascii)
{
	int n = max > 0 ? (int)(value / max * width + 0.5) : 0;

	for (int i = 0; i < n; i++)
		sb_add(b, ascii ? "#" : "\u2588");
}

/* Time every workload of l on ws, appending to res; stops on cancel. */
static size_t time_lesson(struct ui *ui, struct workspace *ws, const struct lesson *l,
			  struct bench_result *res, size_t n)
{
	struct dbp_error e;

	for (size_t i = 0; i < l->nworkloads && !ui->cancel_requested; i++) {
		if (bench_workload(ws, l, &l->workloads[i], ui->cfg->reps, progress_for_run(ui), &res[n], &e) != 0) {
			say(ui, 1, "%s", e.msg);
			bench_result_free(&res[n]);
			break;
		}
		n++;
	}
	return n;
}

static void timing_lines(struct ui *ui, const struct bench_result *res, size_t n, int engines)
{
	double worst = 0;

	for (size_t i = 0; i < n; i++)
		if (!res[i].failed && res[i].stats.median > worst)
			worst = res[i].stats.median;
	for (size_t i = 0; i < n; i++) {
		const struct bench_result *b = &res[i];
		struct strbuf line;
		int first = 1;

		for (size_t j = 0; j < i; j++)
			first &= strcmp(res[j].workload, b->workload) != 0;
		if (!first)
			continue;
		sl_push_owned(&ui->timings, xasprintf("# %s", b->title));
		for (size_t j = i; j < n; j++) {
			const struct bench_result *r = &res[j];
			const char *who = engines > 1 ? r->engine : "";

			if (strcmp(r->workload, b->workload))
				continue;
			if (r->failed) {
				sl_push_owned(&ui->timings, xasprintf("! %s%s%s%s%s", who, *who ? ": " : "",
								      r->error.sqlstate, r->error.sqlstate[0] ? " " : "",
								      r->error.msg));
				continue;
			}
			sl_push_owned(&ui->timings, xasprintf("  %s%s%d conn (%.1f ms)  %ld round trip%s  %ld rows  "
				      "median %.2f  p95 %.2f  min-max %.2f-%.2f ms%s", who, *who ? ": " : "",
				      r->connections, r->connect_ms, r->round_trips, r->round_trips == 1 ? "" : "s",
				      r->rows, r->stats.median,
				      r->stats.p95, r->stats.min, r->stats.max, r->cancelled ? "  (cancelled)" : ""));
			sb_init(&line);
			sb_add(&line, "  ");
			bar(&line, r->stats.median, worst, 40, ui->ascii);
			sl_push_owned(&ui->timings, sb_steal(&line));
		}
	}
}

static void do_timings(struct ui *ui)
{
	struct lesson *l = current(ui);
	struct bench_result *res;
	struct workspace peer;
	size_t n = 0;
	int engines = 1;

	if (!ensure_ws(ui))
		return;
	if (!workspace_provisioned(&ui->ws, l)) {
		say(ui, 1, "Lesson %d is not provisioned: press p first.", l->number);
		return;
	}
	ui->status_error = 0;
	ui->cancel_requested = 0;
	res = xcalloc(2 * l->nworkloads + 1, sizeof *res);
	n = time_lesson(ui, &ui->ws, l, res, n);
	/* Where the other engine holds the lesson too, side by side. */
	if (!ui->cancel_requested && !ui->status_error && workspace_open_peer(&peer, ui->cfg) == 0) {
		if (workspace_provisioned(&peer, l)) {
			n = time_lesson(ui, &peer, l, res, n);
			engines = 2;
		}
		workspace_close(&peer);
	}
	sl_free(&ui->timings);
	sl_push_owned(&ui->timings, xasprintf("# Lesson %d on %s%s: %d runs each after one cold run",
					      l->number, engine_name(ui->ws.engine),
					      engines > 1 ? " and its peer" : "", ui->cfg->reps));
	timing_lines(ui, res, n, engines);
	if (!ui->status_error && ui->cancel_requested)
		say(ui, 0, "Timings cancelled for lesson %d: what ran is shown.", l->number);
	else if (!ui->status_error) {
		say(ui, 0, "Timings done for lesson %d.", l->number);
		mark(ui, "bench");
	}
	for (size_t i = 0; i < n; i++)
		bench_result_free(&res[i]);
	free(res);
	ui->pane = PANE_TIMINGS;
	ui->scroll = 0;
}

/* A result as aligned text lines, with the row count and time under it. */
static void grid_lines(const struct dbp_result *r, double ms, struct strlist *out)
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

static void run_sql(struct ui *ui)
{
	struct lesson *l = current(ui);
	const struct lesson_app *a = &l->apps[ui->target % l->napps];
	struct dbp_result r = { 0 };
	struct dbp_error e;
	struct dbp_conn *c;
	double t0;

	sl_free(&ui->sql_output);
	if (!ui->input[0] || !ensure_ws(ui))
		return;
	if (!ui->history.n || strcmp(ui->history.v[ui->history.n - 1], ui->input))
		sl_push(&ui->history, ui->input);
	ui->history_at = ui->history.n;
	c = workspace_provisioned(&ui->ws, l) ? ws_connect_app(&ui->ws, l, a, &e) : NULL;
	if (!c) {
		sl_push_owned(&ui->sql_output, xasprintf("! %s", ui->provisioned ? e.msg :
							 "Not provisioned: press Esc, then p."));
		return;
	}
	ui->cancel_requested = 0;
	ui->ws.ops->set_interrupt(c, on_cancel_poll, ui);
	on_progress(ui, "running the query");
	mark(ui, "sql");
	t0 = now_ms();
	if (ui->ws.ops->query(c, ui->input, &r, &e) != 0)
		sl_push_owned(&ui->sql_output, xasprintf("! %s%s%s%s", e.sqlstate, e.sqlstate[0] ? " " : "", e.msg,
							 ui->cancel_requested ? "  (cancelled with Esc)" : ""));
	else if (r.ncols == 0)
		sl_push_owned(&ui->sql_output, xasprintf("(done: %ld row%s changed, %.2f ms)", r.affected,
							 r.affected == 1 ? "" : "s", now_ms() - t0));
	else
		grid_lines(&r, now_ms() - t0, &ui->sql_output);
	result_free(&r);
	ui->ws.ops->close(c);
	ui->hscroll = 0;
	say(ui, 0, "%s", ui->cancel_requested ? "Query cancelled." : "Query done.");
}

static void recall(struct ui *ui, int step)
{
	if (!ui->history.n)
		return;
	if (step < 0 && ui->history_at > 0)
		ui->history_at--;
	else if (step > 0 && ui->history_at < ui->history.n)
		ui->history_at++;
	snprintf(ui->input, sizeof ui->input, "%s",
		 ui->history_at < ui->history.n ? ui->history.v[ui->history_at] : "");
}

/* Keys while typing a query. */
static void type_key(struct ui *ui, int ch)
{
	size_t n = strlen(ui->input);
	struct lesson *l = current(ui);

	if (ch == KEY_ESC || ch == KEY_CTRL_C) {
		ui->typing = 0;
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		run_sql(ui);
		ui->input[0] = '\0';
	} else if (ch == 21) { /* Ctrl-U, as in readline: clear the line */
		ui->input[0] = '\0';
	} else if (ch == '\t') {
		ui->target = l ? (ui->target + 1) % l->napps : 0;
	} else if (ch == KEY_UP || ch == KEY_DOWN) {
		recall(ui, ch == KEY_UP ? -1 : 1);
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		while (n > 0 && (ui->input[n - 1] & 0xc0) == 0x80)
			n--;
		if (n > 0)
			ui->input[n - 1] = '\0';
		else
			ui->input[0] = '\0';
	} else if (ch == KEY_LEFT || ch == KEY_RIGHT) {
		ui->hscroll += ch == KEY_RIGHT ? 8 : -8;
		if (ui->hscroll < 0)
			ui->hscroll = 0;
	} else if (ch >= 0x20 && ch < 0x100 && ch != 0x7f && n < SQL_MAX) {
		ui->input[n] = (char)ch;
		ui->input[n + 1] = '\0';
	}
}

static enum action action_for_key(int ch)
{
	for (size_t i = 0; i < DBP_ARRAY_LEN(actions); i++)
		if (ch == actions[i].key || (actions[i].key2 && ch == actions[i].key2))
			return (enum action)i;
	if (ch == '\r')
		return ACT_OPEN;
	return ACT_NONE;
}

static void select_lesson(struct ui *ui, size_t i)
{
	if (i >= ui->lessons.n)
		return;
	ui->lesson = i;
	ui->app = 0;
	ui->target = 0;
	ui->scroll = ui->hscroll = 0;
	ui->table = 0;
	ui->table_open = 0;
	ui->row_offset = 0;
	ui->next_demo = 0;
	sl_free(&ui->demo_output);
	sl_free(&ui->sql_output);
	sl_free(&ui->timings);
	sl_free(&ui->last_migration);
}

static int in_table_list(const struct ui *ui)
{
	return ui->pane == PANE_TABLES && !ui->table_open;
}

/* Up and Down: the table cursor in the list, else a line of scroll. */
static void move_down(struct ui *ui, int step)
{
	if (in_table_list(ui)) {
		if (step > 0 && ui->table + 1 < ui->cat.n)
			ui->table++;
		else if (step < 0 && ui->table > 0)
			ui->table--;
		return;
	}
	ui->scroll += step;
}

/* Page keys: an open table pages through its rows; other panes scroll. */
static void page_down(struct ui *ui, int page)
{
	if (ui->pane == PANE_TABLES && ui->table_open && ui->cat.n) {
		long rows = ui->cat.tables[ui->table].rows;

		ui->row_offset += page > 0 ? ROWS_PAGE : -ROWS_PAGE;
		if (ui->row_offset >= rows)
			ui->row_offset -= ROWS_PAGE;
		if (ui->row_offset < 0)
			ui->row_offset = 0;
		ui->scroll = 0;
		return;
	}
	ui->scroll += page;
}

/* A click selects a lesson in the sidebar, a pane by its name, or a table
 * in the Tables list (a click on the selected table opens it). */
static void click(struct ui *ui)
{
	MEVENT ev;
	int row;

	if (getmouse(&ev) != OK || !(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
		return;
	if (ev.x < SIDEBAR - 1 && ev.y < (int)DBP_ARRAY_LEN(ui->row_lesson) && ui->row_lesson[ev.y]) {
		select_lesson(ui, (size_t)ui->row_lesson[ev.y] - 1);
		return;
	}
	if (ev.y == 1 && ev.x >= SIDEBAR) {
		for (int p = 0; p < PANE_COUNT; p++)
			if (ev.x < ui->tab_end[p]) {
				ui->pane = p;
				ui->scroll = ui->hscroll = 0;
				return;
			}
		return;
	}
	row = ev.y - 3 + ui->scroll;
	if (in_table_list(ui) && ev.x >= SIDEBAR && row >= 0 && (size_t)row < ui->line_table.n &&
	    ui->line_table.v[row][0]) {
		size_t t = (size_t)atol(ui->line_table.v[row]);

		if (t == ui->table) {
			ui->table_open = 1;
			ui->row_offset = 0;
			ui->scroll = ui->hscroll = 0;
		}
		ui->table = t;
	}
}

/* Returns 0 to quit. */
static int handle(struct ui *ui, int ch)
{
	int page = LINES - 6;
	struct lesson *l = current(ui);

	if (ui->help) {
		ui->help = 0;
		return 1;
	}
	if (ch == KEY_MOUSE) {
		click(ui);
		return 1;
	}
	if (ui->typing) {
		type_key(ui, ch);
		return 1;
	}
	if (ch >= '1' && ch <= '9') {
		for (size_t i = 0; i < ui->lessons.n; i++)
			if (ui->lessons.v[i]->number == ch - '0')
				select_lesson(ui, i);
		return 1;
	}
	switch (action_for_key(ch)) {
	case ACT_QUIT: return 0;
	case ACT_HELP: ui->help = 1; break;
	case ACT_NEXT_PANE: ui->pane = (ui->pane + 1) % PANE_COUNT; ui->scroll = ui->hscroll = 0; break;
	case ACT_PREV_PANE: ui->pane = (ui->pane + PANE_COUNT - 1) % PANE_COUNT; ui->scroll = ui->hscroll = 0; break;
	case ACT_NEXT_LESSON: select_lesson(ui, ui->lesson + 1); break;
	case ACT_PREV_LESSON: if (ui->lesson) select_lesson(ui, ui->lesson - 1); break;
	case ACT_DOWN: move_down(ui, 1); break;
	case ACT_UP: move_down(ui, -1); break;
	case ACT_PAGE_DOWN: page_down(ui, page); break;
	case ACT_PAGE_UP: page_down(ui, -page); break;
	case ACT_HOME: ui->scroll = 0; ui->row_offset = 0; if (in_table_list(ui)) ui->table = 0; break;
	case ACT_END: ui->scroll = 1 << 20; if (in_table_list(ui) && ui->cat.n) ui->table = ui->cat.n - 1; break;
	case ACT_OPEN:
		if (in_table_list(ui) && ui->cat.n) {
			ui->table_open = 1;
			ui->row_offset = 0;
			ui->scroll = ui->hscroll = 0;
		}
		break;
	case ACT_BACK:
		if (ui->pane == PANE_TABLES && ui->table_open) {
			ui->table_open = 0;
			ui->scroll = ui->hscroll = 0;
		}
		break;
	case ACT_PROVISION: do_provision(ui); break;
	case ACT_MIGRATE: do_migrate(ui, 1); break;
	case ACT_ROLLBACK: do_migrate(ui, 0); break;
	case ACT_NEXT_APP:
		ui->app = l ? (ui->app + 1) % l->napps : 0;
		say(ui, 0, "m and u now act on %s.", l ? l->apps[ui->app].name : "");
		ui->pane = PANE_MIGRATIONS;
		break;
	case ACT_TIMINGS: do_timings(ui); break;
	case ACT_DEMO: do_demo(ui); break;
	case ACT_SQL: ui->pane = PANE_SQL; ui->typing = 1; ui->scroll = 0; break;
	case ACT_SCROLL_LEFT: ui->hscroll = ui->hscroll > 8 ? ui->hscroll - 8 : 0; break;
	case ACT_SCROLL_RIGHT: ui->hscroll += 8; break;
	case ACT_RESET: do_teardown(ui); if (!ui->status_error) do_provision(ui); break;
	case ACT_TEARDOWN: do_teardown(ui); break;
	case ACT_NONE: return 1;
	}
	return 1;
}

/* ---- start and stop ----------------------------------------------------------------- */

static void init_colors(struct ui *ui)
{
	ui->color = !ui->cfg->no_color && has_colors();
	if (!ui->color)
		return;
	start_color();
	use_default_colors();
	init_pair(ROLE_NORMAL, -1, -1);
	init_pair(ROLE_TITLE, COLOR_CYAN, -1);
	init_pair(ROLE_SELECTED, COLOR_BLACK, COLOR_CYAN);
	init_pair(ROLE_STATUS, COLOR_BLACK, COLOR_WHITE);
	init_pair(ROLE_ERROR, COLOR_WHITE, COLOR_RED);
	init_pair(ROLE_ADDED, COLOR_GREEN, -1);
	init_pair(ROLE_REMOVED, COLOR_RED, -1);
	init_pair(ROLE_DIM, COLOR_BLUE, -1);
}

static int load(struct ui *ui, struct dbp_error *e)
{
	char *dir = ui->cfg->lessons_dir ? xstrdup(ui->cfg->lessons_dir) : data_lessons_dir();
	int rc = lessons_load_dir(dir, &ui->lessons, e);

	free(dir);
	return rc;
}

static void ui_free(struct ui *ui)
{
	for (int p = 0; p < PANE_COUNT; p++)
		sl_free(&ui->lines[p]);
	sl_free(&ui->timings);
	sl_free(&ui->last_migration);
	sl_free(&ui->demo_output);
	sl_free(&ui->history);
	sl_free(&ui->sql_output);
	catalog_free(&ui->cat);
	sl_free(&ui->line_table);
	if (ui->ws_open)
		workspace_close(&ui->ws);
	free(ui->ws_error);
	lesson_set_free(&ui->lessons);
}

int tui_run(const struct dbp_config *cfg, int ascii)
{
	struct ui ui = { .cfg = cfg };
	const char *term = getenv("TERM");
	struct dbp_error e;
	SCREEN *scr;
	int ch;

	setlocale(LC_ALL, "");
	ui.ascii = ascii || strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
	if (!term || !*term || !strcmp(term, "dumb")) {
		fprintf(stderr, "dbpatterns: this terminal (TERM=%s) cannot show the screen; "
			"use the commands instead (dbpatterns --help)\n", term ? term : "");
		return 1;
	}
	if (load(&ui, &e) != 0) {
		fprintf(stderr, "dbpatterns: %s\n", e.msg);
		return 1;
	}
	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		fprintf(stderr, "dbpatterns: cannot start the screen for TERM=%s\n", term);
		lesson_set_free(&ui.lessons);
		return 1;
	}
	raw();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
	mouseinterval(0);
	init_colors(&ui);
	say(&ui, 0, "Welcome. Pick a lesson (1-%zu), press p to provision it, ? for every key.",
	    ui.lessons.n);
	fill_lesson(&ui, current(&ui), &ui.lines[PANE_LESSON]);
	draw(&ui); /* first frame before any connection is made */
	refresh_panes(&ui);
	draw(&ui);
	while ((ch = getch()) != ERR) {
		if (ch == KEY_RESIZE) {
			draw(&ui);
			continue;
		}
		if (!handle(&ui, ch))
			break;
		refresh_panes(&ui);
		draw(&ui);
	}
	endwin();
	delscreen(scr);
	ui_free(&ui);
	return 0;
}
