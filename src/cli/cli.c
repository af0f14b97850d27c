/* cli: the subcommands over the core.  Output goes to stdout; one line of
 * reason goes to stderr on failure. */
#include "cli.h"
#include "kept.h"
#include "output.h"
#include "../core/bench.h"
#include "../core/catalog.h"
#include "../core/claims.h"
#include "../core/demo.h"
#include "../core/interrupt.h"
#include "../core/migrate.h"
#include "../core/topology.h"
#include "../core/provision.h"
#include "../core/results.h"

#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_fail(const char *fmt, ...)
{
	va_list ap;
	char buf[4096];
	char *clean;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	clean = sanitize_text(buf, 1);
	fprintf(stderr, "dbpatterns: %s\n", clean);
	free(clean);
	return EXIT_FAIL;
}

/* The CLI prints results, not chatter; what it does report is a wait
 * (another process holds the prefix), on stderr.  Ctrl-C or SIGTERM
 * stops long work between steps (and inside a statement: interrupt.h). */
static void say_waiting(void *ctx, const char *what)
{
	(void)ctx;
	fprintf(stderr, "dbpatterns: %s\n", what);
}

static int signalled(void *ctx)
{
	(void)ctx;
	return interrupt_requested() != 0;
}

const struct dbp_progress cli_quiet = { NULL, signalled, NULL, say_waiting };

/* After Ctrl-C: where each app of the lesson now stands, so the user
 * knows what remains and how to go on. */
static void report_state(struct workspace *ws, const struct lesson *l)
{
	struct dbp_error e;

	fprintf(stderr, "dbpatterns: interrupted; the running statement was cancelled on the engine "
		"and its transaction rolled back.\n");
	for (size_t i = 0; i < l->napps; i++) {
		int v = 0;

		if (ws_database_present(ws, l->apps[i].database, &e) != 1)
			fprintf(stderr, "  %s: database not provisioned\n", l->apps[i].name);
		else if (migrate_current(ws, l, &l->apps[i], &v, &e) == 0)
			fprintf(stderr, "  %s: at version %d of %zu\n", l->apps[i].name, v,
				l->apps[i].nmigrations);
	}
	fprintf(stderr, "  `dbpatterns provision %d` carries on; `dbpatterns teardown %d` removes it.\n",
		l->number, l->number);
}

static int load_lessons(struct cli_opts *o, struct lesson_set *set)
{
	struct dbp_error e;
	char *dir = o->cfg.lessons_dir ? xstrdup(o->cfg.lessons_dir) : data_lessons_dir();
	int rc = lessons_load_dir(dir, set, &e);

	free(dir);
	return rc == 0 ? 0 : cli_fail("%s", e.msg);
}

/* "L" or "all" into a list of lessons. */
static int pick(struct lesson_set *set, const char *key, int allow_all, struct lesson_set *out)
{
	struct lesson *l;

	if (allow_all && !strcmp(key, "all")) {
		out->v = xcalloc(set->n, sizeof *out->v);
		memcpy(out->v, set->v, set->n * sizeof *out->v);
		out->n = set->n;
		return 0;
	}
	l = lesson_find(set, key);
	if (!l) {
		struct strbuf known;

		sb_init(&known);
		for (size_t i = 0; i < set->n; i++)
			sb_addf(&known, "%s%d (%s)", i ? ", " : "", set->v[i]->number, set->v[i]->slug);
		cli_fail("no lesson \"%s\"; there are %s", key, known.s ? known.s : "none");
		sb_free(&known);
		return -1;
	}
	out->v = xcalloc(1, sizeof *out->v);
	out->v[0] = l;
	out->n = 1;
	return 0;
}

static int open_ws(struct cli_opts *o, struct workspace *ws)
{
	struct dbp_error e;

	if (workspace_open(ws, &o->cfg, &e) != 0)
		return cli_fail("%s", e.msg);
	return 0;
}

/* Why a lesson cannot be read: absent, or there but not ours to read
 * (another workspace's, locked by another process, unreadable). */
static void not_provisioned(struct workspace *ws, const struct lesson *l)
{
	struct dbp_error e;

	for (size_t i = 0; i < l->ndbs; i++)
		if (ws_database_present(ws, l->dbs[i].name, &e) < 0) {
			cli_fail("lesson %d: %s", l->number, e.msg);
			return;
		}
	cli_fail("lesson %d is not provisioned: run `dbpatterns provision %d`", l->number, l->number);
}

/* ---- list, show --------------------------------------------------------- */

