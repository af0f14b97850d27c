/* lesson_roles: the roles a lesson's demonstrations make, found again at
 * teardown.  A demonstration drops its role as it ends; only a dbpatterns
 * killed in the middle leaves one, marked as this workspace's. */
#include "lesson_roles.h"
#include "backend.h"

#include <stdlib.h>

char *demo_role_name(const struct workspace *ws, const char *app)
{
	return xasprintf("%s_%s_demo", ws->prefix, app);
}

char *tenant_role_name(const struct workspace *ws, const char *app)
{
	return xasprintf("%s_%s_login", ws->prefix, app);
}

static void push_new(struct strlist *out, char *name)
{
	if (sl_contains(out, name))
		free(name);
	else
		sl_push_owned(out, name);
}

void lesson_role_names(const struct workspace *ws, const struct lesson *l, struct strlist *out)
{
	for (size_t i = 0; i < l->ndemos; i++)
		if (l->demos[i].kind == DEMO_ROLE && l->demos[i].app)
			push_new(out, demo_role_name(ws, l->demos[i].app));
	for (size_t i = 0; i < l->nclaims; i++)
		for (int k = 0; k < 2 && l->claims[i].tenant_roles; k++)
			if (l->claims[i].clients[k])
				push_new(out, tenant_role_name(ws, l->claims[i].clients[k]));
}

int lesson_roles_ours(struct workspace *ws, const struct lesson *l, struct strlist *ours,
		      struct dbp_error *e)
{
	struct strlist names = { 0 };
	int rc = 0, verdict;

	if (ws->engine != DBP_POSTGRES)
		return 0;
	lesson_role_names(ws, l, &names);
	for (size_t i = 0; i < names.n && rc == 0; i++) {
		/* Another's role of that name only says why in e: not an error. */
		rc = pg_role_verdict(ws->srv, names.v[i], &ws->owner, &verdict, e);
		if (rc == 0 && verdict == DBP_OURS)
			sl_push(ours, names.v[i]);
	}
	sl_free(&names);
	return rc;
}

int lesson_roles_drop(struct workspace *ws, const struct strlist *ours, struct strbuf *log,
		      struct dbp_error *e)
{
	for (size_t i = 0; i < ours->n; i++) {
		if (pg_role_drop_ours(ws->srv, ours->v[i], &ws->owner, e) != 0)
			return err_prefix(e, "role %s, left by a demonstration that was cut short", ours->v[i]);
		if (log)
			sb_addf(log, "role %s dropped (left by a demonstration that was cut short)\n", ours->v[i]);
	}
	return 0;
}
