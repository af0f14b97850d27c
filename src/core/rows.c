/* rows: keyset paging over one table (see rows.h).  Each page's query
 * selects the key columns first, then the table's own; the key values of
 * the first and last row are kept apart to find the next page, and the
 * page shows only the table's columns. */
#include "rows.h"

#include <stdlib.h>
#include <string.h>

static const struct lesson_db *db_of_table(struct workspace *ws, const struct lesson *l,
					   const struct cat_table *t)
{
	for (size_t i = 0; i < l->ndbs; i++) {
		char *name = ws_db_name(ws, l->dbs[i].name);
		int same = !strcmp(name, t->database);

		free(name);
		if (same)
			return &l->dbs[i];
	}
	return NULL;
}

/* "a, b" or "a DESC, b DESC": the key, quoted. */
static char *key_list(struct workspace *ws, struct dbp_conn *c, const struct strlist *key,
		      const char *suffix)
{
	struct strbuf sb;

	sb_init(&sb);
	for (size_t i = 0; i < key->n; i++) {
		char *q = ws->ops->quote_ident(c, key->v[i]);

		sb_addf(&sb, "%s%s%s", i ? ", " : "", q ? q : "\"\"", suffix);
		free(q);
	}
	return sb_steal(&sb);
}

static int is_integer(const char *s)
{
	const char *p = s + (*s == '-');

	return *p && strspn(p, "0123456789") == strlen(p);
}

/* The kept key values as SQL literals: integers as they are (SQLite then
 * compares them as numbers), anything else quoted by the engine. */
static char *value_list(struct workspace *ws, struct dbp_conn *c, const struct strlist *values)
{
	struct strbuf sb;

	sb_init(&sb);
	for (size_t i = 0; i < values->n; i++) {
		const char *v = values->v[i];
		char *q = is_integer(v) ? xstrdup(v) : ws->ops->quote_literal(c, v);

		sb_addf(&sb, "%s%s", i ? ", " : "", q ? q : "NULL");
		free(q);
	}
	return sb_steal(&sb);
}

/* The page's SQL for a move: forward moves read ascending from after the
 * last row; backward ones read descending, and the rows are turned back. */
static char *page_sql(struct workspace *ws, struct dbp_conn *c, const char *from,
		      const struct row_page *p, enum rows_move move, int limit)
{
	int back = move == ROWS_PREV || move == ROWS_LAST;
	char *cols = key_list(ws, c, &p->key, "");
	char *order = key_list(ws, c, &p->key, back ? " DESC" : "");
	char *values = move == ROWS_NEXT ? value_list(ws, c, &p->last)
		     : move == ROWS_PREV ? value_list(ws, c, &p->first) : NULL;
	char *where = values ? xasprintf(" WHERE (%s) %s (%s)", cols, back ? "<" : ">", values) : xstrdup("");
	char *sql = xasprintf("SELECT %s, * FROM %s%s ORDER BY %s LIMIT %d", cols, from, where, order, limit);

	free(cols);
	free(order);
	free(values);
	free(where);
	return sql;
}

/* Where a move lands, counted from the page shown: n rows before it (a
 * backward move) or before the end (the last page). */
static long long position(const struct row_page *p, enum rows_move move, long n, long long total)
{
	long long at = move == ROWS_FIRST ? 0
		     : move == ROWS_NEXT ? p->start + p->rows.nrows
		     : move == ROWS_PREV ? p->start - n : total - n;

	return at < 0 ? 0 : at;
}

static void reverse_rows(struct dbp_result *r)
{
	size_t w = (size_t)r->ncols;

	for (long a = 0, b = r->nrows - 1; a < b; a++, b--)
		for (size_t i = 0; i < w; i++) {
			char *tmp = r->cells[(size_t)a * w + i];

			r->cells[(size_t)a * w + i] = r->cells[(size_t)b * w + i];
			r->cells[(size_t)b * w + i] = tmp;
		}
}