static int cmd_list(struct cli_opts *o, struct lesson_set *set)
{
	static const char *const cols[] = { "lesson", "slug", "title", "databases", "apps" };
	struct dbp_result r;

	result_init(&r, 5, cols);
	result_set_type(&r, 0, DBP_TYPE_INTEGER);
	result_set_type(&r, 3, DBP_TYPE_INTEGER);
	result_set_type(&r, 4, DBP_TYPE_INTEGER);
	for (size_t i = 0; i < set->n; i++) {
		char num[16], dbs[16], apps[16];
		const char *row[5] = { num, set->v[i]->slug, set->v[i]->title, dbs, apps };

		snprintf(num, sizeof num, "%d", set->v[i]->number);
		snprintf(dbs, sizeof dbs, "%zu", set->v[i]->ndbs);
		snprintf(apps, sizeof apps, "%zu", set->v[i]->napps);
		result_add_row(&r, row);
	}
	output_table(stdout, o->format, &r);
	result_free(&r);
	return EXIT_OK;
}

static void show_apps(struct workspace *ws, const struct lesson *l)
{
	struct strlist lines = { 0 };

	printf("\nApplications and the connection each would use:\n");
	topology_connections(ws, l, &lines);
	for (size_t i = 0; i < lines.n; i++)
		printf("%s\n", lines.v[i]);
	sl_free(&lines);
}

/* show as one JSON object: the lesson, where it lives, what the engine
 * holds of it, each app's connection, the workloads. */
static void show_json(struct workspace *ws, const struct lesson *l, const struct catalog *cat,
		      int provisioned)
{
	static const char *const head_cols[] = { "lesson", "slug", "title", "summary", "engine", "provisioned",
						  "prefix" };
	static const char *const table_cols[] = { "database", "schema", "table", "rows" };
	static const char *const app_cols[] = { "name", "database", "schema", "url" };
	static const char *const wl_cols[] = { "name", "title", "fails_on_purpose" };
	struct dbp_result head, tables, apps, wls;
	char num[32];

	result_init(&head, 7, head_cols);
	result_set_type(&head, 0, DBP_TYPE_INTEGER);
	result_set_type(&head, 5, DBP_TYPE_BOOLEAN);
	snprintf(num, sizeof num, "%d", l->number);
	result_add_row(&head, (const char *const[]){ num, l->slug, l->title, l->summary,
		       ws->ops->server_describe(ws->srv), provisioned ? "t" : "f", ws->prefix });
	result_init(&tables, 4, table_cols);
	result_set_type(&tables, 3, DBP_TYPE_INTEGER);
	for (size_t i = 0; i < cat->n; i++) {
		snprintf(num, sizeof num, "%lld", cat->tables[i].rows);
		/* Rows a policy hides from us have no count: null, not -1. */
		result_add_row(&tables, (const char *const[]){ cat->tables[i].database, cat->tables[i].schema,
			       cat->tables[i].name, cat->tables[i].rows_hidden ? NULL : num });
	}
	result_init(&apps, 4, app_cols);
	for (size_t i = 0; i < l->napps; i++) {
		const struct lesson_app *a = &l->apps[i];
		char *db = ws_db_name(ws, a->database), *schema = a->schema ? ws_schema_name(ws, a->schema) : NULL;
		char *url = ws->ops->app_url(ws->srv, db, schema);

		result_add_row(&apps, (const char *const[]){ a->name, db, schema, url });
		free(url);
		free(schema);
		free(db);
	}
	result_init(&wls, 3, wl_cols);
	result_set_type(&wls, 2, DBP_TYPE_BOOLEAN);
	for (size_t i = 0; i < l->nworkloads; i++)
		result_add_row(&wls, (const char *const[]){ l->workloads[i].name, l->workloads[i].title,
			       l->workloads[i].expect_error ? "t" : "f" });
	fputs("{", stdout);
	output_json_fields(stdout, &head, 0);
	fputs(",\n \"databases\": [", stdout);
	for (size_t i = 0; i < l->ndbs; i++) {
		char *name = ws_db_name(ws, l->dbs[i].name);

		fputs(i ? ", " : "", stdout);
		output_json_string(stdout, name);
		free(name);
	}
	fputs("],\n \"tables\": ", stdout);
	output_json_array(stdout, &tables);
	fputs(",\n \"apps\": ", stdout);
	output_json_array(stdout, &apps);
	fputs(",\n \"workloads\": ", stdout);
	output_json_array(stdout, &wls);
	fputs("}\n", stdout);
	result_free(&head);
	result_free(&tables);
	result_free(&apps);
	result_free(&wls);
}

