/* classroom: see classroom.h.  Ownership before change, as everywhere:
 * create first checks that none of its names exists; drop first finds
 * everything that carries the class's marker and everything its students
 * still own, and only then drops. */
#include "classroom.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PASSWORD_LEN 20

/* ---- the connection --------------------------------------------------------- */

int classroom_open(struct classroom *cr, const struct dbp_config *cfg, struct dbp_error *e)
{
	struct dbp_server_settings set = { cfg->engine, cfg->workdir, cfg->dsn };

	memset(cr, 0, sizeof *cr);
	if (cfg->engine != DBP_POSTGRES)
		return err_set(e, "a class lives on a PostgreSQL server (SQLite has no roles: each "
			       "student's files are already their own): use --backend postgres");
	cr->ops = backend_for(cfg->engine);
	cr->srv = cr->ops->server_open(&set, e);
	if (!cr->srv)
		return -1;
	cr->c = cr->ops->connect(cr->srv, cr->ops->server_database(cr->srv), NULL, NULL, e);
	if (!cr->c) {
		classroom_close(cr);
		return -1;
	}
	return 0;
}

void classroom_close(struct classroom *cr)
{
	if (cr->c)
		cr->ops->close(cr->c);
	if (cr->srv)
		cr->ops->server_close(cr->srv);
	memset(cr, 0, sizeof *cr);
}

int class_name_check(const char *name, struct dbp_error *e)
{
	if (!*name)
		return err_set(e, "the class name may not be empty");
	if (strlen(name) > CLASS_NAME_MAX)
		return err_set(e, "the class name \"%.*s...\" is longer than %d bytes (each student's role, "
			       "the class name and _sNN, is also their prefix)", (int)utf8_prefix_len(name, 20),
			       name, CLASS_NAME_MAX);
	if (!(*name >= 'a' && *name <= 'z'))
		return err_set(e, "the class name must start with a lower-case letter (a-z)");
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return err_set(e, "the class name may hold only a-z, 0-9 and _ (it names roles)");
	if (!strncmp(name, "pg_", 3))
		return err_set(e, "the class name may not start with pg_: PostgreSQL keeps role names that "
			       "start so for its own");
	return 0;
}

/* ---- small SQL helpers ------------------------------------------------------- */

static char *quoted(struct classroom *cr, const char *name)
{
	char *q = cr->ops->quote_ident(cr->c, name);

	return q ? q : xstrdup("\"?\"");
}

static char *literal(struct classroom *cr, const char *text)
{
	char *q = cr->ops->quote_literal(cr->c, text);

	return q ? q : xstrdup("''");
}

/* "<comment of oid> begins with the class's marker", in SQL. */
static char *marked_sql(struct classroom *cr, const char *name, const char *oid, const char *catalog)
{
	char *head = xasprintf(DBP_CLASS_MARKER_PREFIX "%s\n", name), *lit = literal(cr, head);
	char *sql = xasprintf("left(coalesce(shobj_description(%s, '%s'), ''), length(%s)) = %s", oid, catalog,
			      lit, lit);

	free(head);
	free(lit);
	return sql;
}

static char *class_marker(const char *name, const char *instructor)
{
	char at[32];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xasprintf(DBP_CLASS_MARKER_PREFIX "%s\nby=%s\nat=%s", name, instructor, at);
}

/* ---- rights ------------------------------------------------------------------ */

struct rights {
	int super, createrole, createdb;
	char *me;
};

static int read_rights(struct classroom *cr, struct rights *r, struct dbp_error *e)
{
	struct dbp_result res;

	memset(r, 0, sizeof *r);
	if (cr->ops->query(cr->c, "SELECT rolsuper::text, rolcreaterole::text, rolcreatedb::text, rolname "
			   "FROM pg_roles WHERE rolname = current_user", &res, e) != 0)
		return -1;
	if (res.nrows == 1) {
		r->super = !strcmp(result_cell(&res, 0, 0), "true");
		r->createrole = !strcmp(result_cell(&res, 0, 1), "true");
		r->createdb = !strcmp(result_cell(&res, 0, 2), "true");
		r->me = xstrdup(result_cell(&res, 0, 3));
	}
	result_free(&res);
	return r->me ? 0 : err_set(e, "the server does not say who the current user is");
}

