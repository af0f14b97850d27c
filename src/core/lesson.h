/* lesson: a lesson directory loaded into memory and validated.  The format
 * is documented in man/dbpatterns-lessons.5; in short, lesson.ini names the
 * databases, schemas and applications, each application has a directory of
 * versioned migrations, workloads are annotated SQL files, and the
 * narrative lives in text files. */
#ifndef DBP_LESSON_H
#define DBP_LESSON_H

#include "backend.h"
#include "util.h"

struct lesson_db {
	char *name, *title; /* inih skips empty sections: title makes one */
	struct strlist schemas;
};

struct migration {
	int version;
	char *name;
	char *path_up, *path_down;             /* either engine */
	char *path_up_pg, *path_down_pg;       /* PostgreSQL only */
	char *path_up_sqlite, *path_down_sqlite;
	/* The up SQL's checksum per engine (index: enum dbp_engine), read
	 * once at load, so showing the status reads no file. */
	char checksum[2][17];
};

struct lesson_app {
	char *name, *title, *database, *schema; /* schema NULL: the default one */
	char *migrations_dir;
	int provision_to; /* migrations applied by "provision"; -1: all */
	struct migration *migrations;
	size_t nmigrations;
};

enum wl_mode { WL_ONCE, WL_EACH, WL_IN };

struct wl_step {
	char *app;
	enum wl_mode mode;
	char *sql;
	int line;
};

struct workload {
	char *name, *title, *file;
	int expect_error; /* bits 1 << engine: there, the engine's refusal is the lesson */
	int reps;         /* at most this many timed runs, wherever it is timed; 0: no cap */
	struct wl_step *steps;
	size_t nsteps;
};

/* A value the lesson may give once for both engines ("factor") or per
 * engine ("factor.sqlite", "factor.postgres"); the engine's own wins. */
struct claim_value {
	char *any, *sqlite, *postgres;
};
const char *claim_value_for(const struct claim_value *v, enum dbp_engine engine);

/* A demonstration beyond SQL: a database taken offline, a role that
 * reaches one database and not another, a migration waiting for its
 * lock while lookups go on (lock_queue.h), N tenants held three ways
 * (tenants.h), money moved between two databases (transfer.h), or users
 * spread over shards (shards_demo.h). */
enum demo_kind { DEMO_OFFLINE, DEMO_ROLE, DEMO_LOCK_QUEUE, DEMO_TENANTS, DEMO_TRANSFER, DEMO_SHARDS };

struct lesson_demo {
	char *name, *title, *text_file;
	enum demo_kind kind;
	char *database; /* offline: the database taken away */
	char *app;      /* role: the app whose database the role may reach;
			 * lock_queue: the app whose sessions take part */
	char *probe;    /* SQL each app (offline), the role (role) or the
			 * timed lookups (lock_queue) run */
	struct claim_value hold;  /* lock_queue: what the open transaction runs first */
	struct claim_value alter; /* lock_queue: the migration, always rolled back */
	int no_transaction;       /* lock_queue: alter runs alone (CONCURRENTLY), */
	struct claim_value undo;  /* and undo takes away what it left, before and after */
	int engines;              /* bit 1 << engine; 0: both */
	struct strlist app_probes; /* "APP\tSQL": probe_APP = SQL overrides */
	/* shards (shards.h): the table each shard holds (a file of SQL run in
	 * every shard's database), how it is filled, and the questions asked
	 * besides the probe (the lookup by key, {{key}} in its text). */
	char *shard_schema;
	struct claim_value fill;
	char *fanout, *join;
};

/* 1 unless the demo says (engine = ...) it runs on the other engine only. */
int demo_runs_on(const struct lesson_demo *d, enum dbp_engine engine);
/* "offline", "role", "lock_queue", "tenants", "transfer" or "shards", as
 * lesson.ini writes it. */
const char *demo_kind_name(enum demo_kind k);
/* The probe an application runs in a demo (NULL: none). */
const char *demo_probe_for(const struct lesson_demo *d, const char *app);

struct lesson_step {
	char *title, *text_file, *action;
};

/* A claim the lesson's text makes, as data a check can test on the live
 * engine (claims.h evaluates it; the format is in dbpatterns-lessons(5)). */
enum claim_check { CLAIM_SAME_ROWS, CLAIM_SLOWER, CLAIM_FAILS, CLAIM_ROWS, CLAIM_PLAN, CLAIM_MIGRATES,
		   CLAIM_POOLED, CLAIM_DIFFER, CLAIM_DEMO };

/* The connecting role a claim needs (requires =): what a superuser sees
 * differs from what policies show every other role.  Or the server
 * setting it needs: prepared transactions allowed
 * (max_prepared_transactions above 0). */
enum claim_role { CLAIM_ANY_ROLE, CLAIM_SUPERUSER, CLAIM_NOT_SUPERUSER, CLAIM_PREPARED_XACTS };


/* What one side of a claim runs: a workload, optionally with one app
 * migrated to a version first (app NULL: as the lesson stands). */
struct claim_side {
	char *workload;
	char *app;
	int version;
};

