/* shards_drop: lesson 11 taken away.  Every shard's server must answer
 * and every shard database must be ours (marker and manifest) before the
 * first thing is dropped; then the coordinator's links, each shard's
 * table and database. */
#include "shards.h"

#include <stdlib.h>
#include <string.h>

/* The one table the demo made there; a user's view on it stops this
 * (no CASCADE), and the database then stays. */
static int unlink_one(struct workspace *ws, struct dbp_conn *c, const char *name, struct strbuf *log,
		      struct dbp_error *e)
{
	char *sql = xasprintf("SELECT count(*) FROM pg_foreign_server WHERE srvname = '%s'", name);
	char *found = shards_lookup(ws, c, sql, e);
	int rc = found ? 0 : -1;

	free(sql);
	if (rc == 0 && strcmp(found, "0")) {
		sql = xasprintf("DROP FOREIGN TABLE IF EXISTS " SHARD_TABLE "_%s;\n"
				"DROP USER MAPPING IF EXISTS FOR CURRENT_USER SERVER %s;\n"
				"DROP SERVER %s RESTRICT;\n", name, name, name);
		rc = ws->ops->exec(c, sql, e);
		free(sql);
		if (rc == 0 && log)
			sb_addf(log, "the coordinator's link to %s dropped\n", name);
	}
	free(found);
	return rc;
}

/* The coordinator's foreign tables, user mappings and servers, dropped
 * (RESTRICT) before its database goes: a user's object on them stops it. */
static int pg_unlink(struct workspace *ws, const struct lesson *l, struct strbuf *log, struct dbp_error *e)
{
	const struct lesson_demo *d = shards_demo_of(l);
	const struct lesson_app *app = lesson_app_find(l, d->app);
	struct dbp_conn *c;
	char *home;
	int rc = 0, present = ws_database_present(ws, app->database, e);

	if (present != 1)
		return present;
	/* The coordinator's kept sessions (the console's) hold postgres_fdw
	 * connections to the shards, which would keep their databases from
	 * being dropped: they go first; the coordinator goes next anyway. */
	home = ws_db_name(ws, app->database);
	ws_sessions_close(ws, home);
	free(home);
	/* Our database (checked above): what is in it is the lesson's. */
	if (!(c = shards_coordinator(ws, l, d, e)))
		return -1;
	/* Every link there may be, however many shards this run names. */
	for (int i = 1; i <= DBP_MAX_SHARDS && rc == 0; i++) {
		char *name = xasprintf("shard_%d", i);

		rc = unlink_one(ws, c, name, log, e);
		free(name);
	}
	ws->ops->close(c);
	return rc;
}

static int drop_table(struct shard *s, struct dbp_error *e)
{
	struct dbp_conn *c = s->ws->ops->connect(s->ws->srv, s->db, NULL, NULL, e);
	int rc = c ? s->ws->ops->exec(c, "DROP TABLE IF EXISTS " SHARD_TABLE, e) : -1;

	if (c)
		s->ws->ops->close(c);
	return rc;
}

static int drop_shard_db(struct shard *s, struct strbuf *log, struct dbp_error *e)
{
	struct workspace *w = s->ws;
	int v = ws_db_verdict(w, s->db, e), rc = 0;

	if (v == DBP_NOT_OURS)
		return -1;
	if (v == DBP_UNMARKED)
		rc = w->ops->database_claim(w->srv, s->db, &w->owner, e);
	if (rc == 0 && v != DBP_ABSENT) {
		ws_sessions_close(w, s->db);
		rc = drop_table(s, e);
	}
	if (rc == 0 && v != DBP_ABSENT)
		rc = w->ops->database_drop(w->srv, s->db, &w->owner, e);
	if (rc == 0)
		rc = manifest_remove(w, "database", s->db, e);
	if (rc == 0 && v != DBP_ABSENT && log)
		sb_addf(log, "shard database %s dropped (%s)\n", s->db, w->ops->server_describe(w->srv));
	return rc;
}

/* Anything in a shard's database besides the demo's table is the user's
 * (a view on it, another table): it stops the teardown before it starts. */
static int user_objects_in(struct shard *s, struct dbp_error *e)
{
	struct workspace *w = s->ws;
	struct strlist ours = { 0 }, none = { 0 };
	struct dbp_user_scope scope = { 0 };
	struct dbp_conn *c = w->ops->connect(w->srv, s->db, NULL, NULL, e);
	char *found = NULL;
	int rc = c ? 0 : -1;

	sl_push_owned(&ours, xasprintf("%s." SHARD_TABLE, w->engine == DBP_POSTGRES ? "public" : "main"));
	scope.schemas = &none;
	scope.tables = &ours;
	if (c)
		rc = w->ops->user_objects(c, &scope, &found, e);
	if (rc == 0 && found && *found)
		rc = err_set(e, "%s holds %s, which dbpatterns did not create; drop or move it first "
			     "(nothing was changed)", s->db, found);
	if (c)
		w->ops->close(c);
	free(found);
	sl_free(&ours);
	return rc;
}

