/* shards_demo: lesson 11's demonstration on each engine (see shards.h
 * for what it builds and how it is torn down).  Above the results store,
 * where its timings are kept. */
#ifndef DBP_SHARDS_DEMO_H
#define DBP_SHARDS_DEMO_H

#include "shards.h"

/* Builds what is missing, asks the questions (timed, kept in the results
 * store), then takes one shard away and asks them again. */
int shards_demo(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d,
		const struct dbp_progress *p, struct dbp_lines *out, struct dbp_error *e);

/* ---- shared by shards_demo.c, shards_pg.c, shards_sqlite.c ---------------- */

/* The timed questions as a grid: each one's median and p95. */
void shards_side_by_side(const struct bench_result *b, size_t n, struct dbp_lines *out);
/* Keep the timings in the results store; a note in out when it cannot. */
void shards_keep(struct workspace *ws, const struct lesson *l, const struct bench_result *b, size_t n,
		 struct dbp_lines *out);
/* Each engine's half. */
int shards_pg_build(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d,
		    struct shard_set *set, const struct dbp_progress *p, struct dbp_lines *out,
		    struct dbp_error *e);
int shards_sqlite_demo(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d,
		       struct shard_set *set, const struct dbp_progress *p, struct dbp_lines *out,
		       struct dbp_error *e);
int shards_pg_ask(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d,
		  struct shard_set *set, const struct dbp_progress *p, struct dbp_lines *out,
		  struct dbp_error *e);


#endif
