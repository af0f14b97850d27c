/* tenants: lesson 5's demonstration.  N tenants held three ways -- one
 * shared table with a tenant_id, a schema per tenant, a database per
 * tenant -- each provisioned, migrated and measured from the catalog,
 * side by side; then what the lesson warns of, measured: the locks one
 * transaction holds while it creates every tenant's schema (PostgreSQL),
 * a migration looped tenant by tenant that stops half way, and the limit
 * on attached files (SQLite).  Every tenant schema and database carries
 * this workspace's marker and is in its manifest; tenants_teardown drops
 * them, and nothing else. */
#ifndef DBP_TENANTS_H
#define DBP_TENANTS_H

#include "workspace.h"

#define TENANTS_DEFAULT 10
#define TENANTS_MAX 1000

int tenants_demo(struct workspace *ws, const struct lesson *l, int n, const struct dbp_progress *p,
		 struct dbp_lines *out, struct dbp_error *e);
/* Every tenant schema (in the lesson's first database) and tenant
 * database the manifest lists: all are checked to be ours first, then
 * dropped.  0 when there were none. */
int tenants_teardown(struct workspace *ws, const struct lesson *l, const struct dbp_progress *p,
		     struct strbuf *log, struct dbp_error *e);
/* Teardown's checks alone, before anything of any lesson part changes:
 * every tenant schema and database ours, and no object of the user's in
 * a tenant database. */
int tenants_teardown_check(struct workspace *ws, const struct lesson *l, struct dbp_error *e);
/* In the lesson database db, the tenant schemas (ours) and their tables:
 * what the check for the user's objects there must not take for theirs. */
void tenants_scope(struct workspace *ws, const struct lesson *l, const struct lesson_db *db,
		   struct strlist *schemas, struct strlist *tables);

/* ---- shared by tenants*.c ------------------------------------------------ */

/* A model's tenants: schemas in the lesson's database (PostgreSQL) or
 * databases of their own (files on SQLite). */
enum tenant_kind { TENANT_SCHEMA, TENANT_DATABASE };

/* PREFIX_tenant_0001 for i = 0: the engine-side name of tenant i. */
char *tenant_name(const struct workspace *ws, int i);
/* The lesson's first database, where the shared table and the tenant
 * schemas live: its engine-side name, and the core's session on it. */
char *tenant_home_name(const struct workspace *ws, const struct lesson *l);
/* A handle on tenant i's tables and how SQL names them there ("\"s\"."
 * for a schema, "" in a database of its own); tenant_release closes
 * what tenant_open opened. */
struct dbp_conn *tenant_open(struct workspace *ws, const struct lesson *l, enum tenant_kind k, int i,
			     char **qualifier, struct dbp_error *e);
void tenant_release(struct workspace *ws, enum tenant_kind k, struct dbp_conn *c, char *qualifier);
/* sql between BEGIN and COMMIT, rolled back whole when it fails. */
int tenant_txn(struct workspace *ws, struct dbp_conn *c, const char *sql, struct dbp_error *e);
/* The SQL make() writes for tenant i's qualifier (and arg), run there in
 * one transaction. */
typedef char *tenant_sql(const char *qualifier, int arg);
int tenant_exec(struct workspace *ws, const struct lesson *l, enum tenant_kind k, int i, tenant_sql *make,
		int arg, struct dbp_error *e);

/* tenants_risks.c: what the lesson warns of, measured into out. */
int tenants_lock_count(struct workspace *ws, const struct lesson *l, int n, struct dbp_lines *out,
		       struct dbp_error *e);
int tenants_half_way(struct workspace *ws, const struct lesson *l, enum tenant_kind k, int n,
		     const struct dbp_progress *p, struct dbp_lines *out, struct dbp_error *e);
int tenants_attach_limit(struct workspace *ws, const struct lesson *l, int n, struct dbp_lines *out,
			 struct dbp_error *e);

#endif
