/* provision: a lesson made real and taken away again, above the
 * workspace (names, markers, manifest, ownership, sessions, the prefix
 * lock) and the migration runner.  Provision and teardown decide the
 * ownership of every object they will touch first, then look for the
 * user's objects among them, and only then change anything. */
#include "provision.h"
#include "lesson_roles.h"
#include "migrate.h"
#include "shards.h"
#include "tenants.h"
#include "transfer.h"

#include <stdlib.h>
#include <string.h>

/* Recorded before the CREATE: a kill in between leaves a manifest line
 * for an absent schema (harmless) rather than a marked schema nobody
 * lists. */
int provision_schema_create(struct workspace *ws, struct dbp_conn *c, const char *dbname,
			    const char *schema, struct strbuf *log, struct dbp_error *e)
{
	char *key = ws_schema_key(dbname, schema);
	int rc = manifest_add(ws, "schema", key, e);

	if (rc == 0 && ws->ops->schema_create(c, schema, &ws->owner, e) != 0) {
		struct dbp_error why;
		int v = ws->ops->schema_owned(c, schema, &ws->owner, &why);

		if (v != DBP_OURS) /* never list what is not ours */
			manifest_remove(ws, "schema", key, &why);
		rc = -1;
	}
	if (rc == 0 && log)
		sb_addf(log, "schema %s.%s ready\n", dbname, schema);
	free(key);
	return rc;
}

/* The intent goes into the manifest first, so that a kill between the
 * CREATE and its marker leaves a database the next run can finish or
 * drop instead of one that both provision and teardown refuse. */
int provision_database_create(struct workspace *ws, const char *name, struct strbuf *log,
			      struct dbp_error *e)
{
	struct dbp_error why;

	if (manifest_add(ws, "database", name, e) != 0)
		return -1;
	if (ws->ops->database_create(ws->srv, name, &ws->owner, e) != 0) {
		if (ws->ops->database_owned(ws->srv, name, &ws->owner, &why) == DBP_ABSENT)
			manifest_remove(ws, "database", name, &why);
		return -1;
	}
	if (log)
		sb_addf(log, "database %s ready\n", name);
	return 0;
}

static int claim_database(struct workspace *ws, const char *name, struct strbuf *log,
			  struct dbp_error *e)
{
	if (ws->ops->database_claim(ws->srv, name, &ws->owner, e) != 0)
		return -1;
	if (log)
		sb_addf(log, "database %s: finished what an interrupted run began (it was empty "
			"and unmarked)\n", name);
	return 0;
}

static int provision_borrowed(struct workspace *ws, const struct lesson_db *db, struct strbuf *log,
			      struct dbp_error *e)
{
	char *own = ws_prefixed(ws->prefix, db->name), *name;
	/* Recorded first, so every later command maps the name the same way. */
	int rc = manifest_add(ws, "borrowed", own, e);

	if (rc == 0)
		sl_push(&ws->borrowed, own);
	name = ws_db_name(ws, db->name);
	if (rc == 0 && log)
		sb_addf(log, "no CREATEDB: lesson schemas go into your database %s\n", name);
	if (rc == 0)
		rc = ws_each_schema(provision_schema_create, ws, db, name, log, e);
	free(name);
	free(own);
	return rc;
}

static int provision_database(struct workspace *ws, const struct lesson_db *db, int borrow,
			      struct strbuf *log, struct dbp_error *e)
{
	char *name;
	int v, rc;

	if (borrow)
		return provision_borrowed(ws, db, log, e);
	name = ws_db_name(ws, db->name);
	v = ws_db_verdict(ws, name, e);
	rc = v == DBP_ABSENT ? provision_database_create(ws, name, log, e)
	     : v == DBP_UNMARKED ? claim_database(ws, name, log, e)
	     : v == DBP_OURS ? 0 : -1;
	if (rc == 0)
		rc = ws_each_schema(provision_schema_create, ws, db, name, log, e);
	free(name);
	return rc;
}

static int provision_app(struct workspace *ws, const struct lesson *l, const struct lesson_app *app,
			 const struct dbp_progress *p, struct strbuf *log, struct dbp_error *e)
{
	struct migrate_report rep = { 0 };
	int target = app->provision_to < 0 ? (int)app->nmigrations : app->provision_to;
	int current = 0, rc;

	if (migrate_current(ws, l, app, &current, e) != 0)
		return -1;
	if (current >= target)
		return 0; /* idempotent: already there (or beyond, by the user's hand) */
	progress_say(p, "migrating %s to version %d", app->name, target);
	rc = migrate_to(ws, l, app, target, 0, 0, p, &rep, e);
	if (log)
		migrate_report_log(&rep, app->name, log);
	migrate_report_free(&rep);
	return rc;
}

