/* claim_checks: see claim_checks.h. */
#include "claim_checks.h"
#include "bench.h"
#include "explain.h"
#include "results.h"
#include "roundtrip.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const struct workload *workload_of(const struct claim_run *run, const struct claim_side *s)
{
	return lesson_workload_find(run->l, s->workload);
}

const char *claim_value_here(const struct claim_run *run, const struct claim_value *cv)
{
	return claim_value_for(cv, run->ws->engine);
}

void claim_verdict_set(struct claim_verdict *v, enum claim_outcome o, char *figure, char *detail)
{
	v->outcome = o;
	free(v->figure);
	free(v->detail);
	v->figure = figure;
	v->detail = detail;
}

/* A workload the engine refused where rows were claimed: the claim fails
 * with the engine's words. */
static void refused(struct claim_verdict *v, const char *workload, const struct dbp_error *e)
{
	claim_verdict_set(v, CLAIM_FAILED, xasprintf("%s failed", workload),
		xasprintf("%s%s%s", e->sqlstate, e->sqlstate[0] ? " " : "", e->msg));
}

/* The side's rows: 1 read, 0 the engine refused (verdict failed or, when
 * the side could not be reached, skipped), -1 cancelled. */
static int answer(struct claim_run *run, const struct claim_side *s, struct dbp_result *rows,
		  long *trips, struct claim_verdict *v, struct dbp_error *e)
{
	struct dbp_error we;
	int r = run->reach(run, s, v, e);

	if (r <= 0)
		return r;
	if (bench_answer(run->ws, run->l, workload_of(run, s), rows, trips, &we) == 0)
		return 1;
	if (progress_cancelled(run->p))
		return err_set(e, "cancelled");
	refused(v, s->workload, &we);
	return 0;
}

static const char *trips_word(const struct claim_run *run, long n)
{
	return bench_trips_word(engine_name(run->ws->engine), n);
}

/* ---- same_rows, rows, fails -------------------------------------------------- */

static long first_difference(const struct dbp_result *a, const struct dbp_result *b)
{
	for (long i = 0; i < a->nrows && i < b->nrows; i++)
		for (int j = 0; j < a->ncols; j++) {
			const char *x = result_cell(a, i, j), *y = result_cell(b, i, j);

			if ((!x || !y) ? x != y : strcmp(x, y) != 0)
				return i;
		}
	return a->nrows == b->nrows ? -1 : (a->nrows < b->nrows ? a->nrows : b->nrows);
}

static void compare_rows(const struct claim_run *run, const struct dbp_result *a, long ta,
			 const struct dbp_result *b, long tb, struct claim_verdict *v)
{
	const char *na = run->c->side.workload, *nb = run->c->versus.workload;
	long at = a->ncols == b->ncols ? first_difference(a, b) : 0;
	char *detail = xasprintf("%s: %ld %s in %ld %s; %s: %ld %s in %ld %s", na, a->nrows,
				 a->nrows == 1 ? "row" : "rows", ta, trips_word(run, ta), nb, b->nrows,
				 b->nrows == 1 ? "row" : "rows", tb, trips_word(run, tb));

	/* One value a side (a catalog figure): show both, the figure itself. */
	if (a->nrows == 1 && b->nrows == 1 && a->ncols == 1 && b->ncols == 1) {
		const char *x = result_cell(a, 0, 0), *y = result_cell(b, 0, 0);
		char *with = xasprintf("%s; the value %s, then %s", detail, x ? x : "NULL", y ? y : "NULL");

		free(detail);
		detail = with;
	}

	v->measured = (double)a->nrows;
	if (at < 0)
		claim_verdict_set(v, CLAIM_PASSED, xasprintf("%ld %s, identical, in the same order", a->nrows, a->nrows == 1 ? "row" : "rows"), detail);
	else if (a->ncols != b->ncols)
		claim_verdict_set(v, CLAIM_FAILED, xasprintf("%d columns against %d", a->ncols, b->ncols), detail);
	else if (a->nrows != b->nrows && at == (a->nrows < b->nrows ? a->nrows : b->nrows))
		claim_verdict_set(v, CLAIM_FAILED, xasprintf("%ld rows against %ld", a->nrows, b->nrows), detail);
	else
		claim_verdict_set(v, CLAIM_FAILED, xasprintf("row %ld differs", at + 1), detail);
}

