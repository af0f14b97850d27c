/* screen_state: the file in which the screen remembers, across restarts,
 * the lesson and pane last shown and the steps done, per engine and
 * prefix (<workdir>/screen-state).  The screen writes it (src/tui/state.c);
 * the session report reads the steps done from it.  A file that does not
 * start with our own first line is not ours, and is never read. */
#ifndef DBP_SCREEN_STATE_H
#define DBP_SCREEN_STATE_H

#include "util.h"

#define SCREEN_STATE_FILE "screen-state"
#define SCREEN_STATE_HEAD "# dbpatterns screen state: written by dbpatterns, safe to delete"
/* Steps a line can record per lesson (bits of one hex number). */
#define SCREEN_STATE_STEPS 32

/* One line of the file: "ENGINE PREFIX KIND SLUG VALUE", where KIND is
 * "last" (VALUE: a pane name) or "done" (VALUE: the steps done as hex
 * bits, step 1 the lowest). */
struct screen_state_line {
	char kind[8], slug[128], value[64];
};

/* <workdir>/screen-state; caller frees. */
char *screen_state_path(const char *workdir);
/* Whose lines: "ENGINE PREFIX"; caller frees. */
char *screen_state_owner(const char *engine, const char *prefix);
/* The file's text when it is ours, else NULL (absent, or someone else's). */
char *screen_state_text(const char *path);
/* 1 and *out when line is one of who's, else 0. */
int screen_state_parse(const char *line, const char *who, struct screen_state_line *out);
/* The steps of lesson slug that who has done, as bits (0: none), from the
 * text screen_state_text returned (NULL: none). */
unsigned long screen_state_done(const char *text, const char *who, const char *slug);

#endif
