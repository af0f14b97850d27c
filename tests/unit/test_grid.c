/* The grid and its text helpers: display widths (é one column, 日 two),
 * cuts with a mark, sideways slices, control characters made visible,
 * numbers right-aligned, NULL apart from text, data kept verbatim. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/core/grid.h"
#include "../../src/core/lines.h"

/* got (freed here) is want. */
static void same(char *got, const char *want)
{
	assert_string_equal(got, want);
	free(got);
}

static void control_characters_are_shown_not_sent(void **state)
{
	(void)state;
	same(grid_visible("a\033[2Jb\007", 1), "a\u241b[2Jb\u2407");
	same(grid_visible("tab\there\nnl", 1), "tab\u2409here\u240anl");
	same(grid_visible("del\177", 1), "del\u2421");
	same(grid_visible("c1 \302\233x", 1), "c1 \ufffdx");        /* U+009B, the one-byte CSI */
	same(grid_visible("bad \377\300\200 end", 1), "bad \ufffd\ufffd\ufffd end"); /* not UTF-8, overlong */
	same(grid_visible("cut \xe6\x97", 1), "cut \ufffd\ufffd");     /* a sequence cut short */
	same(grid_visible("a\033b\302\233\377", 0), "a?b??");
	/* Text is kept as it is, markup-looking or not. */
	same(grid_visible("> secret", 1), "> secret");
	same(grid_visible("# x", 1), "# x");
	same(grid_visible("é 日本 e\u0301", 1), "é 日本 e\u0301");
	same(grid_visible("é 日本", 0), "é 日本");
	same(grid_visible("", 1), "");
	same(grid_visible(NULL, 1), "");
}

static void widths_are_display_columns(void **state)
{
	(void)state;
	assert_int_equal(grid_width("abc"), 3);
	assert_int_equal(grid_width("é"), 1);
	assert_int_equal(grid_width("e\u0301"), 1); /* a combining accent takes no column */
	assert_int_equal(grid_width("日本"), 4);
	assert_int_equal(grid_width("\u241b"), 1);
	assert_int_equal(grid_width(""), 0);
	assert_int_equal(grid_fit("日本語", 3), 3); /* 日 only: 本 would make 4 */
	assert_int_equal(grid_fit("日本語", 4), 6);
	assert_int_equal(grid_fit("abc", 10), 3);
	assert_int_equal(grid_fit("e\u0301x", 1), 3); /* the accent stays with its letter */
}

static void cuts_are_marked(void **state)
{
	(void)state;
	same(grid_cut("abcdef", 6, 1), "abcdef");
	same(grid_cut("abcdef", 4, 1), "abc\u2026");
	same(grid_cut("abcdef", 4, 0), "abc~");
	same(grid_cut("日本語", 4, 1), "日\u2026");    /* never half a character */
	same(grid_cut("日本語", 5, 1), "日本\u2026");
	same(grid_cut("é日本", 2, 1), "é\u2026");
	same(grid_cut("abc", 0, 1), "");
}

static void slices_keep_columns(void **state)
{
	(void)state;
	same(grid_slice("abcdef", 0, 3), "abc");
	same(grid_slice("abcdef", 2, 3), "cde");
	same(grid_slice("abcdef", 5, 3), "f");
	same(grid_slice("abcdef", 9, 3), "");
	same(grid_slice("ab日本cd", 3, 4), " 本c");  /* the right half of 日 is a blank */
	same(grid_slice("ab日本cd", 0, 3), "ab ");   /* and so is the left half */
	same(grid_slice("ab日本cd", 2, 2), "日");
	same(grid_slice("e\u0301xyz", 0, 1), "e\u0301");
	same(grid_slice("abc", 0, 0), "");
}

static void words_under_a_cut_edge(void **state)
{
	int from = -1, to = -1;

	(void)state;
	assert_true(grid_word_at("ab  1909.175  x", 5, &from, &to));
	assert_int_equal(from, 4);
	assert_int_equal(to, 12);
	assert_true(grid_word_at("ab  1909.175", 0, &from, &to));
	assert_int_equal(from, 0);
	assert_int_equal(to, 2);
	assert_false(grid_word_at("ab  1909.175", 2, &from, &to)); /* a space */
	assert_false(grid_word_at("ab", 7, &from, &to));           /* past the end */
	assert_true(grid_word_at("x 日本 y", 3, &from, &to));       /* columns, not bytes */
	assert_int_equal(from, 2);
	assert_int_equal(to, 6);
	same(grid_blank("ab  1909.175  x", 4, 12), "ab            x");
	same(grid_blank("x 日本 y", 2, 6), "x      y");
	same(grid_blank("abc", 0, 3), "   ");
}

static void build(struct dbp_result *r)
{
	static const char *const cols[] = { "id", "name", "note" };
	const char *rows[][3] = {
		{ "1", "é", "> secret" },
		{ "22", "日本", "# x" },
		{ "333", "plain", NULL },
		{ NULL, "a\033[31mred", "" },
	};

	result_init(r, 3, cols);
	result_set_type(r, 0, DBP_TYPE_INTEGER);
	for (size_t i = 0; i < 4; i++)
		result_add_row(r, rows[i]);
}

