/* migrate: see migrate.h. */
#include "migrate.h"
#include "sql_split.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void migrate_report_free(struct migrate_report *r)
{
	for (size_t i = 0; i < r->nsteps; i++) {
		free(r->steps[i].name);
		free(r->steps[i].sql);
	}
	free(r->steps);
	lines_free(&r->changes);
	catalog_free(&r->after);
	memset(r, 0, sizeof *r);
}

char *migrate_step_outcome(const struct migrate_step *s)
{
	if (s->ok)
		return xstrdup("done");
	if (!s->bare)
		return xstrdup("FAILED, rolled back,");
	return xasprintf("FAILED at statement %d of %d (outside a transaction: %d kept, "
			 "version not recorded),", s->ran + 1, s->total, s->ran);
}

void migrate_report_log(const struct migrate_report *r, const char *app, struct strbuf *log)
{
	for (size_t i = 0; i < r->nsteps; i++) {
		const struct migrate_step *s = &r->steps[i];

		if (s->ok)
			sb_addf(log, "%s: %s %03d_%s (%.1f ms)\n", app, s->up ? "applied" : "rolled back",
				s->version, s->name, s->ms);
		else if (s->bare)
			sb_addf(log, "%s: %s %03d_%s failed at statement %d of %d; it ran outside a "
				"transaction, so the %d before it stayed and the version was not recorded\n",
				app, s->up ? "applying" : "rolling back", s->version, s->name, s->ran + 1,
				s->total, s->ran);
		else
			sb_addf(log, "%s: %s %03d_%s failed; its transaction was rolled back, so nothing of "
				"it stayed\n", app, s->up ? "applying" : "rolling back", s->version, s->name);
	}
}

/* ---- the tables a lesson creates ------------------------------------------ */

/* The next SQL token: a word (letters, digits, _, $), a "quoted" name, or
 * one other character; comments and string literals are skipped. */
static const char *next_token(const char *p, char *tok, size_t n)
{
	size_t len = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (p[0] == '-' && p[1] == '-')
			p += strcspn(p, "\n");
		else if (p[0] == '/' && p[1] == '*')
			p = strstr(p + 2, "*/") ? strstr(p + 2, "*/") + 2 : p + strlen(p);
		else if (*p == '\'') {
			for (p++; *p && !(*p == '\'' && p[1] != '\''); p += *p == '\'' ? 2 : 1)
				;
			p += *p != '\0';
		} else
			break;
	}
	if (*p == '"') {
		for (p++; *p && *p != '"' && len + 1 < n; p++)
			tok[len++] = *p;
		p += *p == '"';
	} else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_') {
		for (; ((*p | 32) >= 'a' && (*p | 32) <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		       *p == '$'; p++)
			if (len + 1 < n)
				tok[len++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	} else if (*p) {
		tok[len++] = *p++;
	}
	tok[len] = '\0';
	return p;
}

/* After CREATE: [OR REPLACE] [GLOBAL|LOCAL] [TEMP|TEMPORARY|UNLOGGED]
 * [MATERIALIZED|CONSTRAINT|UNIQUE] TABLE|VIEW|TRIGGER|FUNCTION|PROCEDURE|
 * INDEX [CONCURRENTLY] [IF NOT EXISTS] name[.name]; temporary ones vanish
 * by themselves.  A lesson's view (SQLite's stand-in for a policy),
 * materialized view, trigger and its function (a cache and what keeps it
 * current) and its indexes are as much its own as its tables. */
static const char *created_relation(const char *p, struct strlist *out)
{
	char tok[128], name[128] = "";
	int temp = 0;

	do {
		p = next_token(p, tok, sizeof tok);
		temp |= !strcmp(tok, "temp") || !strcmp(tok, "temporary");
	} while (!strcmp(tok, "global") || !strcmp(tok, "local") || !strcmp(tok, "temp") ||
		 !strcmp(tok, "temporary") || !strcmp(tok, "unlogged") || !strcmp(tok, "or") ||
		 !strcmp(tok, "replace") || !strcmp(tok, "materialized") || !strcmp(tok, "constraint") ||
		 !strcmp(tok, "unique"));
	if (strcmp(tok, "table") != 0 && strcmp(tok, "view") != 0 && strcmp(tok, "trigger") != 0 &&
	    strcmp(tok, "function") != 0 && strcmp(tok, "procedure") != 0 && strcmp(tok, "index") != 0)
		return p;
	p = next_token(p, name, sizeof name);
	if (!strcmp(name, "concurrently"))
		p = next_token(p, name, sizeof name);
	if (!strcmp(name, "on")) /* an index the engine names itself */
		return p;
	if (!strcmp(name, "if")) {
		p = next_token(p, tok, sizeof tok); /* not */
		p = next_token(p, tok, sizeof tok); /* exists */
		p = next_token(p, name, sizeof name);
	}
	for (const char *q = next_token(p, tok, sizeof tok); !strcmp(tok, "."); q = next_token(p, tok, sizeof tok))
		p = next_token(q, name, sizeof name);
	if (*name && !temp && !sl_contains(out, name))
		sl_push(out, name);
	return p;
}