/* Why the instructor may not do this, or NULL. */
static char *lacking(const struct rights *r, int need_createdb)
{
	if (r->super)
		return NULL;
	if (!r->createrole)
		return xasprintf("role \"%s\" may not create or drop roles: a class needs CREATEROLE (or a "
				 "superuser); connect as such a role (--dsn)", r->me);
	if (need_createdb && !r->createdb)
		return xasprintf("role \"%s\" may not create databases: --own-database needs CREATEDB too",
				 r->me);
	return NULL;
}

/* ---- create -------------------------------------------------------------------- */

static void roster_names(const struct class_setup *s, struct class_roster *out)
{
	out->v = xcalloc((size_t)s->students, sizeof *out->v);
	out->n = (size_t)s->students;
	for (int i = 0; i < s->students; i++)
		out->v[i].role = xasprintf("%s_s%0*d", s->name, s->students > 99 ? 3 : 2, i + 1);
}

/* Roles (and, with their own databases, databases) of those names that
 * exist already, as "role a (class x), database b (not ours)". */
static int names_taken(struct classroom *cr, const struct class_setup *s, const struct class_roster *r,
		       struct dbp_error *e)
{
	struct strbuf list, found;
	struct dbp_result res;
	char *sql;
	int rc;

	sb_init(&list);
	for (size_t i = 0; i < r->n; i++) {
		char *lit = literal(cr, r->v[i].role);

		sb_addf(&list, "%s%s", i ? ", " : "", lit);
		free(lit);
	}
	sql = xasprintf("SELECT 'role ' || rolname FROM pg_roles WHERE rolname IN (%s) UNION ALL "
			"SELECT 'database ' || datname FROM pg_database WHERE %s AND datname IN (%s) ORDER BY 1",
			list.s, s->own_database ? "true" : "false", list.s);
	rc = cr->ops->query(cr->c, sql, &res, e);
	sb_free(&list);
	free(sql);
	if (rc != 0)
		return -1;
	sb_init(&found);
	for (long i = 0; i < res.nrows && i < 5; i++)
		sb_addf(&found, "%s%s", i ? ", " : "", result_cell(&res, i, 0));
	if (res.nrows)
		rc = err_set(e, "%s already exist%s%s on this server; nothing was created: drop the class first "
			     "(dbpatterns class drop --class %s) or choose another --class", found.s,
			     res.nrows == 1 ? "s" : "", res.nrows > 5 ? " (and more)" : "", s->name);
	result_free(&res);
	sb_free(&found);
	return rc;
}

/* One student's role; password_sql is the verifier's literal, or what a
 * dry run shows in its place. */
static void role_sql(struct classroom *cr, const struct class_setup *s, const struct rights *r,
		     const char *role, const char *marker_lit, const char *password_sql, struct strbuf *out)
{
	char *q = quoted(cr, role);

	sb_addf(out, "CREATE ROLE %s LOGIN %s PASSWORD %s;\nCOMMENT ON ROLE %s IS %s;\n", q,
		s->own_database ? "NOCREATEDB" : "CREATEDB", password_sql, q, marker_lit);
	/* Without superuser, giving a database to the role needs membership
	 * in it (and dropping it later needs the same). */
	if (s->own_database && !r->super)
		sb_addf(out, "GRANT %s TO CURRENT_USER;\n", q);
	free(q);
}

/* Three statements: CREATE DATABASE may not share a string (an implicit
 * transaction) with anything. */
static void database_sql(struct classroom *cr, const char *db, const char *marker_lit, struct strlist *out)
{
	char *q = quoted(cr, db);

	sl_push_owned(out, xasprintf("CREATE DATABASE %s OWNER %s", q, q));
	sl_push_owned(out, xasprintf("COMMENT ON DATABASE %s IS %s", q, marker_lit));
	sl_push_owned(out, xasprintf("REVOKE CONNECT, TEMPORARY ON DATABASE %s FROM PUBLIC", q));
	free(q);
}

static int make_password(struct classroom *cr, struct class_student *st, char **verifier_lit,
			 struct dbp_error *e)
{
	char pw[PASSWORD_LEN + 1], *verifier;

	if (random_password(pw, PASSWORD_LEN, e) != 0)
		return -1;
	verifier = pg_password_verifier(cr->c, st->role, pw, e);
	if (!verifier)
		return err_prefix(e, "the password of %s", st->role);
	st->password = xstrdup(pw);
	*verifier_lit = literal(cr, verifier);
	free(verifier);
	return 0;
}

