/* tour: a lesson's scripted walk on the screen, for an instructor's demo.
 * T (or --tour L) starts it from a lesson that is not provisioned; each
 * stop performs its actions through the same functions as the keys and
 * shows its sentence in a band above the status line.  Space goes to the
 * next stop, Backspace back one, r starts again (asking first), Esc or q
 * leaves.
 *
 * Going back replays: the lesson is torn down and stops 1 to N-1 are
 * performed again, so the screen is what the tour first showed at stop
 * N-1 (timings are measured anew).  Undoing stop N by its inverse instead
 * (a rollback for a migration) would show a rollback the tour never
 * made; replaying keeps "the same stops, the same screen" true both ways. */
#include "tui.h"
#include "ui.h"
#include "../core/provision.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --tour L: the lesson whose tour the screen opens with (main.c sets it
 * before the screen starts). */
static const char *requested;

void tui_set_tour(const char *lesson)
{
	requested = lesson;
}

static int tour_active(const struct ui *ui)
{
	return ui->tour.on && ui->tour.lesson == ui->lesson;
}

static size_t app_index(const struct lesson *l, const char *name)
{
	for (size_t i = 0; i < l->napps; i++)
		if (!strcmp(l->apps[i].name, name))
			return i;
	return 0; /* check-lessons refused any other name */
}

static enum pane pane_named(const char *name)
{
	for (int p = 0; p < PANE_COUNT; p++)
		if (!strcasecmp(ui_panes[p].name, name))
			return (enum pane)p;
	return PANE_LESSON;
}

/* The console, as if the statement were typed there and Enter pressed. */
static void run_statement(struct ui *ui, const struct lesson *l, const char *app, const char *sql)
{
	ui->target = app_index(l, app);
	ui->pane = PANE_SQL;
	ui->scroll = ui->hscroll = 0;
	ui_console_open(ui);
	ui_console_set(ui, sql);
	ui_type_key(ui, '\n');
}

static void perform_action(struct ui *ui, const struct lesson *l, const struct tour_stop *s,
			   const struct tour_action *a)
{
	switch (a->verb) {
	case TOUR_PANE:
		ui->pane = pane_named(a->arg);
		ui->scroll = ui->hscroll = 0;
		break;
	case TOUR_PROVISION: ui_do_provision(ui); break;
	case TOUR_APP:
		ui->app = app_index(l, a->arg);
		ui_say(ui, 0, "m and u now act on %s.", a->arg);
		ui->pane = PANE_MIGRATIONS;
		break;
	case TOUR_MIGRATE: ui_do_migrate(ui, 1); break;
	case TOUR_ROLLBACK: ui_do_migrate(ui, 0); break;
	case TOUR_TIMINGS: ui_do_timings(ui); break;
	case TOUR_WORKLOADS: ui_do_workloads(ui); break; /* as e: shown, or put away */
	case TOUR_DEMO:
		for (size_t i = 0; a->arg && i < l->ndemos; i++)
			if (!strcmp(l->demos[i].name, a->arg))
				ui->next_demo = i;
		ui_do_demo(ui);
		break;
	case TOUR_SQL: run_statement(ui, l, a->arg, s->statement); break;
	}
}

/* The next stop's actions, in order; one that fails (or is cancelled)
 * ends the stop there, its message on the status line. */
static void perform_next(struct ui *ui)
{
	const struct lesson *l = ui_lesson(ui);
	const struct tour_stop *s = &l->stops[ui->tour.at++];
	const char *show = claim_value_for(&s->show, ui->ws.engine);

	ui_say(ui, 0, "Tour of lesson %d%s%s: stop %zu of %zu.", l->number, l->tour_title ? ", " : "",
	       l->tour_title ? l->tour_title : "", ui->tour.at, l->nstops);
	ui_refresh_panes(ui);
	ui_draw(ui); /* the sentence shows while the stop's actions run */
	for (size_t i = 0; i < s->nactions && !ui->status_error && !ui->cancel_requested; i++)
		perform_action(ui, l, s, &s->actions[i]);
	/* Where the sentence points, when the actions left the pane elsewhere
	 * (a long report ends on its verdicts). */
	if (show && !ui->status_error && !ui->cancel_requested)
		ui_search_show(ui, show);
}

/* The lesson as the tour finds it at its start: nothing kept on screen
 * from before (outputs, claims' verdicts, steps ticked). */
static void fresh_view(struct ui *ui)
{
	ui_select_lesson(ui, ui->lesson);
	ui_claims_forget(ui, ui->lesson, 1);
	if (ui->lesson < DBP_ARRAY_LEN(ui->done))
		memset(ui->done[ui->lesson], 0, sizeof ui->done[0]);
	ui_state_save(ui);
	ui->tour.on = 1;
	ui->tour.lesson = ui->lesson;
	ui->tour.at = 0;
}

/* Tears the lesson down if it is provisioned: 0 when it is not (any more). */
static int clear_lesson(struct ui *ui)
{
	if (!ui_ensure_ws(ui))
		return -1;
	if (!workspace_provisioned(&ui->ws, ui_lesson(ui)))
		return 0;
	ui_do_teardown(ui);
	return ui->status_error ? -1 : 0;
}

/* From nothing, stops 1 to n performed again. */
static int replay_to(struct ui *ui, size_t n)
{
	if (clear_lesson(ui) != 0)
		return KEY_HANDLED | KEY_REFILL;
	fresh_view(ui);
	ui->cancel_requested = 0; /* an Esc from before stops nothing here */
	while (ui->tour.at < n && !ui->cancel_requested)
		perform_next(ui); /* each draws the one before it */
	return KEY_HANDLED | KEY_REFILL;
}

