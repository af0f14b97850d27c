/* results: see results.h.  This file owns the store's file: whose it is,
 * making it, its schema.  Writing and reading runs is in results_rw.c. */
#include "results.h"
#include "results_store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Version 1.  A later version adds the step from the one before to
 * itself (store_upgrade) and never edits this. */
static const char schema_v1[] =
	"CREATE TABLE store (workspace_id TEXT NOT NULL, created_at TEXT NOT NULL,"
	" created_by TEXT NOT NULL);"
	"CREATE TABLE runs (id INTEGER PRIMARY KEY, at TEXT NOT NULL, lesson INTEGER NOT NULL,"
	" slug TEXT NOT NULL, engine TEXT NOT NULL, applied TEXT NOT NULL, version TEXT NOT NULL);"
	"CREATE TABLE timings (run_id INTEGER NOT NULL REFERENCES runs(id), ord INTEGER NOT NULL,"
	" workload TEXT NOT NULL, title TEXT NOT NULL, n INTEGER NOT NULL,"
	" median_ms REAL, p95_ms REAL, min_ms REAL, max_ms REAL, cold_ms REAL,"
	" round_trips INTEGER, rows INTEGER, server_ms REAL,"
	" connections INTEGER NOT NULL, connect_ms REAL NOT NULL,"
	" error TEXT, cancelled INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (run_id, ord));"
	"CREATE INDEX timings_workload ON timings (workload);"
	"CREATE INDEX runs_lesson ON runs (lesson, engine);";

/* Version 2: every claim check kept (the screen's t, check-lessons
 * --live), so a report can name each claim's latest verdict. */
static const char step_v2[] =
	"CREATE TABLE claims (id INTEGER PRIMARY KEY, at TEXT NOT NULL, lesson INTEGER NOT NULL,"
	" slug TEXT NOT NULL, engine TEXT NOT NULL, claim TEXT NOT NULL, check_kind TEXT NOT NULL,"
	" outcome TEXT NOT NULL, measured REAL, expected REAL, figure TEXT, detail TEXT,"
	" source TEXT NOT NULL, version TEXT NOT NULL);"
	"CREATE INDEX claims_lesson ON claims (lesson, engine, claim);";

char *results_path(const char *workdir)
{
	return path_join(workdir, DBP_RESULTS_FILE);
}

int store_fail(struct results_store *s, const char *doing, struct dbp_error *e)
{
	int rc = sqlite3_errcode(s->db);

	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return err_set(e, "results store %s stayed locked by another process for %d ms while %s; "
			       "try again", s->path, DBP_RESULTS_BUSY_MS, doing);
	if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
		return err_set(e, "results store %s is damaged (%s) while %s; it is left as it is: "
			       "move it aside and a new one is started", s->path, sqlite3_errmsg(s->db), doing);
	return err_set(e, "results store %s: %s while %s", s->path, sqlite3_errmsg(s->db), doing);
}

/* One integer or text value of a statement of our own; -1 with e. */
static int store_value(struct results_store *s, const char *sql, int *num, char **text,
		       struct dbp_error *e)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "reading its header", e);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && num)
		*num = sqlite3_column_int(st, 0);
	if (rc == SQLITE_ROW && text)
		*text = xstrdup(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return err_set(e, "results store %s has no owner record", s->path);
	return store_fail(s, "reading its header", e);
}

static int store_connect(struct results_store *s, int flags, struct dbp_error *e)
{
	if (sqlite3_open_v2(s->path, &s->db, flags, NULL) != SQLITE_OK) {
		err_set(e, "results store %s cannot be opened: %s", s->path,
			s->db ? sqlite3_errmsg(s->db) : "out of memory");
		sqlite3_close(s->db);
		s->db = NULL;
		return -1;
	}
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)0);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)0);
	sqlite3_busy_timeout(s->db, DBP_RESULTS_BUSY_MS);
	return 0;
}

/* An older store gains the steps after its version, in one transaction
 * that first takes the write lock and looks again (another process may
 * have stepped it meanwhile).  A store we may not write stays as it is:
 * read, it lacks only what the later steps add. */