/* Every role in one transaction: all of them, or none. */
static int create_roles(struct classroom *cr, const struct class_setup *s, const struct rights *r,
			struct class_roster *out, const char *marker_lit, struct strbuf *shown,
			struct dbp_error *e)
{
	struct strbuf run;
	int rc = 0;

	sb_init(&run);
	sb_add(&run, "BEGIN;\n");
	sb_add(shown, "BEGIN;\n");
	for (size_t i = 0; i < out->n && rc == 0; i++) {
		char *verifier_lit = NULL;

		role_sql(cr, s, r, out->v[i].role, marker_lit, "'...'  /* its own random password */", shown);
		if (!s->dry_run && (rc = make_password(cr, &out->v[i], &verifier_lit, e)) == 0)
			role_sql(cr, s, r, out->v[i].role, marker_lit, verifier_lit, &run);
		free(verifier_lit);
	}
	sb_add(&run, "COMMIT;\n");
	sb_add(shown, "COMMIT;\n\n");
	if (rc == 0 && !s->dry_run && cr->ops->exec(cr->c, run.s, e) != 0) {
		cr->ops->exec(cr->c, "ROLLBACK", NULL);
		rc = err_prefix(e, "creating the students' roles (none was created)");
	}
	sb_free(&run);
	return rc;
}

static int drop_made(struct classroom *cr, const struct class_roster *r, size_t dbs, struct dbp_error *e)
{
	struct strbuf sql;
	int rc = 0;

	for (size_t i = 0; i < dbs; i++) {
		char *q = quoted(cr, r->v[i].database), *one = xasprintf("DROP DATABASE %s", q);

		rc |= cr->ops->exec(cr->c, one, e);
		free(q);
		free(one);
	}
	sb_init(&sql);
	sb_add(&sql, "BEGIN;");
	for (size_t i = 0; i < r->n; i++) {
		char *q = quoted(cr, r->v[i].role);

		sb_addf(&sql, " DROP ROLE %s;", q);
		free(q);
	}
	sb_add(&sql, " COMMIT;");
	if (cr->ops->exec(cr->c, sql.s, e) != 0) {
		cr->ops->exec(cr->c, "ROLLBACK", NULL);
		rc = -1;
	}
	sb_free(&sql);
	return rc;
}

/* CREATE DATABASE runs outside a transaction: one at a time, and on a
 * failure what was made is removed again. */
static int create_databases(struct classroom *cr, const struct class_setup *s, struct class_roster *out,
			    const char *marker_lit, struct strbuf *shown, struct dbp_error *e)
{
	for (size_t i = 0; i < out->n; i++) {
		struct strlist each = { 0 };
		size_t ran = 0; /* statements that succeeded: the first made the database */
		int rc = 0;

		database_sql(cr, out->v[i].database, marker_lit, &each);
		for (size_t j = 0; j < each.n; j++) {
			sb_addf(shown, "%s;\n", each.v[j]);
			if (rc == 0 && !s->dry_run && (rc = cr->ops->exec(cr->c, each.v[j], e)) == 0)
				ran++;
		}
		sl_free(&each);
		if (rc != 0) {
			struct dbp_error undo;
			/* Only what this run created: a name someone else took
			 * meanwhile is not ours to drop. */
			int clean = drop_made(cr, out, i + (ran > 0), &undo) == 0;

			return err_prefix(e, "creating database %s (%s)", out->v[i].database, clean
					  ? "what had been made was removed again: nothing of the class is left"
					  : "removing what had been made failed too: run class drop");
		}
	}
	return 0;
}

static char *shell_quoted(const char *s)
{
	struct strbuf b;

	sb_init(&b);
	sb_add(&b, "'");
	for (; *s; s++)
		sb_add(&b, *s == '\'' ? "'\\''" : (char[]){ *s, '\0' });
	sb_add(&b, "'");
	return sb_steal(&b);
}

static void fill_logins(struct classroom *cr, struct class_roster *out)
{
	for (size_t i = 0; i < out->n; i++) {
		struct class_student *st = &out->v[i];
		char *dsn;

		st->conninfo = pg_login_conninfo(cr->c, st->database, st->role, st->password);
		dsn = shell_quoted(st->conninfo);
		st->command = xasprintf("dbpatterns --backend postgres --dsn %s --prefix %s", dsn, st->role);
		free(dsn);
	}
}

