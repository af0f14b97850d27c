/* claim_demo: check = demo.  A claim names a demo of its lesson; the
 * demo runs once for all the claims that name it, one after the other
 * (struct demo_cache), and each claim judges what that run gave: a
 * lock_queue demo's timings give the claim's measure (stall, no_stall,
 * fail_fast, relief) as a ratio against factor; any other demo's report
 * must have a line holding the claim's message, and that line, which
 * carries the figure, is what the verdict shows. */
#include "claim_checks.h"
#include "demo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void claim_demo_cache_free(struct demo_cache *dc)
{
	free(dc->lq);
	lines_free(&dc->report);
	memset(dc, 0, sizeof *dc);
}

/* Runs the claim's demo d unless the claim before ran it: the figures of a
 * lock_queue demo, the report of any other. */
static void demo_once(struct claim_run *run, const struct lesson_demo *d)
{
	struct demo_cache *dc = run->demos;

	if (dc->demo && !strcmp(dc->demo, d->name))
		return;
	claim_demo_cache_free(dc);
	dc->demo = d->name;
	if (d->kind == DEMO_LOCK_QUEUE) {
		dc->lq = xcalloc(1, sizeof *dc->lq);
		dc->rc = lock_queue_run(run->ws, run->l, d, run->p, dc->lq, &dc->error);
	} else {
		dc->rc = demo_run(run->ws, run->l, d, run->p, &dc->report, &dc->error);
	}
}

static char *engine_words(const struct dbp_error *we)
{
	return xasprintf("%s%s%s", we->sqlstate, we->sqlstate[0] ? " " : "", we->msg);
}

/* What went wrong before any figure can be judged, NULL when nothing. */
static char *lock_queue_fault(const struct claim_run *run, const struct lq_result *r, char **detail)
{
	const char *state = claim_value_here(run, &run->c->sqlstate), *words = claim_value_here(run, &run->c->message);
	int fail_fast = !strcmp(run->c->measure, "fail_fast");

	if (r->plain.lookups_failed || r->timed.lookups_failed) {
		*detail = engine_words(r->plain.lookups_failed ? &r->plain.lookup_error : &r->timed.lookup_error);
		return xstrdup("a query failed");
	}
	if (!r->plain.alter_ok) {
		*detail = engine_words(&r->plain.alter_error);
		return xstrdup("the migration failed in the first run, before any short timeout");
	}
	if (fail_fast && r->timed.alter_ok) {
		*detail = xstrdup("expected the lock timeout to stop it");
		return xstrdup("the migration went through under the lock timeout");
	}
	if (fail_fast && ((state && strcmp(state, r->timed.alter_error.sqlstate)) ||
			  (words && !strstr(r->timed.alter_error.msg, words)))) {
		*detail = engine_words(&r->timed.alter_error);
		return state ? xasprintf("it gave up, but not with SQLSTATE %s", state)
			     : xasprintf("it gave up, but without \"%s\"", words);
	}
	return NULL;
}

/* The measure's ratio, the words for it, and how it was measured. */
static double lock_queue_ratio(const char *m, enum dbp_engine engine, const struct lq_result *r,
			       const char **words, char **detail)
{
	const struct lq_phase *a = &r->plain, *b = &r->timed;

	if (!strcmp(m, "stall")) {
		*words = "the slowest query while the migration waited, against the median before";
		*detail = xasprintf("queries: median %.2f ms before the migration; the slowest of %zu that ran "
				    "while it waited (%.0f ms) took %.2f ms", lq_median_before(a),
				    lq_count_waiting(a), lq_alter_wait(a), lq_slowest_waiting(a));
		return lq_slowest_waiting(a) / lq_median_before(a);
	}
	if (!strcmp(m, "no_stall")) {
		*words = "the migration's wait, against the slowest query meanwhile";
		*detail = xasprintf("the migration waited %.0f ms; the slowest of %zu queries that ran meanwhile "
				    "took %.2f ms", lq_alter_wait(a), lq_count_waiting(a), lq_slowest_waiting(a));
		return lq_alter_wait(a) / lq_slowest_waiting(a);
	}
	if (!strcmp(m, "fail_fast")) {
		char *plain = lq_plain_words(engine);

		*words = "the first wait, against the wait with the short timeout";
		*detail = xasprintf("%s it waited %.0f ms; with %d ms it gave up after %.0f ms: %s%s%s", plain,
				    lq_alter_wait(a), b->timeout_ms, lq_alter_wait(b), b->alter_error.sqlstate,
				    b->alter_error.sqlstate[0] ? " " : "", b->alter_error.msg);
		free(plain);
		return lq_alter_wait(a) / lq_alter_wait(b);
	}
	*words = "the slowest query while it waited, without a lock timeout against with one";
	*detail = xasprintf("the slowest query while the migration waited: %.2f ms without a lock timeout, "
			    "%.2f ms with one", lq_slowest_waiting(a), lq_slowest_waiting(b));
	return lq_slowest_waiting(a) / lq_slowest_waiting(b);
}

