/* Unit tests for util: buffers, lists, sanitising, checksums, names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/core/util.h"
#include "../../src/core/redact.h"
#include "../../src/core/ownership.h"
#include "../../src/core/sql_split.h"

static void strbuf_grows_and_formats(void **state)
{
	struct strbuf b;
	char *s;

	(void)state;
	sb_init(&b);
	for (int i = 0; i < 1000; i++)
		sb_addf(&b, "%d,", i);
	s = sb_steal(&b);
	assert_int_equal(strlen(s), 3890);
	assert_memory_equal(s, "0,1,2,", 6);
	free(s);
}

static void sanitize_strips_escape_sequences(void **state)
{
	char *s = sanitize_text("ok\x1b[2Jbad\x07\n\tend\xc2\x9b", 0);
	char *kept = sanitize_text("a\nb\tc\x1b", 1);

	(void)state;
	assert_string_equal(s, "ok?[2Jbad???end??");
	assert_string_equal(kept, "a\nb\tc?");
	free(s);
	free(kept);
}

static void split_words_on_space_and_comma(void **state)
{
	struct strlist l = { 0 };

	(void)state;
	sl_split_words(&l, "  community, shop\tbooks ");
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[2], "books");
	assert_true(sl_contains(&l, "shop"));
	assert_false(sl_contains(&l, "sho"));
	sl_free(&l);
}

static void checksum_is_stable_and_sensitive(void **state)
{
	char a[17], b[17], c[17];

	(void)state;
	checksum_hex("CREATE TABLE t (x int);", a);
	checksum_hex("CREATE TABLE t (x int);", b);
	checksum_hex("CREATE TABLE t (x int); ", c);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_int_equal(strlen(a), 16);
}

static void simple_names(void **state)
{
	(void)state;
	assert_true(is_simple_name("service_community_db", 30));
	assert_false(is_simple_name("Users", 30));
	assert_false(is_simple_name("1abc", 30));
	assert_false(is_simple_name("a-b", 30));
	assert_false(is_simple_name("", 30));
	assert_false(is_simple_name("abcdef", 5));
}

static void read_text_file_refuses_devices(void **state)
{
	struct dbp_error e;

	(void)state;
	assert_null(read_text_file("/dev/zero", 1024, &e));
	assert_non_null(strstr(e.msg, "not a regular file"));
	assert_null(read_text_file("/nonexistent/x", 1024, &e));
	assert_non_null(strstr(e.msg, "No such file"));
}

/* Defect: make_dirs("") read past the end of its copy of the path. */
static void make_dirs_refuses_an_empty_path(void **state)
{
	struct dbp_error e;

	(void)state;
	assert_int_equal(make_dirs("", &e), -1);
	assert_string_equal(e.msg, "an empty path names no directory");
}

static void path_is_inside_compares_components(void **state)
{
	(void)state;
	assert_true(path_is_inside("/a/b/c", "/a/b"));
	assert_true(path_is_inside("/a/b", "/a/b"));
	assert_false(path_is_inside("/a/bc", "/a/b"));
	assert_false(path_is_inside("/a", "/a/b"));
	assert_true(path_is_inside("/etc/passwd", "/"));
	assert_false(path_is_inside("/a", ""));
}

static void utf8_cuts_fall_between_characters(void **state)
{
	(void)state;
	assert_int_equal(utf8_prefix_len("ab\u00e9c", 3), 2);  /* inside é */
	assert_int_equal(utf8_prefix_len("ab\u00e9c", 4), 4);  /* after é */
	assert_int_equal(utf8_prefix_len("a\u20acb", 3), 1);   /* inside a 3-byte euro */
	assert_int_equal(utf8_prefix_len("short", 40), 5);
	assert_int_equal(utf8_prefix_len("", 0), 0);
}

/* Every failing path has a place for its error, or none: a caller that
 * passes NULL gets the failure back, not a crash. */
