/* classroom: a class of students on one PostgreSQL server, set up and
 * removed by the instructor.  `class create` makes N login roles (each
 * with CREATEDB, or, where students may not create databases, each with
 * a database of its own) and hands back their connection strings;
 * `class drop` removes them again.  Every role and database it makes
 * carries the class marker (below) as its COMMENT, and drop touches only
 * what carries it; a student who still owns anything else (a dbpatterns
 * workspace, a table) stops the drop before anything changes. */
#ifndef DBP_CLASSROOM_H
#define DBP_CLASSROOM_H

#include "config.h"

/* "dbpatterns-class:<class>\nby=<instructor>\nat=<when>": not a
 * workspace's marker (ownership.h), so neither is taken for the other. */
#define DBP_CLASS_MARKER_PREFIX "dbpatterns-class:"
#define CLASS_DEFAULT_NAME "class"
#define CLASS_MAX_STUDENTS 500
/* A student's role is also their prefix (at most 40 bytes): the class
 * name, "_s" and three digits fit. */
#define CLASS_NAME_MAX 35

struct class_setup {
	const char *name;
	int students;     /* create: how many */
	int own_database; /* a database per student, no CREATEDB */
	int dry_run;      /* the SQL only, nothing changed */
};

struct class_student {
	char *role;
	char *database; /* where the student connects */
	char *password; /* NULL in a dry run */
	char *conninfo; /* with the password: for the instructor's eyes only */
	char *command;  /* the dbpatterns command line the student runs */
};

struct class_roster {
	struct class_student *v;
	size_t n;
};

/* The instructor's connection to the server. */
struct classroom {
	const struct dbp_backend_ops *ops;
	struct dbp_server *srv;
	struct dbp_conn *c;
};

/* PostgreSQL only: SQLite has no roles. */
int classroom_open(struct classroom *cr, const struct dbp_config *cfg, struct dbp_error *e);
void classroom_close(struct classroom *cr);
/* Lower-case letters, digits and _, a letter first, not pg_, at most CLASS_NAME_MAX. */
int class_name_check(const char *name, struct dbp_error *e);

/* Make the class; sql receives every statement (passwords never: a role's
 * password is sent as its verifier, and shown as "..."). */
int class_create(struct classroom *cr, const struct class_setup *s, struct class_roster *out,
		 struct strbuf *sql, struct dbp_error *e);
/* Remove the class's databases, then its roles; log says what went.
 * Nothing is dropped while any student still owns something else. */
int class_drop(struct classroom *cr, const struct class_setup *s, struct strbuf *sql,
	       struct strbuf *log, struct dbp_error *e);
void class_roster_free(struct class_roster *r);

#endif
