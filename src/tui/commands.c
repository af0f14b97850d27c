/* commands: what the action keys do, each by calling the core as the CLI
 * does, with a progress callback that keeps a spinner turning and polls
 * the keyboard so Esc or Ctrl-C cancels, even inside a long statement. */
#include "ui.h"
#include "../core/demo.h"
#include "../core/migrate.h"
#include "../core/provision.h"
#include "../core/claims.h"
#include "../core/explain.h"
#include "../core/results.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void ui_on_progress(void *ctx, const char *what)
{
	struct ui *ui = ctx;
	static const char spin[] = "|/-\\";
	static int turn;

	ui_say(ui, 0, "%c %s  (Esc cancels)", spin[turn++ % 4], what);
	ui_draw_status(ui);
	refresh();
}

/* Polled while something runs, between runs and inside long statements:
 * Esc or Ctrl-C (raw mode delivers it as a key).  The answer sticks, since
 * the key is read only once.  The spinner moves so the wait is visible. */
static int ui_cancel_poll(void *ctx)
{
	struct ui *ui = ctx;
	int ch;

	if (ui->cancel_requested)
		return 1;
	nodelay(stdscr, TRUE);
	ch = getch();
	nodelay(stdscr, FALSE);
	if (ui->paste_held || ch == KEY_PASTE_BEGIN)
		/* A paste while something runs is dropped whole: kept in part (the
		 * queue is short), it would leave the screen inside a paste. */
		ui->paste_held = ch != KEY_PASTE_END;
	else if (ch == KEY_ESC || ch == KEY_CTRL_C)
		ui->cancel_requested = 1;
	else if (ch != ERR && ch != KEY_RESIZE && ui->npending < (int)DBP_ARRAY_LEN(ui->pending))
		ui->pending[ui->npending++] = ch; /* typed ahead: handled after the operation */
	if (now_ms() - ui->last_spin > 150) {
		ui->last_spin = now_ms();
		ui_on_progress(ui, ui->cancel_requested ? "cancelling" : "running");
	}
	return ui->cancel_requested;
}

/* For a multi-part run: keeps an earlier Esc in force across its parts. */
static const struct dbp_progress *ui_progress_run(struct ui *ui)
{
	static struct dbp_progress p;

	p.report = ui_on_progress;
	p.cancelled = ui_cancel_poll;
	p.ctx = ui;
	return &p;
}

/* For a new operation: an Esc from before does not count. */
static const struct dbp_progress *ui_progress(struct ui *ui)
{
	ui->cancel_requested = 0;
	return ui_progress_run(ui);
}

void ui_do_provision(struct ui *ui)
{
	struct lesson *l = ui_lesson(ui);
	struct dbp_error e;
	double t0 = now_ms();

	ui_data_changed(ui); /* what it does may change what the engine holds */

	if (!ui_ensure_ws(ui))
		return;
	if (workspace_provision(&ui->ws, l, ui_progress(ui), NULL, &e) != 0)
		ui_say(ui, 1, "provision: %s", e.msg);
	else {
		ui_say(ui, 0, "Lesson %d provisioned in %.0f ms. Tab to Tables to see what the engine holds.",
		    l->number, now_ms() - t0);
		ui_mark(ui, "provision");
	}
	ui->pane = PANE_TOPOLOGY;
}

