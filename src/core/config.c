/* config: see config.h. */
#include "config.h"
#include "ini_file.h"

#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


void config_set(char **field, const char *value)
{
	free(*field);
	*field = value ? xstrdup(value) : NULL;
}

/* The home directory: $HOME, else the password file's (a cron job or
 * `env -i` has no HOME; /tmp, shared by every user, is no place for it). */
static const char *home_dir(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home && *home == '/')
		return home;
	pw = getpwuid(getuid());
	return pw && pw->pw_dir && *pw->pw_dir == '/' ? pw->pw_dir : "/";
}

static char *xdg_dir(const char *var, const char *fallback, const char *leaf)
{
	const char *base = getenv(var);

	if (base && base[0] == '/')
		return xasprintf("%s/%s", base, leaf);
	return xasprintf("%s/%s/%s", strcmp(home_dir(), "/") ? home_dir() : "", fallback, leaf);
}

void config_defaults(struct dbp_config *c)
{
	memset(c, 0, sizeof *c);
	c->engine = DBP_SQLITE;
	c->workdir = xdg_dir("XDG_DATA_HOME", ".local/share", "dbpatterns");
	c->prefix = xstrdup(DBP_BASE_PREFIX);
	c->reps = 20;
	c->tenants = 10;
}

static int on_config_pair(struct ini_ctx *ctx, const char *section, const char *key,
			  const char *value, struct dbp_error *e)
{
	struct dbp_config *c = ctx->user;
	long n;

	if (strcmp(section, "dbpatterns") != 0)
		return err_set(e, "unknown section [%s] (the only one is [dbpatterns])", section);
	if (!strcmp(key, "backend"))
		return engine_parse(value, &c->engine) == 0 ? 0
			: err_set(e, "backend must be sqlite or postgres, not \"%s\"", value);
	if (!strcmp(key, "workdir")) {
		if (!*value)
			return err_set(e, "the workdir may not be empty");
		config_set(&c->workdir, value);
		return 0;
	}
	if (!strcmp(key, "dsn")) {
		config_set(&c->dsn, value);
		return 0;
	}
	if (!strcmp(key, "prefix"))
		return config_set_prefix(c, value, e);
	if (!strcmp(key, "lessons")) {
		if (!*value)
			return err_set(e, "the lessons directory may not be empty");
		config_set(&c->lessons_dir, value);
		return 0;
	}
	if (!strcmp(key, "reps")) {
		if (ini_parse_int(value, 1, 100000, &n, e) != 0)
			return -1;
		c->reps = (int)n;
		return 0;
	}
	if (!strcmp(key, "shard1") || !strcmp(key, "shard2") || !strcmp(key, "shard3"))
		return config_add_shard(c, value, e);
	if (!strcmp(key, "color"))
		return ini_parse_bool(value, &c->no_color, e) == 0 ? (c->no_color = !c->no_color, 0) : -1;
	return err_set(e, "unknown key \"%s\" (backend, workdir, dsn, prefix, lessons, reps, color, shard1..3)", key);
}

int config_add_shard(struct dbp_config *c, const char *dsn, struct dbp_error *e)
{
	if (!*dsn)
		return err_set(e, "a shard's DSN may not be empty");
	if (c->shards.n >= DBP_MAX_SHARDS)
		return err_set(e, "at most %d shards", DBP_MAX_SHARDS);
	sl_push(&c->shards, dsn);
	return 0;
}

int config_load(struct dbp_config *c, const char *path, struct dbp_error *e)
{
	char *fallback = NULL;
	int rc;

	if (path && !*path)
		return err_set(e, "the config file name may not be empty");
	if (!path) {
		fallback = xdg_dir("XDG_CONFIG_HOME", ".config", "dbpatterns/config.ini");
		if (access(fallback, F_OK) != 0) {
			free(fallback);
			return 0;
		}
		path = fallback;
	}
	rc = ini_file_load(path, on_config_pair, c, e);
	free(fallback);
	return rc;
}

