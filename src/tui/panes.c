/* panes: the pane registry and what each pane shows, as lines filled from
 * the core's results (catalog, migration state, timings, the console's
 * grid).  Each line carries its role (title, added, removed, error,
 * selected, a grid's header or row) beside its text; draw.c colours by
 * role and never looks inside the text. */
#include "ui.h"
#include "../core/compare.h"
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

/* A lesson text, with the names the engine really uses (the prefix). */
char *ui_lesson_text(struct ui *ui, const struct lesson *l, const char *file)
{
	struct dbp_error e;
	char *raw = file ? lesson_text(l, file, &e) : NULL;
	char *text = raw ? topology_names(ui->ws_open ? &ui->ws : NULL, ui->cfg->prefix, raw) : NULL;

	free(raw);
	return text;
}

/* One claim not checked yet: why it will not be here, or which key
 * checks it (*by_t, *by_d count them for the hint below). */
static void unchecked_claim(const struct lesson *l, const struct lesson_claim *c, enum dbp_engine eng,
			    int ascii, struct dbp_lines *out, int *by_t, int *by_d)
{
	char *why;

	if (!claim_applies(c, eng)) {
		why = claim_not_claimed(eng);
		lines_addf(out, DBP_LINE_NOTE, "%s %s: %s", ascii ? "skip" : "–", c->name, why);
		free(why);
		return;
	}
	lines_addf(out, DBP_LINE_NOTE, "? %s: not measured yet", c->name);
	if (claim_judged_by_demo(l, c))
		++*by_d;
	else
		++*by_t;
}

/* 1 when a 'slower' claim has a verdict on screen: its figures are its
 * own runs (or a kept one), not the Timings pane's medians. */
static int slower_judged(const struct lesson *l, const struct dbp_lines *per)
{
	for (size_t i = 0; per && i < l->nclaims; i++)
		if (l->claims[i].check == CLAIM_SLOWER && per[i].n)
			return 1;
	return 0;
}

/* What the lesson claims, as last checked on this engine (t and d check). */
static void fill_claims(struct ui *ui, const struct lesson *l, struct dbp_lines *out)
{
	const struct dbp_lines *per = ui->claims && ui->lesson < ui->lessons.n ? ui->claims[ui->lesson] : NULL;
	enum dbp_engine eng = ui->ws_open ? ui->ws.engine : ui->cfg->engine;
	int by_t = 0, by_d = 0;

	if (!l->nclaims)
		return;
	lines_add(out, DBP_LINE_TEXT, "");
	lines_addf(out, DBP_LINE_TITLE, "What this lesson claims, checked on %s", engine_name(eng));
	if (slower_judged(l, per))
		lines_add(out, DBP_LINE_NOTE, "A 'slower' claim compares the fastest runs, not the medians: it "
			  "times both sides again where they stand now, and a side at another migration "
			  "from the run t kept there. The line under each says which.");
	if (per)
		lines_append(out, &per[l->nclaims]);
	for (size_t i = 0; i < l->nclaims; i++)
		if (per && per[i].n)
			lines_append(out, &per[i]);
		else
			unchecked_claim(l, &l->claims[i], eng, ui->ascii, out, &by_t, &by_d);
	if (by_t)
		lines_add(out, DBP_LINE_NOTE, "Press t: the workloads are timed and each claim is checked on the engine "
			  "in front of you, with the figure beside it.");
	if (by_d)
		lines_add(out, DBP_LINE_NOTE, by_t ? "Press d for the rest: they are checked against the report of "
						   "the demonstration they name."
						 : "Press d: each claim is checked against the report of the "
						   "demonstration it names, with the figure beside it.");
}