void ui_do_demo(struct ui *ui)
{
	struct lesson *l = ui_lesson(ui);
	const struct lesson_demo *d;
	struct dbp_lines report = { 0 };
	struct dbp_error e;
	char *text;

	ui_data_changed(ui); /* what it does may change what the engine holds */

	if (!l->ndemos) {
		ui_say(ui, 0, "Lesson %d has no demonstrations.", l->number);
		return;
	}
	if (!ui_ensure_ws(ui))
		return;
	d = &l->demos[ui->next_demo++ % l->ndemos];
	lines_free(&ui->demo_output);
	lines_addf(&ui->demo_output, DBP_LINE_TITLE, "Demo: %s", d->title);
	if ((text = ui_lesson_text(ui, l, d->text_file))) {
		ui_add_paragraphs(&ui->demo_output, text);
		free(text);
	}
	if (demo_run(&ui->ws, l, d, ui_progress(ui), &report, &e) != 0) {
		lines_append(&ui->demo_output, &report);
		lines_add(&ui->demo_output, DBP_LINE_ERROR, e.msg);
		ui_say(ui, 1, "%s", e.msg);
	} else {
		struct claims_report verdicts;

		/* Judged against the report alone, not the text above it. */
		claims_after_demo(l, d, ui->ws.engine, ui->ascii, &report, &verdicts);
		lines_append(&ui->demo_output, &report);
		ui_keep_verdicts(ui, &verdicts);
		ui_say(ui, 0, l->ndemos > 1 ? "Demo done: %s. Press d for the next one."
					   : "Demo done: %s. d runs it again.", d->name);
		/* Kept for the session report, as t keeps its verdicts. */
		if (results_record_claims(&ui->ws, l, &verdicts, "screen", &e) != 0)
			ui_say(ui, 1, "Demo done; its claims checked but not kept: %s", e.msg);
		claims_report_free(&verdicts);
		ui_mark(ui, "read");
	}
	lines_free(&report);
	ui->pane = PANE_TOPOLOGY;
	ui->scroll = 1 << 20;
}

void ui_do_teardown(struct ui *ui)
{
	struct lesson *l = ui_lesson(ui);
	struct strbuf log;
	struct dbp_error e;

	ui_data_changed(ui); /* what it does may change what the engine holds */

	if (!ui_ensure_ws(ui))
		return;
	sb_init(&log);
	if (workspace_teardown(&ui->ws, l, ui_progress(ui), &log, &e) != 0) {
		ui_say(ui, 1, "%s", e.msg);
	} else {
		/* The log names each thing dropped or rolled back: none, none here. */
		ui_say(ui, 0, log.len ? "Lesson %d torn down."
				      : "Lesson %d: nothing to tear down, this workspace holds none of it.", l->number);
		memset(ui->done[ui->lesson < 100 ? ui->lesson : 0], 0, sizeof ui->done[0]);
		ui_state_save(ui);
		ui_mark(ui, "teardown");
	}
	sb_free(&log);
}

static void remember_migration(struct ui *ui, const struct lesson_app *a,
			       const struct migrate_report *rep, int rc, const struct dbp_error *e)
{
	lines_free(&ui->last_migration);
	if (rc)
		lines_add(&ui->last_migration, DBP_LINE_ERROR, rep->error.msg[0] ? rep->error.msg : e->msg);
	lines_add(&ui->last_migration, DBP_LINE_TITLE, rep->changes.n ? "What changed in the catalog" :
		  "What changed in the catalog: nothing");
	lines_append(&ui->last_migration, &rep->changes);
	for (size_t i = 0; i < rep->nsteps; i++) {
		lines_add(&ui->last_migration, DBP_LINE_TEXT, "");
		lines_addf(&ui->last_migration, DBP_LINE_TITLE, "%s %s %03d_%s in %.1f ms%s", a->name,
			   rc && i + 1 == rep->nsteps ? "tried" : rep->steps[i].up ? "applied" : "rolled back",
			   rep->steps[i].version,
			   rep->steps[i].name, rep->steps[i].ms, rc ? " (failed, rolled back whole)" : "");
		ui_add_lines(&ui->last_migration, rep->steps[i].sql);
	}
}

