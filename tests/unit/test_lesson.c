/* Unit tests for lesson: the bundled lessons load, and broken ones are
 * refused with a message that says where. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/core/lesson.h"
#include "../../src/core/config.h"

static int load_bundled(void **state)
{
	struct lesson_set *set = calloc(1, sizeof *set);
	struct dbp_error e;
	char *dir = data_lessons_dir();
	int rc = lessons_load_dir(dir, set, &e);

	if (rc != 0)
		fprintf(stderr, "%s\n", e.msg);
	free(dir);
	*state = set;
	return rc;
}

static int free_bundled(void **state)
{
	lesson_set_free(*state);
	free(*state);
	return 0;
}

static void four_patterns_in_order(void **state)
{
	struct lesson_set *set = *state;

	assert_true(set->n >= 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(set->v[i]->number, i + 1);
	assert_ptr_equal(lesson_find(set, "3"), set->v[2]);
	assert_ptr_equal(lesson_find(set, "schema-per-app"), set->v[3]);
	assert_null(lesson_find(set, "99"));
	assert_null(lesson_find(set, ""));
}

/* The bundled tours, as the loader reads them: stops in order, several
 * actions in the order written, a statement, per-engine sentences. */
static void tours_are_data(void **state)
{
	struct lesson_set *set = *state;
	const struct lesson *l1 = lesson_find(set, "1"), *l3 = lesson_find(set, "3"), *l4 = lesson_find(set, "4");
	const struct tour_stop *both = &l1->stops[7], *sql = &l1->stops[10];
	char *text;

	for (int i = 0; i < 4; i++)
		assert_true(set->v[i]->nstops > 0);
	assert_int_equal(l1->nstops, 11);
	assert_int_equal(l1->stops[1].actions[0].verb, TOUR_PROVISION);
	assert_int_equal(both->nactions, 2);
	assert_int_equal(both->actions[0].verb, TOUR_WORKLOADS);
	assert_int_equal(both->actions[1].verb, TOUR_TIMINGS);
	assert_int_equal(sql->actions[0].verb, TOUR_SQL);
	assert_string_equal(sql->actions[0].arg, "community");
	assert_string_equal(sql->statement, "SELECT count(*) AS comments FROM comments");
	text = tour_action_text(&l3->stops[4].actions[0]);
	assert_string_equal(text, "app books");
	free(text);
	assert_string_not_equal(claim_value_for(&l4->stops[3].say, DBP_SQLITE),
				claim_value_for(&l4->stops[3].say, DBP_POSTGRES));
	assert_ptr_equal(claim_value_for(&l1->stops[0].say, DBP_SQLITE),
			 claim_value_for(&l1->stops[0].say, DBP_POSTGRES));
}

static void topologies_match_the_reading(void **state)
{
	struct lesson_set *set = *state;
	const struct lesson *l2 = lesson_find(set, "2"), *l4 = lesson_find(set, "4");
	const struct lesson_db *big = lesson_db_find(l4, "big_db");

	assert_int_equal(l2->ndbs, 2);
	assert_non_null(lesson_db_find(l2, "service_ecommerce_db"));
	assert_non_null(big);
	assert_int_equal(big->schemas.n, 3);
	assert_string_equal(lesson_app_find(l4, "books")->schema, "books");
	assert_int_equal(lesson_app_find(lesson_find(set, "3"), "books")->provision_to, 0);
}

static const struct workload *workload(const struct lesson *l, const char *name)
{
	for (size_t i = 0; i < l->nworkloads; i++)
		if (!strcmp(l->workloads[i].name, name))
			return &l->workloads[i];
	return NULL;
}

static void workloads_parse_their_steps(void **state)
{
	const struct lesson *l2 = lesson_find(*state, "2");
	const struct workload *join = workload(l2, "top_buyers");
	const struct workload *n1 = workload(l2, "top_buyers_n_plus_1");

	assert_int_equal(join->nsteps, 2);
	assert_string_equal(join->steps[0].app, "shop");
	assert_int_equal(join->steps[1].mode, WL_IN);
	assert_non_null(strstr(join->steps[1].sql, ":ids"));
	assert_int_equal(n1->steps[1].mode, WL_EACH);
	assert_true(workload(l2, "top_buyers_one_query")->expect_error);
	assert_int_equal(join->reps, 0);
	assert_int_equal(workload(lesson_find(*state, "13"), "insert_nested")->reps, 5);
}

