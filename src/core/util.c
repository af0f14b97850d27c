/* util: see util.h. */
#include "util.h"
#include "redact.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void err_clear(struct dbp_error *e)
{
	if (!e)
		return;
	e->sqlstate[0] = '\0';
	e->msg[0] = '\0';
}

int err_set(struct dbp_error *e, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	e->sqlstate[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	/* Messages may quote a connection string: never show its password. */
	redact_in_place(e->msg, sizeof e->msg);
	return -1;
}

int err_prefix(struct dbp_error *e, const char *fmt, ...)
{
	char head[512], old[sizeof e->msg];
	va_list ap;

	if (!e)
		return -1;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof old);
	/* Built by hand: a long engine message may be cut, never overrun. */
	e->msg[0] = '\0';
	strncat(e->msg, head, sizeof e->msg - 1);
	strncat(e->msg, ": ", sizeof e->msg - 1 - strlen(e->msg));
	strncat(e->msg, old, sizeof e->msg - 1 - strlen(e->msg));
	redact_in_place(e->msg, sizeof e->msg);
	return -1;
}

static void *check_alloc(void *p)
{
	if (!p) {
		fputs("dbpatterns: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *xmalloc(size_t n) { return check_alloc(malloc(n ? n : 1)); }
void *xcalloc(size_t n, size_t size) { return check_alloc(calloc(n ? n : 1, size ? size : 1)); }
void *xrealloc(void *p, size_t n) { return check_alloc(realloc(p, n ? n : 1)); }
char *xstrdup(const char *s) { return check_alloc(strdup(s ? s : "")); }
char *xstrndup(const char *s, size_t n) { return check_alloc(strndup(s, n)); }

char *xvasprintf(const char *fmt, va_list ap)
{
	struct strbuf b;

	sb_init(&b);
	sb_vaddf(&b, fmt, ap);
	return sb_steal(&b);
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void sb_init(struct strbuf *b)
{
	b->s = NULL;
	b->len = b->cap = 0;
}

static void sb_grow(struct strbuf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	while (b->len + extra + 1 > b->cap)
		b->cap = b->cap ? b->cap * 2 : 64;
	b->s = xrealloc(b->s, b->cap);
}

void sb_addn(struct strbuf *b, const char *s, size_t n)
{
	sb_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sb_add(struct strbuf *b, const char *s) { sb_addn(b, s, strlen(s)); }

void sb_vaddf(struct strbuf *b, const char *fmt, va_list ap)
{
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return;
	sb_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void sb_addf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(b, fmt, ap);
	va_end(ap);
}

char *sb_steal(struct strbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	sb_init(b);
	return s;
}

void sb_free(struct strbuf *b)
{
	free(b->s);
	sb_init(b);
}

void sl_push_owned(struct strlist *l, char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = s;
}

void sl_push(struct strlist *l, const char *s) { sl_push_owned(l, xstrdup(s)); }

int sl_contains(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

void sl_free(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

void sl_split_words(struct strlist *l, const char *s)
{
	while (s && *s) {
		size_t n;

		s += strspn(s, " \t,");
		n = strcspn(s, " \t,");
		if (n)
			sl_push_owned(l, xstrndup(s, n));
		s += n;
	}
}

double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

char *sanitize_text(const char *s, int keep_newlines)
{
	char *out = xstrdup(s ? s : "");

	for (unsigned char *p = (unsigned char *)out; *p; p++) {
		if (keep_newlines && (*p == '\n' || *p == '\t'))
			continue;
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
		/* C1 controls arrive in UTF-8 as C2 80..C2 9F. */
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			p[0] = '?';
			p[1] = '?';
			p++;
		}
	}
	return out;
}

char *xvasprintf_clean(const char *fmt, va_list ap)
{
	char *raw = xvasprintf(fmt, ap), *clean = sanitize_text(raw, 1);

	free(raw);
	return clean;
}

size_t utf8_prefix_len(const char *s, size_t max)
{
	size_t n = strnlen(s, max);

	/* A continuation byte right after the cut means the cut is inside a
	 * character: step back to its first byte. */
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

char *read_text_file(const char *path, size_t max_bytes, struct dbp_error *e)
{
	struct stat st;
	struct strbuf b;
	char chunk[8192];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		err_set(e, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		err_set(e, "%s: not a regular file", path);
		return NULL;
	}
	sb_init(&b);
	sb_add(&b, "");
	while ((n = read(fd, chunk, sizeof chunk)) > 0) {
		if (b.len + (size_t)n > max_bytes) {
			close(fd);
			sb_free(&b);
			err_set(e, "%s: larger than %zu bytes", path, max_bytes);
			return NULL;
		}
		sb_addn(&b, chunk, (size_t)n);
	}
	close(fd);
	if (n < 0) {
		sb_free(&b);
		err_set(e, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (strlen(b.s) != b.len) {
		sb_free(&b);
		err_set(e, "%s: contains a NUL byte", path);
		return NULL;
	}
	return sb_steal(&b);
}

char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	if (name[0] == '/')
		return xstrdup(name);
	return xasprintf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

int path_is_inside(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (!n || strncmp(path, dir, n) != 0)
		return 0;
	/* "/a/bc" is not inside "/a/b"; everything is inside "/". */
	return dir[n - 1] == '/' || path[n] == '/' || path[n] == '\0';
}

int is_directory(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int is_regular_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int make_dirs(const char *path, struct dbp_error *e)
{
	char *copy;

	/* The walk below starts after the first byte: "" has none. */
	if (!path || !*path)
		return err_set(e, "an empty path names no directory");
	copy = xstrdup(path);
	for (char *p = copy + 1; ; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
			err_set(e, "cannot create directory %s: %s", copy, strerror(errno));
			free(copy);
			return -1;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	free(copy);
	if (!is_directory(path))
		return err_set(e, "%s is not a directory", path);
	return 0;
}

void checksum_hex(const char *data, char out[17])
{
	uint64_t h = 1469598103934665603ULL;

	for (const unsigned char *p = (const unsigned char *)data; *p; p++) {
		h ^= *p;
		h *= 1099511628211ULL;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

int is_simple_name(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max || s[0] < 'a' || s[0] > 'z')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

int random_password(char *out, size_t len, struct dbp_error *e)
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
	unsigned char raw[128];
	size_t n = 0;
	int fd = len * 2 <= sizeof raw ? open("/dev/urandom", O_RDONLY | O_CLOEXEC) : -1;
	ssize_t got = fd >= 0 ? read(fd, raw, len * 2) : -1;

	if (fd >= 0)
		close(fd);
	if (got != (ssize_t)(len * 2))
		return err_set(e, "cannot read /dev/urandom for a password");
	/* Rejection keeps every character equally likely. */
	for (size_t i = 0; i < len * 2 && n < len; i++)
		if (raw[i] < 256 / (sizeof alphabet - 1) * (sizeof alphabet - 1))
			out[n++] = alphabet[raw[i] % (sizeof alphabet - 1)];
	while (n < len) /* vanishingly rare: pad from the first bytes */
		out[n] = alphabet[raw[n] % (sizeof alphabet - 1)], n++;
	out[n] = '\0';
	return 0;
}