static int cmd_show(struct cli_opts *o, struct lesson *l)
{
	struct workspace ws;
	struct catalog cat = { 0 };
	struct strlist tree = { 0 };
	struct dbp_error e;
	int provisioned;

	if (o->format != FORMAT_JSON) {
		printf("Lesson %d: %s (%s)\n", l->number, l->title, l->slug);
		if (l->summary)
			printf("%s\n", l->summary);
	}
	if (open_ws(o, &ws) != 0)
		return EXIT_FAIL;
	provisioned = workspace_provisioned(&ws, l);
	if (provisioned && catalog_snapshot(&ws, l, &cat, &e) != 0) {
		workspace_close(&ws);
		return cli_fail("%s", e.msg);
	}
	if (o->format == FORMAT_JSON) {
		show_json(&ws, l, &cat, provisioned);
		catalog_free(&cat);
		workspace_close(&ws);
		return EXIT_OK;
	}
	printf("Engine: %s\nPrefix: %s (%s)\n\n", ws.ops->server_describe(ws.srv), ws.prefix,
	       ws.prefix_origin);
	topology_tree(&ws, l, &cat, provisioned, o->ascii, &tree);
	for (size_t i = 0; i < tree.n; i++)
		printf("%s\n", tree.v[i]);
	sl_free(&tree);
	show_apps(&ws, l);
	if (l->nworkloads) {
		printf("\nWorkloads:\n");
		for (size_t i = 0; i < l->nworkloads; i++)
			printf("  %-22s %s%s\n", l->workloads[i].name,
			       l->workloads[i].title ? l->workloads[i].title : "",
			       l->workloads[i].expect_error == (1 << DBP_SQLITE | 1 << DBP_POSTGRES) ? " (fails on purpose)"
			       : workload_expects_error(&l->workloads[i], DBP_POSTGRES) ? " (fails on purpose on postgres)"
			       : l->workloads[i].expect_error ? " (fails on purpose on sqlite)" : "");
	}
	catalog_free(&cat);
	workspace_close(&ws);
	return EXIT_OK;
}

/* ---- provision, teardown ------------------------------------------------ */

/* After a refusal for lack of rights: which lessons this role can run,
 * or what the ones needing a single database would need. */
static void suggest_runnable(struct workspace *ws, const struct lesson_set *all)
{
	const char *db = ws->ops->server_database(ws->srv);
	struct strbuf can, would;
	int ncan = 0, nwould = 0;

	sb_init(&can);
	sb_init(&would);
	for (size_t i = 0; i < all->n; i++) {
		int fits = workspace_can_run(ws, all->v[i]) ? 1 : lesson_fits_one_database(all->v[i]) ? 2 : 0;
		struct strbuf *b = fits == 1 ? &can : fits == 2 ? &would : NULL;

		ncan += fits == 1;
		nwould += fits == 2;
		if (b)
			sb_addf(b, "%s%d (%s)", b->len ? ", " : "", all->v[i]->number, all->v[i]->slug);
	}
	if (can.len)
		fprintf(stderr, "dbpatterns: with this role you can still run lesson%s %s: %s schemas go "
			"into the database you connect to (%s)\n", ncan > 1 ? "s" : "", can.s,
			ncan > 1 ? "their" : "its", db ? db : "");
	else if (would.len && db)
		fprintf(stderr, "dbpatterns: lesson%s %s need%s only CREATE on one database, which you lack on "
			"\"%s\": connect to a database you own, or ask for GRANT CREATE ON DATABASE\n",
			nwould > 1 ? "s" : "", would.s, nwould > 1 ? "" : "s", db);
	sb_free(&can);
	sb_free(&would);
}

static int cmd_provision(struct cli_opts *o, struct lesson_set *pick_set, const struct lesson_set *all)
{
	struct workspace ws;
	struct dbp_error e;
	int rc = EXIT_OK;

	if (open_ws(o, &ws) != 0)
		return EXIT_FAIL;
	for (size_t i = 0; i < pick_set->n && rc == EXIT_OK; i++) {
		struct lesson *l = pick_set->v[i];
		struct strbuf log;

		sb_init(&log);
		if (o->dry_run) {
			if (ws_check_names(&ws, l, &e) != 0)
				rc = cli_fail("%s", e.msg);
			else {
				workspace_plan(&ws, l, &log);
				printf("-- lesson %d (%s): what provisioning would run\n\n%s", l->number,
				       l->slug, log.s ? log.s : "");
			}
		} else if (workspace_provision(&ws, l, &cli_quiet, &log, &e) != 0) {
			fputs(log.s ? log.s : "", stdout);
			rc = cli_fail("lesson %d: %s", l->number, e.msg);
			if (interrupt_requested())
				report_state(&ws, l);
			else if (!workspace_can_run(&ws, l))
				suggest_runnable(&ws, all);
		} else {
			printf("lesson %d (%s) provisioned on %s under prefix %s\n%s", l->number, l->slug,
			       ws.ops->server_describe(ws.srv), ws.prefix, log.s ? log.s : "");
		}
		sb_free(&log);
	}
	workspace_close(&ws);
	return rc;
}

