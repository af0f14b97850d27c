/* lesson_tour: the [tour] and [stop N] sections of lesson.ini, read and
 * checked against the rest of the lesson.  A stop's "do" lists the
 * screen's own actions, separated by commas, each a verb and perhaps a
 * name ("app books, migrate, pane migrations"); its "say" is the sentence
 * shown while the class looks at what the actions did. */
#include "lesson.h"
#include "ini_file.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Where a name goes after the verb: never, always, or as the author likes. */
enum tour_arg { ARG_NONE, ARG_NAME, ARG_MAYBE };

static const struct {
	const char *name;
	enum tour_verb verb;
	enum tour_arg arg;
} verbs[] = {
	{ "pane", TOUR_PANE, ARG_NAME },       { "provision", TOUR_PROVISION, ARG_NONE },
	{ "app", TOUR_APP, ARG_NAME },         { "migrate", TOUR_MIGRATE, ARG_NONE },
	{ "rollback", TOUR_ROLLBACK, ARG_NONE }, { "timings", TOUR_TIMINGS, ARG_NONE },
	{ "workloads", TOUR_WORKLOADS, ARG_NONE }, { "demo", TOUR_DEMO, ARG_MAYBE },
	{ "sql", TOUR_SQL, ARG_NAME },
};

#define VERB_LIST "pane NAME, provision, app NAME, migrate, rollback, timings, workloads, " \
		  "demo [NAME], sql APP"

const char *const tour_panes[6] = { "lesson", "topology", "tables", "migrations", "timings", "sql" };

char *tour_action_text(const struct tour_action *a)
{
	for (size_t i = 0; i < DBP_ARRAY_LEN(verbs); i++)
		if (verbs[i].verb == a->verb)
			return a->arg ? xasprintf("%s %s", verbs[i].name, a->arg) : xstrdup(verbs[i].name);
	return xstrdup("?");
}

/* ---- reading the pairs ---------------------------------------------------- */

int tour_pair(struct lesson *l, int line, const char *key, const char *value, struct dbp_error *e)
{
	if (!l->tour_line)
		l->tour_line = line;
	if (strcmp(key, "title"))
		return err_set(e, "unknown key \"%s\" in [tour] (title; the stops are [stop 1], "
			       "[stop 2]...)", key);
	if (!*value)
		return err_set(e, "title may not be empty");
	free(l->tour_title);
	l->tour_title = xstrdup(value);
	return 0;
}

static int pane_ok(const char *name, struct dbp_error *e)
{
	for (size_t i = 0; i < DBP_ARRAY_LEN(tour_panes); i++)
		if (!strcmp(name, tour_panes[i]))
			return 0;
	return err_set(e, "pane \"%s\" is not a pane of the screen (lesson, topology, tables, "
		       "migrations, timings, sql)", name);
}

/* One "verb [name]" of a do list, onto the stop. */
static int add_action(struct tour_stop *s, const char *text, struct dbp_error *e)
{
	struct strlist w = { 0 };
	size_t i;
	int rc = -1;

	sl_split_words(&w, text);
	for (i = 0; w.n && i < DBP_ARRAY_LEN(verbs) && strcmp(w.v[0], verbs[i].name); i++)
		;
	if (!w.n)
		err_set(e, "do has an empty action (actions are separated by commas: %s)", VERB_LIST);
	else if (i == DBP_ARRAY_LEN(verbs))
		err_set(e, "unknown action \"%s\" in do (%s)", w.v[0], VERB_LIST);
	else if (w.n > 2 || (w.n == 2 && verbs[i].arg == ARG_NONE))
		err_set(e, "\"%s\" takes %s, not \"%s\" (%s)", verbs[i].name,
			verbs[i].arg == ARG_NONE ? "no name" : "one name", text, VERB_LIST);
	else if (w.n == 1 && verbs[i].arg == ARG_NAME)
		err_set(e, "\"%s\" needs a name (%s)", verbs[i].name, VERB_LIST);
	else if (w.n == 2 && verbs[i].verb == TOUR_PANE && pane_ok(w.v[1], e) != 0)
		;
	else {
		s->actions = xrealloc(s->actions, (s->nactions + 1) * sizeof *s->actions);
		s->actions[s->nactions].verb = verbs[i].verb;
		s->actions[s->nactions++].arg = w.n == 2 ? xstrdup(w.v[1]) : NULL;
		rc = 0;
	}
	sl_free(&w);
	return rc;
}

