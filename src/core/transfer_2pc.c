/* transfer_2pc: PostgreSQL's way across two databases, two-phase commit.
 * Each bank's part is prepared (PREPARE TRANSACTION: written to disk,
 * locks kept, survives its session) and only then committed, or rolled
 * back when the other part could not be prepared.  A prepared
 * transaction nobody finishes keeps its row locks: another session's
 * update waits for it (a lock_timeout makes the wait end).
 *
 * Names of prepared transactions (gids) carry this workspace's id, and
 * the demo and teardown only finish those: another workspace's or the
 * user's are never touched. */
#include "ownership.h"
#include "transfer.h"

#include <stdlib.h>
#include <string.h>

/* "dbpatterns-owned:<workspace id>:<prefix>:<part>". */
static char *gid_for(const struct workspace *ws, const char *part)
{
	return xasprintf("%s%s:%s:%s", DBP_MARKER_PREFIX, ws->owner.workspace_id, ws->prefix, part);
}

static char *gid_sql(struct workspace *ws, struct dbp_conn *c, const char *verb, const char *gid)
{
	char *lit = ws->ops->quote_literal(c, gid), *sql = xasprintf("%s %s", verb, lit);

	free(lit);
	return sql;
}

/* Runs "verb 'gid'" and says so; a refusal is an error line and 1. */
static int gid_step(struct transfer_banks *t, struct dbp_conn *c, const char *bank, const char *verb,
		    const char *gid)
{
	char *sql = gid_sql(t->ws, c, verb, gid);
	int rc = transfer_try(t, c, bank, sql);

	free(sql);
	return rc;
}

static int open_bank(struct transfer_banks *t, int which, struct dbp_conn **c, struct dbp_error *e)
{
	*c = transfer_connect(t, which, e);
	return *c ? 0 : -1;
}

static void close_bank(struct transfer_banks *t, struct dbp_conn **c)
{
	if (*c)
		t->ws->ops->close(*c);
	*c = NULL;
}

/* 1 when the server allows prepared transactions; 0 (said, with how to
 * allow them) when not; -1 on error. */
static int prepared_allowed(struct transfer_banks *t, struct dbp_error *e)
{
	struct dbp_result r = { 0 };
	struct dbp_conn *c;
	int allowed;

	if (open_bank(t, 0, &c, e) != 0)
		return -1;
	if (t->ws->ops->query(c, "SHOW max_prepared_transactions", &r, e) != 0) {
		close_bank(t, &c);
		return -1;
	}
	allowed = atoi(result_cell(&r, 0, 0) ? result_cell(&r, 0, 0) : "0") > 0;
	lines_addf(t->out, DBP_LINE_TEXT, "  max_prepared_transactions = %s", result_cell(&r, 0, 0));
	result_free(&r);
	if (!allowed) {
		char *gid = gid_for(t->ws, "a");

		/* The engine's own refusal, then how to lift it. */
		transfer_try(t, c, t->l->apps[0].name, "BEGIN");
		transfer_try(t, c, t->l->apps[0].name, TRANSFER_DEBIT);
		gid_step(t, c, t->l->apps[0].name, "PREPARE TRANSACTION", gid);
		free(gid);
		t->ws->ops->exec(c, "ROLLBACK", &(struct dbp_error){ 0 });
		lines_add(t->out, DBP_LINE_NOTE, "  prepared transactions are off on this server "
			  "(max_prepared_transactions is 0, the default)");
		lines_add(t->out, DBP_LINE_NOTE, "  to allow them: ALTER SYSTEM SET max_prepared_transactions = 10 "
			  "(or set it in postgresql.conf), then restart the server");
	}
	close_bank(t, &c);
	return allowed;
}

