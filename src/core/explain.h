/* explain: the plan the engine chooses for a workload, in its own words
 * (PostgreSQL's EXPLAIN, SQLite's EXPLAIN QUERY PLAN), so a student can
 * see why a query is slow: a scan of comments for every post, where an
 * index would let it look up only the rows it needs. */
#ifndef DBP_EXPLAIN_H
#define DBP_EXPLAIN_H

#include "workspace.h"

/* For each step of w: a TITLE line naming the step and its app, then the
 * plan, one TEXT line per plan line, indented as the engine nests it.  A
 * step that runs once per row of the step before (each, in) gets a NOTE
 * instead: its SQL depends on rows not yet read.  Nothing is executed. */
int explain_workload(struct workspace *ws, const struct lesson *l, const struct workload *w,
		     struct dbp_lines *out, struct dbp_error *e);

#endif