void ui_do_migrate(struct ui *ui, int up)
{
	struct lesson *l = ui_lesson(ui);
	const struct lesson_app *a = &l->apps[ui->app];
	struct migrate_report rep = { 0 };
	struct dbp_error e;
	int cur = 0, rc;

	ui_data_changed(ui); /* what it does may change what the engine holds */

	if (!ui_ensure_ws(ui))
		return;
	if (!workspace_provisioned(&ui->ws, l)) {
		ui_say(ui, 1, "Lesson %d is not provisioned: press p first.", l->number);
		return;
	}
	if (migrate_current(&ui->ws, l, a, &cur, &e) != 0) {
		ui_say(ui, 1, "%s", e.msg);
		return;
	}
	if (up ? cur >= (int)a->nmigrations : cur == 0) {
		ui_say(ui, 0, "%s has no %s migration (a chooses another application).", a->name,
		    up ? "pending" : "applied");
		return;
	}
	rc = migrate_to(&ui->ws, l, a, up ? cur + 1 : cur - 1, 0, 1, ui_progress(ui), &rep, &e);
	if (rep.have_after) /* the Tables and Topology panes show it, unread again */
		ui_keep_catalog(ui, &rep.after);
	ui_mark(ui, up ? "migrate" : "rollback");
	remember_migration(ui, a, &rep, rc, &e);
	if (rc)
		ui_say(ui, 1, "%s", e.msg);
	else
		ui_say(ui, 0, "%s: %s in %.1f ms.", a->name, up ? "applied" : "rolled back", rep.total_ms);
	migrate_report_free(&rep);
	ui->pane = PANE_MIGRATIONS;
	ui->scroll = 0;
}

/* Bars as wide as the pane allows (at most 40), so they never wrap. */
static int bar_width(const struct ui *ui)
{
	int w = ui_pane_cols(ui) - 4;

	return w > 40 ? 40 : w < 8 ? 8 : w;
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
		if (bench_workload(ws, l, &l->workloads[i], ui->cfg->reps, ui_progress_run(ui), &res[n], &e) != 0) {
			ui_say(ui, 1, "%s", e.msg);
			bench_result_free(&res[n]);
			break;
		}
		n++;
	}
	return n;
}

/* "  (5 runs)" where a workload capped its runs below the configured. */
static const char *runs_note(const struct ui *ui, const struct bench_result *r)
{
	static char note[32];

	if (r->cancelled || r->stats.n >= ui->cfg->reps)
		return "";
	snprintf(note, sizeof note, "  (%d runs)", r->stats.n);
	return note;
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
		lines_add(&ui->timings, DBP_LINE_TITLE, b->title);
		for (size_t j = i; j < n; j++) {
			const struct bench_result *r = &res[j];
			const char *who = engines > 1 ? r->engine : "";

			if (strcmp(r->workload, b->workload))
				continue;
			if (r->failed) {
				/* A refusal the lesson expects is its point, not a fault. */
				lines_addf(&ui->timings, r->expect_error ? DBP_LINE_NOTE : DBP_LINE_ERROR,
					   "%s%s%s%s%s%s", who, *who ? ": " : "",
					   r->expect_error ? "refused, as the lesson expects: " : "",
					   r->error.sqlstate, r->error.sqlstate[0] ? " " : "", r->error.msg);
				continue;
			}
			lines_addf(&ui->timings, DBP_LINE_TEXT, "  %s%s%d conn (%.1f ms)  %ld %s  %ld row%s  "
				   "median %.2f  p95 %.2f  min-max %.2f-%.2f ms%s%s", who, *who ? ": " : "",
				   r->connections, r->connect_ms, r->round_trips, bench_trips_word(r->engine, r->round_trips),
				   r->rows, r->rows == 1 ? "" : "s", r->stats.median,
				   r->stats.p95, r->stats.min, r->stats.max, r->cancelled ? "  (cancelled)" : "",
				   runs_note(ui, r));
			sb_init(&line);
			sb_add(&line, "  ");
			bar(&line, r->stats.median, worst, bar_width(ui), ui->ascii);
			lines_add_owned(&ui->timings, DBP_LINE_TEXT, sb_steal(&line));
		}
	}
}

