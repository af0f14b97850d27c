/* transfer_attach: SQLite's way across two database files.  Bank B's
 * file is attached to bank A's connection, and one transaction changes
 * both: a refusal in one file is rolled back with the other file's
 * change, and while the transaction is open each file has a rollback
 * journal of its own beside it (looked for on disk and shown). */
#include "transfer.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The file of the lesson app's database. */
static char *bank_file(struct workspace *ws, const struct lesson *l, int which)
{
	char *db = ws_db_name(ws, l->apps[which].database), *url = ws->ops->app_url(ws->srv, db, NULL);
	char *path = xstrdup(url + strlen("file:"));

	free(db);
	free(url);
	return path;
}

/* "a.db-journal and b.db-journal exist" (or which do not). */
static void journals_line(struct transfer_banks *t)
{
	struct strbuf sb = { 0 };
	int both = 1;

	sb_add(&sb, "  while it is open, beside each file:");
	for (int k = 0; k < 2; k++) {
		char *file = bank_file(t->ws, t->l, k), *journal = xasprintf("%s-journal", file);
		const char *base = strrchr(journal, '/') ? strrchr(journal, '/') + 1 : journal;
		int there = access(journal, F_OK) == 0;

		sb_addf(&sb, " %s %s;", base, there ? "exists" : "is absent");
		both &= there;
		free(journal);
		free(file);
	}
	if (both)
		sb_add(&sb, " a rollback journal for each file, one transaction");
	lines_add_owned(t->out, both ? DBP_LINE_ADDED : DBP_LINE_NOTE, sb_steal(&sb));
}

static char *credit_sql(const char *alias, const char *owner)
{
	return xasprintf("UPDATE %s.accounts SET balance = balance + 100 WHERE owner = '%s'", alias, owner);
}

static int attach(struct transfer_banks *t, const char *alias, struct dbp_error *e)
{
	struct dbp_result r = { 0 };
	char *file = bank_file(t->ws, t->l, 1), *lit = t->ws->ops->quote_literal(t->a, file);
	char *sql = xasprintf("ATTACH DATABASE %s AS %s", lit, alias);
	int rc = t->ws->ops->query(t->a, "PRAGMA main.journal_mode", &r, e);

	if (rc == 0)
		lines_addf(t->out, DBP_LINE_TEXT, "  journal mode: %s", result_cell(&r, 0, 0));
	if (rc == 0 && transfer_try(t, t->a, t->l->apps[0].name, sql) != 0)
		rc = transfer_fail(t, e, "bank B's file could not be attached");
	result_free(&r);
	free(sql);
	free(lit);
	free(file);
	return rc;
}

static int refused_in_one(struct transfer_banks *t, const char *alias, struct dbp_error *e)
{
	const char *na = t->l->apps[0].name;
	char *credit = credit_sql(alias, "bob");
	int rc = -1;

	lines_add(t->out, DBP_LINE_TEXT, "  the credit is refused:");
	if (transfer_try(t, t->a, na, "BEGIN") || transfer_try(t, t->a, na, TRANSFER_DEBIT))
		transfer_fail(t, e, "the debit in bank A was refused");
	else if (transfer_try(t, t->a, na, credit) == 0)
		err_set(e, "bank B took a credit it should refuse");
	else if (transfer_try(t, t->a, na, "ROLLBACK") == 0)
		rc = transfer_report_total(t, "after ROLLBACK", "kept: rolled back in both files", "lost", e);
	free(credit);
	return rc;
}

static int accepted_in_one(struct transfer_banks *t, const char *alias, struct dbp_error *e)
{
	const char *na = t->l->apps[0].name;
	char *credit = credit_sql(alias, "carol");
	int rc = -1;

	lines_add(t->out, DBP_LINE_TEXT, "  the credit goes to carol, who has room:");
	if (transfer_try(t, t->a, na, "BEGIN") || transfer_try(t, t->a, na, TRANSFER_DEBIT) ||
	    transfer_try(t, t->a, na, credit)) {
		transfer_fail(t, e, "the transfer to carol failed");
	} else {
		journals_line(t);
		if (transfer_try(t, t->a, na, "COMMIT") == 0)
			rc = transfer_report_total(t, "after COMMIT", "kept: 100 moved from alice to carol whole",
						   "lost", e);
	}
	free(credit);
	return rc;
}

int transfer_attached(struct transfer_banks *t, const struct dbp_progress *p, struct dbp_error *e)
{
	const char *alias = "bank_b";
	int rc = -1;

	lines_add(t->out, DBP_LINE_TITLE, "2. One transaction over two files: bank B's file attached");
	progress_say(p, "transfer: one transaction over two files");
	t->a = transfer_connect(t, 0, e);
	if (t->a && attach(t, alias, e) == 0 && refused_in_one(t, alias, e) == 0)
		rc = accepted_in_one(t, alias, e);
	if (rc != 0 && t->a)
		t->ws->ops->exec(t->a, "ROLLBACK", &(struct dbp_error){ 0 });
	if (t->a)
		t->ws->ops->close(t->a);
	t->a = NULL;
	return rc;
}