static int cmd_teardown(struct cli_opts *o, struct lesson_set *pick_set)
{
	struct workspace ws;
	struct dbp_error e;
	int rc = EXIT_OK;

	if (open_ws(o, &ws) != 0)
		return EXIT_FAIL;
	for (size_t i = pick_set->n; i-- > 0 && rc == EXIT_OK;) {
		struct lesson *l = pick_set->v[i];
		struct strbuf log;

		sb_init(&log);
		if (workspace_teardown(&ws, l, &cli_quiet, &log, &e) != 0) {
			fputs(log.s ? log.s : "", stdout);
			rc = cli_fail("lesson %d: %s", l->number, e.msg);
			if (interrupt_requested())
				report_state(&ws, l);
		} else if (!log.len) { /* the log names each thing dropped or rolled back */
			printf("lesson %d (%s): nothing to tear down, this workspace holds none of it\n",
			       l->number, l->slug);
		} else {
			printf("lesson %d (%s) torn down\n%s", l->number, l->slug, log.s);
		}
		sb_free(&log);
	}
	workspace_close(&ws);
	return rc;
}

/* ---- tables --------------------------------------------------------------- */

static int any_rows_hidden(const struct catalog *cat)
{
	for (size_t i = 0; i < cat->n; i++)
		if (cat->tables[i].rows_hidden)
			return 1;
	return 0;
}

static int cmd_tables(struct cli_opts *o, struct lesson *l)
{
	static const char *const cols[] = { "database", "schema", "table", "rows", "columns", "indexes", "foreign_keys" };
	struct workspace ws;
	struct catalog cat;
	struct dbp_result r;
	struct dbp_error e;

	if (open_ws(o, &ws) != 0)
		return EXIT_FAIL;
	if (!workspace_provisioned(&ws, l)) {
		not_provisioned(&ws, l);
		workspace_close(&ws);
		return EXIT_FAIL;
	}
	if (catalog_snapshot(&ws, l, &cat, &e) != 0) {
		workspace_close(&ws);
		return cli_fail("%s", e.msg);
	}
	result_init(&r, 7, cols);
	for (int j = 3; j < 7; j++)
		result_set_type(&r, j, DBP_TYPE_INTEGER);
	for (size_t i = 0; i < cat.n; i++) {
		const struct cat_table *t = &cat.tables[i];
		char rows[32], ncol[16], nidx[16], nfk[16];
		const char *row[7] = { t->database, t->schema, t->name, t->rows_hidden ? NULL : rows, ncol, nidx,
				       nfk };

		snprintf(rows, sizeof rows, "%lld", t->rows);
		snprintf(ncol, sizeof ncol, "%ld", t->columns.nrows);
		snprintf(nidx, sizeof nidx, "%ld", t->indexes.nrows);
		snprintf(nfk, sizeof nfk, "%ld", t->fks.nrows);
		result_add_row(&r, row);
	}
	output_table(stdout, o->format, &r);
	if (o->format == FORMAT_TEXT && any_rows_hidden(&cat))
		printf("(no rows figure: a row-level security policy filters this role's reads there)\n");
	result_free(&r);
	catalog_free(&cat);
	workspace_close(&ws);
	return EXIT_OK;
}

/* ---- migrate ---------------------------------------------------------------- */

static int migrate_status_all(struct cli_opts *o, struct workspace *ws, struct lesson *l)
{
	static const char *const cols[] = { "app", "version", "name", "state", "applied_at", "duration_ms" };
	struct dbp_result r;
	struct dbp_error e;

	result_init(&r, 6, cols);
	result_set_type(&r, 1, DBP_TYPE_INTEGER);
	result_set_type(&r, 5, DBP_TYPE_REAL);
	for (size_t i = 0; i < l->napps; i++) {
		const struct lesson_app *a = &l->apps[i];
		struct migration_state *st;

		if (o->app && strcmp(o->app, a->name))
			continue;
		if (migrate_status(ws, l, a, &st, &e) != 0) {
			result_free(&r);
			return cli_fail("%s: %s", a->name, e.msg);
		}
		for (size_t j = 0; j < a->nmigrations; j++) {
			char ver[16], ms[32];
			const char *state = !st[j].applied ? "pending" : st[j].drift ? "drift" : "applied";
			/* A pending migration has no time: NULL, not "". */
			const char *row[6] = { a->name, ver, st[j].name, state,
					       st[j].applied ? st[j].applied_at : NULL, st[j].applied ? ms : NULL };

			snprintf(ver, sizeof ver, "%d", st[j].version);
			snprintf(ms, sizeof ms, "%.1f", st[j].duration_ms);
			result_add_row(&r, row);
		}
		free(st);
	}
	output_table(stdout, o->format, &r);
	result_free(&r);
	return EXIT_OK;
}

