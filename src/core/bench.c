/* bench: see bench.h. */
#include "bench.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void bench_stats_compute(double *samples, int n, struct bench_stats *out)
{
	double sum = 0;

	memset(out, 0, sizeof *out);
	if (n <= 0)
		return;
	qsort(samples, (size_t)n, sizeof *samples, by_value);
	for (int i = 0; i < n; i++)
		sum += samples[i];
	out->n = n;
	out->min = samples[0];
	out->max = samples[n - 1];
	out->mean = sum / n;
	out->median = n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
	/* Nearest rank: the smallest sample with at least 95% at or below it. */
	out->p95 = samples[(int)ceil(0.95 * n) - 1];
}

const char *bench_trips_word(const char *engine, long n)
{
	if (!strcmp(engine, engine_name(DBP_POSTGRES)))
		return n == 1 ? "round trip" : "round trips";
	return n == 1 ? "query" : "queries";
}

void bench_result_free(struct bench_result *r)
{
	free(r->slug);
	free(r->workload);
	free(r->title);
	free(r->engine);
	memset(r, 0, sizeof *r);
}

static char *placeholder_value(struct workspace *ws, const struct lesson *l, struct dbp_conn *c,
			       const char *kind, const char *appname, struct dbp_error *e)
{
	const struct lesson_app *app = lesson_app_find(l, appname);
	char *raw, *q;

	if (!app) {
		err_set(e, "placeholder names application \"%s\", which the lesson lacks", appname);
		return NULL;
	}
	if (!strcmp(kind, "db")) {
		/* How a query would name the other database's table: PostgreSQL
		 * spells it database.schema.table, SQLite database.table. */
		char *db = ws_db_name(ws, app->database);
		char *schema = app->schema ? ws_schema_name(ws, app->schema) : xstrdup("public");
		char *qdb = ws->ops->quote_ident(c, db), *qs = ws->ops->quote_ident(c, schema);

		q = ws->engine == DBP_POSTGRES ? xasprintf("%s.%s", qdb, qs) : xstrdup(qdb);
		free(db);
		free(schema);
		free(qdb);
		free(qs);
		return q;
	} else if (!strcmp(kind, "schema")) {
		raw = app->schema ? ws_schema_name(ws, app->schema)
				  : xstrdup(ws->engine == DBP_POSTGRES ? "public" : "main");
		q = ws->ops->schema_ref(c, raw);
	} else {
		err_set(e, "unknown placeholder {{%s:%s}} (schema or db)", kind, appname);
		return NULL;
	}
	free(raw);
	return q;
}

char *bench_expand(struct workspace *ws, const struct lesson *l, struct dbp_conn *c,
		   const char *sql, struct dbp_error *e)
{
	struct strbuf out;
	const char *p = sql, *open;

	sb_init(&out);
	while ((open = strstr(p, "{{"))) {
		const char *close = strstr(open, "}}"), *colon;
		char *kind, *app, *value;

		sb_addn(&out, p, (size_t)(open - p));
		colon = close ? memchr(open, ':', (size_t)(close - open)) : NULL;
		if (!close || !colon) {
			sb_free(&out);
			err_set(e, "unfinished placeholder (write {{schema:APP}} or {{db:APP}})");
			return NULL;
		}
		kind = xstrndup(open + 2, (size_t)(colon - open - 2));
		app = xstrndup(colon + 1, (size_t)(close - colon - 1));
		value = placeholder_value(ws, l, c, kind, app, e);
		free(kind);
		free(app);
		if (!value) {
			sb_free(&out);
			return NULL;
		}
		sb_add(&out, value);
		free(value);
		p = close + 2;
	}
	sb_add(&out, p);
	return sb_steal(&out);
}

/* ---- one run of a workload ----------------------------------------------- */

struct run_ctx {
	struct workspace *ws;
	const struct lesson *l;
	const struct workload *w;
	struct dbp_conn **conns; /* per step */
	char **sql;              /* per step, placeholders expanded */
	long round_trips, rows;
};

