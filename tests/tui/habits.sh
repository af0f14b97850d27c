#!/bin/sh
# Terminal habits, in tmux: Ctrl-Z and fg from a shell with job control,
# Ctrl-C asking before it quits, the mouse wheel, the mouse capture toggle,
# and / with n and N in the Lesson pane, the Tables list and a page of rows.
# Every screen check waits (bounded) for what it asserts: see tests/lib.sh.
. "$DBP_SRCDIR/tests/lib.sh"
# Each part starts a fresh screen: the lesson and pane an earlier part left
# (kept in the workdir's screen-state, see state.sh) would start it elsewhere.
fresh() { rm -f "$DBPATTERNS_WORKDIR/screen-state"; }

# shell_start COLS LINES: an interactive shell in tmux (job control, so
# Ctrl-Z stops a job and fg brings it back) whose $DBP names the binary;
# commands are typed into it.  bash when there is one, else sh -i.
shell_start() {
	tui_stop
	tui_new_socket
	if command -v bash >/dev/null; then set -- "$1" "$2" bash --norc --noprofile -i; else set -- "$1" "$2" sh -i; fi
	_ss_cols=$1; _ss_lines=$2; shift 2
	if ! _ss_err=$(tmx new-session -d -s t -x "$_ss_cols" -y "$_ss_lines" -- \
		env LANG=C.UTF-8 LC_ALL=C.UTF-8 ENV= HISTFILE=/dev/null PS1='dbp-shell$ ' \
		DBPATTERNS_WORKDIR="$DBPATTERNS_WORKDIR" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
		DBP="$DBP_BIN" "$@" 2>&1); then
		tui_abort "tmux could not start a shell on socket $TMUX_SOCK: ${_ss_err:-no reason given}"
	fi
	TUI_LIVE=1
}

# mouse_flag 0|1: until tmux says the program has mouse reporting off or on.
mouse_flag() {
	_mf_end=$(( $(date +%s) + TUI_TIMEOUT ))
	while :; do
		_mf=$(tmx display-message -p -t t '#{mouse_any_flag}' 2>&1)
		[ "$_mf" = "$1" ] && return 0
		[ "$(date +%s)" -lt "$_mf_end" ] || break
		sleep "$TUI_POLL"
	done
	tui_look
	tui_print_screen "after ${TUI_TIMEOUT}s tmux says mouse_any_flag=$_mf, not $1; the screen:"
	return 1
}

# marked TEXT: until TEXT is drawn highlighted as a search match (black on
# yellow: tmux writes the colours just before the text).
marked() {
	_mk_end=$(( $(date +%s) + TUI_TIMEOUT ))
	_mk_esc=$(printf '\033')
	while :; do
		tmx capture-pane -e -p -t t 2>/dev/null | grep -qF -- "${_mk_esc}[43m$1" && return 0
		[ "$(date +%s)" -lt "$_mk_end" ] || break
		sleep "$TUI_POLL"
	done
	tui_look
	tui_print_screen "after ${TUI_TIMEOUT}s [$1] is not highlighted; the screen (without colours):"
	return 1
}

# Mouse events as xterm sends them (mode 1000): ESC [ M, button + 32,
# column + 33, row + 33.  tmux passes them to the program as they are.
wheel_down() { tui_keys -H 1b 5b 4d 61 "$(printf '%x' $(($1 + 33)))" "$(printf '%x' $(($2 + 33)))"; }
wheel_up() { tui_keys -H 1b 5b 4d 60 "$(printf '%x' $(($1 + 33)))" "$(printf '%x' $(($2 + 33)))"; }

