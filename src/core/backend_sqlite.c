/* backend_sqlite: the embedded engine.  A database is a file
 * <workdir>/<name>.db; SQLite has no CREATE SCHEMA, so a schema is a file
 * of its own, <workdir>/<db>.<schema>.db, attached under the schema's name.
 * Ownership is the header's application_id, which no other program sets to
 * ours. */
#include "backend.h"
#include "interrupt.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* How long a statement waits for another process's lock before saying so. */

struct dbp_server {
	char *workdir;
	char *describe;
	char *id;
	int lock_fd; /* the prefix lock file while held, else -1 */
};

struct dbp_conn {
	sqlite3 *db;
	struct dbp_server *srv;
	char *dbname;
	char *own_schema;
	int (*check)(void *ctx);
	void *check_ctx;
};

static char *db_path(struct dbp_server *srv, const char *db)
{
	char *file = xasprintf("%s.db", db);
	char *p = path_join(srv->workdir, file);

	free(file);
	return p;
}

static char *schema_path(struct dbp_server *srv, const char *db, const char *schema)
{
	char *file = xasprintf("%s.%s.db", db, schema);
	char *p = path_join(srv->workdir, file);

	free(file);
	return p;
}

static int sqlite_fail(sqlite3 *db, struct dbp_error *e)
{
	return err_set(e, "%s", db ? sqlite3_errmsg(db) : "cannot open database");
}

static struct dbp_server *lite_server_open(const struct dbp_server_settings *s, struct dbp_error *e)
{
	struct dbp_server *srv;

	if (!s->workdir || !*s->workdir) {
		err_set(e, "no workspace directory for SQLite (--workdir)");
		return NULL;
	}
	if (make_dirs(s->workdir, e) != 0)
		return NULL;
	if (access(s->workdir, W_OK) != 0) {
		err_set(e, "workspace %s is not writable: %s (choose another with --workdir)",
			s->workdir, strerror(errno));
		return NULL;
	}
	srv = xcalloc(1, sizeof *srv);
	srv->workdir = xstrdup(s->workdir);
	srv->describe = xasprintf("sqlite %s", s->workdir);
	srv->id = xasprintf("sqlite:%s", s->workdir);
	srv->lock_fd = -1;
	return srv;
}

static void lite_server_close(struct dbp_server *srv)
{
	if (!srv)
		return;
	if (srv->lock_fd >= 0)
		close(srv->lock_fd);
	free(srv->workdir);
	free(srv->describe);
	free(srv->id);
	free(srv);
}

static const char *lite_describe_server(struct dbp_server *srv) { return srv->describe; }
static const char *lite_id(struct dbp_server *srv) { return srv->id; }

static int lite_can_create(struct dbp_server *srv, struct dbp_error *e)
{
	(void)srv;
	(void)e;
	return 1;
}

static const char *lite_server_database(struct dbp_server *srv)
{
	(void)srv;
	return NULL;
}

static int lite_can_create_schemas(struct dbp_server *srv)
{
	(void)srv;
	return 0;
}

/* Harden a fresh handle: no double-quoted string literals (a typo in a
 * column name must be an error), foreign keys enforced, wait on locks. */
static void harden(sqlite3 *db)
{
	sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)0);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)0);
	sqlite3_busy_timeout(db, DBP_SQLITE_BUSY_MS);
	sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
}

static sqlite3 *open_file(const char *path, int create, struct dbp_error *e)
{
	sqlite3 *db = NULL;
	int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);

	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		err_set(e, "%s: %s", path, db ? sqlite3_errmsg(db) : "cannot open");
		sqlite3_close(db);
		return NULL;
	}
	harden(db);
	return db;
}

/* One integer pragma; -1 with e when the engine says no (a lock held by
 * another process past the busy timeout, a file we may not read). */
static int int_pragma(sqlite3 *db, const char *sql, const char *path, struct dbp_error *e)
{
	sqlite3_stmt *st;
	int rc, v = -1;

	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			v = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	if (v >= 0 || rc == SQLITE_DONE)
		return v < 0 ? 0 : v;
	rc = sqlite3_errcode(db);
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		err_set(e, "%s is locked by another process (waited %d ms); try again when it is done",
			path, DBP_SQLITE_BUSY_MS);
	else
		err_set(e, "%s cannot be read: %s", path, sqlite3_errmsg(db));
	return -1;
}

