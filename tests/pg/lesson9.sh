#!/bin/sh
# Lesson 9 on PostgreSQL: every claim passes live, each surprise with its
# verdict: CREATE INDEX CONCURRENTLY refused in a migration's transaction
# (25001) and applied by one marked no-transaction, the table's file kept
# by a constant default and replaced by a volatile one, the delete that
# reads orders once per user without the index.  Then the marked
# migration by hand: the index it builds is valid, and one that fails
# half way keeps its first statement and records no version.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
P=$(unique_prefix)
L9="$SCRATCH/lessons/09-migrations-under-load"
mkdir -p "$SCRATCH/lessons"
cp -r "$DBP_SRCDIR/data/lessons/09-migrations-under-load" "$L9"
dbl() { "$DBP_BIN" --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" "$@"; }
TEARDOWN_HOOK="dbl teardown all"

run_dbp --backend postgres --prefix "$P" --reps 3 check-lessons --live "$SCRATCH/lessons"
check "lesson 9's claims pass on PostgreSQL (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "CONCURRENTLY is refused inside the migration's transaction" \
	contains "$OUT" "✓ cic_refused_in_transaction: fails as claimed with 25001"
check "in PostgreSQL's words" contains "$OUT" "CREATE INDEX CONCURRENTLY cannot run inside a transaction block"
check "and applied by the migration marked no-transaction" \
	contains "$OUT" "✓ cic_without_transaction: shop 003 applied, as claimed"
check "a constant default keeps the table's file" \
	contains "$OUT" "✓ constant_default_no_rewrite: 1 row, identical, in the same order"
check "a volatile one gives it a new file" contains "$OUT" "✓ volatile_default_rewrites: they differ, as claimed"
check "deleting users is slower without the index, by a measured factor" \
	sh -c 'printf "%s" "$1" | grep -Eq "✓ fk_delete_needs_index: .* is [0-9.]+x slower than .*, measured"' _ "$OUT"
check "a lookup that comes after the waiting ALTER waits too" \
	sh -c 'printf "%s" "$1" | grep -Eq "✓ reads_queue_behind_alter: [0-9.]+x, measured"' _ "$OUT"
check "with lock_timeout the ALTER gives up" \
	sh -c 'printf "%s" "$1" | grep -Eq "✓ lock_timeout_fails_fast: [0-9.]+x, measured"' _ "$OUT"
check "with 55P03" contains "$OUT" "55P03"
check "and the lookups are held up far less" \
	sh -c 'printf "%s" "$1" | grep -Eq "✓ lock_timeout_spares_reads: [0-9.]+x, measured"' _ "$OUT"
check "a plain CREATE INDEX holds up the writes behind it" \
	sh -c 'printf "%s" "$1" | grep -Eq "✓ create_index_stalls_writes: [0-9.]+x, measured"' _ "$OUT"
check "CONCURRENTLY waits as long, but the writes go on" \
	sh -c 'printf "%s" "$1" | grep -Eq "✓ concurrently_spares_writes: [0-9.]+x, measured"' _ "$OUT"
check "SQLite's own claim says so here" \
	contains "$OUT" "– sqlite_reads_do_not_queue: not claimed on postgres (made on sqlite only)"
check "nothing left behind" [ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${P}\\_%'")" = 0 ]

dbl provision 9 >/dev/null
check "provisioned at 002" [ $? -eq 0 ]
run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" demo 9 queue
check "the demonstration runs (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "the ALTER waits for the open read" contains "$OUT" "the migration went through after"
check "and with lock_timeout gives up, in PostgreSQL's words" \
	contains "$OUT" "55P03 ERROR:  canceling statement due to lock timeout"
check "the lookups are graphed, the stalled ones marked" \
	sh -c 'printf "%s" "$1" | grep -Eq "^ +[0-9.]+ s \* +[0-9.]+ ms  #+$"' _ "$OUT"
run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" demo 9 index_concurrently
check "the concurrent index build runs outside a transaction (rc $RC${ERR:+: $ERR})" \
	contains "$OUT" "session 2: CREATE INDEX CONCURRENTLY"
check "and is undone" contains "$OUT" "then undone: nothing stays"
check "nothing of it stayed, not even the invalid index lock_timeout left" \
	[ "$(psql_q "SELECT count(*) FROM pg_class WHERE relname = 'orders_total_demo'" "${P}_shop_db")" = 0 ]
check "nothing of the ALTER stayed" [ "$(psql_q "SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'queue_demo'" "${P}_shop_db")" = 0 ]
run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" migrate 9 up --app shop --to 3
check "the marked migration applies (rc $RC${ERR:+: $ERR})" contains "$OUT" "shop: up 003_index_order_user done"
check "its index is valid" [ "$(psql_q "SELECT indisvalid FROM pg_index WHERE indexrelid = 'orders_user_id'::regclass" "${P}_shop_db")" = t ]
dbl migrate 9 down --app shop --to 2 >/dev/null
check "and it rolls back with its own marked down migration" \
	[ "$(psql_q "SELECT count(*) FROM pg_class WHERE relname = 'orders_user_id'" "${P}_shop_db")" = 0 ]

printf -- '-- dbpatterns: no-transaction\nCREATE INDEX CONCURRENTLY orders_user_id ON orders (user_id);\nCREATE INDEX CONCURRENTLY orders_total ON no_such_table (total);\n' \
	> "$L9/shop/003_index_order_user.up.pg.sql"
run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" migrate 9 up --app shop --to 3
check "a marked migration failing half way fails the command" [ "$RC" -ne 0 ]
check "saying which statement failed and what stayed" \
	contains "$OUT" "up 003_index_order_user FAILED at statement 2 of 2 (outside a transaction: 1 kept, version not recorded)"
check "with PostgreSQL's SQLSTATE and words" contains "$ERR" 'relation "no_such_table" does not exist'
check "the first index stayed" \
	[ "$(psql_q "SELECT count(*) FROM pg_class WHERE relname = 'orders_user_id'" "${P}_shop_db")" = 1 ]
run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" --format csv migrate 9 status --app shop
check "and 003 is still pending" contains "$OUT" "shop,3,index_order_user,pending"
