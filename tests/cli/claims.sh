#!/bin/sh
# Claims on SQLite: check-lessons --live runs every claim of the bundled
# lessons and passes; a lesson it provisioned is gone afterwards, one that
# was provisioned stays at its versions; a workload edited to break a
# claim fails the run, naming the claim; malformed claims are refused
# with file:line.
. "$DBP_SRCDIR/tests/lib.sh"
LESSONS="$DBP_SRCDIR/data/lessons"

run_dbp --reps 5 check-lessons --live "$LESSONS"
check "check-lessons --live passes on SQLite (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "lesson 1's claims are reported" contains "$OUT" "lesson 1 (one-db-one-app) on sqlite"
check "the join and the loop return the same rows" contains "$OUT" "✓ same_answer: 100 rows, identical, in the same order"
check "the loop's figure is measured" sh -c 'printf "%s" "$1" | grep -Eq "✓ n_plus_1: .* is [0-9]+\.[0-9]x slower than .*, measured"' _ "$OUT"
check "with its queries counted" contains "$OUT" "feed_n_plus_1 at community 003"
check "and SQLite's lack of a round trip said" contains "$OUT" "SQLite runs in this process, no round trip"
check "the plan before 003 scans comments per post" contains "$OUT" "✓ scan_per_post: the plan shows \"SCAN c\""
check "the plan after 003 uses the index" contains "$OUT" "✓ index_lookup: the plan shows \"comments_post_id_idx\""
check "lesson 2: no query across two databases" contains "$OUT" "✓ no_cross_database_query: fails as claimed"
check "lesson 4: the shop's unqualified users are the community's on SQLite" \
	contains "$OUT" "✓ unqualified_falls_through: 5000 rows, measured"
check "and the PostgreSQL-only claim is marked as not claimed here" \
	contains "$OUT" "– unqualified_refused: not claimed on sqlite"
check "lesson 8: SQLite keeps abc in an integer column" contains "$OUT" "✓ abc_kept: 1 row, measured"
check "and seven letters in a varchar(5)" contains "$OUT" "✓ long_sku_kept: 1 row, measured"
check "the orphan is refused with dbpatterns' foreign keys on" contains "$OUT" "✓ orphan_refused: fails as claimed"
check "and kept with them off" contains "$OUT" "✓ orphan_kept_fks_off: 1 row, measured"
check "\"Users\" finds users" contains "$OUT" "✓ quoted_users_found: 1 row, measured"
check "LIKE ignores case" contains "$OUT" "✓ like_case: 1 row, measured"
check "'true' matches no boolean" contains "$OUT" "✓ boolean_word: 0 rows, measured"
check "dates compare as text" contains "$OUT" "✓ dates_as_text: 3 rows, measured"
check "7.00 is halved as a whole number" contains "$OUT" "✓ numeric_halved: 0 rows, measured"
check "the legacy migration passes on SQLite" contains "$OUT" "✓ legacy_import_passes: 1 row, measured"
check "the created_at migration is refused on SQLite, in its words" \
	contains "$OUT" "✓ created_at_refused: fails as claimed"
check "and the PostgreSQL half of the climax is skipped, saying why" \
	contains "$OUT" "– legacy_import_refused: not claimed on sqlite (made on postgres only)"
run_dbp --format json show 1
check "the lesson it provisioned for the check is torn down" jq_is '.provisioned == false'

# Provisioned before: left provisioned, at the version it was found at.
"$DBP_BIN" provision 1 >/dev/null
# The JSON counts are of lessons 1-4 and 8 alone (a copy: tests/lib.sh),
# so a new lesson changes no figure here; the run above checked them all.
first_lessons
run_dbp --reps 3 --format json check-lessons --live "$SCRATCH/first"
check "as JSON it parses, one object per claim (31: seven are PostgreSQL's only)" \
	jq_is 'length == 31 and ([.[] | select(.outcome == "passed")] | length) == 24 and all(.outcome != "failed")'
check "measured and expected are numbers for a slower check" \
	jq_is '[.[] | select(.check == "slower") | .measured, .expected | type] | unique == ["number"]'
check "and null where nothing is measured" jq_is '[.[] | select(.check == "plan") | .measured] | all(. == null)'
run_dbp --format json migrate 1 status
check "a lesson that was provisioned stays at 002" \
	jq_is '[.[] | select(.state == "applied") | .version] == [1, 2]'

# A workload edited to answer another question breaks same_answer.
mk_lessons() { rm -rf "$SCRATCH/l"; mkdir -p "$SCRATCH/l"; cp -r "$LESSONS/_shared" "$LESSONS/01-one-db-one-app" "$SCRATCH/l/"; }
L1="$SCRATCH/l/01-one-db-one-app/lesson.ini"
mk_lessons
sed -i 's/(SELECT count(\*) FROM comments c WHERE c.post_id = p.id) AS replies/0 AS replies/' \
	"$SCRATCH/l/_shared/workloads/feed_n_plus_1.sql"
