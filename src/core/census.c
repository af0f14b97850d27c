/* census: see census.h.  Which object is whose, from the markers the scan
 * read; the engine's side is census_pg.c. */
#include "census.h"
#include "interrupt.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_word[] = { "database", "schema", "role" };

static int starts_with_prefix(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);

	return !strncmp(name, prefix, n) && name[n] == '_' && name[n + 1];
}

static long workspace_index(struct census *c, const char *prefix, const char *id)
{
	for (size_t i = 0; i < c->nws; i++)
		if (!strcmp(c->ws[i].prefix, prefix) && !strcmp(c->ws[i].id, id))
			return (long)i;
	c->ws = xrealloc(c->ws, (c->nws + 1) * sizeof *c->ws);
	memset(&c->ws[c->nws], 0, sizeof *c->ws);
	c->ws[c->nws].prefix = xstrdup(prefix);
	c->ws[c->nws].id = xstrdup(id);
	return (long)c->nws++;
}

/* A marker of ours that names a workspace and fits the name: that
 * workspace's.  A marker of ours that does not: a lookalike, and why. */
static void claim_by_marker(struct census *c, struct census_object *o)
{
	char *prefix = owner_marker_prefix(o->marker);
	char *id = prefix ? owner_marker_field(o->marker, "workspace") : NULL;

	if (!prefix)
		return;
	if (!id || !owner_id_valid(id))
		o->why_not = xstrdup("its marker names no workspace id (an older dbpatterns, or written by hand)");
	else if (!starts_with_prefix(o->name, prefix))
		o->why_not = xasprintf("its marker names prefix %s, which its name does not carry", prefix);
	else
		o->ws = workspace_index(c, prefix, id);
	if (o->why_not)
		o->looks_like = xstrdup(prefix);
	free(prefix);
	free(id);
}

/* Named like a workspace's (the longest prefix that fits), not marked as
 * one: listed, never touched.  "public" and system schemas never fit. */
static void find_lookalike(struct census *c, struct census_object *o)
{
	const char *best = NULL;

	if (o->ws >= 0 || o->why_not)
		return;
	for (size_t i = 0; i < c->nws; i++)
		if (starts_with_prefix(o->name, c->ws[i].prefix) &&
		    (!best || strlen(c->ws[i].prefix) > strlen(best)))
			best = c->ws[i].prefix;
	if (!best)
		return;
	o->looks_like = xstrdup(best);
	o->why_not = xstrdup(!*o->marker ? "no dbpatterns marker"
			     : "its comment is not a dbpatterns marker");
}

static void keep_earliest(char **field, const char *value)
{
	if (value && *value && (!*field || strcmp(value, *field) < 0)) {
		free(*field);
		*field = xstrdup(value);
	}
}

static void keep_latest(char **field, const char *value)
{
	if (value && (!*field || (strcmp(*field, "now") && (!strcmp(value, "now") || strcmp(value, *field) > 0)))) {
		free(*field);
		*field = xstrdup(value);
	}
}

static void add_owner(struct census_workspace *w, const char *owner)
{
	struct strlist known = { 0 };

	if (!owner || !*owner)
		return;
	sl_split_words(&known, w->owners ? w->owners : "");
	if (!sl_contains(&known, owner)) {
		char *joined = w->owners ? xasprintf("%s %s", w->owners, owner) : xstrdup(owner);

		free(w->owners);
		w->owners = joined;
	}
	sl_free(&known);
}

/* A schema inside one of the same workspace's databases is counted with
 * the database (its size is in the database's). */
static int inside_own_database(const struct census *c, const struct census_object *o)
{
	for (size_t i = 0; o->kind == CENSUS_SCHEMA && i < c->nobj; i++)
		if (c->obj[i].kind == CENSUS_DATABASE && c->obj[i].ws == o->ws &&
		    !strcmp(c->obj[i].name, o->database))
			return 1;
	return 0;
}

static void sum_up(struct census *c, struct census_object *o)
{
	struct census_workspace *w = &c->ws[o->ws];
	char *created = owner_marker_field(o->marker, "created");
	char *at = owner_marker_field(o->marker, "at");

	keep_earliest(&w->created, created);
	if (!w->location && at && *at)
		w->location = xstrdup(at);
	add_owner(w, o->owner);
	if (o->size > 0 && !inside_own_database(c, o))
		w->size += o->size;
	keep_latest(&w->last_used, o->kind != CENSUS_ROLE && o->sessions > 0 ? "now" : o->last_used);
	free(created);
	free(at);
}

