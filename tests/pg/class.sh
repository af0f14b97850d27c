#!/bin/sh
# A class on one PostgreSQL server: class create makes marked student
# roles whose printed command lines work as they are; --dry-run changes
# nothing; class drop refuses while a student still owns a workspace and
# never touches a role or database without the class's marker.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
C=$(unique_prefix)
cls() { "$DBP_BIN" --backend postgres "$@"; }
roles() { psql_q "SELECT count(*) FROM pg_roles WHERE rolname LIKE '${C}\\_%'"; }
# Whatever a failure left: the students' workspaces, then the class.
TEARDOWN_HOOK='for n in 1 2 3; do [ -f "$SCRATCH/s$n.cmd" ] && student "$n" teardown all; done;
	[ -f "$SCRATCH/o1.cmd" ] && student_o teardown all; cls class drop --class "$C"; cls class drop --class "${C}o";
	psql -Xqc "DROP ROLE IF EXISTS \"${C}_s08\", \"${C}_s09\""'

run_dbp --backend postgres class create 3 --class "$C" --dry-run
check "--dry-run succeeds" [ "$RC" -eq 0 ]
check "--dry-run shows the SQL" contains "$OUT" "CREATE ROLE \"${C}_s01\" LOGIN CREATEDB PASSWORD '...'"
check "--dry-run shows the marker" contains "$OUT" "COMMENT ON ROLE \"${C}_s03\" IS 'dbpatterns-class:$C"
check "--dry-run creates nothing" [ "$(roles)" = 0 ]

run_dbp --backend postgres class create 3 --class "$C"
check "class create 3 succeeds ($ERR)" [ "$RC" -eq 0 ]
check "no password reaches standard error" lacks "$ERR" "password"
printf '%s\n' "$OUT" > "$SCRATCH/roster"
check "it prints three connection strings" [ "$(grep -c '^  connect: .*password=' "$SCRATCH/roster")" -eq 3 ]
check "three roles exist" [ "$(roles)" = 3 ]
check "each carries the class marker" [ "$(psql_q "SELECT count(*) FROM pg_roles WHERE rolname LIKE '${C}\\_s0_' AND shobj_description(oid, 'pg_authid') LIKE 'dbpatterns-class:$C' || chr(10) || 'by=%'")" = 3 ]
check "each may create databases, nothing more" [ "$(psql_q "SELECT count(*) FROM pg_roles WHERE rolname LIKE '${C}\\_%' AND rolcanlogin AND rolcreatedb AND NOT rolcreaterole AND NOT rolsuper")" = 3 ]
check "the server keeps a SCRAM verifier, not the password" [ "$(psql_q "SELECT count(*) FROM pg_authid WHERE rolname LIKE '${C}\\_%' AND rolpassword LIKE 'SCRAM-SHA-256\$%'")" = 3 ]
check "the passwords differ" [ "$(grep '^  connect:' "$SCRATCH/roster" | sed 's/.*password=//' | sort -u | wc -l)" -eq 3 ]

# student N ARGS...: the printed dbpatterns command line, as given, with
# a work directory of the student's own.
for n in 1 2 3; do
	grep -A2 "^${C}_s0$n\$" "$SCRATCH/roster" | sed -n 's/^  dbpatterns: dbpatterns //p' > "$SCRATCH/s$n.cmd"
done
student() {
	_n=$1; shift
	eval "set -- $(cat "$SCRATCH/s$_n.cmd") \"\$@\""
	DBPATTERNS_WORKDIR="$SCRATCH/work-s$_n" "$DBP_BIN" "$@"
}
for n in 1 2 3; do
	out=$(student "$n" provision 1 2>&1)
	check "student $n provisions lesson 1 with the printed command line" [ $? -eq 0 ] ||
		printf '%s\n' "$out" | sed 's/^/# /' 
	check "student $n's database is theirs" [ "$(psql_q "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '${C}_s0${n}_community'")" = "${C}_s0$n" ]
done
check "each student sees the rows of their own lesson" [ "$(student 2 --format csv tables 1 | grep -c ",public,comments,50000,")" -eq 1 ]

# Roles of the same pattern without the class's marker are not the class's.
psql_q "CREATE ROLE \"${C}_s09\" LOGIN"
psql_q "CREATE ROLE \"${C}_s08\" LOGIN; COMMENT ON ROLE \"${C}_s08\" IS 'made by hand'"

