/* lock_queue: a migration that waits for its lock on a table in use,
 * measured while it happens.  Three sessions of one app, each with its own
 * connection (the backend is synchronous, so two of them run in threads):
 * one opens a transaction that takes a lock on the table and keeps it for
 * a while, one runs the migration, which waits for that lock, and one
 * times a steady stream of point lookups.  It runs twice: as is, and with
 * a lock timeout (PostgreSQL's lock_timeout, SQLite's busy timeout), under
 * which the migration gives up instead of waiting.  Both transactions roll
 * back and every session is closed, whatever happened, so nothing stays. */
#ifndef DBP_LOCK_QUEUE_H
#define DBP_LOCK_QUEUE_H

#include "workspace.h"

#define LQ_MAX_LOOKUPS 1024
#define LQ_TIMEOUT_MS 100 /* the lock timeout of the second run */

/* One run; times in ms since it started. */
struct lq_phase {
	int timeout_ms;        /* 0: the engine's default wait */
	double held_at, alter_at, alter_done, released_at, ended_at;
	int alter_ok;
	struct dbp_error alter_error;
	int lookups_failed;
	struct dbp_error lookup_error;
	size_t n;
	double start[LQ_MAX_LOOKUPS], ms[LQ_MAX_LOOKUPS];
};

struct lq_result {
	struct lq_phase plain, timed;
};

/* Both runs into r.  -1 with e when a run could not be staged (a session
 * would not open, the holding statement failed, cancelled); a migration
 * that times out or a lookup that fails is a figure, not an error. */
int lock_queue_run(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d,
		   const struct dbp_progress *p, struct lq_result *r, struct dbp_error *e);

/* Figures of one run: the lookups' median of those done before the
 * migration started, the slowest of those that ran while it waited, and
 * how long it waited. */
double lq_median_before(const struct lq_phase *ph);
double lq_slowest_waiting(const struct lq_phase *ph);
size_t lq_count_waiting(const struct lq_phase *ph);
double lq_alter_wait(const struct lq_phase *ph);

/* How the first run waits, in words: "without a lock timeout" (caller
 * frees). */
char *lq_plain_words(enum dbp_engine engine);

/* The two runs as report lines: what each session did and when, the
 * lookups' figures, and a bar per tenth of a second (log scale). */
void lock_queue_lines(const struct lq_result *r, const struct lesson_demo *d, enum dbp_engine engine,
		      struct dbp_lines *out);

#endif