/* Takes out of rep the verdicts of claims a demonstration judges. */
static void leave_to_demos(const struct lesson *l, struct claims_report *rep)
{
	size_t kept = 0;

	for (size_t i = 0; i < rep->n; i++) {
		struct claims_report one = { rep->engine, &rep->v[i], 1 };

		if (!claim_judged_by_demo(l, rep->v[i].claim))
			rep->v[kept++] = rep->v[i];
		else
			claims_report_free_verdicts(&one);
	}
	rep->n = kept;
}

/* The lesson's claims, checked on the engine after its workloads were
 * timed; the verdicts go under the lesson's text.  A claim made for the
 * other engine, or measured at another migration than the one applied
 * now with no timing kept there, is skipped, saying why. */
static void check_claims(struct ui *ui, const struct lesson *l)
{
	struct claims_opts o = { .reps = ui->cfg->reps, .may_migrate = 0 };
	struct claims_report rep = { 0 };
	struct dbp_error e;
	size_t failed, skipped = 0;

	if (!l->nclaims) {
		ui_say(ui, 0, "Timings done for lesson %d.", l->number);
		return;
	}
	ui_claims_forget(ui, ui->lesson, 0);
	if (claims_evaluate(&ui->ws, l, &o, ui_progress_run(ui), &rep, &e) != 0) {
		lines_add(&ui->claims[ui->lesson][l->nclaims], DBP_LINE_ERROR, e.msg);
		ui_say(ui, 1, "Timings done; the claims could not be checked: %s", e.msg);
		claims_report_free(&rep);
		return;
	}
	/* d judges those, beside its report: t only says so, which would
	 * replace d's verdicts on screen and in the store. */
	leave_to_demos(l, &rep);
	ui_keep_verdicts(ui, &rep);
	ui_present_keep(ui, &rep);
	failed = claims_failed(&rep);
	for (size_t i = 0; i < rep.n; i++)
		skipped += rep.v[i].outcome == CLAIM_SKIPPED;
	/* Short enough for 80 columns; the Lesson pane says why each skipped. */
	ui_say(ui, failed != 0, "Timings done for lesson %d; claims on %s: %zu hold, %zu fail, %zu skipped.",
	       l->number, engine_name(ui->ws.engine), rep.n - failed - skipped,
	       failed, skipped);
	/* Kept for the session report; a store that cannot be written is said. */
	if (results_record_claims(&ui->ws, l, &rep, "screen", &e) != 0)
		ui_say(ui, 1, "Claims checked but not kept: %s", e.msg);
	claims_report_free(&rep);
	ui_dirty(ui, PANE_LESSON);
}

/* The lesson's claims, one line set each (and one for the whole), made
 * on first use. */
static struct dbp_lines *claim_lines(struct ui *ui, size_t lesson)
{
	if (!ui->claims)
		ui->claims = xcalloc(ui->lessons.n, sizeof *ui->claims);
	if (!ui->claims[lesson])
		ui->claims[lesson] = xcalloc(ui->lessons.v[lesson]->nclaims + 1, sizeof **ui->claims);
	return ui->claims[lesson];
}

void ui_claims_forget(struct ui *ui, size_t lesson, int demos_too)
{
	const struct lesson *l = ui->lessons.v[lesson];
	struct dbp_lines *per = claim_lines(ui, lesson);

	for (size_t i = 0; i < l->nclaims; i++)
		if (demos_too || !claim_judged_by_demo(l, &l->claims[i]))
			lines_free(&per[i]);
	lines_free(&per[l->nclaims]);
	ui_dirty(ui, PANE_LESSON);
}