run_dbp --backend postgres class drop --class "$C"
check "drop refuses while students own workspaces" [ "$RC" -ne 0 ]
check "it names a student's workspace" contains "$ERR" "${C}_s01 still owns database ${C}_s01_community (a dbpatterns workspace)"
check "it says what to do" contains "$ERR" "dbpatterns teardown all"
check "and that nothing was dropped" contains "$ERR" "nothing was dropped"
check "every role is still there" [ "$(roles)" = 5 ]
check "every workspace is still there" [ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${C}\\_s0_\\_community'")" = 3 ]

# A student may not run the class (no CREATEROLE): said plainly.
OUT=$(student 1 class drop --class "$C" 2>&1)
check "a student's role may not drop the class" contains "$OUT" "may not create or drop roles: a class needs CREATEROLE"

quietly() { "$@" >/dev/null 2>&1; }
for n in 1 2 3; do
	check "student $n tears down" quietly student "$n" teardown all
done
run_dbp --backend postgres class drop --class "$C"
check "drop succeeds after the teardowns ($ERR)" [ "$RC" -eq 0 ]
check "it says what it dropped" contains "$OUT" "role ${C}_s02 dropped"
check "the class's roles are gone" [ "$(psql_q "SELECT count(*) FROM pg_roles WHERE rolname LIKE '${C}\\_s0_' AND rolname NOT IN ('${C}_s08', '${C}_s09')")" = 0 ]
check "roles without the marker are left alone" [ "$(roles)" = 2 ]
run_dbp --backend postgres class drop --class "$C"
check "a second drop finds nothing of the class" contains "$ERR" "carries the marker of class \"$C\""

# Servers where students may not create databases: one of their own each.
run_dbp --backend postgres class create 1 --class "${C}o" --own-database
check "class create --own-database succeeds ($ERR)" [ "$RC" -eq 0 ]
grep -A2 "^${C}o_s01\$" <<EOT | sed -n 's/^  dbpatterns: dbpatterns //p' > "$SCRATCH/o1.cmd"
$OUT
EOT
student_o() {
	eval "set -- $(cat "$SCRATCH/o1.cmd") \"\$@\""
	DBPATTERNS_WORKDIR="$SCRATCH/work-o1" "$DBP_BIN" "$@"
}
check "the database is the student's and carries the marker" [ "$(psql_q "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '${C}o_s01' AND shobj_description(oid, 'pg_database') LIKE 'dbpatterns-class:${C}o' || chr(10) || '%'")" = "${C}o_s01" ]
check "the role may not create databases" [ "$(psql_q "SELECT rolcreatedb FROM pg_roles WHERE rolname = '${C}o_s01'")" = f ]
check "lesson 4 runs in the student's own database" quietly student_o provision 4
check "its schemas are there" [ "$(psql_q "SELECT count(*) FROM pg_namespace WHERE nspname LIKE '${C}o\\_s01\\_%'" "${C}o_s01")" = 3 ]
OUT=$(student_o provision 1 2>&1)
check "lesson 1 is refused, saying CREATEDB is needed" contains "$OUT" "ask for CREATEDB"
run_dbp --backend postgres class drop --class "${C}o"
check "drop refuses while the student's schemas are there" [ "$RC" -ne 0 ]
owns_objects() { printf '%s\n' "$ERR" | grep -Eq "^${C}o_s01 still owns [0-9]+ objects in ${C}o_s01\$"; }
check "and names what the student owns there" owns_objects
student_o teardown all >/dev/null 2>&1
run_dbp --backend postgres class drop --class "${C}o"
check "after teardown the student's database and role go ($ERR)" [ "$RC" -eq 0 ]
check "it says the database was dropped" contains "$OUT" "database ${C}o_s01 dropped"
check "the database is gone" [ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname = '${C}o_s01'")" = 0 ]

# Bad input: a clear message, nothing sent.
run_dbp --backend postgres class create 2 --class 'Bad-Name'
check "a bad class name is refused" contains "$ERR" "must start with a lower-case letter"
run_dbp --backend postgres class create 2 --class pg_x --dry-run
check "a class name PostgreSQL reserves (pg_) is refused, even in a dry run" [ "$RC" -ne 0 ]
check "saying why" contains "$ERR" "may not start with pg_"
run_dbp --backend postgres class create 0 --class "$C"
check "a class of none is refused" [ "$RC" -ne 0 ]
check "naming N" contains "$ERR" "class create N"
run_dbp class create 2 --class "$C"
check "SQLite has no class" contains "$ERR" "use --backend postgres"