static char *literal_list(struct run_ctx *rc, struct dbp_conn *c, const struct dbp_result *prev)
{
	struct strbuf b;

	sb_init(&b);
	for (long i = 0; i < prev->nrows; i++) {
		const char *v = result_cell(prev, i, 0);
		char *lit = v ? rc->ws->ops->quote_literal(c, v) : xstrdup("NULL");

		sb_addf(&b, "%s%s", i ? ", " : "", lit ? lit : "NULL");
		free(lit);
	}
	if (!prev->nrows)
		sb_add(&b, "NULL");
	return sb_steal(&b);
}

static char *replace_token(const char *sql, const char *token, const char *value)
{
	struct strbuf b;
	const char *p = sql, *hit;

	sb_init(&b);
	while ((hit = strstr(p, token))) {
		sb_addn(&b, p, (size_t)(hit - p));
		sb_add(&b, value);
		p = hit + strlen(token);
	}
	sb_add(&b, p);
	return sb_steal(&b);
}

static int query_counted(struct run_ctx *rc, struct dbp_conn *c, const char *sql,
			 struct dbp_result *out, struct dbp_error *e)
{
	int r = rc->ws->ops->query(c, sql, out, e);

	rc->round_trips++;
	if (r == 0)
		rc->rows += out->nrows;
	return r;
}

/* Append b's rows to a (same shape). */
static void append_rows(struct dbp_result *a, const struct dbp_result *b)
{
	for (long i = 0; i < b->nrows; i++)
		result_add_row(a, (const char *const *)&b->cells[i * b->ncols]);
}

/* The N+1 shape: one query per row of the previous step. */
static int run_each(struct run_ctx *rc, size_t i, const struct dbp_result *prev,
		    struct dbp_result *out, struct dbp_error *e)
{
	struct dbp_conn *c = rc->conns[i];

	for (long r = 0; r < prev->nrows; r++) {
		const char *v = result_cell(prev, r, 0);
		char *lit = v ? rc->ws->ops->quote_literal(c, v) : xstrdup("NULL");
		char *sql = replace_token(rc->sql[i], ":id", lit ? lit : "NULL");
		struct dbp_result one = { 0 };
		int bad = query_counted(rc, c, sql, &one, e);

		free(lit);
		free(sql);
		if (bad)
			return -1;
		if (r == 0)
			result_init(out, one.ncols, (const char *const *)one.colnames);
		append_rows(out, &one);
		result_free(&one);
	}
	return 0;
}

static int run_step(struct run_ctx *rc, size_t i, const struct dbp_result *prev,
		    struct dbp_result *out, struct dbp_error *e)
{
	const struct wl_step *s = &rc->w->steps[i];
	char *ids, *sql;
	int r;

	if (s->mode == WL_ONCE)
		return query_counted(rc, rc->conns[i], rc->sql[i], out, e);
	if (s->mode == WL_EACH)
		return run_each(rc, i, prev, out, e);
	/* The client-side join: the previous step's keys sent back as a list. */
	ids = literal_list(rc, rc->conns[i], prev);
	sql = replace_token(rc->sql[i], ":ids", ids);
	r = query_counted(rc, rc->conns[i], sql, out, e);
	free(ids);
	free(sql);
	return r;
}

/* answer (may be NULL) keeps the last step's rows: what the workload says. */
static int run_once(struct run_ctx *rc, double *ms, struct dbp_result *answer, struct dbp_error *e)
{
	struct dbp_result prev = { 0 }, cur = { 0 };
	double t0 = now_ms();
	int r = 0;

	rc->round_trips = rc->rows = 0;
	for (size_t i = 0; r == 0 && i < rc->w->nsteps; i++) {
		memset(&cur, 0, sizeof cur);
		r = run_step(rc, i, &prev, &cur, e);
		result_free(&prev);
		prev = cur;
	}
	*ms = now_ms() - t0;
	if (answer && r == 0)
		*answer = prev;
	else
		result_free(&prev);
	return r;
}

/* ---- connections ----------------------------------------------------------- */