static int do_pair(struct tour_stop *s, const char *value, struct dbp_error *e)
{
	const char *p = value;

	if (!*value)
		return err_set(e, "do may not be empty (%s)", VERB_LIST);
	for (;;) {
		size_t n = strcspn(p, ",");
		char *one = xstrndup(p, n);
		int rc = add_action(s, one, e);

		free(one);
		if (rc != 0)
			return -1;
		if (!p[n])
			return 0;
		p += n + 1;
	}
}

/* A figure written into a sentence ("20 times", "5x", "3 ms") would not
 * change when the engine measures otherwise: the sentence points at the
 * figure on screen instead.  The figure's length (0: none) and start. */
static size_t stated_figure(const char *s, const char **at)
{
	static const char *const units[] = { "times", "x", "ms", "%", "seconds", "s" };

	for (const char *p = s; *p; p++) {
		const char *q = p, *u;

		if (!isdigit((unsigned char)*p) || (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '_')))
			continue;
		while (isdigit((unsigned char)*q) || *q == '.' || *q == ',')
			q++;
		u = q + (*q == ' ');
		for (size_t i = 0; i < DBP_ARRAY_LEN(units); i++) {
			size_t n = strlen(units[i]);

			if (!strncmp(u, units[i], n) && !isalnum((unsigned char)u[n])) {
				*at = p;
				return (size_t)(u + n - p);
			}
		}
	}
	return 0;
}

static int say_pair(struct tour_stop *s, const char *key, const char *value, struct dbp_error *e)
{
	char **slot = !strcmp(key, "say") ? &s->say.any : !strcmp(key, "say.sqlite") ? &s->say.sqlite
		    : &s->say.postgres;
	const char *figure = NULL;
	size_t n = stated_figure(value, &figure);

	if (!*value)
		return err_set(e, "%s may not be empty: it is the sentence shown at this stop", key);
	if (n)
		return err_set(e, "%s states a figure (\"%.*s\"); a tour's sentence points at the figure "
			       "the screen measures instead (e.g. \"the Timings pane shows the medians\")",
			       key, (int)n, figure);
	*slot = xstrdup(value);
	return 0;
}

/* The text a stop brings the focused pane to, as / would find it. */
static int show_pair(struct tour_stop *s, const char *key, const char *value, struct dbp_error *e)
{
	char **slot = !strcmp(key, "show") ? &s->show.any : !strcmp(key, "show.sqlite") ? &s->show.sqlite
		    : &s->show.postgres;

	if (!*value)
		return err_set(e, "%s may not be empty: it is the text the pane is brought to", key);
	free(*slot);
	*slot = xstrdup(value);
	return 0;
}

int stop_pair(struct lesson *l, const char *name, int line, const char *key, const char *value,
	      struct dbp_error *e)
{
	struct tour_stop *s;
	long n;

