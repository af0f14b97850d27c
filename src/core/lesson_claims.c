/* lesson_claims: the [claim NAME] sections of lesson.ini, read and checked
 * against the rest of the lesson.  A claim pairs a sentence of the lesson
 * with a check the live engine can confirm or refute (claims.c runs it).
 * Values that differ by engine take a suffix: factor.sqlite, factor.postgres. */
#include "lesson.h"
#include "ini_file.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const check_names[] = {
	[CLAIM_SAME_ROWS] = "same_rows", [CLAIM_SLOWER] = "slower", [CLAIM_FAILS] = "fails",
	[CLAIM_ROWS] = "rows", [CLAIM_PLAN] = "plan", [CLAIM_MIGRATES] = "migrates",
	[CLAIM_POOLED] = "pooled", [CLAIM_DIFFER] = "differ", [CLAIM_DEMO] = "demo",
};

const char *claim_check_name(int check)
{
	return check >= 0 && (size_t)check < DBP_ARRAY_LEN(check_names) ? check_names[check] : "?";
}

const char *claim_value_for(const struct claim_value *v, enum dbp_engine engine)
{
	const char *own = engine == DBP_POSTGRES ? v->postgres : v->sqlite;

	return own ? own : v->any;
}

int claim_applies(const struct lesson_claim *c, enum dbp_engine engine)
{
	return !c->engines || (c->engines & (1 << engine));
}

/* ---- reading the pairs ---------------------------------------------------- */

static struct lesson_claim *claim_for(struct lesson *l, const char *name, int line)
{
	for (size_t i = 0; i < l->nclaims; i++)
		if (!strcmp(l->claims[i].name, name))
			return &l->claims[i];
	l->claims = xrealloc(l->claims, (l->nclaims + 1) * sizeof *l->claims);
	memset(&l->claims[l->nclaims], 0, sizeof *l->claims);
	l->claims[l->nclaims].name = xstrdup(name);
	l->claims[l->nclaims].line = line;
	l->claims[l->nclaims].check = -1;
	return &l->claims[l->nclaims++];
}

static int number_ok(const char *key, const char *value, int whole, struct dbp_error *e)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(value, &end);
	if (errno || end == value || *end || !isfinite(d) || d < 0 || (whole && d != floor(d)))
		return err_set(e, "%s must be %s, not \"%s\"", key,
			       whole ? "a whole number of 0 or more" : "a number above 0", value);
	if (!whole && d <= 0)
		return err_set(e, "%s must be a number above 0, not \"%s\"", key, value);
	return 0;
}