void ui_fill_lesson(struct ui *ui, struct lesson *l, struct dbp_lines *out)
{
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
	if ((text = ui_lesson_text(ui, l, l->intro_file))) {
		ui_add_paragraphs(out, text);
		free(text);
	}
	for (size_t i = 0; i < l->nsteps; i++) {
		lines_add(out, DBP_LINE_TEXT, "");
		lines_addf(out, DBP_LINE_TITLE, "Step %zu: %s", i + 1, l->steps[i].title);
		if ((text = ui_lesson_text(ui, l, l->steps[i].text_file))) {
			ui_add_paragraphs(out, text);
			free(text);
		}
	}
	fill_claims(ui, l, out);
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

	topology_tree(&ui->ws, l, ui_cat(ui), ui_data(ui)->provisioned, ui->ascii, &tree);
	add_list(out, DBP_LINE_TEXT, &tree);
	if (!ui_data(ui)->provisioned)
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
 * scroll sideways.  At most max_rows rows. */
void ui_grid_rows(const struct ui *ui, const struct dbp_result *r, long max_rows, struct dbp_lines *out)
{
	const struct grid_style style = { .utf8 = !ui->ascii, .max_width = GRID_MAX_WIDTH,
					  .null_text = "NULL", .sep = " | " };
	struct grid g;

	grid_build(&g, r, &style, max_rows);
	for (long i = -1; i < g.nrows; i++) {
		lines_add_owned(out, i < 0 ? DBP_LINE_HEADER : DBP_LINE_ROW, grid_line(&g, i));
		out->v[out->n - 1].fixed = grid_fixed(&g);
	}
	grid_free(&g);
}

/* The grid, then the row count and time under it. */
void ui_grid_lines(const struct ui *ui, const struct dbp_result *r, double ms, struct dbp_lines *out)
{
	ui_grid_rows(ui, r, GRID_MAX_ROWS, out);
	lines_addf(out, DBP_LINE_TEXT, "(%ld row%s%s, %.2f ms)", r->nrows, r->nrows == 1 ? "" : "s",
		   r->nrows > GRID_MAX_ROWS ? ", first 1000 shown" : "", ms);
}

static void fill_migrations(struct ui *ui, struct lesson *l, struct dbp_lines *out)
{
	const struct lesson_data *d = ui_data(ui);

	for (size_t i = 0; i < l->napps; i++) {
		const struct lesson_app *a = &l->apps[i];
		const struct migration_state *st = d->status && i < d->napps ? d->status[i] : NULL;

		lines_addf(out, DBP_LINE_TITLE, "%s%s", a->name,
			   i == ui->app ? "   <- m and u act here (a to change)" : "");
		if (d->status_error && i < d->napps && d->status_error[i]) {
			lines_add(out, DBP_LINE_ERROR, d->status_error[i]);
			continue;
		}
		for (size_t j = 0; j < a->nmigrations; j++)
			lines_addf(out, DBP_LINE_TEXT, "  %s %03d_%s%s", st && st[j].applied ? "[x]" : "[ ]",
				   a->migrations[j].version, a->migrations[j].name,
				   st && st[j].drift ? "  (changed since applied)" : "");
	}
	if (ui->last_migration.n) {
		lines_add(out, DBP_LINE_TEXT, "");
		lines_append(out, &ui->last_migration);
	}
}

static void fill_sql(struct ui *ui, struct lesson *l, struct dbp_lines *out)
{
	const struct lesson_app *a = &l->apps[ui->target % l->napps];
	char *prompt = ui_console_prompt(ui, a->name, 0);

	lines_addf(out, DBP_LINE_TITLE, "%s's own session on %s (database %s%s%s). Tab: another app.", a->name,
		   engine_name(ui->ws.engine), a->database, a->schema ? ", schema " : "", a->schema ? a->schema : "");
	lines_addf(out, DBP_LINE_TEXT, "It stays open while the screen does: %s, temporary tables and "
		   "transactions last from one statement to the next.",
		   ui->ws.engine == DBP_POSTGRES ? "SET" : "PRAGMA, ATTACH");
	lines_addf(out, DBP_LINE_NOTE, "%s %s%s", ui->ws.engine == DBP_POSTGRES ? "search_path:" : "schemas, in lookup order:",
		   ui->console_where ? ui->console_where : "(read when the console opens)",
		   ui->console_tx == 2 ? "   transaction failed (!): ROLLBACK ends it"
		   : ui->console_tx ? "   transaction open (*)" : "");
	if (ui->typing) {
		/* The keys, while nothing else needs the room ('?' is a letter
		 * here, so the help overlay cannot say them). */
		if (!ui->sql_output.n)
			lines_add(out, DBP_LINE_NOTE, "Enter runs; Left/Right, Home/End, Ctrl-A/E move; Alt-b/f or "
				  "Ctrl-Left/Right by word; Ctrl-W, Ctrl-K, Ctrl-U, Alt-d cut (Ctrl-Y puts back); Up/Down history; PgUp/PgDn, Shift-Left/Right "
				  "scroll the result; Esc leaves (then Left/Right scroll it).");
		ui_console_lines(ui, prompt, ui_pane_cols(ui), out);
	} else {
		lines_addf(out, DBP_LINE_TEXT, "%s%s   (press s to type)", prompt, ui->input);
	}
	free(prompt);
	lines_add(out, DBP_LINE_TEXT, "");
	lines_append(out, &ui->sql_output);
}

/* The last timings were measured with other migrations in place than the
 * lesson has now (an m or u since, perhaps with this pane beside the
 * Migrations pane): say so above them, from the status already read. */
static void stale_timings_note(struct ui *ui, const struct lesson *l, struct dbp_lines *out)
{
	struct lesson_data *d = ui_data(ui);
	char *now;

	if (!ui->timings.n || !ui->timed_applied || ui->timed_lesson != ui->lesson || !d->status)
		return;
	now = results_applied_from(l, d->status);
	if (now && strcmp(now, ui->timed_applied) != 0) {
		lines_addf(out, DBP_LINE_CHANGED, "Measured with %s; now %s: t times them again.",
			   ui->timed_applied, now);
		lines_add(out, DBP_LINE_TEXT, "");
	}
	free(now);
}

/* The last run, then every kept run of the lesson side by side: before
 * and after a migration, against other lessons, against the other engine. */
static void fill_timings(struct ui *ui, struct lesson *l, struct dbp_lines *out)
{
	if (ui->present)
		ui_present_figure(ui, out);
	if (ui->workloads_shown.n) {
		lines_append(out, &ui->workloads_shown);
		lines_add(out, DBP_LINE_TEXT, "");
	}
	stale_timings_note(ui, l, out);
	lines_append(out, &ui->timings);
	if (!ui->timings.n)
		lines_add(out, DBP_LINE_TEXT, "Press t to time this lesson's workloads; every run is kept.");
	lines_add(out, DBP_LINE_TEXT, "");
	lines_append(out, &ui_data(ui)->kept);
}

const struct pane_ops ui_panes[PANE_COUNT] = {
	[PANE_LESSON] = { "Lesson", ui_fill_lesson, NULL },
	[PANE_TOPOLOGY] = { "Topology", fill_topology, NULL },
	[PANE_TABLES] = { "Tables", ui_fill_tables, ui_tables_key },
	[PANE_MIGRATIONS] = { "Migrations", fill_migrations, NULL },
	[PANE_TIMINGS] = { "Timings", fill_timings, NULL },
	[PANE_SQL] = { "SQL", fill_sql, NULL },
};

struct lesson_data *ui_data(const struct ui *ui)
{
	static struct lesson_data none;

	return ui->data && ui->lesson < ui->lessons.n ? &ui->data[ui->lesson] : &none;
}

struct catalog *ui_cat(struct ui *ui)
{
	return &ui_data(ui)->cat;
}

void ui_dirty(struct ui *ui, enum pane p)
{
	ui->dirty[p] = 1;
}

void ui_dirty_all(struct ui *ui)
{
	for (int p = 0; p < PANE_COUNT; p++)
		ui->dirty[p] = 1;
}

/* An action, a query or a new connection: what any lesson's data showed
 * may be old now (lessons can share a server), so each is read again when
 * next shown. */
void ui_data_changed(struct ui *ui)
{
	ui->generation++;
	ui_dirty_all(ui);
}

/* A catalog an action has just read (a migration's after-image): the
 * lesson's next read takes it over instead of asking the engine again. */
void ui_keep_catalog(struct ui *ui, struct catalog *cat)
{
	struct lesson_data *d = ui_data(ui);

	if (!ui->data) {
		catalog_free(cat);
		return;
	}
	catalog_free(&d->fresh);
	d->fresh = *cat;
	d->have_fresh = 1;
	memset(cat, 0, sizeof *cat);
}

static void data_clear(struct lesson_data *d)
{
	catalog_free(&d->cat);
	catalog_free(&d->fresh);
	d->have_fresh = 0;
	for (size_t i = 0; i < d->napps; i++) {
		free(d->status ? d->status[i] : NULL);
		free(d->status_error ? d->status_error[i] : NULL);
	}
	free(d->status);
	free(d->status_error);
	lines_free(&d->kept);
	memset(d, 0, sizeof *d);
}

void ui_data_free(struct ui *ui)
{
	for (size_t i = 0; ui->data && i < ui->lessons.n; i++)
		data_clear(&ui->data[i]);
	free(ui->data);
	ui->data = NULL;
}

static void read_status(struct ui *ui, struct lesson *l, struct lesson_data *d)
{
	d->napps = l->napps;
	d->status = xcalloc(l->napps, sizeof *d->status);
	d->status_error = xcalloc(l->napps, sizeof *d->status_error);
	for (size_t i = 0; d->provisioned && i < l->napps; i++) {
		struct dbp_error e;

		if (migrate_status(&ui->ws, l, &l->apps[i], &d->status[i], &e) != 0)
			d->status_error[i] = xstrdup(e.msg);
	}
}

/* What the engine holds for the selected lesson, read again: only when an
 * action may have changed it since the last read, never per key. */
static void reload(struct ui *ui, struct lesson *l)
{
	struct lesson_data *d = ui_data(ui);
	struct catalog fresh = d->fresh;
	int have_fresh = d->have_fresh;
	struct dbp_error e;

	memset(&d->fresh, 0, sizeof d->fresh);
	data_clear(d);
	d->generation = ui->generation;
	d->provisioned = workspace_provisioned(&ui->ws, l);
	if (d->provisioned && have_fresh) {
		d->cat = fresh;
		have_fresh = 0;
	} else if (d->provisioned && catalog_snapshot(&ui->ws, l, &d->cat, &e) != 0) {
		ui_say(ui, 1, "%s", e.msg);
	}
	if (have_fresh)
		catalog_free(&fresh);
	read_status(ui, l, d);
	if (results_compare(ui->ws.workdir, ui->ws.id, l->number, engine_name(ui->ws.engine), !ui->ascii,
			    &d->kept, &e) != 0)
		lines_add(&d->kept, DBP_LINE_ERROR, e.msg);
	ui_dirty_all(ui);
}

/* The focused pane's lines head with the status error while there is one:
 * a change either way fills it again. */
static void track_error(struct ui *ui)
{
	for (int p = 0; p < PANE_COUNT; p++) {
		int want = p == (int)ui->pane && ui->status_error;

		if (ui->error_shown[p] != want)
			ui->dirty[p] = 1;
	}
}

static void fill(struct ui *ui, struct lesson *l, enum pane p)
{
	lines_free(&ui->lines[p]);
	ui->error_shown[p] = p == ui->pane && ui->status_error;
	/* A failed action's whole message heads the focused pane: the status
	 * line has room for only the start of a long engine error. */
	if (ui->error_shown[p])
		lines_add(&ui->lines[p], DBP_LINE_ERROR, ui->status);
	ui_panes[p].fill(ui, l, &ui->lines[p]);
	ui->dirty[p] = 0;
}

/* The visible panes' lines, filled again where what they show changed;
 * the engine is read only for a lesson whose data is out of date. */
void ui_refresh_panes(struct ui *ui)
{
	struct lesson *l = ui_lesson(ui);
	enum pane shown[2] = { ui->pane, ui_companion(ui) };

	if (!l)
		return;
	if (!ui->data)
		ui->data = xcalloc(ui->lessons.n, sizeof *ui->data);
	/* A failed connection is not retried on every key: actions retry. */
	if (!ui->ws_open && (ui->ws_error || !ui_ensure_ws(ui))) {
		for (int p = 0; p < PANE_COUNT; p++)
			lines_free(&ui->lines[p]);
		ui_fill_lesson(ui, l, &ui->lines[PANE_LESSON]);
		for (int p = PANE_TOPOLOGY; p < PANE_COUNT; p++)
			lines_add(&ui->lines[p], DBP_LINE_ERROR, ui->ws_error);
		ui_dirty_all(ui);
		return;
	}
	if (ui_data(ui)->generation != ui->generation || !ui_data(ui)->status)
		reload(ui, l);
	if (ui->pane == PANE_TABLES && ui_cat(ui)->n)
		ui_mark(ui, "tables");
	track_error(ui);
	for (int i = 0; i < (ui_split(ui) ? 2 : 1); i++)
		if (ui->dirty[shown[i]])
			fill(ui, l, shown[i]);
}
