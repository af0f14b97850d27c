/* backend_pg: PostgreSQL through libpq.  Connection settings come from the
 * user's conninfo/URI (--dsn) or libpq's own defaults (PG* variables,
 * service file, .pgpass).  Ownership is a COMMENT on the database or
 * schema; drops use RESTRICT so a user's dependent objects stop us instead
 * of vanishing. */
#include "backend.h"
#include "interrupt.h"
#include "redact.h"

#include <libpq-fe.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

struct dbp_server {
	char *dsn;
	PGconn *admin; /* the database the DSN names: create/drop from here */
	PGcancel *admin_cancel; /* prepared, so a signal handler can use it */
	char *describe;
	char *id;
};

struct dbp_conn {
	PGconn *pg;
	struct dbp_server *srv;
	PGcancel *cancel;
	int (*check)(void *ctx);
	void *check_ctx;
};

static int admin_lookup(struct dbp_server *srv, const char *sql, const char *param, char **out,
			struct dbp_error *e);

/* From a signal handler: PQcancel is async-signal-safe on a PGcancel
 * made beforehand, and its error text goes to a stack buffer. */
static void cancel_from_signal(void *handle)
{
	char buf[256];

	PQcancel(handle, buf, sizeof buf);
}

static PGcancel *cancel_for(PGconn *pg)
{
	PGcancel *c = PQgetCancel(pg);

	interrupt_register(cancel_from_signal, c);
	return c;
}

static void cancel_free(PGcancel *c)
{
	interrupt_unregister(c);
	if (c)
		PQfreeCancel(c);
}
static int admin_run(struct dbp_server *srv, const char *sql, struct dbp_error *e);

static void trim_newlines(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
}

/* libpq's messages span lines ("...failed: Connection refused\n Is the
 * server running...?", "ERROR:  ...\nDETAIL:  ..."): the man page promises
 * one line, which also reads better on a status bar.  Each line break and
 * the indentation after it become one space; the rest stays verbatim. */
static void one_line(char *s)
{
	char *w = s;

	trim_newlines(s);
	for (const char *r = s; *r; r++) {
		if (*r == '\n' || *r == '\r') {
			while (r[1] == ' ' || r[1] == '\t' || r[1] == '\n' || r[1] == '\r')
				r++;
			*w++ = ' ';
			continue;
		}
		*w++ = *r;
	}
	*w = '\0';
}

/* Every failing path has somewhere to put its error: callers that do
 * not care pass NULL, and the message then lands here and is dropped. */
static struct dbp_error *err_sink(struct dbp_error *e, struct dbp_error *scratch)
{
	return e ? e : scratch;
}

/* A server at max_connections refuses with FATAL "too many clients" or,
 * with the last slots kept for superusers, "remaining connection slots
 * are reserved"; a role or database at its CONNECTION LIMIT with "too
 * many connections for"; one too busy to answer lets libpq's timeout expire: say
 * what it means for a class and what to do. */
static void explain_full_server(struct dbp_error *e)
{
	size_t n = strlen(e->msg);

	if (strstr(e->msg, "too many clients") || strstr(e->msg, "connection slots are reserved"))
		snprintf(e->msg + n, sizeof e->msg - n, " (the server already has as many sessions as "
			 "its max_connections allows: run the command again in a moment, it goes on where "
			 "it stopped; or ask whoever runs the server to raise max_connections)");
	else if (strstr(e->msg, "too many connections for"))
		snprintf(e->msg + n, sizeof e->msg - n, " (a CONNECTION LIMIT on the role or the "
			 "database: close another dbpatterns or psql of yours and run the command again, "
			 "it goes on where it stopped; or ask whoever runs the server to raise the limit)");
	else if (strstr(e->msg, "timeout expired"))
		snprintf(e->msg + n, sizeof e->msg - n, " (no answer within the connect timeout: the "
			 "server is down, unreachable or too busy; run the command again, it goes on where "
			 "it stopped, or allow longer with PGCONNECT_TIMEOUT)");
}

static int conn_fail(PGconn *pg, struct dbp_error *e)
{
	struct dbp_error scratch;

	e = err_sink(e, &scratch);
	err_set(e, "%s", pg ? PQerrorMessage(pg) : "out of memory");
	one_line(e->msg);
	explain_full_server(e);
	return -1;
}

/* The engine's message verbatim (on one line), SQLSTATE kept apart. */
static int result_fail(PGresult *res, PGconn *pg, struct dbp_error *e)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorMessage(res) : NULL;
	struct dbp_error scratch;

	e = err_sink(e, &scratch);
	/* With SSL on, a server that died is reported as "SSL SYSCALL error:
	 * EOF detected": name what happened before libpq's words. */
	err_set(e, "%s%s", pg && PQstatus(pg) == CONNECTION_BAD ? "lost the connection to the server: " : "",
		msg && *msg ? msg : pg ? PQerrorMessage(pg) : "no connection");
	one_line(e->msg);
	if (state)
		snprintf(e->sqlstate, sizeof e->sqlstate, "%s", state);
	PQclear(res);
	return -1;
}

/* Connect with the user's DSN, optionally to another database on the same
 * server: a later "dbname" keyword overrides the one the DSN expands to. */
static PGconn *pg_open(const char *dsn, const char *dbname, struct dbp_error *e)
{
	/* A bounded wait for a dead server: first, so that the user's DSN or
	 * PGCONNECT_TIMEOUT (libpq reads it when no keyword is given) wins. */
	const char *timeout = getenv("PGCONNECT_TIMEOUT") ? NULL : "10";
	const char *keys[] = { "connect_timeout", "dbname", "dbname", "application_name", NULL };
	const char *vals[] = { timeout, dsn, dbname, "dbpatterns", NULL };
	PGconn *pg;

	if (!dbname) {
		keys[2] = "application_name";
		vals[2] = "dbpatterns";
		keys[3] = NULL;
	}
	pg = PQconnectdbParams(keys, vals, 1);
	if (!pg || PQstatus(pg) != CONNECTION_OK) {
		conn_fail(pg, e);
		PQfinish(pg);
		return NULL;
	}
	/* Notices (e.g. "table does not exist, skipping") would go to stderr
	 * and scribble over a curses screen: keep only warnings and up. */
	PQclear(PQexec(pg, "SET client_min_messages = warning"));
	return pg;
}

static void silence_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static struct dbp_server *pg_server_open(const struct dbp_server_settings *s, struct dbp_error *e)
{
	struct dbp_server *srv;
	PGconn *admin = pg_open(s->dsn && *s->dsn ? s->dsn : NULL, NULL, e);

	if (!admin) {
		err_prefix(e, "cannot connect to PostgreSQL");
		return NULL;
	}
	PQsetNoticeProcessor(admin, silence_notices, NULL);
	srv = xcalloc(1, sizeof *srv);
	srv->dsn = s->dsn && *s->dsn ? xstrdup(s->dsn) : NULL;
	srv->admin = admin;
	srv->admin_cancel = cancel_for(admin);
	/* Built from parts, never from PQconninfo: that would show a password. */
	srv->describe = xasprintf("postgres %s@%s:%s/%s", PQuser(admin),
				  PQhost(admin) ? PQhost(admin) : "local", PQport(admin), PQdb(admin));
	srv->id = xasprintf("postgres:%s@%s:%s", PQuser(admin),
			    PQhost(admin) ? PQhost(admin) : "local", PQport(admin));
	return srv;
}

