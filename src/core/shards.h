/* shards: lesson 11's demonstration.  Users spread by a hash of their id
 * over two or three shards, each a database of its own: on a PostgreSQL
 * server per --shard DSN, or, with none given, on the coordinator's own
 * server (which hides what real shards have: a fate of their own, and a
 * network between them).  The coordinator -- the lesson's database --
 * reaches them through postgres_fdw: its users table is partitioned by
 * hash and every partition is a foreign table on one shard.  On SQLite
 * the stand-in is a file per shard attached to one connection.
 *
 * Every shard database carries this workspace's marker and is listed in
 * the manifest under the server it lives on; shards_teardown drops them,
 * and the coordinator's foreign tables and servers, only when they are
 * ours. */
#ifndef DBP_SHARDS_H
#define DBP_SHARDS_H

#include "bench.h"
#include "workspace.h"

int shards_teardown(struct workspace *ws, const struct lesson *l, const struct dbp_progress *p,
		    struct strbuf *log, struct dbp_error *e);
/* Teardown's checks alone, before anything of any lesson part changes:
 * every shard's server answers, and each shard database is ours and
 * holds nothing but the demo's table. */
int shards_teardown_check(struct workspace *ws, const struct lesson *l, struct dbp_error *e);
/* In the lesson database db, the coordinator's foreign tables (one per
 * shard there may be): what the check for the user's objects there must
 * not take for theirs. */
void shards_scope(struct workspace *ws, const struct lesson *l, const struct lesson_db *db,
		  struct strlist *tables);

/* ---- shared by shards*.c ------------------------------------------------- */

/* The table every shard holds (shard_schema makes it) and the
 * coordinator spreads: the questions name it. */
#define SHARD_TABLE "users"

struct shard {
	struct workspace *ws; /* the server it lives on (NULL: unreachable) */
	int own_ws;           /* ws was opened for it, and is closed with it */
	int recorded;         /* found in the manifest, on a server no --shard names */
	char *name;           /* shard_1, ...: its foreign server on the coordinator */
	char *db;             /* its database's engine-side name */
	char *key;            /* a user id whose hash lands on it */
	struct dbp_error down; /* why it does not answer, when ws is NULL */
};

struct shard_set {
	struct shard *v;
	size_t n;
};

/* One shard per DSN of ws (none: three on ws's own server). */
void shards_open(struct workspace *ws, struct shard_set *set);
/* One more shard, shard_<number>: on the server dsn reaches (NULL: ws's
 * own); its ws NULL, and why in down, when that does not answer. */
void shards_add(struct workspace *ws, struct shard_set *set, size_t number, const char *dsn);
void shards_close(struct shard_set *set);
const struct lesson_demo *shards_demo_of(const struct lesson *l);
/* Times sql on c: one cold run, then reps runs; the engine's refusal
 * goes into out->error with out->failed set.  name and title as the
 * results store keeps them.  c NULL: failed, with the error already in
 * out->error (where the caller's connect put it). */
void shards_time(struct workspace *ws, const struct lesson *l, struct dbp_conn *c, const char *sql,
		 int reps, const char *name, const char *title, struct bench_result *out);
/* How many shards the plan of sql reads (names: their tables there). */
int shards_in_plan(struct workspace *ws, struct dbp_conn *c, const struct shard_set *set, const char *sql,
		   struct strbuf *names, struct dbp_error *e);
/* sql with every {{name}} replaced by value; caller frees. */
char *shards_subst(const char *sql, const char *name, const char *value);

/* A new session on the coordinator (the demo's app): postgres_fdw keeps
 * its connections to the shards for the life of a session. */
struct dbp_conn *shards_coordinator(struct workspace *ws, const struct lesson *l, const struct lesson_demo *d,
				    struct dbp_error *e);
/* The first cell of sql's first row ("" when NULL), or NULL with e. */
char *shards_lookup(struct workspace *ws, struct dbp_conn *c, const char *sql, struct dbp_error *e);
/* The shard's database exists (made and marked now when absent) and
 * holds the demo's table; 1 when it was made now. */
int shards_place(struct shard *s, const struct lesson *l, const struct lesson_demo *d,
		 struct strbuf *log, struct dbp_error *e);
#endif
