/* main: options, configuration, and the choice between the CLI (a
 * subcommand was given) and the terminal UI (none was). */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/ini_file.h"
#include "exact_options.h"
#include "tui/tui.h"

static const char usage_text[] =
"Usage: dbpatterns [OPTION]... [COMMAND [ARG]...]\n"
"Learn how applications organise their data across databases, on live\n"
"example databases (SQLite by default, or PostgreSQL).\n"
"\n"
"With no COMMAND, opens the terminal UI.\n"
"\n"
"Commands (L is a lesson number or slug):\n"
"  list                      the lessons\n"
"  show L                    a lesson's topology as a tree, and its apps\n"
"  provision L|all           create the lesson's databases and schemas\n"
"  tables L                  tables as the engine's catalog reports them\n"
"  migrate L [up|down|status]  apply, roll back or list migrations\n"
"  bench L|all               time the lessons' workloads side by side; every\n"
"                            run is kept in the workdir (timings.db)\n"
"  bench --history [L]       the kept timings, oldest first\n"
"  bench --compare L         kept timings side by side: before and after a\n"
"                            migration, lesson against lesson, engine against engine\n"
"  teardown L|all            drop what provisioning created, and only that\n"
"  demo L [NAME]             list or run a lesson's demonstrations\n"
"  check-lessons [DIR]       validate the lessons (default: --lessons, or\n"
"                            the bundled ones)\n"
"  report                    the session as Markdown to hand in, the timings\n"
"                            as an SVG chart beside it (--output DIR)\n"
"  class create N            instructor, PostgreSQL: N student login roles and\n"
"                            their connection strings (needs CREATEROLE)\n"
"  class drop                remove the class's roles and databases, only those\n"
"  tour L                    a lesson's tour: each stop's actions and sentence\n"
"  workspaces                PostgreSQL: every student's workspace on the\n"
"                            server, from the markers (for the instructor)\n"
"  workspaces drop PREFIX|ID...  drop those workspaces, after asking\n"
"\n"
"Options:\n"
"  -b, --backend=ENGINE      sqlite (default) or postgres\n"
"  -w, --workdir=DIR         where SQLite files and the manifest live\n"
"                            (default $XDG_DATA_HOME/dbpatterns)\n"
"  -d, --dsn=CONNINFO        PostgreSQL conninfo or URI (default: the PG*\n"
"                            variables, service file and .pgpass)\n"
"  -P, --prefix=NAME         prefix for every database and schema (default:\n"
"                            dbp; on PostgreSQL dbp_ROLE, one per person)\n"
"  -c, --config=FILE         read settings from FILE\n"
"                            (default $XDG_CONFIG_HOME/dbpatterns/config.ini)\n"
"  -l, --lessons=DIR         load lessons from DIR instead of the bundled ones\n"
"  -f, --format=FMT          text (default), csv or json\n"
"  -n, --reps=N              timed repetitions per workload (default 20)\n"
"  -a, --app=APP             migrate: only this application\n"
"  -t, --to=V                migrate: go up or down to version V\n"
"      --dry-run             provision, migrate: print the SQL, change nothing\n"
"      --history             bench: list the kept timings instead of timing\n"
"      --compare             bench: compare the kept timings instead of timing\n"
"      --live                check-lessons: also run every claim on the engine\n"
"                            (provisions what is missing, tears down only that)\n"
"      --output=DIR          report: where the files go (default: here)\n"
"      --class=NAME          class: the class's name (default class); its\n"
"                            students are NAME_s01, NAME_s02, ...\n"
"      --own-database        class create: a database per student instead of\n"
"                            CREATEDB (only lesson 4 runs there)\n"
"      --yes                 workspaces drop: drop without asking\n"
"      --tenants=N           demo: how many tenants lesson 5 makes each way\n"
"                            (1 to 1000, default 10)\n"
"      --shard=DSN           lesson 11: a PostgreSQL server for one shard\n"
"                            (give it two or three times; default: the\n"
"                            shards are databases on the --dsn server)\n"
"      --no-color            no colours in the terminal UI (also NO_COLOR)\n"
"      --ascii               ASCII line drawing in the terminal UI\n"
"      --tour=L              open the terminal UI with lesson L's tour running\n"
"                            (Space: next stop, Backspace: back, Esc: leave)\n"
"      --lesson=L            open the terminal UI at lesson L (number or slug)\n"
"      --step=N              ... at step N of that lesson, its heading on top\n"
"      --beside=PANE         the pane shown beside the focused one: lesson,\n"
"                            topology, tables, migrations, timings or sql\n"
"      --present             presenter mode: high contrast, the keys pressed on\n"
"                            the status line, a claim's figure large (P toggles)\n"
"  -h, --help                show this help and exit\n"
"  -V, --version             show the version and exit\n"
"\n"
"Examples:\n"
"  dbpatterns                           open the terminal UI\n"
"  dbpatterns provision all && dbpatterns bench all\n"
"  dbpatterns --present --lesson 3 --step 2 --beside timings   on a projector\n"
"  dbpatterns --backend postgres check-lessons --live   every claim, measured\n"
"  dbpatterns --backend postgres --dsn 'host=localhost dbname=postgres' show 4\n"
"\n"
"Only what this work directory's workspace created (its marker and its\n"
"manifest agree) is ever changed or dropped.  Ctrl-C cancels the running\n"
"statement on the engine, rolls it back and exits 130.\n"
"\n"
"See dbpatterns(1) and dbpatterns-lessons(5).\n";

