/* compare: kept timings side by side, as lines with roles for the
 * Timings pane and `bench --compare`.  Three views of one lesson, each a
 * grid (workload, what differs, median, p95, against the first row), the
 * first row of each workload the reference:
 *   before and after: each workload's latest run on this engine, and its
 *     latest earlier run under another set of applied migrations;
 *   lesson against lesson: the same workload (matched by name: the
 *     bundled lessons give one question one name, e.g. feed, top_buyers)
 *     in every other lesson's latest run on this engine;
 *   engine against engine: the latest run of each workload on SQLite and
 *     on PostgreSQL, marked where their migrations differ.
 * Runs that timed nothing (a refusal on purpose, a cancel) are left out.
 * A legend says what median, p95, min/max and the cold run mean. */
#ifndef DBP_COMPARE_H
#define DBP_COMPARE_H

#include "results.h"

/* The three views for lesson on engine ("sqlite", "postgres") from an
 * open store, then the legend.  utf8: how the grid marks what it shows. */
int compare_lines(struct results_store *s, int lesson, const char *engine, int utf8,
		  struct dbp_lines *out, struct dbp_error *e);
/* The same from the store of workdir, opened read-only in effect (nothing
 * is created): without a store, a line that says none is kept yet. */
int results_compare(const char *workdir, const char *workspace_id, int lesson, const char *engine,
		    int utf8, struct dbp_lines *out, struct dbp_error *e);
/* What median, p95, min/max and the cold run mean, in a few NOTE lines. */
void compare_legend(struct dbp_lines *out);

#endif