/* differ: the claim is the opposite of same_rows (a catalog figure that
 * a migration changed): its verdict turned round, saying where. */
static void turn_round(struct claim_verdict *v)
{
	char *figure = v->figure;

	if (v->outcome == CLAIM_PASSED) {
		v->outcome = CLAIM_FAILED;
		v->figure = xasprintf("%s: expected them to differ", figure);
	} else {
		v->outcome = CLAIM_PASSED;
		v->figure = xasprintf("they differ, as claimed: %s", figure);
	}
	free(figure);
}

static int check_same_rows(struct claim_run *run, struct claim_verdict *v, struct dbp_error *e)
{
	struct dbp_result a = { 0 }, b = { 0 };
	long ta = 0, tb = 0;
	int r = answer(run, &run->c->side, &a, &ta, v, e);

	if (r > 0 && (r = answer(run, &run->c->versus, &b, &tb, v, e)) > 0) {
		compare_rows(run, &a, ta, &b, tb, v);
		if (run->c->check == CLAIM_DIFFER)
			turn_round(v);
	}
	result_free(&a);
	result_free(&b);
	return r < 0 ? -1 : 0;
}

static int check_rows(struct claim_run *run, struct claim_verdict *v, struct dbp_error *e)
{
	struct dbp_result a = { 0 };
	long trips = 0, want = atol(claim_value_here(run, &run->c->rows));
	int r = answer(run, &run->c->side, &a, &trips, v, e);

	if (r > 0) {
		v->measured = (double)a.nrows;
		v->expected = (double)want;
		claim_verdict_set(v, a.nrows == want ? CLAIM_PASSED : CLAIM_FAILED,
			a.nrows == want ? xasprintf("%ld %s, measured", a.nrows, a.nrows == 1 ? "row" : "rows")
					: xasprintf("%ld %s: expected %ld", a.nrows, a.nrows == 1 ? "row" : "rows", want),
			xasprintf("%s in %ld %s", run->c->side.workload, trips, trips_word(run, trips)));
	}
	result_free(&a);
	return r < 0 ? -1 : 0;
}

static void judge_failure(const struct claim_run *run, const struct dbp_error *we, struct claim_verdict *v)
{
	const char *state = claim_value_here(run, &run->c->sqlstate), *words = claim_value_here(run, &run->c->message);
	char *detail = xasprintf("%s%s%s", we->sqlstate, we->sqlstate[0] ? " " : "", we->msg);

	if (state && strcmp(state, we->sqlstate) != 0)
		claim_verdict_set(v, CLAIM_FAILED, xasprintf("failed with SQLSTATE %s: expected %s",
						   we->sqlstate[0] ? we->sqlstate : "(none)", state), detail);
	else if (words && !strstr(we->msg, words))
		claim_verdict_set(v, CLAIM_FAILED, xasprintf("failed, but without \"%s\"", words), detail);
	else
		claim_verdict_set(v, CLAIM_PASSED, xasprintf("fails as claimed%s%s", state ? " with " : "",
						   state ? state : ""), detail);
}

/* ---- a migration tried: fails, migrates ---------------------------------------- */

static int check_migration(struct claim_run *run, struct claim_verdict *v, struct dbp_error *e)
{
	const struct claim_side *m = &run->c->migration;
	struct dbp_error we;
	int r;

	err_clear(&we);
	r = run->attempt(run, m, v, &we, e);
	if (r < 0 || (r == 0 && v->outcome == CLAIM_SKIPPED))
		return r;
	if (r > 0 && run->c->check == CLAIM_MIGRATES)
		claim_verdict_set(v, CLAIM_PASSED, xasprintf("%s %03d applied, as claimed", m->app, m->version),
			xstrdup("check-lessons put it back afterwards"));
	else if (r > 0)
		claim_verdict_set(v, CLAIM_FAILED, xasprintf("%s %03d was applied", m->app, m->version),
			xasprintf("expected the engine to refuse migration %03d", m->version));
	else if (run->c->check == CLAIM_MIGRATES)
		claim_verdict_set(v, CLAIM_FAILED, xasprintf("%s %03d was refused", m->app, m->version),
			xasprintf("%s%s%s", we.sqlstate, we.sqlstate[0] ? " " : "", we.msg));
	else
		judge_failure(run, &we, v);
	return 0;
}