/* Bank A's part: the debit, prepared under gid.  0 when prepared. */
static int prepare_debit(struct transfer_banks *t, struct dbp_conn *a, const char *gid)
{
	const char *na = t->l->apps[0].name;

	return transfer_try(t, a, na, "BEGIN") || transfer_try(t, a, na, TRANSFER_DEBIT) ||
	       gid_step(t, a, na, "PREPARE TRANSACTION", gid);
}

/* Bank B refuses its part: bank A's prepared part is rolled back too. */
static int refused_part(struct transfer_banks *t, struct dbp_conn *a, struct dbp_conn *b, struct dbp_error *e)
{
	char *gid = gid_for(t->ws, "a");
	const char *na = t->l->apps[0].name, *nb = t->l->apps[1].name;
	int rc = -1;

	lines_add(t->out, DBP_LINE_TEXT, "  the credit is refused:");
	if (prepare_debit(t, a, gid))
		transfer_fail(t, e, "bank A's part could not be prepared");
	else if (transfer_try(t, b, nb, "BEGIN") || transfer_try(t, b, nb, TRANSFER_REFUSED) == 0)
		err_set(e, "bank B took a credit it should refuse");
	else if (transfer_try(t, b, nb, "ROLLBACK") || gid_step(t, a, na, "ROLLBACK PREPARED", gid))
		transfer_fail(t, e, "the prepared part could not be rolled back");
	else
		rc = transfer_report_total(t, "after", "kept: both sides rolled back", "lost", e);
	free(gid);
	return rc;
}

/* Both parts prepared, then both committed: the money moves whole. */
static int accepted_part(struct transfer_banks *t, struct dbp_conn *a, struct dbp_conn *b, struct dbp_error *e)
{
	char *ga = gid_for(t->ws, "a"), *gb = gid_for(t->ws, "b");
	const char *na = t->l->apps[0].name, *nb = t->l->apps[1].name;
	int rc = -1;

	lines_add(t->out, DBP_LINE_TEXT, "  the credit goes to carol, who has room:");
	if (prepare_debit(t, a, ga) || transfer_try(t, b, nb, "BEGIN") ||
	    transfer_try(t, b, nb, TRANSFER_ACCEPTED) || gid_step(t, b, nb, "PREPARE TRANSACTION", gb) ||
	    gid_step(t, a, na, "COMMIT PREPARED", ga) || gid_step(t, b, nb, "COMMIT PREPARED", gb))
		transfer_fail(t, e, "the two-phase transfer to carol failed");
	else
		rc = transfer_report_total(t, "after", "kept: 100 moved from alice to carol whole", "lost", e);
	free(ga);
	free(gb);
	return rc;
}

typedef int both_banks_work(struct transfer_banks *t, struct dbp_conn *a, struct dbp_conn *b,
			    struct dbp_error *e);

/* work() on a fresh session to each bank, closed after. */
static int with_both_banks(struct transfer_banks *t, both_banks_work *work, struct dbp_error *e)
{
	struct dbp_conn *a = NULL, *b = NULL;
	int rc = -1;

	if (open_bank(t, 0, &a, e) == 0 && open_bank(t, 1, &b, e) == 0)
		rc = work(t, a, b, e);
	close_bank(t, &a);
	close_bank(t, &b);
	return rc;
}

/* 1 when our gid is listed as prepared in bank A's database. */
static int gid_listed(struct transfer_banks *t, struct dbp_conn *c, const char *gid, struct dbp_error *e)
{
	char *lit = t->ws->ops->quote_literal(c, gid);
	char *sql = xasprintf("SELECT to_char(prepared, 'HH24:MI:SS'), owner FROM pg_prepared_xacts "
			      "WHERE gid = %s AND database = current_database()", lit);
	struct dbp_result r = { 0 };
	int found = t->ws->ops->query(c, sql, &r, e) == 0 ? r.nrows > 0 : -1;

	if (found > 0)
		lines_addf(t->out, DBP_LINE_TEXT, "  pg_prepared_xacts lists it: prepared at %s by %s, its "
			   "session closed", result_cell(&r, 0, 0), result_cell(&r, 0, 1));
	result_free(&r);
	free(sql);
	free(lit);
	return found;
}

