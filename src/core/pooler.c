/* pooler: see pooler.h.  PgBouncer refuses to run as root ("PgBouncer
 * should not run as root"); as root we ask it to switch to the postgres
 * user (or nobody) with -u and hand that user the private directory. */
#include "pooler.h"
#include "interrupt.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define START_BOUND_MS 20000 /* a loaded machine may take seconds */
#define STOP_BOUND_MS 5000

struct pooler {
	pid_t pid;
	int port;
	char *dir;
};

static char *executable_in(const char *dir, const char *name)
{
	char *p = path_join(dir, name);

	if (is_regular_file(p) && access(p, X_OK) == 0)
		return p;
	free(p);
	return NULL;
}

char *pooler_binary(struct dbp_error *e)
{
	const char *given = getenv("DBPATTERNS_PGBOUNCER"), *path = getenv("PATH");
	char *found = NULL, *dirs = xasprintf("%s:/usr/sbin", path ? path : "/usr/bin:/bin");

	if (given && *given) {
		free(dirs);
		if (is_regular_file(given) && access(given, X_OK) == 0)
			return xstrdup(given);
		err_set(e, "DBPATTERNS_PGBOUNCER names %s, which is not a program that can be run (PgBouncer "
			"is in the Debian package pgbouncer)", given);
		return NULL;
	}
	for (char *d = strtok(dirs, ":"); d && !found; d = strtok(NULL, ":"))
		found = executable_in(d, "pgbouncer");
	free(dirs);
	if (!found)
		err_set(e, "PgBouncer is not installed (Debian package pgbouncer): this lesson starts one of "
			"its own to show what a pooler does");
	return found;
}

/* A loopback port nobody listens on now; PgBouncer binds it moments later. */
static int free_port(struct dbp_error *e)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), port = -1;

	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port > 0 ? port : err_set(e, "no free loopback port for the pooler: %s", strerror(errno));
}

static int accepts(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;

	if (fd >= 0)
		close(fd);
	return ok;
}

/* Who PgBouncer runs as when we are root: NULL when we are not. */
static const struct passwd *run_as(void)
{
	const struct passwd *pw;

	if (geteuid() != 0)
		return NULL;
	pw = getpwnam("postgres");
	return pw ? pw : getpwnam("nobody");
}

static int write_private(const char *dir, const char *name, const char *text, struct dbp_error *e)
{
	char *path = path_join(dir, name);
	const struct passwd *pw = run_as();
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600), rc = 0;
	size_t len = strlen(text);

	if (fd < 0 || write(fd, text, len) != (ssize_t)len || (pw && fchown(fd, pw->pw_uid, pw->pw_gid)))
		rc = err_set(e, "cannot write %s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	free(path);
	return rc;
}

/* Names go into the config bare: only what needs no quoting there. */
static int plain_word(const char *s)
{
	return *s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-./") == strlen(s);
}

/* The auth file: "user" "password", a quote inside doubled. */
static void auth_quoted(struct strbuf *b, const char *s)
{
	sb_add(b, "\"");
	for (; *s; s++)
		sb_add(b, *s == '"' ? "\"\"" : (char[]){ *s, 0 });
	sb_add(b, "\" ");
}

