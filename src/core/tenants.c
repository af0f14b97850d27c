/* tenants: see tenants.h.  This file makes the three models, times
 * provisioning and one migration across all tenants, reads each model's
 * size from the catalog and lays the figures out side by side;
 * tenants_risks.c measures the surprises, tenants_drop.c takes it away. */
#include "tenants.h"
#include "migrate.h"
#include "provision.h"

#include <stdlib.h>
#include <string.h>

/* What the table shows for one model. */
struct model_figures {
	const char *name;
	int shown;        /* 0: the engine has no such model */
	long tenants;     /* found in the catalog afterwards */
	double provision_ms, migrate_ms;
	long relations;   /* rows of pg_class / sqlite_schema the model holds */
	double bytes;
	long pool;        /* connections a pool must hold to serve every tenant */
	long own_catalog; /* PostgreSQL, database each: one tenant database's whole pg_class */
	double own_bytes; /* ... and its size on disk, system catalog included */
};

char *tenant_name(const struct workspace *ws, int i)
{
	return xasprintf("%s_tenant_%04d", ws->prefix, i + 1);
}

char *tenant_home_name(const struct workspace *ws, const struct lesson *l)
{
	return ws_db_name(ws, l->dbs[0].name);
}

int tenant_txn(struct workspace *ws, struct dbp_conn *c, const char *sql, struct dbp_error *e)
{
	if (ws->ops->exec(c, "BEGIN", e) != 0)
		return -1;
	if (ws->ops->exec(c, sql, e) == 0 && ws->ops->exec(c, "COMMIT", e) == 0)
		return 0;
	ws->ops->exec(c, "ROLLBACK", NULL);
	return -1;
}

struct dbp_conn *tenant_open(struct workspace *ws, const struct lesson *l, enum tenant_kind k, int i,
			     char **qualifier, struct dbp_error *e)
{
	char *name = tenant_name(ws, i), *q;
	struct dbp_conn *c;

	if (k == TENANT_DATABASE) {
		c = ws->ops->connect(ws->srv, name, NULL, NULL, e);
		*qualifier = xstrdup("");
	} else {
		c = ws_session_db(ws, &l->dbs[0], e);
		q = c ? ws->ops->quote_ident(c, name) : NULL;
		*qualifier = q ? xasprintf("%s.", q) : NULL;
		free(q);
		if (c && !*qualifier)
			c = NULL, err_set(e, "cannot quote %s", name);
	}
	free(name);
	return c;
}

void tenant_release(struct workspace *ws, enum tenant_kind k, struct dbp_conn *c, char *qualifier)
{
	if (c && k == TENANT_DATABASE)
		ws->ops->close(c);
	free(qualifier);
}

/* ---- provisioning ------------------------------------------------------------ */

/* One tenant's tables and a few accounts.  The middle tenant has two
 * accounts of the same name: the unique index of tenants_half_way stops
 * there. */
static char *tenant_tables_sql(const char *q, int duplicate)
{
	return xasprintf("CREATE TABLE %saccounts (id integer PRIMARY KEY, name text NOT NULL, "
			 "plan text NOT NULL);\n"
			 "CREATE TABLE %stenant_version (version integer NOT NULL);\n"
			 "INSERT INTO %stenant_version VALUES (1);\n"
			 "INSERT INTO %saccounts VALUES (1, 'ada', 'free'), (2, 'bo', 'pro'), (3, '%s', 'free');\n",
			 q, q, q, q, duplicate ? "bo" : "cy");
}

int tenant_exec(struct workspace *ws, const struct lesson *l, enum tenant_kind k, int i, tenant_sql *make,
		int arg, struct dbp_error *e)
{
	char *q = NULL, *sql;
	struct dbp_conn *c = tenant_open(ws, l, k, i, &q, e);
	int rc = -1;

	if (c) {
		sql = make(q, arg);
		rc = tenant_txn(ws, c, sql, e);
		free(sql);
	}
	tenant_release(ws, k, c, q);
	return rc;
}

/* The last run's tenants are gone by now: a name that is taken is
 * someone else's, and is left alone. */
static int name_free(struct workspace *ws, struct dbp_conn *c, const char *home, const char *name,
		     struct dbp_error *e)
{
	int v = c ? ws_schema_verdict(ws, c, home, name, e) : ws_db_verdict(ws, name, e);

	if (v == DBP_ABSENT)
		return 0;
	if (v >= 0 || v == DBP_UNMARKED)
		err_set(e, "%s %s already exists and is not a tenant this run made; it is left alone",
			c ? "schema" : "database", name);
	return -1;
}

