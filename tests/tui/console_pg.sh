#!/bin/sh
# The console keeps one session per app on PostgreSQL: SET search_path
# lasts (lesson 4's books schema then answers an unqualified name), the
# backend pid stays the same, and the prompt shows the search_path and the
# transaction as psql does (* open, ! failed).
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
P=$(unique_prefix)
TEARDOWN_HOOK="'$DBP_BIN' --backend postgres --prefix '$P' teardown all"

# console SQL APP: types SQL, waits until it shows, runs it, waits until
# the input line is empty again (the statement has run).
console() {
	tui_keys -l "$1"
	tui_wait "$(printf '%s' "$1" | tail -c 20)" 20 >/dev/null
	tui_keys Enter
	tui_wait_re "│ $2=[*!]?> *$" 60 >/dev/null
}

tui_start 140 40 --backend postgres --prefix "$P"
check "the screen opens on PostgreSQL" tui_wait "One database, one app" 20
tui_keys 4
check "the lesson's text names the schemas as this workspace calls them" \
	tui_wait "${P}_community.users and ${P}_books.users" 20
tui_keys p
check "p provisions lesson 4" tui_wait "Lesson 4 provisioned" 120
tui_keys s
check "s opens the console on the first app's own session" tui_wait "own session on postgres" 20
check "the prompt shows the search_path" tui_wait_re "search_path: .*${P}_" 20
app=$(tui_screen | sed -n 's/.*│ *\([a-z_]*\)=> *$/\1/p' | head -n 1)
check "the prompt names the app ($app)" [ -n "$app" ]
console "SET search_path TO ${P}_books" "$app"
check "the SET lasts: the prompt shows the new search_path" tui_wait "search_path: ${P}_books" 20
console "SELECT count(*) AS n FROM users" "$app"
check "an unqualified name now reaches the books schema's users (1000 rows)" tui_wait_re "│ +1000( |$)" 20
console "SELECT pg_backend_pid() AS pid" "$app"
tui_wait "(1 row," 20 >/dev/null
pid1=$(tui_screen | sed -n 's/.*│ *\([0-9][0-9]*\) *$/\1/p' | tail -n 1)
console "SELECT pg_backend_pid() AS pid" "$app"
tui_wait "(1 row," 20 >/dev/null
pid2=$(tui_screen | sed -n 's/.*│ *\([0-9][0-9]*\) *$/\1/p' | tail -n 1)
check "two statements run on one backend ($pid1, $pid2)" [ -n "$pid1" ] && [ "$pid1" = "$pid2" ]
console "BEGIN" "$app"
check "BEGIN: the prompt shows an open transaction" tui_wait_re "$app=\\*> *$" 20
check "and the status says the other panes show what is committed" tui_wait "other panes show what is committed" 10
console "SELECT 1/0" "$app"
check "an error inside it: the prompt shows a failed transaction" tui_wait_re "$app=!> *$" 20
console "ROLLBACK" "$app"
check "ROLLBACK ends it" tui_wait_re "$app=> *$" 20
tui_keys Escape q
tui_wait "EXIT=" 10 >/dev/null
tui_stop
