#!/bin/sh
# Claims on PostgreSQL: check-lessons --live passes for the bundled
# lessons, with the round trip measured; it leaves no database behind;
# a broken workload fails the run naming the claim.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
P=$(unique_prefix)
LESSONS="$DBP_SRCDIR/data/lessons"
dbp() { "$DBP_BIN" --backend postgres --prefix "$P" "$@"; }
TEARDOWN_HOOK="dbp teardown all"
ours() { psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${P}\\_%'"; }

run_dbp --backend postgres --prefix "$P" --reps 5 check-lessons --live "$LESSONS"
check "check-lessons --live passes on PostgreSQL (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "lesson 1's claims are reported" contains "$OUT" "lesson 1 (one-db-one-app) on postgres"
check "the join and the loop return the same rows" contains "$OUT" "✓ same_answer: 100 rows, identical, in the same order"
check "the loop is slower by a measured factor" sh -c 'printf "%s" "$1" | grep -Eq "✓ n_plus_1: .* is [0-9]+\.[0-9]x slower than .*, measured"' _ "$OUT"
check "with its 101 round trips" contains "$OUT" "feed_n_plus_1 at community 003"
check "and what one round trip costs" sh -c 'printf "%s" "$1" | grep -Eq "one round trip \(SELECT 1\) takes [0-9.]+ ms here, so 101 of them"' _ "$OUT"
check "the plan before 003 scans comments for every post" contains "$OUT" "✓ scan_per_post: the plan shows \"Seq Scan on comments\""
check "the plan after 003 uses the index" contains "$OUT" "✓ index_lookup: the plan shows \"comments_post_id_idx\""
check "lesson 2: a query naming another database is refused (0A000)" \
	contains "$OUT" "✓ no_cross_database_query: fails as claimed with 0A000"
check "lesson 4: the shop's unqualified users are refused (42P01)" \
	contains "$OUT" "✓ unqualified_refused: fails as claimed with 42P01"
check "lesson 8: abc for an integer column is refused (22P02)" contains "$OUT" "✓ abc_refused: fails as claimed with 22P02"
check "seven letters for a varchar(5) (22001)" contains "$OUT" "✓ long_sku_refused: fails as claimed with 22001"
check "the orphan order (23503)" contains "$OUT" "✓ orphan_refused: fails as claimed with 23503"
check "PRAGMA is a syntax error (42601)" contains "$OUT" "✓ no_pragma: fails as claimed with 42601"
check "\"Users\" is another table (42P01)" contains "$OUT" "✓ quoted_users_missing: fails as claimed with 42P01"
check "LIKE respects case" contains "$OUT" "✓ like_case: 0 rows, measured"
check "'true' is a boolean" contains "$OUT" "✓ boolean_word: 1 row, measured"
check "dates compare as dates" contains "$OUT" "✓ dates_as_text: 1 row, measured"
check "7.00 halves to 3.5" contains "$OUT" "✓ numeric_halved: 1 row, measured"
check "the legacy migration that passed on SQLite is refused (22P02)" \
	contains "$OUT" "✓ legacy_import_refused: fails as claimed with 22P02"
check "the created_at migration SQLite refuses is applied" contains "$OUT" "✓ created_at_added: audit 002 applied, as claimed"
check "and the SQLite half of the climax is skipped, saying why" \
	contains "$OUT" "– created_at_refused: not claimed on postgres (made on sqlite only)"
check "no database of the check is left behind" [ "$(ours)" = 0 ]

# The JSON counts are of lessons 1-4 and 8 alone (a copy: tests/lib.sh),
# so a new lesson changes no figure here; the run above checked them all.
first_lessons
run_dbp --backend postgres --prefix "$P" --reps 3 --format json check-lessons --live "$SCRATCH/first"
check "as JSON it parses: every claim made on PostgreSQL passed (seven are SQLite's only)" \
	jq_is 'length == 31 and ([.[] | select(.outcome == "passed")] | length) == 24 and all(.outcome != "failed" and .engine == "postgres")'
check "the slower checks' figures are numbers" \
	jq_is '[.[] | select(.check == "slower") | .measured] | length == 2 and all(type == "number" and . > 1)'

rm -rf "$SCRATCH/l"; mkdir -p "$SCRATCH/l"
cp -r "$LESSONS/_shared" "$LESSONS/01-one-db-one-app" "$SCRATCH/l/"
sed -i 's/LIMIT 100$/LIMIT 99/' "$SCRATCH/l/_shared/workloads/feed_n_plus_1.sql"
run_dbp --backend postgres --prefix "$P" --reps 3 check-lessons --live "$SCRATCH/l"
check "a loop that fetches one post fewer fails the run" [ "$RC" -eq 1 ]
check "naming the claim" contains "$ERR" "lesson 1: claim same_answer failed on postgres: 100 rows against 99"
check "and again nothing is left behind" [ "$(ours)" = 0 ]
