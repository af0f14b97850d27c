/* backend: one ops table, two engines.  The core talks to SQLite and
 * PostgreSQL only through this interface.  A "server" is where databases
 * live (a workspace directory, or a PostgreSQL cluster); a "conn" is one
 * open handle to one database. */
#ifndef DBP_BACKEND_H
#define DBP_BACKEND_H

#include "lines.h"
#include "ownership.h"
#include "util.h"

enum dbp_engine { DBP_SQLITE, DBP_POSTGRES };

/* What a column holds, from the engine's own types (PQftype; on SQLite,
 * the storage classes of the values it returned): how JSON writes it and
 * whether a grid right-aligns it.  The values stay the engine's text. */
enum dbp_type {
	DBP_TYPE_TEXT,    /* text, and anything without a better type */
	DBP_TYPE_INTEGER,
	DBP_TYPE_REAL,    /* floating point and numeric */
	DBP_TYPE_BOOLEAN, /* PostgreSQL's t and f */
	DBP_TYPE_NULL,    /* every value NULL, and no declared type to go by */
};

/* Rows of one statement, every value as text (NULL stays NULL). */
struct dbp_result {
	int ncols;
	long nrows;
	char **colnames;
	enum dbp_type *types; /* ncols */
	char **cells; /* nrows * ncols */
	long affected;
	long rows_room; /* rows cells has room for (result_add_row) */
};
void result_free(struct dbp_result *r);
const char *result_cell(const struct dbp_result *r, long row, int col);
enum dbp_type result_type(const struct dbp_result *r, int col);
/* Integers and reals: numbers in JSON, right-aligned in a grid. */
int dbp_type_is_number(enum dbp_type t);

struct dbp_server;
struct dbp_conn;
struct dbp_offline;

/* How to reach the engine: the settings the user chose. */
struct dbp_server_settings {
	enum dbp_engine engine;
	const char *workdir; /* SQLite database files live here */
	const char *dsn;     /* PostgreSQL conninfo or URI; NULL: PG* vars */
};

/* Marker every object we create carries, so teardown can tell ours from a
 * same-named stranger, and this workspace's from another's (see
 * ownership.h: the marker names the workspace id). */
#define DBP_SQLITE_APPLICATION_ID 0x44425054 /* "DBPT" */
/* How long a SQLite connection waits for a lock another holds. */
#define DBP_SQLITE_BUSY_MS 2000

/* Where teardown looks for the user's objects. */
struct dbp_user_scope {
	int borrowed;                /* the database is the user's: only our schemas count */
	const struct strlist *schemas; /* our schemas in this database */
	const struct strlist *tables;  /* the lesson's tables, views, triggers: "schema.name" */
};

/* How another server reaches this one: what postgres_fdw's SERVER and
 * USER MAPPING need.  Pointers into the open connection; the password is
 * never shown or written to a file. */
struct dbp_reach {
	const char *host, *port, *user, *password;
};