static void engine_variants_are_chosen(void **state)
{
	const struct lesson_app *app = lesson_app_find(lesson_find(*state, "1"), "community");
	struct dbp_error e;
	char *pg = migration_sql(&app->migrations[1], DBP_POSTGRES, 1, &e);
	char *lite = migration_sql(&app->migrations[1], DBP_SQLITE, 1, &e);
	char *both = migration_sql(&app->migrations[0], DBP_SQLITE, 1, &e);

	assert_int_equal(app->nmigrations, 4);
	assert_non_null(strstr(pg, "generate_series"));
	assert_non_null(strstr(lite, "WITH RECURSIVE"));
	assert_non_null(strstr(both, "CREATE TABLE users"));
	free(pg);
	free(lite);
	free(both);
}

/* ---- broken lessons, built in a temporary directory ------------------ */

static char tmpdir[64];

static void put(const char *rel, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
	for (char *p = path + strlen(tmpdir) + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0700);
			*p = '/';
		}
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static const char good_ini[] =
	"[lesson]\nnumber = 7\nslug = tiny\ntitle = Tiny\n"
	"[database main_db]\ntitle = t\n"
	"[app one]\ndatabase = main_db\nmigrations = m\n";

static struct lesson *load_tmp(struct dbp_error *e)
{
	char dir[128];

	snprintf(dir, sizeof dir, "%s/tiny", tmpdir);
	return lesson_load(dir, e);
}

static int make_tmp(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/dbp-lesson-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	put("tiny/lesson.ini", good_ini);
	put("tiny/m/001_a.up.sql", "CREATE TABLE a (x int);");
	put("tiny/m/001_a.down.sql", "DROP TABLE a;");
	return 0;
}

static int remove_tmp(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	return system(cmd);
}

static void a_minimal_lesson_loads(void **state)
{
	struct dbp_error e;
	struct lesson *l = load_tmp(&e);

	(void)state;
	assert_non_null(l);
	assert_int_equal(l->apps[0].nmigrations, 1);
	assert_int_equal(l->apps[0].provision_to, -1);
	lesson_free(l);
}

static void expect_failure(const char *contains)
{
	struct dbp_error e;
	struct lesson *l = load_tmp(&e);
	int loaded = l != NULL;

	lesson_free(l);
	if (loaded || !strstr(e.msg, contains))
		fail_msg("wanted an error containing \"%s\", got \"%s\"", contains, loaded ? "(loaded)" : e.msg);
}

static void version_gaps_are_refused(void **state)
{
	(void)state;
	put("tiny/m/003_c.up.sql", "SELECT 1;");
	put("tiny/m/003_c.down.sql", "SELECT 1;");
	expect_failure("without gaps (found 003 where 002 belongs)");
}

static void bad_file_names_are_refused(void **state)
{
	(void)state;
	put("tiny/m/002_b.sideways.sql", "SELECT 1;");
	expect_failure("say .up. or .down. after the name");
}

static void apps_must_name_declared_things(void **state)
{
	(void)state;
	put("tiny/lesson.ini", "[lesson]\nnumber = 7\nslug = tiny\ntitle = Tiny\n"
	    "[database main_db]\ntitle = t\n[app one]\ndatabase = other_db\nmigrations = m\n");
	expect_failure("names database \"other_db\", which has no [database other_db]");
	put("tiny/lesson.ini", "[lesson]\nnumber = 7\nslug = tiny\ntitle = Tiny\n"
	    "[database main_db]\ntitle = t\n[app one]\ndatabase = main_db\nschema = s\nmigrations = m\n");
	expect_failure("names schema \"s\", which [database main_db] does not list");
}

