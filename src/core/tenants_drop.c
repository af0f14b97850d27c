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

/* The manifest's names of one kind that tenant_name() could have made:
 * START, then four digits.  Another prefix may begin with this one's
 * "PREFIX_tenant_" (prefix p against p_tenant, in the same workdir and
 * workspace), and the names it made are not this prefix's tenants. */
static void tenant_names(struct workspace *ws, const char *kind, const char *start, struct strlist *out)
{
	struct strlist all = { 0 };
	size_t n = strlen(start);

	manifest_names(ws, kind, start, &all);
	for (size_t i = 0; i < all.n; i++)
		if (strlen(all.v[i]) == n + 4 && strspn(all.v[i] + n, "0123456789") == 4)
			sl_push(out, all.v[i]);
	sl_free(&all);
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

/* What the manifest says this workspace's tenants are, and a session on
 * the lesson's database (where their schemas live) when it is here. */
struct tenant_set {
	char *home;
	struct strlist schemas, dbs; /* manifest keys "db/schema"; database names */
	struct dbp_conn *c;
	int present; /* the lesson's database: 1 here, 0 not, -1 unknown */
};

static void tenants_gather(struct workspace *ws, const struct lesson *l, struct tenant_set *t,
			   struct dbp_error *e)
{
	char *start = tenant_start(ws), *key;

	memset(t, 0, sizeof *t);
	t->home = tenant_home_name(ws, l);
	key = ws_schema_key(t->home, start);
	tenant_names(ws, "schema", key, &t->schemas);
	tenant_names(ws, "database", start, &t->dbs);
	t->present = t->schemas.n ? ws_database_present(ws, l->dbs[0].name, e) : 0;
	if (t->present == 1 && !(t->c = ws_session_db(ws, &l->dbs[0], e)))
		t->present = -1;
	free(key);
	free(start);
}

static void tenants_release(struct tenant_set *t)
{
	sl_free(&t->schemas);
	sl_free(&t->dbs);
	free(t->home);
}

/* Anything in a tenant database besides the demonstration's two tables
 * is the user's: it would go with the database, so it stops the teardown
 * before anything is dropped. */
static int user_objects_in_dbs(struct workspace *ws, const struct strlist *dbs, struct dbp_error *e)
{
	const char *schema = ws->engine == DBP_POSTGRES ? "public" : "main";
	struct strlist ours = { 0 }, none = { 0 };
	struct dbp_user_scope scope = { .schemas = &none, .tables = &ours };
	int rc = 0;

	sl_push_owned(&ours, xasprintf("%s.accounts", schema));
	sl_push_owned(&ours, xasprintf("%s.accounts_name_unique", schema));
	sl_push_owned(&ours, xasprintf("%s.tenant_version", schema));
	for (size_t i = 0; rc == 0 && i < dbs->n; i++) {
		struct dbp_conn *c;
		char *found = NULL;
		int v = ws_db_verdict(ws, dbs->v[i], e);

		if (v == DBP_ABSENT)
			continue;
		if (v == DBP_NOT_OURS || !(c = ws->ops->connect(ws->srv, dbs->v[i], NULL, NULL, e))) {
			rc = -1;
			break;
		}
		rc = ws->ops->user_objects(c, &scope, &found, e);
		if (rc == 0 && found && *found)
			rc = err_set(e, "%s holds %s, which dbpatterns did not create; drop or move it first "
				     "(nothing was changed)", dbs->v[i], found);
		ws->ops->close(c);
		free(found);
	}
	sl_free(&ours);
	return rc;
}

/* Ownership of every tenant schema and database, and no object of the
 * user's in a tenant database (those in the schemas are the lesson
 * database's check: tenants_scope). */
static int tenants_check(struct workspace *ws, struct tenant_set *t, struct dbp_error *e)
{
	if (t->present < 0 || (t->c && check_schemas(ws, t->c, t->home, &t->schemas, e) != 0) ||
	    check_databases(ws, &t->dbs, e) != 0)
		return -1;
	return user_objects_in_dbs(ws, &t->dbs, e);
}

int tenants_teardown_check(struct workspace *ws, const struct lesson *l, struct dbp_error *e)
{
	struct tenant_set t;
	int rc;

	if (!has_tenants(l) || !l->ndbs)
		return 0;
	tenants_gather(ws, l, &t, e);
	rc = tenants_check(ws, &t, e);
	tenants_release(&t);
	return rc;
}

void tenants_scope(struct workspace *ws, const struct lesson *l, const struct lesson_db *db,
		   struct strlist *schemas, struct strlist *tables)
{
	struct tenant_set t;
	struct dbp_error e;

	if (!has_tenants(l) || !l->ndbs || db != &l->dbs[0])
		return;
	tenants_gather(ws, l, &t, &e);
	for (size_t i = 0; i < t.schemas.n; i++) {
		const char *name = schema_part(t.schemas.v[i]);

		sl_push(schemas, name);
		sl_push_owned(tables, xasprintf("%s.accounts", name));
		sl_push_owned(tables, xasprintf("%s.accounts_name_unique", name));
		sl_push_owned(tables, xasprintf("%s.tenant_version", name));
	}
	tenants_release(&t);
}

int tenants_teardown(struct workspace *ws, const struct lesson *l, const struct dbp_progress *p,
		     struct strbuf *log, struct dbp_error *e)
{
	struct tenant_set t;
	int rc;

	if (!has_tenants(l) || !l->ndbs)
		return 0;
	tenants_gather(ws, l, &t, e);
	if (t.schemas.n || t.dbs.n)
		progress_say(p, "dropping %zu tenant schemas and %zu tenant databases", t.schemas.n, t.dbs.n);
	/* Checked before (tenants_teardown_check); again, as nothing is held
	 * between the two. */
	rc = tenants_check(ws, &t, e);
	if (rc == 0)
		rc = drop_all(ws, t.c, t.home, &t.schemas, &t.dbs, p, log, e);
	tenants_release(&t);
	return rc;
}