# ---- Ctrl-Z and fg; Ctrl-C ------------------------------------------------
shell_start 80 24
check "an interactive shell starts" tui_wait 'dbp-shell$'
tui_keys -l '"$DBP"'
tui_keys Enter
check "dbpatterns starts from it, the welcome hint on its status line" tui_wait "Welcome. Pick a lesson"
tui_keys C-z
check "Ctrl-Z stops it: the shell says so" tui_wait "Stopped"
check "and the screen is put away for the shell" tui_gone "dbpatterns: how applications"
tui_keys -l 'fg'
tui_keys Enter
check "fg brings the screen back" tui_wait "dbpatterns: how applications"
check "whole, sidebar and status line" tui_wait "Welcome. Pick a lesson"
check "the mouse is captured again" mouse_flag 1
tui_keys 2
check "keys work after fg" tui_wait "Provision two databa"
tui_keys C-c
check "Ctrl-C on the main screen asks before quitting (raw mode is back)" tui_wait "Quit dbpatterns? y"
tui_keys n
check "n stays" tui_gone "Quit dbpatterns?"
check "and the screen is still there" tui_wait "Provision two databa"
tui_keys C-c
check "Ctrl-C asks again" tui_wait "Quit dbpatterns? y"
tui_keys 3
check "another key stays and does what it does" tui_wait "Provision the centra"
check "and the question is gone" tui_gone "Quit dbpatterns?"
tui_keys C-c C-c
check "Ctrl-C twice quits, back at the shell" tui_gone "dbpatterns: how applications"
tui_keys -l 'echo EXIT=$?'
tui_keys Enter
check "with status 0" tui_wait "EXIT=0"
tui_stop

# Started with no job control (tmux runs it under sh -c): Ctrl-Z says why
# nothing happens instead of leaving a frozen screen.
fresh
tui_start 80 24
check "the screen starts and connects (the sidebar foot names the workdir)" tui_wait_re "^sqlite /"
tui_keys C-z
check "Ctrl-Z without job control says it cannot stop" tui_wait "cannot stop here"
tui_keys C-c y
check "Ctrl-C then y quits" tui_wait "EXIT=0"
tui_stop

# ---- the mouse ------------------------------------------------------------
fresh
tui_start 80 24
check "lesson 1's text heads the Lesson pane" tui_wait "Lesson 1: One database"
wheel_down 40 10
check "the wheel scrolls the Lesson pane down" tui_gone "Lesson 1: One database"
check "by less than a screen" tui_wait "Next: step 1, Provision the community database."
wheel_up 40 10
check "and back up" tui_wait "Lesson 1: One database"
tui_keys M
check "M turns mouse capture off, and says how to copy" tui_wait "Mouse off: drag selects text to copy"
check "tmux sees mouse reporting off" mouse_flag 0
tui_keys ?
check "the help says so too" tui_wait "mouse off (M): drag copies text"
tui_keys Escape
tui_keys M
check "M turns it back on, naming Shift-drag" tui_wait "Shift-drag selects text"
check "tmux sees mouse reporting on" mouse_flag 1
tui_keys ?
check "the help names Shift-drag for copying" tui_wait "Shift-drag copies"
check "at 80x24 it has three pages" tui_wait "Keys, page 1 of 3" 10
tui_keys Space
check "the second lists the new keys" tui_wait "suspend (fg resumes)"
check "search among them" tui_wait "search this pane"
tui_keys Space
check "quit, whole, at 80x24" tui_wait "q/F10       quit"
tui_keys Escape
check "help closes" tui_gone "search this pane"

# In the Tables list the wheel moves the cursor (the view follows).
tui_keys p
check "p provisions lesson 1" tui_wait "Lesson 1 provisioned in"
tui_keys Tab
check "Tab goes to the Tables pane" tui_wait "Enter opens a table"
wheel_down 40 10
tui_keys Enter
check "the wheel moved the cursor three tables down, to users" tui_wait "dbp_community.main.users  5000 rows"
tui_keys Escape
check "Esc goes back to the list" tui_wait "Enter opens a table"
tui_stop

