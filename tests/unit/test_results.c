/* Unit tests for the results store and the comparison view: a real store
 * in a fresh workdir (fixture), real files refused, two writers at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"
#include "../../src/core/compare.h"
#include "../../src/core/provision.h"

#define ID "0123456789abcdef"

/* A timing as bench_workload leaves it (only the fields the store keeps). */
static struct bench_result timed(const char *workload, const char *engine, double median)
{
	struct bench_result b = { .lesson = 1, .connections = 1, .connect_ms = 0.5, .cold_ms = median * 2,
				  .round_trips = 1, .rows = 50, .server_ms = -1 };

	b.workload = (char *)workload;
	b.title = (char *)workload;
	b.engine = (char *)engine;
	b.stats = (struct bench_stats){ .n = 5, .min = median - 1, .median = median,
					.p95 = median + 1, .max = median + 2 };
	return b;
}

static struct results_context ctx_for(int lesson, const char *engine, const char *applied)
{
	return (struct results_context){ .lesson = lesson, .slug = "slug", .engine = engine,
					 .applied = applied };
}

static struct results_store *open_store(struct fixture *f, int create)
{
	struct results_store *s = NULL;
	struct dbp_error e;
	int rc = results_open(f->dir, ID, create, &s, &e);

	if (rc < 0)
		fail_msg("results_open: %s", e.msg);
	return s;
}

static void add(struct results_store *s, int lesson, const char *engine, const char *applied,
		const struct bench_result *b, size_t n)
{
	struct results_context ctx = ctx_for(lesson, engine, applied);
	struct dbp_error e;

	if (results_add(s, &ctx, b, n, &e) != 0)
		fail_msg("results_add: %s", e.msg);
}

static char *store_file(struct fixture *f)
{
	return results_path(f->dir);
}

static int sqlite_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int v = -1;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void write_file(const char *path, const char *bytes, size_t n)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(bytes, 1, n, fp), n);
	fclose(fp);
}

/* The whole file, to compare byte for byte. */
static char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *buf = calloc(1, 1 << 20);

	assert_non_null(fp);
	*n = fread(buf, 1, 1 << 20, fp);
	fclose(fp);
	return buf;
}

static int lines_have(const struct dbp_lines *l, const char *needle)
{
	for (size_t i = 0; i < l->n; i++)
		if (strstr(l->v[i].text, needle))
			return 1;
	return 0;
}

static void print_lines_on_failure(const struct dbp_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		print_message("# %s\n", l->v[i].text);
}

/* ---- the file ------------------------------------------------------------ */

static void absent_is_not_created_by_readers(void **state)
{
	struct fixture *f = *state;
	struct results_store *s = (void *)1;
	struct dbp_error e;
	char *path = store_file(f);

	assert_int_equal(results_open(f->dir, ID, 0, &s, &e), 0);
	assert_null(s);
	assert_int_equal(access(path, F_OK), -1);
	free(path);
}

static void created_marked_and_versioned(void **state)
{
	struct fixture *f = *state;
	struct results_store *s = open_store(f, 1);
	char *path = store_file(f);

	assert_non_null(s);
	results_close(s);
	assert_int_equal(sqlite_int(path, "PRAGMA application_id"), DBP_RESULTS_APPLICATION_ID);
	assert_int_equal(sqlite_int(path, "PRAGMA user_version"), DBP_RESULTS_SCHEMA);
	assert_int_equal(sqlite_int(path, "SELECT count(*) FROM store WHERE workspace_id = '" ID "'"), 1);
	/* No private file left behind by the create-then-link. */
	assert_int_equal(sqlite_int(path, "SELECT count(*) FROM runs"), 0);
	free(path);
}

static void kept_across_opens(void **state)
{
	struct fixture *f = *state;
	struct bench_result b[2] = { timed("feed", "sqlite", 10), timed("feed_n_plus_1", "sqlite", 20) };
	struct results_store *s = open_store(f, 1);
	struct dbp_result r;
	struct dbp_error e;

	add(s, 1, "sqlite", "community:001,002", b, 2);
	results_close(s);
	s = open_store(f, 0); /* a new handle, as a new process would have */
	assert_int_equal(results_history(s, 1, &r, &e), 0);
	assert_int_equal(r.nrows, 2);
	assert_string_equal(r.colnames[8], "median_ms");
	assert_string_equal(result_cell(&r, 0, 6), "feed");
	assert_string_equal(result_cell(&r, 0, 5), "community:001,002");
	assert_string_equal(result_cell(&r, 1, 8), "20.0");
	assert_null(result_cell(&r, 0, 15)); /* server time: SQLite does not say */
	assert_int_equal(result_type(&r, 8), DBP_TYPE_REAL);
	assert_non_null(strchr(result_cell(&r, 0, 1), 'T')); /* ISO 8601 */
	assert_true(result_cell(&r, 0, 1)[strlen(result_cell(&r, 0, 1)) - 1] == 'Z');
	result_free(&r);
	assert_int_equal(results_history(s, 2, &r, &e), 0);
	assert_int_equal(r.nrows, 0);
	result_free(&r);
	results_close(s);
}