static int count_tables(sqlite3 *db, struct strbuf *names)
{
	sqlite3_stmt *st;
	int n = 0;

	if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type IN ('table','view') "
			       "AND name NOT LIKE 'sqlite_%' ORDER BY name", -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (names)
			sb_addf(names, "%s%s", n ? ", " : "", (const char *)sqlite3_column_text(st, 0));
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

/* The marker of a file: application_id says "made by dbpatterns",
 * user_version names the workspace (owner_tag).  Files made before
 * workspaces had ids carry user_version 0; they live in the workspace's
 * own directory, beside its manifest, so they are still taken as ours. */
static int marker_verdict(sqlite3 *db, const char *path, const struct dbp_owner *o,
			  struct dbp_error *e)
{
	int app = int_pragma(db, "PRAGMA application_id", path, e), tag;

	if (app < 0)
		return DBP_NOT_OURS;
	if (app != DBP_SQLITE_APPLICATION_ID) {
		if (app == 0 && count_tables(db, NULL) == 0)
			return err_set(e, "%s exists but carries no dbpatterns marker; it is left alone",
				       path), DBP_UNMARKED;
		err_set(e, "%s exists but was not created by dbpatterns; it is left alone", path);
		return DBP_NOT_OURS;
	}
	tag = int_pragma(db, "PRAGMA user_version", path, e);
	if (tag < 0)
		return DBP_NOT_OURS;
	if (tag == 0 || tag == owner_tag(o))
		return DBP_OURS;
	err_set(e, "%s belongs to another dbpatterns workspace (its files were copied here?); "
		"it is left alone", path);
	return DBP_NOT_OURS;
}

/* file_create killed between link(2) and unlink(2) leaves the file with
 * its private name PATH.new-PID as well: ours, so it goes and the file
 * has one name again.  1 when that was the other name. */
static int forget_private_name(const char *path, const struct stat *st)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/'), *base;
	size_t blen;
	struct dirent *d;
	DIR *dh;
	int found = 0;

	base = slash ? slash + 1 : dir;
	if (slash)
		*slash = '\0';
	blen = strlen(base);
	dh = opendir(slash ? (*dir ? dir : "/") : ".");
	while (dh && !found && (d = readdir(dh))) {
		const char *pid = d->d_name + blen + 5;
		char *other;
		struct stat ost;

		if (strncmp(d->d_name, base, blen) != 0 || strncmp(d->d_name + blen, ".new-", 5) != 0 ||
		    !*pid || strspn(pid, "0123456789") != strlen(pid))
			continue;
		other = xasprintf("%s.new-%s", path, pid);
		found = lstat(other, &ost) == 0 && ost.st_dev == st->st_dev && ost.st_ino == st->st_ino &&
			unlink(other) == 0;
		free(other);
	}
	if (dh)
		closedir(dh);
	free(dir);
	return found;
}

/* 1: a regular file with one name, as what we made is (file_create
 * links it into place and removes its private name); DBP_ABSENT; or -1
 * and why.  A symbolic or hard link put in its place leads to a file
 * elsewhere, perhaps the user's copy, and migrating or deleting through
 * it would change that file. */
static int file_is_plain(const char *path, struct dbp_error *e)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? DBP_ABSENT : err_set(e, "%s: %s", path, strerror(errno));
	if (S_ISLNK(st.st_mode))
		return err_set(e, "%s is a symbolic link, which dbpatterns did not make; it is left alone, "
			       "and so is the file it leads to", path);
	if (!S_ISREG(st.st_mode))
		return err_set(e, "%s is not a regular file; it is left alone", path);
	if (st.st_nlink == 2 && forget_private_name(path, &st))
		return 1;
	if (st.st_nlink != 1)
		return err_set(e, "%s has another name (a hard link), which dbpatterns did not make; "
			       "it is left alone", path);
	return 1;
}

/* A verdict of ownership.h for one file. */
static int file_owned(const char *path, const struct dbp_owner *o, struct dbp_error *e)
{
	sqlite3 *db;
	int r = file_is_plain(path, e);

	if (r != 1)
		return r == DBP_ABSENT ? DBP_ABSENT : DBP_NOT_OURS;
	if (access(path, R_OK | W_OK) != 0) {
		err_set(e, "%s cannot be read or written: %s", path, strerror(errno));
		return DBP_NOT_OURS;
	}
	db = open_file(path, 0, e);
	if (!db)
		return DBP_NOT_OURS;
	r = marker_verdict(db, path, o, e);
	sqlite3_close(db);
	return r;
}