static int write_config(const struct pooler *p, const struct pooler_setup *s, struct dbp_error *e)
{
	struct strbuf ini, auth;
	int with_passwords = 1, rc;

	if (!plain_word(s->dbname) || (s->host && !plain_word(s->host)) || !plain_word(s->port))
		return err_set(e, "the pooler cannot name database %s on %s:%s in its config", s->dbname,
			       s->host ? s->host : "(local socket)", s->port);
	sb_init(&ini);
	sb_init(&auth);
	for (size_t i = 0; i < s->nlogins; i++) {
		auth_quoted(&auth, s->logins[i].user);
		auth_quoted(&auth, s->logins[i].password ? s->logins[i].password : "");
		sb_add(&auth, "\n");
		with_passwords &= s->logins[i].password != NULL;
	}
	sb_addf(&ini, "[databases]\n%s = %s%s port=%s dbname=%s\n\n", s->dbname, s->host ? "host=" : "",
		s->host ? s->host : "", s->port, s->dbname);
	/* No unix socket: only this loopback port.  Without passwords the
	 * server trusts the user anyway, so the pooler asks none either. */
	sb_addf(&ini, "[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = %d\nunix_socket_dir =\n"
		"auth_type = %s\nauth_file = %s/users.txt\npool_mode = transaction\n"
		"default_pool_size = 1\n", p->port, with_passwords ? "scram-sha-256" : "trust", p->dir);
	rc = write_private(p->dir, "users.txt", auth.s ? auth.s : "", e);
	if (rc == 0)
		rc = write_private(p->dir, "pgbouncer.ini", ini.s, e);
	sb_free(&ini);
	if (auth.s)
		memset(auth.s, 0, auth.len); /* passwords do not linger in freed memory */
	sb_free(&auth);
	return rc;
}

/* Its log is its stderr, into a file we open: so the log holds even what
 * it says before it reads its config, whoever it runs as. */
static void exec_pgbouncer(const char *binary, const char *config, int log)
{
	const struct passwd *pw = run_as();
	int null = open("/dev/null", O_RDWR);

	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
	}
	if (log >= 0)
		dup2(log, 2);
	if (pw)
		execl(binary, "pgbouncer", "-u", pw->pw_name, config, (char *)NULL);
	else
		execl(binary, "pgbouncer", config, (char *)NULL);
	_exit(127);
}

/* The private directory and what we wrote there (the auth file holds
 * passwords): removed by whoever ends PgBouncer. */
static void remove_dir(const char *dir)
{
	static const char *const files[] = { "pgbouncer.ini", "users.txt", "pgbouncer.log" };

	for (size_t i = 0; i < DBP_ARRAY_LEN(files); i++) {
		char *f = path_join(dir, files[i]);

		unlink(f);
		free(f);
	}
	rmdir(dir);
}

/* SIGTERM is PgBouncer's fast exit; one that lingers past the bound is killed. */
static void end_pgbouncer(pid_t pid, int *status)
{
	double until = now_ms() + STOP_BOUND_MS / 2;

	kill(pid, SIGTERM);
	while (waitpid(pid, status, WNOHANG) == 0) {
		if (now_ms() > until) {
			kill(pid, SIGKILL);
			waitpid(pid, status, 0);
			return;
		}
		sleep_ms(20);
	}
}

/* The child we start is a watchdog that starts PgBouncer and ends it
 * when told to (SIGTERM) or when we die, even by SIGKILL: the kernel's
 * parent-death signal reaches the watchdog, which keeps its credentials,
 * whereas PgBouncer's own -u switch would clear that signal.  It exits
 * with PgBouncer, so an early exit is seen as the watchdog's.  When we
 * died, it removes the private directory too. */
static void watchdog(pid_t parent, const char *dir, const char *binary, const char *config, int log)
{
	sigset_t wanted, old;
	pid_t pid;
	int sig = 0, status = 0;

	sigemptyset(&wanted);
	sigaddset(&wanted, SIGTERM);
	sigaddset(&wanted, SIGCHLD);
	sigprocmask(SIG_BLOCK, &wanted, &old);
	signal(SIGINT, SIG_IGN); /* Ctrl-C is for dbpatterns, which then stops us */
	signal(SIGCHLD, SIG_DFL); /* an ignored SIGCHLD would never reach sigwait */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent) { /* it died before the signal was armed */
		remove_dir(dir);
		_exit(1);
	}
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		sigprocmask(SIG_SETMASK, &old, NULL);
		exec_pgbouncer(binary, config, log);
	}
	while (pid > 0 && sigwait(&wanted, &sig) == 0)
		if (sig == SIGTERM || waitpid(pid, &status, WNOHANG) == pid)
			break;
	if (pid > 0 && sig == SIGTERM)
		end_pgbouncer(pid, &status);
	if (getppid() != parent)
		remove_dir(dir); /* no one else is left to do it */
	_exit(pid > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}

