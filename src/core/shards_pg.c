/* shards_pg: lesson 11 on PostgreSQL.  The coordinator's users table is
 * partitioned by hash of id; each partition is a foreign table
 * (postgres_fdw) on one shard's database.  The questions go through the
 * coordinator; a fresh session each time, since postgres_fdw keeps its
 * connections to the shards for the life of a session. */
#include "shards_demo.h"

#include <stdlib.h>
#include <string.h>

#define REPS 5
#define BOUND_KEYS 1000 /* a key on every shard is found below this */

/* ---- building ------------------------------------------------------------ */

/* A quoted literal, or '' when v is empty or cannot be quoted. */
static char *literal(struct workspace *ws, struct dbp_conn *c, const char *v)
{
	char *q = v ? ws->ops->quote_literal(c, v) : NULL;

	return q ? q : xstrdup("''");
}

/* The shard's foreign server and its partition: where it is, no secret. */
static void link_sql(struct workspace *ws, struct dbp_conn *c, const struct shard *s, size_t i, size_t n,
		     struct strbuf *sql)
{
	struct dbp_reach r = { 0 };
	char *host, *port, *db;

	s->ws->ops->server_reach(s->ws->srv, &r);
	host = literal(ws, c, r.host);
	port = literal(ws, c, r.port);
	db = literal(ws, c, s->db);
	sb_addf(sql, "CREATE SERVER %s FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host %s, port %s, "
		"dbname %s, batch_size '500');\n", s->name, host, port, db);
	sb_addf(sql, "CREATE FOREIGN TABLE " SHARD_TABLE "_%s PARTITION OF " SHARD_TABLE " FOR VALUES WITH "
		"(MODULUS %zu, REMAINDER %zu) SERVER %s OPTIONS (table_name '" SHARD_TABLE "');\n",
		s->name, n, i, s->name);
	free(host);
	free(port);
	free(db);
}

/* How the coordinator logs in on the shard: the user and password libpq
 * used to reach it, where postgres_fdw needs them.  A statement of its
 * own, so that a later error (which the server may log with its
 * statement) never carries the password; the text is wiped after use. */
static int map_user(struct workspace *ws, struct dbp_conn *c, const struct shard *s, struct dbp_error *e)
{
	struct dbp_reach r = { 0 };
	char *user, *pass, *sql;
	int rc;

	s->ws->ops->server_reach(s->ws->srv, &r);
	user = literal(ws, c, r.user);
	pass = r.password && *r.password ? literal(ws, c, r.password) : NULL;
	sql = xasprintf("CREATE USER MAPPING FOR CURRENT_USER SERVER %s OPTIONS (user %s%s%s)", s->name, user,
			pass ? ", password " : "", pass ? pass : "");
	rc = ws->ops->exec(c, sql, e);
	memset(sql, 0, strlen(sql));
	if (pass)
		memset(pass, 0, strlen(pass));
	free(sql);
	free(pass);
	free(user);
	return rc;
}

static int install_fdw(struct workspace *ws, struct dbp_conn *c, struct dbp_error *e)
{
	if (ws->ops->exec(c, "CREATE EXTENSION IF NOT EXISTS postgres_fdw", e) == 0)
		return 0;
	if (!strcmp(e->sqlstate, "42501"))
		return err_prefix(e, "postgres_fdw is not a trusted extension: on PostgreSQL 15 only a "
				  "superuser may create it (or have it created in the coordinator's database)");
	return -1;
}

/* Servers and partitions, mappings, then the rows, in one transaction:
 * the coordinator routes each row to its shard. */
static int link_shards(struct workspace *ws, struct dbp_conn *c, const struct lesson_demo *d,
		       struct shard_set *set, const struct dbp_progress *p, struct dbp_error *e)
{
	struct strbuf sql;
	struct dbp_error ignored;
	int rc;

