/* present: the presenter's tools.  Opening at a lesson and step
 * (--lesson, --step), stepping through steps ({ and }), zoom (z), the
 * pane beside (v, --beside; layout.c places it), and presenter mode (P,
 * --present): a high-contrast theme for a projector, the last keys on the
 * status line (keycaps.c) and the current claim's measured figure large
 * at the head of the Timings pane (bigtext.c draws it; c picks the claim). */
#include "ui.h"
#include "../core/claims.h"
#include "../core/ini_file.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- theme ---------------------------------------------------------------- */

/* Each role's colours: the usual theme on the terminal's own background,
 * and the presenter's, bright colours on black: dark blue and thin text
 * are lost on a projector, so that theme is bold throughout too. */
static const struct { short fg, bg, present_fg, present_bg; } theme[] = {
	[ROLE_NORMAL] = { -1, -1, COLOR_WHITE, COLOR_BLACK },
	[ROLE_TITLE] = { COLOR_CYAN, -1, COLOR_YELLOW, COLOR_BLACK },
	[ROLE_SELECTED] = { COLOR_BLACK, COLOR_CYAN, COLOR_BLACK, COLOR_YELLOW },
	[ROLE_STATUS] = { COLOR_BLACK, COLOR_WHITE, COLOR_BLACK, COLOR_WHITE },
	[ROLE_ERROR] = { COLOR_WHITE, COLOR_RED, COLOR_WHITE, COLOR_RED },
	[ROLE_ADDED] = { COLOR_GREEN, -1, COLOR_GREEN, COLOR_BLACK },
	[ROLE_REMOVED] = { COLOR_RED, -1, COLOR_MAGENTA, COLOR_BLACK },
	[ROLE_DIM] = { COLOR_BLUE, -1, COLOR_CYAN, COLOR_BLACK },
	[ROLE_MATCH] = { COLOR_BLACK, COLOR_YELLOW, COLOR_BLACK, COLOR_YELLOW },
	[ROLE_CHANGED] = { COLOR_YELLOW, -1, COLOR_YELLOW, COLOR_BLACK },
};

/* Without colours (NO_COLOR, --no-color, a monochrome terminal) presenter
 * mode is bold text only. */
void ui_present_theme(struct ui *ui)
{
	if (!ui->color) {
		bkgd(ui->present ? ' ' | A_BOLD : ' ');
		return;
	}
	for (short r = ROLE_NORMAL; r < (short)DBP_ARRAY_LEN(theme); r++)
		init_pair(r, ui->present ? theme[r].present_fg : theme[r].fg,
			  ui->present ? theme[r].present_bg : theme[r].bg);
	bkgd(ui->present ? ' ' | COLOR_PAIR(ROLE_NORMAL) | A_BOLD : ' ');
}

/* ---- the claim's figure ------------------------------------------------------ */

static void figures_clear(struct claim_figures *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].name);
		free(f->v[i].big);
		free(f->v[i].figure);
		free(f->v[i].text);
	}
	free(f->v);
	memset(f, 0, sizeof *f);
}

void ui_present_figures_free(struct ui *ui)
{
	for (size_t i = 0; ui->figures && i < ui->lessons.n; i++)
		figures_clear(&ui->figures[i]);
	free(ui->figures);
	ui->figures = NULL;
}

/* What is drawn large: the measured ratio or row count where the claim
 * has one, else its verdict. */
static void big_figure(const struct claim_verdict *v, struct claim_figure *f)
{
	int check = v->claim->check;

	if (v->outcome != CLAIM_SKIPPED && isfinite(v->measured) && check == CLAIM_SLOWER) {
		f->big = xasprintf("%.1fx", v->measured);
		f->unit = "times slower, by medians";
	} else if (v->outcome != CLAIM_SKIPPED && isfinite(v->measured) && (check == CLAIM_ROWS || check == CLAIM_SAME_ROWS)) {
		f->big = xasprintf("%.0f", v->measured);
		f->unit = "rows";
	} else {
		f->big = xstrdup(v->outcome == CLAIM_PASSED ? "PASS" : v->outcome == CLAIM_FAILED ? "FAIL" : "SKIP");
		f->unit = "verdict";
	}
}

