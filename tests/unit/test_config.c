/* Unit tests for ini_file and config: the inih traps and precedence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <stdio.h>
#include <cmocka.h>

#include "../../src/core/config.h"
#include "../../src/core/ini_file.h"
#include "../../src/core/lesson.h"
#include "../../src/core/workspace.h"

struct seen {
	int pairs;
	char last[64];
	int last_line;
};

static int record(struct ini_ctx *ctx, const char *section, const char *key, const char *value,
		  struct dbp_error *e)
{
	struct seen *s = ctx->user;

	(void)section;
	(void)value;
	(void)e;
	s->pairs++;
	s->last_line = ctx->line;
	strncpy(s->last, key, sizeof s->last - 1);
	return 0;
}

static void long_line_tail_is_never_a_key(void **state)
{
	/* inih r55 would hand "password=x" from the tail of this line to us. */
	char text[400];
	struct seen s = { 0 };
	struct dbp_error e;

	(void)state;
	memset(text, 0, sizeof text);
	strcpy(text, "[dbpatterns]\n;");
	memset(text + strlen(text), 'c', 197);
	strcat(text, "password=x\n");
	assert_int_equal(ini_text_load("t.ini", text, record, &s, &e), -1);
	assert_int_equal(s.pairs, 0);
	assert_non_null(strstr(e.msg, "t.ini:2: line is 208 bytes long"));
}

static void lines_are_counted_for_messages(void **state)
{
	struct seen s = { 0 };
	struct dbp_error e;

	(void)state;
	assert_int_equal(ini_text_load("t.ini", "; c\n\n[a]\nx = 1\n\ny = 2\n", record, &s, &e), 0);
	assert_int_equal(s.pairs, 2);
	assert_string_equal(s.last, "y");
	assert_int_equal(s.last_line, 6);
}

static void duplicates_and_continuations_are_refused(void **state)
{
	struct seen s = { 0 };
	struct dbp_error e;

	(void)state;
	assert_int_equal(ini_text_load("t.ini", "[a]\nx = 1\nx = 2\n", record, &s, &e), -1);
	assert_non_null(strstr(e.msg, "t.ini:3: key \"x\" is given twice in [a]"));
	assert_int_equal(ini_text_load("t.ini", "[a]\nx = 1\n  more\n", record, &s, &e), -1);
	assert_non_null(strstr(e.msg, "t.ini:3: indented line"));
	assert_int_equal(ini_text_load("t.ini", "[a]\nnot a pair\n", record, &s, &e), -1);
	assert_non_null(strstr(e.msg, "t.ini:2: not a valid INI line"));
}

static void numbers_and_booleans(void **state)
{
	struct dbp_error e;
	long n;
	int b;

	(void)state;
	assert_int_equal(ini_parse_int("20", 1, 100, &n, &e), 0);
	assert_int_equal(n, 20);
	assert_int_equal(ini_parse_int("0", 1, 100, &n, &e), -1);
	assert_int_equal(ini_parse_int("12x", 1, 100, &n, &e), -1);
	assert_int_equal(ini_parse_bool("yes", &b, &e), 0);
	assert_true(b);
	assert_int_equal(ini_parse_bool("maybe", &b, &e), -1);
}

static void config_file_then_environment(void **state)
{
	char path[] = "/tmp/dbp-config-XXXXXX";
	struct dbp_config c;
	struct dbp_error e;
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	(void)state;
	fputs("[dbpatterns]\nbackend = postgres\nprefix = alice\nreps = 7\n", f);
	fclose(f);
	config_defaults(&c);
	assert_string_equal(c.prefix, "dbp");
	assert_int_equal(config_load(&c, path, &e), 0);
	assert_int_equal(c.engine, DBP_POSTGRES);
	assert_string_equal(c.prefix, "alice");
	assert_true(c.prefix_given);
	assert_int_equal(c.reps, 7);
	setenv("DBPATTERNS_PREFIX", "bob", 1);
	assert_int_equal(config_from_env(&c, &e), 0);
	assert_string_equal(c.prefix, "bob");
	unsetenv("DBPATTERNS_PREFIX");
	config_free(&c);
	unlink(path);
}

/* The config file's text, loaded from a temporary file. */
static int load_text(struct dbp_config *c, const char *text, struct dbp_error *e)
{
	char path[] = "/tmp/dbp-config-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	int rc;

	fputs(text, f);
	fclose(f);
	rc = config_load(c, path, e);
	unlink(path);
	return rc;
}

