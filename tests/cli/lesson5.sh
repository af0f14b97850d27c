#!/bin/sh
# Lesson 5 on SQLite: the tenants demo's table (a file per tenant, counted
# from the files themselves), the migration loop that stops half way (each
# tenant's version read back with sqlite3), the ten attached files, the
# claims judged beside the report, --tenants refused outside 1..1000, a
# stranger's file left alone, a teardown that leaves no tenant file, and
# another prefix's database that begins like a tenant's name left alone.
. "$DBP_SRCDIR/tests/lib.sh"
W="$DBPATTERNS_WORKDIR"
LESSONS="$SCRATCH/lessons"
mkdir -p "$LESSONS"
cp -R "$DBP_SRCDIR/data/lessons/05-three-ways-to-hold-tenants" "$LESSONS/"
command -v sqlite3 >/dev/null || { not_ok "sqlite3 is not installed: apt-get install sqlite3"; exit 1; }
# sqlite3 FILE SQL: one value.
lite() { sqlite3 "$1" "$2"; }
# A figure of the table: its row (a measure), its column (a model:
# 1 shared table, 2 schema each, 3 database each, counted from the right).
figure() { printf '%s\n' "$OUT" | awk -v m="$1" -v n="$2" 'index($0, "  " m " ") == 1 { print $(NF - 3 + n) }'; }

for bad in 0 1001 ten ""; do
	run_dbp --tenants "$bad" demo 5 tenants
	check "--tenants \"$bad\" is refused with a reason (rc $RC)" [ "$RC" -ne 0 ]
	check "  naming the option and the range: $ERR" contains "$ERR" "--tenants"
done

run_dbp demo 5
check "demo 5 lists the tenants demo" contains "$OUT" "tenants"
run_dbp demo 5 tenants
check "the demo refuses an unprovisioned lesson" contains "$ERR" "provision it first"

run_dbp provision 5
check "lesson 5 provisions (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
run_dbp --tenants 12 demo 5 tenants
check "the demo runs with 12 tenants (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
for col in "shared     schema   database" "table       each       each"; do
	check "the table has the columns \"$col\"" contains "$OUT" "$col"
done
for row in tenants "provision ms" "migrate all ms" relations KiB pool; do
	check "the table has the row \"$row\"" contains "$OUT" "  $row  "
done
files=$(ls "$W" | grep -c '^dbp_tenant_[0-9]*\.db$')
check "12 tenant files exist ($files)" [ "$files" -eq 12 ]
check "database each: 12 tenants found" [ "$(figure tenants 3)" = 12 ]
check "database each: a pool needs 12 connections" [ "$(figure pool 3)" = 12 ]
check "shared table: a pool needs 1" [ "$(figure pool 1)" = 1 ]
# The table is measured before migration 3, whose index the first six got.
rels=0
for f in "$W"/dbp_tenant_*.db; do
	rels=$((rels + $(lite "$f" "SELECT count(*) FROM sqlite_schema WHERE name <> 'accounts_name_unique'")))
done
check "database each: the relations are the files' sqlite_schema rows ($rels)" [ "$(figure relations 3)" = "$rels" ]
check "shared table: 12 tenants, as its table holds" \
	[ "$(figure tenants 1)" = "$(lite "$W/dbp_tenants.db" "SELECT count(*) FROM tenants")" ]
check "schema each: none on SQLite" [ "$(figure tenants 2)" = none ]
check "  and why" contains "$OUT" "SQLite has no CREATE SCHEMA"

check "the loop stops at the middle tenant" contains "$OUT" "dbp_tenant_0007 refused it: UNIQUE constraint failed: accounts.name"
check "tenants 1-6 at version 3, as listed" contains "$OUT" "dbp_tenant_0001 .. dbp_tenant_0006  version 3"
check "tenants 7-12 at version 2, as listed" contains "$OUT" "dbp_tenant_0007 .. dbp_tenant_0012  version 2"
check "tenant 6 stands at 3 in its own file" [ "$(lite "$W/dbp_tenant_0006.db" "SELECT version FROM tenant_version")" = 3 ]
check "tenant 7 stands at 2 in its own file" [ "$(lite "$W/dbp_tenant_0007.db" "SELECT version FROM tenant_version")" = 2 ]
check "the eleventh attached file is refused" contains "$OUT" "10 attached; number 11 refused: too many attached databases - max 10"

check "verdict: half way, passed with its figure" contains "$OUT" "✓ half_way: the tenants now stand on different versions: 6 at 3, 6 at 2"
check "verdict: attach limit, passed" contains "$OUT" "✓ attach_limit: 10 attached; number 11 refused"
check "a verdict's mark stands alone, no role marker before it" \
	sh -c 'printf "%s\n" "$1" | grep -q "^  ✓ attach_limit:"' _ "$OUT"
check "verdict: the PostgreSQL-only claim is skipped, saying why" \
	contains "$OUT" "– locks_pile_up: not claimed on sqlite (made on postgres only)"
# The verdicts are kept, as check-lessons keeps its own, for the report.
run_dbp report --output "$SCRATCH/report"
check "report writes the session (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
REPORT=$(cat "$SCRATCH/report/dbpatterns-report.md")
check "the report lists the demo's verdict, by demo" contains "$REPORT" "| half_way | sqlite | passed | the tenants now stand on different versions: 6 at 3, 6 at 2"
check "and the skipped one, saying why" contains "$REPORT" "| locks_pile_up | sqlite | skipped | not claimed on sqlite"