void ui_keep_verdicts(struct ui *ui, const struct claims_report *rep)
{
	const struct lesson *l = ui_lesson(ui);
	struct dbp_lines *per = claim_lines(ui, ui->lesson);

	lines_free(&per[l->nclaims]);
	for (size_t i = 0; i < rep->n; i++) {
		struct claims_report one = { rep->engine, &rep->v[i], 1 };
		size_t k = (size_t)(rep->v[i].claim - l->claims);

		lines_free(&per[k]);
		claims_lines(&one, ui->ascii, &per[k]);
	}
	ui_dirty(ui, PANE_LESSON);
}

/* Every run is kept in the workdir's results store; a store that cannot
 * be written does not hide the timings, it is said on the status line. */
static void keep(struct ui *ui, struct workspace *ws, const struct lesson *l, const struct bench_result *res,
		 size_t n)
{
	struct dbp_error e;

	if (n && results_record(ws, l, res, n, &e) != 0)
		ui_say(ui, 1, "Timings shown but not kept: %s", e.msg);
}

/* Which migrations the timings were measured with, so that the Timings
 * pane can say when a later m or u has made them stale. */
static void remember_migrations(struct ui *ui, const struct lesson *l)
{
	struct dbp_error e;

	free(ui->timed_applied);
	ui->timed_applied = results_applied(&ui->ws, l, &e);
	ui->timed_lesson = ui->lesson;
}

void ui_do_timings(struct ui *ui)
{
	struct lesson *l = ui_lesson(ui);
	struct bench_result *res;
	struct workspace peer;
	size_t n = 0;
	int engines = 1;

	if (!l->nworkloads) {
		/* Its figures come from its demonstration, claims included. */
		ui_say(ui, 0, "Lesson %d has nothing for t to time: d runs its demonstration, which measures.",
		       l->number);
		return;
	}
	if (!ui_ensure_ws(ui))
		return;
	if (!workspace_provisioned(&ui->ws, l)) {
		ui_say(ui, 1, "Lesson %d is not provisioned: press p first.", l->number);
		return;
	}
	ui->status_error = 0;
	ui->cancel_requested = 0;
	res = xcalloc(2 * l->nworkloads + 1, sizeof *res);
	n = time_lesson(ui, &ui->ws, l, res, n);
	keep(ui, &ui->ws, l, res, n);
	/* Where the other engine holds the lesson too, side by side. */
	if (!ui->cancel_requested && !ui->status_error && workspace_open_peer(&peer, ui->cfg) == 0) {
		if (workspace_provisioned(&peer, l)) {
			size_t mine = n;

			n = time_lesson(ui, &peer, l, res, n);
			keep(ui, &peer, l, res + mine, n - mine);
			engines = 2;
		}
		workspace_close(&peer);
	}
	ui_data_changed(ui); /* the kept timings are read again */
	remember_migrations(ui, l);
	lines_free(&ui->timings);
	lines_addf(&ui->timings, DBP_LINE_TITLE, "Lesson %d on %s%s: %d runs each after one cold run",
		   l->number, engine_name(ui->ws.engine), engines > 1 ? " and its peer" : "", ui->cfg->reps);
	timing_lines(ui, res, n, engines);
	if (!ui->status_error && ui->cancel_requested)
		ui_say(ui, 0, "Timings cancelled for lesson %d: what ran is shown.", l->number);
	else if (!ui->status_error) {
		ui_mark(ui, "bench");
		check_claims(ui, l);
	}
	for (size_t i = 0; i < n; i++)
		bench_result_free(&res[i]);
	free(res);
	ui->pane = PANE_TIMINGS;
	ui->scroll = 0;
}

#define FIRST_ROWS 5 /* rows of a workload's answer shown beside its SQL */

static void workload_detail(struct ui *ui, const struct lesson *l, const struct workload *w,
			    struct dbp_lines *out)
{
	struct dbp_result r = { 0 };
	struct dbp_error e;
	long trips = 0;

