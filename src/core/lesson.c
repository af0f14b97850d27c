/* lesson: loading and validating lesson directories (see lesson.h). */
#include "lesson.h"
#include "ini_file.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NAME_MAX_BYTES 30
#define TEXT_MAX_BYTES (256 * 1024)

static const char *const step_actions[] = {
	"read", "provision", "tables", "migrate", "rollback", "bench", "sql", "teardown",
};

/* ---- paths: a lesson reads its own files only ------------------------- */

/* Lessons come from anywhere (an instructor's download): one must not show
 * /etc/shadow as its intro or run it as a migration.  Its files stay in its
 * own directory, or in the _shared directory beside it, through which the
 * bundled lessons share migrations and workloads.  realpath resolves ".."
 * and symlinks first, so neither can lead out. */
static int resolves_inside(const struct lesson *l, const char *path, int *inside)
{
	char *real = realpath(path, NULL), *own, *shared_at, *shared;

	if (!real)
		return errno; /* before free() can touch it */
	own = realpath(l->dir, NULL);
	shared_at = path_join(l->dir, "../_shared");
	shared = realpath(shared_at, NULL);
	*inside = (own && path_is_inside(real, own)) || (shared && path_is_inside(real, shared));
	free(real);
	free(own);
	free(shared_at);
	free(shared);
	return 0;
}

/* A path key of lesson.ini: checked as it is read, so the error has file:line. */
static int set_path(const struct lesson *l, char **field, const char *key, const char *value,
		    struct dbp_error *e)
{
	char *path;
	int err, inside = 0;

	if (!*value)
		return err_set(e, "%s may not be empty", key);
	if (value[0] == '/')
		return err_set(e, "%s \"%s\" is an absolute path; a lesson's paths are relative "
			       "to its directory", key, value);
	path = path_join(l->dir, value);
	err = resolves_inside(l, path, &inside);
	free(path);
	if (err)
		return err_set(e, "%s: %s", value, strerror(err));
	if (!inside)
		return err_set(e, "%s \"%s\" leaves the lesson directory (a lesson's files stay "
			       "inside it, or in ../_shared)", key, value);
	free(*field);
	*field = xstrdup(value);
	return 0;
}

/* ---- building the lesson from INI pairs ------------------------------ */

static int section_kind(const char *section, const char *kind, const char **name)
{
	size_t n = strlen(kind);

	if (strncmp(section, kind, n) != 0 || section[n] != ' ')
		return 0;
	*name = section + n + 1;
	return 1;
}

#define GROW(arr, count) ((arr) = xrealloc((arr), ((count) + 1) * sizeof *(arr)), \
			  memset(&(arr)[(count)], 0, sizeof *(arr)), &(arr)[(count)++])

static struct lesson_db *db_for(struct lesson *l, const char *name)
{
	for (size_t i = 0; i < l->ndbs; i++)
		if (strcmp(l->dbs[i].name, name) == 0)
			return &l->dbs[i];
	return NULL;
}

static struct lesson_app *app_for(struct lesson *l, const char *name)
{
	for (size_t i = 0; i < l->napps; i++)
		if (strcmp(l->apps[i].name, name) == 0)
			return &l->apps[i];
	return NULL;
}

static struct workload *workload_for(struct lesson *l, const char *name)
{
	for (size_t i = 0; i < l->nworkloads; i++)
		if (strcmp(l->workloads[i].name, name) == 0)
			return &l->workloads[i];
	return NULL;
}

static int check_name(const char *what, const char *name, struct dbp_error *e)
{
	if (!is_simple_name(name, NAME_MAX_BYTES))
		return err_set(e, "%s name \"%s\" must be lower-case letters, digits and _, "
			       "start with a letter, and be at most %d bytes", what, name, NAME_MAX_BYTES);
	return 0;
}

static int set_string(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
	return 0;
}

