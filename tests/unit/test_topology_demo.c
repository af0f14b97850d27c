/* Unit tests for topology (the tree) and demo (offline) on a real SQLite
 * workspace. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/core/demo.h"
#include "../../src/core/provision.h"
#include "../../src/core/topology.h"
#include "fixture.h"

static void tree_before_and_after_provisioning(void **state)
{
	struct fixture *f = *state;
	struct lesson *l = lesson_find(&f->lessons, "4");
	struct strlist lines = { 0 };
	struct catalog cat = { 0 };
	struct dbp_error e;

	topology_tree(&f->ws, l, &cat, 0, 1, &lines);
	assert_string_equal(lines.v[0], "dbp_big_db  (not provisioned)");
	assert_string_equal(lines.v[1], "|-- dbp_community  <- community");
	assert_string_equal(lines.v[3], "`-- dbp_books  <- books");
	sl_free(&lines);

	assert_int_equal(workspace_provision(&f->ws, l, NULL, NULL, &e), 0);
	assert_int_equal(catalog_snapshot(&f->ws, l, &cat, &e), 0);
	topology_tree(&f->ws, l, &cat, 1, 1, &lines);
	assert_true(sl_contains(&lines, "|   `-- users (5000 rows)"));
	assert_true(sl_contains(&lines, "    `-- users (1000 rows)"));
	sl_free(&lines);
	topology_connections(&f->ws, l, &lines);
	assert_non_null(strstr(lines.v[0], "dbp_big_db.dbp_community.db"));
	assert_non_null(strstr(lines.v[3], "SQLite has no CREATE SCHEMA"));
	sl_free(&lines);
	catalog_free(&cat);
}

static void offline_demo_on_sqlite(void **state)
{
	struct fixture *f = *state;
	struct lesson *l = lesson_find(&f->lessons, "2");
	const struct lesson_demo *d = lesson_demo_find(l, "offline");
	struct dbp_lines out = { 0 };
	struct dbp_error e;

	assert_non_null(d);
	assert_null(lesson_demo_find(l, "nosuch"));
	assert_int_equal(demo_run(&f->ws, l, d, NULL, &out, &e), -1);
	assert_non_null(strstr(e.msg, "not provisioned"));
	assert_int_equal(workspace_provision(&f->ws, l, NULL, NULL, &e), 0);
	assert_int_equal(demo_run(&f->ws, l, d, NULL, &out, &e), 0);
	assert_true(lines_contains(&out, DBP_LINE_ADDED, "community (service_community_db): still answers: "
				   "SELECT count(*) FROM users = 5000"));
	assert_int_equal(out.v[2].role, DBP_LINE_ERROR);
	assert_non_null(strstr(out.v[2].text, "shop (service_ecommerce_db): database is locked"));
	assert_int_equal(out.v[3].role, DBP_LINE_TEXT);
	assert_string_equal(out.v[3].text, "dbp_service_ecommerce_db is back online");
	assert_string_equal(demo_probe_for(d, "shop"), "SELECT count(*) FROM orders");
	assert_string_equal(demo_probe_for(d, "community"), "SELECT count(*) FROM users");
	lines_free(&out);
}

static void catalog_lists_databases_and_schemas(void **state)
{
	struct fixture *f = *state;
	struct lesson *l = lesson_find(&f->lessons, "4");
	struct catalog empty = { 0 }, cat = { 0 };
	struct dbp_lines changes = { 0 };
	struct dbp_error e;

	assert_int_equal(workspace_provision(&f->ws, l, NULL, NULL, &e), 0);
	assert_int_equal(catalog_snapshot(&f->ws, l, &cat, &e), 0);
	assert_true(sl_contains(&cat.databases, "dbp_big_db"));
	assert_true(sl_contains(&cat.schemas, "dbp_big_db.dbp_books"));
	assert_int_equal(cat.schemas.n, 3);
	catalog_diff(&empty, &cat, &changes);
	assert_true(lines_contains(&changes, DBP_LINE_ADDED, "database dbp_big_db"));
	assert_true(lines_contains(&changes, DBP_LINE_ADDED, "schema dbp_big_db.dbp_shop"));
	assert_true(lines_contains(&changes, DBP_LINE_ADDED,
				   "table dbp_big_db.dbp_books.users (3 columns, 1000 rows)"));
	lines_free(&changes);
	catalog_diff(&cat, &empty, &changes);
	assert_true(lines_contains(&changes, DBP_LINE_REMOVED, "schema dbp_big_db.dbp_community"));
	lines_free(&changes);
	catalog_free(&cat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(tree_before_and_after_provisioning, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(offline_demo_on_sqlite, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(catalog_lists_databases_and_schemas, fixture_setup,
						fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