enum { OPT_DRY_RUN = 256, OPT_NO_COLOR, OPT_ASCII, OPT_HISTORY, OPT_COMPARE, OPT_LIVE, OPT_TOUR };
enum { OPT_OUTPUT = 300, OPT_CLASS, OPT_OWN_DATABASE };
/* The presenter's options: the screen only. */
enum { OPT_LESSON = 400, OPT_STEP, OPT_BESIDE, OPT_PRESENT };
/* workspaces drop; numbered apart from the lists above. */
enum { OPT_YES = 512 };
/* Lesson 5's demo. */
enum { OPT_TENANTS = 600 };
/* Lesson 11's shard servers. */
enum { OPT_SHARD = 700 };

static const struct option long_options[] = {
	{ "backend", required_argument, NULL, 'b' },
	{ "workdir", required_argument, NULL, 'w' },
	{ "dsn", required_argument, NULL, 'd' },
	{ "prefix", required_argument, NULL, 'P' },
	{ "config", required_argument, NULL, 'c' },
	{ "lessons", required_argument, NULL, 'l' },
	{ "format", required_argument, NULL, 'f' },
	{ "reps", required_argument, NULL, 'n' },
	{ "app", required_argument, NULL, 'a' },
	{ "to", required_argument, NULL, 't' },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "history", no_argument, NULL, OPT_HISTORY },
	{ "compare", no_argument, NULL, OPT_COMPARE },
	{ "live", no_argument, NULL, OPT_LIVE },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "class", required_argument, NULL, OPT_CLASS },
	{ "own-database", no_argument, NULL, OPT_OWN_DATABASE },
	{ "yes", no_argument, NULL, OPT_YES },
	{ "tenants", required_argument, NULL, OPT_TENANTS },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "tour", required_argument, NULL, OPT_TOUR },
	{ "lesson", required_argument, NULL, OPT_LESSON },
	{ "step", required_argument, NULL, OPT_STEP },
	{ "beside", required_argument, NULL, OPT_BESIDE },
	{ "present", no_argument, NULL, OPT_PRESENT },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* Flags are kept as given and applied after the config file and the
 * environment, so the command line always wins. */
struct flags {
	const char *backend, *workdir, *dsn, *prefix, *config, *lessons, *format, *reps, *to, *tour;
	const char *output;
	const char *tenants;
	const char *shards[DBP_MAX_SHARDS + 1]; /* one more, to refuse it */
	int nshards;
	int no_color, ascii;
	struct tui_opts screen;
};

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("dbpatterns: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (try --help)\n", stderr);
	return EXIT_USAGE;
}