static int provision_locked(struct workspace *ws, const struct lesson *l, const struct dbp_progress *p,
			    struct strbuf *log, struct dbp_error *e)
{
	struct dbp_error why;
	int borrow = 0, can;

	if (ws_check_ownership(ws, l, e) != 0)
		return err_prefix(e, "provisioning changed nothing");
	can = ws->ops->can_create_databases(ws->srv, &why);
	if (can < 0)
		return err_set(e, "%s", why.msg);
	if (!can) {
		if (!workspace_can_run(ws, l))
			return err_set(e, "%s; lesson %d needs to create %zu database%s: ask for CREATEDB "
				       "or point --dsn at a role that has it", why.msg, l->number, l->ndbs,
				       l->ndbs == 1 ? "" : "s");
		borrow = !ws_database_present(ws, l->dbs[0].name, e) || ws_is_borrowed(ws, l->dbs[0].name);
	}
	for (size_t i = 0; i < l->ndbs; i++) {
		progress_say(p, "creating database %s", l->dbs[i].name);
		if (provision_database(ws, &l->dbs[i], borrow, log, e) != 0)
			return -1;
	}
	for (size_t i = 0; i < l->napps; i++) {
		if (progress_cancelled(p))
			return err_set(e, "cancelled");
		if (provision_app(ws, l, &l->apps[i], p, log, e) != 0)
			return err_prefix(e, "provisioning %s", l->apps[i].name);
	}
	return 0;
}

typedef int lesson_work(struct workspace *ws, const struct lesson *l, const struct dbp_progress *p,
			struct strbuf *log, struct dbp_error *e);

/* Names checked, then the prefix held for the whole of the work. */
static int under_lock(lesson_work *work, struct workspace *ws, const struct lesson *l,
		      const struct dbp_progress *p, struct strbuf *log, struct dbp_error *e)
{
	int rc;

	if (ws_check_names(ws, l, e) != 0)
		return -1;
	if (ws_lock(ws, p, e) != 0)
		return -1;
	rc = work(ws, l, p, log, e);
	ws_unlock(ws);
	return rc;
}

int workspace_provision(struct workspace *ws, const struct lesson *l, const struct dbp_progress *p,
			struct strbuf *log, struct dbp_error *e)
{
	return under_lock(provision_locked, ws, l, p, log, e);
}

/* ---- dry run --------------------------------------------------------------- */

static void plan_database(struct workspace *ws, const struct lesson_db *db, struct strbuf *out)
{
	char *name = ws_db_name(ws, db->name);

	if (ws->engine == DBP_POSTGRES)
		sb_addf(out, "-- on the server (any database):\nCREATE DATABASE \"%s\";\n"
			"COMMENT ON DATABASE \"%s\" IS '" DBP_MARKER_PREFIX "%s';\n\n", name, name, ws->prefix);
	else
		sb_addf(out, "-- sqlite3 %s.db\nPRAGMA application_id = %d;\n\n", name,
			DBP_SQLITE_APPLICATION_ID);
	for (size_t i = 0; i < db->schemas.n; i++) {
		char *schema = ws_schema_name(ws, db->schemas.v[i]);

		if (ws->engine == DBP_POSTGRES)
			sb_addf(out, "-- psql -d %s\nCREATE SCHEMA \"%s\";\n"
				"COMMENT ON SCHEMA \"%s\" IS '" DBP_MARKER_PREFIX "%s';\n\n",
				name, schema, schema, ws->prefix);
		else
			sb_addf(out, "-- sqlite3 %s.%s.db  (SQLite has no CREATE SCHEMA: a schema is a "
				"file of its own, attached as \"%s\")\nPRAGMA application_id = %d;\n\n",
				name, schema, schema, DBP_SQLITE_APPLICATION_ID);
		free(schema);
	}
	free(name);
}

