#!/bin/sh
# Lesson 9 on SQLite: its claims pass live (the delete without an index on
# orders.user_id is the slower one; the PostgreSQL-only claims say so), and
# a migration marked no-transaction that fails half way keeps what ran
# before the failure and records no version.
. "$DBP_SRCDIR/tests/lib.sh"
L9="$SCRATCH/lessons/09-migrations-under-load"
mkdir -p "$SCRATCH/lessons"
cp -r "$DBP_SRCDIR/data/lessons/09-migrations-under-load" "$L9"

run_dbp --reps 3 check-lessons --live "$SCRATCH/lessons"
check "lesson 9's claims pass on SQLite (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "deleting users is slower without the index, by a measured factor" \
	sh -c 'printf "%s" "$1" | grep -Eq "✓ fk_delete_needs_index: .* is [0-9.]+x slower than .*, measured"' _ "$OUT"
check "measured at 002 against 003" contains "$OUT" "delete_users at shop 002"
check "the marked migration applies on SQLite" contains "$OUT" "✓ cic_without_transaction: shop 003 applied, as claimed"
check "CONCURRENTLY's refusal is PostgreSQL's only, and says so" \
	contains "$OUT" "– cic_refused_in_transaction: not claimed on sqlite (made on postgres only)"
check "so is the table's file" contains "$OUT" "– volatile_default_rewrites: not claimed on sqlite"
check "the lesson was put back: nothing provisioned" [ ! -e "$DBPATTERNS_WORKDIR/dbp_shop_db.db" ]
check "SQLite's stand-in: a short busy timeout, and the migration gives up" \
	sh -c 'printf "%s" "$1" | grep -Eq "✓ lock_timeout_fails_fast: [0-9.]+x, measured"' _ "$OUT"
check "in SQLite's words" contains "$OUT" "it gave up after"
check "with database is locked" contains "$OUT" "database is locked"
check "readers are not held up by the waiting migration" \
	sh -c 'printf "%s" "$1" | grep -Eq "✓ sqlite_reads_do_not_queue: [0-9.]+x, measured"' _ "$OUT"
check "the index demonstrations are PostgreSQL's only, and say so" \
	contains "$OUT" "– concurrently_spares_writes: not claimed on sqlite (made on postgres only)"
check "the queue is claimed on PostgreSQL only, and says so" \
	contains "$OUT" "– reads_queue_behind_alter: not claimed on sqlite (made on postgres only)"

# The demonstration itself, as a user runs it.
"$DBP_BIN" provision 9 >/dev/null
run_dbp demo 9
check "demo 9 lists the lock queue" sh -c 'printf "%s" "$1" | grep -Eq "^queue +lock_queue"' _ "$OUT"
run_dbp demo 9 queue
check "the demonstration runs (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "the migration waits out the open write transaction" contains "$OUT" "the migration went through after"
check "and with a short busy timeout gives up" contains "$OUT" "the migration gave up after"
check "saying database is locked" contains "$OUT" "database is locked"
check "the lookups are graphed" contains "$OUT" "the slowest query started in each tenth of a second"
run_dbp demo 9 index_concurrently
check "a PostgreSQL-only demonstration says so on SQLite" \
	contains "$ERR" "demo index_concurrently runs on postgres only"
check "and fails cleanly" [ "$RC" -eq 1 ]
check "nothing of the migration stayed" \
	[ "$(sqlite3 "$DBPATTERNS_WORKDIR/dbp_shop_db.db" "SELECT count(*) FROM pragma_table_info('orders') WHERE name = 'queue_demo'")" = 0 ]
"$DBP_BIN" teardown 9 >/dev/null
check "torn down" [ ! -e "$DBPATTERNS_WORKDIR/dbp_shop_db.db" ]

# A no-transaction migration whose second statement fails.
printf -- '-- dbpatterns: no-transaction\nCREATE INDEX orders_user_id ON orders (user_id);\nCREATE INDEX orders_total ON no_such_table (total);\n' \
	> "$L9/shop/003_index_order_user.up.sqlite.sql"
dbl() { "$DBP_BIN" --lessons "$SCRATCH/lessons" "$@"; }
dbl provision 9 >/dev/null
check "provisioned at 002" [ $? -eq 0 ]
run_dbp --lessons "$SCRATCH/lessons" migrate 9 up --app shop
check "the failed migration fails the command" [ "$RC" -ne 0 ]
check "it says which statement failed and what stayed" \
	contains "$OUT" "up 003_index_order_user FAILED at statement 2 of 2 (outside a transaction: 1 kept, version not recorded)"
check "with SQLite's own words" contains "$ERR" "no such table: main.no_such_table"
check "the first statement's index stayed" contains "$OUT" "+ index dbp_shop_db.main.orders: orders_user_id (user_id)"
run_dbp --lessons "$SCRATCH/lessons" --format csv migrate 9 status --app shop
check "and 003 is still pending" contains "$OUT" "shop,3,index_order_user,pending"
run_dbp --lessons "$SCRATCH/lessons" teardown 9
check "teardown after the half-done migration (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]

run_dbp tour 9
check "lesson 9 has a tour of seven stops" contains "$OUT" "7 stops; dbpatterns --tour 9 plays it"
check "whose sixth stop runs the lock demonstration" contains "$OUT" " 6  does: demo queue"
