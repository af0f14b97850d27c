#!/bin/sh
# The screen on PostgreSQL: the server shown without a password, lesson 2's
# cross-database error in PostgreSQL's words, teardown from the screen.
# Every screen check waits (bounded) for what it asserts: see tests/lib.sh.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
P=$(unique_prefix)
TEARDOWN_HOOK='"$DBP_BIN" --backend postgres --prefix "$P" teardown all'

tui_start 120 40 --backend postgres --prefix "$P"
check "the sidebar names the server as user@host:port/db" tui_wait "postgres $PGUSER@"
check "and never the password" tui_lacks "${PGPASSWORD:-no-password-set-here}" "the password (PGPASSWORD)"
tui_keys 2 p
check "lesson 2 provisions on PostgreSQL" tui_wait "Lesson 2 provisioned in" 60
# Provisioning leaves the Topology pane in front; Tab then moves on to Tables.
check "the topology gives two connection URLs" tui_wait "/${P}_service_ecommerce_db"
check "one per app" tui_wait "/${P}_service_community_db"
tui_keys Tab
check "Tab moves on to what the engine's catalog holds" tui_wait "What the engine's catalog holds"
check "the shop's database among it" tui_wait "${P}_service_ecommerce_db"
tui_keys t
check "timings finish" tui_wait "Timings done for lesson 2" 120
check "the cross-database query fails with SQLSTATE 0A000" tui_wait "0A000"
check "in PostgreSQL's own words" tui_wait "ERROR:  cross-database references are"
# Esc during provisioning: the running migration is cancelled and rolled back.
tui_keys 3 p
check "p starts provisioning lesson 3, Esc can cancel it" tui_wait "(Esc cancels)"
tui_keys Escape
# The status line then starts "provision: " (the failure path) and says why:
# inside a statement in the engine's words, or between steps ("cancelled"
# between databases, "...: cancelled before migration 001" between
# migrations), depending on where the Esc lands.
check "Esc cancels provisioning" tui_wait " provision: "
check "the whole message heads the pane, in the engine's words or between steps" tui_wait_re "canceling statement due to user request|provision: (.*: )?cancelled"
check "nothing is left half-seeded" [ "$(psql_q "SELECT count(*) FROM comments" "${P}_central_db" 2>/dev/null || echo 0)" = 0 ]
tui_keys p
check "and p carries on from where it stopped" tui_wait "Lesson 3 provisioned in" 60
check "with the seed complete" [ "$(psql_q "SELECT count(*) FROM comments" "${P}_central_db")" = 50000 ]

tui_keys 4 p
check "lesson 4 provisions" tui_wait "Lesson 4 provisioned in" 60
check "the topology shows the search_path URL" tui_wait "options=-csearch_path%3D"
# The server restarts under us: the next action reconnects, as psql does.
if [ -n "${PGVERSION:-}" ] && pg_ctlcluster "$PGVERSION" regress status >/dev/null 2>&1; then
	pg_ctlcluster "$PGVERSION" regress restart
	tui_keys t
	check "after a server restart, the next action works" tui_wait "Timings done for lesson 4" 120
else
	echo "# not under pg_virtualenv: the restart check needs its cluster"
fi

# Lesson 1 on both engines: the timings put them side by side.
"$DBP_BIN" --backend sqlite --prefix "$P" provision 1 >/dev/null
tui_keys 1 p
check "lesson 1 provisions on PostgreSQL" tui_wait "Lesson 1 provisioned in" 60
tui_keys t
check "timings run on both engines" tui_wait "Timings done for lesson 1" 120
check "PostgreSQL's line" tui_wait "postgres: 1 conn"
check "SQLite's line beside it" tui_wait "sqlite: 1 conn"
"$DBP_BIN" --backend sqlite --prefix "$P" teardown 1 >/dev/null

tui_keys 4 s
tui_keys -l "SELECT pg_sleep(60)"
tui_keys Enter
check "a long statement shows it is running" tui_wait_re "running.*\(Esc cancels\)"
tui_keys Escape
# libpq's message on one line (runs of blanks folded).
check "Esc cancels it on the server" tui_wait_re "57014 ERROR: +canceling statement due to user request"
tui_keys Escape
tui_keys x
check "x asks first, naming what goes" tui_wait "Tear down lesson 4? Its databases and every row go." 10
tui_keys n
check "any key but y keeps it" tui_wait "Nothing torn down." 10
check "and the server agrees" [ -n "$(psql_q "SELECT 1 FROM pg_database WHERE datname = '${P}_big_db'")" ]
tui_keys x
tui_wait "Tear down lesson 4?" 10 >/dev/null
tui_keys y
check "x then y tears the lesson down" tui_wait "Lesson 4 torn down."
check "and the server agrees" [ -z "$(psql_q "SELECT 1 FROM pg_database WHERE datname = '${P}_big_db'")" ]
tui_keys q
check "q quits" tui_wait "EXIT=0"
