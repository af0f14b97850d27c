#!/bin/sh
# The session report on SQLite: with nothing done it says so; after
# provision, migrate, bench and check-lessons --live on a lesson, the
# Markdown names each of them and the SVG chart beside it is well-formed
# XML.  An older results store (version 1) still opens and gains the
# claims table.
. "$DBP_SRCDIR/tests/lib.sh"
dbp() { "$DBP_BIN" --reps 3 "$@"; }

run_dbp report --output "$SCRATCH/empty"
check "a report with nothing done succeeds ($ERR)" [ "$RC" -eq 0 ]
check "it names the files it wrote" contains "$OUT" "$SCRATCH/empty/dbpatterns-report.md"
check "it says nothing was done" grep -q "^Nothing done yet on sqlite under the prefix dbp" "$SCRATCH/empty/dbpatterns-report.md"
check "and has no timings" grep -q "^No timings kept yet" "$SCRATCH/empty/dbpatterns-report.md"

# One lesson for check-lessons --live: lesson 1 beside the files it shares.
mkdir -p "$SCRATCH/one"
ln -s "$DBP_SRCDIR/data/lessons/01-one-db-one-app" "$DBP_SRCDIR/data/lessons/_shared" "$SCRATCH/one/"
dbp provision 1 >/dev/null && dbp migrate 1 up >/dev/null && dbp bench 1 >/dev/null
check "provision, migrate and bench lesson 1" [ $? -eq 0 ]
dbp check-lessons --live "$SCRATCH/one" >/dev/null
check "check-lessons --live on lesson 1" [ $? -eq 0 ]
check "the claims are kept in the results store" \
	[ "$(sqlite3 "$DBPATTERNS_WORKDIR/timings.db" "SELECT count(*) FROM claims WHERE source = 'check-lessons'")" -ge 4 ]

cd "$SCRATCH" || exit 1
run_dbp report
check "report without --output writes here" [ "$RC" -eq 0 ] && [ -f "$SCRATCH/dbpatterns-report.md" ]
MD="$SCRATCH/dbpatterns-report.md"
SVG="$SCRATCH/dbpatterns-timings.svg"
check "the header names the engine" grep -q "^- Engine: sqlite" "$MD"
check "the header names the prefix" grep -q "^- Prefix: dbp$" "$MD"
check "the header names the version" grep -q "^- dbpatterns: [0-9]" "$MD"
check "the header has the date" grep -Eq "^- Date: [0-9]{4}-[0-9]{2}-[0-9]{2}T" "$MD"
check "the report names lesson 1" grep -q "^## Lesson 1: One database, one app" "$MD"
check "it lists every migration applied" [ "$(grep -c '^| community | 00[1-4] | .* | yes |' "$MD")" -eq 4 ]
check "it names a claim with its figure" grep -q "^| n_plus_1 | sqlite | passed | .* is [0-9.]*x slower than .*, measured | [0-9.]* | 2" "$MD"
check "by check-lessons" grep -q "| check-lessons |$" "$MD"
check "the timings history has the bench run" grep -q "^| 1 | .* | 1 | sqlite | community:001,002,003,004 | feed |" "$MD"
check "the Markdown shows the chart" grep -qF "![Median time per workload](dbpatterns-timings.svg)" "$MD"
check "lessons not touched are left out" lacks "$(cat "$MD")" "## Lesson 2"
check "the SVG names both axes" grep -q "median time of one run (ms)" "$SVG" && grep -q "workload (lesson, engine)" "$SVG"
check "the SVG has a bar per workload" [ "$(grep -c '<rect x=.*<title>L1 sqlite feed' "$SVG")" -eq 2 ]
if command -v xmllint >/dev/null; then
	check "the SVG is well-formed XML (xmllint)" xmllint --noout "$SVG"
else
	check "the SVG is well-formed XML (python3)" python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$SVG"
fi

# The steps the screen marked done are read from its state file.
printf '%s\n%s\n' "# dbpatterns screen state: written by dbpatterns, safe to delete" \
	"sqlite dbp done one-db-one-app 5" > "$DBPATTERNS_WORKDIR/screen-state"
run_dbp report --output "$SCRATCH/steps"
check "steps done on the screen are named" grep -q "^- \[x\] 3. Evolve the schema" "$SCRATCH/steps/dbpatterns-report.md"
check "and counted" grep -q "^2 of 4 steps done on the screen" "$SCRATCH/steps/dbpatterns-report.md"

# A version 1 store (before claims were kept) opens and is stepped up.
rm -f "$DBPATTERNS_WORKDIR/timings.db"
dbp bench 1 >/dev/null
sqlite3 "$DBPATTERNS_WORKDIR/timings.db" "DROP TABLE claims; PRAGMA user_version = 1"
run_dbp report --output "$SCRATCH/old"
check "a version 1 store still gives a report ($ERR)" [ "$RC" -eq 0 ] && grep -q "^| 1 | " "$SCRATCH/old/dbpatterns-report.md"
check "and is stepped up to version 2" [ "$(sqlite3 "$DBPATTERNS_WORKDIR/timings.db" 'PRAGMA user_version')" = 2 ]

run_dbp report --output ""
check "an empty --output is refused" [ "$RC" -eq 2 ]
run_dbp report --format json
check "--format does not go with report" [ "$RC" -eq 2 ] && contains "$ERR" "--format does not go with it"
touch "$SCRATCH/afile"
run_dbp report --output "$SCRATCH/afile"
check "an --output that is a file is a clear error" [ "$RC" -eq 1 ] && contains "$ERR" "afile"
dbp teardown 1 >/dev/null
