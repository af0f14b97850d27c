#!/bin/sh
# The console draws data as it is: a value that looks like the screen's
# old markup ("> secret", "# x") is shown with its characters, é and 日本
# line up by display width, and a long result keeps its header in view
# while rows scroll and its first column while they scroll sideways.
# Every screen check waits (bounded) for what it asserts: see tests/lib.sh.
. "$DBP_SRCDIR/tests/lib.sh"

"$DBP_BIN" provision 1 >/dev/null 2>&1
check "lesson 1 is provisioned for the console" [ $? -eq 0 ]

tui_start 80 24
check "the screen starts" tui_wait "One database, one app"
tui_keys 1 s
check "s opens the console" tui_wait "community's own session"
# Values go in through the console, and come back out through it.
tui_keys -l "CREATE TABLE verbatim (name TEXT, word TEXT, n INTEGER)"
tui_keys Enter
check "a table made from the console" tui_wait "(done: "
tui_keys -l "INSERT INTO verbatim VALUES ('> secret', 'é', 1), ('# x', '日本', 22), ('é', 'x', 333), ('日本', '# y', NULL)"
tui_keys Enter
check "four rows inserted" tui_wait "(done: 4 rows changed"
tui_keys -l "SELECT name, word, n FROM verbatim ORDER BY rowid"
tui_keys Enter
check "the grid shows the rows" tui_wait "(4 rows,"
check "a value '> secret' is drawn as it is, marker and all" tui_wait "> secret | é    |    1"
check "a value '# x' too, not turned into a heading" tui_wait "# x      | 日本 |   22"
check "NULL is shown as NULL, right-aligned with the numbers" tui_wait "日本     | # y  | NULL"

# Where each separator of the grid falls, in display columns, on the
# lines that hold é and 日本: the same on every row when they line up.
seps() {
	printf '%s\n' "$TUI_SHOT" | grep -E '(secret|# x|é|日本) *\| ' | while IFS= read -r line; do
		first=${line%% | *}; second=${line% | *}
		printf '%s %s %s\n' "$(printf '%s' "$first" | wc -L)" "$(printf '%s' "$second" | wc -L)" \
			"$(printf '%s' "$line" | sed 's/ *$//' | wc -L)"
	done | sort -u
}
aligned() {
	tui_look
	[ "$(seps | wc -l)" -eq 1 ] && [ "$(printf '%s\n' "$TUI_SHOT" | grep -cE '(secret|# x|é|日本) *\| ')" -eq 4 ] ||
		{ tui_print_screen "separators at (first, second, end): $(seps | tr '\n' ';')"; return 1; }
}
check "é and 日本 line up: every row's separators in the same columns" aligned

# A long result: the header stays while the rows scroll, the first column
# while they scroll sideways.
tui_keys -l "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 60) SELECT x AS id, 'row' || x AS label, printf('%035d', x) AS a, printf('%035d', 2 * x) AS b FROM c"
tui_keys Enter
# (Under the statement, which takes three lines here.)
check "the long result shows its first rows" tui_wait_re "│ +5 \| row5 +\|"
tui_keys Escape End
check "at the end, the last row shows" tui_wait "60 | row60 |"
check "and the header is still on top" tui_wait " id | label | a"
check "the first rows have scrolled away" tui_lacks " 1 | row1  |"
# A figure an edge cuts is left out whole, a mark at the edge in its place:
# part of it would read as another figure.
tui_keys Right Right
check "sideways, the first column stays, the cut figures left out" tui_wait_re "│ 60 \| ← +\| +→$"
tui_keys Right Right Right
check "further, the next figure shows whole" tui_wait_re "│ 60 \| ← +\| 0{32}120$"
check "and the header's first column with it" tui_wait_re "│ id \| ← +\| b *$"
check "while the label column has gone by" tui_lacks "row60"
tui_keys Left Left Left Left Left s
tui_keys -l "DROP TABLE verbatim"
tui_keys Enter
check "the console's table is dropped again" tui_wait "(done: "
tui_keys Escape q
check "q quits" tui_wait "EXIT=0"
tui_stop
