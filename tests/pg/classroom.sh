#!/bin/sh
# A class on one PostgreSQL server: three students (three roles, three
# workdirs) each get a prefix of their own by default; the instructor's
# `workspaces` lists all three from the markers, tears one down without
# touching the others' rows, and leaves lookalikes without our marker alone.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
T=$(unique_prefix)
R1="${T}_ann"; R2="${T}_bo"; R3="${T}_cy"
P1="dbp_$R1"; P2="dbp_$R2"; P3="dbp_$R3"
TEARDOWN_HOOK='for db in $(psql_q "SELECT datname FROM pg_database WHERE datname LIKE '"'"'dbp\\_${T}\\_%'"'"'"); do psql -Xqc "DROP DATABASE \"$db\""; done; for r in "$R1" "$R2" "$R3"; do psql -Xqc "DROP ROLE IF EXISTS \"$r\""; done'
for r in "$R1" "$R2" "$R3"; do
	psql_q "CREATE ROLE \"$r\" LOGIN CREATEDB PASSWORD '${PGPASSWORD:-x}'"
done
# student N ARGS...: dbpatterns as that student, in that student's workdir.
student() { n=$1; shift; eval "r=\$R$n"; PGUSER=$r DBPATTERNS_WORKDIR="$SCRATCH/w$n" run_dbp --backend postgres "$@"; }
# instructor ARGS...: the test's own (superuser) role, no workdir of a student.
instructor() { DBPATTERNS_WORKDIR="$SCRATCH/instructor" run_dbp --backend postgres "$@"; }

student 1 show 1
check "the default prefix comes from the role" contains "$OUT" "Prefix: $P1 (the default for role $R1)"
student 1 provision 1
check "student 1 provisions lesson 1 under dbp_ROLE" contains "$OUT" "under prefix $P1"
student 2 provision 1
check "student 2 provisions the same lesson beside it" [ "$RC" -eq 0 ]
student 2 provision 3
student 3 provision 4
check "student 3 provisions lesson 4" [ "$RC" -eq 0 ]
check "each student has a database of their own" [ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname IN ('${P1}_community', '${P2}_community', '${P2}_central_db', '${P3}_big_db')")" = 4 ]

# Lookalikes: named like student 1's and 2's, without a marker naming a workspace.
psql_q "CREATE DATABASE \"${P1}_fake\""
psql_q "CREATE DATABASE \"${P2}_forged\""
psql_q "COMMENT ON DATABASE \"${P2}_forged\" IS 'dbpatterns-owned:$P2'"

instructor --format csv workspaces
check "the listing succeeds" [ "$RC" -eq 0 ]
check "it lists student 1 with lesson 1 and the role" contains "$OUT" "$P1,$(cat "$SCRATCH/w1/workspace.id"),$R1,1,"
check "it lists student 2 with lessons 1 and 3" contains "$OUT" "$P2,$(cat "$SCRATCH/w2/workspace.id"),$R2,1 3,"
check "it lists student 3 with lesson 4" contains "$OUT" "$P3,$(cat "$SCRATCH/w3/workspace.id"),$R3,4,"
check "and where each workdir is" contains "$OUT" ":$SCRATCH/w3,"
check "an unmarked lookalike is listed as not ours" contains "$OUT" "database ${P1}_fake: no dbpatterns marker; left alone"
check "a marker naming no workspace is not ours either" contains "$OUT" "database ${P2}_forged: its marker names no workspace id"
instructor --format json workspaces
check "JSON: one object per row, sizes as numbers" jq_is "[.[] | select(.prefix == \"$P3\" and .workspace != \"\")] | length == 1 and (.[0].size_bytes | type) == \"number\""
instructor workspaces
check "text: sizes for a person" contains "$OUT" " MB "

count() { psql_q "SELECT count(*) FROM $1" "$2"; }
before1=$(count users "${P1}_community")
before3=$(count "\"${P3}_books\".users" "${P3}_big_db")