static int create_checked(struct classroom *cr, const struct class_setup *s, struct class_roster *out,
			  struct strbuf *sql, struct dbp_error *e)
{
	struct rights r;
	char *why, *marker, *marker_lit;
	int rc;

	if (read_rights(cr, &r, e) != 0)
		return -1;
	why = lacking(&r, s->own_database);
	if (why && s->dry_run)
		sb_addf(sql, "-- this would be refused: %s\n\n", why);
	rc = why && !s->dry_run ? err_set(e, "%s", why) : 0;
	roster_names(s, out);
	for (size_t i = 0; i < out->n; i++)
		out->v[i].database = xstrdup(s->own_database ? out->v[i].role : cr->ops->server_database(cr->srv));
	if (rc == 0)
		rc = names_taken(cr, s, out, e);
	marker = class_marker(s->name, r.me);
	marker_lit = literal(cr, marker);
	if (rc == 0)
		rc = create_roles(cr, s, &r, out, marker_lit, sql, e);
	if (rc == 0 && s->own_database)
		rc = create_databases(cr, s, out, marker_lit, sql, e);
	if (rc == 0)
		fill_logins(cr, out);
	free(why);
	free(marker);
	free(marker_lit);
	free(r.me);
	return rc;
}

int class_create(struct classroom *cr, const struct class_setup *s, struct class_roster *out,
		 struct strbuf *sql, struct dbp_error *e)
{
	memset(out, 0, sizeof *out);
	if (class_name_check(s->name, e) != 0)
		return -1;
	if (s->students < 1 || s->students > CLASS_MAX_STUDENTS)
		return err_set(e, "a class has 1 to %d students, not %d", CLASS_MAX_STUDENTS, s->students);
	if (create_checked(cr, s, out, sql, e) == 0)
		return 0;
	class_roster_free(out);
	return -1;
}

void class_roster_free(struct class_roster *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].role);
		free(r->v[i].database);
		free(r->v[i].password);
		free(r->v[i].conninfo);
		free(r->v[i].command);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

/* ---- drop ------------------------------------------------------------------------ */

enum marked_kind { MARKED_ROLES, MARKED_DATABASES, MARKED_STRAYS };

/* name, oid of every role carrying the class's marker; of every student's
 * database (named as a role of the class and owned by it, as class create
 * makes them); or of every other database carrying the marker: a comment
 * is text, and a copied one makes nobody's database the class's. */
static int find_marked(struct classroom *cr, const char *name, enum marked_kind kind, struct dbp_result *out,
		       struct dbp_error *e)
{
	char *cond = marked_sql(cr, name, "oid", kind == MARKED_ROLES ? "pg_authid" : "pg_database");
	char *owner_marked = marked_sql(cr, name, "datdba", "pg_authid");
	char *sql = kind == MARKED_ROLES
		? xasprintf("SELECT rolname, oid::text FROM pg_roles WHERE %s ORDER BY 1", cond)
		: xasprintf("SELECT datname, oid::text FROM pg_database WHERE %s AND %s(datname = "
			    "pg_get_userbyid(datdba) AND %s) ORDER BY 1", cond, kind == MARKED_STRAYS ? "NOT " : "",
			    owner_marked);
	int rc = cr->ops->query(cr->c, sql, out, e);

	free(cond);
	free(owner_marked);
	free(sql);
	return rc;
}

/* What the role owns or holds rights on, apart from its class database:
 * rows of kind, database, count, whether the database is a workspace. */
static int role_holdings(struct classroom *cr, const char *name, const char *oid, struct dbp_result *out,
			 struct dbp_error *e)
{
	char *cond = marked_sql(cr, name, "d.oid", "pg_database");
	char *sql = xasprintf(
		"SELECT 'database', d.datname, 1::bigint, left(coalesce(shobj_description(d.oid, 'pg_database'),"
		" ''), %zu) = '" DBP_MARKER_PREFIX "' FROM pg_database d WHERE d.datdba = %s"
		" AND NOT (%s AND d.datname = pg_get_userbyid(d.datdba))"
		" UNION ALL SELECT CASE s.deptype WHEN 'o' THEN 'objects' ELSE 'rights' END,"
		" coalesce(d.datname, '(the whole server)'), count(*), false FROM pg_shdepend s"
		" LEFT JOIN pg_database d ON d.oid = s.dbid WHERE s.refclassid = 'pg_authid'::regclass"
		" AND s.refobjid = %s AND NOT (s.classid = 'pg_database'::regclass AND s.deptype = 'o')"
		" GROUP BY 1, 2 ORDER BY 1, 2", strlen(DBP_MARKER_PREFIX), oid, cond, oid);
	int rc = cr->ops->query(cr->c, sql, out, e);

