/* lines: see lines.h. */
#include "lines.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void lines_add_owned(struct dbp_lines *l, enum dbp_line_role role, char *text)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = (struct dbp_line){ .role = role, .text = text };
}

void lines_add(struct dbp_lines *l, enum dbp_line_role role, const char *text)
{
	lines_add_owned(l, role, xstrdup(text ? text : ""));
}

void lines_addf(struct dbp_lines *l, enum dbp_line_role role, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lines_add_owned(l, role, xvasprintf(fmt, ap));
	va_end(ap);
}

void lines_append(struct dbp_lines *to, const struct dbp_lines *from)
{
	for (size_t i = 0; i < from->n; i++) {
		lines_add(to, from->v[i].role, from->v[i].text);
		to->v[to->n - 1].fixed = from->v[i].fixed;
		to->v[to->n - 1].own_mark = from->v[i].own_mark;
	}
}

void lines_free(struct dbp_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].text);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

int lines_contains(const struct dbp_lines *l, enum dbp_line_role role, const char *text)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].role == role && !strcmp(l->v[i].text, text))
			return 1;
	return 0;
}

const char *line_marker(const struct dbp_line *l)
{
	if (l->own_mark)
		return "";
	switch (l->role) {
	case DBP_LINE_ADDED: return "+ ";
	case DBP_LINE_REMOVED: return "- ";
	case DBP_LINE_CHANGED: return "~ ";
	case DBP_LINE_ERROR: return "! ";
	default: return "";
	}
}
