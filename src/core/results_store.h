/* results_store: what results.c and results_rw.c share about the open
 * store; no other file reaches inside it. */
#ifndef DBP_RESULTS_STORE_H
#define DBP_RESULTS_STORE_H

#include "results.h"

#include <sqlite3.h>
#include <time.h>

/* How long a writer waits for another process's transaction: a run is a
 * few rows, so anything longer is a stuck process, not a busy one. */
#define DBP_RESULTS_BUSY_MS 5000

struct results_store {
	sqlite3 *db;
	char *path;
};

/* Timed rows only: a refusal or a cancelled run has no figures to use. */
#define DBP_TIMED_ROWS "t.error IS NULL AND NOT t.cancelled AND t.n > 0"

/* The engine's complaint about the store, said with what we were doing
 * (a damaged file is named as such); returns -1. */
int store_fail(struct results_store *s, const char *doing, struct dbp_error *e);

#endif