static int create_tenant(struct workspace *ws, const struct lesson *l, enum tenant_kind k, int i,
			 struct dbp_error *e)
{
	char *name = tenant_name(ws, i), *home = tenant_home_name(ws, l);
	struct dbp_conn *c = k == TENANT_SCHEMA ? ws_session_db(ws, &l->dbs[0], e) : NULL;
	int rc = k == TENANT_SCHEMA && !c ? -1 : backend_check_name(ws->ops, name, e);

	if (rc == 0)
		rc = name_free(ws, c, home, name, e);
	if (rc == 0 && k == TENANT_DATABASE)
		rc = provision_database_create(ws, name, NULL, e);
	else if (rc == 0)
		rc = provision_schema_create(ws, c, home, name, NULL, e);
	free(name);
	free(home);
	return rc;
}

static int provision_each(struct workspace *ws, const struct lesson *l, enum tenant_kind k, int n,
			  const struct dbp_progress *p, struct dbp_error *e)
{
	for (int i = 0; i < n; i++) {
		if (progress_cancelled(p))
			return err_set(e, "cancelled");
		if (i % 50 == 0)
			progress_say(p, "tenant %d of %d (%s)", i + 1, n,
				     k == TENANT_SCHEMA ? "schema each" : "database each");
		if (create_tenant(ws, l, k, i, e) != 0 ||
		    tenant_exec(ws, l, k, i, tenant_tables_sql, i == n / 2, e) != 0)
			return err_prefix(e, "tenant %d", i + 1);
	}
	return 0;
}

/* The shared table starts empty: its app back to no migrations, then to
 * the first (the tables), as the lesson's own migration runner does it. */
static int reset_shared(struct workspace *ws, const struct lesson *l, const struct lesson_app *app,
			const struct dbp_progress *p, struct dbp_error *e)
{
	struct migrate_report rep = { 0 };
	int rc = migrate_to(ws, l, app, 0, 0, 0, p, &rep, e);

	migrate_report_free(&rep);
	memset(&rep, 0, sizeof rep);
	if (rc == 0)
		rc = migrate_to(ws, l, app, 1, 0, 0, p, &rep, e);
	migrate_report_free(&rep);
	return rc;
}

static int provision_shared(struct workspace *ws, const struct lesson *l, int n, struct dbp_error *e)
{
	struct dbp_conn *c = ws_session_app(ws, NULL, l, &l->apps[0], e);
	struct strbuf sql = { 0 };
	int rc;

	if (!c)
		return -1;
	for (int i = 0; i < n; i++)
		sb_addf(&sql, "INSERT INTO tenants VALUES (%d, 'tenant %d');\n"
			"INSERT INTO accounts VALUES (%d, 1, 'ada', 'free'), (%d, 2, 'bo', 'pro'), "
			"(%d, 3, 'cy', 'free');\n", i + 1, i + 1, i + 1, i + 1, i + 1);
	rc = tenant_txn(ws, c, sql.s ? sql.s : "", e);
	free(sql.s);
	return rc;
}

/* ---- one migration, every tenant ------------------------------------------------ */

/* Migration 2, the one every model applies: a column on accounts. */
static char *note_sql(const char *q, int unused)
{
	(void)unused;
	return xasprintf("ALTER TABLE %saccounts ADD COLUMN note text;\n"
			 "UPDATE %stenant_version SET version = 2;\n", q, q);
}

static int migrate_each(struct workspace *ws, const struct lesson *l, enum tenant_kind k, int n,
			const struct dbp_progress *p, struct dbp_error *e)
{
	for (int i = 0; i < n; i++) {
		if (progress_cancelled(p))
			return err_set(e, "cancelled");
		if (tenant_exec(ws, l, k, i, note_sql, 0, e) != 0)
			return err_prefix(e, "migrating tenant %d", i + 1);
	}
	return 0;
}

static int migrate_shared(struct workspace *ws, const struct lesson *l, const struct dbp_progress *p,
			  struct dbp_error *e)
{
	struct migrate_report rep = { 0 };
	int rc = migrate_to(ws, l, &l->apps[0], 2, 0, 0, p, &rep, e);

	migrate_report_free(&rep);
	return rc;
}

/* ---- sizes from the catalog -------------------------------------------------------- */

static long number_from(struct workspace *ws, struct dbp_conn *c, const char *sql, int col, double *as_real,
			struct dbp_error *e)
{
	struct dbp_result r = { 0 };
	long v = -1;

	if (ws->ops->query(c, sql, &r, e) == 0 && r.nrows == 1 && result_cell(&r, 0, col)) {
		v = atol(result_cell(&r, 0, col));
		if (as_real)
			*as_real = atof(result_cell(&r, 0, col));
	}
	result_free(&r);
	return v;
}