/* The verdicts of the selected lesson, as t just checked them. */
void ui_present_keep(struct ui *ui, const struct claims_report *rep)
{
	struct claim_figures *f;

	if (!ui->figures)
		ui->figures = xcalloc(ui->lessons.n, sizeof *ui->figures);
	f = &ui->figures[ui->lesson];
	figures_clear(f);
	f->v = xcalloc(rep->n + 1, sizeof *f->v);
	for (size_t i = 0; i < rep->n; i++, f->n++) {
		const struct claim_verdict *v = &rep->v[i];

		f->v[i].name = xstrdup(v->claim->name);
		f->v[i].figure = xstrdup(v->figure ? v->figure : "");
		f->v[i].text = v->text ? xstrdup(v->text) : NULL;
		f->v[i].outcome = (int)v->outcome;
		big_figure(v, &f->v[i]);
	}
	ui_dirty(ui, PANE_TIMINGS);
}

static const struct claim_figures *current_figures(const struct ui *ui)
{
	return ui->figures && ui->lesson < ui->lessons.n && ui->figures[ui->lesson].n ? &ui->figures[ui->lesson] : NULL;
}

/* The columns the Timings pane has, focused or beside. */
static int timings_width(const struct ui *ui)
{
	struct layout lo;

	ui_layout(ui, &lo);
	return lo.split && ui->pane != PANE_TIMINGS ? lo.other : lo.half;
}

/* Presenter mode heads the Timings pane with the current claim: which it
 * is, its figure large, what the figure is, and the claim's sentence. */
void ui_present_figure(struct ui *ui, struct dbp_lines *out)
{
	const struct lesson *l = ui_lesson(ui);
	const struct claim_figures *all = current_figures(ui);
	const struct claim_figure *c;

	if (!l || !l->nclaims)
		return;
	if (!all) {
		lines_add(out, DBP_LINE_NOTE, "Presenter mode: press t, and the current claim's measured figure shows "
			  "here, large.");
		lines_add(out, DBP_LINE_TEXT, "");
		return;
	}
	c = &all->v[ui->claim_at % all->n];
	lines_addf(out, DBP_LINE_TITLE, "Claim %zu of %zu, %s (c: next claim)", ui->claim_at % all->n + 1,
		   all->n, c->name);
	if (!ui_big_text(c->big, timings_width(ui), ui->ascii, out))
		lines_add(out, DBP_LINE_TITLE, c->big);
	lines_addf(out, c->outcome == CLAIM_FAILED ? DBP_LINE_ERROR : DBP_LINE_TEXT, "%s (%s): %s", c->big,
		   c->unit, c->figure);
	if (c->text)
		lines_add(out, DBP_LINE_NOTE, c->text);
	lines_add(out, DBP_LINE_TEXT, "");
}

/* ---- keys ------------------------------------------------------------------- */

static int zoom_key(struct ui *ui)
{
	ui->zoom = !ui->zoom;
	if (ui->zoom)
		ui_say(ui, 0, "Zoom: %s fills the screen; z again goes back.",
		       ui_panes[ui->pane].name);
	else
		ui_say(ui, 0, "Zoom off.");
	return KEY_HANDLED | KEY_REFILL;
}

static int present_key(struct ui *ui)
{
	ui->present = !ui->present;
	ui_present_theme(ui);
	ui_dirty(ui, PANE_TIMINGS);
	ui_say(ui, 0, "%s", ui->present ? "Presenter mode on; P turns it off." : "Presenter mode off.");
	return KEY_HANDLED | KEY_REFILL;
}

static int claim_key(struct ui *ui)
{
	const struct claim_figures *all = current_figures(ui);
	const struct claim_figure *c;

	if (!all) {
		ui_say(ui, 0, "No claim measured for this lesson yet: t measures them.");
		return KEY_HANDLED;
	}
	ui->claim_at = (ui->claim_at + 1) % all->n;
	c = &all->v[ui->claim_at];
	ui_say(ui, 0, "Claim %zu of %zu, %s: %s.", ui->claim_at + 1, all->n, c->name, c->figure);
	ui_dirty(ui, PANE_TIMINGS);
	return KEY_HANDLED | KEY_REFILL;
}

