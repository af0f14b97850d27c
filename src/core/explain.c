/* explain: see explain.h. */
#include "explain.h"
#include "bench.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* SQLite answers rows of (id, parent, notused, detail); a row's depth is
 * its parent's plus one, and parents come before their children. */
static void sqlite_tree(const struct dbp_result *r, struct dbp_lines *out)
{
	long *ids = xcalloc((size_t)r->nrows + 1, sizeof *ids);
	int *depth = xcalloc((size_t)r->nrows + 1, sizeof *depth);

	for (long i = 0; i < r->nrows; i++) {
		const char *parent = result_cell(r, i, 1), *detail = result_cell(r, i, 3);
		long p = parent ? atol(parent) : 0;

		ids[i] = atol(result_cell(r, i, 0) ? result_cell(r, i, 0) : "0");
		depth[i] = 0;
		for (long j = 0; j < i; j++)
			if (ids[j] == p)
				depth[i] = depth[j] + 1;
		lines_addf(out, DBP_LINE_TEXT, "%*s%s", 2 * depth[i], "", detail ? detail : "");
	}
	free(ids);
	free(depth);
}

static int explain_sql(struct workspace *ws, struct dbp_conn *c, const char *sql,
		       struct dbp_lines *out, struct dbp_error *e)
{
	int pg = ws->engine == DBP_POSTGRES;
	char *q = xasprintf("%s %s", pg ? "EXPLAIN" : "EXPLAIN QUERY PLAN", sql);
	struct dbp_result r = { 0 };
	int rc = ws->ops->query(c, q, &r, e);

	free(q);
	if (rc != 0)
		return -1;
	if (pg)
		for (long i = 0; i < r.nrows; i++)
			lines_add(out, DBP_LINE_TEXT, result_cell(&r, i, 0) ? result_cell(&r, i, 0) : "");
	else
		sqlite_tree(&r, out);
	result_free(&r);
	return 0;
}

/* The connections a workload is explained on.  A workload that changes
 * its session (SET, RESET) gets connections of its own, one per app, and
 * those steps run there as they would in the workload: the plans after
 * them see the setting, and the core's kept session never carries one. */
struct plan_conns {
	int own;
	struct dbp_conn **c;
	const char **app;
	size_t n;
};

static struct dbp_conn *conn_for(struct workspace *ws, const struct lesson *l, struct plan_conns *pc,
				 const char *app, struct dbp_error *e)
{
	struct dbp_conn *c;

	if (!pc->own)
		return ws_session_app(ws, NULL, l, lesson_app_find(l, app), e);
	for (size_t i = 0; i < pc->n; i++)
		if (!strcmp(pc->app[i], app))
			return pc->c[i];
	if (!(c = ws_connect_app(ws, l, lesson_app_find(l, app), e)))
		return NULL;
	pc->c[pc->n] = c;
	pc->app[pc->n++] = app;
	return c;
}

/* EXPLAIN takes a query or a change of rows; a workload's BEGIN, ROLLBACK
 * or ALTER TABLE has no plan (PostgreSQL calls asking a syntax error). */
static int has_plan(const char *sql)
{
	static const char *const planned[] = { "select", "with", "values", "insert", "update",
					       "delete", "replace", "merge", "table" };
	size_t n;

	for (;;) { /* past blanks, parentheses and -- comments */
		sql += strspn(sql, " \t\r\n(");
		if (strncmp(sql, "--", 2) != 0)
			break;
		sql += strcspn(sql, "\n");
	}
	for (n = 0; sql[n] && ((sql[n] | 32) >= 'a' && (sql[n] | 32) <= 'z'); n++)
		;
	for (size_t i = 0; i < DBP_ARRAY_LEN(planned); i++)
		if (n == strlen(planned[i]) && !strncasecmp(sql, planned[i], n))
			return 1;
	return 0;
}

static int explain_step(struct workspace *ws, const struct lesson *l, const struct wl_step *s,
			size_t i, struct plan_conns *pc, struct dbp_lines *out, struct dbp_error *e)
{
	struct dbp_conn *c;
	char *sql;
	int rc;

	lines_addf(out, DBP_LINE_TITLE, "Step %zu on %s's connection%s", i + 1, s->app,
		   s->mode == WL_ONCE ? "" : s->mode == WL_EACH ? ", once per row of the step before"
		   : ", with the step before's keys");
	if (s->mode != WL_ONCE) {
		lines_add(out, DBP_LINE_NOTE, "(its SQL takes values from rows not read yet: no plan shown)");
		return 0;
	}
	if (!wl_step_sets_session(s) && !has_plan(s->sql)) {
		lines_add(out, DBP_LINE_NOTE, "(a statement the engine has no plan for)");
		return 0;
	}
	c = conn_for(ws, l, pc, s->app, e);
	if (!c)
		return -1;
	sql = bench_expand(ws, l, c, s->sql, e);
	if (!sql)
		return -1;
	if (wl_step_sets_session(s)) {
		rc = ws->ops->exec(c, sql, e);
		if (rc == 0)
			lines_add(out, DBP_LINE_NOTE, "(it sets the session for the steps after it: run, no plan)");
	} else {
		rc = explain_sql(ws, c, sql, out, e);
	}
	free(sql);
	return rc;
}

int explain_workload(struct workspace *ws, const struct lesson *l, const struct workload *w,
		     struct dbp_lines *out, struct dbp_error *e)
{
	struct plan_conns pc = { workload_sets_session(w), NULL, NULL, 0 };
	int rc = 0;

	pc.c = xcalloc(w->nsteps + 1, sizeof *pc.c);
	pc.app = xcalloc(w->nsteps + 1, sizeof *pc.app);
	for (size_t i = 0; i < w->nsteps && rc == 0; i++)
		if (explain_step(ws, l, &w->steps[i], i, &pc, out, e) != 0)
			rc = err_prefix(e, "plan of %s, step %zu", w->name, i + 1);
	for (size_t i = 0; i < pc.n; i++)
		ws->ops->close(pc.c[i]);
	free(pc.c);
	free(pc.app);
	return rc;
}
