/* ownership: who made an object on the engine.  A database, schema or
 * role is this workspace's only when its marker names this workspace's id
 * (kept in <workdir>/workspace.id) *and* the workspace's manifest lists
 * it; "carries a dbpatterns marker" alone is true of every workspace's
 * objects on a shared server.  The verdict is one function, asked before
 * any step that creates, drops, rolls back or alters anything. */
#ifndef DBP_OWNERSHIP_H
#define DBP_OWNERSHIP_H

#include "util.h"

/* How every marker of ours begins. */
#define DBP_MARKER_PREFIX "dbpatterns-owned:"

/* Who we are, as the marker records it. */
struct dbp_owner {
	const char *prefix;
	const char *workspace_id; /* 16 hex digits; NULL when none could be made */
	const char *location;     /* host:path of the workdir, named in refusals */
};

/* Verdicts, from the engine's marker alone (the manifest is the caller's). */
enum {
	DBP_OURS = 1,
	DBP_ABSENT = 0,
	DBP_NOT_OURS = -1, /* a stranger, another workspace, or an error: see e */
	DBP_UNMARKED = -2, /* exists with no marker at all (e.g. our own CREATE cut short) */
};

/* The text a PostgreSQL COMMENT carries:
 * "dbpatterns-owned:<prefix>\nworkspace=<id>\nat=<location>".  The prefix
 * may hold spaces but never control characters, so lines split it. */
char *owner_marker(const struct dbp_owner *o);

/* found: the object's marker text, "" when it has none, NULL when the
 * object does not exist.  what/name make the message. */
int owner_verdict(const struct dbp_owner *o, const char *found, const char *what,
		  const char *name, struct dbp_error *e);

/* The workspace id of <workdir>/workspace.id, made (random) when absent.
 * NULL with e when it can be neither read nor written. */
char *workspace_id_load(const char *workdir, struct dbp_error *e);
/* "host:/absolute/workdir" for messages. */
char *workspace_location(const char *workdir);
/* A positive 31-bit number from the id, for engines whose marker is an
 * integer (SQLite's user_version). */
int owner_tag(const struct dbp_owner *o);

#endif