static int sqlstate_ok(const char *value, struct dbp_error *e)
{
	if (strlen(value) != 5 || strspn(value, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 5)
		return err_set(e, "sqlstate is five digits or capital letters (e.g. 0A000), not \"%s\"", value);
	return 0;
}

/* key or key.ENGINE into the right slot of one of the per-engine values. */
static int per_engine(struct lesson_claim *c, const char *key, const char *value,
		      struct dbp_error *e)
{
	static const char *const bases[] = { "text", "factor", "rows", "sqlstate", "message",
					     "plan_has", "plan_lacks", "first", "then", "answer", "options",
					     "skip_when" };
	struct claim_value *slots[] = { &c->text, &c->factor, &c->rows, &c->sqlstate, &c->message,
					&c->plan_has, &c->plan_lacks, &c->first, &c->then, &c->answer,
					&c->options, &c->skip_when };
	size_t n = strcspn(key, ".");
	const char *engine = key[n] ? key + n + 1 : NULL;
	char **slot = NULL;

	for (size_t i = 0; i < DBP_ARRAY_LEN(bases) && !slot; i++)
		if (strlen(bases[i]) == n && !strncmp(key, bases[i], n))
			slot = !engine ? &slots[i]->any : !strcmp(engine, "sqlite") ? &slots[i]->sqlite
			     : !strcmp(engine, "postgres") ? &slots[i]->postgres : NULL;
	if (!slot)
		return err_set(e, "unknown key \"%s\" in [claim %s] (text, check, workload, versus, at, "
			       "versus_at, migration, demo, measure, engines, requires, reps, factor, rows, sqlstate, "
			       "message, skip_when, plan_has, plan_lacks, clients, tenant_roles, first, then, answer, "
			       "options; a "
			       "value may end in .sqlite or .postgres)", key, c->name);
	if (!*value)
		return err_set(e, "%s may not be empty", key);
	if ((!strncmp(key, "factor", n) && number_ok(key, value, 0, e)) ||
	    (!strncmp(key, "rows", n) && number_ok(key, value, 1, e)) ||
	    (!strncmp(key, "sqlstate", n) && sqlstate_ok(value, e)))
		return -1;
	*slot = xstrdup(value);
	return 0;
}

/* "APP VERSION": the app is checked once the whole file is read. */
static int side_at(struct claim_side *s, const char *key, const char *value, struct dbp_error *e)
{
	struct strlist w = { 0 };
	long v = -1;
	int rc;

	sl_split_words(&w, value);
	rc = w.n == 2 && ini_parse_int(w.v[1], 0, 999, &v, e) == 0 ? 0
		: err_set(e, "%s is \"APP VERSION\" (e.g. community 3), not \"%s\"", key, value);
	if (rc == 0) {
		s->app = xstrdup(w.v[0]);
		s->version = (int)v;
	}
	sl_free(&w);
	return rc;
}

static int engines_pair(struct lesson_claim *c, const char *value, struct dbp_error *e)
{
	struct strlist w = { 0 };
	int rc = 0;

	sl_split_words(&w, value);
	for (size_t i = 0; i < w.n && rc == 0; i++) {
		enum dbp_engine eng;

		if (engine_parse(w.v[i], &eng) != 0)
			rc = err_set(e, "engines lists sqlite and/or postgres, not \"%s\"", w.v[i]);
		else
			c->engines |= 1 << eng;
	}
	if (!w.n)
		rc = err_set(e, "engines may not be empty (sqlite, postgres or both)");
	sl_free(&w);
	return rc;
}

/* "APP APP": clients A and B; the apps are checked once the file is read. */
static int clients_pair(struct lesson_claim *c, const char *value, struct dbp_error *e)
{
	struct strlist w = { 0 };
	int rc = 0;

	sl_split_words(&w, value);
	if (w.n != 2 || !is_simple_name(w.v[0], 30) || !is_simple_name(w.v[1], 30))
		rc = err_set(e, "clients is \"APP APP\", client A's app and client B's, not \"%s\"", value);
	for (size_t i = 0; i < 2 && rc == 0; i++) {
		free(c->clients[i]);
		c->clients[i] = xstrdup(w.v[i]);
	}
	sl_free(&w);
	return rc;
}

static int requires_pair(struct lesson_claim *c, const char *value, struct dbp_error *e)
{
	if (!strcmp(value, "superuser"))
		c->requires = CLAIM_SUPERUSER;
	else if (!strcmp(value, "not_superuser"))
		c->requires = CLAIM_NOT_SUPERUSER;
	else if (!strcmp(value, "prepared_transactions"))
		c->requires = CLAIM_PREPARED_XACTS;
	else
		return err_set(e, "requires is superuser, not_superuser or prepared_transactions, not \"%s\"",
			       value);
	return 0;
}

static int check_pair(struct lesson_claim *c, const char *value, struct dbp_error *e)
{
	for (size_t i = 0; i < DBP_ARRAY_LEN(check_names); i++)
		if (!strcmp(value, check_names[i])) {
			c->check = (int)i;
			return 0;
		}
	return err_set(e, "check must be same_rows, differ, slower, fails, rows, plan, migrates, pooled or demo, not \"%s\"", value);
}

/* What a demo claim judges of a lock_queue run (claim_checks.c). */
static const char *const claim_measures[4] = { "stall", "no_stall", "fail_fast", "relief" };

static int measure_pair(struct lesson_claim *c, const char *value, struct dbp_error *e)
{
	for (size_t i = 0; i < DBP_ARRAY_LEN(claim_measures); i++)
		if (!strcmp(value, claim_measures[i])) {
			free(c->measure);
			c->measure = xstrdup(value);
			return 0;
		}
	return err_set(e, "measure must be stall, no_stall, fail_fast or relief, not \"%s\"", value);
}

int claim_pair(struct lesson *l, const char *name, int line, const char *key, const char *value,
	       struct dbp_error *e)
{
	struct lesson_claim *c;
	long n;

	if (!is_simple_name(name, 30))
		return err_set(e, "claim name \"%s\" must be lower-case letters, digits and _, start "
			       "with a letter, and be at most 30 bytes", name);
	c = claim_for(l, name, line);
	if (!strcmp(key, "check"))
		return check_pair(c, value, e);
	if (!strcmp(key, "workload") || !strcmp(key, "versus")) {
		if (!is_simple_name(value, 30))
			return err_set(e, "%s names a workload, not \"%s\"", key, value);
		*(key[0] == 'w' ? &c->side.workload : &c->versus.workload) = xstrdup(value);
		return 0;
	}
	if (!strcmp(key, "demo")) {
		if (!is_simple_name(value, 30))
			return err_set(e, "demo names a demonstration, not \"%s\"", value);
		c->demo = xstrdup(value);
		return 0;
	}
	if (!strcmp(key, "at"))
		return side_at(&c->side, key, value, e);
	if (!strcmp(key, "versus_at"))
		return side_at(&c->versus, key, value, e);
	if (!strcmp(key, "migration"))
		return side_at(&c->migration, key, value, e);
	if (!strcmp(key, "demo")) {
		if (!is_simple_name(value, 30))
			return err_set(e, "demo names a demo, not \"%s\"", value);
		free(c->demo);
		c->demo = xstrdup(value);
		return 0;
	}
	if (!strcmp(key, "measure"))
		return measure_pair(c, value, e);
	if (!strcmp(key, "engines"))
		return engines_pair(c, value, e);
	if (!strcmp(key, "clients"))
		return clients_pair(c, value, e);
	if (!strcmp(key, "tenant_roles")) {
		if (strcmp(value, "yes") && strcmp(value, "no"))
			return err_set(e, "tenant_roles is yes or no, not \"%s\"", value);
		c->tenant_roles = !strcmp(value, "yes");
		return 0;
	}
	if (!strcmp(key, "requires"))
		return requires_pair(c, value, e);
	if (!strcmp(key, "reps")) {
		if (ini_parse_int(value, 1, 10000, &n, e) != 0)
			return err_prefix(e, "reps");
		c->reps = (int)n;
		return 0;
	}
	return per_engine(c, key, value, e);
}

/* ---- checking a claim against the lesson ---------------------------------- */

struct claim_err {
	const struct lesson *l;
	const struct lesson_claim *c;
	struct dbp_error *e;
};

static int bad(const struct claim_err *ce, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(const struct claim_err *ce, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	err_set(ce->e, "%s/lesson.ini:%d: [claim %s] %s", ce->l->dir, ce->c->line, ce->c->name, msg);
	free(msg);
	return -1;
}

static int check_side(const struct claim_err *ce, const struct claim_side *s, const char *what)
{
	const struct lesson_app *app;

	if (!s->workload)
		return bad(ce, "needs %s = NAME", what);
	if (!lesson_workload_find(ce->l, s->workload))
		return bad(ce, "%s \"%s\" has no [workload %s]", what, s->workload, s->workload);
	if (!s->app)
		return 0;
	app = lesson_app_find(ce->l, s->app);
	if (!app)
		return bad(ce, "names app \"%s\", which has no [app %s]", s->app, s->app);
	if ((size_t)s->version > app->nmigrations)
		return bad(ce, "app %s has %zu migrations, not %d", s->app, app->nmigrations, s->version);
	return 0;
}

/* Keys that do not go with the check are mistakes, not silence. */
static int given(const struct claim_value *v)
{
	return v->any || v->sqlite || v->postgres;
}

static int only_keys(const struct claim_err *ce, int check)
{
	const struct lesson_claim *c = ce->c;
	const struct { const struct claim_value *v; const char *key; int check, also; } uses[] = {
		{ &c->factor, "factor", CLAIM_SLOWER, CLAIM_DEMO }, { &c->rows, "rows", CLAIM_ROWS, -1 },
		{ &c->sqlstate, "sqlstate", CLAIM_FAILS, CLAIM_DEMO },
		{ &c->message, "message", CLAIM_FAILS, CLAIM_DEMO },
		{ &c->skip_when, "skip_when", CLAIM_DEMO, -1 },
		{ &c->plan_has, "plan_has", CLAIM_PLAN, -1 }, { &c->plan_lacks, "plan_lacks", CLAIM_PLAN, -1 },
		{ &c->first, "first", CLAIM_POOLED, -1 }, { &c->then, "then", CLAIM_POOLED, -1 },
		{ &c->answer, "answer", CLAIM_POOLED, -1 }, { &c->options, "options", CLAIM_POOLED, -1 },
	};

	for (size_t i = 0; i < DBP_ARRAY_LEN(uses); i++)
		if (given(uses[i].v) && uses[i].check != check &&
		    uses[i].also != check &&
		    !(uses[i].v == &c->message && check == CLAIM_POOLED)) /* a refusal B meets */
			return bad(ce, "%s goes with check = %s, not %s", uses[i].key,
				   claim_check_name(uses[i].check), claim_check_name(check));
	if ((c->versus.workload || c->versus.app) && check != CLAIM_SAME_ROWS && check != CLAIM_SLOWER &&
	    check != CLAIM_DIFFER)
		return bad(ce, "versus goes with check = same_rows, differ or slower");
	if ((c->clients[0] || c->tenant_roles) && check != CLAIM_POOLED)
		return bad(ce, "clients and tenant_roles go with check = pooled");
	return 0;
}

/* What the check needs on each engine it is claimed for. */
static int engine_values(const struct claim_err *ce, enum dbp_engine eng)
{
	const struct lesson_claim *c = ce->c;
	const char *name = engine_name(eng);

	if (!claim_value_for(&c->text, eng))
		return bad(ce, "needs text = the sentence it checks (or text.%s)", name);
	/* check_demo_claim has seen to it that a demo claim has measure when,
	 * and only when, its demo is of kind lock_queue. */
	if ((c->check == CLAIM_SLOWER || (c->check == CLAIM_DEMO && c->measure)) &&
	    !claim_value_for(&c->factor, eng))
		return bad(ce, "needs factor = N, the least ratio of the medians (or factor.%s)", name);
	if (c->check == CLAIM_ROWS && !claim_value_for(&c->rows, eng))
		return bad(ce, "needs rows = N (or rows.%s)", name);
	if (c->check == CLAIM_DEMO && !c->measure && !claim_value_for(&c->message, eng))
		return bad(ce, "needs message = what the demonstration's report says (or message.%s)", name);
	if (c->check == CLAIM_FAILS && !claim_value_for(&c->sqlstate, eng) &&
	    !claim_value_for(&c->message, eng))
		return bad(ce, "needs sqlstate or message (or sqlstate.%s, message.%s)", name, name);
	if (c->check == CLAIM_POOLED && !claim_value_for(&c->then, eng) && !claim_value_for(&c->options, eng))
		return bad(ce, "needs then = the SQL client B runs (or then.%s)", name);
	if (c->check == CLAIM_POOLED && !claim_value_for(&c->answer, eng) && !claim_value_for(&c->message, eng))
		return bad(ce, "needs answer = what client B gets, or message = its refusal (or answer.%s)", name);
	if (c->check == CLAIM_PLAN && !claim_value_for(&c->plan_has, eng) &&
	    !claim_value_for(&c->plan_lacks, eng))
		return bad(ce, "needs plan_has or plan_lacks (or plan_has.%s, plan_lacks.%s)", name, name);
	return 0;
}

static int plan_has_once_step(const struct workload *w)
{
	for (size_t i = 0; i < w->nsteps; i++)
		if (w->steps[i].mode == WL_ONCE)
			return 1;
	return 0;
}

/* A migration tried by fails or migrates: instead of a workload, one
 * migration of an app that has it (the app stands one version below). */
static int check_migration(const struct claim_err *ce)
{
	const struct lesson_claim *c = ce->c;
	const struct lesson_app *app;

	if (c->check != CLAIM_FAILS && c->check != CLAIM_MIGRATES)
		return bad(ce, "migration goes with check = fails or migrates");
	if (c->side.workload || c->side.app)
		return bad(ce, "tries migration %s %d: it takes no workload or at", c->migration.app,
			   c->migration.version);
	app = lesson_app_find(ce->l, c->migration.app);
	if (!app)
		return bad(ce, "names app \"%s\", which has no [app %s]", c->migration.app, c->migration.app);
	if (c->migration.version < 1 || (size_t)c->migration.version > app->nmigrations)
		return bad(ce, "app %s has migrations 1 to %zu, not %d", app->name, app->nmigrations,
			   c->migration.version);
	return 0;
}

/* Two clients of one database: the pooler serves one. */
static int check_clients(const struct claim_err *ce)
{
	const struct lesson_claim *c = ce->c;
	const struct lesson_app *a[2];

	if (c->side.workload || c->side.app || c->migration.app)
		return bad(ce, "check = pooled runs first and then: it takes no workload, at or migration");
	if (!c->clients[0])
		return bad(ce, "needs clients = APP APP, client A's app and client B's");
	for (int i = 0; i < 2; i++)
		if (!(a[i] = lesson_app_find(ce->l, c->clients[i])))
			return bad(ce, "names app \"%s\", which has no [app %s]", c->clients[i], c->clients[i]);
	if (strcmp(a[0]->database, a[1]->database))
		return bad(ce, "clients %s and %s use different databases; a pooled claim needs one",
			   a[0]->name, a[1]->name);
	if (c->tenant_roles && (!a[0]->schema || !a[1]->schema))
		return bad(ce, "tenant_roles needs each client's app to have a schema (its role's search_path)");
	return 0;
}

/* A demo claim: a demo of the lesson, and what is judged of it.  A
 * lock_queue demo's figures give a measure (with factor; with fail_fast,
 * the refusal's sqlstate or message too); any other kind's report must
 * have a line holding message (claim_demo.c). */
static int check_demo_claim(const struct claim_err *ce)
{
	const struct lesson_claim *c = ce->c;
	const struct lesson_demo *d = lesson_demo_find(ce->l, c->demo);

	if (!d)
		return bad(ce, "names demo \"%s\", which has no [demo %s]", c->demo, c->demo);
	if (c->side.workload || c->side.app || c->migration.app || c->versus.workload || c->versus.app)
		return bad(ce, "runs demo %s: it takes no workload, at, versus or migration", c->demo);
	if (only_keys(ce, c->check))
		return -1;
	if (d->kind != DEMO_LOCK_QUEUE && (c->measure || given(&c->factor) || given(&c->sqlstate)))
		return bad(ce, "measure, factor and sqlstate go with a lock_queue demo; demo %s is of kind %s, "
			   "whose claims take message = words of a line of its report", c->demo,
			   demo_kind_name(d->kind));
	if (d->kind == DEMO_LOCK_QUEUE && !c->measure)
		return bad(ce, "needs measure = stall, no_stall, fail_fast or relief (demo %s is of kind lock_queue)",
			   c->demo);
	if (d->kind == DEMO_LOCK_QUEUE && strcmp(c->measure, "fail_fast") &&
	    (given(&c->sqlstate) || given(&c->message)))
		return bad(ce, "sqlstate and message go with measure = fail_fast (the refusal it judges)");
	return 0;
}

static int check_claim(const struct claim_err *ce)
{
	const struct lesson_claim *c = ce->c;
	int two = c->check == CLAIM_SAME_ROWS || c->check == CLAIM_SLOWER || c->check == CLAIM_DIFFER;

	if (c->check < 0)
		return bad(ce, "needs check = same_rows, differ, slower, fails, rows, plan, migrates, pooled or demo");
	/* SQLite has no roles: a claim about one is PostgreSQL's alone. */
	if (c->requires && claim_applies(c, DBP_SQLITE))
		return bad(ce, "requires a role or a server setting, which only PostgreSQL has: add engines = postgres");
	if (c->demo || c->check == CLAIM_DEMO) {
		if (c->check != CLAIM_DEMO || !c->demo)
			return bad(ce, "demo = NAME goes with check = demo, and check = demo needs it");
		if (check_demo_claim(ce))
			return -1;
	} else if (c->check == CLAIM_POOLED) {
		if (only_keys(ce, c->check) || check_clients(ce))
			return -1;
	} else if (c->measure) {
		return bad(ce, "measure goes with check = demo");
	} else if (c->migration.app) {
		if (only_keys(ce, c->check) || check_migration(ce))
			return -1;
	} else if (c->check == CLAIM_MIGRATES) {
		return bad(ce, "needs migration = APP VERSION, the migration it applies");
	} else if (only_keys(ce, c->check) || check_side(ce, &c->side, "workload") ||
		   (two && check_side(ce, &c->versus, "versus"))) {
		return -1;
	}
	if (two && !strcmp(c->side.workload, c->versus.workload) &&
	    (!c->side.app || !c->versus.app || c->side.version == c->versus.version))
		return bad(ce, "compares workload %s with itself: give at and versus_at different "
			   "versions", c->side.workload);
	if (c->check == CLAIM_PLAN && !plan_has_once_step(lesson_workload_find(ce->l, c->side.workload)))
		return bad(ce, "workload %s has no step that runs once, so no plan to read",
			   c->side.workload);
	for (int eng = DBP_SQLITE; eng <= DBP_POSTGRES; eng++)
		if (claim_applies(c, (enum dbp_engine)eng) && engine_values(ce, (enum dbp_engine)eng))
			return -1;
	return 0;
}

int lesson_check_claims(const struct lesson *l, struct dbp_error *e)
{
	for (size_t i = 0; i < l->nclaims; i++) {
		struct claim_err ce = { l, &l->claims[i], e };

		if (check_claim(&ce) != 0)
			return -1;
	}
	return 0;
}

static void value_free(struct claim_value *v)
{
	free(v->any);
	free(v->sqlite);
	free(v->postgres);
}

void lesson_claims_free(struct lesson *l)
{
	for (size_t i = 0; i < l->nclaims; i++) {
		struct lesson_claim *c = &l->claims[i];
		struct claim_value *vals[] = { &c->text, &c->factor, &c->rows, &c->sqlstate, &c->message,
					       &c->plan_has, &c->plan_lacks, &c->first, &c->then,
					       &c->answer, &c->options, &c->skip_when };

		for (size_t j = 0; j < DBP_ARRAY_LEN(vals); j++)
			value_free(vals[j]);
		free(c->name);
		free(c->side.workload);
		free(c->side.app);
		free(c->versus.workload);
		free(c->versus.app);
		free(c->migration.app);
		free(c->clients[0]);
		free(c->clients[1]);
		free(c->demo);
		free(c->measure);
	}
	free(l->claims);
	l->claims = NULL;
	l->nclaims = 0;
}
