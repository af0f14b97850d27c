#!/bin/sh
# Lesson 13 (trees in tables) on SQLite: list shows it, and its tour;
# check-lessons --live on the lesson alone passes every claim made for
# SQLite, each named with its figure, and skips the PostgreSQL-only one
# saying so; the workloads that move a branch or add a category leave the
# tree exactly as they found it, so timing them again and again measures
# the same tree.
. "$DBP_SRCDIR/tests/lib.sh"
. "$DBP_SRCDIR/tests/cli/lesson13.inc"
LESSONS="$DBP_SRCDIR/data/lessons"
mkdir -p "$SCRATCH/l"
cp -r "$LESSONS/13-trees-in-tables" "$SCRATCH/l/"
DB="$DBPATTERNS_WORKDIR/dbp_tree_db.db"

run_dbp list
check "list shows lesson 13" sh -c 'printf "%s\n" "$1" | grep -Eq "^ +13 +trees-in-tables +Trees in tables"' _ "$OUT"

run_dbp tour 13
check "lesson 13 has a tour of 7 stops" contains "$OUT" "7 stops; dbpatterns --tour 13 plays it"
check "whose console stop reads the walk's numbers" contains "$OUT" "runs: SELECT id, parent_id, lft, rgt FROM categories"

run_dbp --lessons "$SCRATCH/l" provision 13
check "lesson 13 provisions (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "up to the nested sets" contains "$OUT" "catalog: applied 004_nested_sets"

# Every row of the three models, folded into a few sums: any category
# moved, renumbered, added or left behind changes one of them.
tree_sums() {
	sqlite3 "$DB" "SELECT count(*), sum(id * coalesce(parent_id, 0)) FROM categories;
		SELECT count(*), sum(ancestor * 100003 + descendant * (depth + 1)) FROM category_paths;
		SELECT count(*), sum(id * lft), sum(id * rgt), max(rgt) FROM nested_categories;"
}
before=$(tree_sums)
check "the tree has 100,000 categories" contains "$before" "100000|"
check "the nested sets number 1 to 200,000" contains "$before" "|200000"

# The nested-set workloads renumber tens of thousands of rows a run: they
# cap their own runs (reps = 5), the others take the number asked for.
run_dbp --lessons "$SCRATCH/l" --reps 6 --format json bench 13
check "bench 13 (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "insert_nested and move_nested ran 5 times, the rest 6" \
	jq_is '[.[] | select(.workload == "insert_nested" or .workload == "move_nested") | .n] == [5, 5]
		and ([.[] | select(.workload == "subtree_closure") | .n] == [6])'

run_dbp --lessons "$SCRATCH/l" --reps 3 check-lessons --live "$SCRATCH/l"
lesson13_common_claims SQLite
check "the recursive query's plan has a recursive step" \
	contains "$OUT" "✓ recursion_plan: the plan shows \"RECURSIVE STEP\""
check "the closure table's plan reads the primary key" \
	contains "$OUT" "✓ closure_plan: the plan shows \"sqlite_autoindex_category_paths_1 (ancestor=?)\""
check "the closure table's move is timed on PostgreSQL only, saying so" \
	contains "$OUT" "– move_closure_slower: not claimed on sqlite (made on postgres only)"

after=$(tree_sums)
check "after all those moves and inserts the tree is as it was" [ "$before" = "$after" ]
check "check-lessons left the lesson it found provisioned" [ -f "$DB" ]
run_dbp --lessons "$SCRATCH/l" teardown 13
check "and teardown removes it" [ "$RC" -eq 0 ] && check "file and all" [ ! -e "$DB" ]