/* Lesson 11's shard servers: shard1..3 in order, none empty, no fourth. */
static void shard_dsns(void **state)
{
	struct dbp_config c;
	struct dbp_error e;

	(void)state;
	config_defaults(&c);
	assert_int_equal(load_text(&c, "[dbpatterns]\nshard1 = host=a port=5\nshard2 = host=b\n", &e), 0);
	assert_int_equal(c.shards.n, 2);
	assert_string_equal(c.shards.v[0], "host=a port=5");
	assert_string_equal(c.shards.v[1], "host=b");
	assert_int_equal(config_add_shard(&c, "host=c", &e), 0);
	assert_int_equal(config_add_shard(&c, "host=d", &e), -1);
	assert_non_null(strstr(e.msg, "at most 3 shards"));
	assert_int_equal(config_add_shard(&c, "", &e), -1);
	assert_non_null(strstr(e.msg, "may not be empty"));
	config_free(&c);
	config_defaults(&c);
	assert_int_equal(load_text(&c, "[dbpatterns]\nshard4 = host=a\n", &e), -1);
	assert_non_null(strstr(e.msg, "unknown key \"shard4\""));
	config_free(&c);
}

/* Defect: "workdir =" reached make_dirs("") and read past the string. */
static void empty_paths_in_the_config_are_refused(void **state)
{
	struct dbp_config c;
	struct dbp_error e;

	(void)state;
	config_defaults(&c);
	assert_int_equal(load_text(&c, "[dbpatterns]\nworkdir =\n", &e), -1);
	assert_non_null(strstr(e.msg, ":2: the workdir may not be empty"));
	assert_int_equal(load_text(&c, "[dbpatterns]\nlessons =\n", &e), -1);
	assert_non_null(strstr(e.msg, ":2: the lessons directory may not be empty"));
	assert_int_equal(config_load(&c, "", &e), -1);
	assert_string_equal(e.msg, "the config file name may not be empty");
	config_free(&c);
}

/* Defect: DBPATTERNS_BACKEND=mysql was silently ignored. */
static void bad_environment_values_are_refused(void **state)
{
	struct dbp_config c;
	struct dbp_error e;

	(void)state;
	config_defaults(&c);
	setenv("DBPATTERNS_BACKEND", "mysql", 1);
	assert_int_equal(config_from_env(&c, &e), -1);
	assert_string_equal(e.msg, "DBPATTERNS_BACKEND must be sqlite or postgres, not \"mysql\"");
	setenv("DBPATTERNS_BACKEND", "postgres", 1);
	setenv("DBPATTERNS_PREFIX", "a/b", 1);
	assert_int_equal(config_from_env(&c, &e), -1);
	assert_string_equal(e.msg, "DBPATTERNS_PREFIX: the prefix may not hold control characters, / or \\");
	assert_string_equal(c.prefix, "dbp");
	/* Empty counts as unset, as for NO_COLOR. */
	setenv("DBPATTERNS_PREFIX", "", 1);
	setenv("DBPATTERNS_WORKDIR", "", 1);
	assert_int_equal(config_from_env(&c, &e), 0);
	assert_int_equal(c.engine, DBP_POSTGRES);
	assert_string_equal(c.prefix, "dbp");
	assert_true(*c.workdir);
	unsetenv("DBPATTERNS_BACKEND");
	unsetenv("DBPATTERNS_PREFIX");
	unsetenv("DBPATTERNS_WORKDIR");
	config_free(&c);
}

static void prefixes(void **state)
{
	struct dbp_error e;

	(void)state;
	assert_int_equal(config_check_prefix("it's \"odd\"; fine", &e), 0);
	assert_int_equal(config_check_prefix("", &e), -1);
	assert_int_equal(config_check_prefix("a/b", &e), -1);
	assert_int_equal(config_check_prefix("tab\there", &e), -1);
}

/* Defect: "%.40s" cut a two-byte character in half in the message. */
static void a_long_prefix_is_cut_at_a_character(void **state)
{
	char prefix[64], want[128];
	struct dbp_error e;

	(void)state;
	memset(prefix, 'a', 39);
	strcpy(prefix + 39, "\u00e9\u00e9"); /* bytes 40 and 41 are one character */
	assert_int_equal(config_check_prefix(prefix, &e), -1);
	snprintf(want, sizeof want, "the prefix \"%.39s...\" is longer than 40 bytes", prefix);
	assert_string_equal(e.msg, want);
	strcpy(prefix + 38, "\u00e9\u00e9"); /* "é" fits whole in 40 bytes */
	assert_int_equal(config_check_prefix(prefix, &e), -1);
	snprintf(want, sizeof want, "the prefix \"%.40s...\" is longer than 40 bytes", prefix);
	assert_string_equal(e.msg, want);
}

