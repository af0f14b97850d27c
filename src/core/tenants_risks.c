/* tenants_risks: what lesson 5 warns of, each measured on the engine and
 * reported as it happened: the locks of one big provisioning transaction,
 * a migration looped over the tenants that stops half way, and SQLite's
 * limit on attached files.  Nothing here leaves an object behind that
 * the workspace does not list. */
#include "tenants.h"

#include <stdlib.h>
#include <string.h>

/* ---- one transaction for every tenant's schema (PostgreSQL) ------------------ */

static char *schema_sql(struct workspace *ws, struct dbp_conn *c, int i)
{
	char *name = tenant_name(ws, i), *q = ws->ops->quote_ident(c, name), *sql;

	sql = xasprintf("CREATE SCHEMA %s;\nCREATE TABLE %s.accounts (id integer PRIMARY KEY, name text "
			"NOT NULL, plan text NOT NULL);\nCREATE TABLE %s.tenant_version (version integer "
			"NOT NULL);\n", q, q, q);
	free(name);
	free(q);
	return sql;
}

static void lock_lines(struct dbp_result *r, int n, struct dbp_lines *out)
{
	long held = atol(result_cell(r, 0, 0)), per = atol(result_cell(r, 0, 1));
	long conns = atol(result_cell(r, 0, 2)), prepared = atol(result_cell(r, 0, 3));

	lines_addf(out, held > per ? DBP_LINE_ERROR : DBP_LINE_TEXT,
		   "one transaction creating all %d tenant schemas held %ld locks until it ended "
		   "(%.1f a tenant), %s max_locks_per_transaction (%ld)", n, held, (double)held / n,
		   held > per ? "more than" : "within", per);
	lines_addf(out, DBP_LINE_NOTE, "the lock table is shared by every session: about %ld x (%ld "
		   "connections + %ld prepared) = %ld entries; when it is full, the transaction fails with "
		   "\"out of shared memory\". Rolled back here: nothing was kept.", per, conns, prepared,
		   per * (conns + prepared));
}

int tenants_lock_count(struct workspace *ws, const struct lesson *l, int n, struct dbp_lines *out,
		       struct dbp_error *e)
{
	struct dbp_conn *c = ws_session_db(ws, &l->dbs[0], e);
	struct dbp_result r = { 0 };
	struct dbp_error why;
	int i = 0, rc;

	if (!c || ws->ops->exec(c, "BEGIN", e) != 0)
		return -1;
	for (rc = 0; i < n && rc == 0; i++) {
		char *sql = schema_sql(ws, c, i);

		rc = ws->ops->exec(c, sql, &why);
		free(sql);
	}
	if (rc == 0)
		rc = ws->ops->query(c, "SELECT count(*), current_setting('max_locks_per_transaction'), "
				    "current_setting('max_connections'), "
				    "current_setting('max_prepared_transactions') "
				    "FROM pg_locks WHERE pid = pg_backend_pid()", &r, &why);
	ws->ops->exec(c, "ROLLBACK", NULL);
	if (rc == 0)
		lock_lines(&r, n, out);
	else
		lines_addf(out, DBP_LINE_ERROR, "one transaction creating %d tenant schemas failed at "
			   "tenant %d: %s%s%s; rolled back, nothing was kept", n, i, why.sqlstate,
			   why.sqlstate[0] ? " " : "", why.msg);
	result_free(&r);
	return 0;
}

/* ---- a migration looped over the tenants ------------------------------------------- */

/* Migration 3: the middle tenant's two accounts named bo refuse it. */
static char *unique_name_sql(const char *q, int unused)
{
	(void)unused;
	return xasprintf("CREATE UNIQUE INDEX accounts_name_unique ON %saccounts (name);\n"
			 "UPDATE %stenant_version SET version = 3;\n", q, q);
}

static int version_of(struct workspace *ws, const struct lesson *l, enum tenant_kind k, int i,
		      struct dbp_error *e)
{
	char *q = NULL, *sql;
	struct dbp_conn *c = tenant_open(ws, l, k, i, &q, e);
	struct dbp_result r = { 0 };
	int v = -1;

	if (c) {
		sql = xasprintf("SELECT version FROM %stenant_version", q);
		if (ws->ops->query(c, sql, &r, e) == 0 && r.nrows == 1 && result_cell(&r, 0, 0))
			v = atoi(result_cell(&r, 0, 0));
		free(sql);
	}
	result_free(&r);
	tenant_release(ws, k, c, q);
	return v;
}

