/* bench: one workload timed under one lesson's topology.  Connections are
 * opened and timed apart from execution; one warm-up run is timed as the
 * cold run and not counted; then reps runs on CLOCK_MONOTONIC from the
 * first send to the last row.  Round trips and rows are counted, and on
 * PostgreSQL the server's own execution time is read with EXPLAIN ANALYZE
 * (inside a rolled-back transaction). */
#ifndef DBP_BENCH_H
#define DBP_BENCH_H

#include "workspace.h"

struct bench_stats {
	int n;
	double min, median, p95, max, mean;
};

struct bench_result {
	int lesson;
	char *slug, *workload, *title, *engine;
	int connections;
	double connect_ms;
	double cold_ms;
	struct bench_stats stats;
	long round_trips, rows; /* per run */
	double server_ms;       /* sum over steps, < 0 when unknown */
	int expect_error;
	int failed;             /* the engine refused it */
	struct dbp_error error; /* verbatim, with SQLSTATE */
	int cancelled;
};

void bench_stats_compute(double *samples, int n, struct bench_stats *out);
int bench_workload(struct workspace *ws, const struct lesson *l, const struct workload *w,
		   int reps, const struct dbp_progress *p, struct bench_result *out,
		   struct dbp_error *e);
/* The two timed turn about (A B, B A, ...), each to its own reps cap: for
 * a ratio between them on a machine doing other work too.  On an error
 * both stop; e, and the error of the side marked failed, say why. */
int bench_pair(struct workspace *ws, const struct lesson *l, const struct workload *const w[2],
	       int reps, const struct dbp_progress *p, struct bench_result out[2], struct dbp_error *e);
void bench_result_free(struct bench_result *r);
/* What a run's statements are called: to a server each is a round trip;
 * SQLite runs them in this process, so there they are queries. */
const char *bench_trips_word(const char *engine, long n);
/* One run of the workload, untimed: the last step's rows into out (the
 * caller frees them) and the round trips it took.  The engine's error,
 * SQLSTATE included, goes to e. */
int bench_answer(struct workspace *ws, const struct lesson *l, const struct workload *w,
		 struct dbp_result *out, long *round_trips, struct dbp_error *e);

/* Replace {{schema:APP}} and {{db:APP}} for a handle; NULL with e set on an
 * unknown placeholder. */
char *bench_expand(struct workspace *ws, const struct lesson *l, struct dbp_conn *c,
		   const char *sql, struct dbp_error *e);

#endif
