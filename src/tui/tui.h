/* tui: the terminal front end.  A thin view over the core: every action
 * calls the same core functions as the CLI. */
#ifndef DBP_TUI_H
#define DBP_TUI_H

#include "../core/config.h"

int tui_run(const struct dbp_config *cfg, int ascii);
/* --tour L: the screen opens with lesson L's tour running. */
void tui_set_tour(const char *lesson);

#endif
