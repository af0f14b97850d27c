/* shards_demo: see shards_demo.h. */
#include "shards_demo.h"
#include "results.h"

#include <stdlib.h>

void shards_side_by_side(const struct bench_result *b, size_t n, struct dbp_lines *out)
{
	/* The figures first: at 80 columns the pane is narrower than the
	 * questions, and a cut title is still read where a cut figure is not. */
	lines_add(out, DBP_LINE_TITLE, "The questions side by side (client wall time)");
	lines_addf(out, DBP_LINE_HEADER, "%9s %9s  %s", "median ms", "p95 ms", "question");
	for (size_t i = 0; i < n; i++)
		if (b[i].failed)
			lines_addf(out, DBP_LINE_ROW, "%19s  %s", "failed", b[i].title);
		else
			lines_addf(out, DBP_LINE_ROW, "%9.2f %9.2f  %s", b[i].stats.median, b[i].stats.p95,
				   b[i].title);
}

void shards_keep(struct workspace *ws, const struct lesson *l, const struct bench_result *b, size_t n,
		 struct dbp_lines *out)
{
	struct dbp_error e;

	if (results_record(ws, l, b, n, &e) != 0)
		lines_addf(out, DBP_LINE_NOTE, "the timings were not kept: %s", e.msg);
	else
		lines_add(out, DBP_LINE_NOTE, "these timings are kept in the results store "
			  "(dbpatterns bench 11 --history)");
}

int shards_demo(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d,
		const struct dbp_progress *p, struct dbp_lines *out, struct dbp_error *e)
{
	struct shard_set set = { 0 };
	int rc;

	/* One shard would hold every user: no sharding to see. */
	if (ws->shard_dsns.n == 1)
		return err_set(e, "one --shard is not sharding: give two or three (or none, for shards "
			       "as databases on this server)");
	if (ws->shard_dsns.n && ws->engine == DBP_SQLITE)
		return err_set(e, "--shard names PostgreSQL servers; on SQLite the shards are files in the "
			       "workdir: run with --backend postgres, or without --shard");
	shards_open(ws, &set);
	if (ws->engine == DBP_SQLITE)
		rc = shards_sqlite_demo(ws, l, d, &set, p, out, e);
	else
		rc = shards_pg_build(ws, l, d, &set, p, out, e) == 0 ? shards_pg_ask(ws, l, d, &set, p, out, e)
								      : -1;
	shards_close(&set);
	return rc;
}
