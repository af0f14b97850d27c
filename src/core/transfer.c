/* transfer: see transfer.h.  The frame of the demo (sessions, balances
 * kept and put back), and the two ways that run on both engines: two
 * commits one after the other, and a saga. */
#include "transfer.h"

#include <stdlib.h>
#include <string.h>

#define TRANSFER_COMPENSATE "UPDATE accounts SET balance = balance + 100 WHERE owner = 'alice'"

static const char *bank_name(const struct transfer_banks *t, int which)
{
	return t->l->apps[which].name;
}

struct dbp_conn *transfer_connect(struct transfer_banks *t, int which, struct dbp_error *e)
{
	struct dbp_conn *c = ws_connect_app(t->ws, t->l, &t->l->apps[which], e);

	if (c && t->ws->engine == DBP_POSTGRES && t->ws->ops->exec(c, "SET lock_timeout = '5s'", e) != 0) {
		t->ws->ops->close(c);
		return NULL;
	}
	return c;
}

static void banks_close(struct transfer_banks *t)
{
	if (t->a)
		t->ws->ops->close(t->a);
	if (t->b)
		t->ws->ops->close(t->b);
	t->a = t->b = NULL;
}

static int banks_open(struct transfer_banks *t, struct dbp_error *e)
{
	banks_close(t);
	t->a = transfer_connect(t, 0, e);
	t->b = t->a ? transfer_connect(t, 1, e) : NULL;
	return t->b ? 0 : -1;
}

static int bank_sum(struct transfer_banks *t, int which, long *sum, struct dbp_error *e)
{
	struct dbp_conn *c = transfer_connect(t, which, e);
	struct dbp_result r = { 0 };
	int rc = c ? t->ws->ops->query(c, "SELECT coalesce(sum(balance), 0) FROM accounts", &r, e) : -1;

	if (rc == 0)
		*sum = atol(result_cell(&r, 0, 0) ? result_cell(&r, 0, 0) : "0");
	result_free(&r);
	if (c)
		t->ws->ops->close(c);
	return rc;
}

int transfer_total(struct transfer_banks *t, long *total, struct dbp_error *e)
{
	long a, b;

	if (bank_sum(t, 0, &a, e) != 0 || bank_sum(t, 1, &b, e) != 0)
		return -1;
	*total = a + b;
	return 0;
}

int transfer_report_total(struct transfer_banks *t, const char *when, const char *kept, const char *changed,
			  struct dbp_error *e)
{
	long total;

	if (transfer_total(t, &total, e) != 0)
		return -1;
	if (total == t->start_total)
		lines_addf(t->out, DBP_LINE_ADDED, "%s: total %ld: %s", when, total, kept);
	else
		lines_addf(t->out, DBP_LINE_REMOVED, "%s: total %ld, %ld missing: %s", when, total,
			   t->start_total - total, changed);
	return 0;
}

int transfer_fail(struct transfer_banks *t, struct dbp_error *e, const char *what)
{
	/* 55P03 here is not the lesson's point: a session of the user's (the
	 * console's open transaction) holds the row the demo writes. */
	const char *hint = !strcmp(t->why.sqlstate, "55P03")
		? "; another session holds that row: end its transaction (COMMIT or ROLLBACK), then run the "
		  "demo again"
		: "";

	return err_set(e, "%s: %s%s%s%s", what, t->why.sqlstate, t->why.sqlstate[0] ? " " : "",
		       t->why.msg[0] ? t->why.msg : "no refusal was seen", hint);
}

void transfer_say(struct transfer_banks *t, const char *bank, const char *sql)
{
	lines_addf(t->out, DBP_LINE_TEXT, "  %s: %s", bank, sql);
}

int transfer_try(struct transfer_banks *t, struct dbp_conn *c, const char *bank, const char *sql)
{
	struct dbp_error why = { 0 };

	transfer_say(t, bank, sql);
	if (t->ws->ops->exec(c, sql, &why) == 0)
		return 0;
	t->why = why;
	lines_addf(t->out, DBP_LINE_ERROR, "  %s refuses: %s%s%s", bank, why.sqlstate, why.sqlstate[0] ? " " : "",
		   why.msg);
	return 1;
}

/* ---- balances as they were ------------------------------------------------ */

static int bank_rows(struct transfer_banks *t, int which, struct dbp_result *r, struct dbp_error *e)
{
	struct dbp_conn *c = transfer_connect(t, which, e);
	int rc = c ? t->ws->ops->query(c, "SELECT owner, balance FROM accounts ORDER BY owner", r, e) : -1;

	if (c)
		t->ws->ops->close(c);
	return rc;
}

static int bank_restore(struct transfer_banks *t, int which, const struct dbp_result *r, struct dbp_error *e)
{
	struct dbp_conn *c = transfer_connect(t, which, e);
	int rc = c ? 0 : -1;

	for (long i = 0; rc == 0 && i < r->nrows; i++) {
		char *owner = t->ws->ops->quote_literal(c, result_cell(r, i, 0));
		char *sql = xasprintf("UPDATE accounts SET balance = %ld WHERE owner = %s",
				      atol(result_cell(r, i, 1)), owner);

		rc = t->ws->ops->exec(c, sql, e);
		free(sql);
		free(owner);
	}
	if (c)
		t->ws->ops->close(c);
	return rc;
}