static void print_report(const struct lesson_app *a, const struct migrate_report *rep, int dry)
{
	for (size_t i = 0; i < rep->nsteps; i++) {
		const struct migrate_step *s = &rep->steps[i];

		char *outcome = migrate_step_outcome(s);

		if (dry)
			printf("-- %s: %s %03d_%s\n%s\n\n", a->name, s->up ? "up" : "down", s->version, s->name, s->sql);
		else
			printf("%s: %s %03d_%s %s in %.1f ms\n", a->name, s->up ? "up" : "down", s->version,
			       s->name, outcome, s->ms);
		free(outcome);
	}
	if (!dry && rep->changes.n) {
		printf("Catalog changes:\n");
		output_lines(stdout, &rep->changes);
	} else if (!dry && rep->nsteps) {
		printf("Catalog changes: none\n");
	}
}

static int migrate_app(struct cli_opts *o, struct workspace *ws, struct lesson *l,
		       const struct lesson_app *a, int up)
{
	struct migrate_report rep = { 0 };
	struct dbp_error e;
	int current = 0, target, rc;

	if (migrate_current(ws, l, a, &current, &e) != 0)
		return cli_fail("%s: %s", a->name, e.msg);
	target = o->to >= 0 ? o->to : up ? (int)a->nmigrations : current - 1;
	if (target < 0)
		return cli_fail("%s has no applied migration to roll back", a->name);
	if (up ? target < current : target > current)
		return cli_fail("%s is at version %d: `%s --to %d` would go the other way",
				a->name, current, up ? "up" : "down", target);
	if (target == current) {
		printf("%s: already at version %d\n", a->name, current);
		return EXIT_OK;
	}
	rc = migrate_to(ws, l, a, target, o->dry_run, !o->dry_run, &cli_quiet, &rep, &e);
	print_report(a, &rep, o->dry_run);
	migrate_report_free(&rep);
	if (rc != 0 && interrupt_requested()) {
		cli_fail("%s", e.msg);
		report_state(ws, l);
		return EXIT_FAIL;
	}
	return rc == 0 ? EXIT_OK : cli_fail("%s", e.msg);
}

static int cmd_migrate(struct cli_opts *o, struct lesson *l, const char *verb)
{
	struct workspace ws;
	int rc = EXIT_OK, up;

	if (strcmp(verb, "up") && strcmp(verb, "down") && strcmp(verb, "status"))
		return cli_fail("migrate takes up, down or status, not \"%s\"", verb);
	if (o->app && !lesson_app_find(l, o->app))
		return cli_fail("lesson %d has no application \"%s\"", l->number, o->app);
	if (!o->app && l->napps > 1 && (!strcmp(verb, "down") || o->to >= 0))
		return cli_fail("lesson %d has %zu applications: say which with --app", l->number, l->napps);
	if (open_ws(o, &ws) != 0)
		return EXIT_FAIL;
	if (!workspace_provisioned(&ws, l)) {
		not_provisioned(&ws, l);
		workspace_close(&ws);
		return EXIT_FAIL;
	}
	if (!strcmp(verb, "status")) {
		rc = migrate_status_all(o, &ws, l);
		workspace_close(&ws);
		return rc;
	}
	up = !strcmp(verb, "up");
	for (size_t i = 0; i < l->napps && rc == EXIT_OK; i++)
		if (!o->app || !strcmp(o->app, l->apps[i].name))
			rc = migrate_app(o, &ws, l, &l->apps[i], up);
	workspace_close(&ws);
	return rc;
}

/* ---- bench -------------------------------------------------------------------- */

static void bench_row(struct dbp_result *r, const struct bench_result *b)
{
	char lesson[16], conns[16], connect[32], cold[32], n[16], med[32], p95[32], mn[32], mx[32],
	     rt[32], rows[32], server[32];
	const char *row[15] = { b->workload, lesson, b->engine, conns, connect, cold, n, med, p95,
				mn, mx, rt, rows, server, b->cancelled ? "cancelled" : "" };

	snprintf(lesson, sizeof lesson, "%d", b->lesson);
	snprintf(conns, sizeof conns, "%d", b->connections);
	snprintf(connect, sizeof connect, "%.2f", b->connect_ms);
	if (b->failed) {
		char *err = xasprintf("fails as expected: %s%s%s", b->error.sqlstate,
				      b->error.sqlstate[0] ? " " : "", b->error.msg);

		for (int i = 5; i < 14; i++)
			row[i] = NULL; /* nothing was timed */
		row[14] = err;
		result_add_row(r, row);
		free(err);
		return;
	}
	snprintf(cold, sizeof cold, "%.3f", b->cold_ms);
	snprintf(n, sizeof n, "%d", b->stats.n);
	snprintf(med, sizeof med, "%.3f", b->stats.median);
	snprintf(p95, sizeof p95, "%.3f", b->stats.p95);
	snprintf(mn, sizeof mn, "%.3f", b->stats.min);
	snprintf(mx, sizeof mx, "%.3f", b->stats.max);
	snprintf(rt, sizeof rt, "%ld", b->round_trips);
	snprintf(rows, sizeof rows, "%ld", b->rows);
	if (b->server_ms >= 0)
		snprintf(server, sizeof server, "%.3f", b->server_ms);
	else
		row[13] = NULL; /* the engine did not say */
	result_add_row(r, row);
}