static void failures_with_no_error_pointer_do_not_crash(void **state)
{
	char path[] = "/tmp/dbp-util-XXXXXX";
	int fd = mkstemp(path);

	(void)state;
	err_clear(NULL);
	assert_int_equal(err_set(NULL, "x %d", 1), -1);
	assert_int_equal(err_prefix(NULL, "y %s", "z"), -1);
	assert_null(read_text_file("/nonexistent/x", 1024, NULL));
	assert_null(read_text_file("/dev/zero", 1024, NULL));
	assert_int_equal(write(fd, "0123456789\0", 11), 11);
	close(fd);
	assert_null(read_text_file(path, 4, NULL));    /* larger than allowed */
	assert_null(read_text_file(path, 1024, NULL)); /* a NUL byte */
	assert_int_equal(make_dirs("", NULL), -1);
	assert_int_equal(make_dirs(path, NULL), -1);        /* a file, not a directory */
	assert_int_equal(make_dirs("/dev/null/x", NULL), -1); /* cannot create */
	unlink(path);
}

static void error_prefix_keeps_the_engine_message(void **state)
{
	struct dbp_error e;

	(void)state;
	err_set(&e, "relation \"users\" already exists");
	err_prefix(&e, "books migration %03d", 1);
	assert_string_equal(e.msg, "books migration 001: relation \"users\" already exists");
}


static void expect_redacted(const char *in, const char *want)
{
	char *got = redact_secrets(in);

	assert_string_equal(got, want);
	assert_null(strstr(got, "S3cr3t"));
	free(got);
}

/* Defect: libpq quoted an unparsable URI whole, password included. */
static void redact_hides_passwords(void **state)
{
	(void)state;
	expect_redacted("invalid IPv6 host address in URI: \"postgresql://u:S3cr3tCanary@[::1:5499/postgres\"",
			"invalid IPv6 host address in URI: \"postgresql://u:***@[::1:5499/postgres\"");
	expect_redacted("postgres://bob@host/db", "postgres://bob@host/db");
	expect_redacted("postgres://host:5432/db", "postgres://host:5432/db");
	expect_redacted("host=x PASSWORD = 'S3cr3t two\\' words' user=y", "host=x PASSWORD = *** user=y");
	expect_redacted("postgresql:///db?user=a&password=S3cr3t&sslmode=off",
			"postgresql:///db?user=a&password=***&sslmode=off");
	expect_redacted("Password=S3cr3t", "Password=***");
	expect_redacted("u:p@x@ no uri here", "u:p@x@ no uri here");
	expect_redacted("pq://a:S3c/r3t@h", "pq://a:***@h");
	expect_redacted("password", "password");
	expect_redacted("", "");
}

static void errors_are_redacted(void **state)
{
	struct dbp_error e;
	char small[13];

	(void)state;
	err_set(&e, "cannot parse %s", "postgresql://u:S3cr3tCanary@x/db");
	assert_string_equal(e.msg, "cannot parse postgresql://u:***@x/db");
	err_set(&e, "password=S3cr3t");
	err_prefix(&e, "connecting to host=h %s", "password=S3cr3tToo");
	assert_null(strstr(e.msg, "S3cr3t"));
	memcpy(small, "password=é!", 13);
	redact_in_place(small, 12);
	assert_string_equal(small, "password=**");
}