/* The page shown: raw's columns after the first nkey; the key values of
 * its first and last rows kept apart. */
static void take_page(struct dbp_result *raw, int nkey, struct row_page *p)
{
	const char **names = xcalloc((size_t)raw->ncols + 1, sizeof *names);
	int n = raw->ncols - nkey;

	result_free(&p->rows);
	sl_free(&p->first);
	sl_free(&p->last);
	for (int i = 0; i < n; i++)
		names[i] = raw->colnames[nkey + i];
	result_init(&p->rows, n, names);
	for (int i = 0; i < n; i++)
		result_set_type(&p->rows, i, raw->types[nkey + i]);
	for (long r = 0; r < raw->nrows; r++)
		result_add_row(&p->rows, (const char *const *)&raw->cells[(size_t)(r * raw->ncols + nkey)]);
	for (int k = 0; k < nkey && raw->nrows; k++) {
		const char *first = result_cell(raw, 0, k), *last = result_cell(raw, raw->nrows - 1, k);

		sl_push(&p->first, first ? first : "");
		sl_push(&p->last, last ? last : "");
	}
	free(names);
}

static char *qualified(struct workspace *ws, struct dbp_conn *c, const struct cat_table *t)
{
	char *schema = ws->ops->quote_ident(c, t->schema);
	char *table = ws->ops->quote_ident(c, t->name);
	char *from = schema && table ? xasprintf("%s.%s", schema, table) : NULL;

	free(schema);
	free(table);
	return from;
}

static int read_page(struct workspace *ws, struct dbp_conn *c, const char *from, const struct cat_table *t,
		     enum rows_move move, int limit, struct row_page *p, struct dbp_error *e)
{
	int keyset = p->key.n > 0;
	/* Without a key, the position is where OFFSET starts. */
	long long start = position(p, move, limit, t->rows);
	char *sql = keyset ? page_sql(ws, c, from, p, move, limit)
			   : xasprintf("SELECT * FROM %s ORDER BY 1 LIMIT %d OFFSET %lld", from, limit, start);
	struct dbp_result raw = { 0 };
	double t0 = now_ms();
	int rc = ws->ops->query(c, sql, &raw, e);

	free(sql);
	if (rc != 0)
		return -1;
	p->ms = now_ms() - t0;
	if (!raw.nrows && (move == ROWS_NEXT || move == ROWS_PREV) && p->rows.ncols) {
		result_free(&raw);
		return 1;
	}
	if (keyset && (move == ROWS_PREV || move == ROWS_LAST))
		reverse_rows(&raw);
	p->start = keyset ? position(p, move, raw.nrows, t->rows) : start;
	take_page(&raw, keyset ? (int)p->key.n : 0, p);
	result_free(&raw);
	return 0;
}

int rows_move(struct workspace *ws, const struct lesson *l, const struct cat_table *t,
	      enum rows_move move, int limit, struct row_page *p, struct dbp_error *e)
{
	const struct lesson_db *db = db_of_table(ws, l, t);
	struct dbp_conn *c = db ? ws_session_db(ws, db, e) : NULL;
	char *from;
	int rc;

	if (!db)
		return err_set(e, "table %s is not in one of this lesson's databases", t->name);
	if (!c)
		return -1;
	if (!p->keyed) {
		if (ws->ops->row_key(c, t->schema, t->name, &p->key, e) != 0)
			return -1;
		p->keyed = 1;
	}
	from = qualified(ws, c, t);
	if (!from)
		return err_set(e, "table %s has a name the engine cannot quote", t->name);
	rc = read_page(ws, c, from, t, move, limit, p, e);
	free(from);
	return rc;
}

void row_page_free(struct row_page *p)
{
	result_free(&p->rows);
	sl_free(&p->key);
	sl_free(&p->first);
	sl_free(&p->last);
	memset(p, 0, sizeof *p);
}