/* Time every workload of l on ws into r, and keep what was timed in the
 * results store; why it could not be kept goes to not_kept (the first
 * reason only), and the timings are printed all the same. */
static int bench_lesson(struct cli_opts *o, struct workspace *ws, struct lesson *l, struct dbp_result *r,
			struct strbuf *not_kept)
{
	struct bench_result *res = xcalloc(l->nworkloads + 1, sizeof *res);
	struct dbp_error e;
	size_t n;
	int rc = EXIT_OK;

	for (n = 0; n < l->nworkloads; n++) {
		if (bench_workload(ws, l, &l->workloads[n], o->cfg.reps, &cli_quiet, &res[n], &e) != 0) {
			bench_result_free(&res[n]);
			rc = cli_fail("lesson %d: %s", l->number, e.msg);
			break;
		}
		bench_row(r, &res[n]);
	}
	if (n && results_record(ws, l, res, n, &e) != 0 && !not_kept->len)
		sb_add(not_kept, e.msg);
	for (size_t i = 0; i < n; i++)
		bench_result_free(&res[i]);
	free(res);
	return rc;
}


static int cmd_bench(struct cli_opts *o, struct lesson_set *pick_set)
{
	static const char *const cols[] = { "workload", "lesson", "engine", "connections", "connect_ms",
		"cold_ms", "n", "median_ms", "p95_ms", "min_ms", "max_ms", "round_trips", "rows", "server_ms",
		"note" };
	static const enum dbp_type types[] = { DBP_TYPE_TEXT, DBP_TYPE_INTEGER, DBP_TYPE_TEXT,
		DBP_TYPE_INTEGER, DBP_TYPE_REAL, DBP_TYPE_REAL, DBP_TYPE_INTEGER, /* ... n */
		DBP_TYPE_REAL, DBP_TYPE_REAL, DBP_TYPE_REAL, DBP_TYPE_REAL,        /* median ... max */
		DBP_TYPE_INTEGER, DBP_TYPE_INTEGER, DBP_TYPE_REAL, DBP_TYPE_TEXT };
	struct workspace ws, peer;
	struct dbp_result r;
	struct strbuf not_kept;
	int rc = EXIT_OK, any = 0, has_peer;

	if (open_ws(o, &ws) != 0)
		return EXIT_FAIL;
	has_peer = workspace_open_peer(&peer, &o->cfg) == 0;
	sb_init(&not_kept);
	result_init(&r, 15, cols);
	for (int j = 0; j < 15; j++)
		result_set_type(&r, j, types[j]);
	for (size_t i = 0; i < pick_set->n && rc == EXIT_OK; i++) {
		struct lesson *l = pick_set->v[i];

		/* Lessons not provisioned are passed over; where the other engine
		 * has the lesson too, it is timed alongside. */
		if (workspace_provisioned(&ws, l)) {
			any = 1;
			rc = bench_lesson(o, &ws, l, &r, &not_kept);
		}
		if (rc == EXIT_OK && has_peer && workspace_provisioned(&peer, l)) {
			any = 1;
			rc = bench_lesson(o, &peer, l, &r, &not_kept);
		}
	}
	if (rc == EXIT_OK && !any)
		rc = pick_set->n == 1
			? cli_fail("lesson %d is not provisioned: run `dbpatterns provision %d`",
				   pick_set->v[0]->number, pick_set->v[0]->number)
			: cli_fail("no lesson is provisioned: run `dbpatterns provision all` first");
	if (rc == EXIT_OK) {
		/* Side by side: the same question under each pattern, together. */
		struct dbp_result sorted;

		result_init(&sorted, r.ncols, (const char *const *)r.colnames);
		for (int j = 0; j < r.ncols; j++)
			result_set_type(&sorted, j, result_type(&r, j));
		for (long i = 0; i < r.nrows; i++) {
			int first = 1;

			for (long j = 0; j < i; j++)
				first &= strcmp(result_cell(&r, j, 0), result_cell(&r, i, 0)) != 0;
			for (long j = i; first && j < r.nrows; j++)
				if (!strcmp(result_cell(&r, j, 0), result_cell(&r, i, 0)))
					result_add_row(&sorted, (const char *const *)&r.cells[j * r.ncols]);
		}
		output_table(stdout, o->format, &sorted);
		result_free(&sorted);
	}
	if (not_kept.len)
		rc = cli_fail("the timings above were not kept: %s", not_kept.s);
	sb_free(&not_kept);
	result_free(&r);
	if (has_peer)
		workspace_close(&peer);
	workspace_close(&ws);
	return rc;
}

/* ---- demo ----------------------------------------------------------------------- */

