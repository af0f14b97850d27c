/* catalog: see catalog.h. */
#include "catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void table_free(struct cat_table *t)
{
	free(t->database);
	free(t->schema);
	free(t->name);
	result_free(&t->columns);
	result_free(&t->indexes);
	result_free(&t->fks);
}

void catalog_free(struct catalog *c)
{
	for (size_t i = 0; i < c->n; i++)
		table_free(&c->tables[i]);
	free(c->tables);
	c->tables = NULL;
	c->n = 0;
	sl_free(&c->databases);
	sl_free(&c->schemas);
}

const char *cat_rows_text(const struct cat_table *t, int as_phrase, char *buf, size_t n)
{
	if (t->rows_hidden)
		snprintf(buf, n, "%s", as_phrase ? "rows hidden by row-level security" : "hidden");
	else
		snprintf(buf, n, "%lld%s", t->rows, as_phrase ? " rows" : "");
	return buf;
}

/* A policy between us and the rows: no count (see cat_rows_text). */
static int rows_behind_policy(struct workspace *ws, struct dbp_conn *c, const char *schema,
			      const char *table)
{
	return ws->ops->row_security_active && ws->ops->row_security_active(c, schema, table);
}

static int count_rows(struct workspace *ws, struct dbp_conn *c, const char *schema,
		      const char *table, long long *rows, struct dbp_error *e)
{
	char *s = ws->ops->quote_ident(c, schema), *t = ws->ops->quote_ident(c, table);
	char *sql = xasprintf("SELECT count(*) FROM %s.%s", s ? s : "", t ? t : "");
	struct dbp_result r = { 0 };
	int rc = s && t ? ws->ops->query(c, sql, &r, e) : err_set(e, "name is not valid text");

	if (rc == 0)
		*rows = atoll(result_cell(&r, 0, 0));
	result_free(&r);
	free(sql);
	free(s);
	free(t);
	return rc;
}

static int add_table(struct workspace *ws, struct dbp_conn *c, const char *dbname,
		     const char *schema, const char *name, struct catalog *out, struct dbp_error *e)
{
	struct cat_table t = { 0 };

	t.database = xstrdup(dbname);
	t.schema = xstrdup(schema);
	t.name = xstrdup(name);
	t.rows_hidden = rows_behind_policy(ws, c, schema, name);
	t.rows = -1;
	if ((!t.rows_hidden && count_rows(ws, c, schema, name, &t.rows, e) != 0) ||
	    ws->ops->describe_table(c, schema, name, &t.columns, &t.indexes, &t.fks, e) != 0) {
		free(t.database);
		free(t.schema);
		free(t.name);
		return -1;
	}
	out->tables = xrealloc(out->tables, (out->n + 1) * sizeof *out->tables);
	out->tables[out->n++] = t;
	return 0;
}

/* Which schemas of a database belong to the lesson: its named schemas,
 * plus the default one ("public" or SQLite's "main") when an app uses it. */
static void lesson_schemas(struct workspace *ws, const struct lesson *l, const struct lesson_db *db,
			   struct strlist *out)
{
	for (size_t i = 0; i < l->napps; i++)
		if (!strcmp(l->apps[i].database, db->name) && !l->apps[i].schema &&
		    !sl_contains(out, ws->engine == DBP_POSTGRES ? "public" : "main"))
			sl_push(out, ws->engine == DBP_POSTGRES ? "public" : "main");
	for (size_t i = 0; i < db->schemas.n; i++)
		sl_push_owned(out, ws_schema_name(ws, db->schemas.v[i]));
}

static int snapshot_db(struct workspace *ws, const struct lesson *l, const struct lesson_db *db,
		       struct catalog *out, struct dbp_error *e)
{
	struct strlist schemas = { 0 };
	struct dbp_result list = { 0 };
	char *dbname = ws_db_name(ws, db->name);
	struct dbp_conn *c = ws_session_db(ws, db, e);
	int rc = c ? 0 : -1;

	lesson_schemas(ws, l, db, &schemas);
	if (rc == 0)
		sl_push(&out->databases, dbname);
	/* The default schema is there with the database; ours, if created. */
	for (size_t i = 0; rc == 0 && i < schemas.n; i++) {
		struct dbp_error why;
		int present = !strcmp(schemas.v[i], "public") || !strcmp(schemas.v[i], "main") ||
			      ws->ops->schema_owned(c, schemas.v[i], &ws->owner, &why) == DBP_OURS;

		if (present)
			sl_push_owned(&out->schemas, xasprintf("%s.%s", dbname, schemas.v[i]));
	}
	if (rc == 0)
		rc = ws->ops->list_tables(c, &schemas, &list, e);
	for (long i = 0; rc == 0 && i < list.nrows; i++)
		rc = add_table(ws, c, dbname, result_cell(&list, i, 0), result_cell(&list, i, 1), out, e);
	result_free(&list);
	sl_free(&schemas);
	free(dbname);
	return rc;
}

int catalog_snapshot(struct workspace *ws, const struct lesson *l, struct catalog *out,
		     struct dbp_error *e)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < l->ndbs; i++) {
		int owned = ws_database_present(ws, l->dbs[i].name, e);

		if (owned < 0 || (owned == 1 && snapshot_db(ws, l, &l->dbs[i], out, e) != 0)) {
			catalog_free(out);
			return -1;
		}
	}
	return 0;
}