#define SHORT_OPTIONS "b:w:d:P:c:l:f:n:a:t:hV"

/* The presenter's options, kept for the screen, which checks them against
 * the lessons (0: not one of them). */
static int screen_flag(int c, struct tui_opts *s)
{
	switch (c) {
	case OPT_LESSON: s->lesson = optarg; return 1;
	case OPT_STEP: s->step = optarg; return 1;
	case OPT_BESIDE: s->beside = optarg; return 1;
	case OPT_PRESENT: s->present = 1; return 1;
	default: return 0;
	}
}

static int parse_flags(int argc, char **argv, struct flags *f, struct cli_opts *o)
{
	int c;

	if (options_check_exact(argc, argv, SHORT_OPTIONS, long_options) != 0)
		return EXIT_USAGE;
	while ((c = getopt_long(argc, argv, SHORT_OPTIONS, long_options, NULL)) != -1) {
		if (screen_flag(c, &f->screen))
			continue;
		switch (c) {
		case 'b': f->backend = optarg; break;
		case 'w': f->workdir = optarg; break;
		case 'd': f->dsn = optarg; break;
		case 'P': f->prefix = optarg; break;
		case 'c': f->config = optarg; break;
		case 'l': f->lessons = optarg; break;
		case 'f': f->format = optarg; break;
		case 'n': f->reps = optarg; break;
		case 'a': o->app = optarg; break;
		case 't': f->to = optarg; break;
		case OPT_DRY_RUN: o->dry_run = 1; break;
		case OPT_HISTORY: o->history = 1; break;
		case OPT_COMPARE: o->compare = 1; break;
		case OPT_LIVE: o->live = 1; break;
		case OPT_OUTPUT: o->output_dir = f->output = optarg; break;
		case OPT_CLASS: o->class_name = optarg; break;
		case OPT_OWN_DATABASE: o->own_database = 1; break;
		case OPT_YES: o->yes = 1; break;
		case OPT_TENANTS: f->tenants = optarg; break;
		case OPT_SHARD: if (f->nshards <= DBP_MAX_SHARDS) f->shards[f->nshards++] = optarg; break;
		case OPT_NO_COLOR: f->no_color = 1; break;
		case OPT_ASCII: f->ascii = 1; break;
		case OPT_TOUR: f->tour = optarg; break;
		case 'h': fputs(usage_text, stdout); exit(EXIT_OK);
		case 'V': printf("dbpatterns %s\n", PACKAGE_VERSION); exit(EXIT_OK);
		default:
			/* getopt has said what was wrong; where to look, as GNU tools do. */
			fputs("Try 'dbpatterns --help' for more information.\n", stderr);
			return EXIT_USAGE;
		}
	}
	return 0;
}

/* The screen draws with escape codes and reads keys: into a file or from
 * a pipe they would be noise and nothing. */
static int screen_usable(void)
{
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		return 1;
	fprintf(stderr, "dbpatterns: the screen needs a terminal, and standard %s is not one; "
		"use the commands instead (dbpatterns --help)\n", isatty(STDOUT_FILENO) ? "input" : "output");
	return 0;
}

/* An empty path would reach mkdir, opendir or open as "": refuse it here,
 * naming the option, before anything reads the config file.  A lesson's
 * number given to --lessons is the near-miss of --lesson: say so. */
static int check_empty_paths(const struct flags *f)
{
	if (f->workdir && !*f->workdir)
		return usage_error("--workdir may not be empty (name a directory)");
	if (f->lessons && !*f->lessons)
		return usage_error("--lessons may not be empty (name a directory)");
	if (f->config && !*f->config)
		return usage_error("--config may not be empty (name a file)");
	if (f->output && !*f->output)
		return usage_error("--output may not be empty (name a directory)");
	if (f->lessons && strspn(f->lessons, "0123456789") == strlen(f->lessons) && access(f->lessons, F_OK) != 0)
		return usage_error("--lessons names a directory of lessons, and there is no \"%s\"; "
				   "did you mean --lesson %s?", f->lessons, f->lessons);
	return 0;
}