void sql_created_relations(const char *sql, struct strlist *out)
{
	char tok[128];

	for (const char *p = sql ? sql : ""; *p;) {
		p = next_token(p, tok, sizeof tok);
		if (!strcmp(tok, "create"))
			p = created_relation(p, out);
	}
}

void migrations_created_relations(const struct lesson_app *app, enum dbp_engine engine,
			       struct strlist *out)
{
	for (size_t i = 0; i < app->nmigrations; i++) {
		struct dbp_error e;
		char *sql = migration_sql(&app->migrations[i], engine, 1, &e);

		sql_created_relations(sql, out);
		free(sql);
	}
}

static char *history_table(struct workspace *ws, struct dbp_conn *c, const struct lesson_app *app)
{
	char *raw = xasprintf("dbpatterns_history_%s", app->name);
	char *q = ws->ops->quote_ident(c, raw);

	free(raw);
	return q;
}

static int ensure_history(struct workspace *ws, struct dbp_conn *c, const char *table,
			  struct dbp_error *e)
{
	char *sql = xasprintf("CREATE TABLE IF NOT EXISTS %s (version integer PRIMARY KEY, "
			      "name text NOT NULL, checksum text NOT NULL, applied_at text NOT NULL, "
			      "duration_ms double precision NOT NULL)", table);
	int rc = ws->ops->exec(c, sql, e);

	free(sql);
	return rc;
}

/* Rows of the history table; an absent table reads as no rows. */
static int read_history(struct workspace *ws, struct dbp_conn *c, const struct lesson_app *app,
			const char *table, struct dbp_result *out, struct dbp_error *e)
{
	char *raw = xasprintf("dbpatterns_history_%s", app->name);
	char *sql = xasprintf("SELECT version, name, checksum, applied_at, duration_ms FROM %s "
			      "ORDER BY version", table);
	int rc = ws->ops->table_exists(c, raw) ? ws->ops->query(c, sql, out, e) : 1;

	free(raw);
	free(sql);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		static const char *const cols[] = { "version", "name", "checksum", "applied_at", "duration_ms" };

		result_init(out, 5, cols);
	}
	return 0;
}

static int highest(const struct dbp_result *h)
{
	return h->nrows ? atoi(result_cell(h, h->nrows - 1, 0)) : 0;
}

int migrate_current(struct workspace *ws, const struct lesson *l, const struct lesson_app *app,
		    int *version, struct dbp_error *e)
{
	struct dbp_conn *c = ws_session_app(ws, NULL, l, app, e);
	struct dbp_result h = { 0 };
	char *table;
	int rc;

	if (!c)
		return -1;
	table = history_table(ws, c, app);
	rc = read_history(ws, c, app, table, &h, e);
	*version = highest(&h);
	result_free(&h);
	free(table);
	return rc;
}

static const char *history_row(const struct dbp_result *h, int version, int col)
{
	for (long i = 0; i < h->nrows; i++)
		if (atoi(result_cell(h, i, 0)) == version)
			return result_cell(h, i, col);
	return NULL;
}

int migrate_status(struct workspace *ws, const struct lesson *l, const struct lesson_app *app,
		   struct migration_state **out, struct dbp_error *e)
{
	struct dbp_conn *c = ws_app_owned(ws, l, app, e) == 0 ? ws_session_app(ws, NULL, l, app, e) : NULL;
	struct dbp_result h = { 0 };
	struct migration_state *st;
	char *table;

	if (!c)
		return -1;
	table = history_table(ws, c, app);
	if (read_history(ws, c, app, table, &h, e) != 0) {
		free(table);
		return -1;
	}
	st = xcalloc(app->nmigrations + 1, sizeof *st);
	for (size_t i = 0; i < app->nmigrations; i++) {
		const struct migration *m = &app->migrations[i];
		const char *sum = history_row(&h, m->version, 2);

		st[i].version = m->version;
		st[i].name = m->name;
		st[i].applied = sum != NULL;
		if (!sum)
			continue;
		st[i].drift = strcmp(m->checksum[ws->engine], sum) != 0;
		snprintf(st[i].applied_at, sizeof st[i].applied_at, "%s", history_row(&h, m->version, 3));
		st[i].duration_ms = atof(history_row(&h, m->version, 4));
	}
	*out = st;
	result_free(&h);
	free(table);
	return 0;
}