static int list_demos(struct cli_opts *o, const struct lesson *l)
{
	static const char *const cols[] = { "demo", "kind", "title" };
	struct dbp_result r;

	result_init(&r, 3, cols);
	for (size_t i = 0; i < l->ndemos; i++) {
		const char *row[3] = { l->demos[i].name, demo_kind_name(l->demos[i].kind),
				       l->demos[i].title };

		result_add_row(&r, row);
	}
	if (!l->ndemos)
		fprintf(stderr, "dbpatterns: lesson %d has no demos\n", l->number);
	else
		output_table(stdout, o->format, &r);
	result_free(&r);
	return EXIT_OK;
}

static int cmd_demo(struct cli_opts *o, struct lesson *l, const char *name)
{
	const struct lesson_demo *d;
	struct claims_report verdicts = { 0 };
	struct dbp_lines out = { 0 };
	struct workspace ws;
	struct dbp_error e;
	int rc;

	if (!name)
		return list_demos(o, l);
	d = lesson_demo_find(l, name);
	if (!d)
		return cli_fail("lesson %d has no demo \"%s\" (see `dbpatterns demo %d`)", l->number, name, l->number);
	if (open_ws(o, &ws) != 0)
		return EXIT_FAIL;
	printf("%s\n", d->title);
	rc = demo_run(&ws, l, d, &cli_quiet, &out, &e);
	if (rc == 0)
		claims_after_demo(l, d, ws.engine, o->ascii, &out, &verdicts);
	output_lines(stdout, &out);
	lines_free(&out);
	/* Kept, as check-lessons keeps its verdicts, for the session report. */
	if (rc == 0 && results_record_claims(&ws, l, &verdicts, "demo", &e) != 0)
		rc = cli_fail("the verdicts are shown but not kept: %s", e.msg);
	else if (rc != 0)
		rc = cli_fail("%s", e.msg);
	claims_report_free(&verdicts);
	workspace_close(&ws);
	return rc == 0 ? EXIT_OK : rc;
}

/* ---- dispatch ----------------------------------------------------------------- */

static int cmd_check(struct cli_opts *o, const char *given)
{
	char *dir = given ? xstrdup(given) : o->cfg.lessons_dir ? xstrdup(o->cfg.lessons_dir)
		  : data_lessons_dir();
	struct strbuf out;
	int bad;

	sb_init(&out);
	bad = lessons_check_dir(dir, &out);
	if (bad) {
		char *clean = sanitize_text(out.s ? out.s : "", 1);

		fputs(clean, stderr);
		free(clean);
	} else {
		if (o->format == FORMAT_TEXT)
			fputs(out.s ? out.s : "", stdout);
	}
	sb_free(&out);
	if (!bad && o->live)
		bad = cli_check_live(o, dir) != EXIT_OK;
	free(dir);
	return bad ? EXIT_FAIL : EXIT_OK;
}

static int need_args(int argc, int n, const char *usage)
{
	if (argc < n) {
		fprintf(stderr, "dbpatterns: usage: dbpatterns %s\n", usage);
		return -1;
	}
	return 0;
}

/* --format shapes tables (and show's JSON); a command that prints a
 * report says so rather than print text where JSON or CSV was asked for. */
static int format_fits(const struct cli_opts *o, int argc, char **argv)
{
	const char *cmd = argv[0];
	int table = !strcmp(cmd, "list") || !strcmp(cmd, "tables") || !strcmp(cmd, "bench") ||
		    (!strcmp(cmd, "check-lessons") && o->live) ||
		    (!strcmp(cmd, "migrate") && argc > 2 && !strcmp(argv[2], "status")) ||
		    (!strcmp(cmd, "demo") && argc <= 2) || (!strcmp(cmd, "show") && o->format == FORMAT_JSON);

	if ((o->history || o->compare) && strcmp(cmd, "bench")) {
		fprintf(stderr, "dbpatterns: --%s goes with bench (try --help)\n", o->history ? "history" : "compare");
		return 0;
	}
	if (o->history && o->compare) {
		fprintf(stderr, "dbpatterns: bench takes --history or --compare, not both (try --help)\n");
		return 0;
	}
	table = table && !o->compare;
	if (o->format == FORMAT_TEXT || table)
		return 1;
	fprintf(stderr, "dbpatterns: %s prints a report, not a table: --format %s goes with list,%s tables, "
		"migrate L status, bench (not --compare), demo L and check-lessons --live (try --help)\n", cmd,
		o->format == FORMAT_JSON ? "json" : "csv", o->format == FORMAT_JSON ? " show," : "");
	return 0;
}