static int lesson_pair(struct lesson *l, const char *key, const char *value, struct dbp_error *e)
{
	long n;

	if (!strcmp(key, "number")) {
		if (ini_parse_int(value, 1, 99, &n, e) != 0)
			return -1;
		l->number = (int)n;
		return 0;
	}
	if (!strcmp(key, "slug")) {
		for (const char *p = value; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
				return err_set(e, "slug \"%s\" may hold only a-z, 0-9 and -", value);
		return set_string(&l->slug, value);
	}
	if (!strcmp(key, "title"))
		return set_string(&l->title, value);
	if (!strcmp(key, "summary"))
		return set_string(&l->summary, value);
	if (!strcmp(key, "intro"))
		return set_path(l, &l->intro_file, key, value, e);
	return err_set(e, "unknown key \"%s\" in [lesson]", key);
}

static int database_pair(struct lesson *l, const char *name, const char *key, const char *value,
			 struct dbp_error *e)
{
	struct lesson_db *db = db_for(l, name);

	if (!db) {
		if (check_name("database", name, e) != 0)
			return -1;
		db = GROW(l->dbs, l->ndbs);
		db->name = xstrdup(name);
	}
	if (!strcmp(key, "title"))
		return set_string(&db->title, value);
	if (!strcmp(key, "schemas")) {
		sl_split_words(&db->schemas, value);
		for (size_t i = 0; i < db->schemas.n; i++)
			if (check_name("schema", db->schemas.v[i], e) != 0)
				return -1;
		return 0;
	}
	return err_set(e, "unknown key \"%s\" in [database %s]", key, name);
}

static int app_pair(struct lesson *l, const char *name, const char *key, const char *value,
		    struct dbp_error *e)
{
	struct lesson_app *app = app_for(l, name);
	long n;

	if (!app) {
		if (check_name("application", name, e) != 0)
			return -1;
		app = GROW(l->apps, l->napps);
		app->name = xstrdup(name);
		app->provision_to = -1;
	}
	if (!strcmp(key, "title"))
		return set_string(&app->title, value);
	if (!strcmp(key, "database"))
		return set_string(&app->database, value);
	if (!strcmp(key, "schema"))
		return set_string(&app->schema, value);
	if (!strcmp(key, "migrations"))
		return set_path(l, &app->migrations_dir, key, value, e);
	if (!strcmp(key, "provision_to")) {
		if (ini_parse_int(value, 0, 999, &n, e) != 0)
			return -1;
		app->provision_to = (int)n;
		return 0;
	}
	return err_set(e, "unknown key \"%s\" in [app %s]", key, name);
}

static int workload_pair(struct lesson *l, const char *name, const char *key, const char *value,
			 struct dbp_error *e)
{
	struct workload *w = workload_for(l, name);

	if (!w) {
		if (check_name("workload", name, e) != 0)
			return -1;
		w = GROW(l->workloads, l->nworkloads);
		w->name = xstrdup(name);
	}
	if (!strcmp(key, "title"))
		return set_string(&w->title, value);
	if (!strcmp(key, "file"))
		return set_path(l, &w->file, key, value, e);
	if (!strcmp(key, "expect") || !strcmp(key, "expect.sqlite") || !strcmp(key, "expect.postgres")) {
		int bits = !strcmp(key, "expect") ? 1 << DBP_SQLITE | 1 << DBP_POSTGRES
			 : 1 << (!strcmp(key, "expect.postgres") ? DBP_POSTGRES : DBP_SQLITE);

		if (strcmp(value, "error") && strcmp(value, "rows"))
			return err_set(e, "%s must be \"rows\" or \"error\", not \"%s\"", key, value);
		w->expect_error = !strcmp(value, "error") ? w->expect_error | bits : w->expect_error & ~bits;
		return 0;
	}
	if (!strcmp(key, "reps")) {
		long n;

		if (ini_parse_int(value, 1, 10000, &n, e) != 0)
			return err_prefix(e, "reps");
		w->reps = (int)n;
		return 0;
	}
	return err_set(e, "unknown key \"%s\" in [workload %s]", key, name);
}

static int step_pair(struct lesson *l, const char *name, const char *key, const char *value,
		     struct dbp_error *e)
{
	long n;
	struct lesson_step *s;

	if (ini_parse_int(name, 1, 99, &n, e) != 0)
		return err_prefix(e, "[step N] needs a number");
	if ((size_t)n > l->nsteps + 1)
		return err_set(e, "steps must be numbered 1, 2, 3... in order (got %ld after %zu)",
			       n, l->nsteps);
	s = (size_t)n == l->nsteps + 1 ? GROW(l->steps, l->nsteps) : &l->steps[n - 1];
	if (!strcmp(key, "title"))
		return set_string(&s->title, value);
	if (!strcmp(key, "text"))
		return set_path(l, &s->text_file, key, value, e);
	if (!strcmp(key, "action")) {
		for (size_t i = 0; i < DBP_ARRAY_LEN(step_actions); i++)
			if (!strcmp(value, step_actions[i]))
				return set_string(&s->action, value);
		return err_set(e, "unknown action \"%s\" (read, provision, tables, migrate, "
			       "rollback, bench, sql, teardown)", value);
	}
	return err_set(e, "unknown key \"%s\" in [step %s]", key, name);
}

const struct lesson_demo *lesson_demo_find(const struct lesson *l, const char *name)
{
	for (size_t i = 0; i < l->ndemos; i++)
		if (!strcmp(l->demos[i].name, name))
			return &l->demos[i];
	return NULL;
}

/* key, key.sqlite or key.postgres of a per-engine value: 1 when it was one. */
static int engine_value(struct claim_value *v, const char *base, const char *key, const char *value)
{
	size_t n = strlen(base);
	char **slot = NULL;

	if (strncmp(key, base, n) != 0)
		return 0;
	if (!key[n])
		slot = &v->any;
	else if (!strcmp(key + n, ".sqlite"))
		slot = &v->sqlite;
	else if (!strcmp(key + n, ".postgres"))
		slot = &v->postgres;
	if (!slot)
		return 0;
	free(*slot);
	*slot = xstrdup(value);
	return 1;
}

static void engine_value_free(struct claim_value *v)
{
	free(v->any);
	free(v->sqlite);
	free(v->postgres);
}

static int demo_pair(struct lesson *l, const char *name, const char *key, const char *value,
		     struct dbp_error *e)
{
	struct lesson_demo *d = (struct lesson_demo *)lesson_demo_find(l, name);

	if (!d) {
		if (check_name("demo", name, e) != 0)
			return -1;
		d = GROW(l->demos, l->ndemos);
		d->name = xstrdup(name);
		d->kind = (enum demo_kind)-1;
	}
	if (!strcmp(key, "title"))
		return set_string(&d->title, value);
	if (!strcmp(key, "text"))
		return set_path(l, &d->text_file, key, value, e);
	if (!strcmp(key, "database"))
		return set_string(&d->database, value);
	if (!strcmp(key, "app"))
		return set_string(&d->app, value);
	if (!strcmp(key, "probe"))
		return set_string(&d->probe, value);
	if (engine_value(&d->hold, "hold", key, value) || engine_value(&d->alter, "alter", key, value) ||
	    engine_value(&d->undo, "undo", key, value) || engine_value(&d->fill, "fill", key, value))
		return 0;
	if (!strcmp(key, "shard_schema"))
		return set_path(l, &d->shard_schema, key, value, e);
	if (!strcmp(key, "fanout"))
		return set_string(&d->fanout, value);
	if (!strcmp(key, "join"))
		return set_string(&d->join, value);
	if (!strcmp(key, "no_transaction")) {
		if (strcmp(value, "yes") && strcmp(value, "no"))
			return err_set(e, "no_transaction must be yes or no, not \"%s\"", value);
		d->no_transaction = !strcmp(value, "yes");
		return 0;
	}
	if (!strcmp(key, "engine")) {
		enum dbp_engine eng;

		if (engine_parse(value, &eng) != 0)
			return err_set(e, "engine must be sqlite or postgres, not \"%s\"", value);
		d->engines = 1 << eng;
		return 0;
	}
	if (!strncmp(key, "probe_", 6)) {
		sl_push_owned(&d->app_probes, xasprintf("%s\t%s", key + 6, value));
		return 0;
	}
	if (!strcmp(key, "kind")) {
		if (!strcmp(value, "offline"))
			d->kind = DEMO_OFFLINE;
		else if (!strcmp(value, "role"))
			d->kind = DEMO_ROLE;
		else if (!strcmp(value, "lock_queue"))
			d->kind = DEMO_LOCK_QUEUE;
		else if (!strcmp(value, "tenants"))
			d->kind = DEMO_TENANTS;
		else if (!strcmp(value, "transfer"))
			d->kind = DEMO_TRANSFER;
		else if (!strcmp(value, "shards"))
			d->kind = DEMO_SHARDS;
		else
			return err_set(e, "kind must be offline, role, lock_queue, tenants, transfer or shards, not \"%s\"",
				       value);
		return 0;
	}
	return err_set(e, "unknown key \"%s\" in [demo %s]", key, name);
}

static int on_lesson_pair(struct ini_ctx *ctx, const char *section, const char *key,
			  const char *value, struct dbp_error *e)
{
	struct lesson *l = ctx->user;
	const char *name;

	if (!strcmp(section, "lesson"))
		return lesson_pair(l, key, value, e);
	if (section_kind(section, "database", &name))
		return database_pair(l, name, key, value, e);
	if (section_kind(section, "app", &name))
		return app_pair(l, name, key, value, e);
	if (section_kind(section, "workload", &name))
		return workload_pair(l, name, key, value, e);
	if (section_kind(section, "step", &name))
		return step_pair(l, name, key, value, e);
	if (section_kind(section, "demo", &name))
		return demo_pair(l, name, key, value, e);
	if (section_kind(section, "claim", &name))
		return claim_pair(l, name, ctx->line, key, value, e);
	if (!strcmp(section, "tour"))
		return tour_pair(l, ctx->line, key, value, e);
	if (section_kind(section, "stop", &name))
		return stop_pair(l, name, ctx->line, key, value, e);
	return err_set(e, "unknown section [%s] (lesson, database NAME, app NAME, "
		       "workload NAME, step N, demo NAME, claim NAME, tour, stop N)", section);
}

/* ---- migrations directory ------------------------------------------- */

static struct migration *migration_for(struct lesson_app *app, int version, const char *name,
				       struct dbp_error *e)
{
	for (size_t i = 0; i < app->nmigrations; i++) {
		struct migration *m = &app->migrations[i];

		if (m->version != version)
			continue;
		if (strcmp(m->name, name) != 0) {
			err_set(e, "two migrations share version %03d (%s and %s)", version, m->name, name);
			return NULL;
		}
		return m;
	}
	struct migration *m = GROW(app->migrations, app->nmigrations);

	m->version = version;
	m->name = xstrdup(name);
	return m;
}

/* NNN_name.up.sql, NNN_name.down.pg.sql, ... */
static int add_migration_file(struct lesson_app *app, const char *dir, const char *file,
			      struct dbp_error *e)
{
	char *copy = xstrdup(file), *dot, *name, *end;
	const char *dirn, *engine = "";
	long version = strtol(copy, &end, 10);
	struct migration *m;
	char **slot;
	int rc = -1;

	if (end == copy || *end != '_' || version < 1 || version > 999) {
		err_set(e, "%s/%s: a migration file is named NNN_name.up.sql or NNN_name.down.sql", dir, file);
		goto out;
	}
	name = end + 1;
	dot = strstr(name, ".");
	if (!dot || (strncmp(dot, ".up.", 4) && strncmp(dot, ".down.", 6))) {
		err_set(e, "%s/%s: say .up. or .down. after the name", dir, file);
		goto out;
	}
	*dot = '\0';
	dirn = dot[1] == 'u' ? "up" : "down";
	engine = dot + 1 + strlen(dirn) + 1;
	if (strcmp(engine, "sql") && strcmp(engine, "pg.sql") && strcmp(engine, "sqlite.sql")) {
		err_set(e, "%s/%s: after .%s. comes sql, pg.sql or sqlite.sql", dir, file, dirn);
		goto out;
	}
	m = migration_for(app, (int)version, name, e);
	if (!m) {
		err_prefix(e, "%s", dir);
		goto out;
	}
	if (!strcmp(engine, "sql"))
		slot = dirn[0] == 'u' ? &m->path_up : &m->path_down;
	else if (!strcmp(engine, "pg.sql"))
		slot = dirn[0] == 'u' ? &m->path_up_pg : &m->path_down_pg;
	else
		slot = dirn[0] == 'u' ? &m->path_up_sqlite : &m->path_down_sqlite;
	*slot = path_join(dir, file);
	rc = 0;
out:
	free(copy);
	return rc;
}

/* A file in a migrations directory may be a symlink: it too stays inside. */
static int migration_entry(const struct lesson *l, struct lesson_app *app, const char *dir,
			   const char *file, struct dbp_error *e)
{
	char *path = path_join(dir, file);
	int inside = 0, err = resolves_inside(l, path, &inside);

	if (err)
		err_set(e, "%s: %s", path, strerror(err));
	else if (!inside)
		err_set(e, "%s leaves the lesson directory (a lesson's files stay inside it, "
			"or in ../_shared)", path);
	free(path);
	return err || !inside ? -1 : add_migration_file(app, dir, file, e);
}

static int by_version(const void *a, const void *b)
{
	return ((const struct migration *)a)->version - ((const struct migration *)b)->version;
}

static int check_migration_set(const struct lesson_app *app, const char *dir, struct dbp_error *e)
{
	for (size_t i = 0; i < app->nmigrations; i++) {
		const struct migration *m = &app->migrations[i];
		int up_ok = m->path_up || (m->path_up_pg && m->path_up_sqlite);
		int down_ok = m->path_down || (m->path_down_pg && m->path_down_sqlite);

		if (m->version != (int)i + 1)
			return err_set(e, "%s: versions must run 1, 2, 3... without gaps "
				       "(found %03d where %03zu belongs)", dir, m->version, i + 1);
		if (!up_ok || !down_ok)
			return err_set(e, "%s: migration %03d_%s needs both an up and a down file "
				       "(for every engine)", dir, m->version, m->name);
	}
	if (app->provision_to > (int)app->nmigrations)
		return err_set(e, "[app %s] provision_to = %d but it has only %zu migrations",
			       app->name, app->provision_to, app->nmigrations);
	return 0;
}

/* Unreadable SQL sums as empty: applying it reports the real error. */
static void checksum_migration(struct migration *m)
{
	const enum dbp_engine engines[] = { DBP_SQLITE, DBP_POSTGRES };

	for (size_t i = 0; i < DBP_ARRAY_LEN(engines); i++) {
		struct dbp_error e;
		char *sql = migration_sql(m, engines[i], 1, &e);

		checksum_hex(sql ? sql : "", m->checksum[engines[i]]);
		free(sql);
	}
}

static int load_migrations(struct lesson *l, struct lesson_app *app, struct dbp_error *e)
{
	char *dir;
	DIR *d;
	struct dirent *ent;
	int rc = 0;

	if (!app->migrations_dir)
		return err_set(e, "%s/lesson.ini: [app %s] needs migrations = DIR", l->dir, app->name);
	dir = path_join(l->dir, app->migrations_dir);
	d = opendir(dir);
	if (!d) {
		err_set(e, "%s/lesson.ini: [app %s] migrations directory %s cannot be read",
			l->dir, app->name, dir);
		free(dir);
		return -1;
	}
	while (rc == 0 && (ent = readdir(d)))
		if (ent->d_name[0] != '.')
			rc = migration_entry(l, app, dir, ent->d_name, e);
	closedir(d);
	if (rc == 0) {
		/* An empty directory leaves the array NULL, which qsort may not get. */
		if (app->nmigrations)
			qsort(app->migrations, app->nmigrations, sizeof *app->migrations, by_version);
		rc = check_migration_set(app, dir, e);
	}
	for (size_t i = 0; rc == 0 && i < app->nmigrations; i++)
		checksum_migration(&app->migrations[i]);
	free(dir);
	return rc;
}

/* ---- workloads -------------------------------------------------------- */

static void trim_end(char *s)
{
	size_t n = strlen(s);

	while (n && strchr(" \t\r\n;", s[n - 1]))
		s[--n] = '\0';
}

/* "-- @query APP [each|in]" starts a step; the SQL runs to the next one. */
static int parse_directive(struct lesson *l, struct workload *w, const char *path, int line,
			   const char *rest, struct dbp_error *e)
{
	struct strlist words = { 0 };
	struct wl_step *s;
	int rc = -1;

	sl_split_words(&words, rest);
	if (words.n < 2 || strcmp(words.v[0], "@query") || words.n > 3) {
		err_set(e, "%s:%d: expected \"-- @query APP [each|in]\"", path, line);
		goto out;
	}
	if (!app_for(l, words.v[1])) {
		err_set(e, "%s:%d: no application \"%s\" in this lesson", path, line, words.v[1]);
		goto out;
	}
	s = GROW(w->steps, w->nsteps);
	s->app = xstrdup(words.v[1]);
	s->line = line;
	s->mode = WL_ONCE;
	if (words.n == 3) {
		if (!strcmp(words.v[2], "each"))
			s->mode = WL_EACH;
		else if (!strcmp(words.v[2], "in"))
			s->mode = WL_IN;
		else {
			err_set(e, "%s:%d: after the application comes \"each\" or \"in\"", path, line);
			goto out;
		}
		if (w->nsteps == 1) {
			err_set(e, "%s:%d: \"%s\" needs an earlier step whose rows it uses",
				path, line, words.v[2]);
			goto out;
		}
	}
	rc = 0;
out:
	sl_free(&words);
	return rc;
}

static int parse_workload_text(struct lesson *l, struct workload *w, const char *path,
			       const char *text, struct dbp_error *e)
{
	struct strbuf sql;
	int line = 1;

	sb_init(&sql);
	for (const char *p = text; *p; line++) {
		size_t n = strcspn(p, "\n");
		char *row = xstrndup(p, n);
		const char *lead = row + strspn(row, " \t");

		if (!strncmp(lead, "-- @", 4)) {
			if (w->nsteps)
				w->steps[w->nsteps - 1].sql = sb_steal(&sql);
			if (parse_directive(l, w, path, line, lead + 3, e) != 0) {
				free(row);
				sb_free(&sql);
				return -1;
			}
		} else if (w->nsteps) {
			sb_addf(&sql, "%s\n", row);
		} else if (*lead && strncmp(lead, "--", 2)) {
			free(row);
			sb_free(&sql);
			return err_set(e, "%s:%d: SQL before the first \"-- @query APP\" line", path, line);
		}
		free(row);
		p += n + (p[n] == '\n');
	}
	if (!w->nsteps)
		return err_set(e, "%s: no \"-- @query APP\" step", path);
	w->steps[w->nsteps - 1].sql = sb_steal(&sql);
	for (size_t i = 0; i < w->nsteps; i++) {
		trim_end(w->steps[i].sql);
		if (!w->steps[i].sql[strspn(w->steps[i].sql, " \t\n")])
			return err_set(e, "%s:%d: the step has no SQL", path, w->steps[i].line);
	}
	return 0;
}

static int load_workload(struct lesson *l, struct workload *w, struct dbp_error *e)
{
	char *path, *text;
	int rc;

	if (!w->file)
		return err_set(e, "%s/lesson.ini: [workload %s] needs file = PATH", l->dir, w->name);
	path = path_join(l->dir, w->file);
	text = read_text_file(path, TEXT_MAX_BYTES, e);
	rc = text ? parse_workload_text(l, w, path, text, e) : -1;
	free(text);
	free(path);
	return rc;
}

/* ---- whole lesson ------------------------------------------------------ */

static int check_app(struct lesson *l, struct lesson_app *app, struct dbp_error *e)
{
	const char *ini = "lesson.ini";
	struct lesson_db *db;

	if (!app->database)
		return err_set(e, "%s/%s: [app %s] needs database = NAME", l->dir, ini, app->name);
	db = db_for(l, app->database);
	if (!db)
		return err_set(e, "%s/%s: [app %s] names database \"%s\", which has no [database %s]",
			       l->dir, ini, app->name, app->database, app->database);
	if (app->schema && !sl_contains(&db->schemas, app->schema))
		return err_set(e, "%s/%s: [app %s] names schema \"%s\", which [database %s] does not list",
			       l->dir, ini, app->name, app->schema, db->name);
	return load_migrations(l, app, e);
}

static int has_schema(struct lesson *l, const char *name)
{
	for (size_t i = 0; i < l->ndbs; i++)
		if (sl_contains(&l->dbs[i].schemas, name))
			return 1;
	return 0;
}

/* {{db:NAME}} and {{schema:NAME}} become the engine's names on screen: a
 * NAME the lesson does not have would show a database that never exists. */
static int check_names_in(struct lesson *l, const char *file, const char *text, struct dbp_error *e)
{
	for (const char *p = strstr(text, "{{"); p; p = strstr(p + 2, "{{")) {
		int db = !strncmp(p + 2, "db:", 3), schema = !strncmp(p + 2, "schema:", 7);
		const char *name = p + 2 + (db ? 3 : 7), *close = strstr(p, "}}");
		char *key;
		int known;

		if ((!db && !schema) || !close)
			continue;
		key = xstrndup(name, (size_t)(close - name));
		known = db ? db_for(l, key) != NULL : has_schema(l, key);
		if (!known)
			err_set(e, "%s/%s: {{%s%s}} names a %s the lesson does not have (its [database] "
				"sections name them)", l->dir, file, db ? "db:" : "schema:", key,
				db ? "database" : "schema");
		free(key);
		if (!known)
			return -1;
	}
	return 0;
}

/* Read once here and kept: the screen shows texts on every redraw. */
static int check_text_file(struct lesson *l, const char *file, struct dbp_error *e)
{
	char *text;

	if (!file || sl_contains(&l->text_files, file))
		return 0;
	text = lesson_text(l, file, e);
	if (!text)
		return -1;
	if (check_names_in(l, file, text, e) != 0) {
		free(text);
		return -1;
	}
	sl_push(&l->text_files, file);
	sl_push_owned(&l->texts, text);
	return 0;
}

int workload_expects_error(const struct workload *w, enum dbp_engine engine)
{
	return (w->expect_error >> engine) & 1;
}

int demo_runs_on(const struct lesson_demo *d, enum dbp_engine engine)
{
	return !d->engines || (d->engines >> engine) & 1;
}

const char *demo_kind_name(enum demo_kind k)
{
	static const char *const names[] = { [DEMO_OFFLINE] = "offline", [DEMO_ROLE] = "role",
					     [DEMO_LOCK_QUEUE] = "lock_queue", [DEMO_TENANTS] = "tenants",
					     [DEMO_TRANSFER] = "transfer", [DEMO_SHARDS] = "shards" };

	return names[k];
}

/* The first word of the SQL, past blanks and -- comments. */
static const char *first_word(const char *sql)
{
	for (;;) {
		sql += strspn(sql, " \t\r\n");
		if (sql[0] != '-' || sql[1] != '-')
			return sql;
		sql += strcspn(sql, "\n");
	}
}

static int word_is(const char *at, const char *word)
{
	size_t n = strlen(word);

	return !strncasecmp(at, word, n) && (at[n] == ' ' || at[n] == '\t' || at[n] == '\n' ||
					     at[n] == '\r');
}

int wl_step_sets_session(const struct wl_step *s)
{
	const char *w = first_word(s->sql);

	return s->mode == WL_ONCE && (word_is(w, "set") || word_is(w, "reset"));
}

int workload_sets_session(const struct workload *w)
{
	for (size_t i = 0; i < w->nsteps; i++)
		if (wl_step_sets_session(&w->steps[i]))
			return 1;
	return 0;
}

const char *demo_probe_for(const struct lesson_demo *d, const char *app)
{
	size_t n = strlen(app);

	for (size_t i = 0; i < d->app_probes.n; i++)
		if (!strncmp(d->app_probes.v[i], app, n) && d->app_probes.v[i][n] == '\t')
			return d->app_probes.v[i] + n + 1;
	return d->probe;
}

static int check_demo(struct lesson *l, const struct lesson_demo *d, struct dbp_error *e)
{
	const char *ini = "lesson.ini";

	for (size_t i = 0; i < d->app_probes.n; i++) {
		char *app = xstrndup(d->app_probes.v[i], strcspn(d->app_probes.v[i], "\t"));
		int known = app_for(l, app) != NULL;

		if (!known)
			err_set(e, "%s/%s: [demo %s] has probe_%s, but the lesson has no app %s",
				l->dir, ini, d->name, app, app);
		free(app);
		if (!known)
			return -1;
	}
	if ((int)d->kind < 0 || !d->title || (!d->probe && d->kind != DEMO_TENANTS && d->kind != DEMO_TRANSFER))
		return err_set(e, "%s/%s: [demo %s] needs kind, title and probe", l->dir, ini, d->name);
	if (d->kind == DEMO_TRANSFER && (l->napps < 2 || l->apps[0].schema || l->apps[1].schema ||
					 !strcmp(l->apps[0].database, l->apps[1].database)))
		return err_set(e, "%s/%s: [demo %s] kind transfer needs the first two apps in two databases "
			       "of their own, without schemas", l->dir, ini, d->name);
	/* The shared-table model is the first app: its tables, then a migration. */
	if (d->kind == DEMO_TENANTS && (strcmp(l->apps[0].database, l->dbs[0].name) || l->apps[0].schema ||
					l->apps[0].nmigrations < 2))
		return err_set(e, "%s/%s: [demo %s] kind tenants needs the first app in the first database, "
			       "without a schema, with at least two migrations", l->dir, ini, d->name);
	if (d->kind == DEMO_OFFLINE && (!d->database || !db_for(l, d->database)))
		return err_set(e, "%s/%s: [demo %s] needs database = one of the lesson's databases",
			       l->dir, ini, d->name);
	if (d->kind == DEMO_ROLE && (!d->app || !app_for(l, d->app) || l->ndbs < 2))
		return err_set(e, "%s/%s: [demo %s] needs app = one of the lesson's apps, in a lesson "
			       "with two databases", l->dir, ini, d->name);
	if (d->kind == DEMO_LOCK_QUEUE && (!d->app || !app_for(l, d->app)))
		return err_set(e, "%s/%s: [demo %s] needs app = one of the lesson's apps", l->dir, ini, d->name);
	if (d->kind == DEMO_SHARDS && (!d->app || !app_for(l, d->app) || !d->shard_schema || !d->fanout ||
				       !d->join || !d->fill.sqlite || !d->fill.postgres))
		return err_set(e, "%s/%s: [demo %s] kind shards needs app, shard_schema, fill.sqlite, "
			       "fill.postgres, fanout and join", l->dir, ini, d->name);
	if (d->kind != DEMO_SHARDS && (d->shard_schema || d->fanout || d->join || d->fill.any ||
				       d->fill.sqlite || d->fill.postgres))
		return err_set(e, "%s/%s: [demo %s]: shard_schema, fill, fanout and join go with kind = shards",
			       l->dir, ini, d->name);
	if (d->no_transaction && (d->kind != DEMO_LOCK_QUEUE || !(d->undo.any || d->undo.sqlite ||
								     d->undo.postgres)))
		return err_set(e, "%s/%s: [demo %s] no_transaction goes with kind = lock_queue and needs undo "
			       "= SQL that takes away what alter left", l->dir, ini, d->name);
	for (int eng = DBP_SQLITE; d->kind == DEMO_LOCK_QUEUE && eng <= DBP_POSTGRES; eng++)
		if (demo_runs_on(d, (enum dbp_engine)eng) && (!claim_value_for(&d->hold, (enum dbp_engine)eng) ||
		    !claim_value_for(&d->alter, (enum dbp_engine)eng)))
			return err_set(e, "%s/%s: [demo %s] needs hold and alter (or hold.%s, alter.%s)",
				       l->dir, ini, d->name, engine_name((enum dbp_engine)eng),
				       engine_name((enum dbp_engine)eng));
	if (d->kind != DEMO_LOCK_QUEUE && (d->hold.any || d->hold.sqlite || d->hold.postgres ||
					   d->alter.any || d->alter.sqlite || d->alter.postgres))
		return err_set(e, "%s/%s: [demo %s]: hold and alter go with kind = lock_queue", l->dir,
			       ini, d->name);
	if (d->shard_schema && check_text_file(l, d->shard_schema, e) != 0)
		return -1;
	return check_text_file(l, d->text_file, e);
}

static int check_lesson(struct lesson *l, struct dbp_error *e)
{
	if (!l->number || !l->slug || !l->title)
		return err_set(e, "%s/lesson.ini: [lesson] needs number, slug and title", l->dir);
	if (!l->ndbs || !l->napps)
		return err_set(e, "%s/lesson.ini: a lesson needs at least one [database] and one [app]",
			       l->dir);
	for (size_t i = 0; i < l->napps; i++)
		if (check_app(l, &l->apps[i], e) != 0)
			return -1;
	for (size_t i = 0; i < l->nworkloads; i++)
		if (load_workload(l, &l->workloads[i], e) != 0)
			return -1;
	for (size_t i = 0; i < l->nsteps; i++) {
		if (!l->steps[i].title)
			return err_set(e, "%s/lesson.ini: [step %zu] needs a title", l->dir, i + 1);
		if (check_text_file(l, l->steps[i].text_file, e) != 0)
			return -1;
	}
	for (size_t i = 0; i < l->ndemos; i++)
		if (check_demo(l, &l->demos[i], e) != 0)
			return -1;
	if (lesson_check_claims(l, e) != 0 || lesson_check_tour(l, e) != 0)
		return -1;
	return check_text_file(l, l->intro_file, e);
}

struct lesson *lesson_load(const char *dir, struct dbp_error *e)
{
	struct lesson *l = xcalloc(1, sizeof *l);
	char *ini = path_join(dir, "lesson.ini");
	int rc;

	l->dir = xstrdup(dir);
	rc = ini_file_load(ini, on_lesson_pair, l, e);
	free(ini);
	if (rc == 0)
		rc = check_lesson(l, e);
	if (rc != 0) {
		lesson_free(l);
		return NULL;
	}
	return l;
}

static void migration_free(struct migration *m)
{
	free(m->name);
	free(m->path_up);
	free(m->path_down);
	free(m->path_up_pg);
	free(m->path_down_pg);
	free(m->path_up_sqlite);
	free(m->path_down_sqlite);
}

void lesson_free(struct lesson *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->ndbs; i++) {
		free(l->dbs[i].name);
		free(l->dbs[i].title);
		sl_free(&l->dbs[i].schemas);
	}
	for (size_t i = 0; i < l->napps; i++) {
		struct lesson_app *a = &l->apps[i];

		for (size_t j = 0; j < a->nmigrations; j++)
			migration_free(&a->migrations[j]);
		free(a->migrations);
		free(a->name);
		free(a->title);
		free(a->database);
		free(a->schema);
		free(a->migrations_dir);
	}
	for (size_t i = 0; i < l->nworkloads; i++) {
		struct workload *w = &l->workloads[i];

		for (size_t j = 0; j < w->nsteps; j++) {
			free(w->steps[j].app);
			free(w->steps[j].sql);
		}
		free(w->steps);
		free(w->name);
		free(w->title);
		free(w->file);
	}
	for (size_t i = 0; i < l->nsteps; i++) {
		free(l->steps[i].title);
		free(l->steps[i].text_file);
		free(l->steps[i].action);
	}
	for (size_t i = 0; i < l->ndemos; i++) {
		struct lesson_demo *d = &l->demos[i];

		free(d->name);
		free(d->title);
		free(d->text_file);
		free(d->database);
		free(d->app);
		free(d->probe);
		engine_value_free(&d->hold);
		engine_value_free(&d->alter);
		engine_value_free(&d->fill);
		free(d->shard_schema);
		free(d->fanout);
		free(d->join);
		engine_value_free(&d->undo);
		sl_free(&d->app_probes);
	}
	free(l->demos);
	lesson_claims_free(l);
	lesson_tour_free(l);
	free(l->dbs);
	free(l->apps);
	free(l->workloads);
	free(l->steps);
	free(l->slug);
	free(l->title);
	free(l->summary);
	free(l->dir);
	free(l->intro_file);
	sl_free(&l->text_files);
	sl_free(&l->texts);
	free(l);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Subdirectories holding a lesson.ini, sorted. */
static int lesson_dirs(const char *dir, struct strlist *out, struct dbp_error *e)
{
	DIR *d;
	struct dirent *ent;

	if (!*dir)
		return err_set(e, "the lessons directory may not be empty");
	d = opendir(dir);
	if (!d)
		return err_set(e, "lessons directory %s cannot be read", dir);
	while ((ent = readdir(d))) {
		char *sub, *ini;

		if (ent->d_name[0] == '.')
			continue;
		sub = path_join(dir, ent->d_name);
		ini = path_join(sub, "lesson.ini");
		if (is_regular_file(ini))
			sl_push_owned(out, sub);
		else
			free(sub);
		free(ini);
	}
	closedir(d);
	/* Checked first: with no lessons the array is NULL, which qsort may not get. */
	if (!out->n)
		return err_set(e, "no lessons in %s (each lesson is a directory with a lesson.ini)", dir);
	qsort(out->v, out->n, sizeof *out->v, by_name);
	return 0;
}

static int add_to_set(struct lesson_set *set, struct lesson *l, struct dbp_error *e)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i]->number == l->number || !strcmp(set->v[i]->slug, l->slug))
			return err_set(e, "%s and %s share a lesson number or slug", set->v[i]->dir, l->dir);
	set->v = xrealloc(set->v, (set->n + 1) * sizeof *set->v);
	set->v[set->n++] = l;
	return 0;
}

