/* compare: see compare.h. */
#include "compare.h"
#include "grid.h"
#include "results_store.h"

#include <stdlib.h>
#include <string.h>

#define TIMED DBP_TIMED_ROWS

/* Each workload's latest run, and its latest under other migrations. */
static const char q_before_after[] =
	"WITH k AS (SELECT r.id, r.applied, t.workload, t.ord, t.median_ms AS med, t.p95_ms AS p95"
	"  FROM timings t JOIN runs r ON r.id = t.run_id"
	"  WHERE r.lesson = ?1 AND r.engine = ?2 AND " TIMED "),"
	" a AS (SELECT * FROM k WHERE id = (SELECT max(id) FROM k x WHERE x.workload = k.workload)),"
	" b AS (SELECT k.* FROM k JOIN a ON a.workload = k.workload WHERE k.id = (SELECT max(x.id)"
	"  FROM k x WHERE x.workload = a.workload AND x.applied <> a.applied))"
	" SELECT a.workload, b.applied, round(b.med, 3), round(b.p95, 3),"
	"  a.applied, round(a.med, 3), round(a.p95, 3)"
	" FROM a JOIN b ON b.workload = a.workload ORDER BY a.id, a.ord";

/* Each lesson's latest run of each workload this lesson has, where some
 * other lesson has it too; this lesson first.  Both queries give each
 * row's applied migrations and the reference's, to mark the difference. */
static const char q_lessons[] =
	"WITH k AS (SELECT r.id, r.lesson, r.applied, t.workload, t.ord, t.median_ms AS med,"
	"  t.p95_ms AS p95 FROM timings t JOIN runs r ON r.id = t.run_id"
	"  WHERE r.engine = ?2 AND " TIMED "),"
	" l AS (SELECT * FROM k WHERE id = (SELECT max(id) FROM k x"
	"  WHERE x.workload = k.workload AND x.lesson = k.lesson)),"
	" h AS (SELECT * FROM l WHERE lesson = ?1)"
	" SELECT l.workload, 'lesson ' || l.lesson || iif(l.lesson = ?1, ' (this one)', '') AS lesson,"
	"  round(l.med, 3) AS median_ms, round(l.p95, 3) AS p95_ms, l.applied, h.applied"
	" FROM l JOIN h ON h.workload = l.workload"
	" WHERE EXISTS (SELECT 1 FROM l o WHERE o.workload = l.workload AND o.lesson <> ?1)"
	" ORDER BY h.id, h.ord, l.lesson <> ?1, l.lesson";

/* This lesson's latest run of each workload on each engine; this engine
 * first. */
static const char q_engines[] =
	"WITH k AS (SELECT r.id, r.engine, r.applied, t.workload, t.ord, t.median_ms AS med,"
	"  t.p95_ms AS p95 FROM timings t JOIN runs r ON r.id = t.run_id"
	"  WHERE r.lesson = ?1 AND " TIMED "),"
	" l AS (SELECT * FROM k WHERE id = (SELECT max(id) FROM k x"
	"  WHERE x.workload = k.workload AND x.engine = k.engine)),"
	" h AS (SELECT * FROM l WHERE engine = ?2)"
	" SELECT l.workload, l.engine || iif(l.engine = ?2, ' (this one)', '') AS engine,"
	"  round(l.med, 3) AS median_ms, round(l.p95, 3) AS p95_ms, l.applied, h.applied"
	" FROM l JOIN h ON h.workload = l.workload"
	" WHERE EXISTS (SELECT 1 FROM l o WHERE o.workload = l.workload AND o.engine <> ?2)"
	" ORDER BY h.id, h.ord, l.engine <> ?2, l.engine";

static const enum dbp_type four[] = { DBP_TYPE_TEXT, DBP_TYPE_TEXT, DBP_TYPE_REAL, DBP_TYPE_REAL };
static const enum dbp_type six_cols[] = { DBP_TYPE_TEXT, DBP_TYPE_TEXT, DBP_TYPE_REAL, DBP_TYPE_REAL,
				     DBP_TYPE_TEXT, DBP_TYPE_TEXT };
