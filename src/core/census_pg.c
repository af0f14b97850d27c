/* census_pg: the PostgreSQL side of the census (census.h): what the
 * catalogs say of every database, schema and role, and the statements
 * that drop one of them after reading its marker again. */
#include "census.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char who_sql[] =
	"SELECT current_user, current_database(), current_setting('server_version_num')";

/* Sizes only where the role may look (CONNECT, or pg_read_all_stats);
 * sessions other than this one, of clients only (an autovacuum worker
 * after a student's bulk insert is no student at work, and DROP DATABASE
 * ends it); the right to drop: owner or superuser. */
static const char databases_sql[] =
	"SELECT d.datname, r.rolname, coalesce(shobj_description(d.oid, 'pg_database'), ''), "
	"CASE WHEN has_database_privilege(d.oid, 'CONNECT') OR pg_has_role('pg_read_all_stats', 'MEMBER') "
	"THEN pg_database_size(d.oid) END, "
	"(d.datallowconn AND has_database_privilege(d.oid, 'CONNECT'))::int, "
	"(SELECT count(*) FROM pg_stat_activity a WHERE a.datid = d.oid AND a.pid <> pg_backend_pid() "
	" AND a.backend_type = 'client backend'), "
	"(pg_has_role(d.datdba, 'MEMBER') OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user))::int "
	"FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE NOT d.datistemplate ORDER BY 1";

static const char roles_sql[] =
	"SELECT r.rolname, coalesce(shobj_description(r.oid, 'pg_authid'), ''), "
	"((SELECT rolsuper FROM pg_roles WHERE rolname = current_user) OR "
	"((SELECT rolcreaterole FROM pg_roles WHERE rolname = current_user) AND NOT r.rolsuper))::int "
	"FROM pg_roles r WHERE r.rolname !~ '^pg_' ORDER BY 1";

/* %s: the latest table read of the schema (PostgreSQL 16 keeps it).  The
 * owner's other sessions in this database: the student at work here. */
static const char schemas_sql[] =
	"SELECT n.nspname, r.rolname, coalesce(obj_description(n.oid, 'pg_namespace'), ''), "
	"(SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
	" WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'm')), "
	"(pg_has_role(n.nspowner, 'MEMBER') OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user))::int, "
	"%s, (SELECT count(*) FROM pg_stat_activity a WHERE a.datname = current_database() "
	" AND a.usesysid = n.nspowner AND a.pid <> pg_backend_pid()) "
	"FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner "
	"WHERE n.nspname NOT LIKE 'pg\\_%%' AND n.nspname <> 'information_schema' ORDER BY 1";
static const char last_read_sql[] =
	"(SELECT to_char(max(greatest(s.last_seq_scan, s.last_idx_scan)) AT TIME ZONE 'UTC', "
	"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM pg_stat_user_tables s WHERE s.schemaname = n.nspname)";

static struct census_object *add_object(struct census *c, enum census_kind kind, const char *name,
					const char *database, const char *owner, const char *marker)
{
	struct census_object *o;

	c->obj = xrealloc(c->obj, (c->nobj + 1) * sizeof *c->obj);
	o = &c->obj[c->nobj++];
	memset(o, 0, sizeof *o);
	o->kind = kind;
	o->name = xstrdup(name);
	o->database = database ? xstrdup(database) : NULL;
	o->owner = xstrdup(owner ? owner : "");
	o->marker = xstrdup(marker ? marker : "");
	o->size = -1;
	o->ws = -1;
	return o;
}

static long long cell_ll(const struct dbp_result *r, long row, int col)
{
	const char *v = result_cell(r, row, col);

	return v ? strtoll(v, NULL, 10) : -1;
}

static int cell_true(const struct dbp_result *r, long row, int col)
{
	const char *v = result_cell(r, row, col);

	return v && !strcmp(v, "1");
}

