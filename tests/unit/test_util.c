/* Unit tests for util: buffers, lists, sanitising, checksums, names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/core/util.h"

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

static void error_prefix_keeps_the_engine_message(void **state)
{
	struct dbp_error e;

	(void)state;
	err_set(&e, "relation \"users\" already exists");
	err_prefix(&e, "books migration %03d", 1);
	assert_string_equal(e.msg, "books migration 001: relation \"users\" already exists");
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
		cmocka_unit_test(error_prefix_keeps_the_engine_message),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
