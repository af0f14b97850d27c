/* claim_pooled: the pooled check.  Client A runs its SQL, then client B
 * runs its own, and B's answer (or its refusal) is the verdict.  On
 * PostgreSQL both go through a PgBouncer of our own in transaction mode
 * with one server connection, so B gets the server session A left; with
 * tenant_roles each logs in as a role of its own, whose pool is its own.
 * SQLite has no pooler: its stand-in is one handle that two requests
 * share in turn, as a web server's pool of handles would. */
#include "claim_checks.h"
#include "lesson_roles.h"
#include "bench.h"
#include "pooler.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What one run needs and must undo. */
struct pooled {
	struct claim_run *run;
	const struct lesson_app *app[2];
	char *db;
	char *role[2], *schema[2], password[2][21];
	int roles_made;
	struct pooler *pooler;
	char port[8];
	const char *user, *user_password; /* the workspace's own login */
};

/* Clients of a pooler on PostgreSQL; requests on one handle on SQLite. */
static const char *who(const struct claim_run *run, int i)
{
	static const char *const names[2][2] = { { "request 1", "request 2" }, { "client A", "client B" } };

	return names[run->ws->engine == DBP_POSTGRES][i];
}

static char *engine_words(const struct dbp_error *e)
{
	return xasprintf("%s%s%s", e->sqlstate, e->sqlstate[0] ? " " : "", e->msg);
}

/* ---- the verdict ------------------------------------------------------------ */

/* B answered: the claim holds when the first value is the one claimed. */
static void judge_answer(struct claim_run *run, const struct dbp_result *r, const char *how,
			 struct claim_verdict *v)
{
	const char *want = claim_value_here(run, &run->c->answer), *got = result_cell(r, 0, 0);
	char *detail = xasprintf("%s and got %s", how, got ? got : "NULL");

	if (!want)
		claim_verdict_set(v, CLAIM_FAILED, xasprintf("%s was not refused", who(run, 1)), detail);
	else if (got && !strcmp(got, want))
		claim_verdict_set(v, CLAIM_PASSED, xasprintf("%s got %s, measured", who(run, 1), got), detail);
	else
		claim_verdict_set(v, CLAIM_FAILED, xasprintf("%s got %s: expected %s", who(run, 1), got ? got : "NULL", want),
			detail);
}

/* B was refused: the claim holds when it names the refusal. */
static void judge_refusal(struct claim_run *run, const struct dbp_error *we, struct claim_verdict *v)
{
	const char *words = claim_value_here(run, &run->c->message);

	if (words && strstr(we->msg, words))
		claim_verdict_set(v, CLAIM_PASSED, xasprintf("%s refused, as claimed", who(run, 1)), engine_words(we));
	else
		claim_verdict_set(v, CLAIM_FAILED, words ? xasprintf("%s refused, but without \"%s\"", who(run, 1), words)
					       : xasprintf("%s was refused", who(run, 1)), engine_words(we));
}

/* Client B's turn: then on its handle, judged. */
static int b_answers(struct claim_run *run, struct dbp_conn *b, const char *how, struct claim_verdict *v,
		     struct dbp_error *e)
{
	const char *then = claim_value_here(run, &run->c->then);
	char *sql = bench_expand(run->ws, run->l, b, then, e);
	struct dbp_result r = { 0 };
	struct dbp_error we;

	char *told;

	if (!sql)
		return -1;
	told = xasprintf("%s; then %s ran %s", how, who(run, 1), sql);
	if (run->ws->ops->query(b, sql, &r, &we) != 0)
		judge_refusal(run, &we, v);
	else
		judge_answer(run, &r, told, v);
	result_free(&r);
	free(told);
	free(sql);
	return 0;
}

/* first on a's handle, then its answer on b's: -1 only when cancelled. */
static int two_clients(struct claim_run *run, struct dbp_conn *a, struct dbp_conn *b, const char *where,
		       struct claim_verdict *v, struct dbp_error *e)
{
	const char *first = claim_value_here(run, &run->c->first);
	char *sql = first ? bench_expand(run->ws, run->l, a, first, e) : NULL, *how;
	struct dbp_error we;
	int rc = 0;

	if (first && !sql)
		return -1;
	if (sql && run->ws->ops->exec(a, sql, &we) != 0) {
		claim_verdict_set(v, CLAIM_FAILED, xasprintf("%s's SQL failed", who(run, 0)), engine_words(&we));
	} else {
		how = xasprintf("%s: %s ran %s", where, who(run, 0), sql ? sql : "nothing");
		rc = b_answers(run, b, how, v, e);
		free(how);
	}
	free(sql);
	if (progress_cancelled(run->p))
		rc = err_set(e, "cancelled");
	return rc;
}

/* ---- SQLite: one handle, two requests ----------------------------------------- */

static int pooled_sqlite(struct pooled *pl, struct claim_verdict *v, struct dbp_error *e)
{
	struct claim_run *run = pl->run;
	struct dbp_error we;
	struct dbp_conn *handle = ws_connect_app(run->ws, run->l, pl->app[0], &we);
	int rc;

	if (!handle) {
		claim_verdict_set(v, CLAIM_FAILED, xstrdup("no handle to share"), engine_words(&we));
		return 0;
	}
	rc = two_clients(run, handle, handle, "one handle shared in turn", v, e);
	run->ws->ops->close(handle);
	return rc;
}

/* ---- PostgreSQL: through PgBouncer ---------------------------------------------- */

static void roles_drop(struct pooled *pl)
{
	for (int i = 0; i < pl->roles_made; i++)
		pg_tenant_role_drop(pl->run->ws->srv, pl->role[i], pl->db, pl->schema[i], &pl->run->ws->owner, NULL);
}

