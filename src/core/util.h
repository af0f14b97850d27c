/* util: small pieces every module needs: checked allocation, a growable
 * string buffer, a string list, error values, monotonic time, and the
 * sanitiser that keeps engine text from carrying escape sequences to a
 * terminal. */
#ifndef DBP_UTIL_H
#define DBP_UTIL_H

#include <stddef.h>
#include <stdarg.h>

#define DBP_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A recoverable error: a message for the user and, where the engine gave
 * one, its SQLSTATE.  Engine messages are kept verbatim. */
struct dbp_error {
	char sqlstate[6];
	char msg[2048];
};

void err_clear(struct dbp_error *e);
int err_set(struct dbp_error *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Put a context phrase before the existing message ("provision: ..."). */
int err_prefix(struct dbp_error *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

struct strbuf {
	char *s;
	size_t len, cap;
};
void sb_init(struct strbuf *b);
void sb_add(struct strbuf *b, const char *s);
void sb_addn(struct strbuf *b, const char *s, size_t n);
void sb_addf(struct strbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_vaddf(struct strbuf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
char *sb_steal(struct strbuf *b);
void sb_free(struct strbuf *b);

struct strlist {
	char **v;
	size_t n, cap;
};
void sl_push(struct strlist *l, const char *s);
void sl_push_owned(struct strlist *l, char *s);
int sl_contains(const struct strlist *l, const char *s);
void sl_free(struct strlist *l);
/* Split on ASCII white space into a list. */
void sl_split_words(struct strlist *l, const char *s);

/* Milliseconds on CLOCK_MONOTONIC. */
double now_ms(void);
void sleep_ms(long ms);

/* A copy with control characters (C0, DEL, C1) replaced by '?', except
 * newline and tab when keep_newlines is set. */
char *sanitize_text(const char *s, int keep_newlines);
/* xvasprintf, then sanitize_text(..., 1): a message that names what an
 * engine or a user holds. */
char *xvasprintf_clean(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* How many bytes of s, at most max, end on a UTF-8 character boundary:
 * for cutting text without leaving half a character. */
size_t utf8_prefix_len(const char *s, size_t max);

/* Whole file into memory (NUL-terminated).  Refuses non-regular files, so
 * a FIFO or device cannot hang us. */
char *read_text_file(const char *path, size_t max_bytes, struct dbp_error *e);

/* Join dir and name with one slash. */
char *path_join(const char *dir, const char *name);
/* Whether path is dir or below it, comparing whole components.  Both must
 * already be resolved (realpath): this does not look at the disk. */
int path_is_inside(const char *path, const char *dir);
int is_directory(const char *path);
int is_regular_file(const char *path);
/* mkdir -p with mode 0700 for the parts it creates; refuses "". */
int make_dirs(const char *path, struct dbp_error *e);

/* 64-bit FNV-1a as 16 hex digits into out[17]. */
void checksum_hex(const char *data, char out[17]);

/* len random letters and digits (no look-alikes) and a NUL into out,
 * from /dev/urandom; len is at most 64. */
int random_password(char *out, size_t len, struct dbp_error *e);

/* [a-z][a-z0-9_]* and at most max bytes. */
int is_simple_name(const char *s, size_t max);

#endif