	if (install_fdw(ws, c, e) != 0)
		return -1;
	sb_init(&sql);
	for (size_t i = 0; i < set->n; i++)
		link_sql(ws, c, &set->v[i], i, set->n, &sql);
	progress_say(p, "linking %zu shards to the coordinator and filling them through it", set->n);
	rc = ws->ops->exec(c, "BEGIN", e);
	if (rc == 0)
		rc = ws->ops->exec(c, sql.s, e);
	for (size_t i = 0; i < set->n && rc == 0; i++)
		rc = map_user(ws, c, &set->v[i], e);
	if (rc == 0)
		rc = ws->ops->exec(c, claim_value_for(&d->fill, DBP_POSTGRES), e);
	if (rc == 0)
		rc = ws->ops->exec(c, "COMMIT", e);
	else
		ws->ops->exec(c, "ROLLBACK", &ignored);
	sb_free(&sql);
	return rc;
}

static int partitions(struct workspace *ws, struct dbp_conn *c, struct dbp_error *e)
{
	char *n = shards_lookup(ws, c, "SELECT count(*) FROM pg_inherits WHERE inhparent = '" SHARD_TABLE
			 "'::regclass", e);
	int k = n ? atoi(n) : -1;

	free(n);
	return k;
}

static int place_all(const struct lesson *l, const struct lesson_demo *d, struct shard_set *set,
		     const struct dbp_progress *p, struct dbp_lines *out, struct dbp_error *e)
{
	int down = 0;

	for (size_t i = 0; i < set->n; i++) {
		struct shard *s = &set->v[i];

		if (!s->ws) {
			lines_addf(out, DBP_LINE_ERROR, "%s does not answer: %s", s->name, s->down.msg);
			down++;
			continue;
		}
		progress_say(p, "%s: database %s on %s", s->name, s->db, s->ws->ops->server_describe(s->ws->srv));
		if (shards_place(s, l, d, NULL, e) < 0)
			return err_prefix(e, "%s", s->name);
	}
	return down;
}

/* The coordinator's partitions, checked against the shards asked for
 * before any shard's database is made. */
static int check_partitions(struct workspace *ws, struct dbp_conn *c, size_t n, int *k, struct dbp_error *e)
{
	*k = partitions(ws, c, e);
	if (*k > 0 && *k != (int)n)
		return err_set(e, "the coordinator's " SHARD_TABLE " table is spread over %d shards, not %zu: "
			       "tear lesson 11 down, then run the demo again", *k, n);
	return *k < 0 ? -1 : 0;
}

int shards_pg_build(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d,
		    struct shard_set *set, const struct dbp_progress *p, struct dbp_lines *out,
		    struct dbp_error *e)
{
	struct dbp_conn *c = shards_coordinator(ws, l, d, e);
	int rc = c ? 0 : -1, k = 0, down = 0;

	if (rc == 0)
		rc = check_partitions(ws, c, set->n, &k, e);
	if (rc == 0 && (down = place_all(l, d, set, p, out, e)) < 0)
		rc = -1;
	if (rc == 0 && k == 0 && down)
		rc = err_set(e, "%d of %zu shards do not answer: the coordinator is linked to its shards only "
			     "when every one answers", down, set->n);
	else if (rc == 0 && k == 0)
		rc = link_shards(ws, c, d, set, p, e);
	if (c)
		ws->ops->close(c);
	return rc;
}

/* ---- asking -------------------------------------------------------------- */

/* A key whose hash lands on each shard, from the coordinator's own hash. */
static int find_keys(struct workspace *ws, struct dbp_conn *c, struct shard_set *set, struct dbp_error *e)
{
	for (size_t i = 0; i < set->n; i++) {
		char *sql = xasprintf("SELECT min(g)::text FROM generate_series(1, %d) g WHERE "
				      "satisfies_hash_partition('" SHARD_TABLE "'::regclass, %zu, %zu, g)",
				      BOUND_KEYS, set->n, i);

		set->v[i].key = shards_lookup(ws, c, sql, e);
		free(sql);
		if (!set->v[i].key)
			return -1;
	}
	return 0;
}