/* A role per client: 1 made, 0 cannot (why in the verdict, skipped), -1 error. */
static int roles_make(struct pooled *pl, struct claim_verdict *v, struct dbp_error *e)
{
	struct workspace *ws = pl->run->ws;
	struct dbp_error we;

	for (int i = 0; i < 2; i++) {
		pl->role[i] = tenant_role_name(ws, pl->app[i]->name);
		pl->schema[i] = ws_schema_name(ws, pl->app[i]->schema);
		if (backend_check_name(ws->ops, pl->role[i], e) != 0 || random_password(pl->password[i], 20, e) != 0)
			return -1;
		if (pg_tenant_role_create(ws->srv, pl->role[i], pl->password[i], pl->db, pl->schema[i], &ws->owner,
					  &we) != 0) {
			claim_verdict_set(v, CLAIM_SKIPPED, xstrdup("no role per tenant here"), engine_words(&we));
			return 0;
		}
		pl->roles_made = i + 1;
	}
	return 1;
}

/* B refused as it connected: the options it sent go before the words. */
static void refused_at_connect(struct claim_run *run, const char *options, const struct dbp_error *we,
			       struct claim_verdict *v)
{
	char *detail;

	judge_refusal(run, we, v);
	detail = xasprintf("%s connected with options %s: %s", who(run, 1), options ? options : "(none)",
			   v->detail);
	free(v->detail);
	v->detail = detail;
}

static struct dbp_conn *client(struct pooled *pl, int i, const char *options, struct dbp_error *e)
{
	const char *user = pl->run->c->tenant_roles ? pl->role[i] : pl->user;
	const char *password = pl->run->c->tenant_roles ? pl->password[i] : pl->user_password;

	return pg_connect_to(pl->run->ws->srv, pl->port, pl->db, user, password, options, e);
}

/* A connects, runs first and leaves; B connects (with the options, if
 * any) and runs then. */
static int through_pooler(struct pooled *pl, struct claim_verdict *v, struct dbp_error *e)
{
	struct claim_run *run = pl->run;
	const char *opt = claim_value_here(run, &run->c->options);
	struct dbp_conn *own = opt ? ws_session_app(run->ws, NULL, run->l, pl->app[1], e) : NULL;
	char *options = own ? bench_expand(run->ws, run->l, own, opt, e) : NULL;
	char *where = xasprintf("PgBouncer on 127.0.0.1:%s, transaction mode, one server connection%s", pl->port,
				run->c->tenant_roles ? " per role" : "");
	struct dbp_error we;
	struct dbp_conn *a = NULL, *b = NULL;
	int rc = opt && !options ? -1 : 0;

	if (rc == 0 && !(a = client(pl, 0, NULL, &we)))
		claim_verdict_set(v, CLAIM_FAILED, xstrdup("client A could not connect"), engine_words(&we));
	else if (rc == 0 && !(b = client(pl, 1, options, &we)))
		refused_at_connect(run, options, &we, v);
	else if (rc == 0)
		rc = two_clients(run, a, b, where, v, e);
	if (a)
		run->ws->ops->close(a);
	if (b)
		run->ws->ops->close(b);
	free(options);
	free(where);
	return rc;
}

static int pooled_postgres(struct pooled *pl, struct claim_verdict *v, struct dbp_error *e)
{
	struct workspace *ws = pl->run->ws;
	struct pooler_login logins[2];
	struct pooler_setup s = { ws->workdir, NULL, NULL, NULL, logins, 1 };
	struct dbp_error we;
	char *binary = pooler_binary(&we);
	int rc;

	if (!binary) {
		claim_verdict_set(v, CLAIM_SKIPPED, xstrdup("not checked: no PgBouncer here"), engine_words(&we));
		return 0;
	}
	free(binary);
	pl->db = ws_db_name(ws, pl->app[0]->database);
	pg_server_login(ws->srv, &s.host, &s.port, &pl->user, &pl->user_password);
	s.dbname = pl->db;
	logins[0] = (struct pooler_login){ pl->user, pl->user_password };
	if (pl->run->c->tenant_roles) {
		if ((rc = roles_make(pl, v, e)) <= 0)
			return rc;
		logins[0] = (struct pooler_login){ pl->role[0], pl->password[0] };
		logins[1] = (struct pooler_login){ pl->role[1], pl->password[1] };
		s.nlogins = 2;
	}
	progress_say(pl->run->p, "claim %s: starting PgBouncer", pl->run->c->name);
	if (!(pl->pooler = pooler_start(&s, &we))) {
		claim_verdict_set(v, CLAIM_FAILED, xstrdup("PgBouncer did not start"), engine_words(&we));
		return 0;
	}
	snprintf(pl->port, sizeof pl->port, "%d", pooler_port(pl->pooler));
	return through_pooler(pl, v, e);
}

int claim_check_pooled(struct claim_run *run, struct claim_verdict *v, struct dbp_error *e)
{
	struct pooled pl = { .run = run };
	int rc;

	for (int i = 0; i < 2; i++)
		pl.app[i] = lesson_app_find(run->l, run->c->clients[i]);
	rc = run->ws->engine == DBP_POSTGRES ? pooled_postgres(&pl, v, e) : pooled_sqlite(&pl, v, e);
	/* Always undone, whichever way it went: the pooler, then the roles. */
	pooler_stop(pl.pooler);
	roles_drop(&pl);
	for (int i = 0; i < 2; i++) {
		free(pl.role[i]);
		free(pl.schema[i]);
	}
	memset(pl.password, 0, sizeof pl.password);
	free(pl.db);
	return rc;
}
