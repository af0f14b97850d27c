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
 * "dbpatterns-owned:<prefix>\nworkspace=<id>\nat=<location>\ncreated=<UTC>".
 * The prefix may hold spaces but never control characters, so lines split
 * it.  created= (when the object was made, ISO 8601 UTC) is for the
 * instructor's listing; markers written before it have none. */
char *owner_marker(const struct dbp_owner *o);
/* A marker's parts: its prefix (NULL when the text is not a marker of
 * ours) and the value of one "key=" line (NULL when absent). */
char *owner_marker_prefix(const char *marker);
char *owner_marker_field(const char *marker, const char *key);
/* 1 for a workspace id as dbpatterns makes them: 16 hex digits. */
int owner_id_valid(const char *id);

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
