/* tui: the state of the screen, the key map and the main loop.  Keys map to
 * actions through the table in actions.h; mouse clicks select lessons,
 * panes and tables, and the wheel scrolls the pane under it.  Raw mode
 * reads Ctrl-C and Ctrl-Z as keys: Ctrl-C asks before quitting, Ctrl-Z
 * suspends. */
#include "tui.h"
#include "ui.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct action_info ui_actions[] = {
#define X(name, key, key2, label, help) { key, key2, label, help },
	DBP_ACTIONS(X)
#undef X
};
const size_t ui_action_count = DBP_ARRAY_LEN(ui_actions);

#define MOUSE_WHEEL_UP BUTTON4_PRESSED
#if NCURSES_MOUSE_VERSION > 1
#define MOUSE_WHEEL_DOWN BUTTON5_PRESSED
#else
#define MOUSE_WHEEL_DOWN 0
#endif
#define MOUSE_EVENTS (BUTTON1_CLICKED | BUTTON1_PRESSED | MOUSE_WHEEL_UP | MOUSE_WHEEL_DOWN)

/* Set by SIGCONT: a Ctrl-Z really stopped the program (the shell had job
 * control) and fg brought it back. */
static volatile sig_atomic_t continued;

static void on_sigcont(int sig)
{
	(void)sig;
	continued = 1;
}

void ui_say(struct ui *ui, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->status, sizeof ui->status, fmt, ap);
	va_end(ap);
	ui->status_error = error;
}

int ui_ensure_ws(struct ui *ui)
{
	struct dbp_error e;

	if (ui->ws_open)
		return 1;
	/* The welcome hint stays until the first key: the sidebar's foot
	 * shows the connection. */
	if (!ui->welcome) {
		ui_say(ui, 0, "Connecting to %s...", engine_name(ui->cfg->engine));
		ui_draw_status(ui);
		refresh();
	}
	if (workspace_open(&ui->ws, ui->cfg, &e) != 0) {
		free(ui->ws_error);
		ui->ws_error = xstrdup(e.msg);
		ui_say(ui, 1, "%s", e.msg);
		return 0;
	}
	free(ui->ws_error);
	ui->ws_error = NULL;
	if (!ui->welcome)
		ui_say(ui, 0, "Connected: %s; prefix %s (%s).", ui->ws.ops->server_describe(ui->ws.srv),
		       ui->ws.prefix, ui->ws.prefix_origin);
	ui->ws_open = 1;
	return 1;
}

struct lesson *ui_lesson(struct ui *ui)
{
	return ui->lessons.n ? ui->lessons.v[ui->lesson] : NULL;
}

/* A step is done once its action was taken in this session; provisioning
 * is read from the engine, so a lesson provisioned earlier counts. */
int ui_step_done(const struct ui *ui, size_t lesson, const struct lesson *l, size_t step)
{
	const char *action = l->steps[step].action;

	if (action && !strcmp(action, "provision") && lesson == ui->lesson && ui_data(ui)->provisioned)
		return 1;
	return lesson < 100 && step < 32 && ui->done[lesson][step];
}

long ui_next_step(const struct ui *ui, size_t lesson, const struct lesson *l)
{
	for (size_t i = 0; i < l->nsteps; i++)
		if (!ui_step_done(ui, lesson, l, i))
			return (long)i;
	return -1;
}

/* The step the screen is at: the one the presenter went to, else the next
 * one to do (-1: every step is done). */
long ui_current_step(const struct ui *ui)
{
	const struct lesson *l = ui->lessons.n ? ui->lessons.v[ui->lesson] : NULL;

	if (!l)
		return -1;
	if (ui->step_at >= 0 && (size_t)ui->step_at < l->nsteps)
		return ui->step_at;
	return ui_next_step(ui, ui->lesson, l);
}