static void utc_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static char *record_sql(struct workspace *ws, struct dbp_conn *c, const char *table,
			const struct migration *m, const char *sql, int up, double ms)
{
	char sum[17], when[32];
	char *name, *out;

	if (!up)
		return xasprintf("DELETE FROM %s WHERE version = %d", table, m->version);
	checksum_hex(sql, sum);
	utc_now(when);
	name = ws->ops->quote_literal(c, m->name);
	out = xasprintf("INSERT INTO %s (version, name, checksum, applied_at, duration_ms) "
			"VALUES (%d, %s, '%s', '%s', %.3f)", table, m->version, name ? name : "''",
			sum, when, ms);
	free(name);
	return out;
}

static struct migrate_step *new_step(struct migrate_report *rep, const struct migration *m, int up,
				     char *sql)
{
	struct migrate_step *s;

	rep->steps = xrealloc(rep->steps, (rep->nsteps + 1) * sizeof *rep->steps);
	s = &rep->steps[rep->nsteps++];
	memset(s, 0, sizeof *s);
	s->version = m->version;
	s->name = xstrdup(m->name);
	s->up = up;
	s->sql = sql;
	return s;
}

static int record(struct workspace *ws, struct dbp_conn *c, const char *table,
		  const struct migration *m, struct migrate_step *s, struct dbp_error *e)
{
	char *sql = record_sql(ws, c, table, m, s->sql, s->up, s->ms);
	int rc = ws->ops->exec(c, sql, e);

	free(sql);
	return rc;
}

/* One migration, one transaction: all of it or none of it. */
static int run_in_transaction(struct workspace *ws, struct dbp_conn *c, const char *table,
			      const struct migration *m, struct migrate_step *s, double t0,
			      struct dbp_error *e)
{
	struct dbp_error why;
	int rc = ws->ops->exec(c, "BEGIN", e);

	/* Inside the transaction: a first migration that fails leaves no
	 * history table behind either. */
	if (rc == 0)
		rc = ensure_history(ws, c, table, e);
	if (rc == 0)
		rc = ws->ops->exec(c, s->sql, e);
	if (rc == 0) {
		s->ms = now_ms() - t0;
		rc = record(ws, c, table, m, s, e);
	}
	if (rc == 0)
		rc = ws->ops->exec(c, "COMMIT", e);
	if (rc != 0) {
		/* The cancel request stays in force: it must not cancel this too. */
		ws->ops->set_interrupt(c, NULL, NULL);
		ws->ops->exec(c, "ROLLBACK", &why);
	}
	return rc;
}

/* A migration marked no-transaction: each statement sent alone commits on
 * its own (a script sent whole would be one implicit transaction), and
 * the version is recorded only once every statement has run. */
static int run_bare(struct workspace *ws, struct dbp_conn *c, const char *table,
		    const struct migration *m, struct migrate_step *s, double t0,
		    struct dbp_error *e)
{
	struct strlist stmts = { 0 };
	int rc = ensure_history(ws, c, table, e);

	sql_split(s->sql, &stmts);
	s->bare = 1;
	s->total = (int)stmts.n;
	for (size_t i = 0; rc == 0 && i < stmts.n; i++)
		if ((rc = ws->ops->exec(c, stmts.v[i], e)) == 0)
			s->ran++;
	sl_free(&stmts);
	if (rc == 0) {
		s->ms = now_ms() - t0;
		rc = record(ws, c, table, m, s, e);
	}
	return rc;
}

static int run_one(struct workspace *ws, struct dbp_conn *c, const char *table,
		   const struct lesson_app *app, const struct migration *m, int up,
		   struct migrate_report *rep, struct dbp_error *e)
{
	char *sql = migration_sql(m, ws->engine, up, e);
	struct migrate_step *s;
	double t0 = now_ms();
	int rc;

	if (!sql)
		return -1;
	s = new_step(rep, m, up, sql);
	rc = sql_wants_no_transaction(sql) ? run_bare(ws, c, table, m, s, t0, e)
					   : run_in_transaction(ws, c, table, m, s, t0, e);
	s->ok = rc == 0;
	if (rc != 0) {
		rep->failed = 1;
		rep->error = *e;
		if (s->bare)
			err_prefix(e, "%s migration %03d_%s (%s, no transaction) failed at statement %d "
				   "of %d; the %d before it stayed and the version was not recorded",
				   app->name, m->version, m->name, up ? "up" : "down", s->ran + 1,
				   s->total, s->ran);
		else
			err_prefix(e, "%s migration %03d_%s (%s) failed and was rolled back",
				   app->name, m->version, m->name, up ? "up" : "down");
	}
	s->ms = now_ms() - t0;
	rep->total_ms += s->ms;
	return rc;
}

