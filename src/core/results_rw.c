/* results_rw: runs written to the store and read back (results.h). */
#include "results_store.h"
#include "migrate.h"

#include <math.h>
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

char *results_applied_from(const struct lesson *l, struct migration_state *const *status)
{
	struct strbuf out;

	sb_init(&out);
	for (size_t i = 0; i < l->napps; i++) {
		if (!status[i]) {
			sb_free(&out);
			return NULL;
		}
		applied_of_app(&out, &l->apps[i], status[i]);
	}
	return sb_steal(&out);
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

/* "shop:001,002" as results_applied writes an app at version v. */
static char *applied_token(const char *app, int v)
{
	struct strbuf sb = { 0 };

	sb_addf(&sb, "%s:", app);
	if (v == 0)
		sb_addf(&sb, "none");
	for (int i = 1; i <= v; i++)
		sb_addf(&sb, "%s%03d", i > 1 ? "," : "", i);
	return sb_steal(&sb);
}

static const char q_kept_timing[] =
	"SELECT t.median_ms, t.n, t.round_trips, r.at, t.min_ms FROM timings t JOIN runs r ON r.id = t.run_id"
	" WHERE r.lesson = ?1 AND r.engine = ?2 AND t.workload = ?3"
	"  AND instr(' ' || r.applied || ' ', ' ' || ?4 || ' ') > 0 AND " DBP_TIMED_ROWS
	" ORDER BY r.id DESC LIMIT 1";

static int kept_timing(struct results_store *s, const struct lesson *l, const char *engine,
		       const char *workload, const char *token, struct bench_result *b, char **at,
		       struct dbp_error *e)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, q_kept_timing, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "reading it", e);
	sqlite3_bind_int(st, 1, l->number);
	sqlite3_bind_text(st, 2, engine, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, workload, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, token, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		b->stats.median = sqlite3_column_double(st, 0);
		b->stats.n = sqlite3_column_int(st, 1);
		b->round_trips = (long)sqlite3_column_int64(st, 2);
		*at = xstrdup((const char *)sqlite3_column_text(st, 3));
		b->stats.min = sqlite3_column_double(st, 4);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : store_fail(s, "reading it", e);
}

int results_kept_timing(struct workspace *ws, const struct lesson *l, const char *workload,
			const char *app, int v, struct bench_result *b, char **at, struct dbp_error *e)
{
	struct results_store *s = NULL;
	char *token = applied_token(app, v);
	int rc = results_open(ws->workdir, ws->id, 0, &s, e);

	if (rc == 1)
		rc = kept_timing(s, l, engine_name(ws->engine), workload, token, b, at, e);
	results_close(s);
	free(token);
	return rc;
}

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

/* ---- claims ------------------------------------------------------------------- */

static void bind_number(sqlite3_stmt *st, int col, double v)
{
	if (isnan(v))
		sqlite3_bind_null(st, col);
	else
		sqlite3_bind_double(st, col, isinf(v) ? 1e308 : v);
}

static void bind_verdict(sqlite3_stmt *st, const struct claim_verdict *v)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	sqlite3_bind_text(st, 3, v->claim->name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, claim_check_name(v->claim->check), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, claim_outcome_name(v->outcome), -1, SQLITE_STATIC);
	bind_number(st, 6, v->measured);
	bind_number(st, 7, v->expected);
	sqlite3_bind_text(st, 8, v->figure, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 9, v->detail, -1, SQLITE_TRANSIENT);
}

static int insert_claims(struct results_store *s, const struct lesson *l, const struct claims_report *rep,
			 const char *source, const char *at, struct dbp_error *e)
{
	sqlite3_stmt *st;
	int rc = SQLITE_DONE;

	if (sqlite3_prepare_v2(s->db, "INSERT INTO claims (at, lesson, slug, engine, claim, check_kind, outcome,"
			       " measured, expected, figure, detail, source, version) VALUES (?1, ?2, ?10, ?11, ?3,"
			       " ?4, ?5, ?6, ?7, ?8, ?9, ?12, ?13)", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "keeping the claims", e);
	for (size_t i = 0; i < rep->n && rc == SQLITE_DONE; i++) {
		bind_verdict(st, &rep->v[i]);
		sqlite3_bind_text(st, 1, at, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, l->number);
		sqlite3_bind_text(st, 10, l->slug, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 11, engine_name(rep->engine), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 12, source, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 13, PACKAGE_VERSION, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, "keeping the claims", e);
}

static int add_claims(struct results_store *s, const struct lesson *l, const struct claims_report *rep,
		      const char *source, struct dbp_error *e)
{
	char *at = results_now();
	int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ? 0
		 : store_fail(s, "starting to keep the claims", e);

	if (rc == 0 && insert_claims(s, l, rep, source, at, e) != 0)
		rc = -1;
	if (rc == 0 && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = store_fail(s, "committing the claims", e);
	if (rc != 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	free(at);
	return rc;
}

int results_record_claims(struct workspace *ws, const struct lesson *l, const struct claims_report *rep,
			  const char *source, struct dbp_error *e)
{
	struct results_store *s;
	int rc;

	if (!rep->n)
		return 0;
	rc = results_open(ws->workdir, ws->id, 1, &s, e) == 1 ? add_claims(s, l, rep, source, e) : -1;
	results_close(s);
	return rc;
}

static int has_table(struct results_store *s, const char *name)
{
	sqlite3_stmt *st;
	int yes = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1", -1,
			       &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return yes;
}

int results_latest_claims(struct results_store *s, struct dbp_result *out, struct dbp_error *e)
{
	static const enum dbp_type types[] = { DBP_TYPE_INTEGER, DBP_TYPE_TEXT, DBP_TYPE_TEXT,
		DBP_TYPE_TEXT, DBP_TYPE_TEXT, DBP_TYPE_TEXT, DBP_TYPE_REAL, DBP_TYPE_REAL, DBP_TYPE_TEXT,
		DBP_TYPE_TEXT, DBP_TYPE_TEXT, DBP_TYPE_TEXT };
	/* A store we could not step up (read-only, version 1) has no claims. */
	const char *sql = "SELECT c.lesson, c.slug, c.engine, c.claim, c.check_kind AS \"check\", c.outcome,"
		" round(c.measured, 3) AS measured, c.expected, c.figure, c.detail, c.at, c.source"
		" FROM claims c WHERE c.id = (SELECT max(id) FROM claims d WHERE d.lesson = c.lesson"
		" AND d.engine = c.engine AND d.claim = c.claim) AND ?1 = ?1"
		" ORDER BY c.lesson, c.engine, c.id";

	if (!has_table(s, "claims"))
		sql = "SELECT 0 AS lesson, '' AS slug, '' AS engine, '' AS claim, '' AS \"check\","
		      " '' AS outcome, 0 AS measured, 0 AS expected, '' AS figure, '' AS detail, '' AS at,"
		      " '' AS source WHERE ?1 <> ?1";
	return results_select(s, sql, 0, NULL, types, out, e);
}