static void pg_server_close(struct dbp_server *srv)
{
	if (!srv)
		return;
	cancel_free(srv->admin_cancel);
	PQfinish(srv->admin);
	free(srv->dsn);
	free(srv->describe);
	free(srv->id);
	free(srv);
}

static const char *pg_describe_server(struct dbp_server *srv) { return srv->describe; }
static const char *pg_id(struct dbp_server *srv) { return srv->id; }

static void pg_server_reach(struct dbp_server *srv, struct dbp_reach *out)
{
	out->host = PQhost(srv->admin);
	out->port = PQport(srv->admin);
	out->user = PQuser(srv->admin);
	out->password = PQpass(srv->admin);
}

/* A parameterised one-row, one-column lookup; *out NULL when no row. */
static int lookup(PGconn *pg, const char *sql, const char *param, char **out, struct dbp_error *e)
{
	PGresult *res = PQexecParams(pg, sql, param ? 1 : 0, NULL, &param, NULL, NULL, 0);

	*out = NULL;
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return result_fail(res, pg, e);
	if (PQntuples(res) > 0)
		*out = xstrdup(PQgetisnull(res, 0, 0) ? "" : PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

static int pg_can_create(struct dbp_server *srv, struct dbp_error *e)
{
	char *v = NULL;
	int ok;

	/* Unknown is not "no": a lost server must not read as missing rights. */
	if (admin_lookup(srv, "SELECT (rolcreatedb OR rolsuper)::text FROM pg_roles "
		   "WHERE rolname = current_user", NULL, &v, e) != 0)
		return -1;
	ok = v && strcmp(v, "true") == 0;
	if (!ok)
		err_set(e, "role \"%s\" may not create databases (it lacks the CREATEDB attribute)",
			PQuser(srv->admin));
	free(v);
	return ok;
}

static const char *pg_server_database(struct dbp_server *srv) { return PQdb(srv->admin); }

static int pg_can_create_schemas(struct dbp_server *srv)
{
	char *v = NULL;
	int ok = admin_lookup(srv, "SELECT has_database_privilege(current_database(), 'CREATE')::text",
			NULL, &v, NULL) == 0 && v && !strcmp(v, "true");

	free(v);
	return ok;
}

static int pg_db_owned(struct dbp_server *srv, const char *db, const struct dbp_owner *o,
		       struct dbp_error *e)
{
	char *found = NULL;
	int r;

	if (admin_lookup(srv, "SELECT coalesce(shobj_description(oid, 'pg_database'), '') "
		   "FROM pg_database WHERE datname = $1", db, &found, e) != 0)
		return DBP_NOT_OURS;
	r = owner_verdict(o, found, "database", db, e);
	free(found);
	return r;
}

static char *quote_with(PGconn *pg, const char *name)
{
	char *q = PQescapeIdentifier(pg, name, strlen(name));
	char *r;

	if (!q)
		return NULL; /* invalid encoding */
	r = xstrdup(q);
	PQfreemem(q);
	return r;
}

static char *literal_with(PGconn *pg, const char *value)
{
	char *q = PQescapeLiteral(pg, value, strlen(value));
	char *r;

	if (!q)
		return NULL;
	r = xstrdup(q);
	PQfreemem(q);
	return r;
}

static int run(PGconn *pg, const char *sql, struct dbp_error *e)
{
	PGresult *res = PQexec(pg, sql);
	ExecStatusType st = PQresultStatus(res);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY)
		return result_fail(res, pg, e);
	PQclear(res);
	return 0;
}

/* The admin connection's queries are catalog lookups and CREATE/DROP
 * DATABASE: safe to send again once, after a reset, if the server dropped
 * the connection under us.  Application connections never retry: a
 * COMMIT sent again on a fresh session would hide a rolled-back change. */
static int reset_if_lost(struct dbp_server *srv)
{
	if (PQstatus(srv->admin) != CONNECTION_BAD)
		return 0;
	PQreset(srv->admin);
	if (PQstatus(srv->admin) != CONNECTION_OK)
		return 0;
	cancel_free(srv->admin_cancel); /* the new session has a new key */
	srv->admin_cancel = cancel_for(srv->admin);
	PQclear(PQexec(srv->admin, "SET client_min_messages = warning"));
	return 1;
}

static int admin_lookup(struct dbp_server *srv, const char *sql, const char *param, char **out,
			struct dbp_error *e)
{
	int rc = lookup(srv->admin, sql, param, out, e);

	if (rc != 0 && reset_if_lost(srv))
		rc = lookup(srv->admin, sql, param, out, e);
	return rc;
}

static int admin_run(struct dbp_server *srv, const char *sql, struct dbp_error *e)
{
	int rc = run(srv->admin, sql, e);

	if (rc != 0 && reset_if_lost(srv))
		rc = run(srv->admin, sql, e);
	return rc;
}

/* "COMMENT ON <what> <ident> IS '<marker>'" */
static int set_marker(PGconn *pg, const char *what, const char *name, const struct dbp_owner *o,
		      struct dbp_error *e)
{
	char *marker = owner_marker(o);
	char *ident = quote_with(pg, name), *lit = literal_with(pg, marker);
	char *sql = xasprintf("COMMENT ON %s %s IS %s", what, ident ? ident : "", lit ? lit : "''");
	int r = ident && lit ? run(pg, sql, e) : err_set(e, "name is not valid text");

	free(marker);
	free(ident);
	free(lit);
	free(sql);
	return r;
}

static int pg_db_create(struct dbp_server *srv, const char *db, const struct dbp_owner *o,
			struct dbp_error *e)
{
	int owned = pg_db_owned(srv, db, o, e);
	char *ident, *sql;
	int r;

	if (owned != DBP_ABSENT)
		return owned == DBP_OURS ? 0 : -1;
	if (!o->workspace_id)
		return err_set(e, "this workspace has no id, so nothing it creates could be told apart");
	ident = quote_with(srv->admin, db);
	if (!ident)
		return err_set(e, "database name is not valid text");
	sql = xasprintf("CREATE DATABASE %s", ident);
	r = admin_run(srv, sql, e);
	free(sql);
	free(ident);
	if (r == 0 && set_marker(srv->admin, "DATABASE", db, o, e) != 0) {
		/* Unmarked, it would never be ours again: take it back now. */
		char *i2 = quote_with(srv->admin, db), *drop = xasprintf("DROP DATABASE %s", i2);

		admin_run(srv, drop, NULL);
		free(i2);
		free(drop);
		return -1;
	}
	return r;
}

/* Relations left in a database once the lessons' own are gone: anything
 * there belongs to the user and must survive. */
static int foreign_relations(struct dbp_server *srv, const char *db, char **list, struct dbp_error *e)
{
	PGconn *pg = pg_open(srv->dsn, db, e);
	int r;

	if (!pg)
		return -1;
	r = lookup(pg, "SELECT string_agg(n.nspname || '.' || c.relname, ', ' ORDER BY 1) "
		   "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
		   "WHERE c.relkind IN ('r','p','v','m','f','S') AND n.nspname <> 'information_schema' "
		   "AND n.nspname NOT LIKE 'pg\\_%'", NULL, list, e);
	PQfinish(pg);
	return r;
}

/* Our CREATE DATABASE commits before its COMMENT can be set (CREATE
 * DATABASE cannot run in a transaction), so a kill in between leaves an
 * unmarked, empty database.  The caller has the manifest's record that we
 * meant to create it; here we check it is still unmarked and empty. */
static int pg_db_claim(struct dbp_server *srv, const char *db, const struct dbp_owner *o,
		       struct dbp_error *e)
{
	char *left = NULL;
	int owned = pg_db_owned(srv, db, o, e);

	if (owned != DBP_UNMARKED)
		return owned == DBP_OURS ? 0 : -1;
	if (foreign_relations(srv, db, &left, e) != 0)
		return -1;
	if (left && *left) {
		err_set(e, "database \"%s\" has no marker and holds %s: it is not the empty database an "
			"interrupted run of ours would leave, so it is left alone", db, left);
		free(left);
		return -1;
	}
	free(left);
	return set_marker(srv->admin, "DATABASE", db, o, e);
}

static int pg_db_drop(struct dbp_server *srv, const char *db, const struct dbp_owner *o,
		      struct dbp_error *e)
{
	int owned = pg_db_owned(srv, db, o, e);
	char *left = NULL, *ident, *sql;
	int r;

	if (owned != DBP_OURS)
		return owned == DBP_ABSENT ? 0 : -1;
	if (foreign_relations(srv, db, &left, e) != 0)
		return -1;
	if (left && *left) {
		err_set(e, "database \"%s\" still holds objects dbpatterns did not create (%s); it is kept",
			db, left);
		free(left);
		return -1;
	}
	free(left);
	ident = quote_with(srv->admin, db);
	sql = xasprintf("DROP DATABASE %s", ident);
	r = admin_run(srv, sql, e);
	free(ident);
	free(sql);
	return r;
}

static void pgc_close(struct dbp_conn *c)
{
	if (!c)
		return;
	cancel_free(c->cancel);
	PQfinish(c->pg);
	free(c);
}

/* Without a round trip: whatever the server sent an idle session is read
 * (libpq's socket never blocks), so a restart or a terminated backend,
 * which close the socket, show as a bad status now, not as the error of
 * the next statement. */
static int pgc_alive(struct dbp_conn *c)
{
	if (PQstatus(c->pg) != CONNECTION_OK)
		return 0;
	/* Twice: a restart sends its FATAL message, then closes; the first
	 * read takes the message, the second meets the end of the stream. */
	for (int i = 0; i < 2 && PQtransactionStatus(c->pg) != PQTRANS_ACTIVE; i++)
		if (!PQconsumeInput(c->pg) || PQisBusy(c->pg) < 0)
			break;
	return PQstatus(c->pg) == CONNECTION_OK;
}

static struct dbp_conn *conn_wrap(struct dbp_server *srv, PGconn *pg)
{
	struct dbp_conn *c = xcalloc(1, sizeof *c);

	PQsetNoticeProcessor(pg, silence_notices, NULL);
	c->pg = pg;
	c->srv = srv;
	c->cancel = cancel_for(pg);
	return c;
}

static struct dbp_conn *pg_connect(struct dbp_server *srv, const char *db, const char *own_schema,
				   const struct strlist *others, struct dbp_error *e)
{
	struct dbp_conn *c;
	PGconn *pg = pg_open(srv->dsn, db, e);
	char *ident, *sql;

	(void)others; /* schemas are reachable by qualified name anyway */
	if (!pg)
		return NULL;
	c = conn_wrap(srv, pg);
	if (!own_schema)
		return c;
	ident = quote_with(pg, own_schema);
	sql = xasprintf("SET search_path TO %s", ident ? ident : "\"\"");
	if (!ident || run(pg, sql, e) != 0) {
		pgc_close(c);
		c = NULL;
	}
	free(ident);
	free(sql);
	return c;
}

static int pg_schema_owned(struct dbp_conn *c, const char *schema, const struct dbp_owner *o,
			   struct dbp_error *e)
{
	char *found = NULL;
	int r;

	if (lookup(c->pg, "SELECT coalesce(obj_description(oid, 'pg_namespace'), '') "
		   "FROM pg_namespace WHERE nspname = $1", schema, &found, e) != 0)
		return DBP_NOT_OURS;
	r = owner_verdict(o, found, "schema", schema, e);
	free(found);
	return r;
}

static int pg_schema_create(struct dbp_conn *c, const char *schema, const struct dbp_owner *o,
			    struct dbp_error *e)
{
	int owned = pg_schema_owned(c, schema, o, e);
	char *ident, *sql;
	int r;

	if (owned != DBP_ABSENT)
		return owned == DBP_OURS ? 0 : -1;
	if (!o->workspace_id)
		return err_set(e, "this workspace has no id, so nothing it creates could be told apart");
	ident = quote_with(c->pg, schema);
	if (!ident)
		return err_set(e, "schema name is not valid text");
	sql = xasprintf("CREATE SCHEMA %s", ident);
	r = run(c->pg, "BEGIN", e);
	if (r == 0)
		r = run(c->pg, sql, e);
	if (r == 0)
		r = set_marker(c->pg, "SCHEMA", schema, o, e);
	run(c->pg, r == 0 ? "COMMIT" : "ROLLBACK", r == 0 ? e : NULL);
	free(ident);
	free(sql);
	return r;
}

static int pg_schema_drop(struct dbp_conn *c, const char *schema, const struct dbp_owner *o,
			  struct dbp_error *e)
{
	int owned = pg_schema_owned(c, schema, o, e);
	char *ident, *sql;
	int r;

	if (owned != DBP_OURS)
		return owned == DBP_ABSENT ? 0 : -1;
	ident = quote_with(c->pg, schema);
	sql = xasprintf("DROP SCHEMA %s RESTRICT", ident);
	r = run(c->pg, sql, e);
	free(ident);
	free(sql);
	return r;
}

static PGresult *exec_interruptible(struct dbp_conn *c, const char *sql, int several);

/* Scripts (migrations) too can be cancelled while they run. */
static int pg_exec(struct dbp_conn *c, const char *sql, struct dbp_error *e)
{
	PGresult *res;
	ExecStatusType st;

	if (!c->check)
		return run(c->pg, sql, e);
	res = exec_interruptible(c, sql, 1);
	st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY)
		return result_fail(res, c->pg, e);
	PQclear(res);
	return 0;
}

