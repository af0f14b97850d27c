#!/bin/sh
# Lesson 7 on SQLite: the stand-in for row-level security is a view that
# filters on a tenant kept in a table, and any connection reading the table
# goes around it; the PostgreSQL claims are skipped, saying so.  A view the
# lesson's migrations create is the lesson's own at teardown, one the user
# adds is not.  requires = (a role) is refused on a claim made on SQLite.
. "$DBP_SRCDIR/tests/lib.sh"
mkdir -p "$SCRATCH/l"
cp -r "$DBP_SRCDIR/data/lessons/07-row-level-security" "$SCRATCH/l/"
INI="$SCRATCH/l/07-row-level-security/lesson.ini"
dbp() { "$DBP_BIN" --lessons "$SCRATCH/l" "$@"; }
TEARDOWN_HOOK='dbp teardown all'

run_dbp list
check "list shows lesson 7" sh -c 'printf "%s\n" "$1" | grep -Eq "^ *7 +row-level-security"' _ "$OUT"

run_dbp --lessons "$SCRATCH/l" check-lessons --live "$SCRATCH/l"
check "check-lessons --live passes on SQLite (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "the view shows one tenant's notes" contains "$OUT" "✓ view_filters: 1000 rows, measured"
check "the table read directly shows every note" contains "$OUT" "✓ table_bypasses_view: 3000 rows, measured"
check "and the text says the view does not protect" contains "$OUT" "the view filters, it does not protect"
check "SET is a syntax error on SQLite" contains "$OUT" "✓ no_set_in_sqlite: fails as claimed"
check "PostgreSQL's claims are skipped, saying so" \
	contains "$OUT" "– force_binds_owner: not claimed on sqlite (made on postgres only)"

# The lesson's view is its own at teardown; a view the user adds is not.
dbp provision 7 >/dev/null
check "provision makes the view" [ "$(sqlite3 "$DBPATTERNS_WORKDIR/dbp_saas_db.db" "SELECT count(*) FROM sqlite_schema WHERE type = 'view' AND name = 'tenant_notes'")" = 1 ]
sqlite3 "$DBPATTERNS_WORKDIR/dbp_saas_db.db" "CREATE VIEW my_notes AS SELECT * FROM notes"
run_dbp --lessons "$SCRATCH/l" teardown 7
check "a view the user added stops the teardown" contains "$ERR" "holds view my_notes, which dbpatterns did not create"
sqlite3 "$DBPATTERNS_WORKDIR/dbp_saas_db.db" "DROP VIEW my_notes"
run_dbp --lessons "$SCRATCH/l" teardown 7
check "without it the lesson's own view is torn down with the rest (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "the database file is gone" [ ! -e "$DBPATTERNS_WORKDIR/dbp_saas_db.db" ]

# requires = names a role, which SQLite has not: refused with file:line.
sed -i '/^\[claim view_filters\]/a requires = superuser' "$INI"
line=$(grep -n '^\[claim view_filters\]' "$INI" | cut -d: -f1)
run_dbp check-lessons "$SCRATCH/l"
check "requires on a claim made on SQLite is refused" [ "$RC" -ne 0 ]
check "with its line and what to do" contains "$ERR" \
	"lesson.ini:$((line + 1)): [claim view_filters] requires a role or a server setting, which only PostgreSQL has: add engines = postgres"
sed -i 's/^requires = superuser$/requires = admin/' "$INI"
run_dbp check-lessons "$SCRATCH/l"
check "an unknown requirement is named, with the three it may be" contains "$ERR" "requires is superuser, not_superuser or prepared_transactions, not \"admin\""