/* The pooler's last words from its log, for the message when it failed. */
static char *last_words(const struct pooler *p)
{
	char *path = path_join(p->dir, "pgbouncer.log"), *text = read_text_file(path, 1 << 20, NULL);
	char *line = NULL, *end;

	free(path);
	if (!text)
		return xstrdup("no log written");
	end = text + strlen(text);
	while (end > text && (end[-1] == '\n' || end[-1] == ' '))
		*--end = '\0';
	line = strrchr(text, '\n');
	line = sanitize_text(line ? line + 1 : text, 0);
	free(text);
	return line;
}


/* Until it listens (1), it has exited or we were interrupted (0). */
static int wait_ready(struct pooler *p, struct dbp_error *e)
{
	double until = now_ms() + START_BOUND_MS;
	int status;

	while (now_ms() < until && !interrupt_requested()) {
		if (waitpid(p->pid, &status, WNOHANG) == p->pid) {
			char *words = last_words(p);

			p->pid = 0;
			err_set(e, "PgBouncer stopped as it started: %s", words);
			free(words);
			return 0;
		}
		if (accepts(p->port))
			return 1;
		sleep_ms(50);
	}
	err_set(e, interrupt_requested() ? "interrupted while PgBouncer started"
					  : "PgBouncer did not accept connections within %d s", START_BOUND_MS / 1000);
	return 0;
}

static int open_log(const struct pooler *p)
{
	char *path = path_join(p->dir, "pgbouncer.log");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	free(path);
	return fd;
}

static int make_private_dir(struct pooler *p, const char *parent, struct dbp_error *e)
{
	const struct passwd *pw = run_as();

	if (make_dirs(parent, e) != 0)
		return -1;
	p->dir = path_join(parent, "pooler.XXXXXX");
	if (!mkdtemp(p->dir))
		return err_set(e, "cannot make a directory for the pooler in %s: %s", parent, strerror(errno));
	if (pw && chown(p->dir, pw->pw_uid, pw->pw_gid) != 0)
		return err_set(e, "cannot hand %s to user %s: %s", p->dir, pw->pw_name, strerror(errno));
	return 0;
}

struct pooler *pooler_start(const struct pooler_setup *s, struct dbp_error *e)
{
	struct pooler *p = xcalloc(1, sizeof *p);
	char *binary = pooler_binary(e), *config = NULL;
	pid_t parent;
	int log;

	if (!binary || (p->port = free_port(e)) < 0 || make_private_dir(p, s->parent, e) != 0 ||
	    write_config(p, s, e) != 0)
		goto fail;
	config = path_join(p->dir, "pgbouncer.ini");
	log = open_log(p);
	parent = getpid();
	p->pid = fork();
	if (p->pid == 0)
		watchdog(parent, p->dir, binary, config, log);
	if (log >= 0)
		close(log);
	if (p->pid < 0) {
		p->pid = 0;
		err_set(e, "cannot start PgBouncer: %s", strerror(errno));
		goto fail;
	}
	if (!wait_ready(p, e))
		goto fail;
	free(binary);
	free(config);
	return p;
fail:
	free(binary);
	free(config);
	pooler_stop(p);
	return NULL;
}

int pooler_port(const struct pooler *p) { return p->port; }
long pooler_pid(const struct pooler *p) { return (long)p->pid; }

void pooler_stop(struct pooler *p)
{
	double until = now_ms() + STOP_BOUND_MS;
	int status, reaped = 0;

	if (!p)
		return;
	if (p->pid > 0) {
		kill(p->pid, SIGTERM); /* the watchdog ends PgBouncer, then itself */
		while (!(reaped = waitpid(p->pid, &status, WNOHANG) == p->pid) && now_ms() < until)
			sleep_ms(20);
		if (!reaped) {
			kill(p->pid, SIGKILL);
			waitpid(p->pid, &status, 0);
		}
	}
	if (p->dir)
		remove_dir(p->dir);
	free(p->dir);
	free(p);
}
