/* rows: a table's rows one page at a time, found by the key (keyset
 * paging): the first page, the page after or before the rows shown, or the
 * last page, each read with one index seek and a LIMIT.  No page reads the
 * rows before it, so a table of a million rows opens, and jumps to its
 * end, as fast as a small one, and only one page is ever held.  A table
 * with no key to order by (a PostgreSQL table without a primary key) pages
 * with OFFSET, and says so. */
#ifndef DBP_ROWS_H
#define DBP_ROWS_H

#include "catalog.h"

enum rows_move { ROWS_FIRST, ROWS_NEXT, ROWS_PREV, ROWS_LAST };

struct row_page {
	struct dbp_result rows;      /* the page: the table's own columns */
	struct strlist key;          /* the columns it is ordered by; none: OFFSET */
	struct strlist first, last;  /* the key values of the first and last row shown */
	long long start;             /* position of the first row shown, from 0 */
	double ms;                   /* how long the page took to read */
	int keyed;                   /* key looked up (it may be empty) */
};

/* Moves the page of table t (of lesson l) as asked.  0 when it moved; 1
 * when there is nothing further that way (the page is unchanged); -1 with
 * e on failure.  total is the table's row count, for the last page's
 * position. */
int rows_move(struct workspace *ws, const struct lesson *l, const struct cat_table *t,
	      enum rows_move move, int limit, struct row_page *p, struct dbp_error *e);
void row_page_free(struct row_page *p);

#endif
