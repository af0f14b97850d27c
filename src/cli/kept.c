/* kept: see kept.h.  Reading never creates anything: without a store
 * there is nothing kept yet, and the workspace's id is not made. */
#include "kept.h"
#include "output.h"
#include "../core/compare.h"

#include <stdlib.h>
#include <unistd.h>

/* 0 with *s open (an empty one in memory when no store exists yet), -1
 * after saying why not. */
static int open_kept(struct cli_opts *o, struct results_store **s)
{
	char *path = results_path(o->cfg.workdir), *id;
	struct dbp_error e;
	int rc = 0;

	*s = NULL;
	if (access(path, F_OK) == 0) {
		id = workspace_id_load(o->cfg.workdir, &e);
		rc = id && results_open(o->cfg.workdir, id, 0, s, &e) == 1 ? 0 : cli_fail("%s", e.msg);
		free(id);
	} else {
		fprintf(stderr, "dbpatterns: no timings are kept yet (%s): `dbpatterns bench L` keeps "
			"every run\n", path);
		*s = results_empty(&e);
		rc = *s ? 0 : cli_fail("%s", e.msg);
	}
	free(path);
	return rc;
}

int cli_history(struct cli_opts *o, const struct lesson *l)
{
	struct results_store *s;
	struct dbp_result r;
	struct dbp_error e;

	if (open_kept(o, &s) != 0)
		return EXIT_FAIL;
	if (results_history(s, l ? l->number : 0, &r, &e) != 0) {
		results_close(s);
		return cli_fail("%s", e.msg);
	}
	output_table(stdout, o->format, &r);
	result_free(&r);
	results_close(s);
	return EXIT_OK;
}

int cli_compare(struct cli_opts *o, const struct lesson *l)
{
	struct results_store *s;
	struct dbp_lines out = { 0 };
	struct dbp_error e;
	int rc;

	if (open_kept(o, &s) != 0)
		return EXIT_FAIL;
	printf("Kept timings of lesson %d (%s)\n", l->number, l->slug);
	rc = compare_lines(s, l->number, engine_name(o->cfg.engine), output_utf8(), &out, &e);
	output_lines(stdout, &out);
	lines_free(&out);
	results_close(s);
	return rc == 0 ? EXIT_OK : cli_fail("%s", e.msg);
}
