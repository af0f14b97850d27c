/* report: see report.h.  This file gathers what was done and lays it out
 * as Markdown; svg.c draws the chart. */
#include "report.h"
#include "migrate.h"
#include "screen_state.h"
#include "svg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Columns of results_history and results_latest_claims. */
enum { H_RUN, H_AT, H_LESSON, H_SLUG, H_ENGINE, H_APPLIED, H_WORKLOAD, H_N, H_MEDIAN, H_P95, H_MIN,
       H_MAX, H_COLD, H_TRIPS, H_ROWS, H_SERVER, H_CONNS, H_CONNECT, H_VERSION, H_NOTE };
enum { C_LESSON, C_SLUG, C_ENGINE, C_CLAIM, C_CHECK, C_OUTCOME, C_MEASURED, C_EXPECTED, C_FIGURE,
       C_DETAIL, C_AT, C_SOURCE };

/* What the report is made from, gathered once. */
struct gathered {
	const struct report_input *in;
	char *state, *who;
	struct dbp_result runs, claims; /* empty when nothing is kept */
	char *store_error;              /* the store exists but could not be read */
};

/* ---- Markdown ------------------------------------------------------------ */

/* A table cell: one line, no control characters, | escaped. */
static void md_cell(struct strbuf *out, const char *text)
{
	char *clean = sanitize_text(text ? text : "", 0);

	sb_add(out, " ");
	for (const char *p = clean; *p; p++)
		if (*p == '|')
			sb_add(out, "\\|");
		else
			sb_addn(out, p, 1);
	sb_add(out, " |");
	free(clean);
}

static void md_row(struct strbuf *out, const char *const *cells, size_t n)
{
	sb_add(out, "|");
	for (size_t i = 0; i < n; i++)
		md_cell(out, cells[i]);
	sb_add(out, "\n");
}

static void md_head(struct strbuf *out, const char *const *cells, size_t n)
{
	md_row(out, cells, n);
	sb_add(out, "|");
	for (size_t i = 0; i < n; i++)
		sb_add(out, "---|");
	sb_add(out, "\n");
}