static void close_conns(struct run_ctx *rc)
{
	for (size_t i = 0; i < rc->w->nsteps; i++) {
		int shared = 0;

		for (size_t j = 0; j < i; j++)
			shared |= rc->conns[j] == rc->conns[i];
		if (!shared && rc->conns[i])
			rc->ws->ops->close(rc->conns[i]);
		free(rc->sql[i]);
	}
	free(rc->conns);
	free(rc->sql);
}

/* One handle per application, as the application would hold it. */
static int open_conns(struct run_ctx *rc, struct bench_result *out, const struct dbp_progress *p,
		      struct dbp_error *e)
{
	double t0 = now_ms();

	rc->conns = xcalloc(rc->w->nsteps, sizeof *rc->conns);
	rc->sql = xcalloc(rc->w->nsteps, sizeof *rc->sql);
	for (size_t i = 0; i < rc->w->nsteps; i++) {
		const char *app = rc->w->steps[i].app;

		for (size_t j = 0; j < i && !rc->conns[i]; j++)
			if (!strcmp(rc->w->steps[j].app, app))
				rc->conns[i] = rc->conns[j];
		if (!rc->conns[i]) {
			rc->conns[i] = ws_connect_app(rc->ws, rc->l, lesson_app_find(rc->l, app), e);
			if (!rc->conns[i])
				return -1;
			/* Esc stops even one long statement, not only between runs. */
			if (p && p->cancelled)
				rc->ws->ops->set_interrupt(rc->conns[i], p->cancelled, p->ctx);
			out->connections++;
		}
	}
	out->connect_ms = now_ms() - t0;
	for (size_t i = 0; i < rc->w->nsteps; i++)
		if (!(rc->sql[i] = bench_expand(rc->ws, rc->l, rc->conns[i], rc->w->steps[i].sql, e)))
			return -1;
	return 0;
}

static void server_time(struct run_ctx *rc, struct bench_result *out)
{
	out->server_ms = -1;
	if (rc->ws->engine != DBP_POSTGRES)
		return;
	out->server_ms = 0;
	for (size_t i = 0; i < rc->w->nsteps; i++) {
		double ms;

		/* SET and RESET have no plan; their session keeps what the runs set. */
		if (wl_step_sets_session(&rc->w->steps[i]))
			continue;
		ms = rc->w->steps[i].mode == WL_ONCE
			? rc->ws->ops->server_time_ms(rc->conns[i], rc->sql[i]) : -1;

		if (ms < 0) { /* per-row steps have no single plan to time */
			out->server_ms = -1;
			return;
		}
		out->server_ms += ms;
	}
}

/* ---- timing -------------------------------------------------------------- */

/* One workload being timed: its handles and its samples so far. */
struct timing {
	struct run_ctx rc;
	struct bench_result *out;
	double *samples;
	int n, reps;
	int timed; /* past the cold run: the samples are its timings */
};

/* Opens the handles and makes the cold run: 1 ready for the timed runs,
 * 0 finished already (cancelled, or refused as the lesson expects), -1
 * error.  timing_finish is due whatever it returns. */
static int timing_start(struct timing *t, struct workspace *ws, const struct lesson *l,
			const struct workload *w, int reps, const struct dbp_progress *p,
			struct bench_result *out, struct dbp_error *e)
{
	memset(t, 0, sizeof *t);
	t->rc = (struct run_ctx){ .ws = ws, .l = l, .w = w };
	t->out = out;
	/* A workload that costs seconds a run caps its own runs. */
	t->reps = w->reps && reps > w->reps ? w->reps : reps;
	t->samples = xcalloc((size_t)(t->reps > 0 ? t->reps : 1), sizeof *t->samples);

	memset(out, 0, sizeof *out);
	out->lesson = l->number;
	out->slug = xstrdup(l->slug);
	out->workload = xstrdup(w->name);
	out->title = xstrdup(w->title ? w->title : w->name);
	out->engine = xstrdup(engine_name(ws->engine));
	out->expect_error = workload_expects_error(w, ws->engine);
	out->server_ms = -1;
	if (open_conns(&t->rc, out, p, e) != 0)
		return -1;
	if (run_once(&t->rc, &out->cold_ms, NULL, &out->error) != 0 && progress_cancelled(p)) {
		out->cancelled = 1;
		return 0;
	}
	if (out->error.msg[0]) {
		/* An expected error is the lesson, not a failure of the tool. */
		out->failed = 1;
		if (out->expect_error)
			return 0;
		*e = out->error;
		return err_prefix(e, "workload %s", w->name);
	}
	t->timed = 1;
	return t->reps > 0;
}