static void plan_app(struct workspace *ws, const struct lesson_app *app, struct strbuf *out)
{
	int target = app->provision_to < 0 ? (int)app->nmigrations : app->provision_to;
	char *db = ws_db_name(ws, app->database);
	char *schema = app->schema ? ws_schema_name(ws, app->schema) : NULL;

	for (int v = 0; v < target; v++) {
		struct dbp_error e;
		char *sql = migration_sql(&app->migrations[v], ws->engine, 1, &e);

		sb_addf(out, "-- %s %s%s%s: migration %03d_%s\n", ws->engine == DBP_POSTGRES ? "psql -d" : "sqlite3",
			db, schema ? (ws->engine == DBP_POSTGRES ? "  with search_path = " : ".") : "",
			schema ? schema : "", v + 1, app->migrations[v].name);
		if (ws->engine == DBP_SQLITE && schema)
			sb_add(out, "-- (the schema's own file)\n");
		if (schema && ws->engine == DBP_POSTGRES)
			sb_addf(out, "SET search_path TO \"%s\";\n", schema);
		sb_addf(out, "BEGIN;\n%s\nCOMMIT;\n\n", sql ? sql : e.msg);
		free(sql);
	}
	free(db);
	free(schema);
}

void workspace_plan(struct workspace *ws, const struct lesson *l, struct strbuf *out)
{
	for (size_t i = 0; i < l->ndbs; i++)
		plan_database(ws, &l->dbs[i], out);
	for (size_t i = 0; i < l->napps; i++)
		plan_app(ws, &l->apps[i], out);
}

/* ---- teardown ---------------------------------------------------------------- */

static int teardown_app(struct workspace *ws, const struct lesson *l, const struct lesson_app *app,
			const struct dbp_progress *p, struct strbuf *log, struct dbp_error *e)
{
	struct migrate_report rep = { 0 };
	int current = 0, rc;

	if (migrate_current(ws, l, app, &current, e) != 0)
		return -1;
	if (current > 0) {
		progress_say(p, "rolling back %s", app->name);
		rc = migrate_to(ws, l, app, 0, 0, 0, p, &rep, e);
		if (log)
			migrate_report_log(&rep, app->name, log);
		migrate_report_free(&rep);
		if (rc != 0)
			return -1;
	}
	return migrate_forget(ws, l, app, e);
}

int provision_schema_drop(struct workspace *ws, struct dbp_conn *c, const char *dbname,
			  const char *schema, struct strbuf *log, struct dbp_error *e)
{
	char *key = ws_schema_key(dbname, schema);
	int v = ws_schema_verdict(ws, c, dbname, schema, e), rc = -1;

	if (v == DBP_ABSENT)
		rc = manifest_remove(ws, "schema", key, e);
	else if (v == DBP_OURS && ws->ops->schema_drop(c, schema, &ws->owner, e) == 0)
		rc = manifest_remove(ws, "schema", key, e);
	if (rc == 0 && v == DBP_OURS && log)
		sb_addf(log, "schema %s.%s dropped\n", dbname, schema);
	free(key);
	return rc;
}

static int teardown_borrowed(struct workspace *ws, const struct lesson_db *db, const char *name,
			     struct strbuf *log, struct dbp_error *e)
{
	/* Not ours to drop: only our schemas go. */
	char *own = ws_prefixed(ws->prefix, db->name);
	int rc;

	ws_sessions_close(ws, name); /* no session of ours may hold a schema that goes */
	rc = ws_each_schema(provision_schema_drop, ws, db, name, log, e);

	if (rc == 0)
		rc = manifest_remove(ws, "borrowed", own, e);
	if (rc == 0) {
		for (size_t i = 0; i < ws->borrowed.n; i++)
			if (!strcmp(ws->borrowed.v[i], own))
				ws->borrowed.v[i][0] = '\0';
		if (log)
			sb_addf(log, "your database %s is left as it was\n", name);
	}
	free(own);
	return rc;
}

static int forget_schemas(struct workspace *ws, const struct lesson_db *db, const char *dbname,
			  struct dbp_error *e)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < db->schemas.n; i++) {
		char *schema = ws_schema_name(ws, db->schemas.v[i]), *key = ws_schema_key(dbname, schema);

		rc = manifest_remove(ws, "schema", key, e);
		free(key);
		free(schema);
	}
	return rc;
}

static int teardown_database(struct workspace *ws, const struct lesson_db *db, struct strbuf *log,
			     struct dbp_error *e)
{
	char *name = ws_db_name(ws, db->name);
	int v, rc;

