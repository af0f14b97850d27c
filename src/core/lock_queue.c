/* lock_queue: see lock_queue.h. */
#include "lock_queue.h"
#include "interrupt.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* The script of one run, in ms: lookups alone, then the lock taken, then
 * the migration, the lock kept until HOLD_MS after it was taken, lookups
 * alone again.  Short enough for a claim, long enough to see under load. */
enum { BASELINE_MS = 300, LEAD_MS = 200, HOLD_MS = 1200, AFTER_MS = 300, LOOKUP_GAP_MS = 10 };

struct lq_ctx {
	struct workspace *ws;
	struct dbp_conn *lookup, *alter;
	const char *probe, *alter_sql;
	int alone; /* alter outside a transaction: undo takes it away after */
	double t0;
	atomic_int stop;
	struct lq_phase *ph;
};

static double since(const struct lq_ctx *c)
{
	return now_ms() - c->t0;
}

/* The lookup session: one timed query every few ms until told to stop. */
static void *lookups(void *arg)
{
	struct lq_ctx *c = arg;
	struct lq_phase *ph = c->ph;

	while (!atomic_load(&c->stop) && ph->n < LQ_MAX_LOOKUPS) {
		struct dbp_result r = { 0 };
		double t = since(c);
		int rc = c->ws->ops->query(c->lookup, c->probe, &r, &ph->lookup_error);

		result_free(&r);
		if (rc != 0) {
			ph->lookups_failed = 1;
			break;
		}
		ph->start[ph->n] = t;
		ph->ms[ph->n++] = since(c) - t;
		sleep_ms(LOOKUP_GAP_MS);
	}
	return NULL;
}

/* The migration session: the statement waits for its lock, or gives up at
 * the lock timeout; either way its transaction rolls back. */
static void *migration(void *arg)
{
	struct lq_ctx *c = arg;
	struct dbp_error scratch;

	c->ph->alter_at = since(c);
	c->ph->alter_ok = (c->alone || c->ws->ops->exec(c->alter, "BEGIN", &c->ph->alter_error) == 0) &&
			  c->ws->ops->exec(c->alter, c->alter_sql, &c->ph->alter_error) == 0;
	c->ph->alter_done = since(c);
	if (!c->alone)
		c->ws->ops->exec(c->alter, "ROLLBACK", &scratch);
	return NULL;
}

static int stopped(const struct dbp_progress *p)
{
	return progress_cancelled(p) || interrupt_requested();
}

/* Sleep until ms after the run's start, waking early when cancelled. */
static void wait_until(const struct lq_ctx *c, double at, const struct dbp_progress *p)
{
	while (since(c) < at && !stopped(p))
		sleep_ms(10);
}

/* Every session bounded, so nothing can wait for ever whatever goes
 * wrong; the migration's session gets the run's lock timeout. */
static int prepare(struct workspace *ws, struct dbp_conn *const sessions[3], int timeout_ms,
		   struct dbp_error *e)
{
	struct dbp_conn *alter = sessions[2];
	char *sql = NULL;
	int rc = 0;

	if (ws->engine == DBP_POSTGRES) {
		for (int i = 0; i < 3 && rc == 0; i++)
			rc = ws->ops->exec(sessions[i], "SET statement_timeout = '10s'", e);
		if (timeout_ms)
			sql = xasprintf("SET lock_timeout = '%dms'", timeout_ms);
	} else if (timeout_ms) {
		sql = xasprintf("PRAGMA busy_timeout = %d", timeout_ms);
	}
	if (rc == 0 && sql)
		rc = ws->ops->exec(alter, sql, e);
	free(sql);
	return rc;
}

/* The holding session's transaction and the two threads, in order; the
 * holder always rolls back and both threads are always joined. */
static int stage(struct lq_ctx *c, struct dbp_conn *holder, const char *hold, const struct dbp_progress *p,
		 struct dbp_error *e)
{
	struct dbp_error scratch;
	pthread_t tl, ta;
	int rc = 0, started = 0;

	if (pthread_create(&tl, NULL, lookups, c) != 0)
		return err_set(e, "could not start the query session's thread");
	wait_until(c, BASELINE_MS, p);
	if (!stopped(p) && (rc = c->ws->ops->exec(holder, "BEGIN", e)) == 0 &&
	    (rc = c->ws->ops->query(holder, hold, NULL, e)) == 0) {
		c->ph->held_at = since(c);
		wait_until(c, c->ph->held_at + LEAD_MS, p);
		started = !stopped(p) && pthread_create(&ta, NULL, migration, c) == 0;
		wait_until(c, c->ph->held_at + HOLD_MS, p);
	}
	c->ws->ops->exec(holder, "ROLLBACK", &scratch);
	c->ph->released_at = since(c);
	if (started)
		pthread_join(ta, NULL);
	wait_until(c, c->ph->released_at + AFTER_MS, p);
	atomic_store(&c->stop, 1);
	pthread_join(tl, NULL);
	c->ph->ended_at = since(c);
	if (rc == 0 && stopped(p))
		rc = err_set(e, "cancelled");
	else if (rc == 0 && !started)
		rc = err_set(e, "could not start the migration session's thread");
	return rc;
}

