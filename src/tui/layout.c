/* layout: where the parts of the screen go, from its size and the
 * presenter's choices.  Usually the title, a sidebar with the lessons, the
 * tab row and the focused pane, with a second pane beside it on a wide
 * screen.  Zoomed (z), the focused pane has every row and column but the
 * tab row and the status line.  A pane the presenter chose to stand beside
 * (v, --beside) shows from fewer columns, and takes the sidebar's room
 * when it needs it. */
#include "ui.h"

#include <strings.h>

int ui_sidebar_width(void)
{
	return COLS >= 200 ? 42 : 26;
}

static int chosen(const struct ui *ui)
{
	return ui->beside < PANE_COUNT;
}

/* Panes from column x, width wide, split when two fit. */
static void place_panes(struct layout *lo, int x, int width, int split)
{
	lo->x = x;
	lo->width = width;
	lo->split = split;
	lo->half = split ? (width - 1) / 2 : width;
	lo->other = split ? width - lo->half - 2 : 0;
}

void ui_layout(const struct ui *ui, struct layout *lo)
{
	int with_sidebar = COLS - SIDEBAR - 2, alone = COLS - 2;

	lo->title = !ui->zoom;
	lo->tabs_y = ui->zoom ? 0 : 1;
	lo->top = ui->zoom ? 1 : 3;
	lo->rows = LINES - lo->top - 2;
	lo->sidebar = ui->zoom ? 0 : SIDEBAR;
	if (ui->zoom)
		place_panes(lo, 1, alone, 0);
	else if (with_sidebar >= (chosen(ui) ? SPLIT_CHOSEN_MIN_COLS : SPLIT_MIN_COLS))
		place_panes(lo, SIDEBAR + 1, with_sidebar, 1);
	else if (chosen(ui) && alone >= SPLIT_CHOSEN_MIN_COLS) {
		lo->sidebar = 0; /* the two panes the presenter asked for come first */
		place_panes(lo, 1, alone, 1);
	} else
		place_panes(lo, SIDEBAR + 1, with_sidebar, 0);
}

/* The pane beside the focused one: the presenter's choice, else the one
 * that explains or checks it (a migration's diff beside the live tables). */
enum pane ui_companion(const struct ui *ui)
{
	static const enum pane usual[PANE_COUNT] = {
		[PANE_LESSON] = PANE_TOPOLOGY, [PANE_TOPOLOGY] = PANE_TABLES,
		[PANE_TABLES] = PANE_MIGRATIONS, [PANE_MIGRATIONS] = PANE_TABLES,
		[PANE_TIMINGS] = PANE_LESSON, [PANE_SQL] = PANE_TABLES,
	};

	return chosen(ui) && ui->beside != ui->pane ? ui->beside : usual[ui->pane];
}

int ui_split(const struct ui *ui)
{
	struct layout lo;

	ui_layout(ui, &lo);
	return lo.split;
}

/* Lines a pane shows, and the focused pane's width. */
int ui_pane_rows(const struct ui *ui)
{
	struct layout lo;

	ui_layout(ui, &lo);
	return lo.rows;
}

int ui_pane_cols(const struct ui *ui)
{
	struct layout lo;

	ui_layout(ui, &lo);
	return lo.half;
}

/* Screen column x is in the pane beside the focused one. */
int ui_over_companion(const struct ui *ui, int x)
{
	struct layout lo;

	ui_layout(ui, &lo);
	return lo.split && x > lo.x + lo.half;
}

/* A pane by its name, any case: its index, or -1. */
int ui_beside_name(const char *name)
{
	for (int p = 0; p < PANE_COUNT; p++)
		if (!strcasecmp(ui_panes[p].name, name))
			return p;
	return -1;
}

/* Where the chosen pane is, on the status line: beside, or why not. */
void ui_say_beside(struct ui *ui)
{
	const char *mine = ui_panes[ui->pane].name, *other = ui_panes[ui_companion(ui)].name;

	if (ui->zoom)
		ui_say(ui, 0, "%s will stand beside %s when z ends the zoom.", other, mine);
	else if (ui_split(ui))
		ui_say(ui, 0, "%s stands beside %s until changed (v: another pane).", other, mine);
	else
		ui_say(ui, 0, "%s beside %s needs %d columns; %d here.", other, mine, SPLIT_CHOSEN_MIN_COLS + 2,
		       COLS);
}

/* v: the next pane in tab order stands beside the focused one. */
int ui_beside_key(struct ui *ui)
{
	enum pane p = (ui_companion(ui) + 1) % PANE_COUNT;

	if (p == ui->pane)
		p = (p + 1) % PANE_COUNT;
	ui->beside = p;
	ui_dirty(ui, p);
	ui_say_beside(ui);
	return KEY_HANDLED | KEY_REFILL;
}