#define TOUCH_ALICE "UPDATE accounts SET balance = balance WHERE owner = 'alice'"

/* Another session's update of the same row meets the lock; the wait is
 * bounded by a lock_timeout, so the demo never hangs. */
static void writer_meets_lock(struct transfer_banks *t, struct dbp_conn *c)
{
	const char *na = t->l->apps[0].name;

	if (transfer_try(t, c, na, "SET lock_timeout = '300ms'") != 0)
		return;
	if (transfer_try(t, c, na, TOUCH_ALICE) == 0)
		lines_add(t->out, DBP_LINE_NOTE, "  the update went through: nothing held the row");
	else if (!strcmp(t->why.sqlstate, "55P03")) /* lock_not_available: the wait, not another fault */
		lines_add(t->out, DBP_LINE_REMOVED, "  a prepared transaction left behind holds its lock: "
			  "the update waited until its lock_timeout");
}

static int left_behind(struct transfer_banks *t, struct dbp_error *e)
{
	char *gid = gid_for(t->ws, "left");
	struct dbp_conn *a = NULL, *w = NULL;
	const char *na = t->l->apps[0].name;
	int rc = -1;

	lines_add(t->out, DBP_LINE_TEXT, "  a prepared part nobody finishes:");
	if (open_bank(t, 0, &a, e) == 0 && !prepare_debit(t, a, gid)) {
		close_bank(t, &a); /* the session goes; the prepared transaction stays */
		if (open_bank(t, 0, &w, e) == 0 && gid_listed(t, w, gid, e) > 0) {
			writer_meets_lock(t, w);
			/* Ours: its gid carries this workspace's id, checked just above. */
			if (gid_step(t, w, na, "ROLLBACK PREPARED", gid) == 0 && !transfer_try(t, w, na, TOUCH_ALICE)) {
				lines_add(t->out, DBP_LINE_ADDED, "  rolled back, it lets go: the same update goes through");
				rc = transfer_report_total(t, "after ROLLBACK PREPARED", "kept", "lost", e);
			}
		}
	}
	if (rc != 0 && !e->msg[0])
		err_set(e, "the prepared transaction left behind could not be shown");
	close_bank(t, &a);
	close_bank(t, &w);
	free(gid);
	return rc;
}

int transfer_two_phase(struct transfer_banks *t, const struct dbp_progress *p, struct dbp_error *e)
{
	int allowed;

	lines_add(t->out, DBP_LINE_TITLE, "2. Two-phase commit: PREPARE TRANSACTION in both, then COMMIT PREPARED");
	progress_say(p, "transfer: two-phase commit");
	err_clear(e);
	if ((allowed = prepared_allowed(t, e)) <= 0)
		return allowed;
	if (with_both_banks(t, refused_part, e) != 0 || with_both_banks(t, accepted_part, e) != 0)
		return -1;
	return left_behind(t, e);
}

/* ---- left behind: the demo's first step, and teardown -------------------- */

/* The prepared transactions in c's database: ours (mine 1) or the rest. */
static int prepared_in(struct workspace *ws, struct dbp_conn *c, int mine, struct dbp_result *r,
		       struct dbp_error *e)
{
	char *prefix = gid_for(ws, ""), *lit = ws->ops->quote_literal(c, prefix);
	char *sql = xasprintf("SELECT gid FROM pg_prepared_xacts WHERE database = current_database() "
			      "AND left(gid, length(%s)) %s %s ORDER BY gid", lit, mine ? "=" : "<>", lit);
	int rc = ws->ops->query(c, sql, r, e);

	free(sql);
	free(lit);
	free(prefix);
	return rc;
}

/* Another's prepared transaction holds locks our DROPs would wait for
 * without end: refuse before anything changes. */
