/* workspaces: the instructor's view of a shared PostgreSQL server: every
 * dbpatterns workspace on it, from the markers (census.h), and the
 * teardown of the ones named, after a question on the terminal. */
#include "cli.h"
#include "output.h"
#include "../core/census.h"
#include "../core/interrupt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "8.2 MB": text is read by a person; CSV and JSON get the bytes. */
static void human_size(long long bytes, char *out, size_t n)
{
	static const char *const unit[] = { "bytes", "kB", "MB", "GB", "TB" };
	double v = (double)bytes;
	size_t u = 0;

	if (bytes < 0) {
		snprintf(out, n, "unknown");
		return;
	}
	while (v >= 1024 && u + 1 < DBP_ARRAY_LEN(unit)) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(out, n, "%lld bytes", bytes);
	else
		snprintf(out, n, "%.1f %s", v, unit[u]);
}

/* NULL (JSON null, an empty CSV field) where the size is unknown. */
static const char *size_cell(enum dbp_format f, long long bytes, char *out, size_t n)
{
	if (f == FORMAT_TEXT)
		human_size(bytes, out, n);
	else if (bytes < 0)
		return NULL;
	else
		snprintf(out, n, "%lld", bytes);
	return out;
}

static const char *or_unknown(const char *s)
{
	return s && *s ? s : "unknown";
}

static void workspace_row(struct cli_opts *o, struct dbp_result *r, const struct census *c, size_t w,
			  const struct lesson_set *set)
{
	const struct census_workspace *ws = &c->ws[w];
	char size[32], *lessons = census_lessons(c, w, set);
	const char *note = ws->shared ? "another workspace carries this prefix: drop by workspace id" : "";

	result_add_row(r, (const char *const[]){ ws->prefix, ws->id, or_unknown(ws->owners), lessons,
		       size_cell(o->format, ws->size, size, sizeof size),
		       or_unknown(ws->created), or_unknown(ws->last_used), or_unknown(ws->location), note });
	free(lessons);
}

static const char *const kind_word[] = { "database", "schema", "role" };

/* A lookalike: named like a workspace's, not marked as one. */
static void lookalike_row(struct cli_opts *o, struct dbp_result *r, const struct census_object *ob)
{
	char size[32], *what = ob->database ? xasprintf("schema %s in database %s", ob->name, ob->database)
					    : xasprintf("%s %s", kind_word[ob->kind], ob->name);
	char *note = xasprintf("not dbpatterns': %s: %s; left alone", what, ob->why_not);

	result_add_row(r, (const char *const[]){ ob->looks_like, "", ob->owner, "",
		       size_cell(o->format, ob->kind == CENSUS_ROLE ? -1 : ob->size, size, sizeof size), "unknown",
		       or_unknown(ob->last_used), "", note });
	free(note);
	free(what);
}

static int list_workspaces(struct cli_opts *o, const struct census *c, const struct lesson_set *set)
{
	static const char *const cols[] = { "prefix", "workspace", "role", "lessons", "size", "created",
					    "last_used", "at", "note" };
	struct dbp_result r;

	result_init(&r, 9, cols);
	if (o->format != FORMAT_TEXT) {
		free(r.colnames[4]);
		r.colnames[4] = xstrdup("size_bytes");
		result_set_type(&r, 4, DBP_TYPE_INTEGER);
	}
	for (size_t w = 0; w < c->nws; w++)
		workspace_row(o, &r, c, w, set);
	for (size_t i = 0; i < c->nobj; i++)
		if (c->obj[i].why_not)
			lookalike_row(o, &r, &c->obj[i]);
	output_table(stdout, o->format, &r);
	result_free(&r);
	if (!c->nws && o->format == FORMAT_TEXT)
		printf("no dbpatterns workspace on this server\n");
	return EXIT_OK;
}

/* ---- drop ------------------------------------------------------------------ */

static int confirmed(size_t n)
{
	char answer[16];

	printf("Drop %s? [y/N] ", n == 1 ? "it" : "them");
	fflush(stdout);
	if (!fgets(answer, sizeof answer, stdin))
		return 0;
	return answer[0] == 'y' || answer[0] == 'Y';
}

