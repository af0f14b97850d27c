/* svg: a horizontal bar chart as plain SVG text, written by hand so a
 * report needs no plotting library: one labelled bar per value, an axis
 * with round ticks, a title and both axes named.  Every text is escaped
 * for XML and stripped of control characters, so the file is valid XML
 * whatever the labels hold. */
#ifndef DBP_SVG_H
#define DBP_SVG_H

#include "util.h"

struct svg_bar {
	const char *label;
	double value; /* < 0: no bar; note says why */
	const char *note;
};

struct svg_chart {
	const char *title;
	const char *value_axis;    /* e.g. "median time (ms)" */
	const char *category_axis; /* e.g. "workload" */
	const char *unit;          /* after each bar's figure, e.g. "ms" */
	const struct svg_bar *bars;
	size_t n;
};

void svg_bar_chart(const struct svg_chart *c, struct strbuf *out);
/* text with &, <, >, " and ' as XML entities, control characters gone. */
void svg_escape(struct strbuf *out, const char *text);

#endif