static int refuse_foreign(struct workspace *ws, struct dbp_conn *c, const char *dbname, struct dbp_error *e)
{
	struct dbp_result r = { 0 };
	int rc = prepared_in(ws, c, 0, &r, e);

	if (rc == 0 && r.nrows > 0)
		rc = err_set(e, "%s holds the prepared transaction '%s', which dbpatterns did not make; finish it "
			     "(COMMIT PREPARED or ROLLBACK PREPARED) first (nothing was changed)", dbname,
			     result_cell(&r, 0, 0));
	result_free(&r);
	return rc;
}

static int rollback_ours(struct workspace *ws, struct dbp_conn *c, const char *dbname, struct strbuf *log,
			 struct dbp_error *e)
{
	struct dbp_result r = { 0 };
	int rc = prepared_in(ws, c, 1, &r, e);

	for (long i = 0; rc == 0 && i < r.nrows; i++) {
		char *undo = gid_sql(ws, c, "ROLLBACK PREPARED", result_cell(&r, i, 0));

		rc = ws->ops->exec(c, undo, e);
		if (rc == 0 && log)
			sb_addf(log, "prepared transaction %s in %s rolled back\n", result_cell(&r, i, 0), dbname);
		free(undo);
	}
	result_free(&r);
	return rc;
}

typedef int prepared_work(struct workspace *ws, struct dbp_conn *c, const char *dbname, struct strbuf *log,
			  struct dbp_error *e);

static int refuse_foreign_work(struct workspace *ws, struct dbp_conn *c, const char *dbname, struct strbuf *log,
			       struct dbp_error *e)
{
	(void)log;
	return refuse_foreign(ws, c, dbname, e);
}

/* work() in each of the lesson's databases that is here and ours. */
static int each_bank_db(prepared_work *work, struct workspace *ws, const struct lesson *l, struct strbuf *log,
			struct dbp_error *e)
{
	for (size_t i = 0; i < l->ndbs; i++) {
		char *name;
		struct dbp_conn *c;
		int rc;

		if (ws_database_present(ws, l->dbs[i].name, e) != 1)
			continue;
		name = ws_db_name(ws, l->dbs[i].name);
		c = ws->ops->connect(ws->srv, name, NULL, NULL, e);
		rc = c ? work(ws, c, name, log, e) : -1;
		if (c)
			ws->ops->close(c);
		free(name);
		if (rc != 0)
			return -1;
	}
	return 0;
}

int transfer_clear_leftovers(struct transfer_banks *t, struct dbp_error *e)
{
	struct strbuf log = { 0 };
	int rc;

	if (t->ws->engine != DBP_POSTGRES || !t->ws->owner.workspace_id)
		return 0;
	/* Someone else's would hold rows the demo writes: say whose before
	 * anything moves, rather than meet its lock after 5 s. */
	if (each_bank_db(refuse_foreign_work, t->ws, t->l, NULL, e) != 0)
		return -1;
	rc = each_bank_db(rollback_ours, t->ws, t->l, &log, e);

	if (rc == 0 && log.s && *log.s)
		lines_addf(t->out, DBP_LINE_NOTE, "  left by a run cut short: %.*s", (int)strcspn(log.s, "\n"),
			   log.s);
	sb_free(&log);
	return rc;
}

int transfer_teardown_check(struct workspace *ws, const struct lesson *l, struct dbp_error *e)
{
	if (ws->engine != DBP_POSTGRES || !ws->owner.workspace_id)
		return 0;
	return each_bank_db(refuse_foreign_work, ws, l, NULL, e);
}

int transfer_teardown(struct workspace *ws, const struct lesson *l, struct strbuf *log, struct dbp_error *e)
{
	if (ws->engine != DBP_POSTGRES || !ws->owner.workspace_id)
		return 0;
	/* Ownership before change: every database first, then ours undone. */
	if (transfer_teardown_check(ws, l, e) != 0)
		return -1;
	return each_bank_db(rollback_ours, ws, l, log, e);
}