static void step_and_section_errors(void **state)
{
	(void)state;
	put("tiny/lesson.ini", "[lesson]\nnumber = 7\nslug = tiny\ntitle = Tiny\n"
	    "[database main_db]\ntitle = t\n[app one]\ndatabase = main_db\nmigrations = m\n"
	    "[step 2]\ntitle = skipped one\n");
	expect_failure("lesson.ini:11: steps must be numbered 1, 2, 3");
	put("tiny/lesson.ini", "[lesson]\nnumber = 7\nslug = Tiny Slug\ntitle = Tiny\n");
	expect_failure("lesson.ini:3: slug \"Tiny Slug\" may hold only");
	put("tiny/lesson.ini", "[lessons]\nnumber = 7\n");
	expect_failure("lesson.ini:2: unknown section [lessons]");
	put("tiny/lesson.ini", "[lesson]\nnumber = 7\nslug = tiny\ntitle = Tiny\n"
	    "[app Bad-Name]\ndatabase = main_db\n");
	expect_failure("lesson.ini:6: application name \"Bad-Name\" must be");
	put("tiny/lesson.ini", "[lesson]\nnumber = 7\nslug = tiny\ntitle = Tiny\n"
	    "[workload w]\nreps = 0\n");
	expect_failure("lesson.ini:6: reps");
}

/* The [lesson] header with one more key, and the minimal rest. */
static void put_ini_with(const char *lesson_key, const char *rest)
{
	char ini[1024];

	snprintf(ini, sizeof ini, "[lesson]\nnumber = 7\nslug = tiny\ntitle = Tiny\n%s"
		 "[database main_db]\ntitle = t\n[app one]\ndatabase = main_db\nmigrations = m\n%s",
		 lesson_key, rest);
	put("tiny/lesson.ini", ini);
}

/* A lock_queue demo and the claims that judge it: what each needs is said. */
static void lock_queue_demos_and_their_claims(void **state)
{
	static const char demo[] = "[demo q]\nkind = lock_queue\ntitle = Q\napp = one\nprobe = SELECT 1\n";
	static const char claim[] = "[claim c]\ntext = t\ncheck = demo\ndemo = q\n";
	char ini[512];
	struct dbp_error e;
	struct lesson *l;

	(void)state;
	put_ini_with("", demo);
	expect_failure("[demo q] needs hold and alter (or hold.sqlite, alter.sqlite)");
	snprintf(ini, sizeof ini, "%shold = SELECT 1\nalter.sqlite = ALTER TABLE a ADD b int\n", demo);
	put_ini_with("", ini);
	expect_failure("[demo q] needs hold and alter (or hold.postgres, alter.postgres)");
	snprintf(ini, sizeof ini, "%shold = SELECT 1\nalter = ALTER TABLE a ADD b int\n%smeasure = stall\n"
		 "factor = 5\n", demo, claim);
	put_ini_with("", ini);
	l = load_tmp(&e);
	assert_non_null(l);
	assert_int_equal(l->demos[0].kind, DEMO_LOCK_QUEUE);
	assert_int_equal(l->claims[0].check, CLAIM_DEMO);
	lesson_free(l);
	snprintf(ini, sizeof ini, "%shold = SELECT 1\nalter = ALTER TABLE a ADD b int\n%sfactor = 5\n", demo, claim);
	put_ini_with("", ini);
	expect_failure("[claim c] needs measure = stall, no_stall, fail_fast or relief");
	snprintf(ini, sizeof ini, "%shold = SELECT 1\nalter = ALTER TABLE a ADD b int\n%smeasure = slow\n", demo, claim);
	put_ini_with("", ini);
	expect_failure("measure must be stall, no_stall, fail_fast or relief, not \"slow\"");
	put_ini_with("", "[demo q]\nkind = offline\ntitle = Q\ndatabase = main_db\nprobe = SELECT 1\nhold = x\n");
	expect_failure("[demo q]: hold and alter go with kind = lock_queue");
	snprintf(ini, sizeof ini, "%shold = SELECT 1\nalter = ALTER TABLE a ADD b int\n%smeasure = stall\n"
		 "factor = 5\nmessage = m\n", demo, claim);
	put_ini_with("", ini);
	expect_failure("[claim c] sqlstate and message go with measure = fail_fast");
}

