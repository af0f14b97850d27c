/* cli: the subcommands.  Each prints the core's results and returns an
 * exit status; failures print one line on stderr. */
#ifndef DBP_CLI_H
#define DBP_CLI_H

#include "../core/config.h"
#include "../core/lesson.h"

struct cli_opts {
	struct dbp_config cfg;
	enum dbp_format format;
	const char *app;
	int to; /* -1: not given */
	int dry_run;
	int ascii; /* --ascii: plain line drawing */
	int history; /* bench --history: the kept timings */
	int compare; /* bench --compare: kept timings side by side */
	int live;  /* check-lessons --live: run every claim on the engine */
	const char *class_name; /* class: --class NAME */
	int own_database;       /* class create: a database per student */
	const char *output_dir; /* report: --output DIR */
	int yes;   /* workspaces drop --yes: drop without asking */
};

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

int cli_run(struct cli_opts *o, int argc, char **argv);
/* Print "dbpatterns: msg" on stderr; returns EXIT_FAIL. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Reports waits on stderr and stops on Ctrl-C or SIGTERM. */
struct dbp_progress;
extern const struct dbp_progress cli_quiet;
/* check_live.c: every claim of the lessons in dir, on the chosen engine. */
int cli_check_live(struct cli_opts *o, const char *dir);
/* class.c: `class create N` and `class drop` on a PostgreSQL server. */
int cli_class(struct cli_opts *o, int argc, char **argv);
/* report.c: the session report as Markdown and SVG. */
int cli_report(struct cli_opts *o);
/* tour.c: a lesson's tour, stop by stop. */
int cli_tour(const struct lesson *l);
/* workspaces.c: list a PostgreSQL server's workspaces, or drop some. */
int cli_workspaces(struct cli_opts *o, int argc, char **argv);

#endif