/* The column's type from its OID (pg_type.h's fixed OIDs of the built-in
 * types; anything else, domains and arrays too, reads as text). */
static enum dbp_type pg_type(Oid oid)
{
	switch (oid) {
	case 16: return DBP_TYPE_BOOLEAN;                        /* bool */
	case 20: case 21: case 23: case 26: return DBP_TYPE_INTEGER; /* int8 int2 int4 oid */
	case 700: case 701: case 1700: return DBP_TYPE_REAL;     /* float4 float8 numeric */
	default: return DBP_TYPE_TEXT;
	}
}

static void copy_result(PGresult *res, struct dbp_result *out)
{
	int ncols = PQnfields(res);
	const char **names = xcalloc((size_t)ncols, sizeof *names);
	const char **vals = xcalloc((size_t)ncols, sizeof *vals);

	for (int i = 0; i < ncols; i++)
		names[i] = PQfname(res, i);
	result_init(out, ncols, names);
	for (int i = 0; i < ncols; i++)
		result_set_type(out, i, pg_type(PQftype(res, i)));
	for (int r = 0; r < PQntuples(res); r++) {
		for (int i = 0; i < ncols; i++)
			vals[i] = PQgetisnull(res, r, i) ? NULL : PQgetvalue(res, r, i);
		result_add_row(out, vals);
	}
	out->affected = atol(PQcmdTuples(res));
	free(names);
	free(vals);
}