static int store_upgrade(struct results_store *s, struct dbp_error *e)
{
	int version = 0, rc;
	char *sql;

	if (sqlite3_db_readonly(s->db, "main") == 1)
		return 0;
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, "bringing it up to date", e);
	if (store_value(s, "PRAGMA user_version", &version, NULL, e) != 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	sql = sqlite3_mprintf("%s PRAGMA user_version = %d; COMMIT;", version < 2 ? step_v2 : "",
			      DBP_RESULTS_SCHEMA);
	rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
	if (rc == SQLITE_OK)
		return 0;
	store_fail(s, "bringing it up to date", e);
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* Ours, beyond the header (store_header): a schema version we know and
 * our workspace; an older version is stepped up to this one. */
static int store_verdict(struct results_store *s, const char *workspace_id, struct dbp_error *e)
{
	int version = 0;
	char *owner = NULL;

	if (store_value(s, "PRAGMA user_version", &version, NULL, e) != 0)
		return -1;
	if (version > DBP_RESULTS_SCHEMA)
		return err_set(e, "results store %s was written by a newer dbpatterns (store version %d, "
			       "this one knows %d); it is left as it is", s->path, version, DBP_RESULTS_SCHEMA);
	if (store_value(s, "SELECT workspace_id FROM store", NULL, &owner, e) != 0)
		return -1;
	if (strcmp(owner, workspace_id)) {
		free(owner);
		return err_set(e, "results store %s belongs to another dbpatterns workspace (copied "
			       "here?); it is left alone", s->path);
	}
	free(owner);
	return version < DBP_RESULTS_SCHEMA ? store_upgrade(s, e) : 0;
}

char *results_now(void)
{
	char buf[32];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xstrdup(buf);
}

/* Schema, marker and owner in one transaction of a private file. */
static int store_init(struct results_store *s, const char *workspace_id, struct dbp_error *e)
{
	char *at = results_now();
	char *sql = sqlite3_mprintf("BEGIN; %s %s PRAGMA application_id = %d; PRAGMA user_version = %d;"
				    " INSERT INTO store VALUES (%Q, %Q, %Q); COMMIT;", schema_v1, step_v2,
				    DBP_RESULTS_APPLICATION_ID, DBP_RESULTS_SCHEMA, workspace_id, at,
				    "dbpatterns " PACKAGE_VERSION);
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	sqlite3_free(sql);
	free(at);
	return rc == SQLITE_OK ? 0 : store_fail(s, "creating it", e);
}

/* Made under a private name and linked into place once marked: the path
 * either does not exist or holds a whole, marked store, whenever we are
 * killed; link() fails if another process made it meanwhile, and then
 * theirs is used. */
static int store_create(const char *path, const char *workspace_id, struct dbp_error *e)
{
	struct results_store tmp = { .path = xasprintf("%s.new-%ld", path, (long)getpid()) };
	int rc;

	unlink(tmp.path);
	rc = store_connect(&tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, e);
	if (rc == 0)
		rc = store_init(&tmp, workspace_id, e);
	sqlite3_close(tmp.db);
	if (rc == 0 && link(tmp.path, path) != 0 && errno != EEXIST)
		rc = err_set(e, "cannot create results store %s: %s", path, strerror(errno));
	unlink(tmp.path);
	free(tmp.path);
	return rc;
}

/* 1 when the file's header says it is our store: SQLite's magic and our
 * application_id (a big-endian integer at byte 68).  Read as plain bytes,
 * so a stranger's file is never handed to SQLite, which could write to it
 * (rolling back a journal it finds beside it). */
static int store_header(const char *path)
{
	static const char magic[16] = "SQLite format 3";
	unsigned char head[72];
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(head, 1, sizeof head, f) : 0;
	unsigned long app;

	if (f)
		fclose(f);
	if (n != sizeof head || memcmp(head, magic, sizeof magic))
		return 0;
	app = (unsigned long)head[68] << 24 | (unsigned long)head[69] << 16 | (unsigned long)head[70] << 8 | head[71];
	return app == DBP_RESULTS_APPLICATION_ID;
}

/* Absent (0), our store by its header (1), or something we will not
 * open (-1): a FIFO would hang the reader, a symlink may lead outside the
 * workdir, and any other file is someone else's. */
static int store_file_kind(const char *path, struct dbp_error *e)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0
		       : err_set(e, "results store %s cannot be examined: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return err_set(e, "%s exists but is not a regular file; it is left alone", path);
	if (!store_header(path))
		return err_set(e, "%s exists but is not a results store made by dbpatterns; it is left "
			       "alone: move it away, or use another --workdir, to keep timings", path);
	return 1;
}

struct results_store *results_empty(struct dbp_error *e)
{
	struct results_store *s = xcalloc(1, sizeof *s);

	s->path = xstrdup(":memory:");
	if (store_connect(s, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, e) != 0 ||
	    store_init(s, "", e) != 0) {
		results_close(s);
		return NULL;
	}
	return s;
}

void results_close(struct results_store *s)
{
	if (!s)
		return;
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

int results_open(const char *workdir, const char *workspace_id, int create,
		 struct results_store **out, struct dbp_error *e)
{
	struct results_store *s = xcalloc(1, sizeof *s);
	int kind;

	*out = NULL;
	s->path = results_path(workdir);
	if (!workspace_id || !*workspace_id) {
		results_close(s);
		return err_set(e, "this workspace has no id, so its results store could not be told apart");
	}
	kind = store_file_kind(s->path, e);
	if (kind == 0 && !create) {
		results_close(s);
		return 0;
	}
	if (kind == 0 && (make_dirs(workdir, e) != 0 || store_create(s->path, workspace_id, e) != 0))
		kind = -1;
	else if (kind == 0 && (kind = store_file_kind(s->path, e)) == 0)
		kind = err_set(e, "results store %s vanished as it was made", s->path);
	if (kind < 0 || store_connect(s, SQLITE_OPEN_READWRITE, e) != 0 ||
	    store_verdict(s, workspace_id, e) != 0) {
		results_close(s);
		return -1;
	}
	*out = s;
	return 1;
}
