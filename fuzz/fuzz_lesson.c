/* fuzz_lesson: libFuzzer target for the lesson loader (lesson_load in
 * src/core/lesson.c, with ini_file.c and the system inih under it).
 *
 * The input is "LESSON.INI" or "LESSON.INI\0EXTRA": the part before the
 * first NUL becomes lesson.ini, the rest becomes extra.sql, which the
 * lesson may name as a workload or a narrative text.  Next to them sits a
 * fixed set of migration directories and texts, made once per process, so
 * the loader gets past the INI into the directory and workload checks:
 *   mig/    a valid set (shared and per-engine files), text/ two texts,
 *   gap/    versions 1 and 3, half/ an up without its sqlite twin,
 *   dup/    two names for version 1, bad/ a file that is no migration,
 *   empty/  no migrations at all.
 * Inputs whose INI could name a path outside the scratch directory ("..",
 * or a value starting with '/') are skipped: what they would read depends
 * on the machine, and a fuzz run must be deterministic. */
#include "fuzz_common.h"
#include "../src/core/lesson.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static char *lesson_dir;

static const char *const fixture_dirs[] = { "lesson", "lesson/mig", "lesson/text",
	"lesson/gap", "lesson/half", "lesson/dup", "lesson/bad", "lesson/empty" };

static const char *const fixture_files[][2] = {
	{ "lesson/mig/001_create_tables.up.sql", "CREATE TABLE users (id integer PRIMARY KEY);\n" },
	{ "lesson/mig/001_create_tables.down.sql", "DROP TABLE users;\n" },
	{ "lesson/mig/002_seed.up.pg.sql", "INSERT INTO users SELECT generate_series(1, 9);\n" },
	{ "lesson/mig/002_seed.up.sqlite.sql", "INSERT INTO users VALUES (1);\n" },
	{ "lesson/mig/002_seed.down.sql", "DELETE FROM users;\n" },
	{ "lesson/text/intro.txt", "Why this layout.\n" },
	{ "lesson/text/step.txt", "What to look at.\n" },
	{ "lesson/gap/001_a.up.sql", "SELECT 1;\n" },
	{ "lesson/gap/001_a.down.sql", "SELECT 1;\n" },
	{ "lesson/gap/003_c.up.sql", "SELECT 3;\n" },
	{ "lesson/gap/003_c.down.sql", "SELECT 3;\n" },
	{ "lesson/half/001_a.up.pg.sql", "SELECT 1;\n" },
	{ "lesson/half/001_a.down.sql", "SELECT 1;\n" },
	{ "lesson/dup/001_a.up.sql", "SELECT 1;\n" },
	{ "lesson/dup/001_b.down.sql", "SELECT 1;\n" },
	{ "lesson/bad/readme.txt", "not a migration\n" },
};

static void make_fixture(void)
{
	for (size_t i = 0; i < DBP_ARRAY_LEN(fixture_dirs); i++)
		fuzz_scratch_mkdir(fixture_dirs[i]);
	for (size_t i = 0; i < DBP_ARRAY_LEN(fixture_files); i++)
		fuzz_scratch_write(fixture_files[i][0], fixture_files[i][1],
				   strlen(fixture_files[i][1]));
}

/* ".." anywhere, or '/' first after a '=' or ':' (inih's delimiters) and
 * white space: could leave the scratch directory.  Errs on the safe side. */
static int reaches_outside(const char *ini, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t j = i + 1;

		if (ini[i] == '.' && j < n && ini[j] == '.')
			return 1;
		if (ini[i] != '=' && ini[i] != ':')
			continue;
		while (j < n && isspace((unsigned char)ini[j]))
			j++;
		if (j < n && ini[j] == '/')
			return 1;
	}
	return 0;
}

/* A migration the loader accepted can be read for every engine and way. */
static void check_migrations(const struct lesson_app *app)
{
	static const enum dbp_engine engines[] = { DBP_SQLITE, DBP_POSTGRES };
	struct dbp_error e;

	for (size_t i = 0; i < app->nmigrations; i++) {
		if (app->migrations[i].version != (int)i + 1)
			fuzz_fail("migrations not numbered 1, 2, 3...");
		for (int k = 0; k < 4; k++) {
			char *sql = migration_sql(&app->migrations[i], engines[k / 2], k % 2, &e);

			if (!sql)
				fuzz_fail("an accepted migration cannot be read");
			free(sql);
		}
	}
}

/* What the rest of the program takes for granted in a loaded lesson. */
static void check_loaded(const struct lesson *l)
{
	if (!l->slug || !l->title || l->number < 1 || !l->ndbs || !l->napps)
		fuzz_fail("lesson accepted without number, slug, title, database or app");
	for (size_t i = 0; i < l->napps; i++) {
		const struct lesson_app *app = &l->apps[i];
		const struct lesson_db *db = lesson_db_find(l, app->database);

		if (!db || (app->schema && !sl_contains(&db->schemas, app->schema)))
			fuzz_fail("app names a database or schema the lesson lacks");
		check_migrations(app);
	}
	for (size_t i = 0; i < l->nworkloads; i++) {
		if (!l->workloads[i].nsteps)
			fuzz_fail("workload accepted without steps");
		for (size_t j = 0; j < l->workloads[i].nsteps; j++)
			if (!lesson_app_find(l, l->workloads[i].steps[j].app))
				fuzz_fail("workload step names an unknown app");
	}
	for (size_t i = 0; i < l->nsteps; i++)
		if (!l->steps[i].title)
			fuzz_fail("step accepted without a title");
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	make_fixture();
	lesson_dir = fuzz_scratch_path("lesson");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *ini = (const char *)data;
	const char *nul = memchr(data, '\0', size);
	size_t ini_len = nul ? (size_t)(nul - ini) : size;
	struct dbp_error e;
	struct lesson *l;

	if (reaches_outside(ini, ini_len))
		return -1; /* not worth keeping in the corpus either */
	fuzz_scratch_write("lesson/lesson.ini", ini, ini_len);
	/* Always written, possibly empty, so the directory looks the same. */
	fuzz_scratch_write("lesson/extra.sql", nul ? nul + 1 : "", nul ? size - ini_len - 1 : 0);
	err_clear(&e);
	l = lesson_load(lesson_dir, &e);
	if (l)
		check_loaded(l);
	else if (!e.msg[0])
		fuzz_fail("lesson_load failed without a message");
	lesson_free(l);
	return 0;
}
