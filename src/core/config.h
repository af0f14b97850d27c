/* config: the settings every front end needs, from defaults, then
 * $XDG_CONFIG_HOME/dbpatterns/config.ini or --config FILE, then the
 * environment, then command-line flags (the caller applies those last). */
#ifndef DBP_CONFIG_H
#define DBP_CONFIG_H

#include "backend.h"

enum dbp_format { FORMAT_TEXT, FORMAT_CSV, FORMAT_JSON };

struct dbp_config {
	enum dbp_engine engine;
	char *workdir;     /* SQLite files and the manifest */
	char *dsn;         /* PostgreSQL conninfo or URI (NULL: libpq defaults) */
	char *prefix;      /* namespace for everything we create */
	int prefix_given;  /* set by the config file, DBPATTERNS_PREFIX or --prefix */
	char *lessons_dir; /* NULL: the installed lessons */
	int reps;          /* timed repetitions per workload */
	int tenants;       /* lesson 5's demo: how many tenants (--tenants) */
	/* Lesson 11: a PostgreSQL DSN per shard server (--shard, shard1..3 in
	 * the config file); none: the shards are databases on the main server. */
	struct strlist shards;
	int no_color;
};

void config_defaults(struct dbp_config *c);
/* path NULL: the XDG default, silently absent if missing. */
int config_load(struct dbp_config *c, const char *path, struct dbp_error *e);
/* The DBPATTERNS_* variables (empty ones count as unset); -1 with a message
 * naming the variable when a value cannot be used. */
int config_from_env(struct dbp_config *c, struct dbp_error *e);
void config_free(struct dbp_config *c);
void config_set(char **field, const char *value);
/* The most shard servers lesson 11 spreads its users over. */
#define DBP_MAX_SHARDS 3
/* One more shard DSN, refused (with why) beyond DBP_MAX_SHARDS or empty. */
int config_add_shard(struct dbp_config *c, const char *dsn, struct dbp_error *e);
/* A prefix we can build names from: non-empty, no '/', no control bytes. */
int config_check_prefix(const char *prefix, struct dbp_error *e);
/* The prefix chosen by the user (config file, environment, --prefix):
 * checked, then kept, and no default replaces it. */
int config_set_prefix(struct dbp_config *c, const char *prefix, struct dbp_error *e);

/* The default prefix when none was given.  SQLite keeps DBP_BASE_PREFIX:
 * its files live in the user's own workdir.  On a PostgreSQL server that
 * a class shares it is DBP_BASE_PREFIX "_" and the role, lower-case
 * letters, digits and '_' only, at most DBP_DEFAULT_PREFIX_MAX bytes; a
 * role that had to be changed or cut gets four hex digits of its own hash,
 * so "Ann" and "ann" stay apart.  Caller frees. */
#define DBP_BASE_PREFIX "dbp"
#define DBP_DEFAULT_PREFIX_MAX 24
char *config_role_prefix(const char *role);

/* Where the bundled lessons are: installed, or next to an uninstalled
 * binary in the source tree. */
char *data_lessons_dir(void);

#endif
