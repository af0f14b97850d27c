/* demo: the lessons' demonstrations that are not a single query: taking a
 * database offline while the others keep answering, and a role that may
 * reach one database but not another.  Each leaves things as it found
 * them, and reports what happened line by line (a line's role: added for
 * what worked, error for what was refused). */
#ifndef DBP_DEMO_H
#define DBP_DEMO_H

#include "workspace.h"

int demo_run(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d,
	     const struct dbp_progress *p, struct dbp_lines *out, struct dbp_error *e);

#endif