/* The same for the INI reader and the config: NULL takes no message. */
static void config_failures_with_no_error_pointer_do_not_crash(void **state)
{
	struct dbp_config c;
	struct seen s = { 0 };
	long n;
	int b;

	(void)state;
	assert_int_equal(ini_text_load("t.ini", "[a]\nx = 1\nx = 2\n", record, &s, NULL), -1);
	assert_int_equal(ini_text_load("t.ini", "[a]\nnot a pair\n", record, &s, NULL), -1);
	assert_int_equal(ini_parse_int("x", 1, 2, &n, NULL), -1);
	assert_int_equal(ini_parse_bool("maybe", &b, NULL), -1);
	assert_int_equal(config_check_prefix("", NULL), -1);
	config_defaults(&c);
	assert_int_equal(config_load(&c, "/nonexistent/config.ini", NULL), -1);
	assert_int_equal(config_load(&c, "", NULL), -1);
	setenv("DBPATTERNS_PREFIX", "a/b", 1);
	assert_int_equal(config_from_env(&c, NULL), -1);
	unsetenv("DBPATTERNS_PREFIX");
	config_free(&c);
}

/* Every name a bundled lesson derives from the longest default prefix
 * fits PostgreSQL's 63 bytes: databases, schemas, the demos' roles. */
static void longest_default_fits_every_lesson_name(const char *prefix)
{
	struct lesson_set set = { 0 };
	struct dbp_error e;
	char *dir = data_lessons_dir();

	assert_int_equal(lessons_load_dir(dir, &set, &e), 0);
	for (size_t i = 0; i < set.n; i++) {
		const struct lesson *l = set.v[i];

		for (size_t d = 0; d < l->ndbs; d++) {
			char *db = ws_prefixed(prefix, l->dbs[d].name);

			assert_true(strlen(db) <= 63);
			free(db);
			for (size_t s = 0; s < l->dbs[d].schemas.n; s++) {
				char *schema = ws_prefixed(prefix, l->dbs[d].schemas.v[s]);

				assert_true(strlen(schema) <= 63);
				free(schema);
			}
		}
		for (size_t a = 0; a < l->napps; a++)
			assert_true(strlen(prefix) + strlen(l->apps[a].name) + strlen("__demo") <= 63);
	}
	lesson_set_free(&set);
	free(dir);
}

/* One prefix per role on a shared server, a name without quoting, and
 * never longer than DBP_DEFAULT_PREFIX_MAX. */
static void the_default_prefix_comes_from_the_role(void **state)
{
	char role[200];
	char *p;

	(void)state;
	p = config_role_prefix("alice");
	assert_string_equal(p, "dbp_alice");
	free(p);
	p = config_role_prefix(NULL);
	assert_string_equal(p, "dbp");
	free(p);
	/* Changed to fit: tagged with the role's hash, so Ann and ann differ. */
	p = config_role_prefix("Ann");
	assert_int_equal(strncmp(p, "dbp_ann_", 8), 0);
	assert_int_equal(strlen(p), strlen("dbp_ann_") + 4);
	free(p);
	p = config_role_prefix("alice@example.org");
	assert_int_equal(strncmp(p, "dbp_alice_example_", 18), 0);
	assert_true(strlen(p) <= DBP_DEFAULT_PREFIX_MAX);
	free(p);
	memset(role, 'x', sizeof role - 1);
	role[sizeof role - 1] = '\0';
	p = config_role_prefix(role);
	assert_int_equal(strlen(p), DBP_DEFAULT_PREFIX_MAX);
	longest_default_fits_every_lesson_name(p);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(long_line_tail_is_never_a_key),
		cmocka_unit_test(lines_are_counted_for_messages),
		cmocka_unit_test(duplicates_and_continuations_are_refused),
		cmocka_unit_test(numbers_and_booleans),
		cmocka_unit_test(config_file_then_environment),
		cmocka_unit_test(empty_paths_in_the_config_are_refused),
		cmocka_unit_test(bad_environment_values_are_refused),
		cmocka_unit_test(prefixes),
		cmocka_unit_test(a_long_prefix_is_cut_at_a_character),
		cmocka_unit_test(config_failures_with_no_error_pointer_do_not_crash),
		cmocka_unit_test(the_default_prefix_comes_from_the_role),
		cmocka_unit_test(shard_dsns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