static void print_plan(const struct census *c, size_t w)
{
	struct strlist plan = { 0 };
	const struct census_workspace *ws = &c->ws[w];

	census_plan(c, w, &plan);
	output_clean(stdout, "workspace %s (id %s, role %s, at %s):\n", ws->prefix, ws->id,
		     or_unknown(ws->owners), or_unknown(ws->location));
	for (size_t i = 0; i < plan.n; i++)
		output_clean(stdout, "  drop %s\n", plan.v[i]);
	sl_free(&plan);
}

/* Each name to one workspace; any name that fails stops before anything.
 * A workspace named twice (by prefix and by id) is dropped once: -1. */
static int find_all(const struct census *c, int n, char **names, long *picked)
{
	struct dbp_error e;

	for (int i = 0; i < n; i++) {
		if ((picked[i] = census_find(c, names[i], &e)) < 0)
			return cli_fail("%s", e.msg);
		for (int j = 0; j < i; j++)
			if (picked[j] == picked[i])
				picked[i] = -1;
	}
	return EXIT_OK;
}

static int drop_picked(struct dbp_server *srv, const struct census *c, int n, const long *picked)
{
	int rc = EXIT_OK;

	/* After Ctrl-C no further workspace is started. */
	for (int i = 0; i < n && !interrupt_requested(); i++) {
		struct strlist done = { 0 };
		struct dbp_error e;

		if (picked[i] < 0)
			continue;
		if (census_drop(&dbp_pg_ops, srv, c, (size_t)picked[i], &done, &e) != 0)
			rc = cli_fail("%s", e.msg);
		for (size_t j = 0; j < done.n; j++)
			output_clean(stdout, "dropped %s\n", done.v[j]);
		sl_free(&done);
	}
	return rc;
}

static int settle_sessions(struct dbp_server *srv, struct census *c, int n, char **names,
			   struct dbp_error *e);

static int same_plan(const struct census *a, long wa, const struct census *b, long wb)
{
	struct strlist pa = { 0 }, pb = { 0 };
	int same = (wa < 0) == (wb < 0);

	if (same && wa >= 0) {
		census_plan(a, (size_t)wa, &pa);
		census_plan(b, (size_t)wb, &pb);
		same = pa.n == pb.n && !strcmp(or_unknown(a->ws[wa].id), or_unknown(b->ws[wb].id));
		for (size_t i = 0; same && i < pa.n; i++)
			same = !strcmp(pa.v[i], pb.v[i]);
	}
	sl_free(&pa);
	sl_free(&pb);
	return same;
}

/* The question may wait for minutes, and meanwhile a schema can appear
 * in a workspace's database or a session open on it: what to drop, and
 * whether it may go, is decided again on a fresh look, and only what
 * was shown goes. */
static int drop_as_shown(struct dbp_server *srv, const struct census *shown, int n, char **names,
			 const long *picked)
{
	long *again = xcalloc((size_t)n, sizeof *again);
	struct census now;
	struct dbp_error e;
	int rc;

	if (census_take(&dbp_pg_ops, srv, &now, &e) != 0 || settle_sessions(srv, &now, n, names, &e) != 0) {
		free(again);
		return cli_fail("%s", e.msg);
	}
	rc = find_all(&now, n, names, again);
	for (int i = 0; rc == EXIT_OK && i < n; i++)
		if (!same_plan(shown, picked[i], &now, again[i]))
			rc = cli_fail("workspace %s changed while you were asked: nothing was dropped; run the "
				      "command again to see what it holds now", names[i]);
	if (rc == EXIT_OK)
		rc = drop_picked(srv, &now, n, again);
	census_free(&now);
	free(again);
	return rc;
}

static int drop_workspaces(struct cli_opts *o, struct dbp_server *srv, const struct census *c,
			   int n, char **names)
{
	long *picked = xcalloc((size_t)n, sizeof *picked);
	int rc = find_all(c, n, names, picked);

	for (int i = 0; rc == EXIT_OK && i < n; i++)
		if (picked[i] >= 0)
			print_plan(c, (size_t)picked[i]);
	if (rc == EXIT_OK && !o->yes && !isatty(STDIN_FILENO)) {
		fprintf(stderr, "dbpatterns: workspaces drop asks before it drops, and standard input is not "
			"a terminal: nothing was dropped; add --yes to drop without asking\n");
		rc = EXIT_USAGE;
	} else if (rc == EXIT_OK && !o->yes && !confirmed((size_t)n)) {
		fprintf(stderr, "dbpatterns: nothing was dropped\n");
		rc = EXIT_FAIL;
	} else if (rc == EXIT_OK) {
		rc = o->yes ? drop_picked(srv, c, n, picked) : drop_as_shown(srv, c, n, names, picked);
	}
	free(picked);
	return rc;
}