struct dbp_backend_ops {
	const char *name;
	struct dbp_server *(*server_open)(const struct dbp_server_settings *s,
					  struct dbp_error *e);
	void (*server_close)(struct dbp_server *srv);
	/* "user@host:port/db" or the workspace path: never a password. */
	const char *(*server_describe)(struct dbp_server *srv);
	/* Where the ownership marker lives: identifies server for the manifest. */
	const char *(*server_id)(struct dbp_server *srv);
	/* 1 when the user may create databases; else 0 and why in e; -1 (why
	 * in e) when the server could not be asked, e.g. it went away. */
	int (*can_create_databases)(struct dbp_server *srv, struct dbp_error *e);
	/* The database the settings name (PostgreSQL), NULL where there is
	 * none (SQLite); and whether the user may create schemas in it. */
	const char *(*server_database)(struct dbp_server *srv);
	int (*can_create_schemas)(struct dbp_server *srv);
	/* A verdict of ownership.h: DBP_OURS (the marker names this
	 * workspace), DBP_ABSENT, DBP_UNMARKED, or DBP_NOT_OURS (see e). */
	int (*database_owned)(struct dbp_server *srv, const char *db, const struct dbp_owner *o,
			      struct dbp_error *e);
	int (*database_create)(struct dbp_server *srv, const char *db, const struct dbp_owner *o,
			       struct dbp_error *e);
	/* Marks a database that exists with no marker and holds nothing: the
	 * one our own CREATE left when it was cut short before the marker. */
	int (*database_claim)(struct dbp_server *srv, const char *db, const struct dbp_owner *o,
			      struct dbp_error *e);
	/* Drops only an owned database with no foreign tables left in it. */
	int (*database_drop)(struct dbp_server *srv, const char *db, const struct dbp_owner *o,
			     struct dbp_error *e);
	/* Open db; own_schema (may be NULL) becomes where unqualified names go,
	 * other_schemas become reachable by name. */
	struct dbp_conn *(*connect)(struct dbp_server *srv, const char *db,
				    const char *own_schema, const struct strlist *other_schemas,
				    struct dbp_error *e);
	void (*close)(struct dbp_conn *c);
	/* 0 when the server dropped the handle (a restart, a kill): a kept
	 * session is then replaced. */
	int (*alive)(struct dbp_conn *c);
	int (*schema_owned)(struct dbp_conn *c, const char *schema, const struct dbp_owner *o,
			    struct dbp_error *e);
	int (*schema_create)(struct dbp_conn *c, const char *schema, const struct dbp_owner *o,
			     struct dbp_error *e);
	int (*schema_drop)(struct dbp_conn *c, const char *schema, const struct dbp_owner *o,
			   struct dbp_error *e);
	/* A schema kept apart from its database (SQLite: a file of its own)
	 * that is still there though the database is gone: its path, else
	 * NULL.  NULL op: a schema lives and goes with its database. */
	char *(*schema_outlived)(struct dbp_server *srv, const char *db, const char *schema);
	/* Several statements, no rows back. */
	int (*exec)(struct dbp_conn *c, const char *sql, struct dbp_error *e);
	/* One statement; rows into out (may be NULL to discard them). */
	int (*query)(struct dbp_conn *c, const char *sql, struct dbp_result *out,
		     struct dbp_error *e);
	/* Identifier quoted with the engine's own escaping; NULL on bad input. */
	char *(*quote_ident)(struct dbp_conn *c, const char *name);
	char *(*quote_literal)(struct dbp_conn *c, const char *value);
	/* How the SQL text names a schema: see lesson placeholders. */
	char *(*schema_ref)(struct dbp_conn *c, const char *schema);
	/* Server-side execution time of sql in ms (EXPLAIN ANALYZE), or < 0. */
	double (*server_time_ms)(struct dbp_conn *c, const char *sql);
	/* Ask a running statement to stop (safe from a progress callback). */
	void (*cancel)(struct dbp_conn *c);
	/* While a query runs, call check(ctx) every few milliseconds; when it
	 * returns non-zero the statement is cancelled and query() fails with
	 * the engine's own "interrupted"/"canceling" error.  NULL turns it off. */
	void (*set_interrupt)(struct dbp_conn *c, int (*check)(void *ctx), void *ctx);
	/* Everything in scope that the lesson did not create, comma-separated,
	 * "" when none: views, triggers, tables and sequences not among
	 * scope->tables, schemas other than ours (in a database wholly ours),
	 * and foreign keys from outside into a lesson table.  Teardown stops
	 * on any of them before it changes anything. */
	int (*user_objects)(struct dbp_conn *c, const struct dbp_user_scope *scope, char **list,
			    struct dbp_error *e);
	/* 1 when an unqualified table name resolves on this handle. */
	int (*table_exists)(struct dbp_conn *c, const char *table);
	/* 1 when a row-level security policy filters this handle's reads of
	 * the table: a count would go through the policy (and may fail, as
	 * one reading a session setting does).  NULL where there are none. */
	int (*row_security_active)(struct dbp_conn *c, const char *schema, const char *table);
	/* Tables of the given schemas (NULL: every user schema) as a result
	 * with columns schema, table. */
	int (*list_tables)(struct dbp_conn *c, const struct strlist *schemas,
			   struct dbp_result *out, struct dbp_error *e);
	/* Columns, indexes, foreign keys of one table: see catalog.c. */
	int (*describe_table)(struct dbp_conn *c, const char *schema, const char *table,
			      struct dbp_result *cols, struct dbp_result *idx,
			      struct dbp_result *fks, struct dbp_error *e);
	/* A session as a console prompt shows it: where unqualified names are
	 * looked for (PostgreSQL's search_path; SQLite's attached schemas, in
	 * the order it searches them), and the transaction: 0 none, 1 open,
	 * 2 failed (psql's "*" and "!").  *where is NULL in a failed
	 * transaction, where nothing can be asked. */
	int (*session_state)(struct dbp_conn *c, char **where, int *transaction, struct dbp_error *e);
	/* The columns that order a table's rows and pick one out, for paging
	 * on the key instead of OFFSET: SQLite's rowid (a rowid table), else
	 * the primary key's columns in order; none (n == 0) when it has no
	 * primary key (PostgreSQL). */
	int (*row_key)(struct dbp_conn *c, const char *schema, const char *table,
		       struct strlist *columns, struct dbp_error *e);
	/* PostgreSQL: how the server was reached (NULL on SQLite). */
	void (*server_reach)(struct dbp_server *srv, struct dbp_reach *out);
	/* Make db unavailable to new connections until bring_online: on
	 * PostgreSQL ALLOW_CONNECTIONS false (ours only); SQLite has no server
	 * to stop, so a second handle holds an exclusive lock, as a
	 * maintenance job would.  NULL with e on failure. */
	struct dbp_offline *(*take_offline)(struct dbp_server *srv, const char *db,
					    const struct dbp_owner *o, struct dbp_error *e);
	int (*bring_online)(struct dbp_offline *o, struct dbp_error *e);
	/* A login role that may connect to allowed_db (and read its tables)
	 * but not to denied_db; probe runs in each as that role, each attempt
	 * is reported in out, then the role and its grants are removed.  -1
	 * with e when it cannot be shown. */
	int (*role_demo)(struct dbp_server *srv, const char *role, const char *allowed_db,
			 const char *denied_db, const char *probe, const struct dbp_owner *o,
			 struct dbp_lines *out, struct dbp_error *e);
	/* The connection setting an application would use for db (and schema):
	 * a URL, never with a password. */
	char *(*app_url)(struct dbp_server *srv, const char *db, const char *schema);
	/* One process at a time per prefix on this server: 1 when this
	 * process now holds the lock, 0 when another does (who, in *holder,
	 * caller frees), -1 on error. */
	int (*lock_prefix)(struct dbp_server *srv, const char *prefix, char **holder,
			   struct dbp_error *e);
	void (*unlock_prefix)(struct dbp_server *srv, const char *prefix);
	/* The role the server knows us as (PostgreSQL); NULL where there is
	 * none (SQLite). */
	const char *(*server_role)(struct dbp_server *srv);
	/* The prefixes under which databases, and schemas of the database the
	 * settings name, carry a marker naming workspace_id (PostgreSQL; NULL
	 * on SQLite, whose files are the workdir's own). */
	int (*marked_prefixes)(struct dbp_server *srv, const char *workspace_id, struct strlist *out,
			       struct dbp_error *e);
	int max_identifier; /* bytes, 0 for no limit */
};