# A table of the user's in a tenant's file would go with the file: it stops
# the teardown before any tenant file is removed.
lite "$W/dbp_tenant_0005.db" "CREATE TABLE notes (x); INSERT INTO notes VALUES (7)"
run_dbp teardown 5
check "a table of the user's in a tenant file stops the teardown (rc $RC)" [ "$RC" -ne 0 ]
check "  naming it: $ERR" contains "$ERR" "dbp_tenant_0005 holds table notes"
check "  before any tenant file was removed" [ "$(ls "$W" | grep -c '^dbp_tenant_[0-9]*\.db$')" -eq 12 ]
check "  its row intact" [ "$(lite "$W/dbp_tenant_0005.db" "SELECT x FROM notes")" = 7 ]
lite "$W/dbp_tenant_0005.db" "DROP TABLE notes"

# A second run replaces the first run's tenants (the smaller count too).
run_dbp --tenants 3 demo 5 tenants
files=$(ls "$W" | grep -c '^dbp_tenant_[0-9]*\.db$')
check "a second run with 3 tenants leaves 3 files ($files, rc $RC)" [ "$files" -eq 3 ]

# A stranger's file under a tenant's name stops the run and is kept.
run_dbp teardown 5
run_dbp provision 5
lite "$W/dbp_tenant_0002.db" "CREATE TABLE mine (x); INSERT INTO mine VALUES (42)"
run_dbp --tenants 3 demo 5 tenants
check "a stranger's dbp_tenant_0002.db stops the demo (rc $RC)" [ "$RC" -ne 0 ]
check "  saying so: $ERR" contains "$ERR" "dbp_tenant_0002"
check "  and the stranger's data is intact" [ "$(lite "$W/dbp_tenant_0002.db" "SELECT x FROM mine")" = 42 ]
run_dbp teardown 5
check "teardown works around it (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "  the stranger's file is still there" [ -f "$W/dbp_tenant_0002.db" ]
rm -f "$W/dbp_tenant_0002.db"
left=$(ls "$W" | grep -c '^dbp_tenant' || true)
check "no tenant file of ours is left ($left)" [ "$left" -eq 0 ]
check "the manifest lists no tenant" sh -c '! grep -q tenant_ "$1"' _ "$W/manifest.tsv"

run_dbp check-lessons --live "$LESSONS"
check "check-lessons --live passes lesson 5 on SQLite (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "  3 claims, none failed" contains "$OUT" "lesson 5 (three-ways-to-hold-tenants) on sqlite $W: 3 claims, 0 failed"
check "  the skipped claim says why" contains "$OUT" "– locks_pile_up: not claimed on sqlite (made on postgres only)"
left=$(ls "$W" | grep -c '^dbp_tenant' || true)
check "  and leaves no tenant file behind ($left)" [ "$left" -eq 0 ]

# A claim on a demo is checked when the lesson loads: line numbers given.
L5="$LESSONS/05-three-ways-to-hold-tenants"
broken() {
	rm -rf "$SCRATCH/b"; mkdir -p "$SCRATCH/b"; cp -R "$L5" "$SCRATCH/b/"
	printf '%s\n' "$@" >> "$SCRATCH/b/05-three-ways-to-hold-tenants/lesson.ini"
	run_dbp check-lessons "$SCRATCH/b"
}
N=$(($(wc -l < "$L5/lesson.ini") + 2)) # [claim x] follows; its first key is its line
broken '[claim x]' 'text = T' 'check = demo' 'message = m'
check "check = demo without demo = NAME is refused at its line" contains "$ERR$OUT" "lesson.ini:$N: [claim x] demo = NAME goes with check = demo"
broken '[claim x]' 'text = T' 'check = demo' 'demo = nosuch' 'message = m'
check "a demo the lesson lacks is named" contains "$ERR$OUT" "names demo \"nosuch\", which has no [demo nosuch]"
broken '[claim x]' 'text = T' 'check = demo' 'demo = tenants'
check "check = demo needs message" contains "$ERR$OUT" "needs message = what the demonstration's report says"
broken '[claim x]' 'text = T' 'check = rows' 'workload = w' 'demo = tenants' 'rows = 1'
check "demo = NAME with another check is refused" contains "$ERR$OUT" "demo = NAME goes with check = demo"
broken '[claim x]' 'text = T' 'check = demo' 'demo = tenants' 'measure = stall' 'factor = 2'
check "measure goes with a lock_queue demo, not tenants" contains "$ERR$OUT" "measure, factor and sqlstate go with a lock_queue demo; demo tenants is of kind tenants"
broken '[demo again]' 'title = T' 'kind = tenant'
check "an unknown demo kind lists the kinds" contains "$ERR$OUT" "kind must be offline, role, lock_queue, tenants, transfer or shards, not \"tenant\""

run_dbp tour 5
check "lesson 5 has a tour of five stops" contains "$OUT" "5 stops; dbpatterns --tour 5 plays it"
check "whose fourth stop runs the demonstration" contains "$OUT" " 4  does: demo tenants"

# Another prefix may begin with this one's tenant names (dbp_tenant beside
# dbp, one workdir and workspace): what it made is not dbp's tenants.
run_dbp --prefix dbp_tenant provision 4
check "prefix dbp_tenant provisions lesson 4 beside dbp (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
run_dbp provision 5
run_dbp --tenants 3 demo 5 tenants
run_dbp teardown 5
check "lesson 5's teardown beside it completes (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "  naming no database of dbp_tenant's" lacks "$OUT" "dbp_tenant_big_db"
check "  whose file is still there" [ -f "$W/dbp_tenant_big_db.db" ]
run_dbp --prefix dbp_tenant tables 4
check "  and still answers (rc $RC${ERR:+: $ERR})" contains "$OUT" "comments"
run_dbp --prefix dbp_tenant teardown 4
check "dbp_tenant tears down by its own prefix (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
