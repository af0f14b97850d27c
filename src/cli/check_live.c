/* check_live: `check-lessons --live`: every claim of every lesson run on
 * the chosen engine.  A lesson that is not provisioned here is provisioned
 * for the check and torn down after it; one that was is left as found
 * (claims.c moves its apps back to their versions). */
#include "cli.h"
#include "output.h"
#include "../core/claims.h"
#include "../core/provision.h"
#include "../core/results.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const cols[] = { "lesson", "slug", "engine", "claim", "check", "outcome",
	"measured", "expected", "figure", "detail", "text" };

static void add_rows(struct dbp_result *r, const struct lesson *l, const struct claims_report *rep)
{
	for (size_t i = 0; i < rep->n; i++) {
		const struct claim_verdict *v = &rep->v[i];
		char num[16], measured[32], expected[32];
		const char *row[11] = { num, l->slug, engine_name(rep->engine), v->claim->name,
					claim_check_name(v->claim->check), claim_outcome_name(v->outcome),
					isnan(v->measured) ? NULL : measured, isnan(v->expected) ? NULL : expected,
					v->figure, v->detail, v->text };

		snprintf(num, sizeof num, "%d", l->number);
		snprintf(measured, sizeof measured, "%.3f", isinf(v->measured) ? 1e308 : v->measured);
		snprintf(expected, sizeof expected, "%g", v->expected);
		result_add_row(r, row);
	}
}

static void print_text(const struct workspace *ws, const struct lesson *l,
		       const struct claims_report *rep, int ascii)
{
	struct dbp_lines lines = { 0 };

	printf("lesson %d (%s) on %s: %zu claim%s, %zu failed\n", l->number, l->slug,
	       ws->ops->server_describe(ws->srv), rep->n, rep->n == 1 ? "" : "s", claims_failed(rep));
	claims_lines(rep, ascii, &lines);
	for (size_t i = 0; i < lines.n; i++) {
		char *clean = sanitize_text(lines.v[i].text, 0);

		printf("  %s\n", clean);
		free(clean);
	}
	lines_free(&lines);
}

static void name_failures(const struct lesson *l, const struct claims_report *rep)
{
	for (size_t i = 0; i < rep->n; i++)
		if (rep->v[i].outcome == CLAIM_FAILED)
			cli_fail("lesson %d: claim %s failed on %s: %s", l->number, rep->v[i].claim->name,
				 engine_name(rep->engine), rep->v[i].figure);
}

/* Provisioned for the check (1), already there (0), or -1 with a message. */
static int make_ready(struct workspace *ws, const struct lesson *l)
{
	struct strbuf log;
	struct dbp_error e;
	int rc;

	if (workspace_provisioned(ws, l))
		return 0;
	sb_init(&log);
	rc = workspace_provision(ws, l, &cli_quiet, &log, &e);
	sb_free(&log);
	return rc == 0 ? 1 : cli_fail("lesson %d: %s", l->number, e.msg);
}

static int check_lesson(struct cli_opts *o, struct workspace *ws, const struct lesson *l,
			struct dbp_result *table, size_t *failed)
{
	struct claims_opts co = { .reps = o->cfg.reps, .may_migrate = 1 };
	struct claims_report rep;
	struct strbuf log;
	struct dbp_error e;
	int made = make_ready(ws, l), rc;

	if (made < 0)
		return -1;
	rc = claims_evaluate(ws, l, &co, &cli_quiet, &rep, &e);
	if (rc != 0)
		cli_fail("lesson %d: %s", l->number, e.msg);
	else if (results_record_claims(ws, l, &rep, "check-lessons", &e) != 0)
		cli_fail("lesson %d: the verdicts are shown but not kept: %s", l->number, e.msg);
	else if (o->format == FORMAT_TEXT)
		print_text(ws, l, &rep, o->ascii);
	else
		add_rows(table, l, &rep);
	*failed += claims_failed(&rep);
	name_failures(l, &rep);
	claims_report_free(&rep);
	sb_init(&log);
	if (made && workspace_teardown(ws, l, &cli_quiet, &log, &e) != 0)
		rc = cli_fail("lesson %d: the check's teardown: %s", l->number, e.msg);
	sb_free(&log);
	return rc;
}

int cli_check_live(struct cli_opts *o, const char *dir)
{
	struct lesson_set set = { 0 };
	struct workspace ws;
	struct dbp_result table;
	struct dbp_error e;
	size_t failed = 0;
	int rc = 0;

	if (lessons_load_dir(dir, &set, &e) != 0)
		return cli_fail("%s", e.msg);
	if (workspace_open(&ws, &o->cfg, &e) != 0) {
		lesson_set_free(&set);
		return cli_fail("%s", e.msg);
	}
	result_init(&table, 11, cols);
	result_set_type(&table, 0, DBP_TYPE_INTEGER);
	result_set_type(&table, 6, DBP_TYPE_REAL);
	result_set_type(&table, 7, DBP_TYPE_REAL);
	for (size_t i = 0; i < set.n && rc == 0; i++)
		if (set.v[i]->nclaims)
			rc = check_lesson(o, &ws, set.v[i], &table, &failed);
	if (rc == 0 && o->format != FORMAT_TEXT)
		output_table(stdout, o->format, &table);
	result_free(&table);
	workspace_close(&ws);
	lesson_set_free(&set);
	return rc != 0 || failed ? EXIT_FAIL : EXIT_OK;
}
