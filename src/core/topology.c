/* topology: see topology.h. */
#include "topology.h"

#include <stdlib.h>
#include <string.h>

struct glyphs {
	const char *mid, *end, *bar, *gap;
};

static const struct glyphs utf8 = { "\u251c\u2500\u2500 ", "\u2514\u2500\u2500 ", "\u2502   ", "    " };
static const struct glyphs plain = { "|-- ", "`-- ", "|   ", "    " };

/* "  (community, shop)" for the apps on a database (schema NULL: those
 * without a schema) or on one schema. */
static char *apps_on(const struct lesson *l, const char *db, const char *schema)
{
	struct strbuf b;

	sb_init(&b);
	for (size_t i = 0; i < l->napps; i++) {
		const struct lesson_app *a = &l->apps[i];

		if (strcmp(a->database, db) || (schema ? !a->schema || strcmp(a->schema, schema) : a->schema != NULL))
			continue;
		sb_addf(&b, "%s%s", b.len ? ", " : "  <- ", a->name);
	}
	return sb_steal(&b);
}

static void tables_of(const struct catalog *cat, const char *db, const char *schema,
		      const char *indent, const struct glyphs *g, struct strlist *out)
{
	size_t n = 0, seen = 0;

	for (size_t i = 0; i < cat->n; i++)
		n += !strcmp(cat->tables[i].database, db) && !strcmp(cat->tables[i].schema, schema);
	for (size_t i = 0; i < cat->n; i++) {
		const struct cat_table *t = &cat->tables[i];
		char rows[48];

		if (strcmp(t->database, db) || strcmp(t->schema, schema))
			continue;
		seen++;
		sl_push_owned(out, xasprintf("%s%s%s (%s)", indent, seen == n ? g->end : g->mid,
					     t->name, cat_rows_text(t, 1, rows, sizeof rows)));
	}
	if (!n)
		sl_push_owned(out, xasprintf("%s%s(no tables yet)", indent, g->end));
}

static void database(struct workspace *ws, const struct lesson *l, const struct lesson_db *db,
		     const struct catalog *cat, int provisioned, const struct glyphs *g,
		     struct strlist *out)
{
	char *name = ws_db_name(ws, db->name), *apps = apps_on(l, db->name, NULL);
	const char *dflt = ws->engine == DBP_POSTGRES ? "public" : "main";

	sl_push_owned(out, xasprintf("%s%s%s", name, apps, provisioned ? "" : "  (not provisioned)"));
	if (*apps && provisioned)
		tables_of(cat, name, dflt, db->schemas.n ? g->bar : "", g, out);
	for (size_t i = 0; i < db->schemas.n; i++) {
		char *schema = ws_schema_name(ws, db->schemas.v[i]);
		char *on = apps_on(l, db->name, db->schemas.v[i]);
		int last = i + 1 == db->schemas.n;

		sl_push_owned(out, xasprintf("%s%s%s", last ? g->end : g->mid, schema, on));
		if (provisioned)
			tables_of(cat, name, schema, last ? g->gap : g->bar, g, out);
		free(on);
		free(schema);
	}
	free(apps);
	free(name);
}

void topology_tree(struct workspace *ws, const struct lesson *l, const struct catalog *cat,
		   int provisioned, int ascii, struct strlist *out)
{
	for (size_t i = 0; i < l->ndbs; i++) {
		if (i)
			sl_push(out, "");
		database(ws, l, &l->dbs[i], cat, provisioned, ascii ? &plain : &utf8, out);
	}
}

void topology_connections(struct workspace *ws, const struct lesson *l, struct strlist *out)
{
	int schemas = 0;

	for (size_t i = 0; i < l->napps; i++) {
		const struct lesson_app *a = &l->apps[i];
		char *db = ws_db_name(ws, a->database);
		char *schema = a->schema ? ws_schema_name(ws, a->schema) : NULL;
		char *url = ws->ops->app_url(ws->srv, db, schema);

		sl_push_owned(out, xasprintf("  %-10s %s", a->name, url));
		schemas |= schema != NULL;
		free(url);
		free(db);
		free(schema);
	}
	if (schemas && ws->engine == DBP_SQLITE) {
		sl_push(out, "SQLite has no CREATE SCHEMA: each schema here is a file of its own, attached");
		sl_push(out, "under the schema's name. PostgreSQL keeps them all in one database.");
	}
}

static char *engine_name_for(const struct workspace *ws, const char *prefix, int db, const char *name)
{
	if (!ws)
		return ws_prefixed(prefix, name);
	return db ? ws_db_name(ws, name) : ws_schema_name(ws, name);
}

char *topology_names(const struct workspace *ws, const char *prefix, const char *text)
{
	struct strbuf sb;
	const char *p = text;

	sb_init(&sb);
	while (*p) {
		const char *open = strstr(p, "{{"), *close;
		int db;

		if (!open) {
			sb_add(&sb, p);
			break;
		}
		sb_addn(&sb, p, (size_t)(open - p));
		db = !strncmp(open + 2, "db:", 3);
		close = strstr(open, "}}");
		if (!close || (!db && strncmp(open + 2, "schema:", 7))) {
			sb_add(&sb, "{{");
			p = open + 2;
			continue;
		}
		{
			const char *name = open + 2 + (db ? 3 : 7);
			char *key = xstrndup(name, (size_t)(close - name));
			char *real = engine_name_for(ws, prefix, db, key);

			sb_add(&sb, real);
			free(real);
			free(key);
		}
		p = close + 2;
	}
	return sb_steal(&sb);
}
