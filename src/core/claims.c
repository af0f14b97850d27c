/* claims: see claims.h.  This file walks the claims, puts each app where
 * a claim needs it (and back where it was), and lays the verdicts out as
 * lines; claim_checks.c measures. */
#include "claims.h"
#include "claim_checks.h"
#include "migrate.h"
#include "transfer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The version each app stood at before a claim moved it: -1 untouched;
 * and the connecting role, read when a claim first needs it. */
struct states {
	int *found;
	int superuser; /* -1 until read */
	int bypassrls; /* BYPASSRLS: no policy binds it either */
	char *role;
};

const char *claim_outcome_name(enum claim_outcome o)
{
	return o == CLAIM_PASSED ? "passed" : o == CLAIM_FAILED ? "failed" : "skipped";
}

static size_t app_index(const struct lesson *l, const struct lesson_app *app)
{
	return (size_t)(app - l->apps);
}

static int reach(struct claim_run *run, const struct claim_side *s, struct claim_verdict *v,
		 struct dbp_error *e)
{
	const struct lesson_app *app = s->app ? lesson_app_find(run->l, s->app) : NULL;
	struct states *st = run->state;
	struct migrate_report rep = { 0 };
	int now = 0, rc;

	if (!app)
		return 1;
	if (migrate_current(run->ws, run->l, app, &now, e) != 0)
		return -1;
	if (now == s->version)
		return 1;
	if (!run->o->may_migrate) {
		v->outcome = CLAIM_SKIPPED;
		free(v->figure); /* the other side may have said it first */
		v->figure = xasprintf("measured with %s at %03d; it is at %03d now", app->name, s->version, now);
		return 0;
	}
	if (st->found[app_index(run->l, app)] < 0)
		st->found[app_index(run->l, app)] = now;
	rc = migrate_to(run->ws, run->l, app, s->version, 0, 0, run->p, &rep, e);
	migrate_report_free(&rep);
	return rc == 0 ? 1 : err_prefix(e, "claim %s: %s to %03d", run->c->name, app->name, s->version);
}

/* A migration claim: the app one version below, then the migration; the
 * app goes back where it was found at the end, whichever way it went.
 * The screen does not migrate on its own, so there it is not tried. */
static int attempt(struct claim_run *run, const struct claim_side *m, struct claim_verdict *v,
		   struct dbp_error *refusal, struct dbp_error *e)
{
	const struct lesson_app *app = lesson_app_find(run->l, m->app);
	const struct claim_side below = { NULL, m->app, m->version - 1 };
	struct states *st = run->state;
	struct migrate_report rep = { 0 };
	int r, rc;

	if (!run->o->may_migrate) {
		v->outcome = CLAIM_SKIPPED;
		v->figure = xasprintf("check-lessons --live tries %s %03d; m tries it here", m->app, m->version);
		return 0;
	}
	if ((r = reach(run, &below, v, e)) <= 0)
		return r;
	if (st->found[app_index(run->l, app)] < 0)
		st->found[app_index(run->l, app)] = below.version;
	rc = migrate_to(run->ws, run->l, app, m->version, 0, 0, run->p, &rep, refusal);
	migrate_report_free(&rep);
	if (rc != 0 && progress_cancelled(run->p))
		return err_set(e, "cancelled");
	return rc == 0;
}

/* Every app a claim moved goes back to where it was found. */
static int restore(struct workspace *ws, const struct lesson *l, struct states *st,
		   const struct dbp_progress *p, struct dbp_error *e)
{
	int rc = 0;

	for (size_t i = 0; i < l->napps; i++) {
		struct migrate_report rep = { 0 };

		if (st->found[i] >= 0 && rc == 0)
			rc = migrate_to(ws, l, &l->apps[i], st->found[i], 0, 0, p, &rep, e);
		migrate_report_free(&rep);
	}
	return rc;
}

char *claim_not_claimed(enum dbp_engine eng)
{
	return xasprintf("not claimed on %s (made on %s only)", engine_name(eng),
			 engine_name(eng == DBP_SQLITE ? DBP_POSTGRES : DBP_SQLITE));
}

/* The app a claim first talks to: its migration's, its workload's, or
 * its demo's (the lesson's first when the demo names none). */
