/* workspace: a lesson's topology made real on one engine, under a prefix.
 * Every database and schema we create is named <prefix>_<name>, carries
 * the ownership marker naming this workspace (ownership.h), and is
 * written to the local manifest.  Provision and teardown first decide the
 * ownership of every object they will touch, then look for the user's
 * objects among them, and only then change anything; one process at a
 * time works on a prefix (a lock on the engine's side). */
#ifndef DBP_WORKSPACE_H
#define DBP_WORKSPACE_H

#include "backend.h"
#include "config.h"
#include "lesson.h"

/* Long operations report here and stop when cancelled() says so.
 * waiting() hears that another process holds what we need (a front end
 * that prints no chatter still says why it waits); report() when NULL. */
struct dbp_progress {
	void (*report)(void *ctx, const char *what);
	int (*cancelled)(void *ctx);
	void *ctx;
	void (*waiting)(void *ctx, const char *what);
};
void progress_say(const struct dbp_progress *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void progress_waiting(const struct dbp_progress *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int progress_cancelled(const struct dbp_progress *p);

struct workspace {
	const struct dbp_backend_ops *ops;
	struct dbp_server *srv;
	enum dbp_engine engine;
	char *prefix;
	/* Where the prefix came from, for the screen and the CLI: "given",
	 * "the default for role R", or why an older default was kept. */
	char *prefix_origin;
	char *manifest_path;
	char *workdir;
	/* Who we are, as markers record it (points into id and location). */
	char *id;
	char *location;
	struct dbp_owner owner;
	int lock_depth; /* the prefix lock is held while > 0 */
	int tenants;    /* how many tenants lesson 5's demo makes */
	struct strlist shard_dsns; /* lesson 11's shard servers (none: this one) */
	/* Connections kept open (session.c). */
	struct ws_session {
		char *key, *dbname;
		struct dbp_conn *conn;
	} *sessions;
	size_t nsessions;
	/* Lesson databases (engine-side names) that live in the user's own
	 * database because the role may not create databases: from the
	 * manifest, so every command maps them the same way. */
	struct strlist borrowed;
};

int workspace_open(struct workspace *ws, const struct dbp_config *cfg, struct dbp_error *e);
/* The other engine, for timing both side by side: SQLite is always there;
 * PostgreSQL only when the user configured one (--dsn, PGHOST, PGSERVICE),
 * tried with a short connect timeout.  0 when opened, -1 (quietly) if not. */
int workspace_open_peer(struct workspace *peer, const struct dbp_config *cfg);
void workspace_close(struct workspace *ws);

/* Engine-side names: <prefix>_<name>.  Caller frees. */
/* PREFIX_NAME: how every object we create is named on the engine. */
char *ws_prefixed(const char *prefix, const char *name);
char *ws_db_name(const struct workspace *ws, const char *db);
char *ws_schema_name(const struct workspace *ws, const char *schema);
/* Every name the lesson would create, checked before anything is sent. */
int ws_check_names(const struct workspace *ws, const struct lesson *l, struct dbp_error *e);

/* A handle as the application would hold it: its database, its schema as
 * the default for unqualified names, the database's other schemas in reach.
 * A new connection, the caller's to close: for what times or shows
 * connecting (the bench, the demonstrations). */
struct dbp_conn *ws_connect_app(struct workspace *ws, const struct lesson *l,
				const struct lesson_app *app, struct dbp_error *e);
struct dbp_conn *ws_connect_db(struct workspace *ws, const struct lesson_db *db,
			       struct dbp_error *e);

/* session.c: the same handles, kept open for the life of the workspace
 * (one per tag, database, schema and schemas in reach) and replaced when
 * the server dropped them.  Never closed by the caller.  tag keeps apart
 * what must not share a session: the console's own transactions ("console")
 * from the core's work (NULL). */
struct dbp_conn *ws_session(struct workspace *ws, const char *tag, const char *dbname,
			    const char *own_schema, const struct strlist *others, struct dbp_error *e);
struct dbp_conn *ws_session_app(struct workspace *ws, const char *tag, const struct lesson *l,
				const struct lesson_app *app, struct dbp_error *e);
struct dbp_conn *ws_session_db(struct workspace *ws, const struct lesson_db *db, struct dbp_error *e);
/* Close the sessions on dbname (NULL: all), e.g. before it is dropped. */
void ws_sessions_close(struct workspace *ws, const char *dbname);

/* 1 when the database exists here and is ours (marker and manifest), or
 * borrowed; 0 when absent; -1 when it exists but is not ours (why in e). */
int ws_database_present(struct workspace *ws, const char *lesson_db, struct dbp_error *e);
/* 0 when every database and schema the app touches is this workspace's
 * (marker and manifest): asked before any migration changes anything. */
int ws_app_owned(struct workspace *ws, const struct lesson *l, const struct lesson_app *app,
		 struct dbp_error *e);
/* Every object the lesson has on the engine is ours or absent; else -1
 * with the first one that is not, and why. */
int ws_check_ownership(struct workspace *ws, const struct lesson *l, struct dbp_error *e);
/* Serialise work on this prefix: the PostgreSQL advisory lock or a lock
 * file beside the SQLite files.  Waits (saying who holds it) while p is
 * not cancelled, up to a bound.  Nested calls count. */
int ws_lock(struct workspace *ws, const struct dbp_progress *p, struct dbp_error *e);
void ws_unlock(struct workspace *ws);
int ws_is_borrowed(const struct workspace *ws, const char *lesson_db);
/* 1 when the lesson can be provisioned with the role's rights: it may
 * create databases, or the lesson's apps all live in schemas of one
 * database and the role may create schemas in the database it names. */
int workspace_can_run(struct workspace *ws, const struct lesson *l);
/* 1 when the lesson needs only CREATE on one database (all its apps live
 * in schemas of a single database). */
int lesson_fits_one_database(const struct lesson *l);

/* 1 when every database and schema of the lesson exists and is ours. */
int workspace_provisioned(struct workspace *ws, const struct lesson *l);
/* Used by provision.c: engine-side schema key "db/schema" for the
 * manifest; verdicts that combine marker and manifest (DBP_UNMARKED from
 * ws_db_verdict means "ours, cut short": the manifest names it); the
 * lesson database's schemas by engine-side name; and work() on each of
 * them over one session, until one fails. */
char *ws_schema_key(const char *db, const char *schema);
int ws_db_verdict(struct workspace *ws, const char *name, struct dbp_error *e);
int ws_schema_verdict(struct workspace *ws, struct dbp_conn *c, const char *dbname,
		      const char *schema, struct dbp_error *e);
void ws_schema_names(const struct workspace *ws, const struct lesson_db *db, struct strlist *out);
typedef int ws_schema_work(struct workspace *ws, struct dbp_conn *c, const char *dbname,
			   const char *schema, struct strbuf *log, struct dbp_error *e);
int ws_each_schema(ws_schema_work *work, struct workspace *ws, const struct lesson_db *db,
		   const char *dbname, struct strbuf *log, struct dbp_error *e);

/* The manifest: lines of server id, kind, engine-side name. */
int manifest_has(const struct workspace *ws, const char *kind, const char *name);
int manifest_add(const struct workspace *ws, const char *kind, const char *name, struct dbp_error *e);
int manifest_remove(const struct workspace *ws, const char *kind, const char *name, struct dbp_error *e);
/* The server ids it lists name (of kind) under, whatever the server. */
void manifest_servers(const struct workspace *ws, const char *kind, const char *name, struct strlist *out);
/* The names of one kind it lists for this server that begin with start. */
void manifest_names(const struct workspace *ws, const char *kind, const char *start, struct strlist *out);

#endif