static void say_failed(struct dbp_lines *out, const char *what, const struct bench_result *b)
{
	lines_addf(out, DBP_LINE_ERROR, "%s fails: %s%s%s", what, b->error.sqlstate,
		   b->error.sqlstate[0] ? " " : "", b->error.msg);
}

static void routed(struct workspace *ws, struct dbp_conn *c, const struct shard_set *set, const char *what,
		   const struct bench_result *b, const char *sql, struct dbp_lines *out)
{
	struct strbuf names;
	struct dbp_error e;
	int hits;

	if (b->failed) {
		say_failed(out, what, b);
		return;
	}
	sb_init(&names);
	hits = shards_in_plan(ws, c, set, sql, &names, &e);
	if (hits < 0)
		lines_addf(out, DBP_LINE_ERROR, "%s: its plan could not be read: %s", what, e.msg);
	else if (hits == (int)set->n)
		lines_addf(out, DBP_LINE_ADDED, "%s reached every shard (%d of %zu): median %.2f ms", what, hits,
			   set->n, b->stats.median);
	else
		lines_addf(out, DBP_LINE_ADDED, "%s reached %d of %zu shards (%s in its plan): median %.2f ms",
			   what, hits, set->n, names.s ? names.s : "none", b->stats.median);
	sb_free(&names);
}

/* The fan-out's question on each shard's own database, no coordinator
 * between: what each part costs. */
static void each_alone(const struct lesson *l, const struct lesson_demo *d, struct shard_set *set,
		       struct bench_result *b, struct dbp_lines *out)
{
	struct strbuf line;

	sb_init(&line);
	sb_add(&line, "the same question on each shard's own database:");
	for (size_t i = 0; i < set->n; i++) {
		struct shard *s = &set->v[i];
		char *name = xasprintf("fanout_%s_alone", s->name), *title = xasprintf("The question without the id, "
								   "on %s alone", s->name);
		struct dbp_conn *c = s->ws->ops->connect(s->ws->srv, s->db, NULL, NULL, &b[i].error);

		shards_time(s->ws, l, c, d->fanout, REPS, name, title, &b[i]);
		if (c)
			s->ws->ops->close(c);
		if (!b[i].failed)
			sb_addf(&line, "%s %s %.2f ms", i ? "," : "", s->name, b[i].stats.median);
		else
			sb_addf(&line, "%s %s: %s", i ? "," : "", s->name, b[i].error.msg);
		free(name);
		free(title);
	}
	lines_add(out, DBP_LINE_TEXT, line.s);
	sb_free(&line);
}

/* What each shard's own database holds: the rows the coordinator sent. */
static void shares(const struct shard_set *set, struct dbp_lines *out)
{
	struct strbuf line;
	int empty = 0;

	sb_init(&line);
	for (size_t i = 0; i < set->n; i++) {
		const struct shard *s = &set->v[i];
		struct dbp_error e;
		struct dbp_conn *c = s->ws->ops->connect(s->ws->srv, s->db, NULL, NULL, &e);
		char *n = c ? shards_lookup(s->ws, c, "SELECT count(*) FROM " SHARD_TABLE, &e) : NULL;

		sb_addf(&line, "%s %s %s", i ? "," : "", s->name, n ? n : e.msg);
		empty += !n || !strcmp(n, "0");
		free(n);
		if (c)
			s->ws->ops->close(c);
	}
	if (empty)
		lines_addf(out, DBP_LINE_ERROR, "not every shard holds users:%s", line.s);
	else
		lines_addf(out, DBP_LINE_ADDED, "each shard holds its own share of the users, sent there by the "
			   "coordinator:%s", line.s);
	sb_free(&line);
}

/* Is the shard's server another than the coordinator's?  Host names
 * cannot tell (localhost and 127.0.0.1 are one server): the clusters'
 * system identifiers can; the connection's text only where one cannot
 * be read. */
static int lives_apart(struct workspace *ws, const char *home, const struct shard *s)
{
	char *there;
	int apart;

	if (s->ws == ws)
		return 0;
	there = pg_system_identifier(s->ws->srv);
	apart = home && there ? strcmp(home, there) != 0
			      : strcmp(ws->ops->server_id(s->ws->srv), ws->ops->server_id(ws->srv)) != 0;
	free(there);
	return apart;
}

