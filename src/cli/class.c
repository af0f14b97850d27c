/* class: `dbpatterns class create N` and `class drop` for an instructor
 * on a PostgreSQL server (core/classroom.h).  The students' passwords
 * appear in one place only: create's own output, for the instructor to
 * hand out; --dry-run shows the SQL with no password at all. */
#include "cli.h"
#include "output.h"
#include "../core/classroom.h"
#include "../core/ini_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_students(const struct cli_opts *o, const struct class_setup *s,
			   const struct class_roster *r, const char *server)
{
	static const char *const cols[] = { "role", "database", "password", "conninfo", "command" };
	struct dbp_result table;

	if (o->format != FORMAT_TEXT) {
		result_init(&table, 5, cols);
		for (size_t i = 0; i < r->n; i++)
			result_add_row(&table, (const char *const[]){ r->v[i].role, r->v[i].database,
				       r->v[i].password, r->v[i].conninfo, r->v[i].command });
		output_table(stdout, o->format, &table);
		result_free(&table);
		return;
	}
	printf("Class \"%s\" on %s: %zu student%s, %s.\nHand each student their lines; the passwords are "
	       "shown here only.\n", s->name, server, r->n, r->n == 1 ? "" : "s", s->own_database
	       ? "each with a database of its own (no CREATEDB: lesson 4 runs there, lessons 1-3 need CREATEDB)"
	       : "each may create databases (CREATEDB)");
	for (size_t i = 0; i < r->n; i++)
		printf("\n%s\n  connect:    %s\n  dbpatterns: %s\n", r->v[i].role, r->v[i].conninfo,
		       r->v[i].command);
}

static int class_create_cmd(struct cli_opts *o, struct classroom *cr, struct class_setup *s,
			    const char *count)
{
	struct class_roster r;
	struct strbuf sql;
	struct dbp_error e;
	long n;
	int rc;

	if (ini_parse_int(count, 1, CLASS_MAX_STUDENTS, &n, &e) != 0)
		return cli_fail("class create N: %s", e.msg);
	s->students = (int)n;
	sb_init(&sql);
	rc = class_create(cr, s, &r, &sql, &e);
	if (rc == 0 && s->dry_run)
		fputs(sql.s, stdout);
	else if (rc == 0)
		print_students(o, s, &r, cr->ops->server_describe(cr->srv));
	sb_free(&sql);
	class_roster_free(&r);
	return rc == 0 ? EXIT_OK : cli_fail("%s", e.msg);
}

static int class_drop_cmd(struct classroom *cr, const struct class_setup *s)
{
	struct strbuf sql, log;
	struct dbp_error e;
	int rc;

	sb_init(&sql);
	sb_init(&log);
	rc = class_drop(cr, s, &sql, &log, &e);
	if (rc == 0 && s->dry_run)
		fputs(sql.s ? sql.s : "", stdout);
	else
		output_clean(rc == 0 ? stdout : stderr, "%s", log.s ? log.s : "");
	sb_free(&sql);
	sb_free(&log);
	return rc == 0 ? EXIT_OK : cli_fail("%s", e.msg);
}

int cli_class(struct cli_opts *o, int argc, char **argv)
{
	struct class_setup s = { o->class_name ? o->class_name : CLASS_DEFAULT_NAME, 0, o->own_database,
				 o->dry_run };
	int create = argc == 3 && !strcmp(argv[1], "create"), drop = argc == 2 && !strcmp(argv[1], "drop");
	struct classroom cr;
	struct dbp_error e;
	int rc;

	if (!create && !drop) {
		fprintf(stderr, "dbpatterns: usage: dbpatterns class create N [--class NAME] [--own-database] "
			"[--dry-run] | class drop [--class NAME] [--dry-run]\n");
		return EXIT_USAGE;
	}
	if (drop && o->own_database) {
		fprintf(stderr, "dbpatterns: --own-database goes with class create (try --help)\n");
		return EXIT_USAGE;
	}
	if (o->format != FORMAT_TEXT && (drop || o->dry_run)) {
		fprintf(stderr, "dbpatterns: class %s prints a report, not a table: --format goes with class "
			"create (try --help)\n", argv[1]);
		return EXIT_USAGE;
	}
	if (class_name_check(s.name, &e) != 0)
		return cli_fail("--class: %s", e.msg);
	if (classroom_open(&cr, &o->cfg, &e) != 0)
		return cli_fail("%s", e.msg);
	rc = create ? class_create_cmd(o, &cr, &s, argv[2]) : class_drop_cmd(&cr, &s);
	classroom_close(&cr);
	return rc;
}
