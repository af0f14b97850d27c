#!/bin/sh
# One connection per app, kept: on PostgreSQL, navigation keys open no
# connection at all and an action opens at most one per database it
# touches; the console keeps its session (a temporary table lives on from
# one query to the next).
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
P=$(unique_prefix)
TEARDOWN_HOOK="'$DBP_BIN' --backend postgres --prefix '$P' teardown all"

# Sessions ever opened (pg_stat_database counts each at its start); a
# moment first, so that the other backends' counts are flushed.
# Only this test's databases count (other tests may run beside it), and
# the admin connection dbpatterns keeps to the server's own database is
# counted by the sessions it opens to ours; psql itself connects elsewhere.
sessions() { sleep 1.5; psql_q "SELECT coalesce(sum(sessions), 0) FROM pg_stat_database WHERE datname LIKE '${P}\\_%'"; }

tui_start 100 30 --backend postgres --prefix "$P"
check "the screen opens on PostgreSQL" tui_wait "One database, one app" 20
tui_keys p
check "p provisions lesson 1" tui_wait "Lesson 1 provisioned" 120
# Every pane and lesson seen once: each lesson's data is read when first
# shown, then kept until an action changes it.
see_every_lesson
# The last statement each dbpatterns session ran, and when: navigation must
# leave them all as they were (pg_stat_activity's state_change moves with
# every statement a session runs).
last_statements() {
	psql_q "SELECT coalesce(string_agg(pid || ':' || state_change, ',' ORDER BY pid), 'none')
		FROM pg_stat_activity WHERE application_name = 'dbpatterns' AND datname LIKE '${P}\\_%'"
}
stmts_before=$(last_statements)
before=$(sessions)
navigation_keys
tui_keys Tab
tui_wait "Timings" 10 >/dev/null
sleep 0.5
after=$(sessions)
stmts_after=$(last_statements)  # after the count: its psql is not counted
check "$(nav_key_count) navigation keys open no connection to the lesson's databases ($before -> $after)" [ "$after" -eq "$before" ]
check "$(nav_key_count) navigation keys run no statement (sessions' last statements: $stmts_before -> $stmts_after)" \
	[ "$stmts_before" = "$stmts_after" ]
tui_keys m
check "m applies the next migration" tui_wait "003_index_foreign_keys" 60
after_m=$(sessions)
check "m opens at most one connection per database it touches ($after -> $after_m)" [ $((after_m - after)) -le 1 ]

# The console keeps its session: a temporary table outlives its query.
tui_keys s
check "s opens the console" tui_wait "SQL" 10
tui_keys -l "CREATE TEMP TABLE kept AS SELECT 4242 AS answer"
tui_keys Enter
check "the console creates a temporary table" tui_wait "row" 20
tui_keys -l "SELECT answer FROM kept"
tui_keys Enter
# Its grid row (the statement above it names 4242 too), in whichever half
# of the screen the navigation above (v) left the console.
check "the next query still sees it" tui_wait_re "(^|│) +4242 *(│.*)?$" 20
tui_keys Escape q
tui_wait "EXIT=" 10 >/dev/null
tui_stop