static void fate(struct workspace *ws, const struct shard_set *set, struct dbp_lines *out)
{
	size_t apart = 0, down = 0;
	char *home = pg_system_identifier(ws->srv);

	for (size_t i = 0; i < set->n; i++) {
		down += !set->v[i].ws;
		if (set->v[i].ws && lives_apart(ws, home, &set->v[i]))
			apart++;
	}
	if (down)
		lines_addf(out, DBP_LINE_NOTE, "with %zu of %zu shards not answering, where each lives cannot "
			   "be told from here", down, set->n);
	else if (!apart)
		lines_addf(out, DBP_LINE_NOTE, "all %zu shards are databases on the coordinator's own server%s: "
			   "they share its fate (one restart stops them all), and no network lies between them",
			   set->n, home ? " (one system_identifier)" : "");
	else
		lines_addf(out, DBP_LINE_NOTE, "%zu of %zu shards live on servers apart from the coordinator's%s: "
			   "each can stop on its own, and every question to them crosses a connection", apart, set->n,
			   home ? " (system_identifier differs)" : "");
	free(home);
}

/* The join node of sql's plan that runs on the coordinator ("Hash Join",
 * ...; its text, caller frees), NULL when there is none: the shards
 * joined the rows themselves. */
static char *local_join(struct workspace *ws, struct dbp_conn *c, const char *sql)
{
	static const char *const nodes[] = { "Hash Join", "Merge Join", "Nested Loop" };
	char *q = xasprintf("EXPLAIN %s", sql), *found = NULL;
	struct dbp_result r = { 0 };
	struct dbp_error e;

	if (ws->ops->query(c, q, &r, &e) == 0)
		for (long row = 0; row < r.nrows && !found; row++)
			for (size_t i = 0; i < sizeof nodes / sizeof nodes[0] && !found; i++)
				if (strstr(result_cell(&r, row, 0), nodes[i]))
					found = xstrdup(nodes[i]);
	result_free(&r);
	free(q);
	return found;
}

/* The join: how many shards its plan reads, and where the rows meet. */
static void joined(struct workspace *ws, struct dbp_conn *c, const struct shard_set *set, const char *sql,
		   const struct bench_result *b, struct dbp_lines *out)
{
	struct strbuf names;
	struct dbp_error e;
	char *node;
	int hits;

	if (b->failed) {
		say_failed(out, "the join across shards", b);
		return;
	}
	sb_init(&names);
	hits = shards_in_plan(ws, c, set, sql, &names, &e);
	node = local_join(ws, c, sql);
	if (node)
		lines_addf(out, DBP_LINE_ADDED, "the join across shards answered: %ld rows, median %.2f ms; its plan "
			   "reads %d of %zu shards, and the coordinator joins the rows itself (%s)", b->rows,
			   b->stats.median, hits, set->n, node);
	else
		lines_addf(out, DBP_LINE_ADDED, "the join across shards answered: %ld rows, median %.2f ms; its plan "
			   "reads %d of %zu shards, and has no join on the coordinator", b->rows, b->stats.median,
			   hits, set->n);
	free(node);
	sb_free(&names);
}

enum { Q_KEYED, Q_FANOUT, Q_JOIN, NQ };

/* Everything answers: the questions timed, side by side, and kept. */
static void ask_all(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d, struct dbp_conn *c,
		    struct shard_set *set, const struct dbp_progress *p, struct dbp_lines *out)
{
	struct bench_result *b = xcalloc(NQ + set->n, sizeof *b);
	char *keyed = shards_subst(d->probe, "key", set->v[0].key);
	char *what = xasprintf("the lookup by id %s", set->v[0].key);