static const struct lesson_app *claim_app(const struct lesson *l, const struct lesson_claim *c)
{
	const struct lesson_demo *d = c->demo ? lesson_demo_find(l, c->demo) : NULL;
	const struct workload *w;

	if (d)
		return d->app ? lesson_app_find(l, d->app) : &l->apps[0];
	w = c->migration.app ? NULL : lesson_workload_find(l, c->side.workload);

	return lesson_app_find(l, w ? w->steps[0].app : c->migration.app);
}

/* rolsuper of the role this workspace connects as, read on the session
 * of the claim's first app. */
static int read_role(struct claim_run *run, struct dbp_error *e)
{
	const struct lesson_app *app = claim_app(run->l, run->c);
	struct dbp_conn *c = ws_session_app(run->ws, NULL, run->l, app, e);
	struct states *st = run->state;
	struct dbp_result r = { 0 };

	if (!c || run->ws->ops->query(c, "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles "
				      "WHERE rolname = current_user", &r, e) != 0)
		return err_prefix(e, "claim %s: reading the connecting role", run->c->name);
	st->role = xstrdup(r.nrows ? result_cell(&r, 0, 0) : "?");
	st->superuser = r.nrows && !strcmp(result_cell(&r, 0, 1), "t");
	st->bypassrls = r.nrows && !strcmp(result_cell(&r, 0, 2), "t");
	result_free(&r);
	return 0;
}

static const char prepared_off[] = "needs prepared transactions, and max_prepared_transactions is 0 here: "
				   "ALTER SYSTEM SET max_prepared_transactions = 10, then restart the server";

/* 1 when the server allows prepared transactions; 0 skipped, saying
 * how to allow them; -1 error. */
static int prepared_allowed(struct claim_run *run, struct claim_verdict *v, struct dbp_error *e)
{
	struct dbp_conn *c = ws_session_app(run->ws, NULL, run->l, &run->l->apps[0], e);
	struct dbp_result r = { 0 };
	int allowed;

	if (!c || run->ws->ops->query(c, "SHOW max_prepared_transactions", &r, e) != 0)
		return err_prefix(e, "claim %s: reading max_prepared_transactions", run->c->name);
	allowed = atoi(result_cell(&r, 0, 0) ? result_cell(&r, 0, 0) : "0") > 0;
	result_free(&r);
	if (allowed)
		return 1;
	v->outcome = CLAIM_SKIPPED;
	v->figure = xstrdup(prepared_off);
	return 0;
}

/* 1 when the connecting role (or the server) is the one the claim
 * requires; 0 skipped, saying why; -1 error. */
static int role_fits(struct claim_run *run, struct claim_verdict *v, struct dbp_error *e)
{
	struct states *st = run->state;
	int want = run->c->requires == CLAIM_SUPERUSER;

	if (run->c->requires == CLAIM_ANY_ROLE)
		return 1;
	if (run->c->requires == CLAIM_PREPARED_XACTS)
		return prepared_allowed(run, v, e);
	if (st->superuser < 0 && read_role(run, e) != 0)
		return -1;
	/* not_superuser claims show what a policy does to a role it binds. */
	if (st->superuser == want && (want || !st->bypassrls))
		return 1;
	v->outcome = CLAIM_SKIPPED;
	v->figure = want ? xasprintf("needs a superuser, and %s is not one", st->role)
		  : st->superuser ? xasprintf("needs a role that is not a superuser, and %s is one", st->role)
				  : xasprintf("needs a role that policies bind, and %s has BYPASSRLS", st->role);
	return 0;
}

static void verdict_init(struct claim_verdict *v, const struct lesson_claim *c, enum dbp_engine eng)
{
	memset(v, 0, sizeof *v);
	v->claim = c;
	v->text = claim_value_for(&c->text, eng);
	v->measured = v->expected = NAN;
}