/* y (or not) after T on a provisioned lesson, or after r in a tour. */
int ui_tour_answer(struct ui *ui, int yes)
{
	if (!yes) {
		ui_say(ui, 0, "Nothing torn down; %s", tour_active(ui) ? "the tour stays where it was."
			       : "the tour did not start.");
		return KEY_HANDLED;
	}
	return replay_to(ui, 1);
}

static int ask(struct ui *ui, const char *question)
{
	snprintf(ui->status_before, sizeof ui->status_before, "%s", ui->status);
	ui->status_error_before = ui->status_error;
	ui->confirm = ACT_TOUR;
	ui_say(ui, 0, "%s y: yes, other keys: no.", question);
	return KEY_HANDLED;
}

/* T: the current lesson's tour, from a lesson that is not provisioned (a
 * provisioned one is torn down first, after asking). */
int ui_tour_start(struct ui *ui)
{
	struct lesson *l = ui_lesson(ui);
	char *question;
	int flags;

	if (!l)
		return KEY_HANDLED;
	if (tour_active(ui)) {
		ui_say(ui, 0, "The tour is at stop %zu of %zu: r starts it again, Esc leaves it.",
		       ui->tour.at, l->nstops);
		return KEY_HANDLED;
	}
	if (!l->nstops) {
		ui_say(ui, 0, "Lesson %d has no tour (its lesson.ini has no [stop 1]).", l->number);
		return KEY_HANDLED;
	}
	if (!ui_ensure_ws(ui))
		return KEY_HANDLED;
	if (!workspace_provisioned(&ui->ws, l))
		return replay_to(ui, 1);
	question = xasprintf("The tour starts from nothing: tear lesson %d down?", l->number);
	flags = ask(ui, question);
	free(question);
	return flags;
}

static int leave(struct ui *ui)
{
	ui->tour.on = 0;
	ui_say(ui, 0, "Tour left at stop %zu; the lesson stays as it is (T starts the tour again).",
	       ui->tour.at);
	return KEY_HANDLED | KEY_REFILL;
}

static int back(struct ui *ui)
{
	if (ui->tour.at <= 1) {
		ui_say(ui, 0, "This is the tour's first stop: r starts it again, Esc leaves it.");
		return KEY_HANDLED;
	}
	ui_say(ui, 0, "Back to stop %zu: the lesson is torn down and stops 1 to %zu played again.",
	       ui->tour.at - 1, ui->tour.at - 1);
	ui_draw_status(ui);
	refresh();
	return replay_to(ui, ui->tour.at - 1);
}

static int next(struct ui *ui)
{
	const struct lesson *l = ui_lesson(ui);

	if (ui->tour.at >= l->nstops) {
		ui_say(ui, 0, "The tour is over: Backspace goes back, r starts it again, Esc leaves it.");
		return KEY_HANDLED;
	}
	ui->cancel_requested = 0;
	perform_next(ui);
	return KEY_HANDLED | KEY_REFILL;
}

/* The tour's keys while it runs; 0 for any other key (it does what it
 * always does).  Keys that tear down, typed while an action ran, are said,
 * not done, as x and r are. */
int ui_tour_key(struct ui *ui, int ch)
{
	int drops = ch == KEY_BACKSPACE || ch == 127 || ch == 8 || ch == 'r';

	if (!ui->tour.on)
		return 0;
	if (ui->tour.lesson != ui->lesson) { /* another lesson was chosen: the tour ended */
		ui->tour.on = 0;
		return 0;
	}
	if (drops && ui->replaying) {
		ui_say(ui, 0, "%s was typed while an action ran, so it was not done: press it again.",
		       ch == 'r' ? "r" : "Backspace");
		return KEY_HANDLED;
	}
	if (ch == ' ')
		return next(ui);
	if (ch == 'r')
		return ask(ui, "Start the tour again from nothing? Every row goes.");
	if (drops)
		return back(ui);
	if (ch == KEY_ESC || ch == 'q')
		return leave(ui);
	return 0;
}

/* The band's lines: the stop's sentence for this engine, then its keys. */
int ui_tour_band(const struct ui *ui, struct dbp_lines *out)
{
	const struct lesson *l = ui->lessons.n ? ui->lessons.v[ui->lesson] : NULL;
	const struct tour_stop *s;

	if (!tour_active(ui) || !l || !ui->tour.at)
		return 0;
	s = &l->stops[ui->tour.at - 1];
	lines_addf(out, DBP_LINE_TEXT, "Tour %zu/%zu: %s", ui->tour.at, l->nstops,
		   claim_value_for(&s->say, ui->cfg->engine));
	lines_add(out, DBP_LINE_NOTE, ui->tour.at < l->nstops
		  ? "Space: next stop   Backspace: back one   r: start again   Esc: leave the tour"
		  : "The last stop.   Backspace: back one   r: start again   Esc: leave the tour");
	return 1;
}

/* --tour L, before the screen starts: the lesson chosen, and T queued as
 * if typed, so the tour starts once the first frame is drawn. */
int ui_tour_requested(struct ui *ui, struct dbp_error *e)
{
	struct lesson *l;

	if (!requested)
		return 0;
	l = lesson_find(&ui->lessons, requested);
	if (!l)
		return err_set(e, "--tour: no lesson \"%s\" (dbpatterns list shows them)", requested);
	if (!l->nstops)
		return err_set(e, "--tour: lesson %d has no tour (its lesson.ini has no [stop 1])", l->number);
	for (size_t i = 0; i < ui->lessons.n; i++)
		if (ui->lessons.v[i] == l)
			ui->lesson = i;
	ui->pending[ui->npending++] = ui_actions[ACT_TOUR].key;
	return 0;
}
