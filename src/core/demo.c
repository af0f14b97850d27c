/* demo: see demo.h. */
#include "demo.h"
#include "lesson_roles.h"
#include "lock_queue.h"
#include "shards_demo.h"
#include "tenants.h"
#include "transfer.h"

#include <stdlib.h>
#include <string.h>

/* Each application connects afresh and runs the probe, as it would after
 * the change: what it gets back is the lesson. */
static void probe_apps(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d,
		       struct dbp_lines *out)
{
	for (size_t i = 0; i < l->napps; i++) {
		const struct lesson_app *a = &l->apps[i];
		const char *probe = demo_probe_for(d, a->name);
		struct dbp_result r = { 0 };
		struct dbp_error e;
		struct dbp_conn *c;
		double t0 = now_ms();

		if (!probe)
			continue;
		c = ws_connect_app(ws, l, a, &e);
		if (c && ws->ops->query(c, probe, &r, &e) == 0)
			lines_addf(out, DBP_LINE_ADDED, "%s (%s): still answers: %s = %s", a->name, a->database,
				   probe, result_cell(&r, 0, 0) ? result_cell(&r, 0, 0) : "NULL");
		else
			lines_addf(out, DBP_LINE_ERROR, "%s (%s): %s%s%s (after %.0f ms)", a->name, a->database,
				   e.sqlstate, e.sqlstate[0] ? " " : "", e.msg, now_ms() - t0);
		result_free(&r);
		if (c)
			ws->ops->close(c);
	}
}

static int run_offline(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d,
		       const struct dbp_progress *p, struct dbp_lines *out, struct dbp_error *e)
{
	char *db = ws_db_name(ws, d->database);
	struct dbp_offline *o;
	int rc;

	progress_say(p, "taking %s offline", db);
	o = ws->ops->take_offline(ws->srv, db, &ws->owner, e);
	if (!o) {
		free(db);
		return -1;
	}
	lines_addf(out, DBP_LINE_TEXT, "%s is offline (%s)", db, ws->engine == DBP_POSTGRES
		   ? "ALTER DATABASE ... ALLOW_CONNECTIONS false"
		   : "SQLite has no server to stop: another handle holds an exclusive lock, "
		     "as a maintenance job would");
	probe_apps(ws, l, d, out);
	rc = ws->ops->bring_online(o, e);
	if (rc == 0)
		lines_addf(out, DBP_LINE_TEXT, "%s is back online", db);
	free(db);
	return rc;
}

static int run_role(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d,
		    const struct dbp_progress *p, struct dbp_lines *out, struct dbp_error *e)
{
	const struct lesson_app *app = lesson_app_find(l, d->app);
	char *allowed = ws_db_name(ws, app->database), *denied = NULL, *role;
	int rc;

	for (size_t i = 0; i < l->ndbs && !denied; i++)
		if (strcmp(l->dbs[i].name, app->database))
			denied = ws_db_name(ws, l->dbs[i].name);
	role = demo_role_name(ws, app->name);
	rc = backend_check_name(ws->ops, role, e);
	progress_say(p, "role %s", role);
	if (rc == 0)
		rc = ws->ops->role_demo(ws->srv, role, allowed, denied, d->probe, &ws->owner, out, e);
	free(allowed);
	free(denied);
	free(role);
	return rc;
}

static int run_lock_queue(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d,
			  const struct dbp_progress *p, struct dbp_lines *out, struct dbp_error *e)
{
	struct lq_result *r = xcalloc(1, sizeof *r);
	int rc = lock_queue_run(ws, l, d, p, r, e);

	if (rc == 0)
		lock_queue_lines(r, d, ws->engine, out);
	free(r);
	return rc;
}

int demo_run(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d,
	     const struct dbp_progress *p, struct dbp_lines *out, struct dbp_error *e)
{
	if (!workspace_provisioned(ws, l))
		return err_set(e, "lesson %d is not provisioned: provision it first", l->number);
	if (!demo_runs_on(d, ws->engine))
		return err_set(e, "demo %s runs on %s only: %s", d->name, engine_name(ws->engine == DBP_SQLITE
			       ? DBP_POSTGRES : DBP_SQLITE), d->title);
	if (d->kind == DEMO_LOCK_QUEUE)
		return run_lock_queue(ws, l, d, p, out, e);
	if (d->kind == DEMO_TENANTS)
		return tenants_demo(ws, l, ws->tenants, p, out, e);
	if (d->kind == DEMO_TRANSFER)
		return transfer_demo(ws, l, p, out, e);
	if (d->kind == DEMO_SHARDS)
		return shards_demo(ws, l, d, p, out, e);
	return d->kind == DEMO_OFFLINE ? run_offline(ws, l, d, p, out, e) : run_role(ws, l, d, p, out, e);
}
