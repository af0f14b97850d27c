/* migrate: a versioned runner per application.  History lives in a table
 * dbpatterns_history_<app> beside the app's tables (version, name,
 * checksum, applied_at, duration_ms).  Each migration runs in its own
 * transaction; a failure rolls it back whole and stops the run.  A file
 * whose first line is the no-transaction mark (sql_split.h) runs statement
 * by statement instead, as CREATE INDEX CONCURRENTLY needs: a failure
 * there keeps what ran before it and records no version. */
#ifndef DBP_MIGRATE_H
#define DBP_MIGRATE_H

#include "catalog.h"

struct migration_state {
	int version;
	const char *name;
	int applied;
	char applied_at[32];
	double duration_ms;
	int drift; /* applied, but the file's checksum changed since */
};

struct migrate_step {
	int version;
	char *name;
	int up;
	int ok; /* committed; 0: it failed and its transaction was rolled back */
	char *sql;
	double ms;
	/* Marked no-transaction (SQL_NO_TRANSACTION_MARK): its statements ran
	 * one by one, each committing on its own; ran of total committed. */
	int bare, ran, total;
};

struct migrate_report {
	struct migrate_step *steps;
	size_t nsteps;
	double total_ms;
	struct dbp_lines changes; /* catalog diff, before -> after */
	struct catalog after;     /* the catalog as the run left it (with have_after) */
	int have_after;           /* a screen may show it without reading it again */
	int failed;             /* a migration failed and was rolled back */
	struct dbp_error error; /* its engine error, verbatim */
};

void migrate_report_free(struct migrate_report *r);
/* What became of a step, in a few words: "done", "FAILED, rolled back,"
 * or, outside a transaction, "FAILED at statement 2 of 3 (1 kept, not
 * recorded)". Caller frees. */
char *migrate_step_outcome(const struct migrate_step *s);
/* One line per step into log, each with its real outcome: "applied",
 * "rolled back", or "failed (rolled back whole)". */
void migrate_report_log(const struct migrate_report *r, const char *app, struct strbuf *log);

/* The names a piece of SQL creates (CREATE TABLE, [MATERIALIZED] VIEW,
 * TRIGGER, FUNCTION, PROCEDURE and INDEX names, lower case unless quoted,
 * without schema), added to out once each. */
void sql_created_relations(const char *sql, struct strlist *out);
/* Those of the app's up migrations: what teardown may call the lesson's
 * own.  Anything else it finds is the user's. */
void migrations_created_relations(const struct lesson_app *app, enum dbp_engine engine,
			       struct strlist *out);

int migrate_status(struct workspace *ws, const struct lesson *l, const struct lesson_app *app,
		   struct migration_state **out, struct dbp_error *e);
/* The highest applied version (0 when none). */
int migrate_current(struct workspace *ws, const struct lesson *l, const struct lesson_app *app,
		    int *version, struct dbp_error *e);
/* Move the app to target (up or down).  With dry_run, fill the report's
 * SQL and change nothing.  With diff, snapshot the catalog around it. */
int migrate_to(struct workspace *ws, const struct lesson *l, const struct lesson_app *app,
	       int target, int dry_run, int diff, const struct dbp_progress *p,
	       struct migrate_report *rep, struct dbp_error *e);
/* Drop the history table (teardown, after every migration is undone). */
int migrate_forget(struct workspace *ws, const struct lesson *l, const struct lesson_app *app,
		   struct dbp_error *e);

#endif