extern const struct dbp_backend_ops dbp_sqlite_ops;
extern const struct dbp_backend_ops dbp_pg_ops;
const struct dbp_backend_ops *backend_for(enum dbp_engine engine);
const char *engine_name(enum dbp_engine engine);
int engine_parse(const char *s, enum dbp_engine *out);

/* A name we are about to create: checked against the engine's limit and
 * for bytes that have no business in a name. */
int backend_check_name(const struct dbp_backend_ops *ops, const char *name,
		       struct dbp_error *e);



/* ---- PostgreSQL only: a class's login roles (classroom.c) ---------------- */

/* The verifier the server keeps for a role's password, computed here
 * (libpq, in the server's password_encryption) so the password itself is
 * never sent in a statement, where a server log could keep it.  c must be
 * a PostgreSQL connection; NULL with e on failure. */
char *pg_password_verifier(struct dbp_conn *c, const char *role, const char *password,
			   struct dbp_error *e);
/* "host=... port=... dbname=... user=... [password=...]": how role reaches
 * dbname on the server c is connected to, values quoted as libpq reads
 * them.  The one place a password is written out: the instructor's. */
char *pg_login_conninfo(struct dbp_conn *c, const char *dbname, const char *role,
			const char *password);

/* ---- PostgreSQL only: lesson 11's shards (shards_drop.c, shards_pg.c) -------- */