/* The schemas of one database; the database's last read is their latest. */
static int scan_schemas(const struct dbp_backend_ops *ops, struct dbp_conn *conn, struct census *c,
			struct census_object *db, struct dbp_error *e)
{
	struct dbp_result r = { 0 };
	char *sql = xasprintf(schemas_sql, c->version >= 160000 ? last_read_sql : "NULL::text");
	char *dbname = xstrdup(db->name);
	size_t dbi = (size_t)(db - c->obj);
	int rc = ops->query(conn, sql, &r, e);

	for (long i = 0; rc == 0 && i < r.nrows; i++) {
		const char *last = result_cell(&r, i, 5);
		struct census_object *o = add_object(c, CENSUS_SCHEMA, result_cell(&r, i, 0), dbname,
						     result_cell(&r, i, 1), result_cell(&r, i, 2));

		o->size = cell_ll(&r, i, 3);
		o->may_drop = cell_true(&r, i, 4);
		o->sessions = (int)cell_ll(&r, i, 6);
		o->last_used = last ? xstrdup(last) : NULL;
		db = &c->obj[dbi]; /* add_object moved the array */
		if (last && (!db->last_used || strcmp(last, db->last_used) > 0)) {
			free(db->last_used);
			db->last_used = xstrdup(last);
		}
	}
	result_free(&r);
	free(sql);
	free(dbname);
	return rc;
}

static int scan_databases(const struct dbp_backend_ops *ops, struct dbp_conn *admin, struct census *c,
			  struct strlist *enterable, struct dbp_error *e)
{
	struct dbp_result r = { 0 };

	if (ops->query(admin, databases_sql, &r, e) != 0)
		return -1;
	for (long i = 0; i < r.nrows; i++) {
		struct census_object *o = add_object(c, CENSUS_DATABASE, result_cell(&r, i, 0), NULL,
						     result_cell(&r, i, 1), result_cell(&r, i, 2));

		o->size = cell_ll(&r, i, 3);
		o->sessions = (int)cell_ll(&r, i, 5);
		o->may_drop = cell_true(&r, i, 6);
		if (cell_true(&r, i, 4))
			sl_push(enterable, o->name);
		else
			sl_push_owned(&c->unreadable, xasprintf("%s: this role may not connect to it", o->name));
	}
	result_free(&r);
	return 0;
}

static int scan_roles(const struct dbp_backend_ops *ops, struct dbp_conn *admin, struct census *c,
		      struct dbp_error *e)
{
	struct dbp_result r = { 0 };

	if (ops->query(admin, roles_sql, &r, e) != 0)
		return -1;
	for (long i = 0; i < r.nrows; i++)
		add_object(c, CENSUS_ROLE, result_cell(&r, i, 0), NULL, NULL, result_cell(&r, i, 1))
			->may_drop = cell_true(&r, i, 2);
	result_free(&r);
	return 0;
}

static int scan_who(const struct dbp_backend_ops *ops, struct dbp_conn *admin, struct census *c,
		    struct dbp_error *e)
{
	struct dbp_result r = { 0 };
	int rc = ops->query(admin, who_sql, &r, e);

	if (rc == 0 && r.nrows == 1) {
		c->role = xstrdup(result_cell(&r, 0, 0));
		c->admin_db = xstrdup(result_cell(&r, 0, 1));
		c->version = (int)cell_ll(&r, 0, 2);
	}
	result_free(&r);
	return rc;
}

/* A table's size waits for its lock, and a student's LOCK TABLE or long
 * ALTER TABLE holds that for as long as they like: the census waits a
 * little, then reports the database as one it could not look inside. */
static int scan_database(const struct dbp_backend_ops *ops, struct dbp_conn *conn, struct census *c,
			 struct census_object *db, struct dbp_error *e)
{
	if (ops->exec(conn, "SET lock_timeout = '5s'", e) != 0 || scan_schemas(ops, conn, c, db, e) != 0) {
		if (!strcmp(e->sqlstate, "55P03"))
			err_set(e, "a session holds a lock on a table in it (a student at work): run the "
				"command again later");
		return -1;
	}
	return 0;
}

/* One database at a time, each connection closed before the next: a
 * server near max_connections is not pushed over by the census. */
