/* report: a student's session as Markdown that can be handed in, with the
 * kept timings as an SVG bar chart beside it.  What it says comes from
 * what the workdir and the engine hold: the steps the screen marked done
 * (screen_state.h), the migrations applied per lesson and app (asked of
 * the engine), the latest verdict of every claim and every timing run
 * (the results store).  Nothing done yet is a report that says so. */
#ifndef DBP_REPORT_H
#define DBP_REPORT_H

#include "results.h"

#define REPORT_MARKDOWN "dbpatterns-report.md"
#define REPORT_SVG "dbpatterns-timings.svg"

struct report_input {
	const struct lesson_set *lessons;
	struct workspace *ws;   /* NULL when the engine could not be reached */
	const char *ws_error;   /* why not, then */
	enum dbp_engine engine;
	const char *prefix, *workdir;
	const char *date;       /* NULL: now */
};

struct report {
	struct strbuf md, svg;
	int anything; /* 0: nothing done yet, and the report says so */
};

void report_build(const struct report_input *in, struct report *out);
void report_free(struct report *r);
/* Both files into dir (made when missing), each written whole under a
 * private name and renamed into place; their paths in *md and *svg. */
int report_write(const char *dir, const struct report *r, char **md, char **svg, struct dbp_error *e);

#endif