/* A marker is ours only when it names our workspace id. */
static void ownership_verdicts(void **state)
{
	const struct dbp_owner us = { "carol", "0123456789abcdef", "h:/a" };
	const struct dbp_owner them = { "carol", "fedcba9876543210", "h:/b" };
	struct dbp_error e;
	char *mark = owner_marker(&us);

	(void)state;
	assert_int_equal(owner_verdict(&us, mark, "database", "x", &e), DBP_OURS);
	assert_int_equal(owner_verdict(&them, mark, "database", "x", &e), DBP_NOT_OURS);
	assert_non_null(strstr(e.msg, "another dbpatterns workspace (prefix \"carol\", at h:/a)"));
	assert_int_equal(owner_verdict(&us, NULL, "database", "x", &e), DBP_ABSENT);
	assert_int_equal(owner_verdict(&us, "", "database", "x", &e), DBP_UNMARKED);
	assert_int_equal(owner_verdict(&us, "dbpatterns-owned:carol", "database", "x", &e), DBP_NOT_OURS);
	assert_non_null(strstr(e.msg, "earlier dbpatterns"));
	assert_int_equal(owner_verdict(&us, "the DBA's notes", "database", "x", &e), DBP_NOT_OURS);
	assert_int_equal(owner_verdict(&(struct dbp_owner){ "carol", NULL, "h" }, mark, "db", "x", &e),
			 DBP_NOT_OURS);
	assert_true(owner_tag(&us) > 0 && owner_tag(&us) != owner_tag(&them));
	free(mark);
}

/* A no-transaction migration is sent statement by statement: a semicolon
 * in a string, a quoted name, a comment or a function body ends nothing. */
static void sql_split_keeps_quoted_semicolons(void **state)
{
	struct strlist l = { 0 };

	(void)state;
	sql_split("-- dbpatterns: no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);\n"
		  "INSERT INTO t VALUES ('a;b'); /* x; y */ SELECT \"odd;name\" FROM t;\n"
		  "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n"
		  "-- only a comment; here\n  ;", &l);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.v[0], "-- dbpatterns: no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a)");
	assert_string_equal(l.v[1], "INSERT INTO t VALUES ('a;b')");
	assert_string_equal(l.v[2], "/* x; y */ SELECT \"odd;name\" FROM t");
	assert_string_equal(l.v[3], "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql");
	sl_free(&l);
	/* '$' inside a name starts no quote; E'' strings escape with '\'. */
	sql_split("SELECT a$b$ FROM t; SELECT E'it\\'s; here', 'x''; y'; SELECT 1", &l);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0], "SELECT a$b$ FROM t");
	assert_string_equal(l.v[1], "SELECT E'it\\'s; here', 'x''; y'");
	sl_free(&l);
	sql_split("SELECT 'unterminated;", &l);
	assert_int_equal(l.n, 1);
	sl_free(&l);
}

static void no_transaction_mark_is_the_first_line_only(void **state)
{
	(void)state;
	assert_true(sql_wants_no_transaction("-- dbpatterns: no-transaction\nCREATE INDEX ..."));
	assert_true(sql_wants_no_transaction("  -- DBPATTERNS: No-Transaction  \r\nSELECT 1"));
	assert_false(sql_wants_no_transaction("SELECT 1;\n-- dbpatterns: no-transaction\n"));
	assert_false(sql_wants_no_transaction("-- dbpatterns: no-transactions\n"));
	assert_false(sql_wants_no_transaction(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strbuf_grows_and_formats),
		cmocka_unit_test(sanitize_strips_escape_sequences),
		cmocka_unit_test(split_words_on_space_and_comma),
		cmocka_unit_test(checksum_is_stable_and_sensitive),
		cmocka_unit_test(simple_names),
		cmocka_unit_test(read_text_file_refuses_devices),
		cmocka_unit_test(make_dirs_refuses_an_empty_path),
		cmocka_unit_test(path_is_inside_compares_components),
		cmocka_unit_test(utf8_cuts_fall_between_characters),
		cmocka_unit_test(failures_with_no_error_pointer_do_not_crash),
		cmocka_unit_test(error_prefix_keeps_the_engine_message),
		cmocka_unit_test(redact_hides_passwords),
		cmocka_unit_test(ownership_verdicts),
		cmocka_unit_test(errors_are_redacted),
		cmocka_unit_test(sql_split_keeps_quoted_semicolons),
		cmocka_unit_test(no_transaction_mark_is_the_first_line_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