static void say_unreadable(const struct census *c)
{
	for (size_t i = 0; i < c->unreadable.n; i++)
		output_clean(stderr, "dbpatterns: could not look inside database %s\n", c->unreadable.v[i]);
}

/* Sessions connected to the workspaces named (unknown names count none:
 * find_all says so later). */
static int sessions_of(const struct census *c, int n, char **names)
{
	struct dbp_error e;
	int total = 0;

	for (int i = 0; i < n; i++) {
		long w = census_find(c, names[i], &e);

		if (w >= 0)
			total += census_sessions(c, (size_t)w);
	}
	return total;
}

#define SETTLE_TRIES 10 /* half-seconds: 5 s, as long as DROP DATABASE waits */

/* A session that has just ended may be counted for a moment more: its
 * server process exits after its client has gone, later on a loaded
 * server (the census's own visits to each database, a student's command
 * that just finished).  As DROP DATABASE does, wait a few seconds for
 * them to go before refusing because of them. */
static int settle_sessions(struct dbp_server *srv, struct census *c, int n, char **names,
			   struct dbp_error *e)
{
	for (int i = 0; i < SETTLE_TRIES && !interrupt_requested() && sessions_of(c, n, names) > 0; i++) {
		sleep_ms(500);
		census_free(c);
		if (census_take(&dbp_pg_ops, srv, c, e) != 0)
			return -1;
	}
	return 0;
}

int cli_workspaces(struct cli_opts *o, int argc, char **argv)
{
	struct dbp_server_settings s = { o->cfg.engine, o->cfg.workdir, o->cfg.dsn };
	int drop = argc > 1 && !strcmp(argv[1], "drop");
	struct lesson_set set = { 0 };
	struct dbp_server *srv;
	struct census c;
	struct dbp_error e;
	int rc;

	if (argc > 1 && !drop)
		return fprintf(stderr, "dbpatterns: usage: dbpatterns workspaces [drop PREFIX|ID...]\n"), EXIT_USAGE;
	if (drop && argc < 3)
		return fprintf(stderr, "dbpatterns: usage: dbpatterns workspaces drop PREFIX|ID...\n"), EXIT_USAGE;
	if (drop && o->format != FORMAT_TEXT)
		return fprintf(stderr, "dbpatterns: workspaces drop prints a report: --format goes with the "
			       "listing (try --help)\n"), EXIT_USAGE;
	if (o->cfg.engine != DBP_POSTGRES)
		return fprintf(stderr, "dbpatterns: workspaces lists a PostgreSQL server's workspaces: add "
			       "--backend postgres (with SQLite each workspace is a workdir of its own, and "
			       "`dbpatterns teardown all` there empties it)\n"), EXIT_USAGE;
	srv = dbp_pg_ops.server_open(&s, &e);
	if (!srv)
		return cli_fail("%s", e.msg);
	if (census_take(&dbp_pg_ops, srv, &c, &e) != 0) {
		dbp_pg_ops.server_close(srv);
		return cli_fail("%s", e.msg);
	}
	if (drop && settle_sessions(srv, &c, argc - 2, argv + 2, &e) != 0) {
		census_free(&c);
		dbp_pg_ops.server_close(srv);
		return cli_fail("%s", e.msg);
	}
	say_unreadable(&c);
	if (interrupt_requested()) /* a census cut short is no ground to drop or list on */
		rc = EXIT_FAIL;
	else if (drop) {
		rc = drop_workspaces(o, srv, &c, argc - 2, argv + 2);
	} else {
		/* Lessons name what each workspace holds; without them, the list stands. */
		char *dir = o->cfg.lessons_dir ? xstrdup(o->cfg.lessons_dir) : data_lessons_dir();

		if (lessons_load_dir(dir, &set, &e) != 0)
			fprintf(stderr, "dbpatterns: lessons unknown (%s)\n", e.msg);
		free(dir);
		rc = list_workspaces(o, &c, &set);
		lesson_set_free(&set);
	}
	census_free(&c);
	dbp_pg_ops.server_close(srv);
	return rc;
}
