/* pooler: a PgBouncer of our own, for the lesson on what a transaction
 * pooler does to session state.  It runs the installed binary on a free
 * loopback port from a config written into a private directory (0700,
 * files 0600: the auth file holds passwords), in transaction mode with
 * one server connection per database and role, so two clients in a row
 * get the same server session every time.  pooler_stop always ends the
 * process and removes the directory; a watchdog does both if we are
 * killed first. */
#ifndef DBP_POOLER_H
#define DBP_POOLER_H

#include "util.h"

/* A login the pooler accepts from clients and passes on to the server. */
struct pooler_login {
	const char *user, *password; /* password NULL: the server asks none */
};

struct pooler_setup {
	const char *parent;   /* the private directory is made inside it */
	const char *host;     /* the server's host or socket directory; NULL: local socket */
	const char *port;     /* the server's port */
	const char *dbname;   /* the database clients reach (under the same name) */
	const struct pooler_login *logins;
	size_t nlogins;
};

struct pooler;

/* The binary to run: $DBPATTERNS_PGBOUNCER when set, else pgbouncer on
 * PATH or in /usr/sbin.  NULL (why in e, naming the Debian package) when
 * there is none. */
char *pooler_binary(struct dbp_error *e);
/* Start it and wait (bounded) until it accepts connections; NULL with e
 * (the pooler's own last words when it gave up) on failure, nothing left
 * running. */
struct pooler *pooler_start(const struct pooler_setup *s, struct dbp_error *e);
int pooler_port(const struct pooler *p);
/* The process id, for the screen and for tests that look for strays. */
long pooler_pid(const struct pooler *p);
/* End the process (SIGTERM, then SIGKILL if it lingers), wait for it, and
 * remove its directory.  NULL is fine. */
void pooler_stop(struct pooler *p);

#endif
