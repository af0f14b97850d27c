/* workspace: see workspace.h. */
#include "workspace.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

static void progress_to(const struct dbp_progress *p, void (*to)(void *, const char *),
			const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));

static void progress_to(const struct dbp_progress *p, void (*to)(void *, const char *),
			const char *fmt, va_list ap)
{
	char buf[512];

	if (!to)
		return;
	vsnprintf(buf, sizeof buf, fmt, ap);
	to(p->ctx, buf);
}

void progress_say(const struct dbp_progress *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	progress_to(p, p ? p->report : NULL, fmt, ap);
	va_end(ap);
}

void progress_waiting(const struct dbp_progress *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	progress_to(p, !p ? NULL : p->waiting ? p->waiting : p->report, fmt, ap);
	va_end(ap);
}

int progress_cancelled(const struct dbp_progress *p)
{
	return p && p->cancelled && p->cancelled(p->ctx);
}

static int manifest_read(const struct workspace *ws, struct strlist *lines);

/* "server \t borrowed \t name" lines of this server. */
static void load_borrowed(struct workspace *ws)
{
	struct strlist lines = { 0 };
	char *head = xasprintf("%s\tborrowed\t", ws->ops->server_id(ws->srv));

	if (manifest_read(ws, &lines) == 0)
		for (size_t i = 0; i < lines.n; i++)
			if (!strncmp(lines.v[i], head, strlen(head)))
				sl_push(&ws->borrowed, lines.v[i] + strlen(head));
	free(head);
	sl_free(&lines);
}

/* Who we are, as markers record it.  A workdir we may not write (a
 * read-only one, looked at by another user) has no id (ws->id NULL):
 * nothing there is ours, and creating is refused. */
static void load_owner(struct workspace *ws)
{
	ws->location = workspace_location(ws->workdir);
	ws->owner.prefix = ws->prefix;
	ws->owner.workspace_id = ws->id;
	ws->owner.location = ws->location;
}

/* No prefix given: on PostgreSQL, one per role, so a class shares a
 * server without meeting.  A workdir whose workspace made its objects
 * under the old shared default (DBP_BASE_PREFIX) before there was one per
 * role keeps it, so its databases are not stranded; --prefix moves on. */
static void choose_prefix(struct workspace *ws, const struct dbp_config *cfg)
{
	struct strlist found = { 0 };
	struct dbp_error why;
	const char *role = ws->ops->server_role ? ws->ops->server_role(ws->srv) : NULL;
	char *own;

	if (cfg->prefix_given || !role) {
		ws->prefix = xstrdup(cfg->prefix);
		ws->prefix_origin = xstrdup(cfg->prefix_given ? "given" : "the default");
		return;
	}
	own = config_role_prefix(role);
	if (ws->id && ws->ops->marked_prefixes &&
	    ws->ops->marked_prefixes(ws->srv, ws->id, &found, &why) == 0 &&
	    sl_contains(&found, cfg->prefix) && !sl_contains(&found, own)) {
		ws->prefix = xstrdup(cfg->prefix);
		ws->prefix_origin = xasprintf("kept: this workdir's databases on this server were made under "
					      "it before the default became one per role (%s for role %s); "
					      "--prefix %s moves on", own, role, own);
		free(own);
	} else {
		ws->prefix = own;
		ws->prefix_origin = xasprintf("the default for role %s", role);
	}
	sl_free(&found);
}

int workspace_open(struct workspace *ws, const struct dbp_config *cfg, struct dbp_error *e)
{
	struct dbp_server_settings s = { cfg->engine, cfg->workdir, cfg->dsn };
	struct dbp_error why; /* a workdir we may not write has no id: nothing there is ours */

	memset(ws, 0, sizeof *ws);
	if (config_check_prefix(cfg->prefix, e) != 0)
		return -1;
	/* The manifest lives in the workdir for both engines. */
	if (make_dirs(cfg->workdir, e) != 0)
		return -1;
	ws->ops = backend_for(cfg->engine);
	ws->srv = ws->ops->server_open(&s, e);
	if (!ws->srv)
		return -1;
	ws->engine = cfg->engine;
	ws->workdir = xstrdup(cfg->workdir);
	ws->tenants = cfg->tenants;
	for (size_t i = 0; i < cfg->shards.n; i++)
		sl_push(&ws->shard_dsns, cfg->shards.v[i]);
	ws->manifest_path = path_join(cfg->workdir, "manifest.tsv");
	ws->id = workspace_id_load(ws->workdir, &why);
	choose_prefix(ws, cfg);
	load_owner(ws);
	load_borrowed(ws);
	return 0;
}