/* check = demo on any other kind reads its report: message, no measure. */
static void report_demos_and_their_claims(void **state)
{
	static const char demo[] = "[demo q]\nkind = offline\ntitle = Q\ndatabase = main_db\nprobe = SELECT 1\n";
	char ini[512];
	struct dbp_error e;
	struct lesson *l;

	(void)state;
	snprintf(ini, sizeof ini, "%s[claim c]\ntext = t\ncheck = demo\ndemo = q\nmessage = refused\n", demo);
	put_ini_with("", ini);
	l = load_tmp(&e);
	assert_non_null(l);
	assert_int_equal(l->claims[0].check, CLAIM_DEMO);
	lesson_free(l);
	snprintf(ini, sizeof ini, "%s[claim c]\ntext = t\ncheck = demo\ndemo = q\nmeasure = stall\nfactor = 2\n", demo);
	put_ini_with("", ini);
	expect_failure("[claim c] measure, factor and sqlstate go with a lock_queue demo; demo q is of kind offline");
	snprintf(ini, sizeof ini, "%s[claim c]\ntext = t\ncheck = demo\ndemo = q\n", demo);
	put_ini_with("", ini);
	expect_failure("[claim c] needs message = what the demonstration's report says");
}

static void link_to(const char *target, const char *rel)
{
	char path[256];

	snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
	assert_int_equal(symlink(target, path), 0);
}

/* Defect: intro = ../../../../etc/passwd and file = /etc/shadow were read. */
static void paths_may_not_leave_the_lesson(void **state)
{
	(void)state;
	put_ini_with("intro = ../../../../etc/passwd\n", "");
	expect_failure("tiny/lesson.ini:5: intro \"../../../../etc/passwd\" leaves the lesson directory");
	put_ini_with("", "[workload w]\nfile = /etc/shadow\n");
	expect_failure("tiny/lesson.ini:11: file \"/etc/shadow\" is an absolute path");
	put_ini_with("", "[step 1]\ntitle = s\ntext = ../outside.txt\n");
	put("outside.txt", "not the lesson's\n");
	expect_failure("tiny/lesson.ini:12: text \"../outside.txt\" leaves the lesson directory");
	put_ini_with("", "[demo d]\nkind = offline\ntitle = d\nprobe = SELECT 1\n"
		     "database = main_db\ntext = ../_shared/../outside.txt\n");
	put("_shared/x.txt", "shared\n");
	expect_failure("tiny/lesson.ini:15: text \"../_shared/../outside.txt\" leaves");
	put_ini_with("intro =\n", "");
	expect_failure("tiny/lesson.ini:5: intro may not be empty");
}

static void symlinks_may_not_leave_the_lesson(void **state)
{
	(void)state;
	link_to("/etc/passwd", "tiny/intro.txt");
	put_ini_with("intro = intro.txt\n", "");
	expect_failure("tiny/lesson.ini:5: intro \"intro.txt\" leaves the lesson directory");
	put("elsewhere/001_a.up.sql", "SELECT 1;");
	put("elsewhere/001_a.down.sql", "SELECT 1;");
	link_to("../elsewhere", "tiny/m2");
	put("tiny/lesson.ini", "[lesson]\nnumber = 7\nslug = tiny\ntitle = Tiny\n"
	    "[database main_db]\ntitle = t\n[app one]\ndatabase = main_db\nmigrations = m2\n");
	expect_failure("tiny/lesson.ini:9: migrations \"m2\" leaves the lesson directory");
	put_ini_with("", "");
	link_to("/etc/passwd", "tiny/m/002_b.up.sql");
	put("tiny/m/002_b.down.sql", "SELECT 1;");
	expect_failure("tiny/m/002_b.up.sql leaves the lesson directory");
}

/* A loader failure with no error pointer is a NULL lesson, not a crash. */
static void failures_with_no_error_pointer_do_not_crash(void **state)
{
	char dir[128];
	struct lesson_set set = { 0 };

	(void)state;
	snprintf(dir, sizeof dir, "%s/tiny", tmpdir);
	assert_null(lesson_load("/nonexistent", NULL));
	put_ini_with("intro = ../../../../etc/passwd\n", "");
	assert_null(lesson_load(dir, NULL));
	put_ini_with("", "");
	link_to("/etc/passwd", "tiny/m/002_b.up.sql");
	assert_null(lesson_load(dir, NULL));
	assert_int_equal(lessons_load_dir("", &set, NULL), -1);
	assert_int_equal(lessons_load_dir(tmpdir, &set, NULL), -1);
}