static int by_number(const void *a, const void *b)
{
	return (*(struct lesson *const *)a)->number - (*(struct lesson *const *)b)->number;
}

int lessons_load_dir(const char *dir, struct lesson_set *set, struct dbp_error *e)
{
	struct strlist dirs = { 0 };
	int rc = lesson_dirs(dir, &dirs, e);

	for (size_t i = 0; rc == 0 && i < dirs.n; i++) {
		struct lesson *l = lesson_load(dirs.v[i], e);

		if (!l || add_to_set(set, l, e) != 0) {
			lesson_free(l);
			rc = -1;
		}
	}
	sl_free(&dirs);
	if (rc != 0)
		lesson_set_free(set);
	else
		qsort(set->v, set->n, sizeof *set->v, by_number);
	return rc;
}

int lessons_check_dir(const char *dir, struct strbuf *out)
{
	struct strlist dirs = { 0 };
	struct lesson_set set = { 0 };
	struct dbp_error e;
	int bad = 0;

	if (lesson_dirs(dir, &dirs, &e) != 0) {
		sb_addf(out, "%s\n", e.msg);
		return 1;
	}
	for (size_t i = 0; i < dirs.n; i++) {
		struct lesson *l = lesson_load(dirs.v[i], &e);

		if (!l || add_to_set(&set, l, &e) != 0) {
			sb_addf(out, "%s\n", e.msg);
			lesson_free(l);
			bad++;
		} else {
			sb_addf(out, "%s: lesson %d (%s) is valid\n", dirs.v[i], l->number, l->slug);
		}
	}
	sl_free(&dirs);
	lesson_set_free(&set);
	return bad;
}