	if (ini_parse_int(name, 1, 99, &n, e) != 0)
		return err_prefix(e, "[stop N] needs a number");
	if ((size_t)n > l->nstops + 1)
		return err_set(e, "stops must be numbered 1, 2, 3... in order (got %ld after %zu)",
			       n, l->nstops);
	if ((size_t)n == l->nstops + 1) {
		l->stops = xrealloc(l->stops, (l->nstops + 1) * sizeof *l->stops);
		memset(&l->stops[l->nstops], 0, sizeof *l->stops);
		l->stops[l->nstops++].line = line;
	}
	s = &l->stops[n - 1];
	if (!strcmp(key, "say") || !strcmp(key, "say.sqlite") || !strcmp(key, "say.postgres"))
		return say_pair(s, key, value, e);
	if (!strcmp(key, "do"))
		return do_pair(s, value, e);
	if (!strcmp(key, "show") || !strcmp(key, "show.sqlite") || !strcmp(key, "show.postgres"))
		return show_pair(s, key, value, e);
	if (!strcmp(key, "statement")) {
		if (!*value)
			return err_set(e, "statement may not be empty");
		s->statement = xstrdup(value);
		return 0;
	}
	return err_set(e, "unknown key \"%s\" in [stop %s] (say, say.sqlite, say.postgres, do, "
		       "statement, show, show.sqlite, show.postgres)", key, name);
}

/* ---- checking the stops against the lesson -------------------------------- */

static int bad_stop(const struct lesson *l, size_t i, struct dbp_error *e, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int bad_stop(const struct lesson *l, size_t i, struct dbp_error *e, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	err_set(e, "%s/lesson.ini:%d: [stop %zu] %s", l->dir, l->stops[i].line, i + 1, msg);
	free(msg);
	return -1;
}

static int check_action(const struct lesson *l, size_t i, const struct tour_action *a,
			struct dbp_error *e)
{
	if ((a->verb == TOUR_APP || a->verb == TOUR_SQL) && !lesson_app_find(l, a->arg))
		return bad_stop(l, i, e, "names app \"%s\", which has no [app %s]", a->arg, a->arg);
	if (a->verb == TOUR_DEMO && a->arg && !lesson_demo_find(l, a->arg))
		return bad_stop(l, i, e, "names demo \"%s\", which has no [demo %s]", a->arg, a->arg);
	if (a->verb == TOUR_DEMO && !l->ndemos)
		return bad_stop(l, i, e, "runs a demo, but the lesson has no [demo NAME]");
	return 0;
}

static int check_stop(const struct lesson *l, size_t i, struct dbp_error *e)
{
	const struct tour_stop *s = &l->stops[i];
	int sql = 0;

	for (int eng = DBP_SQLITE; eng <= DBP_POSTGRES; eng++)
		if (!claim_value_for(&s->say, (enum dbp_engine)eng))
			return bad_stop(l, i, e, "needs say = the sentence shown at this stop (or say.%s)",
					engine_name((enum dbp_engine)eng));
	for (size_t j = 0; j < s->nactions; j++) {
		if (check_action(l, i, &s->actions[j], e) != 0)
			return -1;
		sql += s->actions[j].verb == TOUR_SQL;
	}
	if (sql > 1)
		return bad_stop(l, i, e, "runs sql twice; a stop has one statement");
	if (sql && !s->statement)
		return bad_stop(l, i, e, "runs sql but has no statement = SQL");
	if (!sql && s->statement)
		return bad_stop(l, i, e, "has a statement but no \"sql APP\" in do to run it");
	return 0;
}

int lesson_check_tour(const struct lesson *l, struct dbp_error *e)
{
	if (l->tour_line && !l->nstops)
		return err_set(e, "%s/lesson.ini:%d: [tour] has no stops: add [stop 1], [stop 2]...",
			       l->dir, l->tour_line);
	for (size_t i = 0; i < l->nstops; i++)
		if (check_stop(l, i, e) != 0)
			return -1;
	return 0;
}

void lesson_tour_free(struct lesson *l)
{
	for (size_t i = 0; i < l->nstops; i++) {
		struct tour_stop *s = &l->stops[i];

		for (size_t j = 0; j < s->nactions; j++)
			free(s->actions[j].arg);
		free(s->actions);
		free(s->say.any);
		free(s->say.sqlite);
		free(s->say.postgres);
		free(s->statement);
		free(s->show.any);
		free(s->show.sqlite);
		free(s->show.postgres);
	}
	free(l->stops);
	free(l->tour_title);
	l->stops = NULL;
	l->nstops = 0;
	l->tour_title = NULL;
}