static void scan_each_database(const struct dbp_backend_ops *ops, struct dbp_server *srv,
			       struct census *c, const struct strlist *enterable)
{
	for (size_t i = 0; i < enterable->n; i++) {
		struct dbp_error why;
		struct dbp_conn *conn = ops->connect(srv, enterable->v[i], NULL, NULL, &why);
		size_t at;

		for (at = 0; at < c->nobj; at++)
			if (c->obj[at].kind == CENSUS_DATABASE && !strcmp(c->obj[at].name, enterable->v[i]))
				break;
		if (!conn || scan_database(ops, conn, c, &c->obj[at], &why) != 0)
			sl_push_owned(&c->unreadable, xasprintf("%s: %s", enterable->v[i], why.msg));
		if (conn)
			ops->close(conn);
	}
}

int census_pg_scan(const struct dbp_backend_ops *ops, struct dbp_server *srv, struct census *c,
		   struct dbp_error *e)
{
	struct dbp_conn *admin = ops->connect(srv, NULL, NULL, NULL, e);
	struct strlist enterable = { 0 };
	int rc;

	if (!admin)
		return -1;
	rc = scan_who(ops, admin, c, e);
	if (rc == 0)
		rc = scan_databases(ops, admin, c, &enterable, e);
	if (rc == 0)
		rc = scan_roles(ops, admin, c, e);
	ops->close(admin);
	if (rc == 0)
		scan_each_database(ops, srv, c, &enterable);
	sl_free(&enterable);
	return rc;
}

/* ---- dropping one object ------------------------------------------------ */

/* Objects outside the schema that depend on something in it: what
 * CASCADE would take along from the user's own schemas.  Dependents whose
 * place cannot be told count as outside. */
static const char outside_sql[] =
	"WITH s AS (SELECT oid FROM pg_namespace WHERE nspname = %s), "
	"inside AS (SELECT 'pg_class'::regclass AS classid, c.oid FROM pg_class c, s WHERE c.relnamespace = s.oid "
	" UNION ALL SELECT 'pg_type'::regclass, t.oid FROM pg_type t, s WHERE t.typnamespace = s.oid "
	" UNION ALL SELECT 'pg_proc'::regclass, p.oid FROM pg_proc p, s WHERE p.pronamespace = s.oid) "
	"SELECT coalesce(string_agg(DISTINCT pg_describe_object(d.classid, d.objid, d.objsubid), ', '), '') "
	"FROM pg_depend d JOIN inside i ON d.refclassid = i.classid AND d.refobjid = i.oid "
	"WHERE d.deptype IN ('n', 'a') AND coalesce(CASE d.classid "
	" WHEN 'pg_class'::regclass THEN (SELECT relnamespace FROM pg_class WHERE oid = d.objid) "
	" WHEN 'pg_rewrite'::regclass THEN (SELECT c.relnamespace FROM pg_rewrite w "
	"   JOIN pg_class c ON c.oid = w.ev_class WHERE w.oid = d.objid) "
	" WHEN 'pg_constraint'::regclass THEN (SELECT coalesce(c.relnamespace, k.connamespace) "
	"   FROM pg_constraint k LEFT JOIN pg_class c ON c.oid = k.conrelid WHERE k.oid = d.objid) "
	" WHEN 'pg_trigger'::regclass THEN (SELECT c.relnamespace FROM pg_trigger t "
	"   JOIN pg_class c ON c.oid = t.tgrelid WHERE t.oid = d.objid) "
	" WHEN 'pg_proc'::regclass THEN (SELECT pronamespace FROM pg_proc WHERE oid = d.objid) "
	" WHEN 'pg_type'::regclass THEN (SELECT typnamespace FROM pg_type WHERE oid = d.objid) "
	" WHEN 'pg_attrdef'::regclass THEN (SELECT c.relnamespace FROM pg_attrdef a "
	"   JOIN pg_class c ON c.oid = a.adrelid WHERE a.oid = d.objid) END, 0) <> (SELECT oid FROM s)";