static void pg_cancel(struct dbp_conn *c);

/* Send, then wait on the socket in short slices, asking check() between
 * them; on request the server is asked to cancel and we read on until it
 * answers (with its own "canceling statement" error). */
static PGresult *exec_interruptible(struct dbp_conn *c, const char *sql, int several)
{
	PGresult *res, *last = NULL;
	int cancelled = 0;

	/* A script (several statements) goes as a simple query; one statement
	 * with the extended protocol, which refuses a second. */
	if (!(several ? PQsendQuery(c->pg, sql) : PQsendQueryParams(c->pg, sql, 0, NULL, NULL, NULL, NULL, 0)))
		return NULL;
	for (;;) {
		struct pollfd pfd = { .fd = PQsocket(c->pg), .events = POLLIN };

		while (PQisBusy(c->pg)) {
			if (poll(&pfd, 1, 50) < 0 || !PQconsumeInput(c->pg))
				break;
			if (!cancelled && c->check(c->check_ctx)) {
				pg_cancel(c);
				cancelled = 1;
			}
		}
		res = PQgetResult(c->pg);
		if (!res)
			return last;
		PQclear(last);
		last = res;
	}
}

/* PQexecParams refuses several statements in one string: the engine itself
 * enforces "one statement". */
static int pg_query(struct dbp_conn *c, const char *sql, struct dbp_result *out, struct dbp_error *e)
{
	PGresult *res = c->check ? exec_interruptible(c, sql, 0)
				 : PQexecParams(c->pg, sql, 0, NULL, NULL, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(res);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		return result_fail(res, c->pg, e);
	if (out)
		copy_result(res, out);
	PQclear(res);
	return 0;
}

static char *pg_quote_ident(struct dbp_conn *c, const char *name) { return quote_with(c->pg, name); }
static char *pg_quote_literal(struct dbp_conn *c, const char *v) { return literal_with(c->pg, v); }
static char *pg_schema_ref(struct dbp_conn *c, const char *schema) { return quote_with(c->pg, schema); }

/* The server's own "Execution Time", inside a transaction that is rolled
 * back, so EXPLAIN ANALYZE can never leave a change behind. */
static double pg_server_time(struct dbp_conn *c, const char *sql)
{
	char *explain = xasprintf("EXPLAIN (ANALYZE, FORMAT JSON) %s", sql);
	char *json = NULL, *at;
	double ms = -1;

	if (run(c->pg, "BEGIN", NULL) == 0) {
		if (lookup(c->pg, explain, NULL, &json, NULL) == 0 && json &&
		    (at = strstr(json, "\"Execution Time\":")))
			ms = strtod(at + strlen("\"Execution Time\":"), NULL);
		run(c->pg, "ROLLBACK", NULL);
	}
	free(json);
	free(explain);
	return ms;
}

static void pg_cancel(struct dbp_conn *c)
{
	char buf[256];

	if (c->cancel)
		PQcancel(c->cancel, buf, sizeof buf);
}

static void pg_set_interrupt(struct dbp_conn *c, int (*check)(void *ctx), void *ctx)
{
	c->check = check;
	c->check_ctx = ctx;
}

/* A text array literal: {"a","b"} with quotes and backslashes escaped;
 * NULL for a NULL list (SQL NULL, not an empty array). */
static char *text_array(const struct strlist *l)
{
	struct strbuf arr;

	if (!l)
		return NULL;
	sb_init(&arr);
	sb_add(&arr, "{");
	for (size_t i = 0; i < l->n; i++) {
		sb_add(&arr, i ? ",\"" : "\"");
		for (const char *p = l->v[i]; *p; p++) {
			if (*p == '"' || *p == '\\')
				sb_addn(&arr, "\\", 1);
			sb_addn(&arr, p, 1);
		}
		sb_add(&arr, "\"");
	}
	sb_add(&arr, "}");
	return sb_steal(&arr);
}

/* A catalog query whose parameters $1..$n are text arrays. */
static int query_with_arrays(struct dbp_conn *c, const char *sql, const struct strlist *const *lists,
			     int n, struct dbp_result *out, struct dbp_error *e)
{
	char *params[4] = { NULL, NULL, NULL, NULL };
	PGresult *res;

	for (int i = 0; i < n && i < 4; i++)
		params[i] = text_array(lists[i]);
	res = PQexecParams(c->pg, sql, n, NULL, (const char *const *)params, NULL, NULL, 0);
	for (int i = 0; i < n && i < 4; i++)
		free(params[i]);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return result_fail(res, c->pg, e);
	copy_result(res, out);
	PQclear(res);
	return 0;
}

static int query_with_schemas(struct dbp_conn *c, const char *sql, const struct strlist *schemas,
			      struct dbp_result *out, struct dbp_error *e)
{
	return query_with_arrays(c, sql, &schemas, 1, out, e);
}

static int pg_list_tables(struct dbp_conn *c, const struct strlist *schemas,
			  struct dbp_result *out, struct dbp_error *e)
{
	return query_with_schemas(c,
		"SELECT n.nspname AS schema, c.relname AS table FROM pg_class c "
		"JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r','p') "
		"AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' "
		"AND ($1::text[] IS NULL OR n.nspname = ANY($1::text[])) ORDER BY 1, 2",
		schemas, out, e);
}

static int describe_query(struct dbp_conn *c, const char *sql, const char *schema,
			  const char *table, struct dbp_result *out, struct dbp_error *e)
{
	const char *params[2] = { schema, table };
	PGresult *res = PQexecParams(c->pg, sql, 2, NULL, params, NULL, NULL, 0);

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return result_fail(res, c->pg, e);
	copy_result(res, out);
	PQclear(res);
	return 0;
}

static const char pg_columns_sql[] =
	"SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, "
	"CASE WHEN a.attnotnull THEN 'no' ELSE 'yes' END AS nullable, "
	"pg_get_expr(d.adbin, d.adrelid) AS \"default\", "
	"CASE WHEN EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = a.attrelid AND x.indisprimary "
	"AND a.attnum = ANY (x.indkey)) THEN 'primary key' END AS key FROM pg_attribute a "
	"JOIN pg_class t ON t.oid = a.attrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
	"LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
	"WHERE n.nspname = $1 AND t.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped "
	"ORDER BY a.attnum";
static const char pg_indexes_sql[] =
	"SELECT i.relname AS name, CASE WHEN x.indisunique THEN 'yes' ELSE 'no' END AS unique, "
	"(SELECT string_agg(coalesce(a.attname, '(expr)'), ', ' ORDER BY k.ord) "
	" FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(num, ord) "
	" LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.num) AS columns "
	"FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
	"JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = $1 AND t.relname = $2 "
	"ORDER BY 1";
static const char pg_fks_sql[] =
	"SELECT (SELECT string_agg(a.attname, ', ' ORDER BY k.ord) FROM unnest(c.conkey) "
	"  WITH ORDINALITY k(num, ord) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num) "
	"  AS columns, r.relname AS ref_table, "
	"(SELECT string_agg(a.attname, ', ' ORDER BY k.ord) FROM unnest(c.confkey) "
	"  WITH ORDINALITY k(num, ord) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num) "
	"  AS ref_columns FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
	"JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_class r ON r.oid = c.confrelid "
	"WHERE c.contype = 'f' AND n.nspname = $1 AND t.relname = $2 ORDER BY c.conname";

static int pg_describe(struct dbp_conn *c, const char *schema, const char *table,
		       struct dbp_result *cols, struct dbp_result *idx, struct dbp_result *fks,
		       struct dbp_error *e)
{
	if (describe_query(c, pg_columns_sql, schema, table, cols, e) != 0)
		return -1;
	if (describe_query(c, pg_indexes_sql, schema, table, idx, e) != 0) {
		result_free(cols);
		return -1;
	}
	if (describe_query(c, pg_fks_sql, schema, table, fks, e) != 0) {
		result_free(cols);
		result_free(idx);
		return -1;
	}
	return 0;
}

static int pg_session_state(struct dbp_conn *c, char **where, int *transaction, struct dbp_error *e)
{
	PGTransactionStatusType t = PQtransactionStatus(c->pg);
	struct dbp_result r = { 0 };

	*where = NULL;
	*transaction = t == PQTRANS_INERROR ? 2 : t == PQTRANS_INTRANS || t == PQTRANS_ACTIVE ? 1 : 0;
	if (*transaction == 2)
		return 0;
	if (pg_query(c, "SELECT current_setting('search_path')", &r, e) != 0)
		return -1;
	*where = r.nrows ? xstrdup(result_cell(&r, 0, 0)) : NULL;
	result_free(&r);
	return 0;
}

static const char pg_row_key_sql[] =
	"SELECT a.attname FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid "
	"JOIN pg_namespace n ON n.oid = t.relnamespace "
	"CROSS JOIN unnest(x.indkey::int2[]) WITH ORDINALITY k(num, ord) "
	"JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.num "
	"WHERE n.nspname = $1 AND t.relname = $2 AND x.indisprimary ORDER BY k.ord";

static int pg_row_key(struct dbp_conn *c, const char *schema, const char *table,
		      struct strlist *columns, struct dbp_error *e)
{
	struct dbp_result r = { 0 };

	if (describe_query(c, pg_row_key_sql, schema, table, &r, e) != 0)
		return -1;
	for (long i = 0; i < r.nrows; i++)
		sl_push(columns, result_cell(&r, i, 0));
	result_free(&r);
	return 0;
}

struct dbp_offline {
	struct dbp_server *srv;
	char *db;
};

static int allow_connections(struct dbp_server *srv, const char *db, int allow, struct dbp_error *e)
{
	char *ident = quote_with(srv->admin, db);
	char *sql = xasprintf("ALTER DATABASE %s WITH ALLOW_CONNECTIONS %s", ident ? ident : "\"\"",
			      allow ? "true" : "false");
	int rc = ident ? admin_run(srv, sql, e) : err_set(e, "database name is not valid text");

	free(ident);
	free(sql);
	return rc;
}

static struct dbp_offline *pg_take_offline(struct dbp_server *srv, const char *db,
					   const struct dbp_owner *owner, struct dbp_error *e)
{
	struct dbp_offline *o;

	if (pg_db_owned(srv, db, owner, e) != DBP_OURS) {
		if (!e->msg[0])
			err_set(e, "database \"%s\" is not provisioned", db);
		return NULL;
	}
	if (allow_connections(srv, db, 0, e) != 0)
		return NULL;
	o = xcalloc(1, sizeof *o);
	o->srv = srv;
	o->db = xstrdup(db);
	return o;
}

static int pg_bring_online(struct dbp_offline *o, struct dbp_error *e)
{
	int rc = allow_connections(o->srv, o->db, 1, e);

	free(o->db);
	free(o);
	return rc;
}

/* Connect as role with password to db; report what the server said. */
static void try_as(struct dbp_server *srv, const char *role, const char *password, const char *db,
		   const char *probe, struct dbp_lines *out)
{
	const char *keys[] = { "dbname", "dbname", "user", "password", "application_name", NULL };
	const char *vals[] = { srv->dsn, db, role, password, "dbpatterns", NULL };
	PGconn *pg = PQconnectdbParams(keys, vals, 1);
	char *msg;

	if (PQstatus(pg) != CONNECTION_OK) {
		msg = redact_secrets(PQerrorMessage(pg));
		one_line(msg); /* FATAL and DETAIL on one line */
		lines_addf(out, DBP_LINE_ERROR, "%s -> %s: refused: %s", role, db, msg);
		free(msg);
	} else {
		PGresult *res = PQexec(pg, probe);

		if (PQresultStatus(res) == PGRES_TUPLES_OK)
			lines_addf(out, DBP_LINE_ADDED, "%s -> %s: connected; %s = %s", role, db, probe,
				   PQgetvalue(res, 0, 0));
		else {
			msg = redact_secrets(PQresultErrorMessage(res));
			one_line(msg);
			lines_addf(out, DBP_LINE_ERROR, "%s -> %s: connected, but: %s", role, db, msg);
			free(msg);
		}
		PQclear(res);
	}
	PQfinish(pg);
}

/* Run sql on db as the admin role; quiet on success. */
static int admin_in(struct dbp_server *srv, const char *db, const char *sql, struct dbp_error *e)
{
	PGconn *pg = pg_open(srv->dsn, db, e);
	int rc;

	if (!pg)
		return -1;
	rc = run(pg, sql, e);
	PQfinish(pg);
	return rc;
}

int pg_role_verdict(struct dbp_server *srv, const char *role, const struct dbp_owner *owner, int *verdict,
		    struct dbp_error *e)
{
	char *found = NULL;

	if (admin_lookup(srv, "SELECT coalesce(shobj_description(oid, 'pg_authid'), '') "
		   "FROM pg_roles WHERE rolname = $1", role, &found, e) != 0)
		return -1;
	*verdict = owner_verdict(owner, found, "role", role, e);
	free(found);
	return 0;
}

/* A role of that name: ours (left by a demo that was killed) is dropped
 * so the demo can start clean; anyone else's stops the demo untouched. */
static int role_free_to_create(struct dbp_server *srv, const char *role, const char *quoted,
			       const struct dbp_owner *owner, struct dbp_error *e)
{
	char *sql;
	int verdict, rc;

	if (pg_role_verdict(srv, role, owner, &verdict, e) != 0)
		return -1;
	if (verdict == DBP_ABSENT)
		return 0;
	if (verdict != DBP_OURS)
		return -1;
	sql = xasprintf("DROP ROLE %s", quoted);
	rc = admin_run(srv, sql, e);
	free(sql);
	return rc;
}

int pg_role_drop_ours(struct dbp_server *srv, const char *role, const struct dbp_owner *owner,
		      struct dbp_error *e)
{
	char *r = quote_with(srv->admin, role);
	int rc = role_free_to_create(srv, role, r, owner, e);

	free(r);
	return rc;
}

/* 0 when our role may create roles; else -1, saying what cannot be done. */
static int may_create_roles(struct dbp_server *srv, const char *so, struct dbp_error *e)
{
	char *can = NULL;
	int ok = admin_lookup(srv, "SELECT (rolcreaterole OR rolsuper)::text FROM pg_roles "
			      "WHERE rolname = current_user", NULL, &can, e) == 0;

	if (ok && (!can || strcmp(can, "true")))
		ok = !err_set(e, "role \"%s\" may not create roles (it lacks CREATEROLE), so %s",
			      PQuser(srv->admin), so);
	free(can);
	return ok ? 0 : -1;
}

static int pg_role_demo(struct dbp_server *srv, const char *role, const char *allowed_db,
			const char *denied_db, const char *probe, const struct dbp_owner *owner,
			struct dbp_lines *out, struct dbp_error *e)
{
	char *r = quote_with(srv->admin, role), *a = quote_with(srv->admin, allowed_db);
	char *d = quote_with(srv->admin, denied_db), *marker = owner_marker(owner);
	char *lit = literal_with(srv->admin, marker), *password = xasprintf("demo-%ld", (long)now_ms());
	char *plit = literal_with(srv->admin, password), *sql;
	int rc = -1;

	if (may_create_roles(srv, "the demo cannot make one", e) != 0)
		goto out;
	if (role_free_to_create(srv, role, r, owner, e) != 0)
		goto out;
	sql = xasprintf("CREATE ROLE %s LOGIN PASSWORD %s; COMMENT ON ROLE %s IS %s; "
			"REVOKE CONNECT ON DATABASE %s FROM PUBLIC; GRANT CONNECT ON DATABASE %s TO %s",
			r, plit, r, lit, d, a, r);
	rc = admin_run(srv, sql, e);
	free(sql);
	if (rc != 0)
		goto out; /* one implicit transaction: nothing of it stayed */
	lines_addf(out, DBP_LINE_TEXT, "created login role %s; CONNECT on %s granted, on %s revoked from PUBLIC",
		   role, allowed_db, denied_db);
	{
		sql = xasprintf("GRANT SELECT ON ALL TABLES IN SCHEMA public TO %s", r);
		rc = admin_in(srv, allowed_db, sql, e);
		free(sql);
	}
	if (rc == 0) {
		try_as(srv, role, password, allowed_db, probe, out);
		try_as(srv, role, password, denied_db, probe, out);
	}
	/* Always undo: the grants, the role, and PUBLIC's CONNECT. */
	sql = xasprintf("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %s", r);
	admin_in(srv, allowed_db, sql, NULL);
	free(sql);
	sql = xasprintf("GRANT CONNECT ON DATABASE %s TO PUBLIC; REVOKE CONNECT ON DATABASE %s FROM %s; "
			"DROP ROLE IF EXISTS %s", d, a, r, r);
	admin_run(srv, sql, NULL);
	free(sql);
	lines_addf(out, DBP_LINE_TEXT, "removed role %s and restored CONNECT for PUBLIC on %s", role, denied_db);
out:
	free(r);
	free(a);
	free(d);
	free(marker);
	free(lit);
	free(password);
	free(plit);
	return rc;
}

static void url_escape(struct strbuf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~", *p))
			sb_addn(b, (const char *)p, 1);
		else
			sb_addf(b, "%%%02X", *p);
}

/* postgresql://user@host:port/db[?options=-csearch_path%3Dschema] */
static char *pg_app_url(struct dbp_server *srv, const char *db, const char *schema)
{
	struct strbuf b;
	const char *host = PQhost(srv->admin);

	sb_init(&b);
	sb_add(&b, "postgresql://");
	url_escape(&b, PQuser(srv->admin));
	sb_add(&b, "@");
	url_escape(&b, host && *host ? host : "localhost");
	sb_addf(&b, ":%s/", PQport(srv->admin));
	url_escape(&b, db);
	if (schema) {
		sb_add(&b, "?options=-csearch_path%3D");
		url_escape(&b, schema);
	}
	return sb_steal(&b);
}

/* to_regclass resolves through search_path, as the app's own queries do,
 * and answers NULL instead of raising an error into the server's log. */
static int pg_table_exists(struct dbp_conn *c, const char *table)
{
	char *q = quote_with(c->pg, table), *found = NULL;
	int yes = q && lookup(c->pg, "SELECT to_regclass($1)::text", q, &found, NULL) == 0 &&
		  found && *found;

	free(q);
	free(found);
	return yes;
}

static int pg_row_security_active(struct dbp_conn *c, const char *schema, const char *table)
{
	char *s = quote_with(c->pg, schema), *t = quote_with(c->pg, table);
	char *name = s && t ? xasprintf("%s.%s", s, t) : NULL, *found = NULL;
	struct dbp_error e;
	int yes = name && lookup(c->pg, "SELECT row_security_active($1::regclass)", name, &found,
				 &e) == 0 && found && !strcmp(found, "t");

	free(s);
	free(t);
	free(name);
	free(found);
	return yes;
}

/* $1: the schemas in scope (NULL: the whole database is ours), $2: the
 * lesson's tables, views and triggers as schema.name (a trigger counted in
 * its table's schema), $3: our schemas. */
static const char user_objects_sql[] =
	"SELECT coalesce(string_agg(DISTINCT what, ', ' ORDER BY what), '') FROM ("
	" SELECT CASE c.relkind WHEN 'v' THEN 'view ' ELSE 'materialized view ' END"
	"        || n.nspname || '.' || c.relname AS what"
	" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
	" WHERE c.relkind IN ('v', 'm') AND n.nspname <> 'information_schema'"
	" AND n.nspname NOT LIKE 'pg\\_%'"
	" AND NOT (c.relkind = 'v' AND n.nspname || '.' || c.relname = ANY($2::text[]))"
	" AND ($1::text[] IS NULL OR n.nspname = ANY($1::text[]) OR EXISTS ("
	"   SELECT 1 FROM pg_rewrite w JOIN pg_depend d ON d.objid = w.oid"
	"   JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace"
	"   WHERE w.ev_class = c.oid AND tn.nspname = ANY($1::text[])))"
	" AND NOT n.nspname || '.' || c.relname = ANY($2::text[])"
	" UNION ALL SELECT 'trigger ' || t.tgname FROM pg_trigger t"
	" JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
	" WHERE NOT t.tgisinternal AND ($1::text[] IS NULL OR n.nspname = ANY($1::text[]))"
	" AND NOT n.nspname || '.' || t.tgname = ANY($2::text[])"
	" UNION ALL SELECT CASE c.relkind WHEN 'S' THEN 'sequence ' WHEN 'f' THEN 'foreign table '"
	"        ELSE 'table ' END || n.nspname || '.' || c.relname"
	" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
	" WHERE c.relkind IN ('r', 'p', 'f', 'S') AND n.nspname <> 'information_schema'"
	" AND n.nspname NOT LIKE 'pg\\_%'"
	" AND ($1::text[] IS NULL OR n.nspname = ANY($1::text[]))"
	" AND NOT (c.relkind IN ('r', 'p', 'f') AND n.nspname || '.' || c.relname = ANY($2::text[]))"
	" AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d"
	"   WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))"
	" UNION ALL SELECT CASE p.prokind WHEN 'p' THEN 'procedure ' WHEN 'a' THEN 'aggregate '"
	"        ELSE 'function ' END || n.nspname || '.' || p.proname"
	" FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
	" WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'"
	" AND ($1::text[] IS NULL OR n.nspname = ANY($1::text[]))"
	" AND NOT n.nspname || '.' || p.proname = ANY($2::text[])"
	" AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass"
	"   AND d.objid = p.oid AND d.deptype IN ('e', 'i'))" /* an extension's; a range's constructors */
	/* A type of its own: composite (not a table's row type), domain,
	 * enum or range (its multirange comes with it). */
	" UNION ALL SELECT 'type ' || n.nspname || '.' || t.typname"
	" FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
	" WHERE t.typtype IN ('c', 'd', 'e', 'r') AND n.nspname <> 'information_schema'"
	" AND n.nspname NOT LIKE 'pg\\_%'"
	" AND (t.typrelid = 0 OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')"
	" AND ($1::text[] IS NULL OR n.nspname = ANY($1::text[]))"
	" AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass"
	"   AND d.objid = t.oid AND d.deptype = 'e')"
	/* An index of its own: not one a constraint made, nor one a
	 * partition took from its parent's index. */
	" UNION ALL SELECT 'index ' || n.nspname || '.' || c.relname"
	" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
	" WHERE c.relkind IN ('i', 'I') AND n.nspname <> 'information_schema'"
	" AND n.nspname NOT LIKE 'pg\\_%'"
	" AND ($1::text[] IS NULL OR n.nspname = ANY($1::text[]))"
	" AND NOT n.nspname || '.' || c.relname = ANY($2::text[])"
	" AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)"
	" AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid)"
	" AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
	"   AND d.objid = c.oid AND d.deptype = 'e')"
	" UNION ALL SELECT 'schema ' || n.nspname FROM pg_namespace n"
	" WHERE $1::text[] IS NULL AND n.nspname NOT IN ('public', 'information_schema')"
	" AND n.nspname NOT LIKE 'pg\\_%' AND NOT n.nspname = ANY($3::text[])"
	" UNION ALL SELECT 'foreign key ' || k.conname || ' of ' || sn.nspname || '.' || s.relname"
	"        || ' into ' || tn.nspname || '.' || t.relname"
	" FROM pg_constraint k JOIN pg_class s ON s.oid = k.conrelid"
	" JOIN pg_namespace sn ON sn.oid = s.relnamespace JOIN pg_class t ON t.oid = k.confrelid"
	" JOIN pg_namespace tn ON tn.oid = t.relnamespace"
	" WHERE k.contype = 'f' AND tn.nspname || '.' || t.relname = ANY($2::text[])"
	" AND NOT sn.nspname || '.' || s.relname = ANY($2::text[])) x";

static int pg_user_objects(struct dbp_conn *c, const struct dbp_user_scope *scope, char **list,
			   struct dbp_error *e)
{
	const struct strlist *params[3] = { scope->borrowed ? scope->schemas : NULL, scope->tables,
					    scope->schemas };
	struct dbp_result r = { 0 };
	int rc = query_with_arrays(c, user_objects_sql, params, 3, &r, e);

	if (rc == 0)
		*list = xstrdup(result_cell(&r, 0, 0) ? result_cell(&r, 0, 0) : "");
	result_free(&r);
	return rc;
}

/* ---- one process per prefix --------------------------------------------- */

/* Advisory locks are keyed by two integers: ours is "DBPT" and a hash of
 * the prefix.  Held by the admin session, so a killed process lets go. */
#define LOCK_CLASS "1145196628"

static int pg_lock_prefix(struct dbp_server *srv, const char *prefix, char **holder,
			  struct dbp_error *e)
{
	char *got = NULL;
	int rc;

	*holder = NULL;
	if (admin_lookup(srv, "SELECT pg_try_advisory_lock(" LOCK_CLASS ", hashtext($1))::text",
			 prefix, &got, e) != 0)
		return -1;
	rc = got && !strcmp(got, "true");
	free(got);
	if (rc)
		return 1;
	if (admin_lookup(srv, "SELECT format('process %s of role %s (%s, connected since %s)', a.pid, "
			 "a.usename, coalesce(nullif(a.application_name, ''), 'no name'), "
			 "to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS')) "
			 "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
			 "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = " LOCK_CLASS
			 " AND l.objid = hashtext($1)::oid AND l.objsubid = 2 LIMIT 1",
			 prefix, holder, NULL) != 0 || !*holder) {
		free(*holder);
		*holder = xstrdup("another session");
	}
	return 0;
}

static void pg_unlock_prefix(struct dbp_server *srv, const char *prefix)
{
	char *done = NULL;

	admin_lookup(srv, "SELECT pg_advisory_unlock(" LOCK_CLASS ", hashtext($1))::text", prefix,
		     &done, NULL);
	free(done);
}

static const char *pg_server_role(struct dbp_server *srv) { return PQuser(srv->admin); }

/* Each marker's first line names its prefix; its workspace= line, whose
 * objects these are. */
static int pg_marked_prefixes(struct dbp_server *srv, const char *workspace_id, struct strlist *out,
			      struct dbp_error *e)
{
	static const char sql[] =
		"SELECT DISTINCT split_part(substr(m, length('" DBP_MARKER_PREFIX "') + 1), E'\\n', 1) "
		"FROM (SELECT shobj_description(oid, 'pg_database') AS m FROM pg_database "
		"UNION ALL SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace) x "
		"WHERE starts_with(m, '" DBP_MARKER_PREFIX "') "
		"AND strpos(m || E'\\n', E'\\nworkspace=' || $1 || E'\\n') > 0 ORDER BY 1";
	PGresult *res = PQexecParams(srv->admin, sql, 1, NULL, &workspace_id, NULL, NULL, 0);

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return result_fail(res, srv->admin, e);
	for (int i = 0; i < PQntuples(res); i++)
		sl_push(out, PQgetvalue(res, i, 0));
	PQclear(res);
	return 0;
}

const struct dbp_backend_ops dbp_pg_ops = {
	.server_role = pg_server_role,
	.marked_prefixes = pg_marked_prefixes,
	.lock_prefix = pg_lock_prefix,
	.unlock_prefix = pg_unlock_prefix,
	.take_offline = pg_take_offline,
	.server_reach = pg_server_reach,
	.bring_online = pg_bring_online,
	.role_demo = pg_role_demo,
	.user_objects = pg_user_objects,
	.row_security_active = pg_row_security_active,
	.table_exists = pg_table_exists,
	.app_url = pg_app_url,
	.name = "postgres",
	.server_open = pg_server_open,
	.server_close = pg_server_close,
	.server_describe = pg_describe_server,
	.server_id = pg_id,
	.can_create_databases = pg_can_create,
	.server_database = pg_server_database,
	.can_create_schemas = pg_can_create_schemas,
	.database_owned = pg_db_owned,
	.database_create = pg_db_create,
	.database_claim = pg_db_claim,
	.database_drop = pg_db_drop,
	.connect = pg_connect,
	.close = pgc_close,
	.alive = pgc_alive,
	.schema_owned = pg_schema_owned,
	.schema_create = pg_schema_create,
	.schema_drop = pg_schema_drop,
	.exec = pg_exec,
	.query = pg_query,
	.quote_ident = pg_quote_ident,
	.quote_literal = pg_quote_literal,
	.schema_ref = pg_schema_ref,
	.server_time_ms = pg_server_time,
	.cancel = pg_cancel,
	.set_interrupt = pg_set_interrupt,
	.list_tables = pg_list_tables,
	.describe_table = pg_describe,
	.row_key = pg_row_key,
	.session_state = pg_session_state,
	.max_identifier = 63,
};

/* ---- a class's login roles ------------------------------------------------ */

char *pg_password_verifier(struct dbp_conn *c, const char *role, const char *password,
			   struct dbp_error *e)
{
	char *v = PQencryptPasswordConn(c->pg, password, role, NULL);
	char *out;

	if (!v) {
		conn_fail(c->pg, e);
		return NULL;
	}
	out = xstrdup(v);
	PQfreemem(v);
	return out;
}

/* A conninfo value: bare when it is plain, else in single quotes with \
 * and ' escaped, as libpq's parser reads it. */
static void conninfo_value(struct strbuf *b, const char *key, const char *value)
{
	int plain = *value != '\0';

	for (const char *p = value; *p; p++)
		if (*p == ' ' || *p == '\'' || *p == '\\' || *p == '=')
			plain = 0;
	sb_addf(b, "%s%s=", b->len ? " " : "", key);
	if (plain) {
		sb_add(b, value);
		return;
	}
	sb_add(b, "'");
	for (const char *p = value; *p; p++) {
		if (*p == '\'' || *p == '\\')
			sb_add(b, "\\");
		sb_addn(b, p, 1);
	}
	sb_add(b, "'");
}

char *pg_system_identifier(struct dbp_server *srv)
{
	struct dbp_error e;
	char *v = NULL;

	if (admin_lookup(srv, "SELECT system_identifier::text FROM pg_control_system()", NULL, &v, &e) != 0 ||
	    (v && !*v)) {
		free(v);
		return NULL;
	}
	return v;
}

char *pg_server_id_conninfo(const char *id)
{
	static const char scheme[] = "postgres:";
	char *rest, *at, *colon;
	struct strbuf b;

	if (strncmp(id, scheme, sizeof scheme - 1))
		return NULL;
	rest = xstrdup(id + sizeof scheme - 1);
	/* A host holds no '@' and a port no ':' (an IPv6 host holds ':'). */
	at = strrchr(rest, '@');
	colon = strrchr(rest, ':');
	if (!at || !colon || colon < at || at == rest || colon == at + 1 || !colon[1]) {
		free(rest);
		return NULL;
	}
	*at = *colon = '\0';
	sb_init(&b);
	if (strcmp(at + 1, "local"))
		conninfo_value(&b, "host", at + 1);
	conninfo_value(&b, "port", colon + 1);
	conninfo_value(&b, "user", rest);
	conninfo_value(&b, "dbname", "postgres");
	free(rest);
	return sb_steal(&b);
}

char *pg_login_conninfo(struct dbp_conn *c, const char *dbname, const char *role, const char *password)
{
	struct strbuf b;
	const char *host = PQhost(c->pg);

	sb_init(&b);
	if (host && *host)
		conninfo_value(&b, "host", host);
	conninfo_value(&b, "port", PQport(c->pg));
	conninfo_value(&b, "dbname", dbname);
	conninfo_value(&b, "user", role);
	if (password)
		conninfo_value(&b, "password", password);
	return sb_steal(&b);
}

/* ---- the pooler lesson: what PgBouncer needs, and its clients ------------ */

void pg_server_login(struct dbp_server *srv, const char **host, const char **port, const char **user,
		     const char **password)
{
	const char *h = PQhost(srv->admin), *pw = PQpass(srv->admin);

	*host = h && *h ? h : NULL;
	*port = PQport(srv->admin);
	*user = PQuser(srv->admin);
	*password = pw && *pw ? pw : NULL;
}

struct dbp_conn *pg_connect_to(struct dbp_server *srv, const char *port, const char *db, const char *user,
			       const char *password, const char *options, struct dbp_error *e)
{
	const char *keys[] = { "connect_timeout", "host", "port", "dbname", "user", "application_name",
			       "password", "options", NULL };
	const char *vals[] = { "10", "127.0.0.1", port, db, user, "dbpatterns", password, options, NULL };
	PGconn *pg = PQconnectdbParams(keys, vals, 0); /* libpq skips a NULL value */

	if (!pg || PQstatus(pg) != CONNECTION_OK) {
		conn_fail(pg, e);
		PQfinish(pg);
		return NULL;
	}
	return conn_wrap(srv, pg);
}

/* The schema's grants, given or taken back, in db. */
static int tenant_grants(struct dbp_server *srv, const char *r, const char *db, const char *schema,
			 int give, struct dbp_error *e)
{
	char *s = quote_with(srv->admin, schema), *sql;
	int rc;

	sql = give ? xasprintf("GRANT USAGE ON SCHEMA %s TO %s; GRANT SELECT ON ALL TABLES IN SCHEMA %s TO %s",
			       s, r, s, r)
		   : xasprintf("REVOKE ALL ON ALL TABLES IN SCHEMA %s FROM %s; REVOKE USAGE ON SCHEMA %s FROM %s",
			       s, r, s, r);
	rc = admin_in(srv, db, sql, e);
	free(sql);
	free(s);
	return rc;
}

int pg_tenant_role_create(struct dbp_server *srv, const char *role, const char *password, const char *db,
			  const char *schema, const struct dbp_owner *o, struct dbp_error *e)
{
	char *r = quote_with(srv->admin, role), *d = quote_with(srv->admin, db), *s = quote_with(srv->admin, schema);
	char *marker = owner_marker(o), *lit = literal_with(srv->admin, marker), *sql;
	char *verifier = PQencryptPasswordConn(srv->admin, password, role, NULL);
	char *vlit = verifier ? literal_with(srv->admin, verifier) : NULL;
	int rc = -1;

	if (may_create_roles(srv, "there is no role per tenant to show", e) != 0)
		goto out;
	if (!vlit) {
		conn_fail(srv->admin, e);
		goto out;
	}
	if (role_free_to_create(srv, role, r, o, e) != 0)
		goto out;
	/* The verifier, not the password, goes into the statement. */
	sql = xasprintf("CREATE ROLE %s LOGIN PASSWORD %s; COMMENT ON ROLE %s IS %s; "
			"ALTER ROLE %s IN DATABASE %s SET search_path = %s", r, vlit, r, lit, r, d, s);
	rc = admin_run(srv, sql, e);
	free(sql);
	if (rc == 0 && (rc = tenant_grants(srv, r, db, schema, 1, e)) != 0)
		pg_tenant_role_drop(srv, role, db, schema, o, NULL);
out:
	if (verifier)
		PQfreemem(verifier);
	free(vlit);
	free(r);
	free(d);
	free(s);
	free(marker);
	free(lit);
	return rc;
}

int pg_tenant_role_drop(struct dbp_server *srv, const char *role, const char *db, const char *schema,
			const struct dbp_owner *o, struct dbp_error *e)
{
	char *r = quote_with(srv->admin, role);
	struct dbp_error scratch;
	int rc = -1, verdict;

	e = err_sink(e, &scratch);
	/* Only our own role loses its grants and goes; its settings go with it. */
	if (pg_role_verdict(srv, role, o, &verdict, e) == 0)
		rc = verdict == DBP_ABSENT ? 0 : verdict != DBP_OURS ? -1
			: tenant_grants(srv, r, db, schema, 0, e) == 0 ? role_free_to_create(srv, role, r, o, e) : -1;
	free(r);
	return rc;
}