static int run_phase(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d,
		     const struct dbp_progress *p, struct lq_phase *ph, struct dbp_error *e)
{
	const struct lesson_app *app = lesson_app_find(l, d->app);
	struct dbp_conn *holder = ws_connect_app(ws, l, app, e);
	struct dbp_conn *lookup = holder ? ws_connect_app(ws, l, app, e) : NULL;
	struct dbp_conn *alter = lookup ? ws_connect_app(ws, l, app, e) : NULL;
	struct lq_ctx c = { ws, lookup, alter, d->probe, claim_value_for(&d->alter, ws->engine),
			    d->no_transaction, 0, 0, ph };
	const char *undo = claim_value_for(&d->undo, ws->engine);
	struct dbp_conn *const sessions[3] = { holder, lookup, alter };
	int rc = alter ? prepare(ws, sessions, ph->timeout_ms, e) : -1;

	/* What a run cut short left (an index built, or left invalid) goes
	 * first; this run's own goes after, once no session waits. */
	if (rc == 0 && c.alone && undo)
		rc = ws->ops->exec(holder, undo, e);
	if (rc == 0) {
		c.t0 = now_ms();
		rc = stage(&c, holder, claim_value_for(&d->hold, ws->engine), p, e);
	}
	if (c.alone && undo && holder && ws->ops->exec(holder, undo, rc == 0 ? e : &(struct dbp_error){ 0 }) != 0)
		rc = -1;
	if (alter)
		ws->ops->close(alter);
	if (lookup)
		ws->ops->close(lookup);
	if (holder)
		ws->ops->close(holder);
	return rc;
}

int lock_queue_run(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d,
		   const struct dbp_progress *p, struct lq_result *r, struct dbp_error *e)
{
	memset(r, 0, sizeof *r);
	r->timed.timeout_ms = LQ_TIMEOUT_MS;
	progress_say(p, "%s: the migration waits for its lock", d->name);
	if (run_phase(ws, l, d, p, &r->plain, e) != 0)
		return -1;
	progress_say(p, "%s: the same with a lock timeout", d->name);
	return run_phase(ws, l, d, p, &r->timed, e);
}

