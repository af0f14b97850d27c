/* provision: create a lesson's databases and schemas and migrate each
 * app to its provision_to; show the SQL that would run; tear it down.
 * Above workspace (ownership, manifest, lock) and migrate. */
#ifndef DBP_PROVISION_H
#define DBP_PROVISION_H

#include "workspace.h"

/* Create what is missing, then migrate each app to its provision_to. */
int workspace_provision(struct workspace *ws, const struct lesson *l,
			const struct dbp_progress *p, struct strbuf *log, struct dbp_error *e);
/* The SQL provisioning would run, per database, changing nothing. */
void workspace_plan(struct workspace *ws, const struct lesson *l, struct strbuf *out);
int workspace_teardown(struct workspace *ws, const struct lesson *l,
		       const struct dbp_progress *p, struct strbuf *log, struct dbp_error *e);

/* One schema or database, recorded in the manifest before it is made
 * and marked as this workspace's; a schema dropped only when it is ours
 * (RESTRICT).  For what a demonstration creates beyond the topology. */
int provision_schema_create(struct workspace *ws, struct dbp_conn *c, const char *dbname,
			    const char *schema, struct strbuf *log, struct dbp_error *e);
int provision_database_create(struct workspace *ws, const char *name, struct strbuf *log,
			      struct dbp_error *e);
int provision_schema_drop(struct workspace *ws, struct dbp_conn *c, const char *dbname,
			  const char *schema, struct strbuf *log, struct dbp_error *e);

#endif