/* The Lesson pane, at a step's heading; the sidebar marks it current. */
void ui_goto_step(struct ui *ui, size_t step)
{
	const struct lesson *l = ui_lesson(ui);

	if (!l || step >= l->nsteps)
		return;
	ui->step_at = (long)step;
	ui->pane = PANE_LESSON;
	ui->scroll = ui->hscroll = 0;
	ui->open_at_step = 1;
	ui_dirty(ui, PANE_LESSON);
	ui_say(ui, 0, "Step %zu of %zu: %s.", step + 1, l->nsteps, l->steps[step].title);
}

/* The user just did `action` in the current lesson: its step is done, and
 * the current step is again the next one to do.  It ticks the first step
 * not done that asks for it, and the steps right after that ask for the
 * same (one t times every workload lesson 13's three bench steps discuss);
 * a step still to do that asks for something else stops it, so lesson 7's
 * t before its migration leaves the t after it to do.  A migration is one
 * step: where several steps each apply one (lesson 9's 003, then 004),
 * one m ticks the first of them, not all; so is a rollback.  A step with
 * no action is never done, and passed over. */
void ui_mark(struct ui *ui, const char *action)
{
	const struct lesson *l = ui->lessons.n ? ui->lessons.v[ui->lesson] : NULL;
	int one = !strcmp(action, "migrate") || !strcmp(action, "rollback"), ticked = 0;

	for (size_t i = 0; l && i < l->nsteps && i < 32 && ui->lesson < 100; i++) {
		const char *wants = l->steps[i].action;

		if (ui->done[ui->lesson][i] || !wants)
			continue;
		if (strcmp(wants, action)) {
			if (ticked)
				break;
			continue;
		}
		ui->done[ui->lesson][i] = 1;
		ticked = 1;
		if (one)
			break;
	}
	if (!ticked)
		return;
	ui->step_at = -1;
	ui_dirty(ui, PANE_LESSON);
	ui_state_save(ui);
}

static enum action action_for_key(int ch)
{
	for (size_t i = 0; i < ui_action_count; i++)
		if (ch == ui_actions[i].key || (ui_actions[i].key2 && ch == ui_actions[i].key2))
			return (enum action)i;
	if (ch == '\r')
		return ACT_OPEN;
	return ACT_NONE;
}

void ui_select_lesson(struct ui *ui, size_t i)
{
	if (i >= ui->lessons.n)
		return;
	/* An error of the lesson left would head the new lesson's pane as if
	 * it were its own (anything else the status says names its lesson). */
	if (i != ui->lesson && ui->status_error)
		ui_say(ui, 0, "Lesson %d: %s", ui->lessons.v[i]->number, ui->lessons.v[i]->title);
	ui->lesson = i;
	ui->app = 0;
	ui->target = 0;
	ui->scroll = ui->hscroll = 0;
	ui->companion_scroll = 0;
	ui->match_line = -1;
	ui_tables_close(ui);
	ui->tables.cursor = 0;
	ui->next_demo = 0;
	ui_dirty_all(ui);
	ui->pane = PANE_LESSON;
	ui->open_at_step = 1;
	ui->step_at = -1;
	ui->claim_at = 0;
	lines_free(&ui->demo_output);
	lines_free(&ui->sql_output);
	lines_free(&ui->timings);
	lines_free(&ui->workloads_shown);
	lines_free(&ui->last_migration);
}

static int ui_in_table_list(struct ui *ui)
{
	return ui->pane == PANE_TABLES && !ui->tables.open;
}

/* A click selects a lesson or one of its steps in the sidebar, a pane by
 * its name, or a table in the Tables list (a click on the selected table
 * opens it). */