struct lesson_claim {
	char *name;
	int line;             /* lesson.ini line of its first key */
	int check;            /* enum claim_check; -1 until given */
	int engines;          /* bit 1 << engine; 0 until given: both */
	int reps;             /* timed runs; 0: the configured number */
	int requires;         /* enum claim_role: the connecting role it needs */
	struct claim_side side, versus;
	struct claim_side migration; /* fails/migrates: the app's migration to try */
	char *demo, *measure;        /* demo: the demo run; a lock_queue one's figure judged */
	struct claim_value text, factor, rows, sqlstate, message, plan_has, plan_lacks;
	/* demo: a report line holding this says the claim's premise does not
	 * hold here (lesson 11's one server, with --shard given): skipped. */
	struct claim_value skip_when;
	/* pooled: client A (clients[0]) runs first, then client B (clients[1])
	 * runs then through the same pooler (SQLite: the same handle), as
	 * roles of their own when tenant_roles; B may connect with options. */
	char *clients[2];
	int tenant_roles;
	struct claim_value first, then, answer, options;
};

/* 1 when the workload is meant to fail on that engine. */
int workload_expects_error(const struct workload *w, enum dbp_engine engine);
/* 1 when the step is SET or RESET (after comments): it changes its
 * session and has no plan of its own. */
int wl_step_sets_session(const struct wl_step *s);
/* 1 when any step of w is such a step. */
int workload_sets_session(const struct workload *w);

/* 1 when the claim is made on that engine. */
int claim_applies(const struct lesson_claim *c, enum dbp_engine engine);
const char *claim_check_name(int check);

/* A tour: a scripted walk through the lesson for an instructor's demo.
 * Each stop performs the screen's own actions, in order, and shows the
 * sentence to say there (per engine, like a claim's text).  The same
 * stops replay the same way every time: a tour is data. */
enum tour_verb { TOUR_PANE, TOUR_PROVISION, TOUR_APP, TOUR_MIGRATE, TOUR_ROLLBACK, TOUR_TIMINGS,
		 TOUR_WORKLOADS, TOUR_DEMO, TOUR_SQL };

struct tour_action {
	enum tour_verb verb;
	char *arg; /* the pane, app or demo it names; NULL where it names none */
};

struct tour_stop {
	int line;                /* lesson.ini line of its first key */
	struct claim_value say;  /* the sentence; say, say.sqlite, say.postgres */
	struct tour_action *actions;
	size_t nactions;
	char *statement;         /* what "sql APP" runs in the console */
	struct claim_value show; /* the text the focused pane is brought to */
};

struct lesson {
	int number;
	char *slug, *title, *summary, *dir, *intro_file;
	struct lesson_db *dbs;
	size_t ndbs;
	struct lesson_app *apps;
	size_t napps;
	struct workload *workloads;
	size_t nworkloads;
	struct lesson_step *steps;
	size_t nsteps;
	struct lesson_demo *demos;
	size_t ndemos;
	/* Narrative files read once at load: names and texts, same order. */
	struct strlist text_files, texts;
	struct lesson_claim *claims;
	size_t nclaims;
	char *tour_title;        /* [tour] title; NULL: none given */
	int tour_line;           /* where [tour] is, for its messages */
	struct tour_stop *stops; /* [stop N], in order */
	size_t nstops;
};

struct lesson_set {
	struct lesson **v;
	size_t n;
};

struct lesson *lesson_load(const char *dir, struct dbp_error *e);
void lesson_free(struct lesson *l);
/* Every subdirectory with a lesson.ini, ordered by number.  Stops at the
 * first broken lesson (its error says file:line). */
int lessons_load_dir(const char *dir, struct lesson_set *set, struct dbp_error *e);
/* Check every lesson and report all problems, one per line, in out. */
int lessons_check_dir(const char *dir, struct strbuf *out);
void lesson_set_free(struct lesson_set *set);
/* By number ("3") or slug ("one-db-many-apps"). */
struct lesson *lesson_find(const struct lesson_set *set, const char *key);

const struct lesson_app *lesson_app_find(const struct lesson *l, const char *name);
const struct lesson_db *lesson_db_find(const struct lesson *l, const char *name);
const struct lesson_demo *lesson_demo_find(const struct lesson *l, const char *name);
const struct workload *lesson_workload_find(const struct lesson *l, const char *name);

/* lesson_claims.c, for the loader: one key of a [claim NAME] section (line:
 * where it is, for later messages); the claims checked against the
 * lesson's workloads and apps once the file is read; freeing them. */
int claim_pair(struct lesson *l, const char *name, int line, const char *key, const char *value,
	       struct dbp_error *e);
int lesson_check_claims(const struct lesson *l, struct dbp_error *e);
void lesson_claims_free(struct lesson *l);
/* lesson_tour.c, for the loader: one key of [tour] or of a [stop N]
 * section; the stops checked against the lesson's apps and demos once the
 * file is read; freeing them. */
int tour_pair(struct lesson *l, int line, const char *key, const char *value, struct dbp_error *e);
int stop_pair(struct lesson *l, const char *name, int line, const char *key, const char *value,
	      struct dbp_error *e);
int lesson_check_tour(const struct lesson *l, struct dbp_error *e);
void lesson_tour_free(struct lesson *l);
/* An action as lesson.ini writes it ("pane tables", "provision"): for
 * the CLI's listing and the screen's messages.  The pane names a tour
 * may use are tour_panes[], in the screen's tab order. */
char *tour_action_text(const struct tour_action *a);
extern const char *const tour_panes[6];

/* The SQL of one direction of a migration for an engine, read from disk. */
char *migration_sql(const struct migration *m, enum dbp_engine engine, int up,
		    struct dbp_error *e);
/* A narrative file's text, as read at load (NULL when absent). */
char *lesson_text(const struct lesson *l, const char *file, struct dbp_error *e);

#endif