static int check_fails(struct claim_run *run, struct claim_verdict *v, struct dbp_error *e)
{
	struct dbp_result rows = { 0 };
	struct dbp_error we;
	long trips = 0;
	int r;

	if (run->c->migration.app)
		return check_migration(run, v, e);
	r = run->reach(run, &run->c->side, v, e);

	if (r <= 0)
		return r;
	err_clear(&we);
	if (bench_answer(run->ws, run->l, workload_of(run, &run->c->side), &rows, &trips, &we) == 0)
		claim_verdict_set(v, CLAIM_FAILED, xasprintf("it succeeded (%ld rows)", rows.nrows),
			xasprintf("expected the engine to refuse %s", run->c->side.workload));
	else if (progress_cancelled(run->p))
		r = err_set(e, "cancelled");
	else
		judge_failure(run, &we, v);
	result_free(&rows);
	return r < 0 ? -1 : 0;
}

/* ---- plan ------------------------------------------------------------------------ */

static int plan_shows(const struct dbp_lines *plan, const char *what)
{
	for (size_t i = 0; i < plan->n; i++)
		if (plan->v[i].role == DBP_LINE_TEXT && strstr(plan->v[i].text, what))
			return 1;
	return 0;
}

static int check_plan(struct claim_run *run, struct claim_verdict *v, struct dbp_error *e)
{
	const char *has = claim_value_here(run, &run->c->plan_has), *lacks = claim_value_here(run, &run->c->plan_lacks);
	struct dbp_error we;
	int r = run->reach(run, &run->c->side, v, e);

	if (r <= 0)
		return r;
	if (explain_workload(run->ws, run->l, workload_of(run, &run->c->side), &v->plan, &we) != 0)
		refused(v, run->c->side.workload, &we);
	else if (has && !plan_shows(&v->plan, has))
		claim_verdict_set(v, CLAIM_FAILED, xasprintf("the plan lacks \"%s\"", has), NULL);
	else if (lacks && plan_shows(&v->plan, lacks))
		claim_verdict_set(v, CLAIM_FAILED, xasprintf("the plan shows \"%s\"", lacks), NULL);
	else
		claim_verdict_set(v, CLAIM_PASSED, has ? xasprintf("the plan shows \"%s\"", has)
					     : xasprintf("the plan has no \"%s\"", lacks), NULL);
	return 0;
}

/* ---- slower ------------------------------------------------------------------------ */

/* On the screen, which migrates nothing on its own, a side at another
 * version than its app's now is read from the latest run kept there (t
 * keeps every run with the migrations it had): 1 found, 0 not. */
static int kept(struct claim_run *run, const struct claim_side *s, struct bench_result *b, char **at,
		struct claim_verdict *v)
{
	struct dbp_error we;
	char *figure;

	if (results_kept_timing(run->ws, run->l, s->workload, s->app, s->version, b, at, &we) == 1)
		return 1;
	figure = xasprintf("%s, and no timing of %s was kept at %03d", v->figure, s->workload, s->version);
	claim_verdict_set(v, CLAIM_SKIPPED, figure, v->detail ? xstrdup(v->detail) : NULL);
	return 0;
}

static int timed(struct claim_run *run, const struct claim_side *s, struct bench_result *b, char **at,
		 struct claim_verdict *v, struct dbp_error *e)
{
	struct dbp_error we;
	int reps = run->c->reps ? run->c->reps : run->o->reps, r = run->reach(run, s, v, e);