/* "host=... port=... user=... dbname=postgres": a way back to the server
 * whose server_id is id ("postgres:user@host:port"), for a teardown that
 * finds a shard database in the manifest on a server no --shard names
 * now.  The password comes from libpq's usual places (PGPASSWORD,
 * ~/.pgpass); none was ever written down.  NULL when id is not of that
 * form. */
char *pg_server_id_conninfo(const char *id);
/* The cluster's system_identifier (pg_control_system(), which any role
 * may read), the one sure sign that two connections reach one server
 * whatever their host names say; NULL when it cannot be read.  Caller
 * frees. */
char *pg_system_identifier(struct dbp_server *srv);

/* ---- PostgreSQL only: the pooler lesson (claim_pooled.c) --------------------- */

/* The server as libpq reached it, for a pooler's config: host (NULL: the
 * default socket), port, user, and the password it used (NULL: none).
 * Valid while srv is open; the password is never shown. */
void pg_server_login(struct dbp_server *srv, const char **host, const char **port, const char **user,
		     const char **password);
/* A connection to 127.0.0.1:port (a pooler) as user, with the startup
 * options given (NULL: none) and nothing SET on it, so that what it sees
 * is what the pooler hands it. */
struct dbp_conn *pg_connect_to(struct dbp_server *srv, const char *port, const char *db, const char *user,
			       const char *password, const char *options, struct dbp_error *e);
/* A login role of this workspace (its marker) whose search_path in db is
 * schema (ALTER ROLE ... IN DATABASE ... SET), with USAGE on schema and
 * SELECT on its tables.  A leftover role of ours by that name is dropped
 * first; anyone else's stops it.  drop takes the grants back and drops
 * the role, only when it carries our marker. */
int pg_tenant_role_create(struct dbp_server *srv, const char *role, const char *password, const char *db,
			  const char *schema, const struct dbp_owner *o, struct dbp_error *e);
int pg_tenant_role_drop(struct dbp_server *srv, const char *role, const char *db, const char *schema,
			const struct dbp_owner *o, struct dbp_error *e);

/* Whether a role is this workspace's (its marker): *verdict is
 * DBP_OURS, DBP_ABSENT or why not (e says).  -1 when the server cannot
 * say.  pg_role_drop_ours drops it when it is ours; 0 also when absent. */
int pg_role_verdict(struct dbp_server *srv, const char *role, const struct dbp_owner *owner, int *verdict,
		    struct dbp_error *e);
int pg_role_drop_ours(struct dbp_server *srv, const char *role, const struct dbp_owner *owner,
		      struct dbp_error *e);

/* Building results by hand (pragmas, catalogs): every column starts as
 * text; result_set_type says otherwise. */
void result_init(struct dbp_result *r, int ncols, const char *const *names);
void result_set_type(struct dbp_result *r, int col, enum dbp_type t);
void result_add_row(struct dbp_result *r, const char *const *values);
#endif