	free(cond);
	free(sql);
	return rc;
}

static void describe_holding(const struct dbp_result *h, long i, struct strbuf *out)
{
	const char *kind = result_cell(h, i, 0), *db = result_cell(h, i, 1), *n = result_cell(h, i, 2);

	sb_add(out, i ? "; " : "");
	if (!strcmp(kind, "database"))
		sb_addf(out, "database %s%s", db, !strcmp(result_cell(h, i, 3), "t") ? " (a dbpatterns workspace)" : "");
	else if (!strcmp(kind, "objects"))
		sb_addf(out, "%s object%s in %s", n, strcmp(n, "1") ? "s" : "", db);
	else
		sb_addf(out, "rights on %s object%s in %s", n, strcmp(n, "1") ? "s" : "", db);
}

/* Every student that still holds something, said in log; the count. */
static int blockers(struct classroom *cr, const char *name, const struct dbp_result *roles,
		    struct strbuf *log, struct dbp_error *e)
{
	int blocked = 0;

	for (long i = 0; i < roles->nrows; i++) {
		struct dbp_result h;

		if (role_holdings(cr, name, result_cell(roles, i, 1), &h, e) != 0)
			return -1;
		if (h.nrows) {
			sb_addf(log, "%s still owns ", result_cell(roles, i, 0));
			for (long j = 0; j < h.nrows; j++)
				describe_holding(&h, j, log);
			sb_add(log, "\n");
			blocked++;
		}
		result_free(&h);
	}
	return blocked;
}

/* "NULL, oid, oid" of one result's column 1: IN () is not SQL, IN (NULL) matches nothing. */
static char *oid_list(const struct dbp_result *r)
{
	struct strbuf b;

	sb_init(&b);
	sb_add(&b, "NULL");
	for (long i = 0; i < r->nrows; i++)
		sb_addf(&b, ", %s", result_cell(r, i, 1));
	return sb_steal(&b);
}

/* Sessions of the class's roles, or on its databases, said in log; the
 * count of lines.  A role dropped under its session leaves the student
 * working as nobody, and a database in use would stop the drop half-way. */
static int connected(struct classroom *cr, const struct dbp_result *roles, const struct dbp_result *dbs,
		     struct strbuf *log, struct dbp_error *e)
{
	char *role_oids = oid_list(roles), *db_oids = oid_list(dbs);
	char *sql = xasprintf("SELECT coalesce(usename, 'a server process'), count(*)::text, "
			      "string_agg(DISTINCT coalesce(datname, '(none)'), ', ') FROM pg_stat_activity "
			      "WHERE pid <> pg_backend_pid() AND backend_type = 'client backend' "
			      "AND (usesysid IN (%s) OR datid IN (%s)) "
			      "GROUP BY 1 ORDER BY 1", role_oids, db_oids);
	struct dbp_result r;
	int n = -1;

	if (cr->ops->query(cr->c, sql, &r, e) == 0) {
		for (long i = 0; i < r.nrows; i++)
			sb_addf(log, "%s has %s session%s connected (to %s)\n", result_cell(&r, i, 0),
				result_cell(&r, i, 1), strcmp(result_cell(&r, i, 1), "1") ? "s" : "",
				result_cell(&r, i, 2));
		n = (int)r.nrows;
		result_free(&r);
	}
	free(sql);
	free(role_oids);
	free(db_oids);
	return n;
}

static void drop_sql(struct classroom *cr, const struct dbp_result *roles, const struct dbp_result *dbs,
		     struct strbuf *dbsql, struct strlist *each_db)
{
	for (long i = 0; i < dbs->nrows; i++) {
		char *q = quoted(cr, result_cell(dbs, i, 0));

		sl_push_owned(each_db, xasprintf("DROP DATABASE %s", q));
		free(q);
	}
	sb_add(dbsql, "BEGIN;\n");
	for (long i = 0; i < roles->nrows; i++) {
		char *q = quoted(cr, result_cell(roles, i, 0));

		sb_addf(dbsql, "DROP ROLE %s;\n", q);
		free(q);
	}
	sb_add(dbsql, "COMMIT;\n");
}

