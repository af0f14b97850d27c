/* shards: see shards.h.  The shard set, the timing both engines share,
 * and the teardown. */
#include "shards.h"
#include "provision.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_SHARDS 3

const struct lesson_demo *shards_demo_of(const struct lesson *l)
{
	for (size_t i = 0; i < l->ndemos; i++)
		if (l->demos[i].kind == DEMO_SHARDS)
			return &l->demos[i];
	return NULL;
}

/* The shard's own server, opened under the workspace's prefix and
 * workdir, so its marker and manifest lines are this workspace's. */
static void open_server(struct workspace *ws, const char *dsn, struct shard *s)
{
	struct dbp_config cfg = { .engine = ws->engine, .workdir = ws->workdir, .prefix = ws->prefix,
				  .prefix_given = 1, .dsn = (char *)dsn };

	s->ws = xcalloc(1, sizeof *s->ws);
	s->own_ws = 1;
	if (workspace_open(s->ws, &cfg, &s->down) != 0) {
		free(s->ws);
		s->ws = NULL;
	}
}

void shards_add(struct workspace *ws, struct shard_set *set, size_t number, const char *dsn)
{
	struct shard *s;

	set->v = xrealloc(set->v, (set->n + 1) * sizeof *set->v);
	s = &set->v[set->n++];
	memset(s, 0, sizeof *s);
	s->name = xasprintf("shard_%zu", number);
	s->db = ws_db_name(ws, s->name);
	if (dsn)
		open_server(ws, dsn, s);
	else
		s->ws = ws;
}

void shards_open(struct workspace *ws, struct shard_set *set)
{
	/* SQLite's shards are files in the workdir, whatever --shard says. */
	size_t dsns = ws->engine == DBP_POSTGRES ? ws->shard_dsns.n : 0;
	size_t n = dsns ? dsns : DEFAULT_SHARDS;

	memset(set, 0, sizeof *set);
	for (size_t i = 0; i < n; i++)
		shards_add(ws, set, i + 1, dsns ? ws->shard_dsns.v[i] : NULL);
}

void shards_close(struct shard_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		struct shard *s = &set->v[i];

		if (s->own_ws && s->ws) {
			workspace_close(s->ws);
			free(s->ws);
		}
		free(s->name);
		free(s->db);
		free(s->key);
	}
	free(set->v);
	memset(set, 0, sizeof *set);
}

struct dbp_conn *shards_coordinator(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d,
				    struct dbp_error *e)
{
	return ws_connect_app(ws, l, lesson_app_find(l, d->app), e);
}

char *shards_lookup(struct workspace *ws, struct dbp_conn *c, const char *sql, struct dbp_error *e)
{
	struct dbp_result r = { 0 };
	char *v = NULL;

	if (ws->ops->query(c, sql, &r, e) == 0)
		v = xstrdup(result_cell(&r, 0, 0) ? result_cell(&r, 0, 0) : "");
	result_free(&r);
	return v;
}

char *shards_subst(const char *sql, const char *name, const char *value)
{
	char *mark = xasprintf("{{%s}}", name);
	struct strbuf b;
	const char *at;

	sb_init(&b);
	while ((at = strstr(sql, mark)) != NULL) {
		sb_addn(&b, sql, (size_t)(at - sql));
		sb_add(&b, value);
		sql = at + strlen(mark);
	}
	sb_add(&b, sql);
	free(mark);
	return sb_steal(&b);
}

int shards_place(struct shard *s, const struct lesson *l, const struct lesson_demo *d,
		 struct strbuf *log, struct dbp_error *e)
{
	struct workspace *w = s->ws;
	int v = ws_db_verdict(w, s->db, e), made = 0, rc = 0;
	struct dbp_conn *c;
	char *schema;

	if (v == DBP_NOT_OURS)
		return -1;
	if (v == DBP_ABSENT && provision_database_create(w, s->db, log, e) != 0)
		return -1;
	if (v == DBP_UNMARKED && w->ops->database_claim(w->srv, s->db, &w->owner, e) != 0)
		return -1;
	c = w->ops->connect(w->srv, s->db, NULL, NULL, e);
	if (!c)
		return -1;
	if (!w->ops->table_exists(c, SHARD_TABLE)) {
		schema = lesson_text(l, d->shard_schema, e);
		rc = schema ? w->ops->exec(c, schema, e) : -1;
		made = 1;
		free(schema);
	}
	w->ops->close(c);
	return rc == 0 ? made : -1;
}

/* The name a plan gives the shard's table: PostgreSQL's foreign table
 * users_shard_1, SQLite's attached shard_1.users. */
static char *table_in_plan(enum dbp_engine engine, const struct shard *s)
{
	return engine == DBP_POSTGRES ? xasprintf(SHARD_TABLE "_%s", s->name) : xasprintf("%s." SHARD_TABLE, s->name);
}

int shards_in_plan(struct workspace *ws, struct dbp_conn *c, const struct shard_set *set, const char *sql,
		   struct strbuf *names, struct dbp_error *e)
{
	char *q = xasprintf("%s %s", ws->engine == DBP_POSTGRES ? "EXPLAIN (VERBOSE)" : "EXPLAIN QUERY PLAN", sql);
	struct dbp_result r = { 0 };
	int hits = 0, rc = ws->ops->query(c, q, &r, e);

	for (size_t i = 0; rc == 0 && i < set->n; i++) {
		char *table = table_in_plan(ws->engine, &set->v[i]);

		for (long row = 0; row < r.nrows; row++)
			if (result_cell(&r, row, r.ncols - 1) && strstr(result_cell(&r, row, r.ncols - 1), table)) {
				sb_addf(names, "%s%s", hits++ ? ", " : "", table);
				break;
			}
		free(table);
	}
	result_free(&r);
	free(q);
	return rc == 0 ? hits : -1;
}

static double run_once(struct workspace *ws, struct dbp_conn *c, const char *sql, long *rows,
		       struct dbp_error *e)
{
	struct dbp_result r = { 0 };
	double t0 = now_ms();
	int rc = ws->ops->query(c, sql, &r, e);
	double ms = now_ms() - t0;

	*rows = r.nrows;
	result_free(&r);
	return rc == 0 ? ms : -1;
}

void shards_time(struct workspace *ws, const struct lesson *l, struct dbp_conn *c, const char *sql,
		 int reps, const char *name, const char *title, struct bench_result *out)
{
	double *samples = xcalloc((size_t)reps, sizeof *samples);
	struct dbp_error why = out->error; /* c NULL: why it could not connect */

	memset(out, 0, sizeof *out);
	out->lesson = l->number;
	out->slug = xstrdup(l->slug);
	out->workload = xstrdup(name);
	out->title = xstrdup(title);
	out->engine = xstrdup(engine_name(ws->engine));
	out->connections = 1;
	out->round_trips = 1;
	out->server_ms = -1;
	out->error = why;
	out->cold_ms = c ? run_once(ws, c, sql, &out->rows, &out->error) : -1;
	for (int i = 0; i < reps && out->cold_ms >= 0; i++)
		if ((samples[i] = run_once(ws, c, sql, &out->rows, &out->error)) < 0)
			out->cold_ms = -1;
	if (out->cold_ms < 0)
		out->failed = 1;
	else
		bench_stats_compute(samples, reps, &out->stats);
	free(samples);
}