static void the_grid_aligns_by_display_width(void **state)
{
	const struct grid_style style = { .utf8 = 1, .null_text = "NULL", .sep = " | ", .pad_last = 1 };
	struct dbp_result r;
	struct grid g;
	char *line;
	int width = -1;

	(void)state;
	build(&r);
	grid_build(&g, &r, &style, -1);
	assert_int_equal(g.nrows, 4);
	assert_int_equal(g.width[1], 9); /* "a␛[31mred" */
	for (long i = -1; i < g.nrows; i++) {
		line = grid_line(&g, i);
		if (width < 0)
			width = grid_width(line);
		assert_int_equal(grid_width(line), width); /* é and 日本 line up */
		free(line);
	}
	line = grid_line(&g, -1);
	assert_string_equal(line, "id   | name      | note    ");
	free(line);
	line = grid_line(&g, 0);
	assert_string_equal(line, "   1 | é         | > secret");  /* numbers right, data verbatim */
	free(line);
	line = grid_line(&g, 1);
	assert_string_equal(line, "  22 | 日本      | # x     ");
	free(line);
	line = grid_line(&g, 3);
	assert_string_equal(line, "NULL | a\u241b[31mred |         ");
	free(line);
	assert_int_equal(grid_fixed(&g), 7);
	grid_free(&g);
	result_free(&r);
}

static void the_cli_style_has_a_rule_and_no_trailing_blanks(void **state)
{
	const struct grid_style style = { .utf8 = 1, .null_text = "", .sep = "  " };
	struct dbp_result r;
	struct grid g;
	char *line;

	(void)state;
	build(&r);
	grid_build(&g, &r, &style, 2);
	assert_int_equal(g.nrows, 2);
	line = grid_rule(&g);
	assert_string_equal(line, "--  ----  --------");
	free(line);
	line = grid_line(&g, -1);
	assert_string_equal(line, "id  name  note");
	free(line);
	line = grid_line(&g, 1);
	assert_string_equal(line, "22  日本  # x");
	free(line);
	line = grid_line(&g, 2); /* not laid out */
	assert_string_equal(line, "");
	free(line);
	grid_free(&g);
	result_free(&r);
}

static void long_values_are_cut_with_a_mark(void **state)
{
	const struct grid_style utf8 = { .utf8 = 1, .max_width = 5, .null_text = "NULL", .sep = " " };
	const struct grid_style ascii = { .utf8 = 0, .max_width = 5, .null_text = "NULL", .sep = " " };
	static const char *const cols[] = { "a_long_header" };
	const char *row[] = { "日本語のテキスト" };
	struct dbp_result r;
	struct grid g;
	char *line;

	(void)state;
	result_init(&r, 1, cols);
	result_add_row(&r, row);
	grid_build(&g, &r, &utf8, -1);
	line = grid_line(&g, 0);
	assert_string_equal(line, "日本\u2026");
	free(line);
	line = grid_line(&g, -1);
	assert_string_equal(line, "a_lo\u2026");
	free(line);
	grid_free(&g);
	grid_build(&g, &r, &ascii, -1);
	line = grid_line(&g, 0);
	assert_string_equal(line, "日本~");
	free(line);
	grid_free(&g);
	result_free(&r);
}

static void lines_carry_their_role(void **state)
{
	struct dbp_lines l = { 0 }, copy = { 0 };

	(void)state;
	lines_add(&l, DBP_LINE_TEXT, "> secret");
	lines_addf(&l, DBP_LINE_ADDED, "table %s", "t");
	lines_add(&l, DBP_LINE_ERROR, NULL);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[0].role, DBP_LINE_TEXT);
	assert_string_equal(l.v[0].text, "> secret");
	assert_string_equal(l.v[2].text, "");
	assert_string_equal(line_marker(&(struct dbp_line){ .role = DBP_LINE_ADDED }), "+ ");
	assert_string_equal(line_marker(&(struct dbp_line){ .role = DBP_LINE_REMOVED }), "- ");
	assert_string_equal(line_marker(&(struct dbp_line){ .role = DBP_LINE_CHANGED }), "~ ");
	assert_string_equal(line_marker(&(struct dbp_line){ .role = DBP_LINE_ERROR }), "! ");
	assert_string_equal(line_marker(&(struct dbp_line){ .role = DBP_LINE_TITLE }), "");
	assert_string_equal(line_marker(&(struct dbp_line){ .role = DBP_LINE_TEXT }), "");
	/* A claim's verdict carries its own mark: none before it, in copies too. */
	assert_string_equal(line_marker(&(struct dbp_line){ .role = DBP_LINE_ADDED, .own_mark = 1 }), "");
	l.v[1].own_mark = 1;
	lines_append(&copy, &l);
	assert_true(lines_contains(&copy, DBP_LINE_ADDED, "table t"));
	assert_false(lines_contains(&copy, DBP_LINE_TEXT, "table t"));
	assert_string_equal(line_marker(&copy.v[1]), "");
	lines_free(&l);
	lines_free(&copy);
	assert_int_equal(copy.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(control_characters_are_shown_not_sent),
		cmocka_unit_test(widths_are_display_columns),
		cmocka_unit_test(cuts_are_marked),
		cmocka_unit_test(slices_keep_columns),
		cmocka_unit_test(words_under_a_cut_edge),
		cmocka_unit_test(the_grid_aligns_by_display_width),
		cmocka_unit_test(the_cli_style_has_a_rule_and_no_trailing_blanks),
		cmocka_unit_test(long_values_are_cut_with_a_mark),
		cmocka_unit_test(lines_carry_their_role),
	};

	/* wcwidth needs a UTF-8 locale; C.UTF-8 is always there on Debian. */
	if (!setlocale(LC_CTYPE, "C.UTF-8")) {
		print_message("no C.UTF-8 locale: display widths cannot be tested\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