static int set_marker(const char *path, const struct dbp_owner *o, int create, struct dbp_error *e)
{
	sqlite3 *db = open_file(path, create, e);
	char *sql;
	int rc;

	if (!db)
		return -1;
	sql = sqlite3_mprintf("PRAGMA application_id = %d; PRAGMA user_version = %d",
			      DBP_SQLITE_APPLICATION_ID, owner_tag(o));
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		sqlite_fail(db, e);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

static void unlink_with_sidecars(const char *path)
{
	static const char *const sidecar[] = { "", "-wal", "-shm", "-journal" };

	for (size_t i = 0; i < DBP_ARRAY_LEN(sidecar); i++) {
		char *p = xasprintf("%s%s", path, sidecar[i]);

		unlink(p);
		free(p);
	}
}

/* Made under a private name and linked into place once marked: the file
 * either does not exist or carries our marker, whenever we are killed.
 * link(2) fails if another process made the name meanwhile. */
static int file_create(const char *path, const struct dbp_owner *o, struct dbp_error *e)
{
	int owned = file_owned(path, o, e), rc;
	char *tmp;

	if (owned != DBP_ABSENT)
		return owned == DBP_OURS ? 0 : -1;
	if (!o->workspace_id)
		return err_set(e, "this workspace has no id, so nothing it creates could be told apart");
	tmp = xasprintf("%s.new-%ld", path, (long)getpid());
	unlink_with_sidecars(tmp);
	rc = set_marker(tmp, o, 1, e);
	if (rc == 0 && link(tmp, path) != 0)
		rc = err_set(e, "cannot create %s: %s", path, strerror(errno));
	unlink_with_sidecars(tmp);
	free(tmp);
	return rc;
}

/* An empty, unmarked file our own interrupted create left behind (the
 * caller holds the manifest's record that we meant to make it). */
static int file_claim(const char *path, const struct dbp_owner *o, struct dbp_error *e)
{
	int owned = file_owned(path, o, e);

	if (owned != DBP_UNMARKED)
		return owned == DBP_OURS ? 0 : -1;
	return set_marker(path, o, 0, e);
}

/* Delete an owned file only when nothing is left in it. */
static int file_drop(const char *path, const struct dbp_owner *o, struct dbp_error *e)
{
	struct strbuf names;
	sqlite3 *db;
	int owned = file_owned(path, o, e), n;

	if (owned != DBP_OURS)
		return owned == DBP_ABSENT ? 0 : -1;
	db = open_file(path, 0, e);
	if (!db)
		return -1;
	sb_init(&names);
	n = count_tables(db, &names);
	sqlite3_close(db);
	if (n != 0) {
		err_set(e, "%s still holds %s that dbpatterns did not create (%s); it is kept",
			path, n == 1 ? "an object" : "objects", names.s ? names.s : "?");
		sb_free(&names);
		return -1;
	}
	sb_free(&names);
	unlink_with_sidecars(path);
	return 0;
}

typedef int file_op(const char *path, const struct dbp_owner *o, struct dbp_error *e);

static int on_db_file(file_op *op, struct dbp_server *srv, const char *db, const struct dbp_owner *o,
		      struct dbp_error *e)
{
	char *p = db_path(srv, db);
	int r = op(p, o, e);

	free(p);
	return r;
}

static int lite_db_owned(struct dbp_server *srv, const char *db, const struct dbp_owner *o,
			 struct dbp_error *e)
{
	return on_db_file(file_owned, srv, db, o, e);
}

static int lite_db_create(struct dbp_server *srv, const char *db, const struct dbp_owner *o,
			  struct dbp_error *e)
{
	return on_db_file(file_create, srv, db, o, e);
}

static int lite_db_claim(struct dbp_server *srv, const char *db, const struct dbp_owner *o,
			 struct dbp_error *e)
{
	return on_db_file(file_claim, srv, db, o, e);
}

static int lite_db_drop(struct dbp_server *srv, const char *db, const struct dbp_owner *o,
			struct dbp_error *e)
{
	return on_db_file(file_drop, srv, db, o, e) < 0 ? -1 : 0;
}

static int attach(struct dbp_conn *c, const char *schema, struct dbp_error *e)
{
	char *path = schema_path(c->srv, c->dbname, schema);
	char *sql = sqlite3_mprintf("ATTACH DATABASE %Q AS \"%w\"", path, schema);
	int plain = file_is_plain(path, e);
	int rc = plain == 1 ? sqlite3_exec(c->db, sql, NULL, NULL, NULL) : SQLITE_CANTOPEN;

	sqlite3_free(sql);
	if (rc != SQLITE_OK && plain != -1)
		err_set(e, "cannot attach schema %s (%s): %s", schema, path,
			rc == SQLITE_CANTOPEN ? "no such file (provisioning the lesson again makes it)"
					      : sqlite3_errmsg(c->db));
	free(path);
	return rc == SQLITE_OK ? 0 : -1;
}

/* sqlite3_interrupt only sets a flag the running statement checks: safe
 * from a signal handler (the sqlite3 shell calls it from its own). */
static void interrupt_from_signal(void *handle)
{
	sqlite3_interrupt(handle);
}

static void lite_close(struct dbp_conn *c)
{
	if (!c)
		return;
	interrupt_unregister(c->db);
	sqlite3_close(c->db);
	free(c->dbname);
	free(c->own_schema);
	free(c);
}

/* An embedded handle has no server to lose it. */
static int lite_alive(struct dbp_conn *c)
{
	return c->db != NULL;
}

static struct dbp_conn *lite_connect(struct dbp_server *srv, const char *db, const char *own_schema,
				   const struct strlist *others, struct dbp_error *e)
{
	struct dbp_conn *c = xcalloc(1, sizeof *c);
	char *path = own_schema ? schema_path(srv, db, own_schema) : db_path(srv, db);
	int plain;

	c->srv = srv;
	c->dbname = xstrdup(db);
	c->own_schema = own_schema ? xstrdup(own_schema) : NULL;
	if ((plain = file_is_plain(path, e)) != 1) {
		if (plain == DBP_ABSENT)
			err_set(e, "%s does not exist: provision the lesson first", path);
		free(path);
		lite_close(c);
		return NULL;
	}
	c->db = open_file(path, 0, e);
	free(path);
	if (!c->db) {
		lite_close(c);
		return NULL;
	}
	interrupt_register(interrupt_from_signal, c->db);
	for (size_t i = 0; others && i < others->n; i++)
		if ((!own_schema || strcmp(others->v[i], own_schema) != 0) && attach(c, others->v[i], e) != 0) {
			lite_close(c);
			return NULL;
		}
	return c;
}

static int lite_schema_owned(struct dbp_conn *c, const char *schema, const struct dbp_owner *o,
			     struct dbp_error *e)
{
	char *p = schema_path(c->srv, c->dbname, schema);
	int r = file_owned(p, o, e);

	free(p);
	return r;
}

static int lite_schema_create(struct dbp_conn *c, const char *schema, const struct dbp_owner *o,
			     struct dbp_error *e)
{
	char *p = schema_path(c->srv, c->dbname, schema);
	int r = file_create(p, o, e);

	free(p);
	return r;
}

static int lite_schema_drop(struct dbp_conn *c, const char *schema, const struct dbp_owner *o,
			    struct dbp_error *e)
{
	char *p = schema_path(c->srv, c->dbname, schema);
	char *sql = sqlite3_mprintf("DETACH DATABASE \"%w\"", schema);
	int r;

	sqlite3_exec(c->db, sql, NULL, NULL, NULL); /* not attached is fine */
	sqlite3_free(sql);
	r = file_drop(p, o, e);
	free(p);
	return r < 0 ? -1 : 0;
}

static char *lite_schema_outlived(struct dbp_server *srv, const char *db, const char *schema)
{
	char *p = schema_path(srv, db, schema);
	struct stat st;

	if (lstat(p, &st) == 0)
		return p;
	free(p);
	return NULL;
}

static int lite_exec(struct dbp_conn *c, const char *sql, struct dbp_error *e)
{
	if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return sqlite_fail(c->db, e);
	return 0;
}

static int only_space_left(const char *tail)
{
	while (tail && *tail) {
		if (*tail == ';' || *tail == ' ' || *tail == '\t' || *tail == '\n' || *tail == '\r')
			tail++;
		else if (tail[0] == '-' && tail[1] == '-')
			tail += strcspn(tail, "\n");
		else
			return 0;
	}
	return 1;
}

/* A column's type so far, given one more value: integers and reals make
 * a real column, any text or blob a text one; NULLs change nothing. */
static enum dbp_type widen(enum dbp_type seen, int storage)
{
	enum dbp_type v = storage == SQLITE_INTEGER ? DBP_TYPE_INTEGER
			: storage == SQLITE_FLOAT ? DBP_TYPE_REAL : DBP_TYPE_TEXT;

	if (storage == SQLITE_NULL || seen == v || seen == DBP_TYPE_TEXT)
		return seen;
	if (seen == DBP_TYPE_NULL || v == DBP_TYPE_TEXT)
		return v;
	return DBP_TYPE_REAL; /* an integer and a real */
}

/* Where no value says: the declared type's affinity (SQLite's rules),
 * or NULL-only for an expression. */
static enum dbp_type declared(sqlite3_stmt *st, int col)
{
	const char *d = sqlite3_column_decltype(st, col);
	char up[64];
	size_t i;

	if (!d)
		return DBP_TYPE_NULL;
	for (i = 0; d[i] && i + 1 < sizeof up; i++)
		up[i] = (char)((d[i] >= 'a' && d[i] <= 'z') ? d[i] - 32 : d[i]);
	up[i] = '\0';
	if (strstr(up, "INT"))
		return DBP_TYPE_INTEGER;
	if (strstr(up, "CHAR") || strstr(up, "CLOB") || strstr(up, "TEXT") || strstr(up, "BLOB") || !*up)
		return DBP_TYPE_TEXT;
	if (strstr(up, "REAL") || strstr(up, "FLOA") || strstr(up, "DOUB"))
		return DBP_TYPE_REAL;
	return DBP_TYPE_TEXT; /* NUMERIC affinity may hold text: do not promise a number */
}

static void collect_row(sqlite3_stmt *st, struct dbp_result *out, enum dbp_type *seen)
{
	const char **vals = xcalloc((size_t)out->ncols, sizeof *vals);

	for (int i = 0; i < out->ncols; i++) {
		seen[i] = widen(seen[i], sqlite3_column_type(st, i)); /* before any conversion */
		vals[i] = (const char *)sqlite3_column_text(st, i);
	}
	result_add_row(out, vals);
	free(vals);
}

static int lite_query(struct dbp_conn *c, const char *sql, struct dbp_result *out, struct dbp_error *e)
{
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	enum dbp_type *seen = NULL;
	int rc;

	if (sqlite3_prepare_v2(c->db, sql, -1, &st, &tail) != SQLITE_OK)
		return sqlite_fail(c->db, e);
	if (!st)
		return err_set(e, "empty statement");
	if (!only_space_left(tail)) {
		sqlite3_finalize(st);
		return err_set(e, "one statement at a time, please");
	}
	if (out) {
		int n = sqlite3_column_count(st);
		const char **names = xcalloc((size_t)n, sizeof *names);

		for (int i = 0; i < n; i++)
			names[i] = sqlite3_column_name(st, i);
		result_init(out, n, names);
		seen = xcalloc((size_t)n + 1, sizeof *seen);
		for (int i = 0; i < n; i++)
			seen[i] = DBP_TYPE_NULL;
		free(names);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (out)
			collect_row(st, out, seen);
	/* The values' own types; where every value was NULL, the declaration. */
	for (int i = 0; out && i < out->ncols; i++)
		result_set_type(out, i, seen[i] != DBP_TYPE_NULL ? seen[i] : declared(st, i));
	free(seen);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		if (out)
			result_free(out);
		return sqlite_fail(c->db, e);
	}
	if (out)
		out->affected = sqlite3_changes(c->db);
	return 0;
}

static char *lite_quote_ident(struct dbp_conn *c, const char *name)
{
	char *q = sqlite3_mprintf("\"%w\"", name);
	char *r = xstrdup(q);

	(void)c;
	sqlite3_free(q);
	return r;
}

static char *lite_quote_literal(struct dbp_conn *c, const char *value)
{
	char *q = sqlite3_mprintf("%Q", value);
	char *r = xstrdup(q);

	(void)c;
	sqlite3_free(q);
	return r;
}

/* The app's own schema is "main" on its handle; the others are attached. */
static char *lite_schema_ref(struct dbp_conn *c, const char *schema)
{
	if (c->own_schema && strcmp(c->own_schema, schema) == 0)
		return xstrdup("main");
	return lite_quote_ident(c, schema);
}

static double lite_server_time(struct dbp_conn *c, const char *sql)
{
	(void)c;
	(void)sql;
	return -1;
}

static void lite_cancel(struct dbp_conn *c) { sqlite3_interrupt(c->db); }

/* SQLite calls this every N virtual-machine steps; non-zero interrupts. */
static int lite_progress(void *arg)
{
	struct dbp_conn *c = arg;

	return c->check && c->check(c->check_ctx);
}

static void lite_set_interrupt(struct dbp_conn *c, int (*check)(void *ctx), void *ctx)
{
	c->check = check;
	c->check_ctx = ctx;
	sqlite3_progress_handler(c->db, check ? 200000 : 0, check ? lite_progress : NULL, c);
}

static int lite_list_tables(struct dbp_conn *c, const struct strlist *schemas,
			  struct dbp_result *out, struct dbp_error *e)
{
	static const char *const cols[] = { "schema", "table" };
	struct dbp_result dbs = { 0 };

	if (lite_query(c, "SELECT name FROM pragma_database_list WHERE name <> 'temp' ORDER BY seq",
		     &dbs, e) != 0)
		return -1;
	result_init(out, 2, cols);
	for (long i = 0; i < dbs.nrows; i++) {
		const char *schema = result_cell(&dbs, i, 0);
		const char *shown = strcmp(schema, "main") == 0 && c->own_schema ? c->own_schema : schema;
		struct dbp_result t = { 0 };
		char *sql;

		if (schemas && !sl_contains(schemas, shown))
			continue;
		sql = sqlite3_mprintf("SELECT name FROM \"%w\".sqlite_schema WHERE type = 'table' "
				      "AND name NOT LIKE 'sqlite_%%' ORDER BY name", schema);
		if (lite_query(c, sql, &t, e) != 0) {
			sqlite3_free(sql);
			result_free(&dbs);
			result_free(out);
			return -1;
		}
		sqlite3_free(sql);
		for (long j = 0; j < t.nrows; j++) {
			const char *row[2] = { shown, result_cell(&t, j, 0) };

			result_add_row(out, row);
		}
		result_free(&t);
	}
	result_free(&dbs);
	return 0;
}

static const char *sqlite_schema_name(struct dbp_conn *c, const char *schema)
{
	if (!schema || strcmp(schema, "main") == 0 || (c->own_schema && strcmp(schema, c->own_schema) == 0))
		return "main";
	return schema;
}

/* Table-valued pragmas name the schema as their second argument: a
 * "schema." prefix would be ignored, and the first attached database with
 * a table of that name would answer (two "users" tables in lesson 4). */
static int pragma_rows(struct dbp_conn *c, const char *fmt, const char *schema, const char *arg,
		       struct dbp_result *out, struct dbp_error *e)
{
	char *sql = sqlite3_mprintf(fmt, arg, schema);
	int r = lite_query(c, sql, out, e);

	sqlite3_free(sql);
	return r;
}

static int describe_indexes(struct dbp_conn *c, const char *s, const char *t,
			    struct dbp_result *idx, struct dbp_error *e)
{
	static const char *const cols[] = { "name", "unique", "columns" };
	struct dbp_result list = { 0 };

	if (pragma_rows(c, "SELECT name, \"unique\" FROM pragma_index_list(%Q, %Q) ORDER BY name",
			s, t, &list, e) != 0)
		return -1;
	result_init(idx, 3, cols);
	for (long i = 0; i < list.nrows; i++) {
		struct dbp_result info = { 0 };
		struct strbuf names;
		const char *row[3];

		sb_init(&names);
		sb_add(&names, "");
		if (pragma_rows(c, "SELECT name FROM pragma_index_info(%Q, %Q) ORDER BY seqno", s,
				result_cell(&list, i, 0), &info, e) == 0)
			for (long j = 0; j < info.nrows; j++)
				sb_addf(&names, "%s%s", j ? ", " : "",
					result_cell(&info, j, 0) ? result_cell(&info, j, 0) : "(expr)");
		result_free(&info);
		row[0] = result_cell(&list, i, 0);
		row[1] = strcmp(result_cell(&list, i, 1), "0") ? "yes" : "no";
		row[2] = names.s;
		result_add_row(idx, row);
		sb_free(&names);
	}
	result_free(&list);
	return 0;
}

static int lite_describe(struct dbp_conn *c, const char *schema, const char *table,
			 struct dbp_result *cols, struct dbp_result *idx, struct dbp_result *fks,
			 struct dbp_error *e)
{
	const char *s = sqlite_schema_name(c, schema);

	/* An INTEGER PRIMARY KEY alone is the rowid: never null, though
	 * table_info does not mark it NOT NULL. */
	if (pragma_rows(c, "SELECT name, type, CASE WHEN \"notnull\" = 0 AND NOT (pk = 1 AND "
			"upper(type) = 'INTEGER' AND sum(pk > 0) OVER () = 1) THEN 'yes' ELSE 'no' END "
			"AS nullable, dflt_value AS \"default\", CASE WHEN pk > 0 THEN 'primary key' END AS key "
			"FROM pragma_table_info(%Q, %Q) ORDER BY cid",
			s, table, cols, e) != 0)
		return -1;
	if (describe_indexes(c, s, table, idx, e) != 0) {
		result_free(cols);
		return -1;
	}
	if (pragma_rows(c, "SELECT group_concat(\"from\", ', ') AS columns, \"table\" AS ref_table, "
			"group_concat(coalesce(\"to\", '(primary key)'), ', ') AS ref_columns "
			"FROM pragma_foreign_key_list(%Q, %Q) GROUP BY id ORDER BY id",
			s, table, fks, e) != 0) {
		result_free(cols);
		result_free(idx);
		return -1;
	}
	return 0;
}

static int lite_session_state(struct dbp_conn *c, char **where, int *transaction, struct dbp_error *e)
{
	struct dbp_result r = { 0 };

	*where = NULL;
	*transaction = !sqlite3_get_autocommit(c->db);
	if (lite_query(c, "SELECT group_concat(name, ', ') FROM pragma_database_list", &r, e) != 0)
		return -1;
	*where = r.nrows && result_cell(&r, 0, 0) ? xstrdup(result_cell(&r, 0, 0)) : NULL;
	result_free(&r);
	return 0;
}

/* A rowid table pages on its rowid, by whichever of SQLite's three names
 * for it no column of the table has taken. */
static int lite_row_key(struct dbp_conn *c, const char *schema, const char *table,
			struct strlist *columns, struct dbp_error *e)
{
	static const char *const rowid_names[] = { "rowid", "_rowid_", "oid" };
	const char *s = sqlite_schema_name(c, schema);
	struct dbp_result cols = { 0 }, list = { 0 };
	int rc = pragma_rows(c, "SELECT name, pk FROM pragma_table_info(%Q, %Q) ORDER BY pk", s, table,
			     &cols, e);

	if (rc == 0)
		rc = pragma_rows(c, "SELECT wr FROM pragma_table_list(%Q) WHERE schema = %Q", s, table,
				 &list, e);
	if (rc == 0 && list.nrows && !strcmp(result_cell(&list, 0, 0), "0"))
		for (size_t i = 0; i < DBP_ARRAY_LEN(rowid_names) && !columns->n; i++) {
			int taken = 0;

			for (long r = 0; r < cols.nrows; r++)
				taken |= !strcasecmp(result_cell(&cols, r, 0), rowid_names[i]);
			if (!taken)
				sl_push(columns, rowid_names[i]);
		}
	for (long r = 0; rc == 0 && !columns->n && r < cols.nrows; r++)
		if (strcmp(result_cell(&cols, r, 1), "0"))
			sl_push(columns, result_cell(&cols, r, 0));
	result_free(&cols);
	result_free(&list);
	return rc;
}

static char *lite_app_url(struct dbp_server *srv, const char *db, const char *schema)
{
	char *path = schema ? schema_path(srv, db, schema) : db_path(srv, db);
	char *url = xasprintf("file:%s", path);

	free(path);
	return url;
}

static int lite_table_exists(struct dbp_conn *c, const char *table)
{
	char *sql = sqlite3_mprintf("SELECT 1 FROM main.sqlite_schema WHERE type = 'table' AND name = %Q",
				    table);
	struct dbp_result r = { 0 };
	struct dbp_error e;
	int found = lite_query(c, sql, &r, &e) == 0 && r.nrows > 0;

	sqlite3_free(sql);
	result_free(&r);
	return found;
}

/* One attached database's objects that the lesson did not make: tables,
 * views and triggers not in scope->tables (each with the lesson tables
 * its foreign keys point into, since dropping those would break it). */
static void user_objects_in(struct dbp_conn *c, const char *schema, const struct dbp_user_scope *scope,
			    struct strbuf *b)
{
	char *sql = sqlite3_mprintf("SELECT type, name, (SELECT group_concat(DISTINCT f.\"table\") FROM "
				    "pragma_foreign_key_list(s.name, %Q) f) FROM \"%w\".sqlite_schema s "
				    "WHERE type IN ('view', 'trigger', 'table', 'index') AND sql IS NOT NULL "
				    "AND name NOT LIKE 'sqlite\\_%%' ESCAPE '\\' ORDER BY name", schema, schema);
	struct dbp_result r = { 0 };
	struct dbp_error ignored;

	if (lite_query(c, sql, &r, &ignored) == 0)
		for (long j = 0; j < r.nrows; j++) {
			const char *type = result_cell(&r, j, 0), *name = result_cell(&r, j, 1);
			const char *refs = result_cell(&r, j, 2);
			char *qualified = xasprintf("%s.%s", schema, name);
			int lesson = sl_contains(scope->tables, qualified);

			if (!lesson)
				sb_addf(b, "%s%s %s%s%s%s", b->len ? ", " : "", type, name,
					refs ? " (foreign key into " : "", refs ? refs : "", refs ? ")" : "");
			free(qualified);
		}
	sqlite3_free(sql);
	result_free(&r);
}

static int lite_user_objects(struct dbp_conn *c, const struct dbp_user_scope *scope, char **list,
			     struct dbp_error *e)
{
	struct dbp_result dbs = { 0 };
	struct strbuf b;

	if (lite_query(c, "SELECT name FROM pragma_database_list WHERE name <> 'temp'", &dbs, e) != 0)
		return -1;
	sb_init(&b);
	sb_add(&b, "");
	for (long i = 0; i < dbs.nrows; i++)
		user_objects_in(c, result_cell(&dbs, i, 0), scope, &b);
	result_free(&dbs);
	*list = sb_steal(&b);
	return 0;
}

struct dbp_offline {
	sqlite3 *holder;
};

static struct dbp_offline *lite_take_offline(struct dbp_server *srv, const char *db,
					     const struct dbp_owner *owner, struct dbp_error *e)
{
	char *path = db_path(srv, db);
	struct dbp_offline *o;
	sqlite3 *h;

	if (file_owned(path, owner, e) != DBP_OURS) {
		if (!e->msg[0])
			err_set(e, "%s is not provisioned", path);
		free(path);
		return NULL;
	}
	h = open_file(path, 0, e);
	free(path);
	if (!h)
		return NULL;
	/* Readers in rollback-journal mode are shut out only once the writer
	 * holds the EXCLUSIVE lock: take it and keep it. */
	if (sqlite3_exec(h, "BEGIN EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite_fail(h, e);
		sqlite3_close(h);
		return NULL;
	}
	o = xcalloc(1, sizeof *o);
	o->holder = h;
	return o;
}

static int lite_bring_online(struct dbp_offline *o, struct dbp_error *e)
{
	(void)e;
	sqlite3_exec(o->holder, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(o->holder);
	free(o);
	return 0;
}

static int lite_role_demo(struct dbp_server *srv, const char *role, const char *allowed_db,
			  const char *denied_db, const char *probe, const struct dbp_owner *owner,
			  struct dbp_lines *out, struct dbp_error *e)
{
	static const char *const text[] = {
		"SQLite has no roles and no GRANT: whoever may read a database file may read",
		"all of it. Separate files can still be secured apart with file permissions,",
		"which is what keeping them in separate databases buys you here.",
	};

	(void)srv; (void)role; (void)allowed_db; (void)denied_db; (void)probe; (void)owner; (void)e;
	for (size_t i = 0; i < DBP_ARRAY_LEN(text); i++)
		lines_add(out, DBP_LINE_TEXT, text[i]);
	return 0;
}

/* ---- one process per prefix --------------------------------------------- */

/* A lock file beside the database files, held with flock(2): the kernel
 * lets go when the process dies, however it dies.  The holder writes its
 * pid and start time into it so a waiting process can say who it is. */
static int lite_lock_prefix(struct dbp_server *srv, const char *prefix, char **holder,
			    struct dbp_error *e)
{
	char *name = xasprintf(".%s.lock", prefix), *path = path_join(srv->workdir, name);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	char who[128] = "";
	ssize_t n;

	free(name);
	*holder = NULL;
	if (fd < 0) {
		err_set(e, "cannot open the lock file %s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		n = read(fd, who, sizeof who - 1);
		who[n > 0 ? n : 0] = '\0';
		who[strcspn(who, "\n")] = '\0';
		*holder = xstrdup(*who ? who : "another process");
		close(fd);
		return 0;
	}
	{
		time_t now = time(NULL);
		struct tm tm;

		localtime_r(&now, &tm);
		n = snprintf(who, sizeof who, "process %ld (since ", (long)getpid());
		strftime(who + n, sizeof who - (size_t)n, "%Y-%m-%d %H:%M:%S)\n", &tm);
	}
	if (ftruncate(fd, 0) != 0 || write(fd, who, strlen(who)) < 0) {
		/* the lock holds without the note; only the message is poorer */
	}
	srv->lock_fd = fd;
	return 1;
}

static void lite_unlock_prefix(struct dbp_server *srv, const char *prefix)
{
	(void)prefix;
	if (srv->lock_fd < 0)
		return;
	if (ftruncate(srv->lock_fd, 0) != 0) {
		/* nothing to do: the lock goes with the descriptor */
	}
	close(srv->lock_fd);
	srv->lock_fd = -1;
}

const struct dbp_backend_ops dbp_sqlite_ops = {
	.lock_prefix = lite_lock_prefix,
	.unlock_prefix = lite_unlock_prefix,
	.take_offline = lite_take_offline,
	.bring_online = lite_bring_online,
	.role_demo = lite_role_demo,
	.user_objects = lite_user_objects,
	.table_exists = lite_table_exists,
	.app_url = lite_app_url,
	.name = "sqlite",
	.server_open = lite_server_open,
	.server_close = lite_server_close,
	.server_describe = lite_describe_server,
	.server_id = lite_id,
	.can_create_databases = lite_can_create,
	.server_database = lite_server_database,
	.can_create_schemas = lite_can_create_schemas,
	.database_owned = lite_db_owned,
	.database_create = lite_db_create,
	.database_claim = lite_db_claim,
	.database_drop = lite_db_drop,
	.connect = lite_connect,
	.close = lite_close,
	.alive = lite_alive,
	.schema_owned = lite_schema_owned,
	.schema_create = lite_schema_create,
	.schema_drop = lite_schema_drop,
	.schema_outlived = lite_schema_outlived,
	.exec = lite_exec,
	.query = lite_query,
	.quote_ident = lite_quote_ident,
	.quote_literal = lite_quote_literal,
	.schema_ref = lite_schema_ref,
	.server_time_ms = lite_server_time,
	.cancel = lite_cancel,
	.set_interrupt = lite_set_interrupt,
	.list_tables = lite_list_tables,
	.describe_table = lite_describe,
	.row_key = lite_row_key,
	.session_state = lite_session_state,
	.max_identifier = 200,
};