static int with_lessons(struct cli_opts *o, int argc, char **argv)
{
	const char *cmd = argv[0];
	struct lesson_set set = { 0 }, chosen = { 0 };
	int rc = EXIT_USAGE, all_ok = strcmp(cmd, "provision") == 0 || strcmp(cmd, "teardown") == 0 ||
					strcmp(cmd, "bench") == 0;

	if (!format_fits(o, argc, argv))
		return EXIT_USAGE;
	if (load_lessons(o, &set) != 0)
		return EXIT_FAIL;
	if (!strcmp(cmd, "list"))
		rc = cmd_list(o, &set);
	else if (o->history && argc < 2)
		rc = cli_history(o, NULL);
	else if (o->compare && argc < 2)
		need_args(argc, 2, "bench --compare L"); /* rc stays EXIT_USAGE */
	else if (need_args(argc, 2, all_ok ? "COMMAND L|all" : "COMMAND L") != 0)
		rc = EXIT_USAGE;
	else if (pick(&set, argv[1], all_ok, &chosen) != 0)
		rc = EXIT_FAIL;
	else if (!strcmp(cmd, "show"))
		rc = cmd_show(o, chosen.v[0]);
	else if (!strcmp(cmd, "provision"))
		rc = cmd_provision(o, &chosen, &set);
	else if (!strcmp(cmd, "teardown"))
		rc = cmd_teardown(o, &chosen);
	else if (!strcmp(cmd, "tables"))
		rc = cmd_tables(o, chosen.v[0]);
	else if (!strcmp(cmd, "migrate"))
		rc = cmd_migrate(o, chosen.v[0], argc > 2 ? argv[2] : "up");
	else if (!strcmp(cmd, "bench") && (o->history || o->compare))
		rc = chosen.n != 1 ? cli_fail("--%s takes one lesson, not all (or none, for --history)",
					      o->history ? "history" : "compare")
			: o->history ? cli_history(o, chosen.v[0]) : cli_compare(o, chosen.v[0]);
	else if (!strcmp(cmd, "bench"))
		rc = cmd_bench(o, &chosen);
	else if (!strcmp(cmd, "demo"))
		rc = cmd_demo(o, chosen.v[0], argc > 2 ? argv[2] : NULL);
	else if (!strcmp(cmd, "tour"))
		rc = cli_tour(chosen.v[0]);
	free(chosen.v);
	lesson_set_free(&set);
	return rc;
}

static int run_command(struct cli_opts *o, int argc, char **argv)
{
	static const char *const with[] = { "list", "show", "provision", "teardown", "tables", "migrate",
					     "bench", "demo", "tour" };

	if (o->live && strcmp(argv[0], "check-lessons")) {
		fprintf(stderr, "dbpatterns: --live goes with check-lessons, not %s (try --help)\n", argv[0]);
		return EXIT_USAGE;
	}
	if ((o->class_name || o->own_database) && strcmp(argv[0], "class")) {
		fprintf(stderr, "dbpatterns: --%s goes with class (try --help)\n", o->class_name ? "class" : "own-database");
		return EXIT_USAGE;
	}
	if (o->output_dir && strcmp(argv[0], "report")) {
		fprintf(stderr, "dbpatterns: --output goes with report (try --help)\n");
		return EXIT_USAGE;
	}
	if (!strcmp(argv[0], "class"))
		return cli_class(o, argc, argv);
	if (!strcmp(argv[0], "report"))
		return argc > 1 ? (fprintf(stderr, "dbpatterns: usage: dbpatterns report [--output DIR]\n"), EXIT_USAGE)
			: o->format != FORMAT_TEXT ? (fprintf(stderr, "dbpatterns: report writes Markdown and SVG "
							      "files: --format does not go with it (try --help)\n"), EXIT_USAGE)
			: cli_report(o);
	if (!strcmp(argv[0], "check-lessons"))
		return argc > 2 ? (fprintf(stderr, "dbpatterns: usage: dbpatterns check-lessons [--live] [DIR]\n"),
				   EXIT_USAGE)
			: !format_fits(o, argc, argv) ? EXIT_USAGE : cmd_check(o, argc > 1 ? argv[1] : NULL);
	for (size_t i = 0; i < DBP_ARRAY_LEN(with); i++)
		if (!strcmp(argv[0], with[i]))
			return with_lessons(o, argc, argv);
	if (!strcmp(argv[0], "workspaces"))
		return cli_workspaces(o, argc, argv);
	fprintf(stderr, "dbpatterns: unknown command \"%s\" (try --help)\n", argv[0]);
	return EXIT_USAGE;
}

/* 128 + SIGINT, as shells report a command stopped by Ctrl-C. */
int cli_run(struct cli_opts *o, int argc, char **argv)
{
	int rc;

	interrupt_install();
	setlocale(LC_CTYPE, ""); /* display widths (wcwidth) and the marks text output uses */
	rc = run_command(o, argc, argv);
	if (interrupt_requested()) {
		fprintf(stderr, "dbpatterns: stopped by %s\n", interrupt_requested() == SIGINT ? "Ctrl-C (SIGINT)"
			: "SIGTERM");
		return 128 + interrupt_requested();
	}
	return rc;
}