static void only_its_engine_and_refusals_without_times(void **state)
{
	struct fixture *f = *state;
	struct bench_result b[3] = { timed("feed", "sqlite", 10), timed("feed", "postgres", 3),
				     timed("across", "sqlite", 0) };
	struct results_store *s = open_store(f, 1);
	struct dbp_result r;
	struct dbp_error e;

	b[2].failed = 1;
	b[2].stats.n = 0;
	strcpy(b[2].error.sqlstate, "0A000");
	strcpy(b[2].error.msg, "cross-database references are not implemented");
	add(s, 2, "sqlite", "community:001,002 shop:001,002", b, 3);
	assert_int_equal(results_history(s, 0, &r, &e), 0);
	assert_int_equal(r.nrows, 2); /* the postgres result is not this run's */
	assert_string_equal(result_cell(&r, 1, 6), "across");
	assert_null(result_cell(&r, 1, 8));
	assert_string_equal(result_cell(&r, 1, 19),
			    "fails as expected: 0A000 cross-database references are not implemented");
	result_free(&r);
	results_close(s);
}

static void foreign_files_refused_and_untouched(void **state)
{
	struct fixture *f = *state;
	static const char text[] = "my own notes, not a database\n";
	char *path = store_file(f), *before, *after;
	struct results_store *s;
	struct dbp_error e;
	size_t n1, n2;
	sqlite3 *db;

	write_file(path, text, sizeof text - 1);
	assert_int_equal(results_open(f->dir, ID, 1, &s, &e), -1);
	assert_non_null(strstr(e.msg, "not a results store made by dbpatterns"));
	before = slurp(path, &n1);
	assert_int_equal(n1, sizeof text - 1);
	assert_memory_equal(before, text, n1);
	free(before);
	/* An SQLite file of someone else's: refused on a read-only look. */
	unlink(path);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE mine (x); INSERT INTO mine VALUES (1)", NULL, NULL,
				      NULL), SQLITE_OK);
	sqlite3_close(db);
	before = slurp(path, &n1);
	assert_int_equal(results_open(f->dir, ID, 1, &s, &e), -1);
	assert_non_null(strstr(e.msg, "not a results store made by dbpatterns"));
	after = slurp(path, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
	free(path);
}

static void other_workspace_and_newer_schema_refused(void **state)
{
	struct fixture *f = *state;
	struct results_store *s = open_store(f, 1);
	char *path = store_file(f);
	struct dbp_error e;
	sqlite3 *db;

	results_close(s);
	assert_int_equal(results_open(f->dir, "fedcba9876543210", 1, &s, &e), -1);
	assert_non_null(strstr(e.msg, "another dbpatterns workspace"));
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(results_open(f->dir, ID, 1, &s, &e), -1);
	assert_non_null(strstr(e.msg, "newer dbpatterns"));
	free(path);
}

static void damaged_store_says_so(void **state)
{
	struct fixture *f = *state;
	struct bench_result b = timed("feed", "sqlite", 10);
	struct results_store *s = open_store(f, 1);
	struct results_context ctx = ctx_for(1, "sqlite", "community:none");
	char *path = store_file(f), junk[4096];
	struct dbp_error e;
	FILE *fp;

	add(s, 1, "sqlite", "community:none", &b, 1);
	results_close(s);
	/* Keep the header (ours), scribble over every page after it. */
	memset(junk, 0xa5, sizeof junk);
	fp = fopen(path, "r+b");
	assert_non_null(fp);
	fseek(fp, 100, SEEK_SET);
	fwrite(junk, 1, sizeof junk, fp);
	fclose(fp);
	if (results_open(f->dir, ID, 1, &s, &e) == 1) {
		assert_int_equal(results_add(s, &ctx, &b, 1, &e), -1);
		results_close(s);
	}
	assert_non_null(strstr(e.msg, "damaged"));
	free(path);
}

