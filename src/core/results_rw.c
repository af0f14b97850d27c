/* results_rw: runs written to the store and read back (results.h). */
#include "results_store.h"
#include "migrate.h"

#include <stdlib.h>
#include <string.h>

/* ---- writing ------------------------------------------------------------- */

static int insert_run(struct results_store *s, const struct results_context *ctx, struct dbp_error *e)
{
	char *at = ctx->at ? xstrdup(ctx->at) : results_now();
	char *sql = sqlite3_mprintf("INSERT INTO runs (at, lesson, slug, engine, applied, version) "
				    "VALUES (%Q, %d, %Q, %Q, %Q, %Q)", at, ctx->lesson, ctx->slug,
				    ctx->engine, ctx->applied,
				    ctx->version ? ctx->version : PACKAGE_VERSION);
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	sqlite3_free(sql);
	free(at);
	return rc == SQLITE_OK ? 0 : store_fail(s, "keeping a run", e);
}

static void bind_ms(sqlite3_stmt *st, int col, double ms, int known)
{
	if (known)
		sqlite3_bind_double(st, col, ms);
	else
		sqlite3_bind_null(st, col);
}

/* One workload's figures; nothing timed (a refusal) leaves them NULL. */
static void bind_timing(sqlite3_stmt *st, sqlite3_int64 run, int ord, const struct bench_result *b)
{
	int timed = !b->failed && b->stats.n > 0;
	char *err = b->failed ? xasprintf("%s%s%s", b->error.sqlstate, b->error.sqlstate[0] ? " " : "",
					  b->error.msg) : NULL;

	sqlite3_bind_int64(st, 1, run);
	sqlite3_bind_int(st, 2, ord);
	sqlite3_bind_text(st, 3, b->workload, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, b->title ? b->title : b->workload, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 5, b->failed ? 0 : b->stats.n);
	bind_ms(st, 6, b->stats.median, timed);
	bind_ms(st, 7, b->stats.p95, timed);
	bind_ms(st, 8, b->stats.min, timed);
	bind_ms(st, 9, b->stats.max, timed);
	bind_ms(st, 10, b->cold_ms, !b->failed);
	if (timed) {
		sqlite3_bind_int64(st, 11, b->round_trips);
		sqlite3_bind_int64(st, 12, b->rows);
	}
	bind_ms(st, 13, b->server_ms, timed && b->server_ms >= 0);
	sqlite3_bind_int(st, 14, b->connections);
	sqlite3_bind_double(st, 15, b->connect_ms);
	if (err)
		sqlite3_bind_text(st, 16, err, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 17, b->cancelled);
	free(err);
}

static int insert_timings(struct results_store *s, const char *engine, const struct bench_result *b,
			  size_t n, struct dbp_error *e)
{
	sqlite3_int64 run = sqlite3_last_insert_rowid(s->db);
	sqlite3_stmt *st;
	int ord = 0, rc = SQLITE_DONE;

	if (sqlite3_prepare_v2(s->db, "INSERT INTO timings VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
			       "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "keeping a run", e);
	for (size_t i = 0; i < n && rc == SQLITE_DONE; i++) {
		if (strcmp(b[i].engine, engine))
			continue;
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		bind_timing(st, run, ++ord, &b[i]);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, "keeping a run", e);
}

static int has_engine(const struct bench_result *b, size_t n, const char *engine)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(b[i].engine, engine))
			return 1;
	return 0;
}

