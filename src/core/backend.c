/* backend: what both engines share: results, engine names, name checks. */
#include "backend.h"

#include <stdlib.h>
#include <string.h>

void result_free(struct dbp_result *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->ncols; i++)
		free(r->colnames[i]);
	for (long i = 0; i < r->nrows * r->ncols; i++)
		free(r->cells[i]);
	free(r->colnames);
	free(r->types);
	free(r->cells);
	memset(r, 0, sizeof *r);
}

const char *result_cell(const struct dbp_result *r, long row, int col)
{
	if (row < 0 || row >= r->nrows || col < 0 || col >= r->ncols)
		return NULL;
	return r->cells[row * r->ncols + col];
}

enum dbp_type result_type(const struct dbp_result *r, int col)
{
	if (!r->types || col < 0 || col >= r->ncols)
		return DBP_TYPE_TEXT;
	return r->types[col];
}

int dbp_type_is_number(enum dbp_type t)
{
	return t == DBP_TYPE_INTEGER || t == DBP_TYPE_REAL;
}

const struct dbp_backend_ops *backend_for(enum dbp_engine engine)
{
	return engine == DBP_POSTGRES ? &dbp_pg_ops : &dbp_sqlite_ops;
}

const char *engine_name(enum dbp_engine engine)
{
	return engine == DBP_POSTGRES ? "postgres" : "sqlite";
}

int engine_parse(const char *s, enum dbp_engine *out)
{
	if (strcmp(s, "sqlite") == 0 || strcmp(s, "sqlite3") == 0)
		*out = DBP_SQLITE;
	else if (strcmp(s, "postgres") == 0 || strcmp(s, "postgresql") == 0 || strcmp(s, "pg") == 0)
		*out = DBP_POSTGRES;
	else
		return -1;
	return 0;
}

int backend_check_name(const struct dbp_backend_ops *ops, const char *name,
		       struct dbp_error *e)
{
	size_t n = strlen(name);

	if (n == 0)
		return err_set(e, "an empty name cannot be created");
	if (ops->max_identifier && n > (size_t)ops->max_identifier)
		return err_set(e, "name \"%.80s%s\" is %zu bytes; %s allows at most %d "
			       "(it would silently cut it): choose a shorter --prefix",
			       name, n > 80 ? "..." : "", n, ops->name, ops->max_identifier);
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\')
			return err_set(e, "name \"%.80s\" contains a control character, "
				       "slash or backslash", name);
	return 0;
}

void result_init(struct dbp_result *r, int ncols, const char *const *names)
{
	memset(r, 0, sizeof *r);
	r->ncols = ncols;
	r->colnames = xcalloc((size_t)ncols, sizeof *r->colnames);
	r->types = xcalloc((size_t)ncols + 1, sizeof *r->types); /* DBP_TYPE_TEXT */
	for (int i = 0; i < ncols; i++)
		r->colnames[i] = xstrdup(names[i]);
}

void result_set_type(struct dbp_result *r, int col, enum dbp_type t)
{
	if (col >= 0 && col < r->ncols)
		r->types[col] = t;
}

/* The room doubles: growing it by one row each time made a large answer
 * quadratic wherever realloc moves the block, as it always does under the
 * sanitizers (11,111 rows took seconds to copy). */
void result_add_row(struct dbp_result *r, const char *const *values)
{
	size_t at = (size_t)(r->nrows * r->ncols);

	if (r->nrows >= r->rows_room) {
		r->rows_room = r->nrows ? 2 * r->nrows : 16;
		r->cells = xrealloc(r->cells, (size_t)r->rows_room * (size_t)r->ncols * sizeof *r->cells);
	}
	for (int i = 0; i < r->ncols; i++)
		r->cells[at + (size_t)i] = values[i] ? xstrdup(values[i]) : NULL;
	r->nrows++;
}