/* Relations and bytes in one handle's own schema: the shared model's
 * database, or one tenant's database. */
static int measure_main(struct workspace *ws, struct dbp_conn *c, long *relations, double *bytes,
			struct dbp_error *e)
{
	const char *sql = ws->engine == DBP_POSTGRES
		? "SELECT count(*), coalesce(sum(pg_relation_size(c.oid)), 0) FROM pg_class c "
		  "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
		: "SELECT (SELECT count(*) FROM sqlite_schema), "
		  "(SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size())";
	double b = 0;
	long r = number_from(ws, c, sql, 0, NULL, e);

	if (r < 0 || number_from(ws, c, sql, 1, &b, e) < 0)
		return -1;
	*relations += r;
	*bytes += b;
	return 0;
}

/* Counted from the engine: the tenants whose marker is ours. */
static long tenants_found(struct workspace *ws, const struct lesson *l, enum tenant_kind k, int n)
{
	struct dbp_error e;
	struct dbp_conn *c = k == TENANT_SCHEMA ? ws_session_db(ws, &l->dbs[0], &e) : NULL;
	long found = 0;

	for (int i = 0; i < n; i++) {
		char *name = tenant_name(ws, i);

		found += (k == TENANT_SCHEMA ? (c ? ws->ops->schema_owned(c, name, &ws->owner, &e) : -1)
			  : ws->ops->database_owned(ws->srv, name, &ws->owner, &e)) == DBP_OURS;
		free(name);
	}
	return found;
}

static int measure_schemas(struct workspace *ws, const struct lesson *l, struct model_figures *f,
			   struct dbp_error *e)
{
	struct dbp_conn *c = ws_session_db(ws, &l->dbs[0], e);
	char *start = c ? tenant_name(ws, 0) : NULL, *lit, *sql;

	if (!c)
		return -1;
	start[strlen(start) - 4] = '\0'; /* PREFIX_tenant_ */
	lit = ws->ops->quote_literal(c, start);
	sql = xasprintf("SELECT count(*), coalesce(sum(pg_relation_size(c.oid)), 0) FROM pg_class c "
			"JOIN pg_namespace n ON n.oid = c.relnamespace WHERE starts_with(n.nspname, %s) "
			"AND length(n.nspname) = length(%s) + 4 AND right(n.nspname, 4) ~ '^[0-9]{4}$'",
			lit, lit);
	f->relations = number_from(ws, c, sql, 0, NULL, e);
	if (f->relations >= 0)
		number_from(ws, c, sql, 1, &f->bytes, e);
	free(start);
	free(lit);
	free(sql);
	return f->relations < 0 ? -1 : 0;
}

/* A database carries its own copy of the system catalog: the part of
 * the cost the tenant's own relations do not show. */
static int measure_own_catalog(struct workspace *ws, struct dbp_conn *c, struct model_figures *f,
			       struct dbp_error *e)
{
	f->own_catalog = number_from(ws, c, "SELECT count(*) FROM pg_class", 0, NULL, e);
	if (f->own_catalog < 0)
		return -1;
	return number_from(ws, c, "SELECT pg_database_size(current_database())", 0, &f->own_bytes, e) < 0
		? -1 : 0;
}