/* Two processes keeping runs at once: every run of both is kept. */
static void concurrent_writers(void **state)
{
	struct fixture *f = *state;
	struct results_store *s = open_store(f, 1);
	pid_t kids[2];
	char *path = store_file(f);

	results_close(s);
	for (int k = 0; k < 2; k++) {
		kids[k] = fork();
		assert_true(kids[k] >= 0);
		if (kids[k] == 0) {
			struct bench_result b[2] = { timed("feed", "sqlite", 1), timed("other", "sqlite", 2) };
			struct results_context ctx = ctx_for(1, "sqlite", "community:001");
			struct dbp_error e;
			int bad = 0;

			for (int i = 0; i < 25 && !bad; i++) {
				bad = results_open(f->dir, ID, 1, &s, &e) != 1 || results_add(s, &ctx, b, 2, &e) != 0;
				results_close(s);
			}
			if (bad)
				fprintf(stderr, "writer: %s\n", e.msg);
			_exit(bad);
		}
	}
	for (int k = 0; k < 2; k++) {
		int st;

		assert_int_equal(waitpid(kids[k], &st, 0), kids[k]);
		assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	assert_int_equal(sqlite_int(path, "SELECT count(*) FROM runs"), 50);
	assert_int_equal(sqlite_int(path, "SELECT count(*) FROM timings"), 100);
	free(path);
}

/* ---- context and comparison ------------------------------------------------ */

static void applied_and_record_on_a_real_lesson(void **state)
{
	struct fixture *f = *state;
	struct lesson *l = lesson_find(&f->lessons, "1");
	struct bench_result b = timed("feed", "sqlite", 10);
	struct results_store *s;
	struct dbp_result r;
	struct dbp_error e;
	struct strbuf log;
	char *applied;

	assert_non_null(l);
	sb_init(&log);
	if (workspace_provision(&f->ws, l, NULL, &log, &e) != 0)
		fail_msg("provision: %s", e.msg);
	applied = results_applied(&f->ws, l, &e);
	assert_non_null(applied);
	assert_string_equal(applied, "community:001,002"); /* provision_to = 2 */
	free(applied);
	sb_free(&log);
	assert_int_equal(results_record(&f->ws, l, &b, 1, &e), 0);
	/* The workspace's own id, as results_record marked it. */
	assert_int_equal(results_open(f->dir, f->ws.id, 0, &s, &e), 1);
	assert_int_equal(results_history(s, 1, &r, &e), 0);
	assert_int_equal(r.nrows, 1);
	assert_string_equal(result_cell(&r, 0, 3), "one-db-one-app");
	assert_string_equal(result_cell(&r, 0, 18), PACKAGE_VERSION);
	result_free(&r);
	results_close(s);
}

static void compare_before_after_lessons_engines(void **state)
{
	struct fixture *f = *state;
	struct bench_result lite[2] = { timed("feed", "sqlite", 80), timed("feed_n_plus_1", "sqlite", 10) };
	struct bench_result later[2] = { timed("feed", "sqlite", 2), timed("feed_n_plus_1", "sqlite", 10) };
	struct bench_result pg = timed("feed", "postgres", 4), other = timed("feed", "sqlite", 3);
	struct results_store *s = open_store(f, 1);
	struct dbp_lines out = { 0 };
	struct dbp_error e;

	add(s, 1, "sqlite", "community:001,002", lite, 2);
	add(s, 1, "sqlite", "community:001,002,003", later, 2);
	add(s, 1, "postgres", "community:001,002", &pg, 1);
	add(s, 3, "sqlite", "community:001,002 shop:001,002 books:none", &other, 1);
	assert_int_equal(compare_lines(s, 1, "sqlite", 1, &out, &e), 0);
	if (!lines_have(&out, "40.0x faster") || !lines_have(&out, "before: without community 003") ||
	    !lines_have(&out, "after: with community 003") || !lines_have(&out, "lesson 3") ||
	    !lines_have(&out, "1.5x slower") ||
	    !lines_have(&out, "postgres (without community 003)") ||
	    !lines_have(&out, "lesson 3 (without community 003)") ||
	    !lines_have(&out, "2.0x slower") || !lines_have(&out, "p95: 95 of every 100") ||
	    !lines_have(&out, "cold: the first run")) {
		print_lines_on_failure(&out);
		fail_msg("the comparison lacks a view");
	}
	assert_true(lines_contains(&out, DBP_LINE_TITLE, "SQLite against PostgreSQL"));
	for (size_t i = 0; i < out.n; i++) /* grids keep their first column in place */
		if (out.v[i].role == DBP_LINE_ROW)
			assert_true(out.v[i].fixed > 0);
	lines_free(&out);
	results_close(s);
}

static void compare_rollback_and_nothing_kept(void **state)
{
	struct fixture *f = *state;
	struct bench_result b = timed("feed", "sqlite", 5);
	struct dbp_lines out = { 0 };
	struct results_store *s;
	struct dbp_error e;
	char *path = store_file(f);

	assert_int_equal(results_compare(f->dir, ID, 1, "sqlite", 1, &out, &e), 0);
	assert_true(lines_have(&out, "No timings of lesson 1 are kept yet"));
	assert_int_equal(access(path, F_OK), -1); /* a reader creates nothing */
	lines_free(&out);
	s = open_store(f, 1);
	add(s, 1, "sqlite", "community:001,002,003,004", &b, 1);
	add(s, 1, "sqlite", "community:001,002,003", &b, 1);
	results_close(s);
	assert_int_equal(results_compare(f->dir, ID, 1, "sqlite", 0, &out, &e), 0);
	if (!lines_have(&out, "before: with community 004") || !lines_have(&out, "after: without community 004") ||
	    !lines_have(&out, "about the same")) {
		print_lines_on_failure(&out);
		fail_msg("a rollback is not told as one");
	}
	lines_free(&out);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(absent_is_not_created_by_readers, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(created_marked_and_versioned, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(kept_across_opens, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(only_its_engine_and_refusals_without_times, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(foreign_files_refused_and_untouched, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(other_workspace_and_newer_schema_refused, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(damaged_store_says_so, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(concurrent_writers, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(applied_and_record_on_a_real_lesson, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(compare_before_after_lessons_engines, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(compare_rollback_and_nothing_kept, fixture_setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