/* A lock_queue demo's figures: the claim's measure against its factor. */
static void judge_lock_queue(const struct claim_run *run, const struct lq_result *r, struct claim_verdict *v)
{
	double want = atof(claim_value_here(run, &run->c->factor)), ratio;
	const char *words;
	char *detail = NULL, *fault;

	if ((fault = lock_queue_fault(run, r, &detail)) != NULL) {
		claim_verdict_set(v, CLAIM_FAILED, fault, detail);
		return;
	}
	ratio = lock_queue_ratio(run->c->measure, run->ws->engine, r, &words, &detail);
	v->measured = ratio;
	v->expected = want;
	if (isnan(ratio))
		claim_verdict_set(v, CLAIM_FAILED, xstrdup("no query ran while the migration waited"), detail);
	else if (ratio >= want)
		claim_verdict_set(v, CLAIM_PASSED, xasprintf("%.1fx, measured: %s", ratio, words), detail);
	else
		claim_verdict_set(v, CLAIM_FAILED, xasprintf("%.1fx: expected at least %gx (%s)", ratio, want, words), detail);
}

/* Whether text holds one of the phrases of list ("a | b | c"). */
static int holds_any(const char *text, const char *list)
{
	for (const char *p = list, *end; *p; p = *end ? end + 3 : end) {
		char *phrase;
		int found;

		end = strstr(p, " | ");
		end = end ? end : p + strlen(p);
		phrase = xstrndup(p, (size_t)(end - p));
		found = *phrase && strstr(text, phrase) != NULL;
		free(phrase);
		if (found)
			return 1;
	}
	return 0;
}

void claim_judge_demo(const struct lesson_claim *c, enum dbp_engine eng, const struct dbp_lines *shown,
		      struct claim_verdict *v)
{
	const char *words = claim_value_for(&c->message, eng), *unless = claim_value_for(&c->skip_when, eng);

	for (size_t i = 0; unless && i < shown->n; i++)
		if (holds_any(shown->v[i].text, unless)) {
			claim_verdict_set(v, CLAIM_SKIPPED, xasprintf("not the case here: %s",
					  shown->v[i].text + strspn(shown->v[i].text, " ")),
					  xasprintf("read from the report of demo %s", c->demo));
			return;
		}
	for (size_t i = 0; i < shown->n; i++)
		if (strstr(shown->v[i].text, words)) {
			claim_verdict_set(v, CLAIM_PASSED, xstrdup(shown->v[i].text + strspn(shown->v[i].text, " ")),
					  xasprintf("read from the report of demo %s", c->demo));
			return;
		}
	claim_verdict_set(v, CLAIM_FAILED, xasprintf("demo %s never says \"%s\"", c->demo, words),
			  xasprintf("its report has %zu lines", shown->n));
}

int claim_check_demo(struct claim_run *run, struct claim_verdict *v, struct dbp_error *e)
{
	const struct lesson_demo *d = lesson_demo_find(run->l, run->c->demo);
	struct demo_cache *dc = run->demos;

	/* A report demo changes what it shows (tenants made, a database taken
	 * offline), so the screen's t leaves it to d, which judges it beside
	 * its report; a lock_queue run rolls back all it did. */
	if (d->kind != DEMO_LOCK_QUEUE && !run->o->may_migrate) {
		claim_verdict_set(v, CLAIM_SKIPPED, xasprintf("d runs demo %s and checks this beside its report",
							      d->name), NULL);
		return 0;
	}
	demo_once(run, d);
	if (dc->rc != 0 && progress_cancelled(run->p))
		return err_set(e, "cancelled");
	if (dc->rc != 0)
		claim_verdict_set(v, CLAIM_FAILED, xasprintf("demo %s could not run", d->name),
				  engine_words(&dc->error));
	else if (d->kind == DEMO_LOCK_QUEUE)
		judge_lock_queue(run, dc->lq, v);
	else
		claim_judge_demo(run->c, run->ws->engine, &dc->report, v);
	return 0;
}