int results_add(struct results_store *s, const struct results_context *ctx,
		const struct bench_result *b, size_t n, struct dbp_error *e)
{
	if (!has_engine(b, n, ctx->engine))
		return 0; /* nothing was timed there: no empty run */
	/* IMMEDIATE: take the write lock first, so two writers queue on the
	 * busy timeout instead of one failing at its first insert. */
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, "starting to keep a run", e);
	if (insert_run(s, ctx, e) != 0 || insert_timings(s, ctx->engine, b, n, e) != 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(s, "committing a run", e);
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

/* ---- the context of a run -------------------------------------------------- */

static void applied_of_app(struct strbuf *out, const struct lesson_app *a,
			   const struct migration_state *st)
{
	int any = 0;

	sb_addf(out, "%s%s:", out->len ? " " : "", a->name);
	for (size_t j = 0; j < a->nmigrations; j++)
		if (st[j].applied)
			sb_addf(out, "%s%03d", any++ ? "," : "", st[j].version);
	if (!any)
		sb_add(out, "none");
}

char *results_applied(struct workspace *ws, const struct lesson *l, struct dbp_error *e)
{
	struct strbuf out;

	sb_init(&out);
	for (size_t i = 0; i < l->napps; i++) {
		struct migration_state *st;

		if (migrate_status(ws, l, &l->apps[i], &st, e) != 0) {
			sb_free(&out);
			return NULL;
		}
		applied_of_app(&out, &l->apps[i], st);
		free(st);
	}
	return sb_steal(&out);
}

int results_record(struct workspace *ws, const struct lesson *l, const struct bench_result *b,
		   size_t n, struct dbp_error *e)
{
	struct results_store *s;
	struct results_context ctx = { .lesson = l->number, .slug = l->slug,
				       .engine = engine_name(ws->engine) };
	char *applied;
	int rc;

	if (!has_engine(b, n, ctx.engine))
		return 0;
	/* Which migrations were in place is what makes a run comparable. */
	applied = results_applied(ws, l, e);
	if (!applied)
		return err_prefix(e, "timings not kept (the applied migrations could not be read)");
	ctx.applied = applied;
	rc = results_open(ws->workdir, ws->id, 1, &s, e) == 1 ? results_add(s, &ctx, b, n, e) : -1;
	results_close(s);
	free(applied);
	return rc;
}

/* ---- reading ------------------------------------------------------------------ */

int results_select(struct results_store *s, const char *sql, int lesson, const char *engine,
		   const enum dbp_type *types, struct dbp_result *out, struct dbp_error *e)
{
	sqlite3_stmt *st;
	const char **names;
	int rc, ncols;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "reading it", e);
	sqlite3_bind_int(st, 1, lesson);
	if (engine)
		sqlite3_bind_text(st, 2, engine, -1, SQLITE_TRANSIENT);
	ncols = sqlite3_column_count(st);
	names = xcalloc((size_t)ncols + 1, sizeof *names);
	for (int j = 0; j < ncols; j++)
		names[j] = sqlite3_column_name(st, j);
	result_init(out, ncols, names);
	free(names);
	for (int j = 0; j < ncols; j++)
		result_set_type(out, j, types[j]);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char **row = xcalloc((size_t)ncols, sizeof *row);

		for (int j = 0; j < ncols; j++)
			row[j] = (const char *)sqlite3_column_text(st, j);
		result_add_row(out, row);
		free(row);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, "reading it", e);
}

int results_history(struct results_store *s, int lesson, struct dbp_result *out, struct dbp_error *e)
{
	static const enum dbp_type types[] = { DBP_TYPE_INTEGER, DBP_TYPE_TEXT, DBP_TYPE_INTEGER,
		DBP_TYPE_TEXT, DBP_TYPE_TEXT, DBP_TYPE_TEXT, DBP_TYPE_TEXT, DBP_TYPE_INTEGER,
		DBP_TYPE_REAL, DBP_TYPE_REAL, DBP_TYPE_REAL, DBP_TYPE_REAL, DBP_TYPE_REAL,
		DBP_TYPE_INTEGER, DBP_TYPE_INTEGER, DBP_TYPE_REAL, DBP_TYPE_INTEGER, DBP_TYPE_REAL,
		DBP_TYPE_TEXT, DBP_TYPE_TEXT };

	return results_select(s,
		"SELECT r.id AS run, r.at, r.lesson, r.slug, r.engine, r.applied, t.workload, t.n,"
		" round(t.median_ms, 3) AS median_ms, round(t.p95_ms, 3) AS p95_ms,"
		" round(t.min_ms, 3) AS min_ms, round(t.max_ms, 3) AS max_ms,"
		" round(t.cold_ms, 3) AS cold_ms, t.round_trips, t.rows,"
		" round(t.server_ms, 3) AS server_ms, t.connections,"
		" round(t.connect_ms, 3) AS connect_ms, r.version,"
		" CASE WHEN t.error IS NOT NULL THEN 'fails as expected: ' || t.error"
		"      WHEN t.cancelled THEN 'cancelled' END AS note"
		" FROM timings t JOIN runs r ON r.id = t.run_id"
		" WHERE ?1 = 0 OR r.lesson = ?1 ORDER BY r.id, t.ord", lesson, NULL, types, out, e);
}
