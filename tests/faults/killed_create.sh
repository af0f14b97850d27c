#!/bin/sh
# Killed during CREATE DATABASE: the manifest already names the database
# (intent is recorded first) but the database exists unmarked and empty
# (CREATE DATABASE commits before its COMMENT).  provision finishes it,
# teardown drops it.  A same-named unmarked database the manifest does
# not name -- or one that holds something -- is a stranger's: both
# refuse, and it stays.  Runs as a role with a password in the DSN.
. "$DBP_SRCDIR/tests/lib.sh"
. "$DBP_SRCDIR/tests/faults/common.sh"
need_pg
pg_fault_setup
DB="${P}_community"
exists() { [ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname = '$DB'")" = 1 ]; }
absent() { [ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname = '$DB'")" = 0 ]; }
comment() { psql_q "SELECT coalesce(shobj_description(oid, 'pg_database'), '<none>') FROM pg_database WHERE datname = '$DB'"; }
listed() { grep -qxF "$LINE" "$W/manifest.tsv" 2>/dev/null; }
# The state a kill between CREATE DATABASE and its COMMENT leaves: the
# manifest line, and an empty database without a comment, owned by the
# role that was creating it.
interrupted_state() {
	printf '%s\n' "$LINE" >>"$W/manifest.tsv"
	psql_q "CREATE DATABASE \"$DB\" OWNER \"$ROLE\""
}

# Learn the manifest line from a real run.
d provision 1
check "provision 1 with the password DSN" [ "$RC" -eq 0 ]
LINE=$(grep "	database	$DB\$" "$W/manifest.tsv")
check "the manifest names the database (server, kind, name)" [ "$LINE" = "postgres:$ROLE@127.0.0.1:${PGPORT:-5432}	database	$DB" ]
WSID=$(cat "$W/workspace.id")
check "the database carries the marker naming this workspace" contains "$(comment)" "workspace=$WSID"
d teardown 1
check "teardown 1" [ "$RC" -eq 0 ]
check "the database is gone" absent
check "and so is its manifest line" sh -c '! grep -q "	database	" "$1"' _ "$W/manifest.tsv"

# ---- interrupted CREATE, then provision ----------------------------------
interrupted_state
check "state: the database exists without a comment" [ "$(comment)" = "<none>" ]
check "state: and the manifest names it" listed
d provision 1
check "provision 1 finishes what the interrupted run began (exit 0)" [ "$RC" -eq 0 ]
[ "$RC" -eq 0 ] || echo "# $ERR"
check "it says so" contains "$OUT" "finished what an interrupted run began"
check "the database now carries the marker naming the workspace id" contains "$(comment)" "workspace=$WSID"
check "and the seed (5000 users)" [ "$(psql_q "SELECT count(*) FROM users" "$DB")" = 5000 ]
check "listed once in the manifest" [ "$(grep -cxF "$LINE" "$W/manifest.tsv")" -eq 1 ]
d teardown 1
check "teardown 1 drops it" [ "$RC" -eq 0 ]
check "psql: gone" absent
check "the manifest line too" sh -c '! grep -qxF "$1" "$2"' _ "$LINE" "$W/manifest.tsv"

# ---- interrupted CREATE, then teardown directly ----------------------------------
interrupted_state
d teardown 1
check "teardown 1 straight after an interrupted CREATE drops it (exit 0)" [ "$RC" -eq 0 ]
[ "$RC" -eq 0 ] || echo "# $ERR"
check "psql: gone" absent
check "the manifest line too" sh -c '! grep -qxF "$1" "$2"' _ "$LINE" "$W/manifest.tsv"

# ---- the same name, not in the manifest: a stranger's ---------------------------------
psql_q "CREATE DATABASE \"$DB\" OWNER \"$ROLE\""
before=$(cat "$W/manifest.tsv")
d provision 1
check "provision refuses an unmarked database the manifest does not name" clean_failure
check "saying it carries no marker" contains "$ERR" "carries no dbpatterns marker"
check "and that nothing changed" contains "$ERR" "provisioning changed nothing"
check "it is left in place" exists
check "still without a comment" [ "$(comment)" = "<none>" ]
check "still empty" [ "$(psql_q "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace" "$DB")" = 0 ]
d teardown 1
check "teardown refuses it too" clean_failure
check "saying it is left alone" contains "$ERR" "it is left alone"
check "it is left in place" exists
check "still without a comment" [ "$(comment)" = "<none>" ]
check "the manifest is as it was" [ "$(cat "$W/manifest.tsv")" = "$before" ]
psql_q "DROP DATABASE \"$DB\""

# ---- named in the manifest, unmarked, but not empty: not what a kill leaves ------------
interrupted_state
psql_q "CREATE TABLE my_notes (x int); INSERT INTO my_notes VALUES (42)" "$DB"
d provision 1
check "provision refuses an unmarked database that holds a table" clean_failure
check "naming what it holds" contains "$ERR" "public.my_notes"
check "the table and its row survive" [ "$(psql_q "SELECT x FROM my_notes" "$DB")" = 42 ]
check "no marker was set" [ "$(comment)" = "<none>" ]
d teardown 1
check "teardown refuses it too" clean_failure
check "the table and its row survive teardown" [ "$(psql_q "SELECT x FROM my_notes" "$DB")" = 42 ]
psql_q "DROP DATABASE \"$DB\""
d teardown 1
check "once it is gone, teardown 1 cleans the manifest (exit 0)" [ "$RC" -eq 0 ]
check "psql shows no database with the prefix" [ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${P}\\_%'")" = 0 ]
check "the manifest lists no database" sh -c '! grep -q "	database	" "$1"' _ "$W/manifest.tsv"
canary_check