run_dbp --reps 3 --prefix broken check-lessons --live "$SCRATCH/l"
check "a broken claim fails the run" [ "$RC" -eq 1 ]
check "naming the claim on stderr" contains "$ERR" "lesson 1: claim same_answer failed on sqlite: row 1 differs"
check "and marking it on stdout" contains "$OUT" "✗ same_answer: row 1 differs"
check "the other claims still pass" contains "$OUT" "✓ index_lookup"

# A factor the engine cannot meet fails with the figure and what was expected.
mk_lessons
sed -i 's/^factor.sqlite = 2$/factor.sqlite = 100000/' "$L1"
run_dbp --reps 3 --prefix broken --ascii check-lessons --live "$SCRATCH/l"
check "an unmet factor fails" [ "$RC" -eq 1 ]
check "saying what was measured and expected" sh -c 'printf "%s" "$1" | grep -Eq "FAIL n_plus_1: .* is [0-9.]+x slower than .*: expected at least 100000x"' _ "$OUT"
check "named on stderr" contains "$ERR" "claim n_plus_1 failed on sqlite"

# Malformed claims: file:line, and nothing runs.
bad_claim() {
	mk_lessons
	printf '%s\n' "$@" >> "$L1"
	run_dbp check-lessons --live "$SCRATCH/l"
}
N=$(($(wc -l < "$LESSONS/01-one-db-one-app/lesson.ini") + 2))
bad_claim '' '[claim x]' 'text = T' 'check = faster' 'workload = feed'
check "an unknown check is refused with its line" contains "$ERR" "lesson.ini:$((N + 2)): check must be same_rows, " &&
	check "naming what it got" contains "$ERR" "not \"faster\""
check "and nothing runs" [ "$RC" -eq 1 ] && check "nothing printed" [ -z "$OUT" ]
bad_claim '' '[claim x]' 'text = T' 'check = rows' 'workload = nosuch' 'rows = 3'
check "an unknown workload is refused" contains "$ERR" "lesson.ini:$((N + 1)): [claim x] workload \"nosuch\" has no [workload nosuch]"
bad_claim '' '[claim x]' 'text = T' 'check = same_rows' 'workload = feed' 'versus = feed_n_plus_1' 'factor = 3'
check "a key that does not go with the check is refused" contains "$ERR" "[claim x] factor goes with check = slower, not same_rows"
bad_claim '' '[claim x]' 'text = T' 'check = slower' 'workload = feed' 'versus = feed_n_plus_1' 'factor.postgres = 3'
check "a value missing for an engine is named" contains "$ERR" "[claim x] needs factor = N, the least ratio of the medians (or factor.sqlite)"
bad_claim '' '[claim x]' 'text = T' 'check = slower' 'workload = feed' 'versus = feed' 'factor = 3'
check "a workload against itself at one version is refused" contains "$ERR" "compares workload feed with itself"
bad_claim '' '[claim x]' 'text = T' 'check = rows' 'workload = feed' 'rows = -1'
check "a negative row count is refused with its line" contains "$ERR" "lesson.ini:$((N + 4)): rows must be a whole number of 0 or more"
bad_claim '' '[claim x]' 'text = T' 'check = rows' 'workload = feed' 'rows = 1' 'at = community 9'
check "a version the app lacks is refused" contains "$ERR" "[claim x] app community has 4 migrations, not 9"
bad_claim '' '[claim x]' 'text = T' 'check = fails' 'workload = feed' 'sqlstate = 0a000'
check "a malformed SQLSTATE is refused" contains "$ERR" "sqlstate is five digits or capital letters"
bad_claim '' '[claim x]' 'text.oracle = T'
check "an unknown engine suffix is refused" contains "$ERR" "unknown key \"text.oracle\" in [claim x]"
run_dbp --format json check-lessons "$LESSONS"
check "--format json without --live is refused" [ "$RC" -eq 2 ]
run_dbp --live bench 1
check "--live with another command is refused" [ "$RC" -eq 2 ] && check "saying where it goes" contains "$ERR" "--live goes with check-lessons"
bad_claim '' '[claim x]' 'text = T' 'check = rows' 'migration = community 3' 'rows = 1'
check "a migration goes with fails or migrates only" contains "$ERR" "[claim x] migration goes with check = fails or migrates"
bad_claim '' '[claim x]' 'text = T' 'check = migrates' 'migration = community 9'
check "a migration the app lacks is refused" contains "$ERR" "[claim x] app community has migrations 1 to 4, not 9"
bad_claim '' '[claim x]' 'text = T' 'check = migrates' 'workload = feed'
check "migrates needs the migration it applies" contains "$ERR" "[claim x] needs migration = APP VERSION"