static void md_text(struct strbuf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void md_text(struct strbuf *out, const char *fmt, ...)
{
	va_list ap;
	char *clean;

	va_start(ap, fmt);
	clean = xvasprintf_clean(fmt, ap);
	va_end(ap);
	sb_add(out, clean);
	free(clean);
}

/* ---- gathering ------------------------------------------------------------ */

static void read_store(struct gathered *g)
{
	struct results_store *s = NULL;
	struct dbp_error e;
	char *id = g->in->ws ? xstrdup(g->in->ws->id ? g->in->ws->id : "")
		   : workspace_id_load(g->in->workdir, &e);
	int opened = id ? results_open(g->in->workdir, id, 0, &s, &e) : -1;

	if (opened < 0 || (opened == 1 && (results_history(s, 0, &g->runs, &e) != 0 ||
					   results_latest_claims(s, &g->claims, &e) != 0)))
		g->store_error = xstrdup(e.msg);
	results_close(s);
	free(id);
}

static void gather(const struct report_input *in, struct gathered *g)
{
	char *path = screen_state_path(in->workdir);

	memset(g, 0, sizeof *g);
	g->in = in;
	g->state = path ? screen_state_text(path) : NULL;
	g->who = screen_state_owner(engine_name(in->engine), in->prefix);
	free(path);
	read_store(g);
}

static void gathered_free(struct gathered *g)
{
	free(g->state);
	free(g->who);
	free(g->store_error);
	result_free(&g->runs);
	result_free(&g->claims);
}

static long rows_of_lesson(const struct dbp_result *r, int col, int lesson)
{
	long n = 0;

	for (long i = 0; i < r->nrows; i++)
		n += result_cell(r, i, col) && atoi(result_cell(r, i, col)) == lesson;
	return n;
}

static int steps_done(const struct gathered *g, const struct lesson *l)
{
	unsigned long bits = screen_state_done(g->state, g->who, l->slug);
	int n = 0;

	for (size_t s = 0; s < l->nsteps && s < SCREEN_STATE_STEPS; s++)
		n += (bits >> s) & 1;
	return n;
}

static int provisioned(const struct gathered *g, const struct lesson *l)
{
	return g->in->ws && workspace_provisioned(g->in->ws, l);
}

static int touched(const struct gathered *g, const struct lesson *l)
{
	return steps_done(g, l) || provisioned(g, l) || rows_of_lesson(&g->runs, H_LESSON, l->number) ||
	       rows_of_lesson(&g->claims, C_LESSON, l->number);
}

/* ---- sections --------------------------------------------------------------- */

static void header(const struct gathered *g, struct strbuf *md)
{
	const struct report_input *in = g->in;
	char *date = in->date ? xstrdup(in->date) : results_now();
	char *engine = in->ws ? xstrdup(in->ws->ops->server_describe(in->ws->srv))
		       : xasprintf("%s (not reached: %s)", engine_name(in->engine), in->ws_error ? in->ws_error : "");

	sb_add(md, "# dbpatterns session report\n\n");
	md_text(md, "- Engine: %s\n- Prefix: %s\n- dbpatterns: %s\n- Date: %s\n- Work directory: %s\n\n",
		engine, in->prefix, PACKAGE_VERSION, date, in->workdir);
	free(date);
	free(engine);
}

static void steps_section(const struct gathered *g, const struct lesson *l, struct strbuf *md)
{
	unsigned long bits = screen_state_done(g->state, g->who, l->slug);

	md_text(md, "### Steps\n\n%d of %zu steps done on the screen.\n\n", steps_done(g, l), l->nsteps);
	for (size_t s = 0; s < l->nsteps; s++)
		md_text(md, "- [%c] %zu. %s\n", s < SCREEN_STATE_STEPS && (bits >> s) & 1 ? 'x' : ' ', s + 1,
			l->steps[s].title);
	sb_add(md, "\n");
}

static void app_migrations(const struct gathered *g, const struct lesson *l, const struct lesson_app *app,
			   struct strbuf *md)
{
	struct migration_state *st = NULL;
	struct dbp_error e;

	if (migrate_status(g->in->ws, l, app, &st, &e) != 0) {
		md_text(md, "| %s | | could not be read: %s | | |\n", app->name, e.msg);
		return;
	}
	for (size_t i = 0; i < app->nmigrations; i++) {
		char version[16];
		const char *cells[] = { app->name, version, st[i].name, st[i].applied ? "yes" : "no",
					st[i].applied ? st[i].applied_at : "" };

		snprintf(version, sizeof version, "%03d", st[i].version);
		md_row(md, cells, DBP_ARRAY_LEN(cells));
	}
	free(st);
}

static void migrations_section(const struct gathered *g, const struct lesson *l, struct strbuf *md)
{
	static const char *const head[] = { "app", "version", "migration", "applied", "applied at" };

	sb_add(md, "### Migrations\n\n");
	if (!g->in->ws) {
		md_text(md, "The engine could not be reached, so the applied migrations are not known: %s\n\n",
			g->in->ws_error ? g->in->ws_error : "");
		return;
	}
	if (!provisioned(g, l)) {
		md_text(md, "Lesson %d is not provisioned on %s under this prefix now: no migrations to read.\n\n",
			l->number, engine_name(g->in->engine));
		return;
	}
	md_head(md, head, DBP_ARRAY_LEN(head));
	for (size_t i = 0; i < l->napps; i++)
		app_migrations(g, l, &l->apps[i], md);
	sb_add(md, "\n");
}

static void claims_section(const struct gathered *g, const struct lesson *l, struct strbuf *md)
{
	static const char *const head[] = { "claim", "engine", "verdict", "figure", "measured", "expected",
					    "checked at", "by" };
	const struct dbp_result *c = &g->claims;

	sb_add(md, "### Claims (the latest check of each)\n\n");
	if (!rows_of_lesson(c, C_LESSON, l->number)) {
		sb_add(md, "No claim checked yet (t or d on the screen, `dbpatterns demo L NAME`, or "
			   "`dbpatterns check-lessons --live`).\n\n");
		return;
	}
	md_head(md, head, DBP_ARRAY_LEN(head));
	for (long i = 0; i < c->nrows; i++) {
		const char *cells[] = { result_cell(c, i, C_CLAIM), result_cell(c, i, C_ENGINE),
					result_cell(c, i, C_OUTCOME), result_cell(c, i, C_FIGURE),
					result_cell(c, i, C_MEASURED), result_cell(c, i, C_EXPECTED),
					result_cell(c, i, C_AT), result_cell(c, i, C_SOURCE) };

		if (atoi(result_cell(c, i, C_LESSON)) == l->number)
			md_row(md, cells, DBP_ARRAY_LEN(cells));
	}
	sb_add(md, "\n");
}

static void lesson_section(const struct gathered *g, const struct lesson *l, struct strbuf *md)
{
	md_text(md, "## Lesson %d: %s\n\n%s\n\n", l->number, l->title, l->summary ? l->summary : "");
	steps_section(g, l, md);
	migrations_section(g, l, md);
	claims_section(g, l, md);
}

static void timings_section(const struct gathered *g, struct strbuf *md)
{
	static const char *const head[] = { "run", "at", "lesson", "engine", "migrations applied", "workload",
					    "median ms", "p95 ms", "min ms", "max ms", "round trips", "rows", "note" };
	static const int cols[] = { H_RUN, H_AT, H_LESSON, H_ENGINE, H_APPLIED, H_WORKLOAD, H_MEDIAN, H_P95,
				    H_MIN, H_MAX, H_TRIPS, H_ROWS, H_NOTE };
	const struct dbp_result *r = &g->runs;

	sb_add(md, "## Timings history\n\n");
	if (g->store_error)
		md_text(md, "The kept timings could not be read: %s\n\n", g->store_error);
	if (!r->nrows) {
		sb_add(md, "No timings kept yet (t on the screen, or `dbpatterns bench L`).\n\n");
		return;
	}
	md_text(md, "Every kept run, oldest first. The chart shows the latest run of each lesson "
		"on each engine:\n\n![Median time per workload](%s)\n\n", REPORT_SVG);
	md_head(md, head, DBP_ARRAY_LEN(head));
	for (long i = 0; i < r->nrows; i++) {
		const char *cells[DBP_ARRAY_LEN(cols)];

		for (size_t j = 0; j < DBP_ARRAY_LEN(cols); j++)
			cells[j] = result_cell(r, i, cols[j]);
		md_row(md, cells, DBP_ARRAY_LEN(cells));
	}
	sb_add(md, "\n");
}

/* ---- the chart ---------------------------------------------------------------- */

/* Whether row i belongs to the latest run of its lesson and engine. */
static int latest_run(const struct dbp_result *r, long i)
{
	for (long j = i + 1; j < r->nrows; j++)
		if (!strcmp(result_cell(r, j, H_LESSON), result_cell(r, i, H_LESSON)) &&
		    !strcmp(result_cell(r, j, H_ENGINE), result_cell(r, i, H_ENGINE)) &&
		    strcmp(result_cell(r, j, H_RUN), result_cell(r, i, H_RUN)))
			return 0;
	return 1;
}

static void chart(const struct gathered *g, struct strbuf *svg)
{
	const struct dbp_result *r = &g->runs;
	struct svg_bar *bars = xcalloc((size_t)r->nrows + 1, sizeof *bars);
	struct strlist labels = { 0 };
	struct svg_chart c = { "Median time per workload (latest run of each lesson and engine)",
			       "median time of one run (ms)", "workload (lesson, engine)", "ms", bars, 0 };

	for (long i = 0; i < r->nrows; i++) {
		const char *median = result_cell(r, i, H_MEDIAN), *note = result_cell(r, i, H_NOTE);

		if (!latest_run(r, i))
			continue;
		sl_push_owned(&labels, xasprintf("L%s %s %s", result_cell(r, i, H_LESSON),
						 result_cell(r, i, H_ENGINE), result_cell(r, i, H_WORKLOAD)));
		bars[c.n].label = labels.v[labels.n - 1];
		bars[c.n].value = median ? atof(median) : -1;
		bars[c.n++].note = note ? note : "not timed";
	}
	svg_bar_chart(&c, svg);
	sl_free(&labels);
	free(bars);
}

/* ---- the whole ---------------------------------------------------------------- */

static void summary(const struct gathered *g, int lessons, struct strbuf *md)
{
	long hold = 0, fail = 0, runs = 0;
	int steps = 0;

	for (size_t i = 0; i < g->in->lessons->n; i++)
		steps += steps_done(g, g->in->lessons->v[i]);
	for (long i = 0; i < g->claims.nrows; i++) {
		hold += !strcmp(result_cell(&g->claims, i, C_OUTCOME), "passed");
		fail += !strcmp(result_cell(&g->claims, i, C_OUTCOME), "failed");
	}
	for (long i = 0; i < g->runs.nrows; i++)
		runs += i == 0 || strcmp(result_cell(&g->runs, i, H_RUN), result_cell(&g->runs, i - 1, H_RUN));
	sb_add(md, "## Summary\n\n");
	if (!lessons) {
		md_text(md, "Nothing done yet on %s under the prefix %s: no step marked done, no lesson "
			"provisioned, no timing or claim kept in %s.\n\n", engine_name(g->in->engine),
			g->in->prefix, g->in->workdir);
		return;
	}
	md_text(md, "- Lessons worked on: %d\n- Steps done on the screen: %d\n- Claims checked: %ld "
		"(%ld hold, %ld fail, %ld skipped)\n- Timing runs kept: %ld\n\n", lessons, steps,
		g->claims.nrows, hold, fail, g->claims.nrows - hold - fail, runs);
}

void report_build(const struct report_input *in, struct report *out)
{
	struct gathered g;
	struct strbuf body;
	int lessons = 0;

	memset(out, 0, sizeof *out);
	gather(in, &g);
	sb_init(&body);
	for (size_t i = 0; i < in->lessons->n; i++)
		if (touched(&g, in->lessons->v[i])) {
			lesson_section(&g, in->lessons->v[i], &body);
			lessons++;
		}
	header(&g, &out->md);
	summary(&g, lessons, &out->md);
	sb_add(&out->md, body.s ? body.s : "");
	timings_section(&g, &out->md);
	chart(&g, &out->svg);
	out->anything = lessons > 0 || g.runs.nrows > 0;
	sb_free(&body);
	gathered_free(&g);
}

void report_free(struct report *r)
{
	sb_free(&r->md);
	sb_free(&r->svg);
}

static int write_whole(const char *path, const struct strbuf *text, struct dbp_error *e)
{
	char *tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	int ok = f && fwrite(text->s ? text->s : "", 1, text->len, f) == text->len;

	ok = f && fclose(f) == 0 && ok;
	ok = ok && rename(tmp, path) == 0;
	if (!ok)
		err_set(e, "cannot write %s: %s", path, strerror(errno));
	unlink(tmp);
	free(tmp);
	return ok ? 0 : -1;
}

int report_write(const char *dir, const struct report *r, char **md, char **svg, struct dbp_error *e)
{
	*md = path_join(dir, REPORT_MARKDOWN);
	*svg = path_join(dir, REPORT_SVG);
	if (make_dirs(dir, e) != 0)
		return -1;
	if (write_whole(*svg, &r->svg, e) != 0)
		return -1;
	return write_whole(*md, &r->md, e);
}
