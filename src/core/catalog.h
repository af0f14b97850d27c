/* catalog: what the engine really holds, read from its own catalog
 * (pg_catalog, sqlite_schema and pragmas), and the difference between two
 * such snapshots.  Only the lesson's own databases and schemas are read. */
#ifndef DBP_CATALOG_H
#define DBP_CATALOG_H

#include "lines.h"
#include "workspace.h"

struct cat_table {
	char *database, *schema, *name;
	long long rows;            /* -1 when rows_hidden */
	int rows_hidden;           /* a row-level security policy filters our reads */
	struct dbp_result columns; /* name, type, nullable, default, key ("primary key" or NULL) */
	struct dbp_result indexes; /* name, unique, columns */
	struct dbp_result fks;     /* columns, ref_table, ref_columns */
};

struct catalog {
	struct cat_table *tables;
	size_t n;
	struct strlist databases; /* engine-side names, as present */
	struct strlist schemas;   /* "database.schema", as present, tables or not */
};

/* Tables of every provisioned database and schema of the lesson. */
int catalog_snapshot(struct workspace *ws, const struct lesson *l, struct catalog *out,
		     struct dbp_error *e);
void catalog_free(struct catalog *c);
/* The row count as shown, into buf: "3000" ("3000 rows" as_phrase), or
 * "hidden" ("rows hidden by row-level security") when a row-level security
 * policy stands between this role and the rows: counting through it would
 * count what the policy lets through, or fail. */
const char *cat_rows_text(const struct cat_table *t, int as_phrase, char *buf, size_t n);
const struct cat_table *catalog_find(const struct catalog *c, const char *database,
				     const char *schema, const char *name);
/* One line per change, its role saying added, removed or changed:
 * "database ...", "schema ...", "table ...", "column ...", "rows ...". */
void catalog_diff(const struct catalog *before, const struct catalog *after,
		  struct dbp_lines *changes);

#endif