static const enum dbp_type seven[] = { DBP_TYPE_TEXT, DBP_TYPE_TEXT, DBP_TYPE_REAL, DBP_TYPE_REAL,
				       DBP_TYPE_TEXT, DBP_TYPE_REAL, DBP_TYPE_REAL };

/* ---- what differs between two applied sets ---------------------------------- */

/* 1 when version v is in app's list of an applied string
 * ("community:001,002 shop:none"). */
static int applied_has(const char *applied, const char *app, const char *v)
{
	char *copy = xstrdup(applied), *save = NULL;
	int found = 0;

	for (char *tok = strtok_r(copy, " ", &save); tok && !found; tok = strtok_r(NULL, " ", &save)) {
		char *colon = strchr(tok, ':'), *vsave = NULL;

		if (!colon || (size_t)(colon - tok) != strlen(app) || strncmp(tok, app, strlen(app)))
			continue;
		for (char *x = strtok_r(colon + 1, ",", &vsave); x && !found; x = strtok_r(NULL, ",", &vsave))
			found = !strcmp(x, v);
	}
	free(copy);
	return found;
}

/* 1 when an applied string names app. */
static int applied_mentions(const char *applied, const char *app)
{
	size_t n = strlen(app);

	for (const char *p = applied; (p = strstr(p, app)); p += n)
		if ((p == applied || p[-1] == ' ') && p[n] == ':')
			return 1;
	return 0;
}

/* The migrations x has and y lacks, as "community 003,004; shop 003",
 * for the apps both name (another lesson may have other apps). */
static void applied_missing(const char *x, const char *y, struct strbuf *out)
{
	char *copy = xstrdup(x), *save = NULL;

	for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *colon = strchr(tok, ':'), *vsave = NULL;
		int any = 0;

		if (!colon)
			continue;
		*colon = '\0';
		if (!applied_mentions(y, tok))
			continue;
		for (char *v = strtok_r(colon + 1, ",", &vsave); v; v = strtok_r(NULL, ",", &vsave)) {
			if (!strcmp(v, "none") || applied_has(y, tok, v))
				continue;
			if (any++)
				sb_add(out, ",");
			else
				sb_addf(out, "%s%s ", out->len ? "; " : "", tok);
			sb_add(out, v);
		}
	}
	free(copy);
}

/* "with community 003" / "without community 003": x told apart from y. */
static char *applied_label(const char *x, const char *y)
{
	struct strbuf has, lacks, out;

	sb_init(&has);
	sb_init(&lacks);
	sb_init(&out);
	applied_missing(x, y, &has);
	applied_missing(y, x, &lacks);
	if (has.len)
		sb_addf(&out, "with %s", has.s);
	if (lacks.len)
		sb_addf(&out, "%swithout %s", has.len ? "; " : "", lacks.s);
	if (!out.len)
		sb_add(&out, "other migrations");
	sb_free(&has);
	sb_free(&lacks);
	return sb_steal(&out);
}

/* rows with their applied sets (workload, label, median, p95, applied,
 * the reference's applied) as four columns, a label marked with what
 * its migrations have or lack against the reference's: timings under
 * other migrations are not like for like. */
static void mark_migrations(const struct dbp_result *six, struct dbp_result *rows)
{
	result_init(rows, 4, (const char *const *)six->colnames);
	for (int j = 0; j < 4; j++)
		result_set_type(rows, j, four[j]);
	for (long i = 0; i < six->nrows; i++) {
		const char *mine = result_cell(six, i, 4), *ref = result_cell(six, i, 5);
		char *diff = applied_label(mine, ref);
		char *label = strcmp(diff, "other migrations") && strcmp(mine, ref)
			? xasprintf("%s (%s)", result_cell(six, i, 1), diff) : xstrdup(result_cell(six, i, 1));

		result_add_row(rows, (const char *const[]){ result_cell(six, i, 0), label,
			       result_cell(six, i, 2), result_cell(six, i, 3) });
		free(label);
		free(diff);
	}
}