# Two panes side by side: the wheel scrolls the one under it.
fresh
tui_start 150 24
tui_keys Tab Tab Tab Tab
check "150 columns: Timings" tui_wait "Press t to time this lesson"
check "with Lesson beside it" tui_wait "Lesson 1: One database"
wheel_down 120 10
check "the wheel over the right-hand pane scrolls it" tui_gone "Lesson 1: One database"
check "and leaves the focused one" tui_wait "Press t to time this lesson"
tui_keys q
check "quits" tui_wait "EXIT=0"
tui_stop

# ---- / n N ----------------------------------------------------------------
# A work directory of its own: nothing provisioned, so the lesson's text
# is as a newcomer first sees it.
tui_start 80 24 DBPATTERNS_WORKDIR="$SCRATCH/search"
check "the Lesson pane shows" tui_wait "Lesson 1: One database"
tui_keys n
check "n before any search says what to do" tui_wait "Nothing to repeat yet: / searches"
tui_keys /
check "/ opens a prompt on the status line" tui_wait "Enter searches, Esc cancels"
tui_keys -l catalog
check "what is typed shows there" tui_wait "/catalog_"
tui_keys Enter
check "Enter finds the first match below the top" tui_wait_re "/catalog: match 1 of [0-9]+\."
check "the view moves to it" tui_wait "Step 2: Read the catalog"
check "the match is highlighted" marked catalog
tui_keys n
check "n goes to the next" tui_wait_re "/catalog: match 2 of [0-9]+\."
tui_keys N
check "N to the previous" tui_wait_re "/catalog: match 1 of [0-9]+\. n next"
tui_keys N
check "N again wraps round to the end and says so" tui_wait "wrapped past the top to the end"
check "the last match is in view" tui_wait "catalog return to where it was"
tui_keys n
check "n from the last wraps to the top and says so" tui_wait_re "match 1 of [0-9]+, wrapped past the end to the top"
tui_keys /
tui_keys -l Catalog
tui_keys Enter
check "a capital letter makes case count" tui_wait "Not found in the Lesson pane: Catalog"
tui_keys /
tui_keys -l zzqx
check "the prompt shows what is typed" tui_wait "/zzqx_"
tui_keys Escape
check "Esc cancels the prompt" tui_gone "/zzqx_"
check "and the status line is as it was" tui_wait "Not found in the Lesson pane: Catalog"
tui_keys /
check "the prompt opens again" tui_wait "Enter searches, Esc cancels"
tui_keys C-c
check "Ctrl-C cancels it too" tui_gone "Enter searches, Esc cancels"
check "and it did not ask to quit" tui_lacks "Quit dbpatterns?"
tui_keys Escape
check "Esc clears the marks" tui_wait "Search marks cleared"

# The Tables list: the cursor goes to the table; Enter opens it.
tui_keys p
check "lesson 1 is provisioned" tui_wait "Lesson 1 provisioned in"
tui_keys Tab
check "the Tables list shows" tui_wait "Enter opens a table"
tui_keys /
tui_keys -l users
tui_keys Enter
check "/users in the Tables list finds the table" tui_wait "/users: match 1 of 1."
tui_keys Enter
check "and the cursor is on it: Enter opens users" tui_wait "dbp_community.main.users  5000 rows"
# An open table: the page of rows on screen.
tui_keys /
tui_keys -l "user42@"
tui_keys Enter
check "/ in an open table finds a row" tui_wait "/user42@: match 1 of 1."
check "and scrolls to it" tui_wait "| user42   | user42@example.org"
tui_keys /
tui_keys -l "nosuchuser"
tui_keys Enter
check "a row not on the page is not found there, and PgDn is named" tui_wait "Not found on this page of rows: nosuchuser (PgDn"
tui_keys Escape
check "Esc goes back to the list" tui_wait "Enter opens a table"
tui_keys /
tui_keys -l comm
tui_keys Enter
check "a search from users wraps to the first table under dbp_community" tui_wait "/comm: match 1 of 2, wrapped past the end to the top"
tui_keys n
check "n goes to the next table that matches" tui_wait "/comm: match 2 of 2."
tui_keys Enter
check "the cursor is on it" tui_wait "dbp_community.main.dbpatterns_history_community"
tui_keys Escape N
check "N goes back" tui_wait "/comm: match 1 of 2."
tui_keys Enter
check "to comments" tui_wait "dbp_community.main.comments  50000 rows"
tui_keys q
check "q quits" tui_wait "EXIT=0"
tui_stop

