/* results: every timing run kept in the workdir, so timings survive a
 * lesson switch and a restart and can be compared later (compare.h).
 *
 * The store is one SQLite file, <workdir>/timings.db, that dbpatterns
 * creates and marks as its own: application_id "DBPR" (not the lesson
 * files' "DBPT", so neither is taken for the other) and a row naming the
 * workspace id.  A file at that path without our application_id is not
 * even handed to SQLite (its header is read as bytes); one of another
 * workspace is read, never written.  Either is left as it was, and the
 * message says so.  user_version is the
 * schema's version, so a later dbpatterns can evolve it and an older one
 * refuses a newer store instead of misreading it.
 *
 * A run is one lesson's workloads timed once on one engine: one row of
 * runs (when, lesson, engine, the migrations applied, version) and a row
 * of timings per workload, written in one transaction; writers wait for
 * each other (busy timeout), so two processes timing at once both keep
 * their runs.
 *
 * Each claim check (the screen's t, check-lessons --live) is kept too:
 * one row per verdict with its figures, when and by which front end. */
#ifndef DBP_RESULTS_H
#define DBP_RESULTS_H

#include "bench.h"
#include "claims.h"

#define DBP_RESULTS_FILE "timings.db"
#define DBP_RESULTS_APPLICATION_ID 0x44425052 /* "DBPR" */
#define DBP_RESULTS_SCHEMA 2 /* 2: claims kept */

struct results_store;

/* What a run was timed under. */
struct results_context {
	int lesson;
	const char *slug;
	const char *engine;  /* "sqlite", "postgres" */
	const char *applied; /* "community:001,002,003 shop:001,002" */
	const char *at;      /* ISO 8601 UTC; NULL: now */
	const char *version; /* dbpatterns' own; NULL: this build's */
};

/* Now, as ISO 8601 UTC ("2025-01-31T09:15:02Z"), as the store writes
 * times; caller frees. */
char *results_now(void);

/* <workdir>/timings.db; caller frees. */
char *results_path(const char *workdir);

/* Open the store of workdir for the workspace id.  create: make it when
 * absent.  Returns 1 with *out open, 0 when absent and not created (*out
 * NULL), -1 with e when it cannot be used: not ours (left byte for byte
 * as it was), damaged, from a newer dbpatterns, locked too long. */
int results_open(const char *workdir, const char *workspace_id, int create,
		 struct results_store **out, struct dbp_error *e);
void results_close(struct results_store *s);
/* A store in memory with the schema and no runs: what a reader shows when
 * no file exists yet (the same columns, no rows). */
struct results_store *results_empty(struct dbp_error *e);

/* Keep one run: the results of b[0..n) whose engine is ctx->engine (others
 * are skipped), in one transaction.  Workloads refused on purpose are kept
 * with their error and no times; a cancelled one with what it measured. */
int results_add(struct results_store *s, const struct results_context *ctx,
		const struct bench_result *b, size_t n, struct dbp_error *e);

/* The applied migrations of every app of l on ws, as results_context
 * wants them ("books:none" for an app with none); caller frees. */
char *results_applied(struct workspace *ws, const struct lesson *l, struct dbp_error *e);
struct migration_state;
/* The same from states already read (status[i]: app i's, as
 * migrate_status gives them); NULL when an app's is missing. */
char *results_applied_from(const struct lesson *l, struct migration_state *const *status);

/* What a front end calls after timing lesson l: keeps the results of
 * b[0..n) that were timed on ws's engine (a mixed array from both engines
 * is fine: call it once with each workspace).  Opens, creating when
 * absent, the store in ws's workdir.  -1 with e when nothing was kept. */
int results_record(struct workspace *ws, const struct lesson *l, const struct bench_result *b,
		   size_t n, struct dbp_error *e);

/* Every kept timing, oldest first (lesson 0: all lessons), typed columns:
 * run, at, lesson, slug, engine, applied, workload, n, median_ms, p95_ms,
 * min_ms, max_ms, cold_ms, round_trips, rows, server_ms, connections,
 * connect_ms, version, note.  NULL where nothing was measured. */
int results_history(struct results_store *s, int lesson, struct dbp_result *out,
		    struct dbp_error *e);

/* A statement of the store's own, bound to lesson (?1) and engine (?2),
 * its rows with the given column types (compare.c asks its questions
 * through this). */
int results_select(struct results_store *s, const char *sql, int lesson, const char *engine,
		   const enum dbp_type *types, struct dbp_result *out, struct dbp_error *e);

/* The latest timed run of workload, kept for lesson l on ws's engine with
 * app at exactly version v (its applied list 001..v): 1 with b's median,
 * fastest run, run count and round trips filled and *at its time (caller frees), 0
 * when none was kept, -1 with e when the store cannot be read. */
int results_kept_timing(struct workspace *ws, const struct lesson *l, const char *workload,
			const char *app, int v, struct bench_result *b, char **at, struct dbp_error *e);

/* ---- claims --------------------------------------------------------------- */

/* Keep the verdicts of one check of l's claims on ws's engine; source
 * names the front end ("screen", "check-lessons").  Opens, creating when
 * absent, the store in ws's workdir; -1 with e when nothing was kept. */
int results_record_claims(struct workspace *ws, const struct lesson *l,
			  const struct claims_report *rep, const char *source, struct dbp_error *e);
/* The latest verdict of every claim ever checked, by lesson, engine and
 * claim: lesson, slug, engine, claim, check, outcome, measured, expected,
 * figure, detail, at, source.  No rows from a store that predates them. */
int results_latest_claims(struct results_store *s, struct dbp_result *out, struct dbp_error *e);

#endif
