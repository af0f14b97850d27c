#!/bin/sh
# The SQL console edits like a shell line (SQLite): a cursor that moves by
# character (Left/Right, Home/End, Ctrl-A/E), text typed at the cursor,
# Ctrl-W/K/U cut and Ctrl-Y puts back, Backspace and Delete around the
# cursor, the history; a bracketed paste of several lines is one
# statement; the result repeats the statement it answers; a long error of
# several lines is shown whole, wrapped.
. "$DBP_SRCDIR/tests/lib.sh"
APP=community

# The pane's lines without the sidebar: what is left of "│" goes, so a
# line and the cursor's line under it line up.
pane_lines() { printf '%s\n' "$TUI_SHOT" | sed 's/^[^│]*│ //'; }

# wait_for WHAT AWK-PROGRAM [awk arguments]: until the program exits 0 on
# the pane's lines (bounded); else the screen is printed.
wait_for() {
	_wf_what=$1; shift
	_wf_end=$(( $(date +%s) + TUI_TIMEOUT ))
	while :; do
		tui_look
		pane_lines | awk "$@" && return 0
		[ "$(date +%s)" -lt "$_wf_end" ] || break
		sleep "$TUI_POLL"
	done
	tui_print_screen "still waiting after ${TUI_TIMEOUT}s for $_wf_what; the screen:"
	return 1
}