static const char *const marker_sql[] = {
	[CENSUS_DATABASE] = "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database "
			    "WHERE datname = %s",
	[CENSUS_SCHEMA] = "SELECT coalesce(obj_description(oid, 'pg_namespace'), '') FROM pg_namespace "
			  "WHERE nspname = %s",
	[CENSUS_ROLE] = "SELECT coalesce(shobj_description(oid, 'pg_authid'), '') FROM pg_roles "
			"WHERE rolname = %s",
};
static const char *const kind_word[] = { "database", "schema", "role" };
static const char *const drop_sql[] = {
	[CENSUS_DATABASE] = "DROP DATABASE %s",
	[CENSUS_SCHEMA] = "DROP SCHEMA %s CASCADE",
	[CENSUS_ROLE] = "DROP ROLE %s",
};

/* tmpl with its one "%s" replaced by value (quoted already). */
static char *fill(const char *tmpl, const char *value)
{
	const char *at = strstr(tmpl, "%s");

	return xasprintf("%.*s%s%s", (int)(at - tmpl), tmpl, value, at + 2);
}

/* One value of a query with one literal in it; *out NULL when no row. */
static int ask(const struct dbp_backend_ops *ops, struct dbp_conn *conn, const char *fmt,
	       const char *value, char **out, struct dbp_error *e)
{
	char *lit = ops->quote_literal(conn, value), *sql;
	struct dbp_result r = { 0 };
	int rc;

	*out = NULL;
	if (!lit)
		return err_set(e, "\"%s\" is not valid text", value);
	sql = fill(fmt, lit);
	rc = ops->query(conn, sql, &r, e);
	if (rc == 0 && r.nrows > 0)
		*out = xstrdup(result_cell(&r, 0, 0) ? result_cell(&r, 0, 0) : "");
	result_free(&r);
	free(sql);
	free(lit);
	return rc;
}

/* The marker read now must be the one the census read. */
static int marker_unchanged(const struct dbp_backend_ops *ops, struct dbp_conn *conn,
			    const struct census_object *o, struct dbp_error *e)
{
	char *now = NULL;
	int rc = ask(ops, conn, marker_sql[o->kind], o->name, &now, e);

	if (rc == 0 && !now)
		rc = err_set(e, "%s \"%s\" is gone since the listing", kind_word[o->kind], o->name);
	else if (rc == 0 && strcmp(now, o->marker) != 0)
		rc = err_set(e, "the marker of %s \"%s\" changed since the listing; it is left alone",
			     kind_word[o->kind], o->name);
	free(now);
	return rc;
}

static int nothing_outside(const struct dbp_backend_ops *ops, struct dbp_conn *conn,
			   const struct census_object *o, struct dbp_error *e)
{
	char *list = NULL;
	int rc = ask(ops, conn, outside_sql, o->name, &list, e);

	if (rc == 0 && list && *list)
		rc = err_set(e, "schema %s.%s is kept: objects outside it depend on it (%s)", o->database,
			     o->name, list);
	free(list);
	return rc;
}

int census_pg_drop(const struct dbp_backend_ops *ops, struct dbp_server *srv, const struct census *c,
		   const struct census_object *o, struct dbp_error *e)
{
	struct dbp_conn *conn = ops->connect(srv, o->kind == CENSUS_SCHEMA ? o->database : c->admin_db,
					     NULL, NULL, e);
	char *ident, *sql;
	int rc;

	if (!conn)
		return -1;
	/* A student's session holding a lock must not hold the teardown long. */
	rc = ops->exec(conn, "SET lock_timeout = '10s'", e);
	if (rc == 0)
		rc = marker_unchanged(ops, conn, o, e);
	if (rc == 0 && o->kind == CENSUS_SCHEMA)
		rc = nothing_outside(ops, conn, o, e);
	ident = rc == 0 ? ops->quote_ident(conn, o->name) : NULL;
	if (rc == 0 && !ident)
		rc = err_set(e, "\"%s\" is not valid text", o->name);
	if (rc == 0) {
		sql = fill(drop_sql[o->kind], ident);
		rc = ops->exec(conn, sql, e);
		free(sql);
	}
	free(ident);
	ops->close(conn);
	return rc;
}
