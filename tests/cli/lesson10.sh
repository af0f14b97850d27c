#!/bin/sh
# Lesson 10 on SQLite: list shows it and tour its stops; check-lessons
# --live runs its claims on a copy of the lesson alone, each verdict as the
# lesson says it, the PostgreSQL-only ones skipped with the reason; the
# lesson's own view does not stop a teardown, and a view the user adds
# beside it still does.
. "$DBP_SRCDIR/tests/lib.sh"
L10="$SCRATCH/lessons/10-partitioning"
mkdir -p "$SCRATCH/lessons"
cp -r "$DBP_SRCDIR/data/lessons/10-partitioning" "$SCRATCH/lessons/"

run_dbp list
check "list shows lesson 10" contains "$OUT" "10  partitioning"

run_dbp tour 10
check "lesson 10 has a tour of 8 stops" contains "$OUT" "8 stops; dbpatterns --tour 10 plays it"
check "whose migration stop says what each engine refuses" \
	contains "$OUT" "says on sqlite: m tries a unique index on the events view"

run_dbp --reps 3 --lessons "$SCRATCH/lessons" check-lessons --live "$SCRATCH/lessons"
check "check-lessons --live passes on SQLite (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "lesson 10's claims are reported" contains "$OUT" "lesson 10 (partitioning) on sqlite"
check "a March range scans January's table through the view" \
	contains "$OUT" "✓ march_every_table: the plan shows \"SCAN events_2024_01\""
check "a lookup by id searches every month" contains "$OUT" "✓ id_every_month: the plan shows \"events_2024_01\""
check "the view takes no inserted row" contains "$OUT" "✓ view_takes_no_rows: fails as claimed"
check "in SQLite's words" contains "$OUT" "cannot modify events because it is a view"
check "nor a delete" contains "$OUT" "✓ view_deletes_nothing: fails as claimed"
check "DETACH PARTITION is a syntax error" contains "$OUT" "✓ no_detach_sqlite: fails as claimed"
check "a second event 4242 goes in" contains "$OUT" "✓ id_shared_across_months: 1 row, measured"
check "the view takes no unique index" contains "$OUT" "✓ view_takes_no_index: fails as claimed"
check "in SQLite's words" contains "$OUT" "views may not be indexed"
for c in march_pruned day_prunes_lookups no_partition_for_row detach_beats_delete unique_needs_day; do
	check "$c is skipped, saying why" contains "$OUT" "– $c: not claimed on sqlite (made on postgres only)"
done
run_dbp --lessons "$SCRATCH/lessons" --format json show 10
check "the lesson provisioned for the check is torn down" jq_is '.provisioned == false'

# The view is the lesson's own: teardown goes through it.  A view the
# user adds in the same file is not, and stops the teardown.
run_dbp --lessons "$SCRATCH/lessons" provision 10
check "lesson 10 provisions (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
DB="$DBPATTERNS_WORKDIR/dbp_events_db.db"
check "its events view answers for all twelve months" \
	[ "$(sqlite3 "$DB" 'SELECT count(*) FROM events')" = 96000 ]
sqlite3 "$DB" 'CREATE VIEW my_march AS SELECT * FROM events_2024_03'
run_dbp --lessons "$SCRATCH/lessons" teardown 10
check "a view of the user's stops the teardown" [ "$RC" -ne 0 ]
check "naming it" contains "$ERR" "view my_march"
check "and the lesson's own view is not named" lacks "$ERR" "view events"
sqlite3 "$DB" 'DROP VIEW my_march'
run_dbp --lessons "$SCRATCH/lessons" teardown 10
check "without it, the teardown goes through the lesson's view (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "and the file is gone" [ ! -e "$DB" ]