/* Set and not empty: an empty variable counts as unset, as NO_COLOR does. */
static const char *env_value(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

int config_from_env(struct dbp_config *c, struct dbp_error *e)
{
	const char *v;

	/* A value we cannot use stops us, as in the config file: ignoring it
	 * would run against the wrong engine or names without a word. */
	if ((v = env_value("DBPATTERNS_BACKEND")) && engine_parse(v, &c->engine) != 0)
		return err_set(e, "DBPATTERNS_BACKEND must be sqlite or postgres, not \"%s\"", v);
	if ((v = env_value("DBPATTERNS_PREFIX")) && config_set_prefix(c, v, e) != 0)
		return err_prefix(e, "DBPATTERNS_PREFIX");
	if ((v = env_value("DBPATTERNS_WORKDIR")))
		config_set(&c->workdir, v);
	if ((v = env_value("DBPATTERNS_DSN")))
		config_set(&c->dsn, v);
	if ((v = env_value("DBPATTERNS_LESSONS")))
		config_set(&c->lessons_dir, v);
	if (env_value("NO_COLOR"))
		c->no_color = 1;
	return 0;
}

void config_free(struct dbp_config *c)
{
	free(c->workdir);
	free(c->dsn);
	free(c->prefix);
	free(c->lessons_dir);
	sl_free(&c->shards);
	memset(c, 0, sizeof *c);
}

int config_check_prefix(const char *prefix, struct dbp_error *e)
{
	if (!*prefix)
		return err_set(e, "the prefix may not be empty");
	if (strlen(prefix) > 40)
		return err_set(e, "the prefix \"%.*s...\" is longer than 40 bytes",
			       (int)utf8_prefix_len(prefix, 40), prefix);
	for (const unsigned char *p = (const unsigned char *)prefix; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\')
			return err_set(e, "the prefix may not hold control characters, / or \\");
	return 0;
}

int config_set_prefix(struct dbp_config *c, const char *prefix, struct dbp_error *e)
{
	if (config_check_prefix(prefix, e) != 0)
		return -1;
	config_set(&c->prefix, prefix);
	c->prefix_given = 1;
	return 0;
}

/* FNV-1a: a stable short tag for a role name, not a secret. */
static unsigned role_hash(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Names built from the default need no quoting in the student's own SQL
 * and fit in PostgreSQL's 63 bytes with the longest lesson name beside
 * them (DBP_DEFAULT_PREFIX_MAX leaves 39). */
char *config_role_prefix(const char *role)
{
	const size_t room = DBP_DEFAULT_PREFIX_MAX - sizeof DBP_BASE_PREFIX; /* after "dbp_" */
	struct strbuf b;
	int changed = 0;

	if (!role || !*role)
		return xstrdup(DBP_BASE_PREFIX);
	sb_init(&b);
	sb_add(&b, DBP_BASE_PREFIX "_");
	for (const unsigned char *p = (const unsigned char *)role; *p; p++) {
		char ch = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);

		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'))
			ch = '_';
		changed |= ch != (char)*p;
		sb_addn(&b, &ch, 1);
	}
	if (changed || b.len - sizeof DBP_BASE_PREFIX > room) {
		/* Cut to leave "_xxxx", then tag with the role's own hash. */
		if (b.len > sizeof DBP_BASE_PREFIX + room - 5)
			b.s[b.len = sizeof DBP_BASE_PREFIX + room - 5] = '\0';
		sb_addf(&b, "_%04x", role_hash(role) & 0xffffu);
	}
	return sb_steal(&b);
}

char *data_lessons_dir(void)
{
	char exe[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	const char *env = getenv("DBPATTERNS_DATADIR");

	if (env && *env)
		return path_join(env, "lessons");
	/* An uninstalled binary lives in <builddir>/src: use the source tree. */
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			if (!strcmp(exe, DBP_ABS_BUILDDIR "/src") ||
			    !strcmp(exe, DBP_ABS_BUILDDIR "/tests/unit"))
				return xstrdup(DBP_ABS_SRCDIR "/data/lessons");
		}
	}
	return xstrdup(DBP_PKGDATADIR "/data/lessons");
}
