#!/bin/sh
# Lesson 7 on PostgreSQL: row-level security and who bypasses it.  The
# lesson's claims run twice, once as the superuser pg_virtualenv connects
# as (no policy binds it) and once as a class student (an ordinary role,
# the table's owner): each run checks the claims its role can show and
# skips the others, saying why.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
P=$(unique_prefix)
C=$(unique_prefix)c
mkdir -p "$SCRATCH/l"
cp -r "$DBP_SRCDIR/data/lessons/07-row-level-security" "$SCRATCH/l/"
TEARDOWN_HOOK='"$DBP_BIN" --backend postgres --prefix "$P" --lessons "$SCRATCH/l" teardown all;
	[ -f "$SCRATCH/s1.cmd" ] && student teardown all; "$DBP_BIN" --backend postgres class drop --class "$C"'
ours() { psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${1}\\_%'"; }

run_dbp list
check "list shows lesson 7" sh -c 'printf "%s\n" "$1" | grep -Eq "^ *7 +row-level-security"' _ "$OUT"

# As the superuser: a policy never binds it, FORCE or not.
run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/l" check-lessons --live "$SCRATCH/l"
check "check-lessons --live passes as the superuser (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "the superuser reads every note even after FORCE" contains "$OUT" "✓ superuser_reads_all: 3000 rows, measured"
check "claims for an ordinary role are skipped, saying why" \
	contains "$OUT" "– force_binds_owner: needs a role that is not a superuser, and $PGUSER is one"
check "SQLite's claims are skipped, saying so" \
	contains "$OUT" "– view_filters: not claimed on postgres (made on sqlite only)"
check "no database of the check is left behind" [ "$(ours "$P")" = 0 ]

# As a student of a class: an ordinary role, and the table's owner.
check "class create 1 makes a student" class_of_one "$C"
student() { as_student --lessons "$SCRATCH/l" "$@"; }
OUT=$(student check-lessons --live "$SCRATCH/l" 2>"$SCRATCH/stderr"); RC=$?; ERR=$(cat "$SCRATCH/stderr")
check "check-lessons --live passes as a student (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "without FORCE the owner reads every note" contains "$OUT" "✓ owner_reads_all: 3000 rows, measured"
check "with FORCE the owner reads tenant 2's notes only" contains "$OUT" "✓ force_binds_owner: 1000 rows, measured"
check "the superuser's claim is skipped, saying why" \
	contains "$OUT" "– superuser_reads_all: needs a superuser, and ${C}_s01 is not one"
check "the policy returns the rows a WHERE would" \
	contains "$OUT" "✓ policy_is_a_where: 1000 rows, identical, in the same order"
check "no tenant set: unrecognized configuration parameter (42704)" \
	contains "$OUT" "✓ no_tenant_fails: fails as claimed with 42704"
check "after RESET it fails differently (22P02)" contains "$OUT" "✓ reset_fails: fails as claimed with 22P02"
check "another tenant's row violates the policy (42501)" \
	contains "$OUT" "✓ other_tenant_refused: fails as claimed with 42501"
check "in the engine's words" contains "$OUT" "new row violates row-level security policy for table \"notes\""
check "with missing_ok no tenant means no rows" contains "$OUT" "✓ missing_ok_no_rows: 0 rows, measured"
check "missing_ok does not cover RESET" contains "$OUT" "✓ missing_ok_after_reset: fails as claimed with 22P02"
check "the plan shows the policy's condition" \
	contains "$OUT" "✓ plan_shows_policy: the plan shows \"current_setting('app.tenant'::text)\""
check "no database of the student's check is left behind" [ "$(ours "${C}_s01")" = 0 ]

# BYPASSRLS: an ordinary role that no policy binds either.  The claims
# about a bound role are skipped for it, saying why, and none fails.
psql_q "ALTER ROLE \"${C}_s01\" BYPASSRLS"
OUT=$(student check-lessons --live "$SCRATCH/l" 2>"$SCRATCH/stderr"); RC=$?; ERR=$(cat "$SCRATCH/stderr")
psql_q "ALTER ROLE \"${C}_s01\" NOBYPASSRLS"
check "check-lessons --live passes as a student with BYPASSRLS (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "FORCE's claim is skipped for it, saying why" \
	contains "$OUT" "– force_binds_owner: needs a role that policies bind, and ${C}_s01 has BYPASSRLS"


# The catalog does not count through a policy: once FORCE binds the
# student's role, the notes are shown as hidden (null in JSON), and the
# superuser, whom no policy binds, still counts every one.
student provision 7 >/dev/null 2>&1
student migrate 7 up --to 4 >/dev/null 2>&1
OUT=$(student --format json tables 7 2>&1)
check "as the student, the count of notes is null at 004" jq_is '[.[] | select(.table == "notes") | .rows] == [null]'
OUT=$(student tables 7 2>&1)
check "and the text says why the figure is missing" contains "$OUT" "(no rows figure: a row-level security policy filters this role's reads there)"
OUT=$(student show 7 2>&1)
check "the topology says why" contains "$OUT" "notes (rows hidden by row-level security)"
run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/l" provision 7
"$DBP_BIN" --backend postgres --prefix "$P" --lessons "$SCRATCH/l" migrate 7 up --to 4 >/dev/null 2>&1
run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/l" --format json tables 7
check "as the superuser every note is counted at 004" jq_is '[.[] | select(.table == "notes") | .rows] == [3000]'