const struct cat_table *catalog_find(const struct catalog *c, const char *database,
				     const char *schema, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->tables[i].database, database) && !strcmp(c->tables[i].schema, schema) &&
		    !strcmp(c->tables[i].name, name))
			return &c->tables[i];
	return NULL;
}

/* How one row of columns, indexes or foreign keys reads in a diff. */
enum part { PART_COLUMN, PART_INDEX, PART_FK };

static const char *cell(const struct dbp_result *r, long i, int j)
{
	const char *v = result_cell(r, i, j);

	return v ? v : "";
}

static char *row_text(enum part kind, const struct dbp_result *r, long i)
{
	if (kind == PART_COLUMN)
		return xasprintf("%s %s%s%s%s%s%s", cell(r, i, 0), cell(r, i, 1),
				 !strcmp(cell(r, i, 2), "no") ? " not null" : "",
				 result_cell(r, i, 3) ? " default " : "", cell(r, i, 3),
				 result_cell(r, i, 4) ? " " : "", cell(r, i, 4));
	if (kind == PART_INDEX)
		return xasprintf("%s (%s)%s", cell(r, i, 0), cell(r, i, 2),
				 !strcmp(cell(r, i, 1), "yes") ? " unique" : "");
	return xasprintf("(%s) -> %s (%s)", cell(r, i, 0), cell(r, i, 1), cell(r, i, 2));
}

static const char *const part_name[] = { "column", "index", "foreign key" };

static long find_by_first(const struct dbp_result *r, const char *key)
{
	for (long i = 0; i < r->nrows; i++)
		if (!strcmp(cell(r, i, 0), key))
			return i;
	return -1;
}

/* Rows keyed by their first column: added, removed, changed. */
static void diff_rows(enum part kind, const char *where, const struct dbp_result *a,
		      const struct dbp_result *b, struct dbp_lines *out)
{
	for (long i = 0; i < b->nrows; i++) {
		long j = find_by_first(a, cell(b, i, 0));
		char *now = row_text(kind, b, i), *was = j >= 0 ? row_text(kind, a, j) : NULL;

		if (j < 0)
			lines_addf(out, DBP_LINE_ADDED, "%s %s: %s", part_name[kind], where, now);
		else if (strcmp(was, now))
			lines_addf(out, DBP_LINE_CHANGED, "%s %s: %s -> %s", part_name[kind], where, was, now);
		free(now);
		free(was);
	}
	for (long i = 0; i < a->nrows; i++)
		if (find_by_first(b, cell(a, i, 0)) < 0) {
			char *was = row_text(kind, a, i);

			lines_addf(out, DBP_LINE_REMOVED, "%s %s: %s", part_name[kind], where, was);
			free(was);
		}
}

static char *table_label(const struct cat_table *t)
{
	return xasprintf("%s.%s.%s", t->database, t->schema, t->name);
}

static void diff_table(const struct cat_table *a, const struct cat_table *b, struct dbp_lines *out)
{
	char *label = table_label(b);

	diff_rows(PART_COLUMN, label, &a->columns, &b->columns, out);
	diff_rows(PART_INDEX, label, &a->indexes, &b->indexes, out);
	diff_rows(PART_FK, label, &a->fks, &b->fks, out);
	if (a->rows != b->rows || a->rows_hidden != b->rows_hidden) {
		char was[48], now[48];

		lines_addf(out, DBP_LINE_CHANGED, "rows %s: %s -> %s", label, cat_rows_text(a, 0, was, sizeof was),
			   cat_rows_text(b, 0, now, sizeof now));
	}
	free(label);
}

/* The migration runner's own bookkeeping is not part of a lesson's effect. */
static int is_history(const struct cat_table *t)
{
	return !strncmp(t->name, "dbpatterns_history_", strlen("dbpatterns_history_"));
}

/* Names present in one list and not the other: added "what name", or removed. */
static void diff_names(const char *what, const struct strlist *a, const struct strlist *b,
		       struct dbp_lines *out)
{
	for (size_t i = 0; i < b->n; i++)
		if (!sl_contains(a, b->v[i]))
			lines_addf(out, DBP_LINE_ADDED, "%s %s", what, b->v[i]);
	for (size_t i = 0; i < a->n; i++)
		if (!sl_contains(b, a->v[i]))
			lines_addf(out, DBP_LINE_REMOVED, "%s %s", what, a->v[i]);
}

void catalog_diff(const struct catalog *before, const struct catalog *after, struct dbp_lines *out)
{
	diff_names("database", &before->databases, &after->databases, out);
	diff_names("schema", &before->schemas, &after->schemas, out);
	for (size_t i = 0; i < after->n; i++) {
		const struct cat_table *b = &after->tables[i];
		const struct cat_table *a = catalog_find(before, b->database, b->schema, b->name);
		char *label, rows[48];

		if (is_history(b))
			continue;
		label = table_label(b);

		if (!a)
			lines_addf(out, DBP_LINE_ADDED, "table %s (%d columns, %s)", label,
				   b->columns.nrows > 0 ? (int)b->columns.nrows : 0,
				   cat_rows_text(b, 1, rows, sizeof rows));
		else
			diff_table(a, b, out);
		free(label);
	}
	for (size_t i = 0; i < before->n; i++) {
		const struct cat_table *a = &before->tables[i];

		if (!is_history(a) && !catalog_find(after, a->database, a->schema, a->name)) {
			char *label = table_label(a), rows[48];

			lines_addf(out, DBP_LINE_REMOVED, "table %s (%s)", label, cat_rows_text(a, 1, rows, sizeof rows));
			free(label);
		}
	}
}
