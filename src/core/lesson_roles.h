/* lesson_roles: the login roles a lesson's demonstrations make on
 * PostgreSQL (lesson 2's role that reaches one database, lesson 6's role
 * per tenant).  Each is made, used and dropped within one demonstration;
 * one left behind by a killed dbpatterns carries this workspace's marker,
 * and the lesson's teardown drops it, and no role of anyone else's. */
#ifndef DBP_LESSON_ROLES_H
#define DBP_LESSON_ROLES_H

#include "workspace.h"

/* The name of the role a role demo (demo.c) or a pooled claim with
 * tenant_roles (claim_pooled.c) makes for app. */
char *demo_role_name(const struct workspace *ws, const char *app);
char *tenant_role_name(const struct workspace *ws, const char *app);

/* Every role name lesson l's demonstrations and claims may make. */
void lesson_role_names(const struct workspace *ws, const struct lesson *l, struct strlist *out);

/* Those of them that exist and are this workspace's, into ours: the
 * check that comes before any drop.  Roles of that name that are not
 * ours are left out (and alone).  -1 only when the server cannot say. */
int lesson_roles_ours(struct workspace *ws, const struct lesson *l, struct strlist *ours,
		      struct dbp_error *e);
/* Drops the roles lesson_roles_ours found, each checked again. */
int lesson_roles_drop(struct workspace *ws, const struct strlist *ours, struct strbuf *log,
		      struct dbp_error *e);

#endif