static void mark_shared(struct census *c)
{
	for (size_t i = 0; i < c->nws; i++)
		for (size_t j = 0; j < c->nws; j++)
			if (i != j && !strcmp(c->ws[i].prefix, c->ws[j].prefix))
				c->ws[i].shared = 1;
}

int census_take(const struct dbp_backend_ops *ops, struct dbp_server *srv, struct census *c,
		struct dbp_error *e)
{
	memset(c, 0, sizeof *c);
	if (ops != &dbp_pg_ops)
		return err_set(e, "the census reads a PostgreSQL server's markers: with SQLite every "
			       "workspace is a workdir of its own (its files and manifest)");
	if (census_pg_scan(ops, srv, c, e) != 0)
		return -1;
	for (size_t i = 0; i < c->nobj; i++)
		claim_by_marker(c, &c->obj[i]);
	for (size_t i = 0; i < c->nobj; i++)
		find_lookalike(c, &c->obj[i]);
	for (size_t i = 0; i < c->nobj; i++)
		if (c->obj[i].ws >= 0)
			sum_up(c, &c->obj[i]);
	mark_shared(c);
	return 0;
}

void census_free(struct census *c)
{
	for (size_t i = 0; i < c->nobj; i++) {
		struct census_object *o = &c->obj[i];

		free(o->name);
		free(o->database);
		free(o->owner);
		free(o->marker);
		free(o->last_used);
		free(o->why_not);
		free(o->looks_like);
	}
	for (size_t i = 0; i < c->nws; i++) {
		struct census_workspace *w = &c->ws[i];

		free(w->prefix);
		free(w->id);
		free(w->location);
		free(w->created);
		free(w->last_used);
		free(w->owners);
	}
	free(c->obj);
	free(c->ws);
	free(c->role);
	free(c->admin_db);
	sl_free(&c->unreadable);
	memset(c, 0, sizeof *c);
}

/* ---- lessons ------------------------------------------------------------- */

static int holds(const struct census *c, size_t w, enum census_kind kind, const char *name)
{
	char *full = xasprintf("%s_%s", c->ws[w].prefix, name);
	int yes = 0;

	for (size_t i = 0; !yes && i < c->nobj; i++)
		yes = c->obj[i].ws == (long)w && c->obj[i].kind == kind && !strcmp(c->obj[i].name, full);
	free(full);
	return yes;
}

static int lesson_present(const struct census *c, size_t w, const struct lesson *l)
{
	for (size_t d = 0; d < l->ndbs; d++) {
		if (holds(c, w, CENSUS_DATABASE, l->dbs[d].name))
			return 1;
		for (size_t s = 0; s < l->dbs[d].schemas.n; s++)
			if (holds(c, w, CENSUS_SCHEMA, l->dbs[d].schemas.v[s]))
				return 1;
	}
	return 0;
}

char *census_lessons(const struct census *c, size_t w, const struct lesson_set *set)
{
	struct strbuf b;

	sb_init(&b);
	for (size_t i = 0; set && i < set->n; i++)
		if (lesson_present(c, w, set->v[i]))
			sb_addf(&b, "%s%d", b.len ? " " : "", set->v[i]->number);
	return b.s ? sb_steal(&b) : xstrdup("");
}

/* ---- finding and dropping ------------------------------------------------ */

/* Markers are readable by every role, so a prefix can be made to read as
 * another workspace's id: such a name is refused, not resolved in silence.
 * Each of the two still has its other name. */
static long id_not_a_prefix(const struct census *c, size_t w, struct dbp_error *e)
{
	for (size_t i = 0; i < c->nws; i++)
		if (i != w && !strcmp(c->ws[i].prefix, c->ws[w].id))
			return err_set(e, "\"%s\" is the id of workspace %s and the prefix of workspace %s: name "
				       "the first by its prefix (if no other carries it), the second by its id %s",
				       c->ws[w].id, c->ws[w].prefix, c->ws[i].prefix, c->ws[i].id);
	return (long)w;
}

long census_find(const struct census *c, const char *name, struct dbp_error *e)
{
	long found = -1;
	size_t n = 0;
	struct strbuf ids;

	for (size_t i = 0; i < c->nws; i++)
		if (!strcmp(c->ws[i].id, name))
			return id_not_a_prefix(c, i, e);
	sb_init(&ids);
	for (size_t i = 0; i < c->nws; i++)
		if (!strcmp(c->ws[i].prefix, name)) {
			found = (long)i;
			sb_addf(&ids, "%s%s", n++ ? ", " : "", c->ws[i].id);
		}
	if (n > 1)
		found = err_set(e, "prefix %s is carried by %zu workspaces (%s): name one by its workspace id",
				name, n, ids.s);
	else if (!n)
		found = err_set(e, "no dbpatterns workspace has prefix or id \"%s\" on this server "
				"(`dbpatterns workspaces` lists them)", name);
	sb_free(&ids);
	return found;
}

