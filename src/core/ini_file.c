/* ini_file: see ini_file.h. */
#include "ini_file.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct line_reader {
	const char *at;
	struct ini_ctx *ctx;
};

/* Our shapes, checked before inih sees a byte. */
static int precheck(const char *name, const char *text, struct dbp_error *e)
{
	int line = 1;

	for (const char *p = text; *p; line++) {
		size_t n = strcspn(p, "\n");

		if (n > DBP_INI_MAX_LINE)
			return err_set(e, "%s:%d: line is %zu bytes long; at most %d are allowed "
				       "(put long text in a file of its own)", name, line, n, DBP_INI_MAX_LINE);
		if ((p[0] == ' ' || p[0] == '\t') && strspn(p, " \t\r") < n)
			return err_set(e, "%s:%d: indented line: continuation lines are not supported",
				       name, line);
		p += n;
		if (*p == '\n')
			p++;
	}
	return 0;
}

static char *read_line(char *str, int num, void *stream)
{
	struct line_reader *r = stream;
	size_t n;

	if (!*r->at)
		return NULL;
	n = strcspn(r->at, "\n");
	if (r->at[n] == '\n')
		n++;
	if (n >= (size_t)num) /* cannot happen after precheck; stay safe */
		n = (size_t)num - 1;
	memcpy(str, r->at, n);
	str[n] = '\0';
	r->at += n;
	r->ctx->line++;
	return str;
}

static int on_pair(void *user, const char *section, const char *key, const char *value)
{
	struct ini_ctx *ctx = user;
	char *id;

	if (ctx->failed)
		return 0;
	id = xasprintf("%s\n%s", section, key);
	if (sl_contains(&ctx->seen, id)) {
		free(id);
		err_set(&ctx->err, "key \"%s\" is given twice in [%s]", key, section);
	} else {
		sl_push_owned(&ctx->seen, id);
		if (ctx->pair(ctx, section, key, value, &ctx->err) == 0)
			return 1;
	}
	ctx->failed = ctx->line;
	return 0;
}

int ini_text_load(const char *name, const char *text, ini_pair_fn pair, void *user,
		  struct dbp_error *e)
{
	struct ini_ctx ctx = { .path = name, .user = user, .pair = pair };
	struct line_reader reader = { .at = text, .ctx = &ctx };
	int rc;

	if (precheck(name, text, e) != 0)
		return -1;
	err_clear(&ctx.err);
	rc = ini_parse_stream(read_line, &reader, on_pair, &ctx);
	sl_free(&ctx.seen);
	if (ctx.failed)
		return err_set(e, "%s:%d: %s", name, ctx.failed, ctx.err.msg);
	if (rc != 0)
		return err_set(e, "%s:%d: not a valid INI line (expected [section] or key = value)",
			       name, rc);
	return 0;
}

int ini_file_load(const char *path, ini_pair_fn pair, void *user, struct dbp_error *e)
{
	char *text = read_text_file(path, 1 << 20, e);
	int rc;

	if (!text)
		return -1;
	rc = ini_text_load(path, text, pair, user, e);
	free(text);
	return rc;
}

int ini_parse_int(const char *value, long min, long max, long *out, struct dbp_error *e)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(value, &end, 10);
	if (errno || end == value || *end || v < min || v > max)
		return err_set(e, "\"%s\" is not a whole number from %ld to %ld", value, min, max);
	*out = v;
	return 0;
}

int ini_parse_bool(const char *value, int *out, struct dbp_error *e)
{
	if (!strcmp(value, "yes") || !strcmp(value, "true") || !strcmp(value, "1") || !strcmp(value, "on"))
		*out = 1;
	else if (!strcmp(value, "no") || !strcmp(value, "false") || !strcmp(value, "0") || !strcmp(value, "off"))
		*out = 0;
	else
		return err_set(e, "\"%s\" is not yes or no", value);
	return 0;
}