	if (r == 0 && !run->o->may_migrate && s->app)
		return kept(run, s, b, at, v);
	if (r <= 0)
		return r;
	if (bench_workload(run->ws, run->l, workload_of(run, s), reps, run->p, b, &we) == 0 && !b->cancelled)
		return 1;
	if (b->cancelled || progress_cancelled(run->p))
		return err_set(e, "cancelled");
	refused(v, s->workload, &we);
	return 0;
}

/* Where neither side needs a migration between them, both are timed turn
 * about (bench_pair): 1 timed, 0 the verdict says why not, -1 cancelled
 * or error.  The first side has been reached already. */
static int timed_together(struct claim_run *run, struct bench_result b[2], struct claim_verdict *v,
			  struct dbp_error *e)
{
	const struct claim_side *s[2] = { &run->c->side, &run->c->versus };
	const struct workload *w[2] = { workload_of(run, s[0]), workload_of(run, s[1]) };
	int reps = run->c->reps ? run->c->reps : run->o->reps;
	struct dbp_error we;

	if (bench_pair(run->ws, run->l, w, reps, run->p, b, &we) == 0 && !b[0].cancelled && !b[1].cancelled)
		return 1;
	if (b[0].cancelled || b[1].cancelled || progress_cancelled(run->p))
		return err_set(e, "cancelled");
	/* The side in error: a side refused as its lesson expects is not it. */
	refused(v, s[b[0].failed && !b[0].expect_error ? 0 : 1]->workload, &we);
	return 0;
}

/* The same app at the same version, or no app on either side: one place. */
static int one_place(const struct claim_side *a, const struct claim_side *b)
{
	if (!a->app || !b->app)
		return !a->app && !b->app;
	return !strcmp(a->app, b->app) && a->version == b->version;
}

/* What one round trip costs here, beside the count the slower side paid. */
static char *round_trip_note(struct claim_run *run, const struct claim_side *s, long trips)
{
	const struct workload *w = workload_of(run, s);
	struct dbp_error e;
	double rtt = roundtrip_ms(run->ws, run->l, lesson_app_find(run->l, w->steps[0].app), 20, &e);

	if (rtt < 0)
		return xstrdup("");
	return run->ws->engine == DBP_POSTGRES
		? xasprintf("; one round trip (SELECT 1) takes %.3f ms here, so %ld of them %.2f ms",
			    rtt, trips, rtt * (double)trips)
		: xasprintf("; SQLite runs in this process, no round trip: SELECT 1 takes %.3f ms", rtt);
}

/* "delete_users at shop 002", and where its timing was kept rather than
 * measured now: " (kept from 2026-11-22T04:10:00Z)". */
static char *side_label(const struct claim_side *s, const char *kept_at)
{
	char *at = s->app ? xasprintf(" at %s %03d", s->app, s->version) : xstrdup("");
	char *label = xasprintf("%s%s%s%s%s", s->workload, at, kept_at ? " (kept from " : "",
				kept_at ? kept_at : "", kept_at ? ")" : "");

	free(at);
	return label;
}

/* "fastest of 20 runs", "fastest of 5 and 20 runs", "one run each", and
 * ", turn about" where the two were timed alternately. */
static char *runs_compared(int a, int b, int turn_about)
{
	const char *how = turn_about ? ", turn about" : "";

	if (a == 1 && b == 1)
		return xasprintf("one run each%s", how);
	return a == b ? xasprintf("fastest of %d runs each%s", a, how)
		      : xasprintf("fastest of %d and %d runs%s", a, b, how);
}

/* "feed at community 002 is 13.2x slower than at 003": the figure names
 * the slower side, so that a claim of a speed-up ("the index makes the
 * join faster") never reads as a slow-down. */
static char *slower_than(const struct claim_side *a, const struct claim_side *b, double ratio)
{
	int same_app = a->app && b->app && !strcmp(a->app, b->app);
	char *la, *lb, *out;

	if (same_app && a->version == b->version && strcmp(a->workload, b->workload) != 0)
		return xasprintf("%s is %.1fx slower than %s, both at %s %03d", a->workload, ratio, b->workload,
				 a->app, a->version);
	la = side_label(a, NULL);
	lb = same_app && !strcmp(a->workload, b->workload) ? xasprintf("at %03d", b->version) : side_label(b, NULL);
	out = xasprintf("%s is %.1fx slower than %s", la, ratio, lb);
	free(la);
	free(lb);
	return out;
}