	progress_say(p, "timing the lookup by id, the question without it, and the join");
	shards_time(ws, l, c, keyed, REPS, "shard_keyed", "One user by id, through the coordinator", &b[Q_KEYED]);
	shards_time(ws, l, c, d->fanout, REPS, "shard_fanout", "The question without the id, through the "
		    "coordinator", &b[Q_FANOUT]);
	shards_time(ws, l, c, d->join, REPS, "shard_join", "A join across shards", &b[Q_JOIN]);
	shares(set, out);
	routed(ws, c, set, what, &b[Q_KEYED], keyed, out);
	routed(ws, c, set, "the question without the id", &b[Q_FANOUT], d->fanout, out);
	each_alone(l, d, set, b + NQ, out);
	joined(ws, c, set, d->join, &b[Q_JOIN], out);
	shards_side_by_side(b, NQ + set->n, out);
	shards_keep(ws, l, b, NQ + set->n, out);
	for (size_t i = 0; i < NQ + set->n; i++)
		bench_result_free(&b[i]);
	free(b);
	free(keyed);
	free(what);
}

/* One question with a shard down, on a fresh coordinator session. */
static void ask_down(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d, const char *down,
		     const char *what, const char *sql, struct dbp_lines *out)
{
	struct dbp_error e;
	struct dbp_conn *c = shards_coordinator(ws, l, d, &e);
	struct dbp_result r = { 0 };

	if (c && ws->ops->query(c, sql, &r, &e) == 0)
		lines_addf(out, DBP_LINE_ADDED, "with %s down, %s still answers", down, what);
	else
		lines_addf(out, DBP_LINE_ERROR, "with %s down, %s fails: %s%s%s", down, what, e.sqlstate,
			   e.sqlstate[0] ? " " : "", e.msg);
	result_free(&r);
	if (c)
		ws->ops->close(c);
}

/* Which questions still answer while shard `down` is away. */
static void ask_without(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d,
			struct shard_set *set, size_t down, struct dbp_lines *out)
{
	const char *name = set->v[down].name;

	for (size_t i = 0; i < set->n; i++) {
		char *sql = shards_subst(d->probe, "key", set->v[i].key);
		char *what = xasprintf("the lookup of user %s (on %s)", set->v[i].key, set->v[i].name);

		ask_down(ws, l, d, name, what, sql, out);
		free(sql);
		free(what);
	}
	ask_down(ws, l, d, name, "the question without the id", d->fanout, out);
	ask_down(ws, l, d, name, "the join across shards", d->join, out);
}

/* No shard is down: take the second one's database offline (ours, by
 * marker and manifest), as if its server had stopped, then bring it back. */
static int take_one_away(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d,
			 struct shard_set *set, struct dbp_lines *out, struct dbp_error *e)
{
	struct shard *s = &set->v[1];
	struct dbp_offline *o = s->ws->ops->take_offline(s->ws->srv, s->db, &s->ws->owner, e);

	if (!o)
		return -1;
	lines_addf(out, DBP_LINE_TEXT, "%s taken away: its database %s refuses new sessions (ALLOW_CONNECTIONS "
		   "false), as if its server had stopped", s->name, s->db);
	ask_without(ws, l, d, set, 1, out);
	if (s->ws->ops->bring_online(o, e) != 0)
		return -1;
	lines_addf(out, DBP_LINE_TEXT, "%s is back", s->name);
	return 0;
}

int shards_pg_ask(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d,
		  struct shard_set *set, const struct dbp_progress *p, struct dbp_lines *out,
		  struct dbp_error *e)
{
	struct dbp_conn *c = shards_coordinator(ws, l, d, e);
	size_t down = set->n;
	int rc;

	if (!c)
		return -1;
	rc = find_keys(ws, c, set, e);
	for (size_t i = 0; i < set->n; i++)
		if (!set->v[i].ws && down == set->n)
			down = i;
	fate(ws, set, out);
	if (rc == 0 && down == set->n)
		ask_all(ws, l, d, c, set, p, out);
	ws->ops->close(c);
	if (rc == 0 && down < set->n)
		ask_without(ws, l, d, set, down, out);
	else if (rc == 0)
		rc = take_one_away(ws, l, d, set, out, e);
	return rc;
}
