#!/bin/sh
# Lesson 10 on PostgreSQL: check-lessons --live runs its claims on a copy
# of the lesson alone, each verdict as the lesson says it (pruning in the
# plan, the timed lookups and detach, the engine's own errors), the
# SQLite-only ones skipped with the reason, and nothing left behind.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
P=$(unique_prefix)
dbp() { "$DBP_BIN" --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" "$@"; }
TEARDOWN_HOOK="dbp teardown all"
ours() { psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${P}\\_%'"; }
mkdir -p "$SCRATCH/lessons"
cp -r "$DBP_SRCDIR/data/lessons/10-partitioning" "$SCRATCH/lessons/"

run_dbp --backend postgres --prefix "$P" --reps 5 check-lessons --live "$SCRATCH/lessons"
check "check-lessons --live passes on PostgreSQL (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "lesson 10's claims are reported" contains "$OUT" "lesson 10 (partitioning) on postgres"
check "a March range reads March's partition alone" \
	contains "$OUT" "✓ march_pruned: the plan shows \"events_2024_03\""
check "a lookup by id searches every month" contains "$OUT" "✓ id_every_month: the plan shows \"events_2024_01\""
check "lookups by id alone are slower by a measured factor" \
	sh -c 'printf "%s" "$1" | grep -Eq "✓ day_prunes_lookups: .* is [0-9]+\.[0-9]x slower than .*, measured"' _ "$OUT"
check "a row of 2025 finds no partition (23514)" contains "$OUT" "✓ no_partition_for_row: fails as claimed with 23514"
check "in PostgreSQL's words" contains "$OUT" "no partition of relation \"events\" found for row"
check "deleting January is slower than detaching it, measured" \
	sh -c 'printf "%s" "$1" | grep -Eq "✓ detach_beats_delete: .* is [0-9]+\.[0-9]x slower than .*, measured"' _ "$OUT"
check "a unique constraint on id alone is refused (0A000)" contains "$OUT" "✓ unique_needs_day: fails as claimed with 0A000"
check "in PostgreSQL's words" contains "$OUT" "unique constraint on partitioned table must include all partitioning columns"
check "a second event 4242 goes in" contains "$OUT" "✓ id_shared_across_months: 1 row, measured"
for c in march_every_table view_takes_no_rows view_deletes_nothing no_detach_sqlite view_takes_no_index; do
	check "$c is skipped, saying why" contains "$OUT" "– $c: not claimed on postgres (made on sqlite only)"
done
check "no database of the check is left behind" [ "$(ours)" = 0 ]

# Provisioned: the rows went to their months by themselves, and the
# timed delete and detach left January where it was.
run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" provision 10
check "lesson 10 provisions (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
DB="${P}_events_db"
check "events has twelve partitions" \
	[ "$(psql_q "SELECT count(*) FROM pg_inherits WHERE inhparent = 'events'::regclass" "$DB")" = 12 ]
check "January's partition holds its month's rows" \
	[ "$(psql_q "SELECT count(*) FROM events_2024_01" "$DB")" = 8152 ]
run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" --reps 2 bench 10
check "the workloads run (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "and January is still attached, with its rows" \
	[ "$(psql_q "SELECT count(*) FROM events WHERE happened_on < '2024-02-01'" "$DB")" = 8152 ]
run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" teardown 10
check "teardown goes through (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "and leaves nothing behind" [ "$(ours)" = 0 ]
