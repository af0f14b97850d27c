/* The core on a real SQLite engine in a temporary workspace: backend ops,
 * workspace, catalog and diff, migrations, bench.  No mocks: SQLite is
 * embedded, so the real thing runs here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/core/bench.h"
#include "fixture.h"
#include "../../src/core/migrate.h"
#include "../../src/core/provision.h"

/* i INTEGER, r REAL, x TEXT, m (1, 2.5, 'x'), n INTEGER (all NULL). */
static const enum dbp_type lite_types[] = { DBP_TYPE_INTEGER, DBP_TYPE_REAL, DBP_TYPE_TEXT,
					    DBP_TYPE_TEXT, DBP_TYPE_INTEGER };

static void backend_basics(void **state)
{
	struct fixture *f = *state;
	const struct dbp_backend_ops *ops = f->ws.ops;
	struct dbp_result r = { 0 };
	struct dbp_error e;
	struct dbp_conn *c;
	char *q, path[128];
	FILE *stranger;

	assert_int_equal(ops->database_owned(f->ws.srv, "x_db", &f->ws.owner, &e), DBP_ABSENT);
	assert_int_equal(ops->database_create(f->ws.srv, "x_db", &f->ws.owner, &e), 0);
	assert_int_equal(ops->database_owned(f->ws.srv, "x_db", &f->ws.owner, &e), DBP_OURS);
	c = ops->connect(f->ws.srv, "x_db", NULL, NULL, &e);
	assert_non_null(c);
	q = ops->quote_ident(c, "a\"b");
	assert_string_equal(q, "\"a\"\"b\"");
	free(q);
	/* Double-quoted strings are identifiers, never literals. */
	assert_int_equal(ops->query(c, "SELECT \"nosuchcol\"", &r, &e), -1);
	assert_non_null(strstr(e.msg, "no such column"));
	assert_int_equal(ops->query(c, "SELECT 1; SELECT 2", &r, &e), -1);
	assert_non_null(strstr(e.msg, "one statement at a time"));
	assert_int_equal(ops->query(c, "SELECT 41 + 1 AS answer, NULL", &r, &e), 0);
	assert_string_equal(r.colnames[0], "answer");
	assert_string_equal(result_cell(&r, 0, 0), "42");
	assert_null(result_cell(&r, 0, 1));
	assert_int_equal(result_type(&r, 0), DBP_TYPE_INTEGER);
	assert_int_equal(result_type(&r, 1), DBP_TYPE_NULL);
	result_free(&r);
	/* Types come from the values SQLite returns: integers and reals make
	 * a real column, any text a text one; all-NULL goes by the declaration. */
	assert_int_equal(ops->exec(c, "CREATE TEMP TABLE t (i INTEGER, r REAL, x TEXT, m, n INTEGER);"
				   "INSERT INTO t VALUES (1, 1.5, '001', 1, NULL), (2, NULL, 'b', 2.5, NULL),"
				   " (NULL, 2, NULL, 'x', NULL)", &e), 0);
	assert_int_equal(ops->query(c, "SELECT i, r, x, m, n FROM t", &r, &e), 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(result_type(&r, i), lite_types[i]);
	assert_string_equal(result_cell(&r, 0, 2), "001");
	assert_null(result_cell(&r, 2, 0));
	result_free(&r);
	assert_int_equal(ops->query(c, "SELECT i FROM t WHERE 0", &r, &e), 0);
	assert_int_equal(result_type(&r, 0), DBP_TYPE_INTEGER);
	result_free(&r);
	ops->close(c);
	assert_int_equal(ops->database_drop(f->ws.srv, "x_db", &f->ws.owner, &e), 0);
	assert_int_equal(ops->database_owned(f->ws.srv, "x_db", &f->ws.owner, &e), DBP_ABSENT);

	snprintf(path, sizeof path, "%s/y_db.db", f->dir);
	stranger = fopen(path, "w");
	fclose(stranger);
	/* An empty file with no marker: not ours, and not touched. */
	assert_int_equal(ops->database_create(f->ws.srv, "y_db", &f->ws.owner, &e), -1);
	assert_non_null(strstr(e.msg, "carries no dbpatterns marker"));
	assert_int_equal(ops->database_drop(f->ws.srv, "y_db", &f->ws.owner, &e), -1);
	assert_int_equal(access(path, F_OK), 0);
}

static void provision_catalog_migrate_teardown(void **state)
{
	struct fixture *f = *state;
	struct lesson *l = lesson_find(&f->lessons, "1");
	const struct lesson_app *app = lesson_app_find(l, "community");
	struct migrate_report rep = { 0 };
	struct catalog cat = { 0 };
	struct dbp_error e;
	int v = -1;

	assert_int_equal(workspace_provisioned(&f->ws, l), 0);
	assert_int_equal(workspace_provision(&f->ws, l, NULL, NULL, &e), 0);
	assert_int_equal(workspace_provisioned(&f->ws, l), 1);
	assert_int_equal(migrate_current(&f->ws, l, app, &v, &e), 0);
	assert_int_equal(v, 2);
	assert_int_equal(catalog_snapshot(&f->ws, l, &cat, &e), 0);
	assert_int_equal(catalog_find(&cat, "dbp_community", "main", "comments")->rows, 50000);
	assert_int_equal(catalog_find(&cat, "dbp_community", "main", "posts")->fks.nrows, 1);
	catalog_free(&cat);

	assert_int_equal(migrate_to(&f->ws, l, app, 4, 0, 1, NULL, &rep, &e), 0);
	assert_int_equal(rep.nsteps, 2);
	assert_true(lines_contains(&rep.changes, DBP_LINE_ADDED,
				   "index dbp_community.main.posts: posts_user_id_idx (user_id)"));
	assert_true(lines_contains(&rep.changes, DBP_LINE_ADDED,
				   "column dbp_community.main.users: bio TEXT not null default ''"));
	migrate_report_free(&rep);
	assert_int_equal(migrate_to(&f->ws, l, app, 9, 0, 1, NULL, &rep, &e), -1);
	assert_non_null(strstr(e.msg, "there is no version 9"));
	migrate_report_free(&rep);

	assert_int_equal(workspace_teardown(&f->ws, l, NULL, NULL, &e), 0);
	assert_int_equal(workspace_provisioned(&f->ws, l), 0);
	assert_false(manifest_has(&f->ws, "database", "dbp_community"));
}

/* The runs as the progress line announced them, one per line. */
static void note_run(void *ctx, const char *what)
{
	strncat(ctx, what, 1023 - strlen(ctx));
	strncat(ctx, "\n", 1023 - strlen(ctx));
}

static const struct workload *workload_named(const struct lesson *l, const char *name)
{
	for (size_t i = 0; i < l->nworkloads; i++)
		if (!strcmp(l->workloads[i].name, name))
			return &l->workloads[i];
	return NULL;
}

/* bench_pair times the two turn about, A B then B A, each its own runs. */
static void pair_turn_about(struct fixture *f, const struct lesson *l)
{
	const struct workload *w[2] = { workload_named(l, "two_users_tables"), workload_named(l, "feed") };
	char said[1024] = "";
	struct dbp_progress p = { .report = note_run, .ctx = said };
	struct bench_result b[2] = { 0 };
	struct dbp_error e;

	assert_int_equal(bench_pair(&f->ws, l, w, 3, &p, b, &e), 0);
	assert_string_equal(said, "two_users_tables: run 1 of 3\nfeed: run 1 of 3\n"
				  "feed: run 2 of 3\ntwo_users_tables: run 2 of 3\n"
				  "two_users_tables: run 3 of 3\nfeed: run 3 of 3\n");
	assert_int_equal(b[0].stats.n, 3);
	assert_int_equal(b[1].stats.n, 3);
	assert_int_equal(b[0].rows, 2);
	assert_int_equal(b[1].rows, 100);
	assert_true(b[0].stats.min > 0 && b[1].stats.min > 0);
	assert_false(b[0].failed || b[1].failed);
	bench_result_free(&b[0]);
	bench_result_free(&b[1]);
}

static void schema_per_app_and_bench(void **state)
{
	struct fixture *f = *state;
	struct lesson *l = lesson_find(&f->lessons, "4");
	const struct lesson_app *books = lesson_app_find(l, "books");
	struct bench_result b;
	struct dbp_error e;
	struct dbp_conn *c;
	char *sql;

	assert_int_equal(workspace_provision(&f->ws, l, NULL, NULL, &e), 0);
	c = ws_connect_app(&f->ws, l, books, &e);
	assert_non_null(c);
	sql = bench_expand(&f->ws, l, c, "SELECT * FROM {{schema:books}}.users, {{schema:community}}.users", &e);
	assert_non_null(strstr(sql, "FROM main.users, \"dbp_community\".users"));
	free(sql);
	assert_null(bench_expand(&f->ws, l, c, "SELECT {{table:x}}", &e));
	assert_null(bench_expand(&f->ws, l, c, "SELECT {{schema:nobody}}", &e));
	f->ws.ops->close(c);

	for (size_t i = 0; i < l->nworkloads; i++) {
		if (strcmp(l->workloads[i].name, "two_users_tables"))
			continue;
		assert_int_equal(bench_workload(&f->ws, l, &l->workloads[i], 3, NULL, &b, &e), 0);
		assert_int_equal(b.stats.n, 3);
		assert_int_equal(b.round_trips, 1);
		assert_int_equal(b.rows, 2);
		assert_int_equal(b.connections, 1);
		assert_true(b.stats.min <= b.stats.median && b.stats.median <= b.stats.max);
		bench_result_free(&b);
	}
	pair_turn_about(f, l);
	assert_int_equal(workspace_teardown(&f->ws, l, NULL, NULL, &e), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(backend_basics, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(provision_catalog_migrate_teardown, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(schema_per_app_and_bench, fixture_setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
