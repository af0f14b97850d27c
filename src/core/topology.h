/* topology: a lesson's layout drawn as the reading draws it: database,
 * then schema (where there are schemas), then tables with their row counts,
 * each level saying which application uses it.  Lines of text, so the CLI
 * prints them and the screen shows them. */
#ifndef DBP_TOPOLOGY_H
#define DBP_TOPOLOGY_H

#include "catalog.h"

/* cat: the lesson's snapshot (empty when not provisioned).  ascii: plain
 * |-- and `-- instead of box-drawing characters. */
void topology_tree(struct workspace *ws, const struct lesson *l, const struct catalog *cat,
		   int provisioned, int ascii, struct strlist *out);

/* Per application, the connection setting it would use (a URL that never
 * holds a password), and on SQLite what stands in for a schema. */
void topology_connections(struct workspace *ws, const struct lesson *l, struct strlist *out);
/* A lesson text with the names the engine really uses: {{db:NAME}} and
 * {{schema:NAME}} (the lesson's own names) become the workspace's, e.g.
 * dbp_community.  prefix stands in for the workspace's before one is open
 * (ws NULL).  Anything else between braces is left as written. */
char *topology_names(const struct workspace *ws, const char *prefix, const char *text);

#endif