/* The bundled lessons share migrations and workloads through ../_shared. */
static void the_shared_directory_is_allowed(void **state)
{
	struct dbp_error e;
	struct lesson *l;

	(void)state;
	put("_shared/w.sql", "-- @query one\nSELECT 1;\n");
	put("_shared/intro.txt", "Shared intro.\n");
	put_ini_with("intro = ../_shared/intro.txt\n", "[workload w]\nfile = ../_shared/w.sql\n");
	l = load_tmp(&e);
	if (!l)
		fail_msg("%s", e.msg);
	assert_string_equal(l->workloads[0].steps[0].sql, "SELECT 1");
	lesson_free(l);
}

/* Found by fuzz_lesson: an app whose migrations directory is empty handed
 * qsort a NULL array (undefined behaviour, fatal under UBSan).  It loads
 * with no migrations, and provision_to past them is refused. */
static void an_empty_migrations_directory(void **state)
{
	static const char head[] = "[lesson]\nnumber = 7\nslug = tiny\ntitle = Tiny\n"
		"[database main_db]\ntitle = t\n[app one]\ndatabase = main_db\nmigrations = none\n";
	char dir[128], ini[256];
	struct dbp_error e;
	struct lesson *l;

	(void)state;
	snprintf(dir, sizeof dir, "%s/tiny/none", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	put("tiny/lesson.ini", head);
	l = load_tmp(&e);
	assert_non_null(l);
	assert_int_equal(l->apps[0].nmigrations, 0);
	lesson_free(l);
	snprintf(ini, sizeof ini, "%sprovision_to = 1\n", head);
	put("tiny/lesson.ini", ini);
	expect_failure("provision_to = 1 but it has only 0 migrations");
}

/* Same shape as above, in the directory scan: a directory without lessons
 * is refused by both entry points, without reaching qsort. */
static void a_directory_without_lessons(void **state)
{
	struct lesson_set set = { 0 };
	struct strbuf out;
	struct dbp_error e;
	char ini[128];

	(void)state;
	snprintf(ini, sizeof ini, "%s/tiny/lesson.ini", tmpdir);
	assert_int_equal(unlink(ini), 0);
	assert_int_equal(lessons_load_dir(tmpdir, &set, &e), -1);
	assert_non_null(strstr(e.msg, "no lessons in"));
	sb_init(&out);
	assert_int_equal(lessons_check_dir(tmpdir, &out), 1);
	assert_non_null(strstr(out.s, "no lessons in"));
	sb_free(&out);
}

int main(void)
{
	const struct CMUnitTest bundled[] = {
		cmocka_unit_test(four_patterns_in_order),
		cmocka_unit_test_setup_teardown(an_empty_migrations_directory, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(a_directory_without_lessons, make_tmp, remove_tmp),
		cmocka_unit_test(topologies_match_the_reading),
		cmocka_unit_test(tours_are_data),
		cmocka_unit_test(workloads_parse_their_steps),
		cmocka_unit_test(engine_variants_are_chosen),
	};
	const struct CMUnitTest broken[] = {
		cmocka_unit_test_setup_teardown(a_minimal_lesson_loads, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(version_gaps_are_refused, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(bad_file_names_are_refused, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(apps_must_name_declared_things, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(step_and_section_errors, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(lock_queue_demos_and_their_claims, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(report_demos_and_their_claims, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(paths_may_not_leave_the_lesson, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(symlinks_may_not_leave_the_lesson, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(the_shared_directory_is_allowed, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(failures_with_no_error_pointer_do_not_crash, make_tmp, remove_tmp),
	};

	return cmocka_run_group_tests_name("bundled lessons", bundled, load_bundled, free_bundled) |
	       cmocka_run_group_tests_name("broken lessons", broken, NULL, NULL);
}