static void click(struct ui *ui, MEVENT ev)
{
	struct layout lo;
	int row, in_sidebar = ev.y < (int)DBP_ARRAY_LEN(ui->row_lesson);

	ui_layout(ui, &lo);
	in_sidebar = in_sidebar && ev.x < lo.sidebar - 1;
	if (in_sidebar && ui->row_lesson[ev.y]) {
		ui_select_lesson(ui, (size_t)ui->row_lesson[ev.y] - 1);
		return;
	}
	if (in_sidebar && ui->row_step[ev.y]) {
		ui_goto_step(ui, (size_t)ui->row_step[ev.y] - 1);
		return;
	}
	if (ev.y == lo.tabs_y && ev.x >= lo.x - 1) {
		for (int p = 0; p < PANE_COUNT; p++)
			if (ev.x < ui->tab_end[p]) {
				ui->pane = p;
				ui_dirty(ui, p);
				ui->scroll = ui->hscroll = 0;
				return;
			}
		return;
	}
	row = ev.y - lo.top + ui->scroll;
	/* Side by side, the focused pane is the left column. */
	if (ui_over_companion(ui, ev.x))
		return;
	if (ui_in_table_list(ui) && ev.x >= lo.x - 1 && row >= 0 && (size_t)row < ui->tables.line_table.n &&
	    ui->tables.line_table.v[row][0]) {
		size_t t = (size_t)atol(ui->tables.line_table.v[row]);

		if (t == ui->tables.cursor)
			ui_tables_open(ui, t);
		ui->tables.cursor = t;
		ui_dirty(ui, PANE_TABLES);
	}
}

/* The wheel scrolls the pane under the pointer: the focused one (in the
 * Tables list it moves the cursor, and the view follows) or the one beside
 * it.  The sidebar, the tab row and the status line do not scroll. */
static void wheel(struct ui *ui, MEVENT ev, int step)
{
	struct layout lo;

	ui_layout(ui, &lo);
	if (ev.x < lo.x - 1 || ev.y < lo.top - 1 || ev.y >= LINES - 1)
		return;
	if (ui_over_companion(ui, ev.x)) {
		ui->companion_scroll = ui->companion_scroll + step > 0 ? ui->companion_scroll + step : 0;
	} else if (ui_in_table_list(ui)) {
		long t = (long)ui->tables.cursor + step;

		ui->tables.cursor = t <= 0 || !ui_cat(ui)->n ? 0 : (size_t)t < ui_cat(ui)->n ? (size_t)t : ui_cat(ui)->n - 1;
		ui_dirty(ui, PANE_TABLES);
	} else {
		ui->scroll = ui->scroll + step > 0 ? ui->scroll + step : 0;
	}
}

static void mouse(struct ui *ui)
{
	MEVENT ev;

	if (getmouse(&ev) != OK || !ui->mouse)
		return;
	if (ev.bstate & MOUSE_WHEEL_UP)
		wheel(ui, ev, -WHEEL_STEP);
	else if (ev.bstate & MOUSE_WHEEL_DOWN)
		wheel(ui, ev, WHEEL_STEP);
	else if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))
		click(ui, ev);
}

/* Mouse capture off leaves the mouse to the terminal, which then selects
 * text to copy with a plain drag. */
static void set_mouse(struct ui *ui, int on)
{
	ui->mouse = on;
	mousemask(on ? MOUSE_EVENTS : 0, NULL);
}

/* Ctrl-Z: raw mode reads it as a key, so the stop is ours to make.  It goes
 * to the whole process group, as vi does: a script that started us stops
 * with us, and the shell sees the job stop.  The screen is put away first
 * and drawn anew after fg. */