	if (ws_is_borrowed(ws, db->name)) {
		rc = teardown_borrowed(ws, db, name, log, e);
		free(name);
		return rc;
	}
	v = ws_db_verdict(ws, name, e);
	if (v == DBP_ABSENT) {
		/* Its schemas went with it (schema_files_check saw to SQLite's). */
		rc = forget_schemas(ws, db, name, e);
		if (rc == 0)
			rc = manifest_remove(ws, "database", name, e);
	} else if (v != DBP_OURS && v != DBP_UNMARKED) {
		rc = -1;
	} else {
		rc = v == DBP_UNMARKED ? claim_database(ws, name, log, e) : 0;
		ws_sessions_close(ws, name);
		if (rc == 0)
			rc = ws_each_schema(provision_schema_drop, ws, db, name, log, e);
		/* A database with a session open on it cannot be dropped. */
		ws_sessions_close(ws, name);
		if (rc == 0)
			rc = ws->ops->database_drop(ws->srv, name, &ws->owner, e);
		if (rc == 0)
			rc = manifest_remove(ws, "database", name, e);
		if (rc == 0 && log)
			sb_addf(log, "database %s dropped\n", name);
	}
	free(name);
	return rc;
}

/* What a lock_queue demonstration's migration may leave when it is cut
 * short before its undo (CREATE INDEX CONCURRENTLY's index, lesson 9). */
static void demos_created_relations(const struct lesson *l, const struct lesson_app *app,
				    enum dbp_engine engine, struct strlist *out)
{
	for (size_t i = 0; i < l->ndemos; i++)
		if (l->demos[i].kind == DEMO_LOCK_QUEUE && l->demos[i].app &&
		    !strcmp(l->demos[i].app, app->name))
			sql_created_relations(claim_value_for(&l->demos[i].alter, engine), out);
}

/* The lesson's own tables, views, triggers, functions and indexes in a
 * database, as
 * "schema.name" (all its apps), with the history tables dbpatterns keeps
 * beside them. */
static void lesson_tables_in(struct workspace *ws, const struct lesson *l, const char *lesson_db,
			     struct strlist *out)
{
	for (size_t i = 0; i < l->napps; i++) {
		const struct lesson_app *app = &l->apps[i];
		struct strlist names = { 0 };
		char *schema;

		if (strcmp(app->database, lesson_db) != 0)
			continue;
		schema = app->schema ? ws_schema_name(ws, app->schema)
			 : xstrdup(ws->engine == DBP_POSTGRES ? "public" : "main");
		migrations_created_relations(app, ws->engine, &names);
		demos_created_relations(l, app, ws->engine, &names);
		sl_push_owned(&names, xasprintf("dbpatterns_history_%s", app->name));
		for (size_t j = 0; j < names.n; j++)
			sl_push_owned(out, xasprintf("%s.%s", schema, names.v[j]));
		sl_free(&names);
		free(schema);
	}
}

/* Before anything is dropped: anything in a lesson database (or, in a
 * borrowed one, in our schemas) that the lesson did not create is the
 * user's -- a view, trigger, table, sequence, schema, or a foreign key
 * into a lesson table -- and must stop the teardown before it starts. */
static int preflight_db(struct workspace *ws, const struct lesson *l, const struct lesson_db *db,
			struct dbp_error *e)
{
	char *name = ws_db_name(ws, db->name), *found = NULL;
	struct strlist ours = { 0 }, tables = { 0 };
	struct dbp_user_scope scope = { 0 };
	struct dbp_conn *c = NULL;
	int rc = 0;

	ws_schema_names(ws, db, &ours);
	lesson_tables_in(ws, l, db->name, &tables);
	/* What lessons 5 and 11 made there besides: still to be dropped. */
	tenants_scope(ws, l, db, &ours, &tables);
	shards_scope(ws, l, db, &tables);
	scope.borrowed = ws_is_borrowed(ws, db->name);
	scope.schemas = &ours;
	scope.tables = &tables;
	if (ws_database_present(ws, db->name, e) == 1) {
		c = ws_session_db(ws, db, e);
		rc = c ? ws->ops->user_objects(c, &scope, &found, e) : -1;
	}
	if (rc == 0 && found && *found)
		rc = err_set(e, "%s holds %s, which dbpatterns did not create; drop or move it first "
			     "(nothing was changed)", name, found);
	sl_free(&ours);
	sl_free(&tables);
	free(found);
	free(name);
	return rc;
}

