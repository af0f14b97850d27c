/* session: the connections a command or a screen keeps open, one per
 * (database, schema it works in, purpose), so that a screen that shows a
 * lesson does not connect again on every key, and the console keeps what
 * a session holds (SET, temporary tables, an open transaction).  A handle
 * the server dropped is replaced on the next use, and the message the
 * caller shows is the engine's own.  The bench and the demonstrations open
 * their own connections: connecting is what they show or time. */
#include "workspace.h"

#include <stdlib.h>
#include <string.h>

static char *session_key(const char *tag, const char *dbname, const char *own,
			 const struct strlist *others)
{
	struct strbuf b;

	sb_init(&b);
	sb_addf(&b, "%s\t%s\t%s\t", tag ? tag : "", dbname, own ? own : "");
	for (size_t i = 0; others && i < others->n; i++)
		sb_addf(&b, "%s,", others->v[i]);
	return sb_steal(&b);
}

static void drop_session(struct workspace *ws, size_t i)
{
	ws->ops->close(ws->sessions[i].conn);
	free(ws->sessions[i].key);
	free(ws->sessions[i].dbname);
	ws->sessions[i] = ws->sessions[--ws->nsessions];
}

struct dbp_conn *ws_session(struct workspace *ws, const char *tag, const char *dbname,
			    const char *own_schema, const struct strlist *others, struct dbp_error *e)
{
	char *key = session_key(tag, dbname, own_schema, others);
	struct dbp_conn *c;

	for (size_t i = 0; i < ws->nsessions; i++) {
		if (strcmp(ws->sessions[i].key, key) != 0)
			continue;
		if (ws->ops->alive(ws->sessions[i].conn)) {
			free(key);
			return ws->sessions[i].conn;
		}
		drop_session(ws, i); /* the server dropped it: connect again below */
		break;
	}
	c = ws->ops->connect(ws->srv, dbname, own_schema, others, e);
	if (!c) {
		free(key);
		return NULL;
	}
	ws->sessions = xrealloc(ws->sessions, (ws->nsessions + 1) * sizeof *ws->sessions);
	ws->sessions[ws->nsessions].key = key;
	ws->sessions[ws->nsessions].dbname = xstrdup(dbname);
	ws->sessions[ws->nsessions++].conn = c;
	return c;
}

void ws_sessions_close(struct workspace *ws, const char *dbname)
{
	for (size_t i = ws->nsessions; i-- > 0;)
		if (!dbname || !strcmp(ws->sessions[i].dbname, dbname))
			drop_session(ws, i);
	if (!ws->nsessions) {
		free(ws->sessions);
		ws->sessions = NULL;
	}
}