static int measure_databases(struct workspace *ws, const struct lesson *l, int n, struct model_figures *f,
			     struct dbp_error *e)
{
	for (int i = 0; i < n; i++) {
		char *q = NULL;
		struct dbp_conn *c = tenant_open(ws, l, TENANT_DATABASE, i, &q, e);
		int rc = c ? measure_main(ws, c, &f->relations, &f->bytes, e) : -1;

		if (rc == 0 && i == 0 && ws->engine == DBP_POSTGRES)
			rc = measure_own_catalog(ws, c, f, e);
		tenant_release(ws, TENANT_DATABASE, c, q);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* ---- the three models, side by side -------------------------------------------- */

static int run_model(struct workspace *ws, const struct lesson *l, int m, int n, const struct dbp_progress *p,
		     struct model_figures *f, struct dbp_error *e)
{
	enum tenant_kind k = m == 1 ? TENANT_SCHEMA : TENANT_DATABASE;
	double t0 = now_ms();
	int rc = m == 0 ? provision_shared(ws, l, n, e) : provision_each(ws, l, k, n, p, e);

	f->provision_ms = now_ms() - t0;
	t0 = now_ms();
	if (rc == 0)
		rc = m == 0 ? migrate_shared(ws, l, p, e) : migrate_each(ws, l, k, n, p, e);
	f->migrate_ms = now_ms() - t0;
	if (rc != 0)
		return -1;
	f->pool = m == 2 ? n : 1;
	if (m == 0) {
		struct dbp_conn *c = ws_session_app(ws, NULL, l, &l->apps[0], e);

		f->tenants = c ? number_from(ws, c, "SELECT count(*) FROM tenants", 0, NULL, e) : -1;
		return c && f->tenants >= 0 ? measure_main(ws, c, &f->relations, &f->bytes, e) : -1;
	}
	f->tenants = tenants_found(ws, l, k, n);
	return m == 1 ? measure_schemas(ws, l, f, e) : measure_databases(ws, l, n, f, e);
}

/* One figure of the three models as a row: the models are the columns,
 * so the table fits the screen's pane beside the lesson list. */
static void figure_row(const struct model_figures *f, const char *label, int which, struct dbp_lines *out)
{
	struct strbuf row = { 0 };

	sb_addf(&row, "%-15s", label);
	for (int m = 0; m < 3; m++) {
		const double v[] = { (double)f[m].tenants, f[m].provision_ms, f[m].migrate_ms,
				     (double)f[m].relations, f[m].bytes / 1024, (double)f[m].pool };

		if (f[m].shown)
			sb_addf(&row, " %10.0f", v[which]);
		else
			sb_addf(&row, " %10s", "none");
	}
	lines_add_owned(out, DBP_LINE_ROW, sb_steal(&row));
}

static void table_lines(const struct workspace *ws, const struct model_figures *f, int n,
			struct dbp_lines *out)
{
	static const char *const labels[] = { "tenants", "provision ms", "migrate all ms", "relations",
					      "KiB", "pool" };

	lines_addf(out, DBP_LINE_TITLE, "%d tenants, three ways, on %s", n, engine_name(ws->engine));
	lines_addf(out, DBP_LINE_HEADER, "%-15s %10s %10s %10s", "model", "shared", "schema", "database");
	lines_addf(out, DBP_LINE_HEADER, "%-15s %10s %10s %10s", "", "table", "each", "each");
	for (int i = 0; i < (int)DBP_ARRAY_LEN(labels); i++)
		figure_row(f, labels[i], i, out);
	lines_add(out, DBP_LINE_NOTE, "tenants: found in the catalog afterwards; relations: rows of "
		  "the catalog the model adds, KiB their size; pool: connections a pool holds to serve "
		  "every tenant.");
	if (!f[1].shown)
		lines_add(out, DBP_LINE_NOTE, "SQLite has no CREATE SCHEMA: the nearest thing is a file "
			  "attached to a connection, which is what a database each is here.");
	if (f[2].own_catalog > 0)
		lines_addf(out, DBP_LINE_TEXT, "each tenant database also carries a system catalog of its own: "
			   "%ld rows of pg_class, %.1f MiB on disk (pg_database_size of the first)",
			   f[2].own_catalog, f[2].own_bytes / 1048576);
}

static int three_models(struct workspace *ws, const struct lesson *l, int n, const struct dbp_progress *p,
			struct dbp_lines *out, struct dbp_error *e)
{
	struct model_figures f[3] = { { .name = "shared table", .shown = 1 },
				      { .name = "schema each", .shown = ws->engine == DBP_POSTGRES },
				      { .name = "database each", .shown = 1 } };

	progress_say(p, "one shared table");
	if (reset_shared(ws, l, &l->apps[0], p, e) != 0)
		return -1;
	for (int m = 0; m < 3; m++)
		if (f[m].shown && run_model(ws, l, m, n, p, &f[m], e) != 0)
			return err_prefix(e, "%s", f[m].name);
	table_lines(ws, f, n, out);
	return 0;
}

int tenants_demo(struct workspace *ws, const struct lesson *l, int n, const struct dbp_progress *p,
		 struct dbp_lines *out, struct dbp_error *e)
{
	enum tenant_kind halfway = ws->engine == DBP_POSTGRES ? TENANT_SCHEMA : TENANT_DATABASE;
	int rc;

	if (n < 1 || n > TENANTS_MAX)
		return err_set(e, "tenants: %d is not between 1 and %d", n, TENANTS_MAX);
	if (ws_lock(ws, p, e) != 0)
		return -1;
	/* A fresh set each run: the last run's tenants go first (ours only). */
	rc = tenants_teardown(ws, l, p, NULL, e);
	if (rc == 0 && ws->engine == DBP_POSTGRES)
		rc = tenants_lock_count(ws, l, n, out, e);
	if (rc == 0)
		rc = three_models(ws, l, n, p, out, e);
	if (rc == 0)
		rc = tenants_half_way(ws, l, halfway, n, p, out, e);
	if (rc == 0 && ws->engine == DBP_SQLITE)
		rc = tenants_attach_limit(ws, l, n, out, e);
	ws_unlock(ws);
	return rc;
}