int workspace_open_peer(struct workspace *peer, const struct dbp_config *cfg)
{
	struct dbp_config other = *cfg;
	struct dbp_error e;
	const char *host = getenv("PGHOST"), *service = getenv("PGSERVICE");
	char *dsn = NULL;
	int rc;

	other.engine = cfg->engine == DBP_SQLITE ? DBP_POSTGRES : DBP_SQLITE;
	if (other.engine == DBP_POSTGRES) {
		if (!(cfg->dsn && *cfg->dsn) && !(host && *host) && !(service && *service))
			return -1;
		/* A dead server must not hold the timings up for long. */
		dsn = cfg->dsn && strstr(cfg->dsn, "connect_timeout") ? xstrdup(cfg->dsn)
			: cfg->dsn && strstr(cfg->dsn, "://") ? xasprintf("%s%sconnect_timeout=3", cfg->dsn,
									  strchr(cfg->dsn, '?') ? "&" : "?")
			: xasprintf("%s connect_timeout=3", cfg->dsn ? cfg->dsn : "");
		other.dsn = dsn;
	}
	rc = workspace_open(peer, &other, &e);
	free(dsn);
	return rc;
}

void workspace_close(struct workspace *ws)
{
	if (ws->ops)
		ws_sessions_close(ws, NULL);
	if (ws->lock_depth > 0)
		ws->ops->unlock_prefix(ws->srv, ws->prefix);
	if (ws->ops && ws->srv)
		ws->ops->server_close(ws->srv);
	free(ws->prefix);
	free(ws->prefix_origin);
	free(ws->manifest_path);
	free(ws->workdir);
	free(ws->id);
	free(ws->location);
	sl_free(&ws->borrowed);
	sl_free(&ws->shard_dsns);
	memset(ws, 0, sizeof *ws);
}

char *ws_prefixed(const char *prefix, const char *name)
{
	return xasprintf("%s_%s", prefix, name);
}

char *ws_db_name(const struct workspace *ws, const char *db)
{
	char *name = ws_prefixed(ws->prefix, db);

	if (sl_contains(&ws->borrowed, name) && ws->ops->server_database(ws->srv)) {
		free(name);
		return xstrdup(ws->ops->server_database(ws->srv));
	}
	return name;
}

int ws_is_borrowed(const struct workspace *ws, const char *lesson_db)
{
	char *name = ws_prefixed(ws->prefix, lesson_db);
	int yes = sl_contains(&ws->borrowed, name);

	free(name);
	return yes;
}

int ws_db_verdict(struct workspace *ws, const char *name, struct dbp_error *e);

int ws_database_present(struct workspace *ws, const char *lesson_db, struct dbp_error *e)
{
	char *name;
	int r;

	if (ws_is_borrowed(ws, lesson_db))
		return 1;
	name = ws_db_name(ws, lesson_db);
	r = ws_db_verdict(ws, name, e);
	free(name);
	return r == DBP_OURS ? 1 : r == DBP_ABSENT ? 0 : -1;
}

/* One database, and every app in a schema of it: it can live in a
 * database someone else owns, needing only CREATE there. */
int lesson_fits_one_database(const struct lesson *l)
{
	if (l->ndbs != 1 || !l->dbs[0].schemas.n)
		return 0;
	for (size_t i = 0; i < l->napps; i++)
		if (!l->apps[i].schema)
			return 0;
	return 1;
}

int workspace_can_run(struct workspace *ws, const struct lesson *l)
{
	struct dbp_error e;

	/* A server that cannot be asked (-1) is no proof of missing rights. */
	if (ws->ops->can_create_databases(ws->srv, &e) != 0)
		return 1;
	return lesson_fits_one_database(l) && ws->ops->server_database(ws->srv) &&
	       ws->ops->can_create_schemas(ws->srv);
}

char *ws_schema_name(const struct workspace *ws, const char *schema)
{
	return ws_prefixed(ws->prefix, schema);
}

static int check_one(const struct workspace *ws, char *name, struct dbp_error *e)
{
	int rc = backend_check_name(ws->ops, name, e);

	free(name);
	return rc;
}

int ws_check_names(const struct workspace *ws, const struct lesson *l, struct dbp_error *e)
{
	for (size_t i = 0; i < l->ndbs; i++) {
		if (check_one(ws, ws_db_name(ws, l->dbs[i].name), e) != 0)
			return -1;
		for (size_t j = 0; j < l->dbs[i].schemas.n; j++)
			if (check_one(ws, ws_schema_name(ws, l->dbs[i].schemas.v[j]), e) != 0)
				return -1;
	}
	return 0;
}

