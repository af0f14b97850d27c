#!/bin/sh
# Ownership before change, on a real PostgreSQL: a workspace touches only
# what its own manifest and marker both claim.  Three workspaces, two of
# them sharing a prefix; the user's own objects inside a lesson database;
# steps that fail are reported as failures.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
P=$(unique_prefix)
Q="${P}q"
A="$SCRATCH/ws A"; B="$SCRATCH/ws B"; C="$SCRATCH/ws C"
TEARDOWN_HOOK="'$DBP_BIN' -w '$A' -b postgres --prefix '$P' teardown all; '$DBP_BIN' -w '$C' -b postgres --prefix '$Q' teardown all"

in_ws() { ws=$1; shift; run_dbp --workdir "$ws" --backend postgres "$@"; ALL="$ALL$OUT$ERR"; }
rows() { psql_q "SELECT count(*) FROM $1" "$2" 2>/dev/null || echo gone; }
ALL=""

in_ws "$A" --prefix "$P" provision 1
check "workspace A provisions lesson 1" [ "$RC" -eq 0 ]
in_ws "$C" --prefix "$Q" provision 1
check "workspace C provisions lesson 1 under another prefix" [ "$RC" -eq 0 ]
before_a=$(rows users "${P}_community"); before_c=$(rows users "${Q}_community")

# Defect 1: B shares A's prefix.  Its teardown must change nothing.
in_ws "$B" --prefix "$P" teardown 1
check "B's teardown of A's lesson fails" [ "$RC" -eq 1 ]
check "and names the other workspace's location" contains "$ERR" "belongs to another dbpatterns workspace"
check "with its path" contains "$ERR" "$A"
check "A's rows are intact" [ "$(rows users "${P}_community")" = "$before_a" ]
in_ws "$A" --prefix "$P" migrate 1 status
check "A's migrations are still applied" [ "$(printf '%s\n' "$OUT" | grep -c ' applied ')" -eq 2 ]

# Defect 2: B's provision does not adopt A's database.
in_ws "$B" --prefix "$P" provision 1
check "B's provision refuses A's database" [ "$RC" -eq 1 ]
check "and says whose it is" contains "$ERR" "belongs to another dbpatterns workspace"
check "B's manifest does not list it" [ ! -f "$B/manifest.tsv" ] || ! grep -q "${P}_community" "$B/manifest.tsv"
in_ws "$B" --prefix "$P" migrate 1 down --to 0
check "B cannot roll back A's migrations" [ "$RC" -eq 1 ]
check "A's rows are still intact" [ "$(rows users "${P}_community")" = "$before_a" ]
check "C's rows are intact" [ "$(rows users "${Q}_community")" = "$before_c" ]

# A manifest edited by hand to list A's database is not enough: the
# marker names A's workspace id, not B's.
mkdir -p "$B"
grep "${P}_community" "$A/manifest.tsv" >> "$B/manifest.tsv"
in_ws "$B" --prefix "$P" teardown 1
check "a hand-edited manifest does not make it B's" [ "$RC" -eq 1 ]
check "A's rows survive that too" [ "$(rows users "${P}_community")" = "$before_a" ]

# Defect 10: the user's own objects stop teardown before anything changes.
psql_q "CREATE TABLE notes (id int PRIMARY KEY, user_id int REFERENCES users(id))" "${P}_community"
in_ws "$A" --prefix "$P" teardown 1
check "a user's table with a foreign key into a lesson table stops teardown" [ "$RC" -eq 1 ]
check "and is named" contains "$ERR" "foreign key notes_user_id_fkey of public.notes into public.users"
check "nothing was rolled back" [ "$(rows users "${P}_community")" = "$before_a" ]
psql_q "DROP TABLE notes" "${P}_community"
psql_q "CREATE SCHEMA mine; CREATE TABLE mine.t (x int); CREATE SEQUENCE public.my_seq" "${P}_community"
in_ws "$A" --prefix "$P" teardown 1
check "a user's schema stops teardown" contains "$ERR" "schema mine"
check "a user's sequence is named too" contains "$ERR" "sequence public.my_seq"
check "and nothing changed" [ "$(rows users "${P}_community")" = "$before_a" ]
psql_q "DROP SCHEMA mine CASCADE; DROP SEQUENCE public.my_seq" "${P}_community"

# Lesson 4 in schemas: a user's table in a lesson schema is found too.
in_ws "$A" --prefix "$P" provision 4
psql_q "CREATE TABLE \"${P}_shop\".wishlist (id int)" "${P}_big_db"
in_ws "$A" --prefix "$P" teardown 4
check "a user's table inside a lesson schema stops teardown" contains "$ERR" "table ${P}_shop.wishlist"
check "and the shop's orders are still there" [ "$(rows "\"${P}_shop\".orders" "${P}_big_db")" = 30000 ]
psql_q "DROP TABLE \"${P}_shop\".wishlist" "${P}_big_db"
in_ws "$A" --prefix "$P" teardown 4
check "once it is gone, teardown 4 completes" [ "$RC" -eq 0 ]

# Defect 7: a failing migration is reported as a failure, not "applied".
rm -rf "$SCRATCH/l"; mkdir -p "$SCRATCH/l"
cp -r "$DBP_SRCDIR/data/lessons/_shared" "$DBP_SRCDIR/data/lessons/01-one-db-one-app" "$SCRATCH/l/"
chmod -R u+w "$SCRATCH/l"
printf 'CREATE TABLE five (x int);\nSELECT no_such_column FROM five;\n' > "$SCRATCH/l/_shared/community/005_five.up.sql"
printf 'DROP TABLE five;\n' > "$SCRATCH/l/_shared/community/005_five.down.sql"
sed -i 's/^provision_to = 2$/provision_to = 5/' "$SCRATCH/l/01-one-db-one-app/lesson.ini"
in_ws "$C" --prefix "$Q" --lessons "$SCRATCH/l" provision 1
check "provisioning up to a failing migration fails" [ "$RC" -eq 1 ]
check "stdout does not claim it was applied" lacks "$OUT" "applied 005_five"
check "it says it failed and was rolled back" contains "$OUT" "applying 005_five failed"
check "and the engine's words are on stderr" contains "$ERR" "no_such_column"
check "the table it began is not there" [ -z "$(psql_q "SELECT to_regclass('public.five')" "${Q}_community")" ]
in_ws "$C" --prefix "$Q" --lessons "$SCRATCH/l" migrate 1 status
check "status shows 001-004 applied, 005 pending" [ "$(printf '%s\n' "$OUT" | grep -c ' applied ')" -eq 4 ] && contains "$OUT" "5  five"

# Teardown each: both leave the others' rows as they were.
in_ws "$C" --prefix "$Q" --lessons "$SCRATCH/l" teardown 1
check "C tears down its own lesson" [ "$RC" -eq 0 ]
check "A's rows are untouched by C's teardown" [ "$(rows users "${P}_community")" = "$before_a" ]
in_ws "$A" --prefix "$P" teardown 1
check "A tears down its own lesson" [ "$RC" -eq 0 ]
check "and psql agrees nothing of either prefix is left" [ -z "$(psql_q "SELECT datname FROM pg_database WHERE datname LIKE '${P}%'")" ]

check "no sanitizer report in any output" lacks "$ALL" "AddressSanitizer"
