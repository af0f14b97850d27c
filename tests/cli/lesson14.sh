#!/bin/sh
# Lesson 14 on SQLite: its claims pass live (the cache read against the
# live count, the stand-in table stale after a write, the tally stale
# before its triggers and current after them; the PostgreSQL-only claims
# say so), the check leaves nothing behind, and the lesson's own triggers
# do not stop its teardown while a trigger the user adds does.
. "$DBP_SRCDIR/tests/lib.sh"
L="$SCRATCH/lessons"
mkdir -p "$L"
cp -r "$DBP_SRCDIR/data/lessons/_shared" "$DBP_SRCDIR/data/lessons/14-caches-and-staleness" "$L/"
DB="$DBPATTERNS_WORKDIR/dbp_cached_feed.db"
dbl() { "$DBP_BIN" --lessons "$L" "$@"; }

run_dbp --lessons "$L" list
check "list shows lesson 14" sh -c 'printf "%s" "$1" | grep -Eq "^ *14 .*Caches and their staleness"' _ "$OUT"

run_dbp --lessons "$L" tour 14
check "its tour has eleven stops" contains "$OUT" "11 stops; dbpatterns --tour 14 plays it"
check "with each engine's sentence where they differ" \
	contains "$OUT" "says on postgres: p builds the tables, the seed and both caches: Topology lists reply_tally, but not"

run_dbp --reps 3 check-lessons --live "$L"
check "lesson 14's claims pass on SQLite (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "the cache gives the live count's ten posts" \
	contains "$OUT" "✓ same_ten: 10 rows, identical, in the same order"
check "the live count is slower than the cache, by a measured factor" \
	sh -c 'printf "%s" "$1" | grep -Eq "✓ cache_faster: .* is [0-9.]+x slower than .*, measured"' _ "$OUT"
check "the live count's plan scans all of comments" \
	contains "$OUT" '✓ live_reads_every_reply: the plan shows "SCAN comments"'
check "the cache's read comes from the top of its index" \
	contains "$OUT" '✓ cache_reads_top: the plan shows "reply_counts_top_idx"'
check "the stand-in table misses a new reply" contains "$OUT" "✓ stale_after_write: 1 row, measured"
check "SQLite has no REFRESH, in its own words" contains "$OUT" "✓ no_refresh_sqlite: fails as claimed"
check "and says where" contains "$OUT" 'near "REFRESH": syntax error'
check "the tally misses it before migration 004" contains "$OUT" "✓ tally_stale_before_trigger: 1 row, measured"
check "and counts it with the triggers" contains "$OUT" "✓ tally_fresh: 0 rows, measured"
check "CONCURRENTLY is PostgreSQL's claim, and says so" \
	contains "$OUT" "– concurrently_needs_unique: not claimed on sqlite (made on postgres only)"
check "so is the trigger's cost to a write" \
	contains "$OUT" "– trigger_costs_writes: not claimed on sqlite (made on postgres only)"
check "nothing is left provisioned" [ ! -e "$DB" ]

# Provisioned: before the triggers every workload takes its replies back;
# with them, the tally still agrees with the comments after every run.
DIFFERS="SELECT count(*) FROM reply_tally t WHERE replies <> (SELECT count(*) FROM comments c WHERE c.post_id = t.post_id)"
dbl provision 14 >/dev/null
count() { sqlite3 "$DB" "$1"; }
run_dbp --lessons "$L" --reps 2 bench 14
check "before the triggers every workload runs twice over (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "and takes its replies back" [ "$(count "SELECT count(*) FROM comments WHERE id > 50000")" = 0 ]
run_dbp --lessons "$L" migrate 14 up --app cache
check "migrations 003 and 004 apply, with the triggers (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
run_dbp --lessons "$L" --reps 2 bench 14
check "every workload runs twice over (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "the one reply a run leaves is fresh_tally's, counted" \
	[ "$(count "SELECT group_concat(id) FROM comments WHERE id > 50000")" = 900002 ]
check "the tally agrees with the comments, post by post" [ "$(count "$DIFFERS")" = 0 ]

# A trigger of the user's on a lesson table stops the teardown; the
# lesson's own do not.
count "CREATE TRIGGER my_audit AFTER UPDATE ON comments BEGIN SELECT 1; END" >/dev/null
run_dbp --lessons "$L" teardown 14
check "a trigger the user added stops the teardown" [ "$RC" -ne 0 ]
check "naming it, and only it" sh -c 'printf "%s" "$1" | grep -q "holds trigger my_audit, which dbpatterns did not create"' _ "$ERR"
check "nothing was dropped" [ "$(count "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'")" = 3 ]
count "DROP TRIGGER my_audit" >/dev/null
run_dbp --lessons "$L" teardown 14
check "without it the teardown goes through (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "and the database is gone" [ ! -e "$DB" ]