# line_is BEFORE AFTER: the console's line reads BEFORE AFTER (ASCII), and
# the ^ on the line under it stands on AFTER's first character (after the
# end when AFTER is empty).
line_is() {
	wait_for "the line [$1|$2]" -v want="$APP=> $1$2" -v col=$(( ${#APP} + 3 + ${#1} )) '
		BEGIN { sub(/ +$/, "", want) }
		found { ok = index($0, "^") == col + 1 && $0 ~ /^ *\^$/; exit }
		$0 == want { found = 1 }
		END { exit !ok }'
}

# follows A B: a line that is A, and B the line right under it.
follows() {
	wait_for "[$1] over [$2]" -v a="$1" -v b="$2" '
		prev == a && $0 == b { ok = 1; exit }
		{ prev = $0 }
		END { exit !ok }'
}

# paste FILE: what a terminal sends for a paste (tmux brackets it, as the
# program asked, and sends each newline as CR).
paste_text() {
	tmx load-buffer -b p "$1" && tmx paste-buffer -p -d -b p -t t
}

tui_start 100 30
check "the screen opens" tui_wait "One database, one app"
tui_keys p
check "p provisions lesson 1" tui_wait "Lesson 1 provisioned" 60
tui_keys s
check "s opens the console and says its keys" tui_wait "Ctrl-A/E move; Alt-b/f"
check "the cursor stands after the empty line" line_is "" ""

# Moving and typing in the middle.
tui_keys -l "SELECT name FROM users"
check "typed text goes in, the cursor after it" line_is "SELECT name FROM users" ""
tui_keys Left Left Left Left Left
check "Left moves the cursor back a character at a time" line_is "SELECT name FROM " "users"
tui_keys -l "main."
check "typing inserts at the cursor" line_is "SELECT name FROM main." "users"
tui_keys Right
check "Right moves it forward" line_is "SELECT name FROM main.u" "sers"
tui_keys Home
check "Home goes to the start" line_is "" "SELECT name FROM main.users"
tui_keys End
check "End goes to the end" line_is "SELECT name FROM main.users" ""
tui_keys C-a
check "Ctrl-A goes to the start" line_is "" "SELECT name FROM main.users"
tui_keys C-e
check "Ctrl-E goes to the end" line_is "SELECT name FROM main.users" ""

# Cutting and putting back.
tui_keys C-w
check "Ctrl-W cuts the word before the cursor" line_is "SELECT name FROM " ""
tui_keys C-y
check "Ctrl-Y puts it back" line_is "SELECT name FROM main.users" ""
tui_keys C-a Right Right Right Right Right Right Right C-k
check "Ctrl-K cuts to the end" line_is "SELECT " ""
tui_keys C-y Left Left Left Left Left C-u
check "Ctrl-U cuts to the start" line_is "" "users"
tui_keys C-y
check "and Ctrl-Y puts that back" line_is "SELECT name FROM main." "users"
tui_keys M-b
check "Alt-b goes back to the start of a word (the dot ends one)" line_is "SELECT name FROM " "main.users"
tui_keys M-f
check "Alt-f goes to the end of a word" line_is "SELECT name FROM main" ".users"
tui_keys C-Left C-Left
check "Ctrl-Left goes back a word at a time" line_is "SELECT name " "FROM main.users"
tui_keys C-Right
check "Ctrl-Right forward" line_is "SELECT name FROM" " main.users"
tui_keys M-d
check "Alt-d cuts the word after the cursor" line_is "SELECT name FROM" ".users"
tui_keys C-y Right
check "and Ctrl-Y puts it back" line_is "SELECT name FROM main." "users"
tui_keys BSpace
check "Backspace deletes the character before the cursor" line_is "SELECT name FROM main" "users"
tui_keys DC
check "Delete deletes the one under it" line_is "SELECT name FROM main" "sers"
tui_keys C-e C-u
check "Ctrl-U at the end clears the line" line_is "" ""

# Characters, not bytes: é is two bytes, one step.
tui_keys -l "SELECT 'aéb' AS v"
tui_keys Left Left Left Left Left Left Left Left
tui_keys -l "X"
check "Left steps over a UTF-8 character whole" line_is "SELECT 'aX" "éb' AS v"
tui_keys Right BSpace
check "Backspace deletes it whole" line_is "SELECT 'aX" "b' AS v"

# The result repeats the statement it answers.
tui_keys Enter
check "the result shows" tui_wait "(1 row,"
check "the statement stands above its result" follows "$APP=> SELECT 'aXb' AS v" "v"
check "the line is empty again" line_is "" ""
tui_keys -l "SELECT 41 + 1 AS answer"
tui_keys Enter
check "a second statement runs" follows "$APP=> SELECT 41 + 1 AS answer" "answer"

# History: Up and Down, the cursor at the end of what is recalled.
tui_keys Up
check "Up recalls the last statement, the cursor at its end" line_is "SELECT 41 + 1 AS answer" ""
tui_keys Up
check "Up again, the one before" line_is "SELECT 'aXb' AS v" ""
tui_keys Down
check "Down goes forward" line_is "SELECT 41 + 1 AS answer" ""
tui_keys Down
check "and past the newest to an empty line" line_is "" ""

# A long line keeps the cursor in view, < and > say where it goes on.
long="SELECT 1 AS c1, 2 AS c2, 3 AS c3, 4 AS c4, 5 AS c5, 6 AS c6, 7 AS c7, 8 AS c8, 9 AS c9, 10 AS c10, 11 AS c11"
tui_keys -l "$long"
check "at the end of a long line, its end is in view with the cursor" \
	wait_for "the end of the long line" -v app="$APP" '
		found { ok = $0 ~ /^ *<.*\^$/; exit }
		index($0, app "=> ") == 1 && $0 ~ /AS c11$/ && $0 !~ /SELECT 1/ { found = 1 }
		END { exit !ok }'
tui_keys Home
check "Home shows its start, the cursor on it, > at the edge" \
	wait_for "the start of the long line" -v app="$APP" '
		found { ok = $0 ~ /^ *\^ *>$/ && index($0, "^") == length(app) + 4; exit }
		index($0, app "=> SELECT 1 AS c1") == 1 && $0 !~ /c11/ { found = 1 }
		END { exit !ok }'
tui_keys C-k

# A multi-line paste is one statement: a pasted q or x is a letter.
printf 'SELECT 1 AS one,\n  2 AS two -- q x\n  , 3 AS three' > "$SCRATCH/paste.sql"
paste_text "$SCRATCH/paste.sql"
check "a bracketed paste fills the line, newlines shown as ␊" \
	tui_wait "$APP=> SELECT 1 AS one,␊  2 AS two -- q x␊  , 3 AS three"
check "and says Enter runs it as one statement" tui_wait "Pasted several lines: Enter runs the line as one statement."
tui_keys Enter
check "it runs as one statement" tui_wait_re "│ +1 \| +2 \| +3$"
check "which stands above its result, line by line" follows "$APP->   , 3 AS three" "one | two | three"
check "from its first line" follows "$APP=> SELECT 1 AS one," "$APP->   2 AS two -- q x"
check "the screen is still up" tui_lacks "EXIT="

# Esc leaves the line; a paste on the main screen goes to the console.
tui_keys Escape
check "a lone Esc leaves typing" tui_wait "$APP=>    (press s to type)"
printf 'SELECT 5 AS five' > "$SCRATCH/paste2.sql"
paste_text "$SCRATCH/paste2.sql"
check "a paste outside the line goes into it" line_is "SELECT 5 AS five" ""
tui_keys Enter
check "and runs on Enter" follows "$APP=> SELECT 5 AS five" "five"

# Without bracketed paste, keys work as before: a newline is Enter.
printf 'SELECT 6 AS six\n' > "$SCRATCH/paste3.sql"
tmx load-buffer -b q "$SCRATCH/paste3.sql" && tmx paste-buffer -d -b q -t t
check "an unbracketed paste runs at its newline" follows "$APP=> SELECT 6 AS six" "six"

# A paste while a statement runs is dropped whole, its letters never keys.
tui_keys -l "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
tui_keys Enter
check "a statement that runs long" tui_wait_re "running.*\(Esc cancels\)"
printf 'q\nx SELECT 9 AS nine' > "$SCRATCH/paste4.sql"
paste_text "$SCRATCH/paste4.sql"
tui_keys Escape
check "Esc still cancels it" tui_wait "(cancelled with Esc)"
check "and the pasted text went nowhere" line_is "" ""
check "not even as keys" tui_lacks "EXIT="

# A long error of several lines: every line, wrapped, nothing cut.
printf 'CREATE TEMP TABLE t(x CHECK (x > 0 AND\n x < 10 AND x <> 5 AND x <> 6 AND x <> 7 AND x <> 8 AND x <> 9 AND x <> 11 AND x <> 12 AND x <> 13\n AND x <> 14))' > "$SCRATCH/check.sql"
paste_text "$SCRATCH/check.sql"
tui_wait "Pasted several lines" >/dev/null
tui_keys Enter
check "the table is made" tui_wait_re "\(done: [0-9]+ rows? changed"
tui_keys -l "INSERT INTO t VALUES (-1)"
tui_keys Enter
check "the error's first line" tui_wait "! CHECK constraint failed: x > 0 AND"
check "its long second line, wrapped at the pane's width" follows \
	"!  x < 10 AND x <> 5 AND x <> 6 AND x <> 7 AND x <> 8 AND x <> 9 AND x" "   <> 11 AND x <> 12 AND x <> 13"
check "and its last line" tui_wait "!  AND x <> 14"
check "no newline is drawn as ? or ␊ in it" tui_lacks "AND␊"

# A wide result scrolls sideways while typing with Shift-Right.
tui_keys -l "SELECT '$(printf 'a%.0s' $(seq 36))' AS a, '$(printf 'b%.0s' $(seq 39))' AS b, 'c' AS c"
tui_keys Enter
# A word an edge cuts is left out whole (part of a figure reads as another
# figure), and a mark at that edge says there is more.
check "a wide result, cut at the pane's edge, says so there" tui_wait_re "│ a{36} \| +→$"
tui_keys S-Right S-Right S-Right
check "Shift-Right scrolls it sideways while typing, its end in view" tui_wait_re "\| b{39} \| c$"
check "the word cut on the left is left out, a mark in its place" tui_wait_re "│ ← +\| b{39} \| c$"
tui_keys -l "x"
check "and the line still takes the keys" line_is "x" ""

tui_keys Escape q
check "q quits" tui_wait "EXIT=0"
tui_stop