/* On SQLite a schema is a file of its own.  With the database's file
 * removed by hand, its schemas' files stay, and forgetting the database
 * would call the lesson torn down while they remain. */
static int schema_files_check(struct workspace *ws, const struct lesson *l, struct dbp_error *e)
{
	for (size_t i = 0; ws->ops->schema_outlived && i < l->ndbs; i++) {
		const struct lesson_db *db = &l->dbs[i];
		char *name, *left = NULL;

		if (!db->schemas.n || ws_database_present(ws, db->name, e) != 0)
			continue;
		name = ws_db_name(ws, db->name);
		for (size_t j = 0; !left && j < db->schemas.n; j++) {
			char *schema = ws_schema_name(ws, db->schemas.v[j]);

			left = ws->ops->schema_outlived(ws->srv, name, schema);
			free(schema);
		}
		if (left) {
			err_set(e, "database %s is gone, but the file of one of its schemas is still there (%s): "
				"run provision %d to bring the database back, then teardown %d (nothing was "
				"changed)", name, left, l->number, l->number);
			free(left);
			free(name);
			return -1;
		}
		free(name);
	}
	return 0;
}

static int teardown_lesson(struct workspace *ws, const struct lesson *l, const struct dbp_progress *p,
			   struct strbuf *log, struct dbp_error *e)
{
	/* Ownership before change: every part's objects, and the user's
	 * among them, before the first ROLLBACK PREPARED or DROP of any. */
	if (transfer_teardown_check(ws, l, e) != 0)
		return err_prefix(e, "teardown stopped at a prepared transaction");
	if (tenants_teardown_check(ws, l, e) != 0)
		return err_prefix(e, "teardown stopped at the tenants");
	if (shards_teardown_check(ws, l, e) != 0)
		return err_prefix(e, "teardown stopped at the shards");
	if (schema_files_check(ws, l, e) != 0)
		return err_prefix(e, "teardown stopped");
	for (size_t i = 0; i < l->ndbs; i++)
		if (preflight_db(ws, l, &l->dbs[i], e) != 0)
			return err_prefix(e, "teardown stopped");
	/* Prepared transactions (lesson 12's demo cut short) hold locks
	 * every DROP below would wait for. */
	if (transfer_teardown(ws, l, log, e) != 0)
		return err_prefix(e, "teardown stopped at a prepared transaction");
	if (tenants_teardown(ws, l, p, log, e) != 0)
		return err_prefix(e, "teardown stopped at the tenants");
	/* Lesson 11's shards before the coordinator: its links to them go
	 * first. */
	if (shards_teardown(ws, l, p, log, e) != 0)
		return err_prefix(e, "teardown stopped at the shards");
	/* Apps in reverse: a later app's tables may point at an earlier one's. */
	for (size_t i = l->napps; i-- > 0;) {
		const struct lesson_app *app = &l->apps[i];
		int present = ws_database_present(ws, app->database, e) == 1;

		if (present && teardown_app(ws, l, app, p, log, e) != 0)
			return err_prefix(e, "teardown stopped at %s", app->name);
	}
	for (size_t i = 0; i < l->ndbs; i++)
		if (teardown_database(ws, &l->dbs[i], log, e) != 0)
			return err_prefix(e, "teardown stopped");
	return 0;
}

static int teardown_locked(struct workspace *ws, const struct lesson *l, const struct dbp_progress *p,
			   struct strbuf *log, struct dbp_error *e)
{
	struct strlist roles = { 0 };
	int rc;

	/* Ownership before change: every object first, then the user's
	 * objects among them, and only then the first DROP or ROLLBACK. */
	if (ws_check_ownership(ws, l, e) != 0 || lesson_roles_ours(ws, l, &roles, e) != 0)
		rc = err_prefix(e, "teardown changed nothing");
	else
		rc = teardown_lesson(ws, l, p, log, e);
	/* Roles last: their grants went with the lesson's databases. */
	if (rc == 0 && lesson_roles_drop(ws, &roles, log, e) != 0)
		rc = err_prefix(e, "teardown stopped");
	sl_free(&roles);
	return rc;
}

int workspace_teardown(struct workspace *ws, const struct lesson *l, const struct dbp_progress *p,
		       struct strbuf *log, struct dbp_error *e)
{
	return under_lock(teardown_locked, ws, l, p, log, e);
}