static void balances_line(struct transfer_banks *t, const struct dbp_result kept[2])
{
	struct strbuf sb = { 0 };

	sb_addf(&sb, "before:");
	for (int k = 0; k < 2; k++) {
		sb_addf(&sb, "%s %s:", k ? ";" : "", bank_name(t, k));
		for (long i = 0; i < kept[k].nrows; i++)
			sb_addf(&sb, " %s %s", result_cell(&kept[k], i, 0), result_cell(&kept[k], i, 1));
	}
	sb_addf(&sb, " (total %ld)", t->start_total);
	lines_add_owned(t->out, DBP_LINE_TEXT, sb_steal(&sb));
}

/* ---- the ways --------------------------------------------------------------- */

static int two_commits(struct transfer_banks *t, struct dbp_error *e)
{
	lines_add(t->out, DBP_LINE_TITLE, "1. Two commits, one after the other");
	if (banks_open(t, e) != 0)
		return -1;
	if (transfer_try(t, t->a, bank_name(t, 0), TRANSFER_DEBIT) != 0)
		return transfer_fail(t, e, "the debit in bank A was refused");
	lines_addf(t->out, DBP_LINE_TEXT, "  %s: committed", bank_name(t, 0));
	transfer_try(t, t->b, bank_name(t, 1), TRANSFER_REFUSED);
	banks_close(t);
	return transfer_report_total(t, "after both commits", "nothing lost",
				     "lost between the two commits: the debit stands, the credit never came", e);
}

static int saga(struct transfer_banks *t, struct dbp_error *e)
{
	lines_add(t->out, DBP_LINE_TITLE, "3. A saga: each step commits; a failed step is undone by a "
		  "compensating one");
	if (banks_open(t, e) != 0)
		return -1;
	if (transfer_try(t, t->a, bank_name(t, 0), TRANSFER_DEBIT) != 0)
		return transfer_fail(t, e, "the debit in bank A was refused");
	if (transfer_report_total(t, "step 1 committed, read by anyone now", "nothing missing",
				  "the money is in neither bank until the saga ends", e) != 0)
		return -1;
	if (transfer_try(t, t->b, bank_name(t, 1), TRANSFER_REFUSED) == 0)
		lines_add(t->out, DBP_LINE_NOTE, "  the credit went through: nothing to compensate");
	else if (transfer_try(t, t->a, bank_name(t, 0), TRANSFER_COMPENSATE) != 0)
		return transfer_fail(t, e, "the compensating credit in bank A was refused");
	banks_close(t);
	return transfer_report_total(t, "after the compensating step", "restored by the compensating step",
				     "the compensating step did not give it back", e);
}

static int run_ways(struct transfer_banks *t, const struct dbp_result kept[2], const struct dbp_progress *p,
		    struct dbp_error *e)
{
	int (*middle)(struct transfer_banks *, const struct dbp_progress *, struct dbp_error *) =
		t->ws->engine == DBP_POSTGRES ? transfer_two_phase : transfer_attached;

	progress_say(p, "transfer: two commits");
	if (two_commits(t, e) != 0 || bank_restore(t, 0, &kept[0], e) != 0 ||
	    bank_restore(t, 1, &kept[1], e) != 0)
		return -1;
	if (middle(t, p, e) != 0 || bank_restore(t, 0, &kept[0], e) != 0 ||
	    bank_restore(t, 1, &kept[1], e) != 0)
		return -1;
	progress_say(p, "transfer: a saga");
	return saga(t, e);
}

int transfer_demo(struct workspace *ws, const struct lesson *l, const struct dbp_progress *p,
		  struct dbp_lines *out, struct dbp_error *e)
{
	struct transfer_banks t = { .ws = ws, .l = l, .out = out };
	struct dbp_result kept[2] = { { 0 }, { 0 } };
	int rc = -1;

	if (transfer_clear_leftovers(&t, e) == 0 && bank_rows(&t, 0, &kept[0], e) == 0 && bank_rows(&t, 1, &kept[1], e) == 0 &&
	    transfer_total(&t, &t.start_total, e) == 0) {
		balances_line(&t, kept);
		lines_addf(out, DBP_LINE_NOTE, "each way moves 100 from alice (%s) to bob (%s), whose balance "
			   "may not pass 1000", bank_name(&t, 0), bank_name(&t, 1));
		rc = run_ways(&t, kept, p, e);
		banks_close(&t);
		/* Put back what the ways changed, even after a failure. */
		if (bank_restore(&t, 0, &kept[0], rc == 0 ? e : &(struct dbp_error){ 0 }) != 0 ||
		    bank_restore(&t, 1, &kept[1], rc == 0 ? e : &(struct dbp_error){ 0 }) != 0)
			rc = -1;
	}
	result_free(&kept[0]);
	result_free(&kept[1]);
	return rc;
}