instructor workspaces drop "$P2" </dev/null
check "no terminal and no --yes: refused" [ "$RC" -eq 2 ]
check "and says why" contains "$ERR" "standard input is not a terminal: nothing was dropped; add --yes"
check "it shows what it would drop" contains "$OUT" "drop database ${P2}_central_db"
check "nothing was dropped" [ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${P2}\\_%'")" = 3 ]

PGUSER=$R1 DBPATTERNS_WORKDIR="$SCRATCH/instructor" run_dbp --backend postgres --yes workspaces drop "$P3"
check "a role without the right is refused" [ "$RC" -ne 0 ]
check "and told whom to connect as" contains "$ERR" "may not drop database ${P3}_big_db (owned by $R3)"
check "student 3's database is still there" [ "$(count "\"${P3}_books\".users" "${P3}_big_db")" = "$before3" ]

# Asked on a terminal (script(1) gives it one), the instructor takes a
# while to answer; meanwhile a schema appears in student 2's database.
# The answer is acted on after a fresh look: that database stays.
if command -v script >/dev/null; then
	mkfifo "$SCRATCH/answer"
	(DBPATTERNS_WORKDIR="$SCRATCH/instructor" script -qec "'$DBP_BIN' --backend postgres workspaces drop '$P2'" \
		/dev/null <"$SCRATCH/answer" >"$SCRATCH/asked" 2>&1; echo $? >"$SCRATCH/asked.rc") &
	exec 8>"$SCRATCH/answer"
	waited=0
	until grep -q "Drop it? \[y/N\]" "$SCRATCH/asked" 2>/dev/null || [ "$waited" -ge 600 ]; do
		sleep 0.1; waited=$((waited + 1))
	done
	check "on a terminal it asks" grep -q "Drop it? \[y/N\]" "$SCRATCH/asked"
	psql_q "CREATE SCHEMA late_arrival" "${P2}_community"
	echo y >&8; exec 8>&-
	waited=0
	until [ -s "$SCRATCH/asked.rc" ] || [ "$waited" -ge 600 ]; do sleep 0.1; waited=$((waited + 1)); done
	[ -s "$SCRATCH/asked.rc" ] || { pkill -f "workspaces drop $P2" || :; cat "$SCRATCH/asked"; }
	check "a schema that came while it asked stops the drop (rc $(cat "$SCRATCH/asked.rc"))" \
		[ "$(cat "$SCRATCH/asked.rc")" = 1 ]
	check "naming it" grep -q "holds schema late_arrival" "$SCRATCH/asked"
	check "nothing of student 2's was dropped" \
		[ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${P2}\\_%'")" = 3 ]
	psql_q "DROP SCHEMA late_arrival" "${P2}_community"
else
	echo "# no script(1): the question's fresh look is not checked"
fi

instructor --yes workspaces drop "$P2"
check "the instructor drops student 2's workspace" [ "$RC" -eq 0 ]
[ "$RC" -eq 0 ] || echo "# $ERR" | head -c 2000
check "it reports each database" contains "$OUT" "dropped database ${P2}_community"
check "student 2's databases are gone" [ -z "$(psql_q "SELECT 1 FROM pg_database WHERE datname IN ('${P2}_community', '${P2}_central_db')")" ]
check "the forged lookalike is left alone" [ -n "$(psql_q "SELECT 1 FROM pg_database WHERE datname = '${P2}_forged'")" ]
check "student 1's rows are intact" [ "$(count users "${P1}_community")" = "$before1" ]
check "student 3's rows are intact" [ "$(count "\"${P3}_books\".users" "${P3}_big_db")" = "$before3" ]
student 1 tables 1
check "student 1 goes on working" [ "$RC" -eq 0 ]

instructor --yes workspaces drop "${P1}_fake"
check "a lookalike cannot be named for dropping" [ "$RC" -ne 0 ]
check "the lookalike survives" [ -n "$(psql_q "SELECT 1 FROM pg_database WHERE datname = '${P1}_fake'")" ]

# A workdir whose workspace made its databases under the old shared
# default "dbp" keeps it: nothing is stranded.
L="$SCRATCH/legacy"
PGUSER=$R1 DBPATTERNS_WORKDIR="$L" run_dbp --backend postgres --prefix dbp provision 1
TEARDOWN_HOOK="PGUSER=$R1 DBPATTERNS_WORKDIR='$L' \"\$DBP_BIN\" --backend postgres --prefix dbp teardown 1; $TEARDOWN_HOOK"
PGUSER=$R1 DBPATTERNS_WORKDIR="$L" run_dbp --backend postgres show 1
check "an old workdir keeps its prefix dbp" contains "$OUT" "Prefix: dbp (kept: this workdir's databases on this server were made under it"
check "and names the new default" contains "$OUT" "$P1 for role $R1"
PGUSER=$R1 DBPATTERNS_WORKDIR="$L" run_dbp --backend postgres teardown 1
check "its teardown finds its databases" [ "$RC" -eq 0 ]
check "dbp_community is gone" [ -z "$(psql_q "SELECT 1 FROM pg_database WHERE datname = 'dbp_community'")" ]

# A student at the role's CONNECTION LIMIT is told what it means.
psql_q "ALTER ROLE \"$R1\" CONNECTION LIMIT 0"
student 1 tables 1
check "a refused connection fails" [ "$RC" -ne 0 ]
check "and says it is a connection limit, and to run again" contains "$ERR" "(a CONNECTION LIMIT on the role or the database: close another dbpatterns or psql of yours and run the command again"
psql_q "ALTER ROLE \"$R1\" CONNECTION LIMIT -1"
student 1 tables 1
check "once a slot is free, the same command works" [ "$RC" -eq 0 ]

run_dbp --backend sqlite workspaces
check "SQLite: the command says it is for PostgreSQL" [ "$RC" -eq 2 ]
check "and what to do instead" contains "$ERR" "--backend postgres"
