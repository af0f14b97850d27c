/* Unit tests for the PostgreSQL backend against a real server: the one
 * pg_virtualenv starts for `make check` (PG* variables).  Without a server
 * the tests are skipped, except where CI=true or DBP_REQUIRE_PG is set:
 * there a missing server fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/core/backend.h"

static struct dbp_server *srv;

static int server_up(void **state)
{
	struct dbp_server_settings s = { DBP_POSTGRES, "/tmp", NULL };
	struct dbp_error e;
	const char *ci = getenv("CI"), *require = getenv("DBP_REQUIRE_PG");

	(void)state;
	srv = dbp_pg_ops.server_open(&s, &e);
	if (!srv && ((ci && !strcmp(ci, "true")) || (require && *require))) {
		fprintf(stderr, "PostgreSQL is required here and unreachable: %s\n", e.msg);
		return -1;
	}
	return 0;
}

static int server_down(void **state)
{
	(void)state;
	if (srv)
		dbp_pg_ops.server_close(srv);
	return 0;
}

#define NEED_SERVER() do { if (!srv) skip(); } while (0)

static struct dbp_conn *connect_default(void)
{
	struct dbp_error e;
	struct dbp_conn *c = dbp_pg_ops.connect(srv, getenv("PGDATABASE") ? getenv("PGDATABASE") : "postgres",
						 NULL, NULL, &e);

	assert_non_null(c);
	return c;
}

static void describe_never_shows_a_password(void **state)
{
	const char *pw = getenv("PGPASSWORD");

	(void)state;
	NEED_SERVER();
	assert_non_null(strstr(dbp_pg_ops.server_describe(srv), "postgres "));
	if (pw && *pw)
		assert_null(strstr(dbp_pg_ops.server_describe(srv), pw));
}

/* Teardown finds a shard's server again from the id the manifest keeps:
 * reopened through it, the server has the same id; other forms give
 * nothing, and a host with ':' (IPv6) keeps them. */
static void server_id_leads_back(void **state)
{
	struct dbp_server_settings s = { DBP_POSTGRES, "/tmp", NULL };
	struct dbp_server *again;
	struct dbp_error e;
	char *dsn, *v6 = pg_server_id_conninfo("postgres:o'neil@::1:5433");

	(void)state;
	assert_string_equal(v6, "host=::1 port=5433 user='o\\'neil' dbname=postgres");
	free(v6);
	assert_null(pg_server_id_conninfo("sqlite:/tmp/x"));
	assert_null(pg_server_id_conninfo("postgres:nobody"));
	assert_null(pg_server_id_conninfo("postgres:@host:5432"));
	assert_null(pg_server_id_conninfo("postgres:u@host:"));
	NEED_SERVER();
	dsn = pg_server_id_conninfo(dbp_pg_ops.server_id(srv));
	assert_non_null(dsn);
	s.dsn = dsn;
	again = dbp_pg_ops.server_open(&s, &e);
	assert_non_null(again);
	assert_string_equal(dbp_pg_ops.server_id(again), dbp_pg_ops.server_id(srv));
	dbp_pg_ops.server_close(again);
	free(dsn);
}

/* int8, smallint, numeric, float8, bool, text, a NULL int. */
static const enum dbp_type pg_types[] = { DBP_TYPE_INTEGER, DBP_TYPE_INTEGER, DBP_TYPE_REAL, DBP_TYPE_REAL,
					  DBP_TYPE_BOOLEAN, DBP_TYPE_TEXT, DBP_TYPE_INTEGER };