void lesson_set_free(struct lesson_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		lesson_free(set->v[i]);
	free(set->v);
	set->v = NULL;
	set->n = 0;
}

struct lesson *lesson_find(const struct lesson_set *set, const char *key)
{
	char *end;
	long n = strtol(key, &end, 10);

	for (size_t i = 0; i < set->n; i++) {
		if (*key && !*end && set->v[i]->number == n)
			return set->v[i];
		if (!strcmp(set->v[i]->slug, key))
			return set->v[i];
	}
	return NULL;
}

const struct workload *lesson_workload_find(const struct lesson *l, const char *name)
{
	return workload_for((struct lesson *)l, name);
}

const struct lesson_app *lesson_app_find(const struct lesson *l, const char *name)
{
	return app_for((struct lesson *)l, name);
}

const struct lesson_db *lesson_db_find(const struct lesson *l, const char *name)
{
	return db_for((struct lesson *)l, name);
}

char *migration_sql(const struct migration *m, enum dbp_engine engine, int up, struct dbp_error *e)
{
	const char *special = engine == DBP_POSTGRES ? (up ? m->path_up_pg : m->path_down_pg)
						     : (up ? m->path_up_sqlite : m->path_down_sqlite);
	const char *path = special ? special : (up ? m->path_up : m->path_down);

	return read_text_file(path, TEXT_MAX_BYTES, e);
}

char *lesson_text(const struct lesson *l, const char *file, struct dbp_error *e)
{
	for (size_t i = 0; i < l->text_files.n; i++)
		if (!strcmp(l->text_files.v[i], file))
			return xstrdup(l->texts.v[i]);
	char *path = path_join(l->dir, file);
	char *text = read_text_file(path, TEXT_MAX_BYTES, e);

	free(path);
	return text;
}