static void judge_ratio(struct claim_run *run, const struct bench_result *a, const char *kept_a,
			const struct bench_result *b, const char *kept_b, int turn_about, struct claim_verdict *v)
{
	double want = atof(claim_value_here(run, &run->c->factor));
	/* The fastest runs: a busy machine only ever adds time, and it adds
	 * it to whichever side it happens to hit, where a median can move. */
	double ratio = b->stats.min > 0 ? a->stats.min / b->stats.min : INFINITY;
	char *la = side_label(&run->c->side, kept_a), *lb = side_label(&run->c->versus, kept_b);
	/* The round trip's cost matters only where the two sides differ in count. */
	char *rtt = a->round_trips != b->round_trips ? round_trip_note(run, &run->c->side, a->round_trips)
						      : xstrdup("");
	char *runs = runs_compared(a->stats.n, b->stats.n, turn_about);
	char *detail = xasprintf("%s: %s %.2f ms in %ld %s, %s %.2f ms in %ld (medians %.2f and %.2f ms)%s",
				 runs, la, a->stats.min, a->round_trips, trips_word(run, a->round_trips),
				 lb, b->stats.min, b->round_trips, a->stats.median, b->stats.median, rtt);

	char *said = slower_than(&run->c->side, &run->c->versus, ratio);

	v->measured = ratio;
	v->expected = want;
	if (ratio >= want)
		claim_verdict_set(v, CLAIM_PASSED, xasprintf("%s, measured", said), detail);
	else
		claim_verdict_set(v, CLAIM_FAILED, xasprintf("%s: expected at least %gx", said, want), detail);
	free(said);
	free(la);
	free(lb);
	free(rtt);
	free(runs);
}

/* Both sides' timings: turn about where one place holds both, else one
 * side after the other (*together says which).  1 timed, 0 the verdict
 * says why not, -1 cancelled or error. */
static int time_sides(struct claim_run *run, struct bench_result b[2], char **kept_a, char **kept_b,
		      int *together, struct claim_verdict *v, struct dbp_error *e)
{
	int r;

	*together = one_place(&run->c->side, &run->c->versus);
	if (*together) {
		r = run->reach(run, &run->c->side, v, e);
		if (r != 0)
			return r > 0 ? timed_together(run, b, v, e) : -1;
		/* Not reached (the screen migrates nothing): the kept timings. */
		*together = 0;
	}
	r = timed(run, &run->c->side, &b[0], kept_a, v, e);
	return r > 0 ? timed(run, &run->c->versus, &b[1], kept_b, v, e) : r;
}

static int check_slower(struct claim_run *run, struct claim_verdict *v, struct dbp_error *e)
{
	struct bench_result b[2] = { 0 };
	char *kept_a = NULL, *kept_b = NULL;
	int together, r = time_sides(run, b, &kept_a, &kept_b, &together, v, e);

	if (r > 0)
		judge_ratio(run, &b[0], kept_a, &b[1], kept_b, together, v);
	bench_result_free(&b[0]);
	bench_result_free(&b[1]);
	free(kept_a);
	free(kept_b);
	return r < 0 ? -1 : 0;
}

int claim_check_run(struct claim_run *run, struct claim_verdict *v, struct dbp_error *e)
{
	static int (*const checks[])(struct claim_run *, struct claim_verdict *, struct dbp_error *) = {
		[CLAIM_SAME_ROWS] = check_same_rows, [CLAIM_SLOWER] = check_slower,
		[CLAIM_FAILS] = check_fails, [CLAIM_ROWS] = check_rows, [CLAIM_PLAN] = check_plan,
		[CLAIM_MIGRATES] = check_migration, [CLAIM_POOLED] = claim_check_pooled,
		[CLAIM_DIFFER] = check_same_rows, [CLAIM_DEMO] = claim_check_demo,
	};

	return checks[run->c->check](run, v, e);
}
