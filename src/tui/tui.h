/* tui: the terminal front end.  A thin view over the core: every action
 * calls the same core functions as the CLI. */
#ifndef DBP_TUI_H
#define DBP_TUI_H

#include "../core/config.h"

/* How the screen opens: as the options gave it (NULL, 0: not given).
 * Values are checked against the lessons before the screen starts. */
struct tui_opts {
	int ascii;
	const char *lesson;   /* number or slug */
	const char *step;     /* 1..the lesson's steps */
	const char *beside;   /* a pane's name */
	int present;          /* presenter mode */
};

/* 0, 1 (could not start), or 2 (EXIT_USAGE: a value of tui_opts is wrong). */
int tui_run(const struct dbp_config *cfg, const struct tui_opts *o);
/* --tour L: the screen opens with lesson L's tour running. */
void tui_set_tour(const char *lesson);

#endif
