/* transfer: lesson 12's demonstration.  Money moves from bank A (the
 * lesson's first app) to bank B (its second), each a database of its own
 * with a table accounts(owner, balance) capped at 1000, and the demo
 * shows what becomes of the total when the credit is refused: two
 * commits one after the other lose the money; two-phase commit
 * (PostgreSQL) or one transaction over an attached file (SQLite) keeps
 * it; a saga gives it back with a compensating step.  Balances are read
 * before and after each way, and put back as they were at the end.
 *
 * The lesson's migrations seed the rows the demo moves money between:
 * alice in bank A, bob (too close to the cap to take 100) and carol in
 * bank B. */
#ifndef DBP_TRANSFER_H
#define DBP_TRANSFER_H

#include "workspace.h"

int transfer_demo(struct workspace *ws, const struct lesson *l, const struct dbp_progress *p,
		  struct dbp_lines *out, struct dbp_error *e);

/* Teardown's first step on PostgreSQL: a prepared transaction of ours
 * left behind (the demo cut short) holds locks that stop DROP TABLE and
 * DROP DATABASE; roll back every one whose name carries this
 * workspace's id, in the lesson's databases that are ours.  Anyone
 * else's prepared transaction there stops the teardown before anything
 * changes (its locks would make a DROP wait without end).  Nothing on
 * SQLite. */
int transfer_teardown(struct workspace *ws, const struct lesson *l, struct strbuf *log,
		      struct dbp_error *e);
/* Its check alone (anyone else's prepared transaction there stops it),
 * run before anything of any lesson part changes. */
int transfer_teardown_check(struct workspace *ws, const struct lesson *l, struct dbp_error *e);

/* ---- shared by transfer*.c ------------------------------------------------ */

/* What the report says where prepared transactions are off: the claims
 * that need them are skipped beside it (claims.c). */
#define TRANSFER_PREPARED_OFF "max_prepared_transactions = 0"

#define TRANSFER_DEBIT "UPDATE accounts SET balance = balance - 100 WHERE owner = 'alice'"
#define TRANSFER_REFUSED "UPDATE accounts SET balance = balance + 100 WHERE owner = 'bob'"
#define TRANSFER_ACCEPTED "UPDATE accounts SET balance = balance + 100 WHERE owner = 'carol'"

/* A session on each bank, opened by the way that uses them. */
struct transfer_banks {
	struct workspace *ws;
	const struct lesson *l;
	struct dbp_conn *a, *b;
	struct dbp_lines *out;
	long start_total; /* both banks' money when the demo began */
	struct dbp_error why; /* the last refusal transfer_try met */
};

/* A new session on bank which (0: A, 1: B).  On PostgreSQL its lock
 * waits end after 5 s: a row another session holds (the console's open
 * transaction, someone's prepared one) makes the demo fail with the
 * engine's words instead of hanging. */
struct dbp_conn *transfer_connect(struct transfer_banks *t, int which, struct dbp_error *e);
/* Both banks' money now, read on sessions of their own; -1 with e. */
int transfer_total(struct transfer_banks *t, long *total, struct dbp_error *e);
/* "after: total N: <verdict>" with the verdict given for a kept or a
 * changed total. */
int transfer_report_total(struct transfer_banks *t, const char *when, const char *kept, const char *changed,
			  struct dbp_error *e);
/* Runs sql on c; a refusal becomes an error line (the engine's words)
 * and 1; 0 when it ran. */
int transfer_try(struct transfer_banks *t, struct dbp_conn *c, const char *bank, const char *sql);
/* e: what failed, with the engine's words for the last refusal; -1. */
int transfer_fail(struct transfer_banks *t, struct dbp_error *e, const char *what);
/* "bank: sql", said before it runs. */
void transfer_say(struct transfer_banks *t, const char *bank, const char *sql);
/* A run cut short may have left a prepared part of ours holding alice's
 * row: roll it back (ours: its gid names this workspace), saying so.
 * Nothing on SQLite. */
int transfer_clear_leftovers(struct transfer_banks *t, struct dbp_error *e);
/* PostgreSQL's way: two-phase commit, and a prepared transaction left
 * behind holding its locks; or, with max_prepared_transactions = 0, the
 * refusal and how to allow it. */
int transfer_two_phase(struct transfer_banks *t, const struct dbp_progress *p, struct dbp_error *e);
/* SQLite's way: one connection, the second bank's file attached, one
 * transaction over both. */
int transfer_attached(struct transfer_banks *t, const struct dbp_progress *p, struct dbp_error *e);

#endif