/* ---- figures ------------------------------------------------------------ */

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double lq_median_before(const struct lq_phase *ph)
{
	double v[LQ_MAX_LOOKUPS];
	size_t n = 0;

	for (size_t i = 0; i < ph->n; i++)
		if (ph->start[i] + ph->ms[i] < ph->alter_at)
			v[n++] = ph->ms[i];
	if (!n)
		return NAN;
	qsort(v, n, sizeof *v, by_value);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A lookup that was running at some moment while the migration waited,
 * the one already on its way when the migration came included: on a
 * loaded machine none may start inside a short wait. */
static int waiting(const struct lq_phase *ph, size_t i)
{
	return ph->start[i] < ph->alter_done && ph->start[i] + ph->ms[i] > ph->alter_at;
}

double lq_slowest_waiting(const struct lq_phase *ph)
{
	double worst = NAN;

	for (size_t i = 0; i < ph->n; i++)
		if (waiting(ph, i) && !(ph->ms[i] <= worst))
			worst = ph->ms[i];
	return worst;
}

size_t lq_count_waiting(const struct lq_phase *ph)
{
	size_t n = 0;

	for (size_t i = 0; i < ph->n; i++)
		n += waiting(ph, i);
	return n;
}

double lq_alter_wait(const struct lq_phase *ph)
{
	return ph->alter_done - ph->alter_at;
}

/* ---- lines ---------------------------------------------------------------- */

/* A bar on a log scale, narrow enough for the screen's pane: 0.01 ms is
 * one mark, each tenfold adds four (1 ms: 9, 1 s: 21). */
static char *bar(double ms)
{
	int n = ms > 0.01 ? (int)(log10(ms / 0.01) * 4 + 1.5) : 1;

	n = n < 1 ? 1 : n > 24 ? 24 : n;
	return xasprintf("%.*s", n, "########################");
}

static void graph(const struct lq_phase *ph, struct dbp_lines *out)
{
	for (double from = 0; from < ph->ended_at; from += 100) {
		double worst = -1;
		int during = 0;
		char *b;

		for (size_t i = 0; i < ph->n; i++)
			if (ph->start[i] >= from && ph->start[i] < from + 100 && ph->ms[i] > worst) {
				worst = ph->ms[i];
				during = waiting(ph, i);
			}
		if (worst < 0 && from >= ph->alter_at - 100 && from < ph->alter_done)
			lines_addf(out, DBP_LINE_TEXT, "  %4.1f s *   (no query started: one still waits)",
				   from / 1000);
		if (worst < 0)
			continue;
		b = bar(worst);
		lines_addf(out, DBP_LINE_TEXT, "  %4.1f s %c %9.2f ms  %s", from / 1000, during ? '*' : ' ',
			   worst, b);
		free(b);
	}
}

/* The first run's wait: PostgreSQL's default waits for ever; every SQLite
 * connection of dbpatterns has a busy timeout. */
char *lq_plain_words(enum dbp_engine engine)
{
	return engine == DBP_POSTGRES ? xstrdup("without a lock timeout")
				      : xasprintf("with the usual busy_timeout = %d ms", DBP_SQLITE_BUSY_MS);
}

static const char *timeout_words(enum dbp_engine engine)
{
	return engine == DBP_POSTGRES ? "lock_timeout" : "busy_timeout";
}

static void phase_title(const struct lq_phase *ph, enum dbp_engine engine, struct dbp_lines *out)
{
	char *w = lq_plain_words(engine);

	if (ph->timeout_ms)
		lines_addf(out, DBP_LINE_TITLE, "With %s = %d ms on the migration's session",
			   timeout_words(engine), ph->timeout_ms);
	else
		lines_addf(out, DBP_LINE_TITLE, "%c%s", w[0] - 32, w + 1);
	free(w);
}

/* What the two transactions did, in the order it happened: the migration
 * gets its lock only once session 1 lets go, but gives up before. */
static void phase_events(const struct lq_phase *ph, const struct lesson_demo *d, enum dbp_engine engine,
			 struct dbp_lines *out)
{
	lines_addf(out, DBP_LINE_TEXT, "  %4.1f s  session 1: BEGIN; %s", ph->held_at / 1000,
		   claim_value_for(&d->hold, engine));
	lines_addf(out, DBP_LINE_TEXT, "  %4.1f s  session 2: %s%s", ph->alter_at / 1000,
		   d->no_transaction ? "" : "BEGIN; ", claim_value_for(&d->alter, engine));
	if (ph->released_at <= ph->alter_done)
		lines_addf(out, DBP_LINE_TEXT, "  %4.1f s  session 1: ROLLBACK", ph->released_at / 1000);
	if (ph->alter_ok)
		lines_addf(out, DBP_LINE_ADDED, "  %4.1f s  the migration went through after %.0f ms "
			   "(%s: nothing stays)", ph->alter_done / 1000, lq_alter_wait(ph),
			   d->no_transaction ? "then undone" : "then rolled back");
	else
		lines_addf(out, DBP_LINE_ERROR, "  %4.1f s  the migration gave up after %.0f ms: %s%s%s",
			   ph->alter_done / 1000, lq_alter_wait(ph), ph->alter_error.sqlstate,
			   ph->alter_error.sqlstate[0] ? " " : "", ph->alter_error.msg);
	if (ph->released_at > ph->alter_done)
		lines_addf(out, DBP_LINE_TEXT, "  %4.1f s  session 1: ROLLBACK", ph->released_at / 1000);
}

static void phase_lookups(const struct lq_phase *ph, const struct lesson_demo *d, struct dbp_lines *out)
{
	/* Drawn as a fault where the lookups clearly queued: the lesson's point. */
	int queued = lq_slowest_waiting(ph) > 10 * lq_median_before(ph);

	lines_addf(out, DBP_LINE_TEXT, "  session 3, all along: %s", d->probe);
	lines_addf(out, DBP_LINE_TEXT, "  queries before the migration: median %.2f ms", lq_median_before(ph));
	lines_addf(out, queued ? DBP_LINE_ERROR : DBP_LINE_TEXT, "  %zu quer%s ran while it waited: the "
		   "slowest %.2f ms", lq_count_waiting(ph), lq_count_waiting(ph) == 1 ? "y" : "ies",
		   lq_slowest_waiting(ph));
	if (ph->lookups_failed)
		lines_addf(out, DBP_LINE_ERROR, "  a query failed: %s%s%s", ph->lookup_error.sqlstate,
			   ph->lookup_error.sqlstate[0] ? " " : "", ph->lookup_error.msg);
	lines_add(out, DBP_LINE_TEXT, "  the slowest query started in each tenth of a second "
		  "(log scale; * ran while the migration waited):");
	graph(ph, out);
}

void lock_queue_lines(const struct lq_result *r, const struct lesson_demo *d, enum dbp_engine engine,
		      struct dbp_lines *out)
{
	const struct lq_phase *runs[] = { &r->plain, &r->timed };

	for (size_t i = 0; i < DBP_ARRAY_LEN(runs); i++) {
		phase_title(runs[i], engine, out);
		phase_events(runs[i], d, engine, out);
		phase_lookups(runs[i], d, out);
	}
}