static void suspend(struct ui *ui)
{
	struct sigaction sa;

	if (sigaction(SIGTSTP, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN) {
		ui_say(ui, 0, "Ctrl-Z: dbpatterns cannot stop here: its shell has no job control.");
		return;
	}
	continued = 0;
	def_prog_mode();
	ui_console_paste_mode(0); /* the shell gets its terminal as it was */
	endwin();
	kill(0, SIGTSTP);
	reset_prog_mode();
	ui_console_paste_mode(1);
	clearok(curscr, TRUE);
	if (!continued)
		ui_say(ui, 0, "Ctrl-Z: dbpatterns cannot stop here: its shell has no job control.");
}

/* The key after Ctrl-C: y, q or Ctrl-C quits (returns 1); n or Esc stays;
 * any other key stays and does what it does (returns -1). */
static int answer_quit(struct ui *ui, int ch)
{
	ui->quit_asked = 0;
	if (ch == 'y' || ch == 'Y' || ch == KEY_CTRL_C || action_for_key(ch) == ACT_QUIT)
		return 1;
	snprintf(ui->status, sizeof ui->status, "%s", ui->status_before);
	ui->status_error = ui->status_error_before;
	return ch == 'n' || ch == 'N' || ch == KEY_ESC ? 0 : -1;
}

/* Keys that only move the view: drawing again shows them. */
static int scroll_key(struct ui *ui, enum action a)
{
	int page = ui_pane_rows(ui) - 1;

	switch (a) {
	case ACT_DOWN: ui->scroll++; break;
	case ACT_UP: ui->scroll--; break;
	case ACT_PAGE_DOWN: ui->scroll += page; break;
	case ACT_PAGE_UP: ui->scroll -= page; break;
	case ACT_HOME: ui->scroll = 0; break;
	case ACT_END: ui->scroll = 1 << 20; break;
	case ACT_SCROLL_LEFT: ui->hscroll = ui->hscroll > 8 ? ui->hscroll - 8 : 0; break;
	case ACT_SCROLL_RIGHT: ui->hscroll += 8; break;
	default: return 0;
	}
	return KEY_HANDLED;
}

static void focus(struct ui *ui, enum pane p)
{
	ui->pane = p;
	ui->scroll = ui->hscroll = 0;
}

/* x and r drop what the lesson made: they ask first, naming what goes. */
static int ask(struct ui *ui, enum action a)
{
	struct lesson *l = ui_lesson(ui);

	if (!l)
		return KEY_HANDLED;
	ui->confirm = a;
	snprintf(ui->status_before, sizeof ui->status_before, "%s", ui->status);
	ui->status_error_before = ui->status_error;
	if (a == ACT_TEARDOWN)
		ui_say(ui, 0, "Tear down lesson %d? Its databases and every row go. y: yes, other keys: no.", l->number);
	else
		ui_say(ui, 0, "Reset lesson %d: tear down, provision? Every row goes. y: yes, other keys: no.", l->number);
	return KEY_HANDLED;
}

/* The key after x or r: only y, typed now (not one typed ahead while an
 * action ran), goes ahead. */
static int answer_confirm(struct ui *ui, int ch)
{
	enum action a = ui->confirm;

	ui->confirm = ACT_NONE;
	if (a == ACT_TOUR)
		return ui_tour_answer(ui, (ch == 'y' || ch == 'Y') && !ui->replaying);
	if ((ch != 'y' && ch != 'Y') || ui->replaying) {
		ui_say(ui, 0, "Nothing torn down.");
		return KEY_HANDLED;
	}
	ui_do_teardown(ui);
	if (a == ACT_RESET && !ui->status_error)
		ui_do_provision(ui);
	return KEY_HANDLED | KEY_REFILL;
}

/* Keys typed while an action ran are replayed, except those that would
 * undo or drop something: they are said, not done. */
static int destructive(enum action a)
{
	return a == ACT_TEARDOWN || a == ACT_RESET || a == ACT_ROLLBACK;
}

/* Every other action: its flags say what it changed. */
static int action_key(struct ui *ui, enum action a)
{
	struct lesson *l = ui_lesson(ui);

	switch (a) {
	case ACT_QUIT: return KEY_QUIT;
	case ACT_INTERRUPT:
		snprintf(ui->status_before, sizeof ui->status_before, "%s", ui->status);
		ui->status_error_before = ui->status_error;
		ui->quit_asked = 1;
		ui_say(ui, 0, "Quit dbpatterns? y (or Ctrl-C, q) quits; n or Esc stays.");
		return KEY_HANDLED;
	case ACT_SUSPEND: suspend(ui); return KEY_HANDLED;
	case ACT_SEARCH: ui_search_begin(ui); return KEY_HANDLED;
	case ACT_SEARCH_NEXT: ui_search_next(ui, 1); return KEY_HANDLED | KEY_REFILL;
	case ACT_SEARCH_PREV: ui_search_next(ui, -1); return KEY_HANDLED | KEY_REFILL;
	case ACT_MOUSE:
		set_mouse(ui, !ui->mouse);
		ui_say(ui, 0, "%s", ui->mouse ? "Mouse on: clicks and the wheel work; Shift-drag selects text. M: off."
					      : "Mouse off: drag selects text to copy, as in the shell. M turns it on.");
		return KEY_HANDLED;
	case ACT_HELP: ui->help = 1; return KEY_HANDLED;
	case ACT_NEXT_PANE: focus(ui, (ui->pane + 1) % PANE_COUNT); return KEY_HANDLED;
	case ACT_PREV_PANE: focus(ui, (ui->pane + PANE_COUNT - 1) % PANE_COUNT); return KEY_HANDLED;
	case ACT_NEXT_LESSON: ui_select_lesson(ui, ui->lesson + 1); return KEY_HANDLED;
	case ACT_PREV_LESSON: if (ui->lesson) ui_select_lesson(ui, ui->lesson - 1); return KEY_HANDLED;
	case ACT_BACK:
		if (ui->search_marks) {
			ui->search_marks = 0;
			ui_say(ui, 0, "Search marks cleared (n finds %s again).", ui->search);
		}
		return KEY_HANDLED | KEY_REFILL;
	case ACT_PROVISION: ui_do_provision(ui); break;
	case ACT_MIGRATE: ui_do_migrate(ui, 1); break;
	case ACT_ROLLBACK: ui_do_migrate(ui, 0); break;
	case ACT_NEXT_APP:
		ui->app = l ? (ui->app + 1) % l->napps : 0;
		ui_say(ui, 0, "m and u now act on %s.", l ? l->apps[ui->app].name : "");
		ui->pane = PANE_MIGRATIONS;
		return KEY_HANDLED | KEY_REFILL;
	case ACT_TIMINGS: ui_do_timings(ui); break;
	case ACT_WORKLOADS: ui_do_workloads(ui); break;
	case ACT_DEMO: ui_do_demo(ui); break;
	case ACT_TOUR: return ui_tour_start(ui);
	case ACT_SQL: focus(ui, PANE_SQL); ui->typing = 1; ui_console_open(ui); return KEY_HANDLED | KEY_REFILL;
	case ACT_RESET: return ask(ui, ACT_RESET);
	case ACT_TEARDOWN: return ask(ui, ACT_TEARDOWN);
	default: return ui_present_key(ui, a);
	}
	/* The actions themselves said what changed (ui_data_changed). */
	return KEY_HANDLED | KEY_REFILL;
}

/* One key: the key flags of what it did. */
static int handle(struct ui *ui, int ch)
{
	enum action a;
	int flags;

	ui->welcome = 0;
	ui_present_note_key(ui, ch);
	/* A paste is text for the console, whatever its letters would do. */
	if (ch == KEY_PASTE_BEGIN && !ui->typing && !ui->searching)
		action_key(ui, ACT_SQL);
	if (ui_console_paste_key(ui, ch))
		return KEY_HANDLED | KEY_REFILL;
	if (ch == KEY_CTRL_Z) {
		suspend(ui);
		return KEY_HANDLED;
	}
	if (ui->help) {
		/* Space or PgDn turns the help's page (draw.c wraps it round). */
		ui->help = ch == ' ' || ch == KEY_NPAGE ? ui->help + 1 : 0;
		return KEY_HANDLED;
	}
	if (ui->quit_asked) {
		int answer = answer_quit(ui, ch);

		if (answer >= 0)
			return answer ? KEY_QUIT : KEY_HANDLED;
	}
	if (ui->confirm != ACT_NONE)
		return answer_confirm(ui, ch);
	if (ch == KEY_MOUSE) {
		mouse(ui);
		return KEY_HANDLED;
	}
	if (ui->searching) {
		ui_search_key(ui, ch);
		return KEY_HANDLED | KEY_REFILL;
	}
	if (ui->typing) {
		ui_type_key(ui, ch);
		return KEY_HANDLED | KEY_REFILL;
	}
	if ((flags = ui_tour_key(ui, ch)))
		return flags;
	if (ch >= '1' && ch <= '9') {
		for (size_t i = 0; i < ui->lessons.n; i++)
			if (ui->lessons.v[i]->number == ch - '0')
				ui_select_lesson(ui, i);
		return KEY_HANDLED;
	}
	a = action_for_key(ch);
	if (ui->replaying && destructive(a)) {
		ui_say(ui, 0, "%s was typed while an action ran, so it was not done: press it again.",
		       ui_actions[a].label);
		return KEY_HANDLED;
	}
	/* The focused pane sees the key first. */
	if (ui_panes[ui->pane].key && (flags = ui_panes[ui->pane].key(ui, a)))
		return flags;
	if ((flags = scroll_key(ui, a)))
		return flags;
	return action_key(ui, a);
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
		lines_free(&ui->lines[p]);
	lines_free(&ui->timings);
	free(ui->timed_applied);
	lines_free(&ui->workloads_shown);
	for (size_t i = 0; ui->claims && i < ui->lessons.n; i++) {
		for (size_t k = 0; ui->claims[i] && k <= ui->lessons.v[i]->nclaims; k++)
			lines_free(&ui->claims[i][k]);
		free(ui->claims[i]);
	}
	free(ui->claims);
	lines_free(&ui->last_migration);
	lines_free(&ui->demo_output);
	ui_present_figures_free(ui);
	sl_free(&ui->history);
	lines_free(&ui->sql_output);
	free(ui->console_where);
	ui_tables_close(ui);
	sl_free(&ui->tables.line_table);
	ui_data_free(ui);
	if (ui->ws_open)
		workspace_close(&ui->ws);
	free(ui->ws_error);
	lesson_set_free(&ui->lessons);
}

/* DBPATTERNS_TRACE_KEYS=FILE: one line per key, "key ms", the time from
 * reading the key to the frame written, for bench/ to measure. */
static FILE *trace_open(void)
{
	const char *path = getenv("DBPATTERNS_TRACE_KEYS");

	return path && *path ? fopen(path, "a") : NULL;
}

static void trace_key(FILE *trace, int ch, double ms)
{
	if (trace) {
		fprintf(trace, "%d %.3f\n", ch, ms);
		fflush(trace);
	}
}

/* Keys typed while an operation ran come first, in the order typed. */
static int next_key(struct ui *ui)
{
	int ch;

	ui->replaying = ui->npending > 0;
	if (!ui->npending)
		return getch();
	ch = ui->pending[0];
	memmove(ui->pending, ui->pending + 1, (size_t)--ui->npending * sizeof *ui->pending);
	return ch;
}

/* Whether some lesson has no digit key (lesson 10 and on): ] and [ reach it. */
static int beyond_digits(const struct ui *ui)
{
	for (size_t i = 0; i < ui->lessons.n; i++)
		if (ui->lessons.v[i]->number < 1 || ui->lessons.v[i]->number > 9)
			return 1;
	return 0;
}

/* The longest sentence that fits the status line (the last one whatever
 * its length), so a projector's 64 columns never cut the hint mid-word. */
static void say_fitting(struct ui *ui, char *longest, char *shorter, char *shortest)
{
	ui_say(ui, 0, "%s", (int)strlen(longest) <= COLS - 2 ? longest
	       : (int)strlen(shorter) <= COLS - 2 ? shorter : shortest);
	free(longest);
	free(shorter);
	free(shortest);
}

/* The welcome names the digits that pick a lesson, as ranges of the
 * lessons' own numbers ("1-4, 8"): the numbering may have gaps. */
static void welcome(struct ui *ui)
{
	struct strbuf keys;
	int have[10] = { 0 };

	for (size_t i = 0; i < ui->lessons.n; i++)
		if (ui->lessons.v[i]->number >= 1 && ui->lessons.v[i]->number <= 9)
			have[ui->lessons.v[i]->number] = 1;
	sb_init(&keys);
	for (int d = 1; d <= 9; d++) {
		int end = d;

		if (!have[d])
			continue;
		while (end < 9 && have[end + 1])
			end++;
		sb_addf(&keys, "%s%d", keys.len ? ", " : "", d);
		if (end > d)
			sb_addf(&keys, "-%d", end);
		d = end;
	}
	if (!keys.len || beyond_digits(ui))
		sb_addf(&keys, "%s] for the rest", keys.len ? "; " : "");
	say_fitting(ui, xasprintf("Welcome. Pick a lesson (%s), press p to provision it, ? for every key.", keys.s),
		    xasprintf("Welcome. Pick a lesson (%s); p provisions, ? every key.", keys.s),
		    xasprintf("Lessons %s; p provisions, ? every key.", keys.s));
	sb_free(&keys);
}

int tui_run(const struct dbp_config *cfg, const struct tui_opts *o)
{
	struct ui ui = { .cfg = cfg, .match_line = -1, .confirm = ACT_NONE, .step_at = -1,
			 .beside = PANE_COUNT, .present = o->present };
	FILE *trace = trace_open();
	const char *term = getenv("TERM");
	struct sigaction cont = { .sa_handler = on_sigcont }, old_cont;
	struct dbp_error e;
	SCREEN *scr;
	int ch;

	setlocale(LC_ALL, "");
	ui.ascii = o->ascii || strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
	if (!term || !*term || !strcmp(term, "dumb")) {
		fprintf(stderr, "dbpatterns: this terminal (TERM=%s) cannot show the screen; "
			"use the commands instead (dbpatterns --help)\n", term ? term : "");
		return 1;
	}
	if (load(&ui, &e) != 0) {
		fprintf(stderr, "dbpatterns: %s\n", e.msg);
		return 1;
	}
	ui_state_load(&ui);
	ui.open_at_step = 1;
	if (ui_present_open(&ui, o->lesson, o->step, o->beside, &e) != 0) {
		fprintf(stderr, "dbpatterns: %s (try --help)\n", e.msg);
		ui_free(&ui);
		return 2; /* EXIT_USAGE, as main.c's usage errors */
	}
	if (ui_tour_requested(&ui, &e) != 0) {
		fprintf(stderr, "dbpatterns: %s\n", e.msg);
		ui_free(&ui);
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
	ui_console_paste_mode(1);
	set_mouse(&ui, 1);
	mouseinterval(0);
	sigemptyset(&cont.sa_mask);
	cont.sa_flags = SA_RESTART;
	sigaction(SIGCONT, &cont, &old_cont);
	ui_init_colors(&ui);
	/* Opened at a step, its title; beside a chosen pane, whether it fits. */
	if (o->beside)
		ui_say_beside(&ui);
	else if (!ui.status[0])
		welcome(&ui);
	ui.welcome = 1;
	ui_fill_lesson(&ui, ui_lesson(&ui), &ui.lines[PANE_LESSON]);
	ui_draw(&ui); /* first frame before any connection is made */
	ui_refresh_panes(&ui);
	ui_draw(&ui);
	while ((ch = next_key(&ui)) != ERR) {
		double t0 = now_ms();
		int flags = ch == KEY_RESIZE ? KEY_REFILL : handle(&ui, ch);

		if (flags & KEY_QUIT)
			break;
		if (flags & KEY_REFILL) {
			ui_dirty(&ui, ui.pane);
			ui_dirty(&ui, ui_companion(&ui));
		}
		if (flags & KEY_DATA)
			ui_data_changed(&ui);
		ui_refresh_panes(&ui);
		ui_draw(&ui);
		trace_key(trace, ch, now_ms() - t0);
	}
	if (trace)
		fclose(trace);
	ui_state_save(&ui);
	ui_console_paste_mode(0);
	endwin();
	delscreen(scr);
	sigaction(SIGCONT, &old_cont, NULL);
	ui_free(&ui);
	return 0;
}
