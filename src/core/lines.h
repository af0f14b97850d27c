/* lines: text with a role, as the core hands it to the front ends
 * (catalog changes, demonstration reports).  The role travels beside the
 * text, never inside it: nothing parses text for markup, so a value that
 * starts with "# " or "> " is only text.  The CLI prints a role as the
 * marker its output has always had ("+ ", "- ", "~ ", "! "); the screen
 * maps it to a colour and draws the same marker. */
#ifndef DBP_LINES_H
#define DBP_LINES_H

#include <stddef.h>

enum dbp_line_role {
	DBP_LINE_TEXT,     /* plain */
	DBP_LINE_TITLE,    /* a heading */
	DBP_LINE_ADDED,    /* appeared, or worked: "+ " */
	DBP_LINE_REMOVED,  /* went away: "- " */
	DBP_LINE_CHANGED,  /* changed in place: "~ " */
	DBP_LINE_ERROR,    /* failed or refused, in the engine's words: "! " */
	DBP_LINE_NOTE,     /* an aside, drawn dim */
	DBP_LINE_SELECTED, /* the cursor's line on the screen */
	DBP_LINE_HEADER,   /* a grid's header: stays in place while its rows scroll */
	DBP_LINE_ROW,      /* a grid's row: never wrapped, scrolls sideways */
};

struct dbp_line {
	enum dbp_line_role role;
	char *text;
	int fixed; /* grid lines: display columns at the start that stay put sideways */
	int own_mark; /* the text opens with its own mark (a claim's ✓ or ✗): no role marker */
};

struct dbp_lines {
	struct dbp_line *v;
	size_t n, cap;
};

void lines_add(struct dbp_lines *l, enum dbp_line_role role, const char *text);
void lines_add_owned(struct dbp_lines *l, enum dbp_line_role role, char *text);
void lines_addf(struct dbp_lines *l, enum dbp_line_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Copies of every line of from, at the end of to. */
void lines_append(struct dbp_lines *to, const struct dbp_lines *from);
void lines_free(struct dbp_lines *l);
/* 1 when a line of that role has that text. */
int lines_contains(const struct dbp_lines *l, enum dbp_line_role role, const char *text);

/* The marker a line is printed with, from its role: "+ ", "- ", "~ ",
 * "! ", or "" (also for a line that carries its own mark). */
const char *line_marker(const struct dbp_line *l);

#endif