/* One timed run: 1 more are due, 0 done (or cancelled), -1 error. */
static int timing_step(struct timing *t, const struct dbp_progress *p, struct dbp_error *e)
{
	if (progress_cancelled(p)) {
		t->out->cancelled = 1;
		return 0;
	}
	progress_say(p, "%s: run %d of %d", t->rc.w->name, t->n + 1, t->reps);
	if (run_once(&t->rc, &t->samples[t->n], NULL, e) != 0) {
		if (!progress_cancelled(p))
			return -1;
		t->out->cancelled = 1;
		return 0;
	}
	return ++t->n < t->reps;
}

/* The figures from the runs made, and the handles closed; r is what the
 * last start or step returned. */
static int timing_finish(struct timing *t, int r)
{
	if (t->timed) {
		t->out->round_trips = t->rc.round_trips;
		t->out->rows = t->rc.rows;
		bench_stats_compute(t->samples, t->n, &t->out->stats);
		if (r >= 0)
			server_time(&t->rc, t->out);
	}
	close_conns(&t->rc);
	free(t->samples);
	return r < 0 ? -1 : 0;
}

int bench_workload(struct workspace *ws, const struct lesson *l, const struct workload *w,
		   int reps, const struct dbp_progress *p, struct bench_result *out,
		   struct dbp_error *e)
{
	struct timing t;
	int r = timing_start(&t, ws, l, w, reps, p, out, e);

	while (r > 0)
		r = timing_step(&t, p, e);
	return timing_finish(&t, r);
}

/* Turn about, A B then B A: whatever else the machine is doing meanwhile
 * falls on both workloads alike, where timed one after the other a busy
 * spell can land on one only and move the ratio between them. */
int bench_pair(struct workspace *ws, const struct lesson *l, const struct workload *const w[2],
	       int reps, const struct dbp_progress *p, struct bench_result out[2], struct dbp_error *e)
{
	struct timing t[2];
	struct dbp_error err[2] = { 0 };
	int r[2] = { 0, 0 }, started = 1;

	r[0] = timing_start(&t[0], ws, l, w[0], reps, p, &out[0], &err[0]);
	/* A side that failed to start leaves the other unopened: its handles
	 * may hold locks the other's first run would wait for. */
	if (r[0] >= 0)
		r[1] = timing_start(&t[1], ws, l, w[1], reps, p, &out[1], &err[1]), started = 2;
	else
		memset(&out[1], 0, sizeof out[1]);
	/* One side's error stops both: the other is not stepped again. */
	for (int k = 0; (r[0] > 0 || r[1] > 0) && r[0] >= 0 && r[1] >= 0; k++)
		for (int j = 0; j < 2; j++) {
			int i = k % 2 ? 1 - j : j;

			if (r[i] > 0 && r[1 - i] >= 0)
				r[i] = timing_step(&t[i], p, &err[i]);
		}
	for (int i = 0; i < started; i++)
		timing_finish(&t[i], r[i]);
	for (int i = 0; i < 2; i++)
		if (r[i] < 0) {
			/* Which of the two the engine refused, in its own words. */
			*e = err[i];
			out[i].failed = 1;
			if (!out[i].error.msg[0])
				out[i].error = err[i];
			return -1;
		}
	return 0;
}

int bench_answer(struct workspace *ws, const struct lesson *l, const struct workload *w,
		 struct dbp_result *out, long *round_trips, struct dbp_error *e)
{
	struct run_ctx rc = { .ws = ws, .l = l, .w = w };
	struct bench_result counts = { 0 };
	double ms;
	int r;

	memset(out, 0, sizeof *out);
	r = open_conns(&rc, &counts, NULL, e);
	if (r == 0)
		r = run_once(&rc, &ms, out, e);
	*round_trips = rc.round_trips;
	close_conns(&rc);
	return r;
}