static void plan_steps(struct workspace *ws, const struct lesson_app *app, int from, int target,
		       struct migrate_report *rep)
{
	int up = target > from;

	for (int v = up ? from + 1 : from; up ? v <= target : v > target; v += up ? 1 : -1) {
		const struct migration *m = &app->migrations[v - 1];
		struct dbp_error e;
		char *sql = migration_sql(m, ws->engine, up, &e);

		new_step(rep, m, up, sql ? sql : xasprintf("-- %s", e.msg));
	}
}

static int run_steps(struct workspace *ws, struct dbp_conn *c, const char *table,
		     const struct lesson_app *app, int from, int target,
		     const struct dbp_progress *p, struct migrate_report *rep, struct dbp_error *e)
{
	int up = target > from;

	for (int v = up ? from + 1 : from; up ? v <= target : v > target; v += up ? 1 : -1) {
		if (progress_cancelled(p))
			return err_set(e, "cancelled before migration %03d", v);
		progress_say(p, "%s %s %03d_%s", up ? "applying" : "rolling back", app->name, v,
			     app->migrations[v - 1].name);
		if (run_one(ws, c, table, app, &app->migrations[v - 1], up, rep, e) != 0)
			return -1;
	}
	return 0;
}

static int migrate_owned(struct workspace *ws, const struct lesson *l, const struct lesson_app *app,
			 int target, int dry_run, int diff, const struct dbp_progress *p,
			 struct migrate_report *rep, struct dbp_error *e)
{
	struct catalog before = { 0 };
	struct dbp_result h = { 0 };
	struct dbp_error scratch;
	struct dbp_conn *c;
	char *table;
	int from, rc = 0;

	c = ws_session_app(ws, NULL, l, app, e);
	if (!c)
		return -1;
	/* Esc stops even a long seed statement; its transaction rolls back. */
	if (p && p->cancelled)
		ws->ops->set_interrupt(c, p->cancelled, p->ctx);
	table = history_table(ws, c, app);
	rc = read_history(ws, c, app, table, &h, e);
	from = highest(&h);
	result_free(&h);
	if (rc != 0) {
		/* nothing to do: the error is in e */
	} else if (dry_run) {
		plan_steps(ws, app, from, target, rep);
	} else if (from != target) {
		if (diff && catalog_snapshot(ws, l, &before, e) != 0)
			rc = -1;
		if (rc == 0)
			rc = run_steps(ws, c, table, app, from, target, p, rep, e);
		if (diff && catalog_snapshot(ws, l, &rep->after, &scratch) == 0) {
			catalog_diff(&before, &rep->after, &rep->changes);
			rep->have_after = 1;
		}
	}
	catalog_free(&before);
	free(table);
	ws->ops->set_interrupt(c, NULL, NULL); /* the session outlives this run */
	return rc;
}

/* Ownership before change: the app's database and schemas must be this
 * workspace's before its history is read or a migration runs, and one
 * process at a time migrates a prefix. */
int migrate_to(struct workspace *ws, const struct lesson *l, const struct lesson_app *app,
	       int target, int dry_run, int diff, const struct dbp_progress *p,
	       struct migrate_report *rep, struct dbp_error *e)
{
	int rc;

	if (target < 0 || target > (int)app->nmigrations)
		return err_set(e, "%s has migrations 1 to %zu; there is no version %d", app->name,
			       app->nmigrations, target);
	if (!dry_run && ws_lock(ws, p, e) != 0)
		return -1;
	rc = ws_app_owned(ws, l, app, e);
	if (rc == 0)
		rc = migrate_owned(ws, l, app, target, dry_run, diff, p, rep, e);
	if (!dry_run)
		ws_unlock(ws);
	return rc;
}

int migrate_forget(struct workspace *ws, const struct lesson *l, const struct lesson_app *app,
		   struct dbp_error *e)
{
	struct dbp_conn *c = ws_session_app(ws, NULL, l, app, e);
	char *table, *sql;
	int rc;

	if (!c)
		return -1;
	table = history_table(ws, c, app);
	sql = xasprintf("DROP TABLE IF EXISTS %s", table);
	rc = ws->ops->exec(c, sql, e);
	free(sql);
	free(table);
	return rc;
}