/* ---- one view as a grid ---------------------------------------------------- */

/* "56.1x faster" than the reference, "about the same" within 5%. */
static char *ratio_text(double ms, double ref)
{
	if (ref <= 0 || ms <= 0)
		return NULL;
	if (ms >= ref * 1.05)
		return xasprintf("%.1fx slower", ms / ref);
	if (ms * 1.05 <= ref)
		return xasprintf("%.1fx faster", ref / ms);
	return xstrdup("about the same");
}

/* rows (workload, what differs, median, p95) as a grid with a fifth
 * column: each row against the first row of its workload. */
static void add_grid(struct dbp_lines *out, const struct dbp_result *rows, int utf8)
{
	const struct grid_style style = { .utf8 = utf8, .null_text = "", .sep = "  " };
	const char *names[5] = { rows->colnames[0], rows->colnames[1], "median_ms", "p95_ms",
				 "against the first" };
	struct dbp_result r;
	struct grid g;
	double ref = 0;

	result_init(&r, 5, names);
	for (int j = 0; j < 4; j++)
		result_set_type(&r, j, result_type(rows, j));
	for (long i = 0; i < rows->nrows; i++) {
		const char *w = result_cell(rows, i, 0), *med = result_cell(rows, i, 2);
		int first = i == 0 || strcmp(w, result_cell(rows, i - 1, 0)) != 0;
		char *ratio = first ? NULL : ratio_text(med ? atof(med) : 0, ref);
		const char *row[5] = { first ? w : "", result_cell(rows, i, 1), med,
				       result_cell(rows, i, 3), ratio };

		if (first)
			ref = med ? atof(med) : 0;
		result_add_row(&r, row);
		free(ratio);
	}
	grid_build(&g, &r, &style, -1);
	for (long i = -1; i < g.nrows; i++) {
		lines_add_owned(out, i < 0 ? DBP_LINE_HEADER : DBP_LINE_ROW, grid_line(&g, i));
		out->v[out->n - 1].fixed = grid_fixed(&g);
	}
	grid_free(&g);
	result_free(&r);
}

/* The before/after query's one row per workload as two rows, each
 * labelled by the migrations that set it apart from the other. */
static void before_after_rows(const struct dbp_result *pairs, struct dbp_result *rows)
{
	result_init(rows, 4, (const char *const[]){ "workload", "run", "median_ms", "p95_ms" });
	for (int j = 0; j < 4; j++)
		result_set_type(rows, j, four[j]);
	for (long i = 0; i < pairs->nrows; i++) {
		const char *w = result_cell(pairs, i, 0), *b = result_cell(pairs, i, 1),
			   *a = result_cell(pairs, i, 4);
		char *blabel = applied_label(b, a), *alabel = applied_label(a, b);
		char *before = xasprintf("before: %s", blabel), *after = xasprintf("after: %s", alabel);

		result_add_row(rows, (const char *const[]){ w, before, result_cell(pairs, i, 2),
			       result_cell(pairs, i, 3) });
		result_add_row(rows, (const char *const[]){ w, after, result_cell(pairs, i, 5),
			       result_cell(pairs, i, 6) });
		free(blabel);
		free(alabel);
		free(before);
		free(after);
	}
}

/* ---- the three views ---------------------------------------------------------- */

static int view_before_after(struct results_store *s, int lesson, const char *engine, int utf8,
			     struct dbp_lines *out, struct dbp_error *e)
{
	struct dbp_result pairs, rows;

	if (results_select(s, q_before_after, lesson, engine, seven, &pairs, e) != 0)
		return -1;
	lines_addf(out, DBP_LINE_TITLE, "Before and after a migration, on %s", engine);
	if (!pairs.nrows)
		lines_addf(out, DBP_LINE_NOTE, "No two kept runs of lesson %d on %s differ in their "
			   "migrations yet: apply or roll one back and time the lesson again.", lesson, engine);
	else {
		before_after_rows(&pairs, &rows);
		add_grid(out, &rows, utf8);
		result_free(&rows);
	}
	result_free(&pairs);
	return 0;
}