static int apply_flags(const struct flags *f, struct cli_opts *o)
{
	struct dbp_error e;
	long n;

	if (f->backend && engine_parse(f->backend, &o->cfg.engine) != 0)
		return usage_error("--backend must be sqlite or postgres, not \"%s\"", f->backend);
	if (f->workdir)
		config_set(&o->cfg.workdir, f->workdir);
	if (f->dsn)
		config_set(&o->cfg.dsn, f->dsn);
	if (f->prefix && config_set_prefix(&o->cfg, f->prefix, &e) != 0)
		return usage_error("%s", e.msg);
	if (f->lessons)
		config_set(&o->cfg.lessons_dir, f->lessons);
	if (f->format) {
		if (!strcmp(f->format, "text")) o->format = FORMAT_TEXT;
		else if (!strcmp(f->format, "csv")) o->format = FORMAT_CSV;
		else if (!strcmp(f->format, "json")) o->format = FORMAT_JSON;
		else return usage_error("--format must be text, csv or json, not \"%s\"", f->format);
	}
	if (f->reps) {
		if (ini_parse_int(f->reps, 1, 100000, &n, &e) != 0)
			return usage_error("--reps: %s", e.msg);
		o->cfg.reps = (int)n;
	}
	if (f->to) {
		if (ini_parse_int(f->to, 0, 999, &n, &e) != 0)
			return usage_error("--to: %s", e.msg);
		o->to = (int)n;
	}
	if (f->tenants) {
		if (ini_parse_int(f->tenants, 1, 1000, &n, &e) != 0)
			return usage_error("--tenants: %s", e.msg);
		o->cfg.tenants = (int)n;
	}
	if (f->nshards)
		sl_free(&o->cfg.shards); /* the command line's shards replace the file's */
	for (int i = 0; i < f->nshards; i++)
		if (config_add_shard(&o->cfg, f->shards[i], &e) != 0)
			return usage_error("--shard: %s", e.msg);
	if (f->no_color)
		o->cfg.no_color = 1;
	o->ascii = f->ascii;
	return 0;
}

int main(int argc, char **argv)
{
	struct cli_opts o = { .to = -1 };
	struct flags f = { 0 };
	struct dbp_error e;
	int rc;

	config_defaults(&o.cfg);
	rc = parse_flags(argc, argv, &f, &o);
	if (rc == 0)
		rc = check_empty_paths(&f);
	if (rc == 0 && config_load(&o.cfg, f.config, &e) != 0)
		rc = usage_error("%s", e.msg);
	if (rc == 0 && config_from_env(&o.cfg, &e) != 0)
		rc = usage_error("%s", e.msg);
	if (rc == 0)
		rc = apply_flags(&f, &o);
	if (rc == 0 && f.tour && optind < argc)
		rc = usage_error("--tour opens the screen; it goes with no command (dbpatterns tour %s "
				 "lists the stops)", f.tour);
	/* A tour starts from its lesson's first stop: it chooses lesson and step. */
	if (rc == 0 && f.tour && (f.screen.lesson || f.screen.step))
		rc = usage_error("--tour %s starts at the tour's first stop; it goes without --lesson and --step",
				 f.tour);
	if (rc == 0 && f.tour)
		tui_set_tour(f.tour);
	if (rc == 0 && optind < argc && (f.screen.lesson || f.screen.step || f.screen.beside || f.screen.present))
		rc = usage_error("--lesson, --step, --beside and --present open the screen; a command "
				 "takes its lesson as an argument (dbpatterns show 3)");
	f.screen.ascii = f.ascii;
	if (rc == 0)
		rc = optind < argc ? cli_run(&o, argc - optind, argv + optind)
		   : screen_usable() ? tui_run(&o.cfg, &f.screen) : EXIT_USAGE;
	config_free(&o.cfg);
	return rc;
}
