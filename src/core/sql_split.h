/* sql_split: a script cut into its statements, for a migration that runs
 * outside a transaction.  Sent whole, PostgreSQL runs a script of several
 * statements as one implicit transaction, where CREATE INDEX CONCURRENTLY
 * is refused; sent one by one, each statement commits on its own. */
#ifndef DBP_SQL_SPLIT_H
#define DBP_SQL_SPLIT_H

#include "util.h"

/* The statements of sql, in order, each without its closing semicolon;
 * a semicolon inside a 'string', a "name", a comment or a $tag$ body
 * does not end one, and pieces holding only white space and comments
 * are left out. */
void sql_split(const char *sql, struct strlist *out);

/* 1 when the script's first line is the no-transaction mark
 * (SQL_NO_TRANSACTION_MARK, ignoring case and surrounding blanks). */
int sql_wants_no_transaction(const char *sql);
#define SQL_NO_TRANSACTION_MARK "-- dbpatterns: no-transaction"

#endif
