/* census: every dbpatterns workspace on a PostgreSQL server, read from
 * the markers alone (ownership.h), and the teardown of one of them.  The
 * students' workdirs and manifests are on their own machines: here the
 * marker is the evidence.  An object belongs to workspace (prefix, id)
 * when its marker is one dbpatterns writes, names that id, and its name
 * begins with that prefix and "_".  Objects named like a workspace's but
 * without such a marker are listed as lookalikes and never touched. */
#ifndef DBP_CENSUS_H
#define DBP_CENSUS_H

#include "backend.h"
#include "lesson.h"

enum census_kind { CENSUS_DATABASE, CENSUS_SCHEMA, CENSUS_ROLE };

struct census_object {
	enum census_kind kind;
	char *name;
	char *database;   /* a schema's database; NULL otherwise */
	char *owner;      /* the role that owns it */
	char *marker;     /* its comment, "" when none */
	long long size;   /* bytes; -1 when unknown (roles, no right to look) */
	int sessions;     /* other sessions connected to it (databases); its owner's
			   * in its database (schemas) */
	int may_drop;     /* the census's role has the right to drop it */
	char *last_used;  /* latest table read the statistics know of; NULL: unknown */
	long ws;          /* index into census.ws; -1 when no workspace's */
	char *why_not;    /* a lookalike: why it is not a workspace's; else NULL */
	char *looks_like; /* a lookalike: the prefix its name carries */
};

struct census_workspace {
	char *prefix, *id, *location; /* from the markers */
	char *created;    /* earliest created= of its markers; NULL: unknown */
	char *last_used;  /* "now" (a session is connected), a time, or NULL */
	char *owners;     /* the roles owning its objects, comma-separated */
	long long size;   /* bytes of its databases and of its schemas elsewhere */
	int shared;       /* another workspace carries the same prefix */
};

struct census {
	struct census_object *obj;
	size_t nobj;
	struct census_workspace *ws;
	size_t nws;
	char *role;        /* who took the census */
	char *admin_db;    /* the database it is connected to */
	int version;       /* server_version_num */
	struct strlist unreadable; /* "database: why" where it could not look */
};

/* Scan the server the settings name: databases, roles, and the schemas of
 * every database it may connect to.  -1 with e when the server cannot be
 * read at all (a database it cannot enter goes to unreadable). */
int census_take(const struct dbp_backend_ops *ops, struct dbp_server *srv, struct census *c,
		struct dbp_error *e);
void census_free(struct census *c);

/* The lessons of set whose databases or schemas workspace w holds, as
 * "1 3 4"; "" when none. Caller frees. */
char *census_lessons(const struct census *c, size_t w, const struct lesson_set *set);

/* The workspace an instructor named: a workspace id (that is no other
 * workspace's prefix), or a prefix that one workspace alone carries.  -1
 * with e otherwise. */
long census_find(const struct census *c, const char *name, struct dbp_error *e);

/* What dropping workspace w would drop, one line per object, in order:
 * its schemas in databases not its own, its databases, its roles. */
void census_plan(const struct census *c, size_t w, struct strlist *out);
/* Sessions connected to workspace w's databases and schemas, as counted. */
int census_sessions(const struct census *c, size_t w);
/* Drop workspace w: refused, with nothing dropped, unless every database
 * of it holds no schema of anyone else, no session is connected to them,
 * the role has the right to drop each object, and no process holds the
 * prefix.  Each marker is read again just before its object is dropped. */
int census_drop(const struct dbp_backend_ops *ops, struct dbp_server *srv, const struct census *c,
		size_t w, struct strlist *done, struct dbp_error *e);

/* census_pg.c: the PostgreSQL side. */
int census_pg_scan(const struct dbp_backend_ops *ops, struct dbp_server *srv, struct census *c,
		   struct dbp_error *e);
int census_pg_drop(const struct dbp_backend_ops *ops, struct dbp_server *srv,
		   const struct census *c, const struct census_object *o, struct dbp_error *e);

#endif