void ws_schema_names(const struct workspace *ws, const struct lesson_db *db, struct strlist *out)
{
	for (size_t i = 0; i < db->schemas.n; i++)
		sl_push_owned(out, ws_schema_name(ws, db->schemas.v[i]));
}

typedef struct dbp_conn *opener(struct workspace *ws, const char *tag, const char *dbname,
			       const char *own_schema, const struct strlist *others, struct dbp_error *e);

static struct dbp_conn *fresh(struct workspace *ws, const char *tag, const char *dbname,
			      const char *own_schema, const struct strlist *others, struct dbp_error *e)
{
	(void)tag;
	return ws->ops->connect(ws->srv, dbname, own_schema, others, e);
}

/* The app's database, its own schema, and the database's other schemas. */
static struct dbp_conn *open_app(opener *open, struct workspace *ws, const char *tag,
				 const struct lesson *l, const struct lesson_app *app, struct dbp_error *e)
{
	const struct lesson_db *db = lesson_db_find(l, app->database);
	struct strlist others = { 0 };
	char *dbname = ws_db_name(ws, app->database);
	char *own = app->schema ? ws_schema_name(ws, app->schema) : NULL;
	struct dbp_conn *c;

	ws_schema_names(ws, db, &others);
	c = open(ws, tag, dbname, own, &others, e);
	free(dbname);
	free(own);
	sl_free(&others);
	return c;
}

static struct dbp_conn *open_db(opener *open, struct workspace *ws, const struct lesson_db *db,
				struct dbp_error *e)
{
	struct strlist others = { 0 };
	char *dbname = ws_db_name(ws, db->name);
	struct dbp_conn *c;

	ws_schema_names(ws, db, &others);
	c = open(ws, NULL, dbname, NULL, &others, e);
	free(dbname);
	sl_free(&others);
	return c;
}

struct dbp_conn *ws_connect_app(struct workspace *ws, const struct lesson *l,
				const struct lesson_app *app, struct dbp_error *e)
{
	return open_app(fresh, ws, NULL, l, app, e);
}

struct dbp_conn *ws_connect_db(struct workspace *ws, const struct lesson_db *db, struct dbp_error *e)
{
	return open_db(fresh, ws, db, e);
}

struct dbp_conn *ws_session_app(struct workspace *ws, const char *tag, const struct lesson *l,
				const struct lesson_app *app, struct dbp_error *e)
{
	return open_app(ws_session, ws, tag, l, app, e);
}

struct dbp_conn *ws_session_db(struct workspace *ws, const struct lesson_db *db, struct dbp_error *e)
{
	return open_db(ws_session, ws, db, e);
}

/* ---- manifest ----------------------------------------------------------- */

static char *manifest_line(const struct workspace *ws, const char *kind, const char *name)
{
	return xasprintf("%s\t%s\t%s", ws->ops->server_id(ws->srv), kind, name);
}

static int manifest_read(const struct workspace *ws, struct strlist *lines)
{
	struct dbp_error e;
	char *text;

	if (!is_regular_file(ws->manifest_path))
		return 0;
	text = read_text_file(ws->manifest_path, 4 << 20, &e);
	if (!text)
		return -1;
	for (char *p = text; *p;) {
		size_t n = strcspn(p, "\n");

		if (n)
			sl_push_owned(lines, xstrndup(p, n));
		p += n + (p[n] == '\n');
	}
	free(text);
	return 0;
}