static int view_others(struct results_store *s, const char *sql, int lesson, const char *engine,
		       int utf8, const char *title, const char *none, struct dbp_lines *out,
		       struct dbp_error *e)
{
	struct dbp_result found, rows;

	if (results_select(s, sql, lesson, engine, six_cols, &found, e) != 0)
		return -1;
	lines_add(out, DBP_LINE_TITLE, title);
	if (found.nrows) {
		mark_migrations(&found, &rows);
		add_grid(out, &rows, utf8);
		result_free(&rows);
	} else {
		lines_add(out, DBP_LINE_NOTE, none);
	}
	result_free(&found);
	return 0;
}

static long kept_runs(struct results_store *s, int lesson, struct dbp_error *e)
{
	static const enum dbp_type one[] = { DBP_TYPE_INTEGER };
	struct dbp_result r;
	long n;

	if (results_select(s, "SELECT count(*) FROM runs WHERE lesson = ?1", lesson, NULL, one, &r, e) != 0)
		return -1;
	n = r.nrows ? atol(result_cell(&r, 0, 0)) : 0;
	result_free(&r);
	return n;
}

void compare_legend(struct dbp_lines *out)
{
	lines_add(out, DBP_LINE_TITLE, "How to read these figures (client wall time, in ms)");
	lines_add(out, DBP_LINE_NOTE, "median: the middle timed run, half faster and half slower; "
		  "one slow hiccup does not move it, so compare medians.");
	lines_add(out, DBP_LINE_NOTE, "p95: 95 of every 100 runs were at least this fast; the slow "
		  "tail a user waiting on the answer would notice.");
	lines_add(out, DBP_LINE_NOTE, "min/max: the fastest and slowest timed run; a max far above "
		  "the median is the machine busy elsewhere, not the query.");
	lines_add(out, DBP_LINE_NOTE, "cold: the first run, timed but not counted: caches, plans "
		  "and fresh connections still warming up.");
	lines_add(out, DBP_LINE_NOTE, "against the first: a row's median beside the first row of "
		  "its workload (before, this lesson, this engine).");
	lines_add(out, DBP_LINE_NOTE, "On a busy machine a gap under 1.5x may be noise: time "
		  "again before you trust it.");
}

int compare_lines(struct results_store *s, int lesson, const char *engine, int utf8,
		  struct dbp_lines *out, struct dbp_error *e)
{
	char *title = xasprintf("This lesson against others, the same workload, on %s", engine);
	char *none = xasprintf("No other lesson has kept timings of lesson %d's workloads on %s "
			       "yet: time another lesson that asks the same question.", lesson, engine);
	long runs = kept_runs(s, lesson, e);
	int rc = runs < 0 ? -1 : 0;

	if (runs == 0)
		lines_addf(out, DBP_LINE_TEXT, "No timings of lesson %d are kept yet: time it, and "
			   "every run is kept.", lesson);
	if (runs > 0)
		rc = view_before_after(s, lesson, engine, utf8, out, e);
	if (runs > 0 && rc == 0)
		rc = view_others(s, q_lessons, lesson, engine, utf8, title, none, out, e);
	if (runs > 0 && rc == 0)
		rc = view_others(s, q_engines, lesson, engine, utf8, "SQLite against PostgreSQL",
				 "Only one engine has kept timings of this lesson: provision and "
				 "time it on the other too.", out, e);
	if (rc == 0)
		compare_legend(out);
	free(title);
	free(none);
	return rc;
}

int results_compare(const char *workdir, const char *workspace_id, int lesson, const char *engine,
		    int utf8, struct dbp_lines *out, struct dbp_error *e)
{
	struct results_store *s;
	int opened = results_open(workdir, workspace_id, 0, &s, e), rc;

	if (opened < 0)
		return -1;
	if (opened == 0 && !(s = results_empty(e))) /* nothing kept yet: the views say so */
		return -1;
	rc = compare_lines(s, lesson, engine, utf8, out, e);
	results_close(s);
	return rc;
}
