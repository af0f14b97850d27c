/* ini_file: the one way we read INI files (lessons and config) with the
 * system inih.  inih r55 cuts lines at 200 bytes and hands the tail of a long
 * line back as a new line, keeps going after an error, and treats an
 * indented line as a continuation.  So we read the file ourselves first,
 * refuse those shapes with file:line, then give inih a reader that counts
 * lines so every message our handlers produce carries one too. */
#ifndef DBP_INI_FILE_H
#define DBP_INI_FILE_H

#include "util.h"

#define DBP_INI_MAX_LINE 198 /* bytes before the newline: inih reads 200 with it and the NUL */

struct ini_ctx;
/* Return 0 to accept the pair; else fill e (the position is added). */
typedef int (*ini_pair_fn)(struct ini_ctx *ctx, const char *section,
			   const char *key, const char *value, struct dbp_error *e);

struct ini_ctx {
	const char *path;
	int line;           /* line the handler is looking at */
	void *user;
	ini_pair_fn pair;
	struct strlist seen; /* "section\nkey" pairs already given */
	struct dbp_error err;
	int failed;
};

/* 0 on success; -1 with "path:line: message" in e.  Nothing half-read is
 * usable after a failure: callers must discard what the handler built. */
int ini_file_load(const char *path, ini_pair_fn pair, void *user, struct dbp_error *e);
/* Same over text already in memory (tests, embedded defaults). */
int ini_text_load(const char *name, const char *text, ini_pair_fn pair, void *user,
		  struct dbp_error *e);

/* Value helpers: 0 ok, -1 with a message. */
int ini_parse_int(const char *value, long min, long max, long *out, struct dbp_error *e);
int ini_parse_bool(const char *value, int *out, struct dbp_error *e);

#endif