/* Written to a temporary file and renamed, so a crash never halves it. */
static int manifest_write(const struct workspace *ws, const struct strlist *lines, struct dbp_error *e)
{
	char *tmp = xasprintf("%s.tmp", ws->manifest_path);
	FILE *f = fopen(tmp, "w");
	int ok;

	if (!f) {
		err_set(e, "cannot write %s: %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	for (size_t i = 0; i < lines->n; i++)
		fprintf(f, "%s\n", lines->v[i]);
	ok = fclose(f) == 0 && rename(tmp, ws->manifest_path) == 0;
	if (!ok)
		err_set(e, "cannot write %s: %s", ws->manifest_path, strerror(errno));
	free(tmp);
	return ok ? 0 : -1;
}

int manifest_has(const struct workspace *ws, const char *kind, const char *name)
{
	struct strlist lines = { 0 };
	char *want = manifest_line(ws, kind, name);
	int has = manifest_read(ws, &lines) == 0 && sl_contains(&lines, want);

	free(want);
	sl_free(&lines);
	return has;
}

void manifest_servers(const struct workspace *ws, const char *kind, const char *name, struct strlist *out)
{
	struct strlist lines = { 0 };
	char *tail = xasprintf("\t%s\t%s", kind, name);
	size_t tl = strlen(tail);

	if (manifest_read(ws, &lines) == 0)
		for (size_t i = 0; i < lines.n; i++) {
			size_t n = strlen(lines.v[i]);

			if (n > tl && !strcmp(lines.v[i] + n - tl, tail))
				sl_push_owned(out, xstrndup(lines.v[i], n - tl));
		}
	free(tail);
	sl_free(&lines);
}

void manifest_names(const struct workspace *ws, const char *kind, const char *start, struct strlist *out)
{
	struct strlist lines = { 0 };
	char *head = manifest_line(ws, kind, start);

	if (manifest_read(ws, &lines) == 0)
		for (size_t i = 0; i < lines.n; i++)
			if (!strncmp(lines.v[i], head, strlen(head)))
				sl_push(out, strrchr(lines.v[i], '\t') + 1);
	free(head);
	sl_free(&lines);
}

/* Read-modify-write under flock(2): processes with other prefixes share
 * the workdir's manifest, and one's update must not undo another's. */
static int manifest_lock(const struct workspace *ws, struct dbp_error *e)
{
	char *path = xasprintf("%s.lock", ws->manifest_path);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0 || flock(fd, LOCK_EX) != 0) {
		err_set(e, "cannot lock %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	free(path);
	return fd;
}

int manifest_add(const struct workspace *ws, const char *kind, const char *name, struct dbp_error *e)
{
	struct strlist lines = { 0 };
	char *line;
	int rc = 0, lock = manifest_lock(ws, e);

	if (lock < 0)
		return -1;
	line = manifest_line(ws, kind, name);
	if (manifest_read(ws, &lines) != 0)
		rc = err_set(e, "cannot read %s", ws->manifest_path);
	else if (!sl_contains(&lines, line)) {
		sl_push(&lines, line);
		rc = manifest_write(ws, &lines, e);
	}
	free(line);
	sl_free(&lines);
	close(lock);
	return rc;
}

int manifest_remove(const struct workspace *ws, const char *kind, const char *name, struct dbp_error *e)
{
	struct strlist lines = { 0 }, kept = { 0 };
	char *line;
	int rc, lock = manifest_lock(ws, e);

	if (lock < 0)
		return -1;
	line = manifest_line(ws, kind, name);
	rc = manifest_read(ws, &lines) == 0 ? 0 : err_set(e, "cannot read %s", ws->manifest_path);
	for (size_t i = 0; rc == 0 && i < lines.n; i++)
		if (strcmp(lines.v[i], line) != 0)
			sl_push(&kept, lines.v[i]);
	if (rc == 0 && kept.n != lines.n)
		rc = manifest_write(ws, &kept, e);
	free(line);
	sl_free(&lines);
	sl_free(&kept);
	close(lock);
	return rc;
}

/* ---- ownership ------------------------------------------------------------- */

char *ws_schema_key(const char *db, const char *schema)
{
	return xasprintf("%s/%s", db, schema);
}

/* Marker and manifest together: ours only when both say so.  An unmarked
 * database the manifest lists is one our own CREATE left before its
 * marker could be set (CREATE DATABASE commits on its own): claimable. */
int ws_db_verdict(struct workspace *ws, const char *name, struct dbp_error *e)
{
	int v = ws->ops->database_owned(ws->srv, name, &ws->owner, e);
	int listed = manifest_has(ws, "database", name);

	if (v == DBP_OURS && !listed)
		return err_set(e, "database \"%s\" carries this workspace's marker but is not in its "
			       "manifest (%s); it is left alone", name, ws->manifest_path);
	if (v == DBP_UNMARKED)
		return listed ? DBP_UNMARKED : DBP_NOT_OURS;
	return v;
}

int ws_schema_verdict(struct workspace *ws, struct dbp_conn *c, const char *dbname,
			  const char *schema, struct dbp_error *e)
{
	char *key = ws_schema_key(dbname, schema);
	int v = ws->ops->schema_owned(c, schema, &ws->owner, e);

	if (v == DBP_OURS && !manifest_has(ws, "schema", key))
		v = err_set(e, "schema %s.%s carries this workspace's marker but is not in its manifest "
			    "(%s); it is left alone", dbname, schema, ws->manifest_path);
	else if (v == DBP_UNMARKED)
		v = DBP_NOT_OURS;
	free(key);
	return v;
}

/* work() on each of the lesson database's schemas (engine-side names),
 * over one connection to it, until one fails. */
int ws_each_schema(ws_schema_work *work, struct workspace *ws, const struct lesson_db *db,
		       const char *dbname, struct strbuf *log, struct dbp_error *e)
{
	struct dbp_conn *c;
	int rc = 0;

	if (!db->schemas.n)
		return 0;
	c = ws_session(ws, NULL, dbname, NULL, NULL, e);
	if (!c)
		return -1;
	for (size_t i = 0; rc == 0 && i < db->schemas.n; i++) {
		char *schema = ws_schema_name(ws, db->schemas.v[i]);

		rc = work(ws, c, dbname, schema, log, e);
		free(schema);
	}
	return rc;
}

static int schema_ours_or_absent(struct workspace *ws, struct dbp_conn *c, const char *dbname,
				 const char *schema, struct strbuf *log, struct dbp_error *e)
{
	int v = ws_schema_verdict(ws, c, dbname, schema, e);

	(void)log;
	return v == DBP_OURS || v == DBP_ABSENT ? 0 : -1;
}

/* One lesson database: DBP_OURS, DBP_ABSENT or DBP_UNMARKED (claimable)
 * with every schema in it ours or absent; else -1 and why. */
static int check_db(struct workspace *ws, const struct lesson_db *db, struct dbp_error *e)
{
	char *name = ws_db_name(ws, db->name);
	int v = ws_is_borrowed(ws, db->name) ? DBP_OURS : ws_db_verdict(ws, name, e);

	if (v == DBP_OURS && ws_each_schema(schema_ours_or_absent, ws, db, name, NULL, e) != 0)
		v = DBP_NOT_OURS;
	free(name);
	return v;
}

int ws_check_ownership(struct workspace *ws, const struct lesson *l, struct dbp_error *e)
{
	for (size_t i = 0; i < l->ndbs; i++) {
		int v = check_db(ws, &l->dbs[i], e);

		if (v != DBP_OURS && v != DBP_ABSENT && v != DBP_UNMARKED)
			return -1;
	}
	return 0;
}

int ws_app_owned(struct workspace *ws, const struct lesson *l, const struct lesson_app *app,
		 struct dbp_error *e)
{
	int v = check_db(ws, lesson_db_find(l, app->database), e);

	if (v == DBP_OURS)
		return 0;
	if (v == DBP_ABSENT || v == DBP_UNMARKED) {
		char *name = ws_db_name(ws, app->database);

		err_set(e, "database %s is not provisioned here: run provision %d first", name, l->number);
		free(name);
	}
	return -1;
}

/* ---- one process per prefix ------------------------------------------------ */

#define WS_LOCK_WAIT_MS 120000

int ws_lock(struct workspace *ws, const struct dbp_progress *p, struct dbp_error *e)
{
	double t0 = now_ms();
	char *holder = NULL;
	int r, waited = 0;

	if (ws->lock_depth > 0) {
		ws->lock_depth++;
		return 0;
	}
	while ((r = ws->ops->lock_prefix(ws->srv, ws->prefix, &holder, e)) == 0) {
		if (!waited++)
			progress_waiting(p, "waiting: prefix \"%s\" is in use by %s", ws->prefix, holder);
		if (progress_cancelled(p) || now_ms() - t0 > WS_LOCK_WAIT_MS) {
			err_set(e, "prefix \"%s\" is in use by %s; %s", ws->prefix, holder,
				progress_cancelled(p) ? "stopped waiting" : "gave up after 120 s");
			free(holder);
			return -1;
		}
		free(holder);
		holder = NULL;
		sleep_ms(200);
	}
	free(holder);
	if (r < 0)
		return -1;
	ws->lock_depth = 1;
	return 0;
}

void ws_unlock(struct workspace *ws)
{
	if (ws->lock_depth > 0 && --ws->lock_depth == 0)
		ws->ops->unlock_prefix(ws->srv, ws->prefix);
}

/* ---- provisioning -------------------------------------------------------- */

int workspace_provisioned(struct workspace *ws, const struct lesson *l)
{
	struct dbp_error e;

	for (size_t i = 0; i < l->ndbs; i++)
		if (ws_database_present(ws, l->dbs[i].name, &e) != 1)
			return 0;
	return 1;
}

