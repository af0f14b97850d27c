#!/bin/sh
# Teardown drops only what both the manifest and the marker call ours.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
P=$(unique_prefix)
dbp() { "$DBP_BIN" --backend postgres --prefix "$P" "$@"; }
TEARDOWN_HOOK="psql -Xqc 'DROP DATABASE IF EXISTS \"${P}_community\"'; psql -Xqc 'DROP DATABASE IF EXISTS \"${P}_central_db\"'; dbp teardown all"

dbp provision 1 >/dev/null
psql_q "CREATE VIEW my_view AS SELECT username FROM users" "${P}_community"
run_dbp --backend postgres --prefix "$P" teardown 1
check "a user's view stops teardown" [ "$RC" -ne 0 ]
check "the message names it" contains "$ERR" "view public.my_view"
check "the view still answers, data intact" [ "$(psql_q "SELECT count(*) FROM my_view" "${P}_community")" = 5000 ]
psql_q "DROP VIEW my_view" "${P}_community"

psql_q "CREATE TABLE my_notes (id int PRIMARY KEY, user_id int REFERENCES users (id))" "${P}_community"
run_dbp --backend postgres --prefix "$P" teardown 1
check "a user's table referencing ours stops teardown" [ "$RC" -ne 0 ]
check "and the table survives" [ "$(psql_q "SELECT count(*) FROM pg_tables WHERE tablename = 'my_notes'" "${P}_community")" = 1 ]
psql_q "DROP TABLE my_notes" "${P}_community"

# A function, a procedure, types and an index of the user's would go with
# DROP DATABASE (the lesson's own functions, lesson 14's, are checked in
# tests/pg/lesson14.sh; an extension's, lesson 11's, in tests/pg/lesson11.sh).
psql_q "CREATE FUNCTION my_fn() RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE TYPE my_mood AS ENUM ('ok');
	CREATE PROCEDURE my_proc() LANGUAGE sql AS 'SELECT 1'; CREATE TYPE my_span AS RANGE (subtype = int);
	CREATE INDEX my_idx ON users (username)" "${P}_community"
run_dbp --backend postgres --prefix "$P" teardown 1
check "a user's function, procedure, types and index stop teardown" [ "$RC" -ne 0 ]
check "the message names the function" contains "$ERR" "function public.my_fn"
check "the procedure" contains "$ERR" "procedure public.my_proc"
check "the types" contains "$ERR" "type public.my_mood, type public.my_span,"
check "the index" contains "$ERR" "index public.my_idx"
check "and not the range's own constructors" lacks "$ERR" "function public.my_span"
check "the function still answers" [ "$(psql_q "SELECT my_fn()" "${P}_community")" = 1 ]
check "and the lesson's rows are there" [ "$(psql_q "SELECT count(*) FROM users" "${P}_community")" = 5000 ]
psql_q "DROP FUNCTION my_fn(); DROP TYPE my_mood; DROP PROCEDURE my_proc(); DROP TYPE my_span; DROP INDEX my_idx" "${P}_community"

psql_q "CREATE TABLE keep_me (x int)" "${P}_community"
run_dbp --backend postgres --prefix "$P" teardown 1
check "a user's table in our database keeps the database" [ "$RC" -ne 0 ]
check "the reason names it" contains "$ERR" "public.keep_me"
check "keep_me survives" [ "$(psql_q "SELECT count(*) FROM pg_tables WHERE tablename = 'keep_me'" "${P}_community")" = 1 ]
psql_q "DROP TABLE keep_me" "${P}_community"
run_dbp --backend postgres --prefix "$P" teardown 1
check "teardown completes once the user's objects are gone" [ "$RC" -eq 0 ]
check "the database is gone" [ -z "$(psql_q "SELECT 1 FROM pg_database WHERE datname = '${P}_community'")" ]

# A same-named database without our marker is never touched.
psql_q "CREATE DATABASE \"${P}_central_db\""
run_dbp --backend postgres --prefix "$P" provision 3
check "provision refuses a stranger's database" [ "$RC" -ne 0 ]
check "and says it is not ours" contains "$ERR" "carries no dbpatterns marker"
run_dbp --backend postgres --prefix "$P" teardown 3
check "teardown leaves the stranger alone" [ -n "$(psql_q "SELECT 1 FROM pg_database WHERE datname = '${P}_central_db'")" ]

# Marker present but not in this workspace's manifest: left alone.
psql_q "DROP DATABASE \"${P}_central_db\""
dbp provision 1 >/dev/null
DBPATTERNS_WORKDIR="$SCRATCH/other" run_dbp --backend postgres --prefix "$P" teardown 1
check "another workspace cannot drop it" [ -n "$(psql_q "SELECT 1 FROM pg_database WHERE datname = '${P}_community'")" ]

# Schema per app: a user's object in another schema depending on ours.
dbp provision 4 >/dev/null
psql_q "CREATE SCHEMA mine; CREATE VIEW mine.readers AS SELECT name FROM \"${P}_books\".users" "${P}_big_db"
run_dbp --backend postgres --prefix "$P" teardown 4
check "a view in the user's own schema stops teardown" [ "$RC" -ne 0 ]
check "the user's schema survives" [ "$(psql_q "SELECT count(*) FROM mine.readers" "${P}_big_db")" = 1000 ]
psql_q "DROP SCHEMA mine CASCADE" "${P}_big_db"
run_dbp --backend postgres --prefix "$P" teardown all
check "teardown all" [ "$RC" -eq 0 ]
check "nothing of ours is left" [ -z "$(psql_q "SELECT datname FROM pg_database WHERE datname LIKE '${P}\\_%'")" ]

# A role a demonstration makes and drops, left behind as a killed
# dbpatterns leaves it (made with this workspace's marker, the one its
# database carries): teardown drops it.  Same-named roles that are not
# this workspace's -- no marker, or another workspace's -- stay.
dbp provision 6 >/dev/null
marker=$(psql_q "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '${P}_saas'")
check "the lesson's database carries our marker" contains "$marker" "dbpatterns-owned:"
psql_q "CREATE ROLE \"${P}_tenant_a_login\" LOGIN; COMMENT ON ROLE \"${P}_tenant_a_login\" IS \$m\$$marker\$m\$"
psql_q "CREATE ROLE \"${P}_tenant_b_login\""
dbp provision 2 >/dev/null
other=$(printf '%s' "$marker" | sed 's/^workspace=.*/workspace=someone-else/')
psql_q "CREATE ROLE \"${P}_shop_demo\"; COMMENT ON ROLE \"${P}_shop_demo\" IS \$m\$$other\$m\$"
run_dbp --backend postgres --prefix "$P" teardown 6
check "teardown of lesson 6" [ "$RC" -eq 0 ]
check "drops the role a cut-short demonstration left" \
	[ -z "$(psql_q "SELECT 1 FROM pg_roles WHERE rolname = '${P}_tenant_a_login'")" ]
check "and says so" contains "$OUT" "role ${P}_tenant_a_login dropped"
check "an unmarked role of the same pattern stays" \
	[ -n "$(psql_q "SELECT 1 FROM pg_roles WHERE rolname = '${P}_tenant_b_login'")" ]
run_dbp --backend postgres --prefix "$P" teardown 2
check "teardown of lesson 2" [ "$RC" -eq 0 ]
check "another workspace's role stays" \
	[ -n "$(psql_q "SELECT 1 FROM pg_roles WHERE rolname = '${P}_shop_demo'")" ]
psql_q "DROP ROLE \"${P}_tenant_b_login\"; DROP ROLE \"${P}_shop_demo\""