static int drop_all(struct classroom *cr, const struct class_setup *s, const struct dbp_result *roles,
		    const struct dbp_result *dbs, struct strbuf *sql, struct strbuf *log, struct dbp_error *e)
{
	struct strlist each = { 0 };
	struct strbuf role_sql;
	int rc = 0;

	sb_init(&role_sql);
	drop_sql(cr, roles, dbs, &role_sql, &each);
	for (size_t i = 0; i < each.n; i++)
		sb_addf(sql, "%s;\n", each.v[i]);
	sb_add(sql, role_sql.s);
	for (size_t i = 0; !s->dry_run && i < each.n && rc == 0; i++) {
		rc = cr->ops->exec(cr->c, each.v[i], e);
		if (rc == 0)
			sb_addf(log, "database %s dropped\n", result_cell(dbs, (long)i, 0));
	}
	if (rc == 0 && !s->dry_run && cr->ops->exec(cr->c, role_sql.s, e) != 0) {
		cr->ops->exec(cr->c, "ROLLBACK", NULL);
		rc = -1;
	}
	for (long i = 0; rc == 0 && !s->dry_run && i < roles->nrows; i++)
		sb_addf(log, "role %s dropped\n", result_cell(roles, i, 0));
	if (rc != 0)
		err_prefix(e, "class drop stopped (what it dropped is listed above)");
	sl_free(&each);
	sb_free(&role_sql);
	return rc;
}

static int drop_checked(struct classroom *cr, const struct class_setup *s, struct dbp_result *roles,
			struct dbp_result *dbs, struct strbuf *sql, struct strbuf *log, struct dbp_error *e)
{
	int blocked, sessions;

	if (!roles->nrows && !dbs->nrows)
		return err_set(e, "no role or database on this server carries the marker of class \"%s\"; "
			       "nothing was dropped", s->name);
	blocked = blockers(cr, s->name, roles, log, e);
	if (blocked < 0)
		return -1;
	if (blocked)
		return err_set(e, "%d student%s still own%s what is listed above, so nothing was dropped. Each "
			       "student removes their own workspaces (`dbpatterns teardown all` with the command "
			       "line class create gave them), or you tear them down from the workspaces listing "
			       "(`dbpatterns workspaces`); anything else is theirs: move or drop it by hand "
			       "(REASSIGN OWNED / DROP OWNED in each database named), dbpatterns will not", blocked,
			       blocked == 1 ? "" : "s", blocked == 1 ? "s" : "");
	sessions = connected(cr, roles, dbs, log, e);
	if (sessions < 0)
		return -1;
	if (sessions)
		return err_set(e, "sessions of the class are connected (listed above), so nothing was dropped: "
			       "each student ends theirs first (quits dbpatterns and psql), then run class drop "
			       "again");
	return drop_all(cr, s, roles, dbs, sql, log, e);
}

static int say_strays(struct classroom *cr, const char *name, struct strbuf *log, struct dbp_error *e)
{
	struct dbp_result strays;

	if (find_marked(cr, name, MARKED_STRAYS, &strays, e) != 0)
		return -1;
	for (long i = 0; i < strays.nrows; i++)
		sb_addf(log, "database %s carries the marker of class %s but is no student's database of it "
			"(not named as a role of the class and owned by it): left alone\n",
			result_cell(&strays, i, 0), name);
	result_free(&strays);
	return 0;
}

int class_drop(struct classroom *cr, const struct class_setup *s, struct strbuf *sql, struct strbuf *log,
	       struct dbp_error *e)
{
	struct dbp_result roles, dbs;
	struct rights r;
	char *why;
	int rc;

	if (class_name_check(s->name, e) != 0 || read_rights(cr, &r, e) != 0)
		return -1;
	why = lacking(&r, 0);
	rc = why && !s->dry_run ? err_set(e, "%s", why) : 0;
	if (why && s->dry_run)
		sb_addf(sql, "-- this would be refused: %s\n\n", why);
	free(why);
	free(r.me);
	if (rc != 0 || find_marked(cr, s->name, MARKED_ROLES, &roles, e) != 0)
		return -1;
	if (find_marked(cr, s->name, MARKED_DATABASES, &dbs, e) != 0) {
		result_free(&roles);
		return -1;
	}
	rc = say_strays(cr, s->name, log, e);
	if (rc == 0)
		rc = drop_checked(cr, s, &roles, &dbs, sql, log, e);
	result_free(&roles);
	result_free(&dbs);
	return rc;
}
