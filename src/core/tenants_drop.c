/* tenants_drop: lesson 5's tenants taken away.  The manifest says which
 * tenant schemas and databases this workspace made; every one is checked
 * to be ours (marker and manifest) before the first is dropped, and only
 * the two tables the demonstration made in each go with it (RESTRICT: a
 * user's view on them stops the teardown instead of going too). */
#include "tenants.h"
#include "provision.h"

#include <stdlib.h>
#include <string.h>

static int has_tenants(const struct lesson *l)
{
	for (size_t i = 0; i < l->ndemos; i++)
		if (l->demos[i].kind == DEMO_TENANTS)
			return 1;
	return 0;
}

static char *tenant_start(const struct workspace *ws)
{
	char *s = tenant_name(ws, 0);

	s[strlen(s) - 4] = '\0'; /* PREFIX_tenant_ */
	return s;
}

static int drop_tables(struct workspace *ws, struct dbp_conn *c, const char *q, struct dbp_error *e)
{
	char *sql = xasprintf("DROP TABLE IF EXISTS %saccounts;\nDROP TABLE IF EXISTS %stenant_version;\n", q, q);
	int rc = tenant_txn(ws, c, sql, e);

	free(sql);
	return rc;
}

/* A manifest key "db/schema" names a schema of the home database. */
static const char *schema_part(const char *key)
{
	return strchr(key, '/') + 1;
}

static int check_schemas(struct workspace *ws, struct dbp_conn *c, const char *home,
			 const struct strlist *keys, struct dbp_error *e)
{
	for (size_t i = 0; i < keys->n; i++) {
		int v = ws_schema_verdict(ws, c, home, schema_part(keys->v[i]), e);

		if (v != DBP_OURS && v != DBP_ABSENT)
			return -1;
	}
	return 0;
}

static int check_databases(struct workspace *ws, const struct strlist *names, struct dbp_error *e)
{
	for (size_t i = 0; i < names->n; i++) {
		int v = ws_db_verdict(ws, names->v[i], e);

		if (v != DBP_OURS && v != DBP_ABSENT && v != DBP_UNMARKED)
			return -1;
	}
	return 0;
}

static int drop_schema(struct workspace *ws, struct dbp_conn *c, const char *home, const char *schema,
		       struct strbuf *log, struct dbp_error *e)
{
	char *ident = ws->ops->quote_ident(c, schema), *q = xasprintf("%s.", ident ? ident : "");
	int v = ws_schema_verdict(ws, c, home, schema, e);
	int rc = v == DBP_OURS ? drop_tables(ws, c, q, e) : 0;

	if (rc == 0)
		rc = provision_schema_drop(ws, c, home, schema, log, e);
	free(ident);
	free(q);
	return rc;
}

static int drop_database(struct workspace *ws, const char *name, struct strbuf *log, struct dbp_error *e)
{
	int v = ws_db_verdict(ws, name, e), rc = 0;
	struct dbp_conn *c;

	if (v == DBP_UNMARKED)
		rc = ws->ops->database_claim(ws->srv, name, &ws->owner, e);
	if (rc == 0 && v != DBP_ABSENT) {
		c = ws->ops->connect(ws->srv, name, NULL, NULL, e);
		rc = c ? drop_tables(ws, c, "", e) : -1;
		if (c)
			ws->ops->close(c);
		if (rc == 0)
			rc = ws->ops->database_drop(ws->srv, name, &ws->owner, e);
	}
	if (rc == 0)
		rc = manifest_remove(ws, "database", name, e);
	if (rc == 0 && v != DBP_ABSENT && log)
		sb_addf(log, "tenant database %s dropped\n", name);
	return rc;
}

static int drop_all(struct workspace *ws, struct dbp_conn *c, const char *home, const struct strlist *schemas,
		    const struct strlist *dbs, const struct dbp_progress *p, struct strbuf *log,
		    struct dbp_error *e)
{
	for (size_t i = 0; i < schemas->n; i++)
		if (c ? drop_schema(ws, c, home, schema_part(schemas->v[i]), log, e) != 0
		      : manifest_remove(ws, "schema", schemas->v[i], e) != 0)
			return -1;
	for (size_t i = 0; i < dbs->n; i++) {
		if (progress_cancelled(p))
			return err_set(e, "cancelled");
		if (drop_database(ws, dbs->v[i], log, e) != 0)
			return -1;
	}
	return 0;
}

int tenants_teardown(struct workspace *ws, const struct lesson *l, const struct dbp_progress *p,
		     struct strbuf *log, struct dbp_error *e)
{
	char *start, *home, *key;
	struct strlist schemas = { 0 }, dbs = { 0 };
	struct dbp_conn *c = NULL;
	int rc = 0, present;

	if (!has_tenants(l) || !l->ndbs)
		return 0;
	start = tenant_start(ws);
	home = tenant_home_name(ws, l);
	key = ws_schema_key(home, start);
	manifest_names(ws, "schema", key, &schemas);
	manifest_names(ws, "database", start, &dbs);
	present = schemas.n ? ws_database_present(ws, l->dbs[0].name, e) : 0;
	if (present == 1 && !(c = ws_session_db(ws, &l->dbs[0], e)))
		present = -1;
	if (schemas.n || dbs.n)
		progress_say(p, "dropping %zu tenant schemas and %zu tenant databases", schemas.n, dbs.n);
	/* Ownership of every one first; then the drops. */
	if (present < 0 || (c && check_schemas(ws, c, home, &schemas, e) != 0) || check_databases(ws, &dbs, e) != 0)
		rc = -1;
	if (rc == 0)
		rc = drop_all(ws, c, home, &schemas, &dbs, p, log, e);
	sl_free(&schemas);
	sl_free(&dbs);
	free(start);
	free(home);
	free(key);
	return rc;
}