/* Every shard's server first: one that does not answer, a database that
 * is not ours, or one that holds the user's objects stops the teardown
 * before anything is dropped. */
static int check_shards(struct shard_set *set, struct dbp_error *e)
{
	for (size_t i = 0; i < set->n; i++) {
		struct shard *s = &set->v[i];
		int v;

		if (!s->ws && s->recorded)
			return err_set(e, "%s's server, where the manifest says its database %s lives, does not "
				       "answer (%s): nothing was dropped; give teardown the --shard that reaches it",
				       s->name, s->db, s->down.msg);
		if (!s->ws)
			return err_set(e, "%s's server does not answer (%s): its database %s is left, and nothing "
				       "was changed", s->name, s->down.msg, s->db);
		v = manifest_has(s->ws, "database", s->db) ? ws_db_verdict(s->ws, s->db, e) : DBP_ABSENT;
		if (v == DBP_NOT_OURS || (v == DBP_OURS && user_objects_in(s, e) != 0))
			return -1;
	}
	return 0;
}

/* Is the shard database db on the server id already in set? */
static int in_set(const struct shard_set *set, const char *id, const char *db)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].ws && !strcmp(set->v[i].db, db) &&
		    !strcmp(set->v[i].ws->ops->server_id(set->v[i].ws->srv), id))
			return 1;
	return 0;
}

/* A shard database the manifest lists on a server this run's --shard
 * flags no longer name (the demo had others, or none are given now)
 * would be left behind while teardown said it was done: each joins the
 * set, reached again through what its server id says. */
static void add_recorded(struct workspace *ws, struct shard_set *set)
{
	const char *home = ws->ops->server_id(ws->srv);

	for (size_t k = 1; k <= DBP_MAX_SHARDS; k++) {
		char *leaf = xasprintf("shard_%zu", k), *db = ws_db_name(ws, leaf);
		struct strlist servers = { 0 };

		manifest_servers(ws, "database", db, &servers);
		for (size_t i = 0; i < servers.n; i++) {
			char *dsn = strcmp(servers.v[i], home) ? pg_server_id_conninfo(servers.v[i]) : NULL;

			if (!in_set(set, servers.v[i], db) && (dsn || !strcmp(servers.v[i], home))) {
				shards_add(ws, set, k, dsn);
				set->v[set->n - 1].recorded = dsn != NULL;
			}
			free(dsn);
		}
		sl_free(&servers);
		free(db);
		free(leaf);
	}
}

/* The shards this teardown must reach: the run's, and those the
 * manifest lists elsewhere. */
static void teardown_set(struct workspace *ws, struct shard_set *set)
{
	shards_open(ws, set);
	if (ws->engine == DBP_POSTGRES)
		add_recorded(ws, set);
}

int shards_teardown_check(struct workspace *ws, const struct lesson *l, struct dbp_error *e)
{
	struct shard_set set = { 0 };
	int rc;

	if (!shards_demo_of(l))
		return 0;
	teardown_set(ws, &set);
	rc = check_shards(&set, e);
	shards_close(&set);
	return rc;
}

void shards_scope(struct workspace *ws, const struct lesson *l, const struct lesson_db *db,
		  struct strlist *tables)
{
	const struct lesson_demo *d = shards_demo_of(l);
	const struct lesson_app *app = d ? lesson_app_find(l, d->app) : NULL;

	if (!app || ws->engine != DBP_POSTGRES || strcmp(app->database, db->name))
		return;
	for (int i = 1; i <= DBP_MAX_SHARDS; i++)
		sl_push_owned(tables, xasprintf("public." SHARD_TABLE "_shard_%d", i));
}

int shards_teardown(struct workspace *ws, const struct lesson *l, const struct dbp_progress *p,
		    struct strbuf *log, struct dbp_error *e)
{
	struct shard_set set = { 0 };
	int rc;

	if (!shards_demo_of(l))
		return 0;
	teardown_set(ws, &set);
	rc = check_shards(&set, e);
	if (rc == 0 && ws->engine == DBP_POSTGRES)
		rc = pg_unlink(ws, l, log, e);
	for (size_t i = 0; i < set.n && rc == 0; i++) {
		if (progress_cancelled(p))
			rc = err_set(e, "cancelled");
		else if (manifest_has(set.v[i].ws, "database", set.v[i].db))
			rc = drop_shard_db(&set.v[i], log, e);
	}
	shards_close(&set);
	return rc;
}
