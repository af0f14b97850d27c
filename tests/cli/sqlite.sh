#!/bin/sh
# The CLI against SQLite: provisioning, the catalog against sqlite3's own
# view, migrations round trip, the collision, the cross-database error,
# timings, and teardown that spares what it did not create.
. "$DBP_SRCDIR/tests/lib.sh"
W=$DBPATTERNS_WORKDIR

run_dbp provision all
check "provision all succeeds" [ "$RC" -eq 0 ]
check "lesson 4 creates a file per schema" [ -f "$W/dbp_big_db.dbp_books.db" ]

run_dbp provision 1
check "provisioning again is idempotent" [ "$RC" -eq 0 ]

# tables L lists what sqlite3 .tables lists, for every database file.
for db in dbp_community dbp_central_db dbp_service_ecommerce_db; do
	ours=$("$DBP_BIN" --format csv tables all 2>/dev/null)
	want=$(sqlite3 "$W/$db.db" .tables | tr -s ' ' '\n' | grep -v '^$' | sort)
	got=$(for l in 1 2 3; do "$DBP_BIN" --format csv tables $l; done | awk -F, -v d="$db" '$1==d {print $3}' | sort)
	check "tables matches sqlite3 .tables for $db" [ "$want" = "$got" ]
done
want=$(sqlite3 "$W/dbp_big_db.dbp_books.db" .tables | tr -s ' ' '\n' | grep -v '^$' | sort)
got=$("$DBP_BIN" --format csv tables 4 | awk -F, '$2=="dbp_books" {print $3}' | sort)
check "tables matches sqlite3 .tables for the books schema file" [ "$want" = "$got" ]

run_dbp --format json tables 4
check "two users tables in lesson 4" [ "$(printf '%s' "$OUT" | grep -c '"table": "users"')" -eq 2 ]
run_dbp --format csv tables 4
check "each described from its own schema: community's has 4 columns" contains "$OUT" "dbp_big_db,dbp_community,users,5000,4,"
check "and books' has 3" contains "$OUT" "dbp_big_db,dbp_books,users,1000,3,"
run_dbp --format csv tables 1
check "exact row count for users" contains "$OUT" "dbp_community,main,users,5000,"

# Migrations: up then down returns the catalog to where it was.
before=$("$DBP_BIN" --format csv tables 1 | grep -v dbpatterns_history)
run_dbp migrate 1 up
check "migrate up applies 003 and 004" contains "$OUT" "up 004_add_user_bio done"
check "migrate up reports the new index" contains "$OUT" "+ index dbp_community.main.posts: posts_user_id_idx (user_id)"
run_dbp migrate 1 status
check "status shows applied" contains "$OUT" "      4  add_user_bio        applied"
run_dbp migrate 1 down --to 2
check "migrate down --to 2" [ "$RC" -eq 0 ]
after=$("$DBP_BIN" --format csv tables 1 | grep -v dbpatterns_history)
check "round trip leaves the catalog as it was" [ "$before" = "$after" ]

run_dbp migrate 1 up --dry-run
check "dry run prints the SQL" contains "$OUT" "CREATE INDEX posts_user_id_idx"
run_dbp migrate 1 status
check "dry run changed nothing" contains "$OUT" "      3  index_foreign_keys  pending"

# Drift: an applied migration whose file changed since.
cp -r "$DBP_SRCDIR/data/lessons" "$SCRATCH/lessons"
echo "-- edited" >> "$SCRATCH/lessons/_shared/community/001_create_tables.up.sql"
run_dbp --lessons "$SCRATCH/lessons" migrate 1 status
check "a changed applied migration is flagged as drift" contains "$OUT" "create_tables       drift"