	lines_addf(out, DBP_LINE_TITLE, "%s: %s", w->name, w->title ? w->title : "");
	for (size_t i = 0; i < w->nsteps; i++) {
		lines_addf(out, DBP_LINE_NOTE, "-- on %s's connection%s", w->steps[i].app,
			   w->steps[i].mode ? ", once per row of the step before" : "");
		ui_add_lines(out, w->steps[i].sql);
	}
	if (bench_answer(&ui->ws, l, w, &r, &trips, &e) != 0) {
		lines_addf(out, DBP_LINE_ERROR, "%s%s%s", e.sqlstate, e.sqlstate[0] ? " " : "", e.msg);
	} else {
		lines_addf(out, DBP_LINE_NOTE, "The answer: %ld row%s in %ld %s; the first %d:", r.nrows,
			   r.nrows == 1 ? "" : "s", trips, bench_trips_word(engine_name(ui->ws.engine), trips),
			   FIRST_ROWS);
		ui_grid_rows(ui, &r, FIRST_ROWS, out);
	}
	result_free(&r);
	lines_add(out, DBP_LINE_NOTE, "The plan the engine chooses:");
	if (explain_workload(&ui->ws, l, w, out, &e) != 0)
		lines_add(out, DBP_LINE_ERROR, e.msg);
	lines_add(out, DBP_LINE_TEXT, "");
}

/* e: what each workload asks, its first rows and the engine's plan, at the
 * top of the Timings pane; e again puts them away. */
void ui_do_workloads(struct ui *ui)
{
	struct lesson *l = ui_lesson(ui);

	ui->pane = PANE_TIMINGS;
	ui->scroll = 0;
	if (ui->workloads_shown.n) {
		lines_free(&ui->workloads_shown);
		ui_say(ui, 0, "Workloads put away (e shows them again).");
		return;
	}
	if (!l || !ui_ensure_ws(ui))
		return;
	if (!workspace_provisioned(&ui->ws, l)) {
		ui_say(ui, 1, "Lesson %d is not provisioned: press p first.", l->number);
		return;
	}
	if (!l->nworkloads) {
		ui_say(ui, 0, "Lesson %d has no workloads to show.", l->number);
		return;
	}
	for (size_t i = 0; i < l->nworkloads; i++)
		workload_detail(ui, l, &l->workloads[i], &ui->workloads_shown);
	ui_say(ui, 0, "Each workload's SQL, its first rows and the engine's plan (e puts them away).");
}

/* The console's own session for the app it talks to: opened with the
 * console and kept while the screen is, so SET, ATTACH, temporary tables
 * and transactions last from one statement to the next, as in psql. */
static struct dbp_conn *console_session(struct ui *ui, struct dbp_error *e)
{
	struct lesson *l = ui_lesson(ui);

	if (!l || !ui_ensure_ws(ui))
		return NULL;
	if (!workspace_provisioned(&ui->ws, l)) {
		err_set(e, "Not provisioned: press Esc, then p.");
		return NULL;
	}
	return ws_session_app(&ui->ws, "console", l, &l->apps[ui->target % l->napps], e);
}

/* What the prompt shows: where names resolve, and the transaction. */
static void read_console_state(struct ui *ui, struct dbp_conn *c)
{
	struct dbp_error e;
	char *where = NULL;

	if (ui->ws.ops->session_state(c, &where, &ui->console_tx, &e) != 0)
		where = NULL;
	if (where || ui->console_tx != 2) {
		free(ui->console_where);
		ui->console_where = where;
	}
}

/* s, and Tab in the console: the session is opened (or found) and read. */
void ui_console_open(struct ui *ui)
{
	struct dbp_error e;
	struct dbp_conn *c = console_session(ui, &e);

	free(ui->console_where);
	ui->console_where = NULL;
	ui->console_tx = 0;
	if (c)
		read_console_state(ui, c);
}

