/* report: `dbpatterns report [--output DIR]`: the student's session as
 * Markdown with the timings chart beside it (core/report.h).  An engine
 * that cannot be reached still gives a report, saying what it could not
 * read. */
#include "cli.h"
#include "../core/report.h"

#include <stdio.h>
#include <stdlib.h>

int cli_report(struct cli_opts *o)
{
	struct lesson_set set = { 0 };
	struct workspace ws;
	struct report r;
	struct dbp_error e, why;
	char *dir = data_lessons_dir(), *md = NULL, *svg = NULL;
	int opened, rc;

	rc = lessons_load_dir(o->cfg.lessons_dir ? o->cfg.lessons_dir : dir, &set, &e);
	free(dir);
	if (rc != 0)
		return cli_fail("%s", e.msg);
	err_clear(&why);
	opened = workspace_open(&ws, &o->cfg, &why) == 0;
	report_build(&(struct report_input){ &set, opened ? &ws : NULL, why.msg, o->cfg.engine, o->cfg.prefix,
					      o->cfg.workdir, NULL }, &r);
	rc = report_write(o->output_dir ? o->output_dir : ".", &r, &md, &svg, &e);
	if (rc == 0)
		printf("%s\n%s\n%s", md, svg, r.anything ? "" : "nothing done yet: the report says so\n");
	report_free(&r);
	if (opened)
		workspace_close(&ws);
	lesson_set_free(&set);
	free(md);
	free(svg);
	return rc == 0 ? EXIT_OK : cli_fail("%s", e.msg);
}