# ---- the status line -------------------------------------------------------
# A long error is never cut where its meaning is: it grows the status line
# upward and shows whole (a server that is not there, at 80 columns).
fresh
tui_start 80 24 PGCONNECT_TIMEOUT=3 -- --backend postgres --dsn "host=127.0.0.1 port=1 user=nobody dbname=none"
check "the connection error shows what failed" tui_wait "cannot connect to PostgreSQL" 20
check "and why, whole" tui_wait "Connection refused" 5
check "down to its last words" tui_wait "TCP/IP connections?" 5
tui_keys q
tui_wait "EXIT=" 10 >/dev/null
tui_stop

# ---- small and wide screens ------------------------------------------------
# A projector's 64x20: every pane's tab shows (abbreviated), and the help
# never cuts an entry: what does not fit is on its next page.
fresh
tui_start 64 20
check "64x20: every tab shows, abbreviated" tui_wait_re "Less +Topo +Tabl +Migr +Timi +SQL" 10
check "the title row keeps its keys whole, the name alone before them" \
	tui_wait_re "^ dbpatterns +\? help  q quit *$" 10
tui_keys '?'
check "the help says it has pages" tui_wait "Keys, page 1 of 3 (Space: next page" 10
check "its entries whole" tui_wait "PgDn/Space  page down / next rows" 10
tui_keys Space
tui_keys Space
check "Space turns to its last page" tui_wait "Keys, page 3 of 3" 10
check "whose entries are whole too" tui_wait "Ctrl-Z      suspend (fg resumes)" 10
tui_keys q
check "any other key closes it" tui_gone "Keys, page" 10
tui_keys q
tui_wait "EXIT=" 10 >/dev/null
# Fourteen lessons on 64x20: the sidebar shows a window around the chosen
# lesson, its steps whole, and how many more there are above and below;
# the welcome takes its short form rather than losing words.
mkdir -p "$SCRATCH/many"
cp -r "$DBP_SRCDIR/data/lessons/_shared" "$SCRATCH/many/"
for n in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do
	d="$SCRATCH/many/$n-copy"
	cp -r "$DBP_SRCDIR/data/lessons/01-one-db-one-app" "$d"
	sed -i "s/^number = 1\$/number = $n/; s/^slug = .*/slug = copy-$n/; s/^title = One database, one app.*/title = Copy $n/" \
		"$d/lesson.ini"
done
fresh
tui_start 64 20 --lessons "$SCRATCH/many" --lesson 14
check "64x20, 14 lessons: the short welcome, whole" tui_wait "Lessons 1-9; ] for the rest; p provisions, ? every key." 10
check "the lessons above the window are counted" tui_wait_re "^ +↑ [0-9]+ more" 10
check "lesson 14's steps show whole" tui_wait "· One join against N+1" 10
tui_keys '[' '[' '[' '[' '[' '['
check "six lessons back, lesson 8's steps show" tui_wait_re "^ 8 Copy 8 .*" 10
check "with lessons counted above and below" tui_wait_re "^ +↓ [0-9]+ more" 10
check "and its last step" tui_wait "· One join against N+1" 10
tui_keys q
tui_wait "EXIT=" 10 >/dev/null
# 220 columns: the sidebar has room for whole step names.
fresh
tui_start 220 30
tui_keys 3
check "220 columns: whole step names in the sidebar" tui_wait "· A third app, a name already taken" 10
tui_keys q
tui_wait "EXIT=" 10 >/dev/null
tui_stop