static void quoting_and_one_statement(void **state)
{
	struct dbp_result r = { 0 };
	struct dbp_error e;
	struct dbp_conn *c;
	char *q;

	(void)state;
	NEED_SERVER();
	c = connect_default();
	q = dbp_pg_ops.quote_ident(c, "a\"b;c");
	assert_string_equal(q, "\"a\"\"b;c\"");
	free(q);
	q = dbp_pg_ops.quote_literal(c, "it's");
	assert_string_equal(q, "'it''s'");
	free(q);
	assert_int_equal(dbp_pg_ops.query(c, "SELECT 1; SELECT 2", &r, &e), -1);
	assert_non_null(strstr(e.msg, "cannot insert multiple commands"));
	assert_int_equal(dbp_pg_ops.query(c, "SELECT 40 + 2 AS answer, NULL::text AS nothing", &r, &e), 0);
	assert_string_equal(r.colnames[0], "answer");
	assert_string_equal(result_cell(&r, 0, 0), "42");
	assert_null(result_cell(&r, 0, 1));
	assert_int_equal(result_type(&r, 0), DBP_TYPE_INTEGER);
	assert_int_equal(result_type(&r, 1), DBP_TYPE_TEXT);
	result_free(&r);
	/* Column types from PQftype: the engine's own, NULL kept apart. */
	assert_int_equal(dbp_pg_ops.query(c, "SELECT 1::int8, 2::smallint, 1.50::numeric, 0.5::float8, "
					  "true, '001'::text, NULL::int", &r, &e), 0);
	for (int i = 0; i < 7; i++)
		assert_int_equal(result_type(&r, i), pg_types[i]);
	assert_string_equal(result_cell(&r, 0, 2), "1.50");
	assert_string_equal(result_cell(&r, 0, 4), "t");
	assert_null(result_cell(&r, 0, 6));
	result_free(&r);
	assert_int_equal(dbp_pg_ops.query(c, "SELECT * FROM no_such_table_here", &r, &e), -1);
	assert_string_equal(e.sqlstate, "42P01");
	dbp_pg_ops.close(c);
}

static void database_marker_create_and_drop(void **state)
{
	const struct dbp_owner us = { "dbpunit", "0123456789abcdef", "host:/ws/us" };
	const struct dbp_owner them = { "dbpunit", "fedcba9876543210", "host:/ws/them" };
	char name[64];
	struct dbp_error e;

	(void)state;
	NEED_SERVER();
	snprintf(name, sizeof name, "dbpunit_%d", (int)getpid());
	assert_int_equal(dbp_pg_ops.database_owned(srv, name, &us, &e), DBP_ABSENT);
	assert_int_equal(dbp_pg_ops.database_create(srv, name, &us, &e), 0);
	assert_int_equal(dbp_pg_ops.database_owned(srv, name, &us, &e), DBP_OURS);
	/* Another workspace's marker is not ours, even with the same prefix. */
	assert_int_equal(dbp_pg_ops.database_owned(srv, name, &them, &e), DBP_NOT_OURS);
	assert_non_null(strstr(e.msg, "belongs to another dbpatterns workspace"));
	assert_non_null(strstr(e.msg, "host:/ws/us"));
	assert_int_equal(dbp_pg_ops.database_drop(srv, name, &them, &e), -1);
	assert_int_equal(dbp_pg_ops.database_drop(srv, name, &us, &e), 0);
	assert_int_equal(dbp_pg_ops.database_owned(srv, name, &us, &e), DBP_ABSENT);
}

/* Asked every ~50 ms while a query runs: stop on the third time. */
static int stop_on_third(void *ctx)
{
	int *calls = ctx;

	return ++*calls >= 3;
}

static void interrupt_cancels_a_running_statement(void **state)
{
	struct dbp_result r = { 0 };
	struct dbp_error e;
	struct dbp_conn *c;
	int calls = 0;
	double t0;

	(void)state;
	NEED_SERVER();
	c = connect_default();
	dbp_pg_ops.set_interrupt(c, stop_on_third, &calls);
	t0 = now_ms();
	assert_int_equal(dbp_pg_ops.query(c, "SELECT pg_sleep(20)", &r, &e), -1);
	assert_string_equal(e.sqlstate, "57014");
	assert_non_null(strstr(e.msg, "canceling statement due to user request"));
	assert_true(calls >= 3);
	assert_true(now_ms() - t0 < 10000);
	/* The connection is still good afterwards. */
	dbp_pg_ops.set_interrupt(c, NULL, NULL);
	assert_int_equal(dbp_pg_ops.query(c, "SELECT 1", &r, &e), 0);
	result_free(&r);
	dbp_pg_ops.close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(describe_never_shows_a_password),
		cmocka_unit_test(server_id_leads_back),
		cmocka_unit_test(quoting_and_one_statement),
		cmocka_unit_test(database_marker_create_and_drop),
		cmocka_unit_test(interrupt_cancels_a_running_statement),
	};

	return cmocka_run_group_tests_name("postgres backend", tests, server_up, server_down);
}