/* The statement's answer: its grid, what it changed, or the error. */
static void run_on(struct ui *ui, struct dbp_conn *c)
{
	struct dbp_result r = { 0 };
	struct dbp_error e;
	double t0;

	ui->cancel_requested = 0;
	ui->ws.ops->set_interrupt(c, ui_cancel_poll, ui);
	ui_on_progress(ui, "running the query");
	ui_mark(ui, "sql");
	t0 = now_ms();
	if (ui->ws.ops->query(c, ui->input, &r, &e) != 0) {
		ui_console_error(&e, ui->cancel_requested ? "  (cancelled with Esc)" : "", &ui->sql_output);
		ui->console_failed = 1;
	} else if (r.ncols == 0) {
		lines_addf(&ui->sql_output, DBP_LINE_TEXT, "(done: %ld row%s changed, %.2f ms)", r.affected,
			   r.affected == 1 ? "" : "s", now_ms() - t0);
	} else {
		ui_grid_lines(ui, &r, now_ms() - t0, &ui->sql_output);
	}
	result_free(&r);
	ui->ws.ops->set_interrupt(c, NULL, NULL);
}

/* Enter: the line runs as one statement on the app's own session; the
 * answer comes under the statement, repeated at the prompt it was typed at. */
static void ui_run_sql(struct ui *ui)
{
	struct lesson *l = ui_lesson(ui);
	struct dbp_error e;
	struct dbp_conn *c;

	lines_free(&ui->sql_output);
	if (!ui->input[0] || !l || !ui_ensure_ws(ui))
		return;
	ui_console_remember(ui);
	ui_console_echo(ui, l->apps[ui->target % l->napps].name, ui->input, &ui->sql_output);
	c = console_session(ui, &e);
	if (!c) {
		lines_add(&ui->sql_output, DBP_LINE_ERROR, e.msg);
		return;
	}
	ui->console_failed = 0;
	run_on(ui, c);
	ui->hscroll = 0;
	ui->scroll = 0;
	read_console_state(ui, c);
	/* Inside a transaction, the other panes' sessions see only what is
	 * committed: they are read again after COMMIT or ROLLBACK. */
	if (!ui->console_tx)
		ui_data_changed(ui);
	ui_say(ui, 0, "%s", ui->cancel_requested ? "Query cancelled."
			    : ui->console_tx == 2 ? "The transaction failed: ROLLBACK ends it."
			    : ui->console_failed ? "The query failed: the engine's message is in the pane."
			    : ui->console_tx ? "Query done; the transaction is open: other panes show what is committed."
			    : "Query done.");
}

/* Keys while typing a query: the line's own editing keys (console.c),
 * and these, which act on the console. */
void ui_type_key(struct ui *ui, int ch)
{
	struct lesson *l = ui_lesson(ui);
	int page = ui_pane_rows(ui) - 1;

	if (ch == KEY_ESC || ch == KEY_CTRL_C || (ch == 4 && !ui->input[0])) { /* Ctrl-D on an empty line, as psql */
		ui->typing = 0;
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		ui_run_sql(ui);
		ui_console_set(ui, "");
	} else if (ch == '\t') {
		ui->target = l ? (ui->target + 1) % l->napps : 0;
		ui_console_open(ui);
	} else if (ch == KEY_UP || ch == KEY_DOWN) {
		ui_console_recall(ui, ch == KEY_UP ? -1 : 1);
	} else if (ch == KEY_NPAGE || ch == KEY_PPAGE) { /* the result scrolls; the line stays as it is */
		ui->scroll += ch == KEY_NPAGE ? page : -page;
		return;
	} else if (ch == KEY_SLEFT || ch == KEY_SRIGHT) { /* a wide result, sideways */
		ui->hscroll += ch == KEY_SRIGHT ? 8 : -8;
		if (ui->hscroll < 0)
			ui->hscroll = 0;
		return;
	} else if (!ui_console_edit_key(ui, ch)) {
		return;
	}
	ui->scroll = 0; /* the line being edited is in view */
}