# Pattern 3: the third app's users table collides; nothing changes.
before=$("$DBP_BIN" --format csv tables 3)
run_dbp migrate 3 up --app books
check "collision fails" [ "$RC" -ne 0 ]
check "collision shows the engine's error" contains "$ERR" "table users already exists"
check "collision reports no catalog change" contains "$OUT" "Catalog changes: none"
after=$("$DBP_BIN" --format csv tables 3)
check "collision leaves central_db as it was" [ "$before" = "$after" ]

# Timings.
run_dbp bench 2 --reps 3 --format csv
check "bench runs" [ "$RC" -eq 0 ]
check "client-side join takes two round trips" contains "$OUT" "top_buyers,2,sqlite,2,"
check "the N+1 way takes eleven" sh -c "printf '%s' \"\$1\" | grep '^top_buyers_n_plus_1,' | cut -d, -f12 | grep -qx 11" _ "$OUT"
check "cross-database query fails with the engine's error" contains "$OUT" "no such table: dbp_service_community_db.users"
run_dbp bench all --reps 2 --format json
check "bench all puts the same workload side by side" sh -c "printf '%s' \"\$1\" | grep -c '\"workload\": \"feed\"' | grep -qx 4" _ "$OUT"

# Lesson 2's demonstrations.
run_dbp demo 2
check "demo lists the lesson's demonstrations" contains "$OUT" "offline  offline"
run_dbp demo 2 offline
check "the offline demo runs" [ "$RC" -eq 0 ]
check "the community keeps answering" contains "$OUT" "+ community (service_community_db): still answers: SELECT count(*) FROM users = 5000"
check "the shop gets the engine's refusal" contains "$OUT" "! shop (service_ecommerce_db): database is locked"
run_dbp --format csv tables 2
check "and the shop is back afterwards" contains "$OUT" "dbp_service_ecommerce_db,main,orders,30000,"
run_dbp demo 2 secure
check "the role demo says what SQLite lacks" contains "$OUT" "SQLite has no roles and no GRANT"
run_dbp demo 2 nosuch
check "an unknown demo is named" contains "$ERR" "lesson 2 has no demo \"nosuch\""

# Teardown spares what it did not create.
sqlite3 "$W/dbp_community.db" "CREATE VIEW my_view AS SELECT username FROM users"
run_dbp teardown 1
check "teardown stops at a user's view" [ "$RC" -ne 0 ]
check "the view survives" [ "$(sqlite3 "$W/dbp_community.db" 'SELECT count(*) FROM my_view')" = 5000 ]
check "the reason is given" contains "$ERR" "teardown stopped"
sqlite3 "$W/dbp_community.db" "DROP VIEW my_view"
run_dbp teardown 1
check "teardown after the view is gone" [ "$RC" -eq 0 ]
check "database file removed" [ ! -f "$W/dbp_community.db" ]

sqlite3 "$W/dbp_community.db" "CREATE TABLE precious (x)"
run_dbp provision 1
check "provision refuses a same-named file it did not create" [ "$RC" -ne 0 ]
check "and says why" contains "$ERR" "not created by dbpatterns"
run_dbp teardown 1
check "teardown leaves the stranger alone" [ -f "$W/dbp_community.db" ]
rm -f "$W/dbp_community.db"

run_dbp teardown all
check "teardown all" [ "$RC" -eq 0 ]
check "  lesson 2 torn down, what went listed" contains "$OUT" "lesson 2 (several-dbs-one-app) torn down
shop: rolled back"
check "  lesson 1, gone already, said to have nothing here" \
	contains "$OUT" "lesson 1 (one-db-one-app): nothing to tear down, this workspace holds none of it"
run_dbp teardown 1
check "a lesson with nothing here is not called torn down (rc $RC)" \
	contains "$OUT" "lesson 1 (one-db-one-app): nothing to tear down, this workspace holds none of it"
check "no lesson database files left" [ -z "$(ls "$W" | grep '\.db$' | grep -vx timings.db)" ]
# The timings are a record of what was measured, not a lesson's database.
check "the kept timings outlive a teardown" [ -f "$W/timings.db" ]