/* Each tenant's version, read back from the tenant, as runs of equal
 * versions ("migrate status", one tenant at a time). */
static int status_lines(struct workspace *ws, const struct lesson *l, enum tenant_kind k, int n,
			struct dbp_lines *out, struct dbp_error *e)
{
	int first = 0, kinds = 0, count[4] = { 0 }, prev = -1, last = 0;

	for (int i = 0; i <= n; i++) {
		int v = i < n ? version_of(ws, l, k, i, e) : -2;

		if (v == -1)
			return -1;
		if (i > 0 && v != prev) {
			char *a = tenant_name(ws, first), *b = tenant_name(ws, i - 1);

			lines_addf(out, DBP_LINE_ROW, "  %s%s%s  version %d", a, i - 1 > first ? " .. " : "",
				   i - 1 > first ? b : "", prev);
			free(a);
			free(b);
			first = i;
		}
		if (v >= 0 && v < 4 && count[v]++ == 0)
			kinds++;
		if (v >= 0)
			last = v;
		prev = v;
	}
	if (kinds > 1)
		lines_addf(out, DBP_LINE_ERROR, "the tenants now stand on different versions: %d at 3, "
			   "%d at 2; the next deploy has to find out where each one is", count[3], count[2]);
	else
		lines_addf(out, DBP_LINE_ADDED, "every tenant stands at version %d", last);
	return 0;
}

int tenants_half_way(struct workspace *ws, const struct lesson *l, enum tenant_kind k, int n,
		     const struct dbp_progress *p, struct dbp_lines *out, struct dbp_error *e)
{
	struct dbp_error why;

	lines_addf(out, DBP_LINE_TITLE, "Migration 3 (a unique index on accounts.name), %s by %s",
		   k == TENANT_SCHEMA ? "schema" : "database", k == TENANT_SCHEMA ? "schema" : "database");
	for (int i = 0; i < n; i++) {
		if (progress_cancelled(p))
			return err_set(e, "cancelled");
		if (tenant_exec(ws, l, k, i, unique_name_sql, 0, &why) != 0) {
			char *name = tenant_name(ws, i);

			lines_addf(out, DBP_LINE_ERROR, "%s refused it: %s%s%s; the loop stops there, as a "
				   "deploy script stops at its first error", name, why.sqlstate,
				   why.sqlstate[0] ? " " : "", why.msg);
			free(name);
			break;
		}
	}
	return status_lines(ws, l, k, n, out, e);
}

/* ---- SQLite: how many files one connection may attach -------------------------- */

static char *attach_sql(struct workspace *ws, struct dbp_conn *c, int k, int n)
{
	char *name = tenant_name(ws, k), *url = ws->ops->app_url(ws->srv, name, NULL);
	const char *path = k < n ? url + strlen("file:") : ":memory:";
	char *lit = ws->ops->quote_literal(c, path), *sql = xasprintf("ATTACH DATABASE %s AS t%d", lit, k + 1);

	free(name);
	free(url);
	free(lit);
	return sql;
}

int tenants_attach_limit(struct workspace *ws, const struct lesson *l, int n, struct dbp_lines *out,
			 struct dbp_error *e)
{
	char *home = tenant_home_name(ws, l);
	struct dbp_conn *c = ws->ops->connect(ws->srv, home, NULL, NULL, e);
	struct dbp_error why;
	int k = 0, rc = 0;

	free(home);
	if (!c)
		return -1;
	for (; k < 11 && rc == 0; k++) {
		char *sql = attach_sql(ws, c, k, n);

		rc = ws->ops->exec(c, sql, &why);
		free(sql);
	}
	lines_add(out, DBP_LINE_TITLE, "One connection, every tenant's file attached");
	if (rc != 0)
		lines_addf(out, DBP_LINE_ERROR, "%d attached; number %d refused: %s", k - 1, k, why.msg);
	else
		lines_addf(out, DBP_LINE_ADDED, "all %d attached: this SQLite allows more", k);
	if (n < 11)
		lines_addf(out, DBP_LINE_NOTE, "with %d tenant%s, attachments %d to 11 were empty in-memory "
			   "databases in place of tenant files", n, n == 1 ? "" : "s", n + 1);
	ws->ops->close(c); /* detaches them all */
	return 0;
}
