/* shards_sqlite: lesson 11's stand-in on SQLite.  A file per shard beside
 * the coordinator's, each filled on its own (SQLite has no hash routing:
 * the application picks the file), attached to the coordinator's one
 * connection and put together by a temporary view (a view kept in a file
 * may not reach into attached ones).  What it is not: no servers, no
 * network, one process opens every file, ten attached files at most. */
#include "shards_demo.h"

#include <stdlib.h>
#include <string.h>

#define REPS 5

/* A shard made now gets its rows: those whose id falls to it. */
static int fill(struct shard *s, const struct lesson_demo *d, size_t i, size_t n, struct dbp_error *e)
{
	struct dbp_conn *c = s->ws->ops->connect(s->ws->srv, s->db, NULL, NULL, e);
	char *mod = xasprintf("%zu", n), *rem = xasprintf("%zu", i);
	char *a = shards_subst(claim_value_for(&d->fill, DBP_SQLITE), "modulus", mod);
	char *sql = shards_subst(a, "remainder", rem);
	int rc = c ? s->ws->ops->exec(c, sql, e) : -1;

	if (c)
		s->ws->ops->close(c);
	free(mod);
	free(rem);
	free(a);
	free(sql);
	return rc;
}

static int attach_all(struct workspace *ws, struct dbp_conn *c, struct shard_set *set, struct dbp_error *e)
{
	struct strbuf view;
	int rc = 0;

	sb_init(&view);
	sb_add(&view, "CREATE TEMP VIEW " SHARD_TABLE " AS ");
	for (size_t i = 0; i < set->n && rc == 0; i++) {
		char *url = ws->ops->app_url(ws->srv, set->v[i].db, NULL);
		char *lit = ws->ops->quote_literal(c, url + strlen("file:"));
		char *sql = xasprintf("ATTACH DATABASE %s AS %s", lit, set->v[i].name);

		rc = ws->ops->exec(c, sql, e);
		sb_addf(&view, "%sSELECT * FROM %s." SHARD_TABLE, i ? " UNION ALL " : "", set->v[i].name);
		free(url);
		free(lit);
		free(sql);
	}
	if (rc == 0)
		rc = ws->ops->exec(c, view.s, e);
	sb_free(&view);
	return rc;
}

static void say(struct workspace *ws, struct dbp_conn *c, const struct shard_set *set, const char *what,
		const char *sql, const struct bench_result *b, struct dbp_lines *out)
{
	struct strbuf names;
	struct dbp_error e;
	size_t n = set->n;
	int hits;

	sb_init(&names);
	hits = shards_in_plan(ws, c, set, sql, &names, &e);
	sb_free(&names);

	if (b->failed)
		lines_addf(out, DBP_LINE_ERROR, "%s fails: %s", what, b->error.msg);
	else if (hits < 0)
		lines_addf(out, DBP_LINE_ERROR, "%s: its plan could not be read: %s", what, e.msg);
	else if (hits == (int)n)
		lines_addf(out, DBP_LINE_ADDED, "%s reached every shard (%d of %zu files in its plan): median "
			   "%.2f ms, %ld row%s", what, hits, n, b->stats.median, b->rows, b->rows == 1 ? "" : "s");
	else
		lines_addf(out, DBP_LINE_ADDED, "%s reached %d of %zu files: median %.2f ms, %ld row%s", what, hits, n,
			   b->stats.median, b->rows, b->rows == 1 ? "" : "s");
}

static void ask(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d, struct dbp_conn *c,
		struct shard_set *set, struct dbp_lines *out)
{
	struct bench_result b[3];
	char *keyed = shards_subst(d->probe, "key", "1");

	shards_time(ws, l, c, keyed, REPS, "shard_keyed", "One user by id, through the view", &b[0]);
	shards_time(ws, l, c, d->fanout, REPS, "shard_fanout", "The question without the id, through the view",
		    &b[1]);
	shards_time(ws, l, c, d->join, REPS, "shard_join", "A join across shard files", &b[2]);
	say(ws, c, set, "the lookup by id 1, through the view,", keyed, &b[0], out);
	say(ws, c, set, "the question without the id", d->fanout, &b[1], out);
	say(ws, c, set, "the join across shards", d->join, &b[2], out);
	shards_side_by_side(b, 3, out);
	shards_keep(ws, l, b, 3, out);
	for (int i = 0; i < 3; i++)
		bench_result_free(&b[i]);
	free(keyed);
}

int shards_sqlite_demo(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d,
		       struct shard_set *set, const struct dbp_progress *p, struct dbp_lines *out,
		       struct dbp_error *e)
{
	struct dbp_conn *c;
	int made;

	for (size_t i = 0; i < set->n; i++) {
		progress_say(p, "%s: file %s", set->v[i].name, set->v[i].db);
		if ((made = shards_place(&set->v[i], l, d, NULL, e)) < 0 ||
		    (made && fill(&set->v[i], d, i, set->n, e) != 0))
			return err_prefix(e, "%s", set->v[i].name);
	}
	if (!(c = ws_connect_app(ws, l, lesson_app_find(l, d->app), e)))
		return -1;
	if (attach_all(ws, c, set, e) != 0) {
		ws->ops->close(c);
		return -1;
	}
	lines_addf(out, DBP_LINE_NOTE, "the %zu shards are files beside the coordinator's, attached to its one "
		   "connection: no servers, no network between them, and the application, not SQLite, picks "
		   "each row's file", set->n);
	ask(ws, l, d, c, set, out);
	ws->ops->close(c);
	return 0;
}