/* Order of teardown: schemas living in others' databases, then the
 * workspace's databases (their schemas go with them), then its roles. */
static int drop_rank(const struct census *c, const struct census_object *o)
{
	if (o->kind == CENSUS_SCHEMA)
		return inside_own_database(c, o) ? -1 : 0;
	return o->kind == CENSUS_DATABASE ? 1 : 2;
}

static void each_to_drop(const struct census *c, size_t w, void (*fn)(const struct census *,
			 const struct census_object *, void *), void *ctx)
{
	for (int rank = 0; rank <= 2; rank++)
		for (size_t i = 0; i < c->nobj; i++)
			if (c->obj[i].ws == (long)w && drop_rank(c, &c->obj[i]) == rank)
				fn(c, &c->obj[i], ctx);
}

static void add_sessions(const struct census *c, const struct census_object *o, void *ctx)
{
	(void)c;
	if (o->kind != CENSUS_ROLE && o->sessions > 0)
		*(int *)ctx += o->sessions;
}

int census_sessions(const struct census *c, size_t w)
{
	int n = 0;

	each_to_drop(c, w, add_sessions, &n);
	return n;
}

static void describe(const struct census *c, const struct census_object *o, void *ctx)
{
	(void)c;
	if (o->kind == CENSUS_SCHEMA)
		sl_push_owned(ctx, xasprintf("schema %s in database %s", o->name, o->database));
	else
		sl_push_owned(ctx, xasprintf("%s %s", kind_word[o->kind], o->name));
}

void census_plan(const struct census *c, size_t w, struct strlist *out)
{
	each_to_drop(c, w, describe, out);
}

/* Why database db of workspace w cannot go, or NULL: a schema of anyone
 * else in it, a session on it, no way to look inside. */
static char *database_blocked(const struct census *c, size_t w, const struct census_object *db)
{
	char *head = xasprintf("%s:", db->name);

	for (size_t i = 0; i < c->unreadable.n; i++)
		if (!strncmp(c->unreadable.v[i], head, strlen(head))) {
			free(head);
			return xasprintf("could not look inside database %s (%s)", db->name,
					 c->unreadable.v[i] + strlen(db->name) + 2);
		}
	free(head);
	if (!strcmp(db->name, c->admin_db ? c->admin_db : ""))
		return xasprintf("database %s is the one this command is connected to: connect to "
				 "another (--dsn ... dbname=postgres)", db->name);
	if (db->sessions > 0)
		return xasprintf("%d session%s connected to database %s (the student may still be working "
				 "in it): they must end first", db->sessions, db->sessions == 1 ? " is" : "s are",
				 db->name);
	for (size_t i = 0; i < c->nobj; i++) {
		const struct census_object *s = &c->obj[i];

		if (s->kind == CENSUS_SCHEMA && !strcmp(s->database, db->name) && s->ws != (long)w &&
		    strcmp(s->name, "public"))
			return xasprintf("database %s holds schema %s, which is not this workspace's (%s)",
					 db->name, s->name, s->why_not ? s->why_not
					 : s->ws >= 0 ? "another workspace's marker" : "no dbpatterns marker");
	}
	return NULL;
}

struct drop_check {
	size_t w;
	struct strbuf why;
};

/* A schema in a database not the workspace's: its owner connected there
 * may be working in it. */
static char *schema_blocked(const struct census_object *s)
{
	if (s->sessions <= 0)
		return NULL;
	return xasprintf("%d session%s of role %s %s connected to database %s, where schema %s is (the student "
			 "may still be working in it): they must end first", s->sessions, s->sessions == 1 ? "" : "s",
			 s->owner, s->sessions == 1 ? "is" : "are", s->database, s->name);
}

static void check_one(const struct census *c, const struct census_object *o, void *ctx)
{
	struct drop_check *k = ctx;
	char *why = o->kind == CENSUS_DATABASE ? database_blocked(c, k->w, o)
		    : o->kind == CENSUS_SCHEMA ? schema_blocked(o) : NULL;

	if (!why && !o->may_drop)
		why = o->kind == CENSUS_ROLE
			? xasprintf("role %s may not drop role %s: it needs CREATEROLE or superuser", c->role, o->name)
			: xasprintf("role %s may not drop %s %s (owned by %s): connect as a superuser or as %s",
				    c->role, kind_word[o->kind], o->name, o->owner, o->owner);
	if (why)
		sb_addf(&k->why, "%s%s", k->why.len ? "; " : "", why);
	free(why);
}