/* { and }: the step before or after the current one. */
static int step_key(struct ui *ui, int dir)
{
	const struct lesson *l = ui_lesson(ui);
	long at = ui_current_step(ui);

	if (!l || !l->nsteps)
		return KEY_HANDLED;
	if (at < 0) /* every step done: } stays at the last, { goes to it */
		at = (long)l->nsteps - (dir < 0 ? 0 : 1);
	at += dir;
	ui_goto_step(ui, at < 0 ? 0 : at >= (long)l->nsteps ? l->nsteps - 1 : (size_t)at);
	if (at < 0 || at >= (long)l->nsteps)
		ui_say(ui, 0, "This is the %s step of lesson %d.", dir < 0 ? "first" : "last", l->number);
	return KEY_HANDLED | KEY_REFILL;
}

int ui_present_key(struct ui *ui, enum action a)
{
	switch (a) {
	case ACT_ZOOM: return zoom_key(ui);
	case ACT_BESIDE: return ui_beside_key(ui);
	case ACT_PRESENT: return present_key(ui);
	case ACT_CLAIM: return claim_key(ui);
	case ACT_STEP_NEXT: return step_key(ui, 1);
	case ACT_STEP_PREV: return step_key(ui, -1);
	default: return 0;
	}
}

/* ---- opening at a lesson and step ------------------------------------------------ */

static int open_lesson(struct ui *ui, const char *key, struct dbp_error *e)
{
	const struct lesson *l = lesson_find(&ui->lessons, key);
	struct strbuf known;
	int rc;

	for (size_t i = 0; l && i < ui->lessons.n; i++)
		if (ui->lessons.v[i] == l) {
			ui_select_lesson(ui, i);
			return 0;
		}
	sb_init(&known);
	for (size_t i = 0; i < ui->lessons.n; i++)
		sb_addf(&known, "%s%d (%s)", i ? ", " : "", ui->lessons.v[i]->number, ui->lessons.v[i]->slug);
	rc = err_set(e, "--lesson \"%s\": no such lesson; there are %s", key, known.s ? known.s : "none");
	sb_free(&known);
	return rc;
}

static int open_step(struct ui *ui, const char *value, struct dbp_error *e)
{
	const struct lesson *l = ui_lesson(ui);
	long n;

	if (!l || !l->nsteps)
		return err_set(e, "--step %s: lesson %d has no steps", value, l ? l->number : 0);
	if (ini_parse_int(value, 1, (long)l->nsteps, &n, e) != 0)
		return err_set(e, "--step %s: lesson %d has steps 1 to %zu", value, l->number, l->nsteps);
	ui_goto_step(ui, (size_t)n - 1);
	return 0;
}

static int open_beside(struct ui *ui, const char *name, struct dbp_error *e)
{
	int p = ui_beside_name(name);
	struct strbuf names;
	int rc;

	if (p >= 0) {
		ui->beside = (enum pane)p;
		return 0;
	}
	sb_init(&names);
	for (int i = 0; i < PANE_COUNT; i++)
		sb_addf(&names, "%s%s", i == 0 ? "" : i + 1 == PANE_COUNT ? " or " : ", ", ui_panes[i].name);
	rc = err_set(e, "--beside must name a pane (%s), not \"%s\"", names.s, name);
	sb_free(&names);
	return rc;
}

/* The options that say where the screen opens, checked before it starts:
 * -1 with what is wrong in e. */
int ui_present_open(struct ui *ui, const char *lesson, const char *step, const char *beside,
		    struct dbp_error *e)
{
	if (beside && open_beside(ui, beside, e) != 0)
		return -1;
	if (lesson && open_lesson(ui, lesson, e) != 0)
		return -1;
	if (step && open_step(ui, step, e) != 0)
		return -1;
	return 0;
}
