#!/bin/sh
# Lesson 14 on PostgreSQL: every claim passes live (the materialized view
# read against the live count, stale after a write; a reader held up by
# a plain REFRESH (55P03); REFRESH ... CONCURRENTLY refused without a
# unique index (55000), and with one letting the reader through;
# the tally stale before its trigger, current after it, and each write
# slower for it), and nothing is left behind.  Then ownership: the
# lesson's materialized view, trigger and function do not stop its
# teardown; a trigger or materialized view the user adds does.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
P=$(unique_prefix)
L="$SCRATCH/lessons"
mkdir -p "$L"
cp -r "$DBP_SRCDIR/data/lessons/_shared" "$DBP_SRCDIR/data/lessons/14-caches-and-staleness" "$L/"
DB="${P}_cached_feed"
dbl() { "$DBP_BIN" --backend postgres --prefix "$P" --lessons "$L" "$@"; }
TEARDOWN_HOOK="dbl teardown all"
ours() { psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${P}\\_%'"; }

run_dbp --backend postgres --prefix "$P" --reps 3 check-lessons --live "$L"
check "lesson 14's claims pass on PostgreSQL (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
[ "$RC" -eq 0 ] || printf '%s\n' "$OUT" | grep -A3 "✗\|FAIL" | sed 's/^/# /' # the figures, for a timing that failed
check "the view gives the live count's ten posts" \
	contains "$OUT" "✓ same_ten: 10 rows, identical, in the same order"
check "the live count is slower than the view, by a measured factor" \
	sh -c 'printf "%s" "$1" | grep -Eq "✓ cache_faster: .* is [0-9.]+x slower than .*, measured"' _ "$OUT"
check "the live count's plan reads all of comments" \
	contains "$OUT" '✓ live_reads_every_reply: the plan shows "Seq Scan on comments"'
check "the view's read comes from the top of its index" \
	contains "$OUT" '✓ cache_reads_top: the plan shows "reply_counts_top_idx"'
check "the materialized view misses a new reply" contains "$OUT" "✓ stale_after_write: 1 row, measured"
check "a reader of the view waits for a plain REFRESH, and gives up (55P03)" \
	contains "$OUT" "✓ refresh_blocks_readers: fails as claimed with 55P03"
check "CONCURRENTLY without a unique index is refused (55000)" \
	contains "$OUT" "✓ concurrently_needs_unique: fails as claimed with 55000"
check "in PostgreSQL's words" contains "$OUT" 'cannot refresh materialized view "public.reply_counts" concurrently'
check "and runs once the index is there, a reader getting its ten rows meanwhile" \
	contains "$OUT" "✓ concurrently_keeps_readers: 10 rows, measured"
check "the tally misses the reply before migration 004" \
	contains "$OUT" "✓ tally_stale_before_trigger: 1 row, measured"
check "and counts it with the trigger" contains "$OUT" "✓ tally_fresh: 0 rows, measured"
check "the trigger makes a burst of writes slower, by a measured factor" \
	sh -c 'printf "%s" "$1" | grep -Eq "✓ trigger_costs_writes: .* is [0-9.]+x slower than .*, measured"' _ "$OUT"
check "measured at 004 against 003" contains "$OUT" "reply_burst at cache 004"
check "SQLite's claim is skipped here, saying so" \
	contains "$OUT" "– no_refresh_sqlite: not claimed on postgres (made on sqlite only)"
check "nothing is left behind" [ "$(ours)" = 0 ]

# Provisioned, with the trigger of 004: after runs of every workload the
# tally still agrees with the comments; the view does not.
differs() { echo "SELECT count(*) FROM $1 t WHERE replies <> (SELECT count(*) FROM comments c WHERE c.post_id = t.post_id)"; }
dbl provision 14 >/dev/null
run_dbp --backend postgres --prefix "$P" --lessons "$L" migrate 14 up --app cache
check "migrations 003 and 004 apply, with the trigger (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
q() { psql_q "$1" "$DB"; }
run_dbp --backend postgres --prefix "$P" --lessons "$L" --reps 2 bench 14
check "every workload runs twice over (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "the one reply a run leaves is fresh_tally's, counted" \
	[ "$(q "SELECT string_agg(id::text, ',') FROM comments WHERE id > 50000")" = 900002 ]
check "the tally agrees with the comments, post by post" [ "$(q "$(differs reply_tally)")" = 0 ]
check "the view, never refreshed for good, misses that reply alone" [ "$(q "$(differs reply_counts)")" = 1 ]

# The user's objects stop the teardown; the lesson's own do not.
q "CREATE FUNCTION my_audit() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END';
   CREATE TRIGGER my_audit AFTER UPDATE ON comments FOR EACH ROW EXECUTE FUNCTION my_audit()" >/dev/null
run_dbp --backend postgres --prefix "$P" --lessons "$L" teardown 14
check "a trigger the user added stops the teardown" [ "$RC" -ne 0 ]
check "naming it and its function, and only those" \
	contains "$ERR" "holds function public.my_audit, trigger my_audit, which dbpatterns did not create"
check "nothing was dropped" [ "$(q "SELECT count(*) FROM pg_matviews WHERE matviewname = 'reply_counts'")" = 1 ]
q "DROP TRIGGER my_audit ON comments; DROP FUNCTION my_audit()" >/dev/null
q "CREATE MATERIALIZED VIEW my_counts AS SELECT count(*) FROM comments" >/dev/null
run_dbp --backend postgres --prefix "$P" --lessons "$L" teardown 14
check "so does a materialized view of the user's" contains "$ERR" "holds materialized view public.my_counts, which dbpatterns did not create"
q "DROP MATERIALIZED VIEW my_counts" >/dev/null
run_dbp --backend postgres --prefix "$P" --lessons "$L" teardown 14
check "without them the teardown goes through (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "and the database is gone" [ "$(ours)" = 0 ]