/* A marker is text: a student may copy another's, word for word, onto a
 * database or schema of their own.  The copy is told from the original
 * only by its owner, which a student cannot give away to another role; so
 * a workspace whose databases and schemas several roles own is not taken
 * as one workspace, and nothing of it is dropped. */
static char *owners_differ(const struct census *c, size_t w)
{
	const struct census_object *first = NULL;
	struct strbuf list;
	char *why = NULL;
	int differ = 0;

	sb_init(&list);
	for (size_t i = 0; i < c->nobj; i++) {
		const struct census_object *o = &c->obj[i];

		if (o->ws != (long)w || o->kind == CENSUS_ROLE)
			continue;
		if (!first)
			first = o;
		differ |= strcmp(o->owner, first->owner) != 0;
		if (o->kind == CENSUS_SCHEMA)
			sb_addf(&list, "%sschema %s in database %s: %s", list.len ? ", " : "", o->name,
				o->database, o->owner);
		else
			sb_addf(&list, "%sdatabase %s: %s", list.len ? ", " : "", o->name, o->owner);
	}
	if (differ)
		why = xasprintf("its databases and schemas are owned by different roles (%s): a marker copied "
				"onto another role's object reads the same, so which are the workspace's cannot "
				"be told; each role tears down its own (`dbpatterns teardown all` in its workdir), "
				"or drop by hand what you have checked", list.s);
	sb_free(&list);
	return why;
}

struct drop_run {
	const struct dbp_backend_ops *ops;
	struct dbp_server *srv;
	struct strlist *done;
	struct strlist left; /* from the object that failed on */
	struct dbp_error *e;
	int failed;
};

/* Ctrl-C cancels the statement running; between two statements it is
 * seen here, and nothing more is started. */
static void drop_one(const struct census *c, const struct census_object *o, void *ctx)
{
	struct drop_run *run = ctx;

	if (!run->failed && interrupt_requested())
		run->failed = err_set(run->e, "stopped before the next drop") != 0;
	if (!run->failed && census_pg_drop(run->ops, run->srv, c, o, run->e) != 0)
		run->failed = 1;
	else if (!run->failed)
		describe(c, o, run->done);
	if (run->failed)
		describe(c, o, &run->left);
}

/* A teardown cut short says what it left, so that nobody takes the
 * workspace for gone (or for whole). */
static int drop_stopped(const struct census *c, size_t w, struct drop_run *run)
{
	struct strbuf left;

	sb_init(&left);
	for (size_t i = 0; i < run->left.n; i++)
		sb_addf(&left, "%s%s", i ? ", " : "", run->left.v[i]);
	err_prefix(run->e, "workspace %s was %s (left: %s; `dbpatterns workspaces drop` again finishes it)",
		   c->ws[w].prefix, run->done->n ? "partly dropped" : "not dropped", left.s);
	sb_free(&left);
	return -1;
}

int census_drop(const struct dbp_backend_ops *ops, struct dbp_server *srv, const struct census *c,
		size_t w, struct strlist *done, struct dbp_error *e)
{
	struct drop_check check = { w, { 0 } };
	struct drop_run run = { ops, srv, done, { 0 }, e, 0 };
	char *holder = NULL;
	int got;

	char *mixed = owners_differ(c, w);

	if (mixed) {
		err_set(e, "nothing of workspace %s was dropped: %s", c->ws[w].prefix, mixed);
		free(mixed);
		return -1;
	}
	each_to_drop(c, w, check_one, &check);
	if (check.why.len) {
		err_set(e, "nothing of workspace %s was dropped: %s", c->ws[w].prefix, check.why.s);
		sb_free(&check.why);
		return -1;
	}
	/* The student's own dbpatterns holds this lock while it works. */
	got = ops->lock_prefix(srv, c->ws[w].prefix, &holder, e);
	if (got == 0)
		err_set(e, "nothing of workspace %s was dropped: prefix %s is in use by %s", c->ws[w].prefix,
			c->ws[w].prefix, holder);
	free(holder);
	if (got != 1)
		return -1;
	each_to_drop(c, w, drop_one, &run);
	ops->unlock_prefix(srv, c->ws[w].prefix);
	got = run.failed ? drop_stopped(c, w, &run) : 0;
	sl_free(&run.left);
	return got;
}