int claims_evaluate(struct workspace *ws, const struct lesson *l, const struct claims_opts *o,
		    const struct dbp_progress *p, struct claims_report *out, struct dbp_error *e)
{
	struct states st = { xcalloc(l->napps + 1, sizeof *st.found), -1, 0, NULL };
	struct demo_cache demos = { 0 };
	int rc = 0;

	memset(out, 0, sizeof *out);
	out->engine = ws->engine;
	out->v = xcalloc(l->nclaims + 1, sizeof *out->v);
	for (size_t i = 0; i < l->napps; i++)
		st.found[i] = -1;
	for (size_t i = 0; i < l->nclaims && rc == 0; i++) {
		struct claim_run run = { ws, l, &l->claims[i], o, p, reach, attempt, &st, &demos };
		struct claim_verdict *v = &out->v[out->n++];

		verdict_init(v, &l->claims[i], ws->engine);
		if (!claim_applies(&l->claims[i], ws->engine)) {
			v->outcome = CLAIM_SKIPPED;
			v->figure = claim_not_claimed(ws->engine);
			continue;
		}
		progress_say(p, "lesson %d: claim %s", l->number, l->claims[i].name);
		if ((rc = role_fits(&run, v, e)) > 0)
			rc = claim_check_run(&run, v, e);
	}
	if (restore(ws, l, &st, p, rc == 0 ? e : &(struct dbp_error){ 0 }) != 0 && rc == 0)
		rc = -1;
	free(st.found);
	claim_demo_cache_free(&demos);
	free(st.role);
	return rc;
}

void claims_report_free_verdicts(struct claims_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].figure);
		free(r->v[i].detail);
		lines_free(&r->v[i].plan);
	}
}

void claims_report_free(struct claims_report *r)
{
	claims_report_free_verdicts(r);
	free(r->v);
	memset(r, 0, sizeof *r);
}

size_t claims_failed(const struct claims_report *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++)
		n += r->v[i].outcome == CLAIM_FAILED;
	return n;
}

static int report_says(const struct dbp_lines *shown, const char *words)
{
	for (size_t i = 0; i < shown->n; i++)
		if (strstr(shown->v[i].text, words))
			return 1;
	return 0;
}

int claim_judged_by_demo(const struct lesson *l, const struct lesson_claim *c)
{
	const struct lesson_demo *d = c->demo ? lesson_demo_find(l, c->demo) : NULL;

	/* A lock_queue demo's claims judge its timings, which its report shows
	 * only as words and bars: check-lessons (and t) measure them. */
	return d && d->kind != DEMO_LOCK_QUEUE;
}

void claims_after_demo(const struct lesson *l, const struct lesson_demo *d, enum dbp_engine eng,
		       int ascii, struct dbp_lines *shown, struct claims_report *verdicts)
{
	struct claims_report r = { eng, NULL, 0 };

	if (verdicts)
		*verdicts = r;
	if (d->kind == DEMO_LOCK_QUEUE)
		return;
	r.v = xcalloc(l->nclaims + 1, sizeof *r.v);
	for (size_t i = 0; i < l->nclaims; i++) {
		const struct lesson_claim *c = &l->claims[i];
		struct claim_verdict *v;

		if (!c->demo || strcmp(c->demo, d->name))
			continue;
		v = &r.v[r.n++];
		verdict_init(v, c, eng);
		if (!claim_applies(c, eng))
			v->figure = claim_not_claimed(eng);
		else if (c->requires == CLAIM_PREPARED_XACTS && report_says(shown, TRANSFER_PREPARED_OFF))
			claim_verdict_set(v, CLAIM_SKIPPED, xstrdup(prepared_off), NULL);
		else
			claim_judge_demo(c, eng, shown, v);
		if (!claim_applies(c, eng))
			v->outcome = CLAIM_SKIPPED;
	}
	if (r.n)
		lines_add(shown, DBP_LINE_TITLE, "The lesson's claims, checked against this report");
	claims_lines(&r, ascii, shown);
	if (verdicts)
		*verdicts = r;
	else
		claims_report_free(&r);
}

void claims_lines(const struct claims_report *r, int ascii, struct dbp_lines *out)
{
	static const char *const marks[2][3] = { { "✓", "✗", "–" }, { "ok", "FAIL", "skip" } };
	static const enum dbp_line_role roles[] = { DBP_LINE_ADDED, DBP_LINE_ERROR, DBP_LINE_NOTE };

	for (size_t i = 0; i < r->n; i++) {
		const struct claim_verdict *v = &r->v[i];

		lines_addf(out, roles[v->outcome], "%s %s: %s", marks[ascii != 0][v->outcome],
			   v->claim->name, v->figure ? v->figure : "");
		out->v[out->n - 1].own_mark = 1;
		if (v->text)
			lines_addf(out, DBP_LINE_TEXT, "  %s", v->text);
		if (v->detail)
			lines_addf(out, DBP_LINE_NOTE, "  %s", v->detail);
		for (size_t j = 0; j < v->plan.n; j++)
			lines_addf(out, DBP_LINE_NOTE, "    %s", v->plan.v[j].text);
	}
}
