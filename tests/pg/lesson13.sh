#!/bin/sh
# Lesson 13 (trees in tables) on PostgreSQL: check-lessons --live on the
# lesson alone passes every claim, each named with its figure; the
# workloads that move a branch or add a category leave the tree exactly as
# they found it; nothing of the lesson is left on the server afterwards.
. "$DBP_SRCDIR/tests/lib.sh"
. "$DBP_SRCDIR/tests/cli/lesson13.inc"
need_pg
P=$(unique_prefix)
LESSONS="$DBP_SRCDIR/data/lessons"
mkdir -p "$SCRATCH/l"
cp -r "$LESSONS/13-trees-in-tables" "$SCRATCH/l/"
dbp() { "$DBP_BIN" --backend postgres --prefix "$P" --lessons "$SCRATCH/l" "$@"; }
TEARDOWN_HOOK="dbp teardown all"
DB="${P}_tree_db"

run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/l" provision 13
check "lesson 13 provisions (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]

# Every row of the three models, folded into a few sums (in numeric: id * lft
# overflows PostgreSQL's integer).
tree_sums() {
	psql_q "SELECT count(*) || '|' || sum(id::numeric * coalesce(parent_id, 0)) FROM categories" "$DB"
	psql_q "SELECT count(*) || '|' || sum(ancestor::numeric * 100003 + descendant * (depth + 1)) FROM category_paths" "$DB"
	psql_q "SELECT count(*) || '|' || sum(id::numeric * lft) || '|' || sum(id::numeric * rgt) || '|' || max(rgt) FROM nested_categories" "$DB"
}
before=$(tree_sums)
check "the tree has 100,000 categories" contains "$before" "100000|"
check "the nested sets number 1 to 200,000" contains "$before" "|200000"

run_dbp --backend postgres --prefix "$P" --reps 3 check-lessons --live "$SCRATCH/l"
lesson13_common_claims PostgreSQL
check "the recursive query's plan is a Recursive Union" \
	contains "$OUT" "✓ recursion_plan: the plan shows \"Recursive Union\""
check "the closure table's plan reads the primary key" \
	contains "$OUT" "✓ closure_plan: the plan shows \"category_paths_pkey\""
check "the closure table's move is slower, by a measured factor" slower move_closure_slower
check "no claim of the lesson is skipped on PostgreSQL" lacks "$OUT" "not claimed on postgres"

after=$(tree_sums)
check "after all those moves and inserts the tree is as it was" [ "$before" = "$after" ]
run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/l" teardown 13
check "teardown removes it (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "no database of the lesson is left" \
	[ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname = '$DB'")" = 0 ]
