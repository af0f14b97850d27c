/* svg: see svg.h. */
#include "svg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SVG_WIDTH 820
#define BAR_HEIGHT 18
#define BAR_GAP 8
#define TOP 56      /* title and a margin above the first bar */
#define BOTTOM 60   /* ticks and the value axis's name */
#define CHAR_WIDTH 7 /* a 12 px monospace character, roughly */

void svg_escape(struct strbuf *out, const char *text)
{
	char *clean = sanitize_text(text ? text : "", 0);

	for (const char *p = clean; *p; p++)
		switch (*p) {
		case '&': sb_add(out, "&amp;"); break;
		case '<': sb_add(out, "&lt;"); break;
		case '>': sb_add(out, "&gt;"); break;
		case '"': sb_add(out, "&quot;"); break;
		case '\'': sb_add(out, "&apos;"); break;
		default: sb_addn(out, p, 1);
		}
	free(clean);
}

/* A round step (1, 2 or 5 times a power of ten) giving at most 6 ticks. */
static double tick_step(double max)
{
	double raw = max / 5, mag, step;

	if (!(raw > 0))
		return 1;
	mag = pow(10, floor(log10(raw)));
	step = raw / mag <= 1 ? 1 : raw / mag <= 2 ? 2 : raw / mag <= 5 ? 5 : 10;
	return step * mag;
}

static double largest(const struct svg_chart *c)
{
	double max = 0;

	for (size_t i = 0; i < c->n; i++)
		if (c->bars[i].value > max)
			max = c->bars[i].value;
	return max;
}

static int label_width(const struct svg_chart *c)
{
	size_t widest = 8;

	for (size_t i = 0; i < c->n; i++)
		if (c->bars[i].label && strlen(c->bars[i].label) > widest)
			widest = strlen(c->bars[i].label);
	return (int)(widest > 48 ? 48 : widest) * CHAR_WIDTH + 40;
}

static void text_at(struct strbuf *out, int x, int y, const char *anchor, const char *extra, const char *text)
{
	sb_addf(out, "  <text x=\"%d\" y=\"%d\" text-anchor=\"%s\"%s>", x, y, anchor, extra);
	svg_escape(out, text);
	sb_add(out, "</text>\n");
}

/* Ticks, grid lines and the value axis's name under the plot. */
static void value_axis(const struct svg_chart *c, struct strbuf *out, int left, int plot, int bottom,
		       double top_value)
{
	double step = tick_step(top_value);

	sb_addf(out, "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", left, bottom,
		left + plot, bottom);
	for (double v = 0; v <= top_value * 1.0001; v += step) {
		int x = left + (int)lround(v / top_value * plot);
		char *label = xasprintf("%g", v);

		sb_addf(out, "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ccc\"/>\n", x, TOP - 6, x,
			bottom + 4);
		text_at(out, x, bottom + 18, "middle", "", label);
		free(label);
	}
	text_at(out, left + plot / 2, bottom + 42, "middle", " font-weight=\"bold\"", c->value_axis);
}

static void one_bar(const struct svg_chart *c, const struct svg_bar *b, struct strbuf *out, int left,
		    int plot, int y, double top_value)
{
	char *figure;
	char *label = b->label && strlen(b->label) > 48
		? xasprintf("%.*s...", (int)utf8_prefix_len(b->label, 45), b->label) : xstrdup(b->label ? b->label : "");

	text_at(out, left - 8, y + BAR_HEIGHT - 5, "end", "", label);
	free(label);
	if (b->value < 0) {
		text_at(out, left + 6, y + BAR_HEIGHT - 5, "start", " fill=\"#a33\" font-style=\"italic\"",
			b->note ? b->note : "no figure");
		return;
	}
	figure = xasprintf("%.2f %s", b->value, c->unit ? c->unit : "");
	sb_addf(out, "  <rect x=\"%d\" y=\"%d\" width=\"%ld\" height=\"%d\" fill=\"#3a6ea5\"><title>", left, y,
		lround(b->value / top_value * plot), BAR_HEIGHT);
	svg_escape(out, b->label);
	sb_add(out, ": ");
	svg_escape(out, figure);
	sb_add(out, "</title></rect>\n");
	text_at(out, left + (int)lround(b->value / top_value * plot) + 6, y + BAR_HEIGHT - 5, "start", "", figure);
	free(figure);
}

void svg_bar_chart(const struct svg_chart *c, struct strbuf *out)
{
	int left = label_width(c), plot = SVG_WIDTH - left - 110;
	int rows = c->n > 4 ? (int)c->n : 4, bottom = TOP + rows * (BAR_HEIGHT + BAR_GAP);
	int height = bottom + BOTTOM;
	double step = tick_step(largest(c)), top_value = ceil(largest(c) / step) * step;

	if (!(top_value > 0))
		top_value = 1;
	sb_addf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		"font-family=\"monospace\" font-size=\"12\">\n", SVG_WIDTH, height, SVG_WIDTH, height);
	sb_add(out, "  <title>");
	svg_escape(out, c->title);
	sb_add(out, "</title>\n  <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
	text_at(out, SVG_WIDTH / 2, 24, "middle", " font-size=\"15\" font-weight=\"bold\"", c->title);
	value_axis(c, out, left, plot, bottom, top_value);
	sb_addf(out, "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", left, TOP - 6, left, bottom);
	sb_addf(out, "  <text x=\"16\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\" "
		"transform=\"rotate(-90 16 %d)\">", (TOP + bottom) / 2, (TOP + bottom) / 2);
	svg_escape(out, c->category_axis);
	sb_add(out, "</text>\n");
	for (size_t i = 0; i < c->n; i++)
		one_bar(c, &c->bars[i], out, left, plot, TOP + (int)i * (BAR_HEIGHT + BAR_GAP), top_value);
	if (!c->n)
		text_at(out, left + 6, TOP + BAR_HEIGHT - 5, "start", " font-style=\"italic\"", "no timings kept yet");
	sb_add(out, "</svg>\n");
}
