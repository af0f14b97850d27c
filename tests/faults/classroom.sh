#!/bin/sh
# The instructor's commands on a shared server, attacked: a student copies
# another's marker onto objects of their own; Ctrl-C in the middle of a
# teardown; a student's lock held while the instructor looks.  Nothing that
# is not shown to be the workspace's (or the class's) is ever dropped.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
T=$(unique_prefix)
V="${T}_vic"; F="${T}_forger"
PV="dbp_$V"; PF="dbp_$F"
TEARDOWN_HOOK='end_session "reader_$T"; end_session "locker_$T"; end_session "stud_$T"; for db in $(psql_q "SELECT datname FROM pg_database WHERE datname LIKE '"'"'%${T}\\_%'"'"'"); do psql -Xqc "DROP DATABASE \"$db\""; done; for r in "$V" "$F"; do psql -Xqc "DROP ROLE IF EXISTS \"$r\""; done'
for r in "$V" "$F"; do
	psql_q "CREATE ROLE \"$r\" LOGIN CREATEDB PASSWORD '${PGPASSWORD:-x}'"
done
as() { r=$1; shift; PGUSER=$r DBPATTERNS_WORKDIR="$SCRATCH/w-$r" run_dbp --backend postgres "$@"; }
instructor() { DBPATTERNS_WORKDIR="$SCRATCH/instructor" run_dbp --backend postgres "$@"; }
exists_db() { [ -n "$(psql_q "SELECT 1 FROM pg_database WHERE datname = '$1'")" ]; }
exists_schema() { [ -n "$(psql_q "SELECT 1 FROM pg_namespace WHERE nspname = '$2'" "$1")" ]; }
as_f() { PGUSER=$F psql -XAtq -v ON_ERROR_STOP=1 "$@"; }
# wait_for COMMAND...: until it succeeds, for two minutes at most.
wait_for() { _n=0; until "$@"; do _n=$((_n + 1)); [ "$_n" -lt 600 ] || return 1; sleep 0.2; done; }
# holds DB TABLE MODE: a session of the test's own holds that lock.
holds() { [ "$(psql_q "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = '$2' AND l.mode = '$3' AND l.granted" "$1")" -gt 0 ]; }
# A session of the test's own, named when it began, ended by the server.
end_session() { psql_q "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '$1'" >/dev/null; }

# ---- a copied marker ---------------------------------------------------------
as "$V" provision 1
check "the victim provisions lesson 1" [ "$RC" -eq 0 ]
as "$F" provision 1
check "the forger provisions lesson 1" [ "$RC" -eq 0 ]
marker=$(psql_q "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '${PV}_community'")
# The forger's own database and schema, named as the victim's and carrying
# the victim's marker word for word (the same prefix, the same workspace id).
as_f -c "CREATE DATABASE \"${PV}_evil\"" -c "COMMENT ON DATABASE \"${PV}_evil\" IS \$m\$$marker\$m\$"
as_f -d "${PF}_community" -c "CREATE SCHEMA \"${PV}_books\"" \
	-c "COMMENT ON SCHEMA \"${PV}_books\" IS \$m\$$marker\$m\$" -c "CREATE TABLE \"${PV}_books\".mine (x int)"

instructor --yes workspaces drop "$PV"
check "a workspace whose objects several roles own is not dropped" [ "$RC" -ne 0 ]
check "the message names both owners" eval 'contains "$ERR" "$V" && contains "$ERR" "$F"'
check "and says nothing was dropped" contains "$ERR" "nothing of workspace $PV was dropped"
check "the victim's database is intact" exists_db "${PV}_community"
check "the forger's database is intact" exists_db "${PV}_evil"
check "the forger's schema is intact" exists_schema "${PF}_community" "${PV}_books"
# The forger removes the copies; both workspaces are one role's again.
as_f -c "DROP DATABASE \"${PV}_evil\""
as_f -d "${PF}_community" -c "SET client_min_messages = warning" -c "DROP SCHEMA \"${PV}_books\" CASCADE"

# ---- names that carry terminal escapes ----------------------------------------
# A database name may hold any byte but NUL: one with an escape sequence must
# not reach the instructor's terminal as one, whatever line names it.
ESC=$(printf '\033')
as_f -c "CREATE DATABASE \"${T}_x${ESC}[31m\"" -c "ALTER DATABASE \"${T}_x${ESC}[31m\" ALLOW_CONNECTIONS false"
fmarker=$(psql_q "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '${PF}_community'")
as_f -c "CREATE DATABASE \"${PF}_y${ESC}[32m\"" -c "COMMENT ON DATABASE \"${PF}_y${ESC}[32m\" IS \$m\$$fmarker\$m\$"
instructor workspaces
check "the listing names the database it cannot enter, without its escape" eval 'contains "$ERR" "could not look inside database ${T}_x" && lacks "$OUT$ERR" "$ESC"'
instructor --yes workspaces drop "$PF"
check "the plan and the report name the database, without its escape" eval 'contains "$OUT" "dropped database ${PF}_y" && lacks "$OUT$ERR" "$ESC"'
as_f -c "ALTER DATABASE \"${T}_x${ESC}[31m\" ALLOW_CONNECTIONS true" -c "DROP DATABASE \"${T}_x${ESC}[31m\""
as "$F" provision 1
check "the forger provisions again" [ "$RC" -eq 0 ]

# ---- a prefix that is another workspace's id ----------------------------------
# Markers are readable by all: the forger takes the victim's workspace id as
# their prefix.  Naming it must not pick one of the two in silence.
VID=$(cat "$SCRATCH/w-$V/workspace.id")
f2() { PGUSER=$F DBPATTERNS_WORKDIR="$SCRATCH/w-f2" run_dbp --backend postgres --prefix "$VID" "$@"; }
TEARDOWN_HOOK="f2 teardown all; $TEARDOWN_HOOK"
f2 provision 1
check "a prefix may look like a workspace id" [ "$RC" -eq 0 ]
instructor --yes workspaces drop "$VID"
check "a name that is one workspace's id and another's prefix is refused" eval '[ "$RC" -ne 0 ] && contains "$ERR" "$(cat "$SCRATCH/w-f2/workspace.id")"'
check "the victim's workspace is intact" exists_db "${PV}_community"
check "the forger's is too" exists_db "${VID}_community"
F2ID=$(cat "$SCRATCH/w-f2/workspace.id")
instructor --yes workspaces drop "$F2ID" "$F2ID"
check "the forger's goes by its own id ($ERR)" eval '[ "$RC" -eq 0 ] && ! exists_db "${VID}_community" && exists_db "${PV}_community"'
check "named twice, it is dropped once" [ "$(printf '%s\n' "$OUT" | grep -c "^dropped database ${VID}_community\$")" -eq 1 ]
check "and not said to be left" lacks "$ERR" "left:"

# ---- Ctrl-C in the middle of a teardown -------------------------------------
# A student of a class with databases of their own: lesson 4's schemas live
# in the student's database, which is the class's, so each is dropped alone.
C="${T}c"; S="${C}_s01"
TEARDOWN_HOOK="student teardown all; \"\$DBP_BIN\" --backend postgres class drop --class $C; $TEARDOWN_HOOK"
run_dbp --backend postgres class create 1 --class "$C" --own-database
check "a class of one with a database of its own" [ "$RC" -eq 0 ]
printf '%s\n' "$OUT" | sed -n 's/^  dbpatterns: dbpatterns //p' > "$SCRATCH/s.cmd"
student() { eval "set -- $(cat "$SCRATCH/s.cmd") \"\$@\""; DBPATTERNS_WORKDIR="$SCRATCH/w-s" "$DBP_BIN" "$@"; }
student provision 4 >/dev/null 2>&1
check "the student provisions lesson 4 in their database" exists_schema "$S" "${S}_shop"
# A reader of the last schema's table holds the teardown at that schema.
PGAPPNAME="reader_$T" psql -Xq -d "$S" -c "BEGIN" -c "SELECT count(*) FROM \"${S}_shop\".dbpatterns_history_shop" \
	-c "SELECT pg_sleep(120)" >/dev/null 2>&1 &
READER=$!
waiting() { [ "$(psql_q "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = '$S' AND a.application_name <> 'reader_$T'")" -gt 0 ]; }
check "a reader holds the last schema's table" wait_for holds "$S" dbpatterns_history_shop AccessShareLock
DBPATTERNS_WORKDIR="$SCRATCH/instructor" "$DBP_BIN" --backend postgres --yes workspaces drop "$S" "$PV" \
	>"$SCRATCH/int.out" 2>"$SCRATCH/int.err" &
DROPPER=$!
check "the teardown waits for the reader" wait_for waiting
kill -INT "$DROPPER"
wait "$DROPPER"; RC=$?
OUT=$(cat "$SCRATCH/int.out"); ERR=$(cat "$SCRATCH/int.err")
end_session "reader_$T"; wait "$READER" 2>/dev/null || :
check "Ctrl-C ends it as a shell expects (130)" [ "$RC" -eq 130 ]
check "what was dropped is said" contains "$OUT" "dropped schema ${S}_books in database $S"
check "what is left of the workspace is said" contains "$ERR" "left: schema ${S}_shop in database $S"
check "the schema it was dropping is still there" exists_schema "$S" "${S}_shop"
check "the workspace named next is not touched" exists_db "${PV}_community"
check "and the message does not say it was looked at" lacks "$ERR" "$PV"

# A student connected to the database where their schemas are is still at
# work there, as one connected to a database of their own workspace is.
eval "set -- $(cat "$SCRATCH/s.cmd")"
PGAPPNAME="stud_$T" psql -Xq "$4" -c "SELECT pg_sleep(300)" >/dev/null 2>&1 &
STUD=$!
connected() { [ "$(psql_q "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'stud_$T'")" -gt 0 ]; }
check "the student is connected to their database" wait_for connected
instructor --yes workspaces drop "$S"
check "their schemas are not dropped under them" eval '[ "$RC" -ne 0 ] && exists_schema "$S" "${S}_shop"'
check "the message says a session of theirs is connected" contains "$ERR" "1 session of role $S is connected to database $S"
end_session "stud_$T"; wait "$STUD" 2>/dev/null || :
instructor --yes workspaces drop "$S"
check "once they have left, the rest of the workspace goes ($ERR)" eval '[ "$RC" -eq 0 ] && ! exists_schema "$S" "${S}_shop"'

# ---- a student's lock while the instructor looks ------------------------------
# A table locked by a student (an ALTER TABLE under way, a LOCK TABLE) must
# not hold the listing for as long as the student keeps it.
PGAPPNAME="locker_$T" psql -Xq -d "${PV}_community" -c "BEGIN" -c "LOCK TABLE users IN ACCESS EXCLUSIVE MODE" \
	-c "SELECT pg_sleep(300)" >/dev/null 2>&1 &
LOCKER=$!
check "a student locks a table" wait_for holds "${PV}_community" users AccessExclusiveLock
DBPATTERNS_WORKDIR="$SCRATCH/instructor" timeout 200 "$DBP_BIN" --backend postgres --format csv workspaces \
	>"$SCRATCH/lock.out" 2>"$SCRATCH/lock.err"; RC=$?
OUT=$(cat "$SCRATCH/lock.out"); ERR=$(cat "$SCRATCH/lock.err")
check "the listing does not wait for the student's lock" [ "$RC" -eq 0 ]
check "it says which database it could not look inside, and why" eval 'contains "$ERR" "could not look inside database ${PV}_community" && contains "$ERR" "a session holds a lock on a table in it"'
check "the other workspaces are listed" contains "$OUT" "$PF,"
end_session "locker_$T"; wait "$LOCKER" 2>/dev/null || :

# ---- class drop while students are connected --------------------------------
# A dropped role's session goes on as nobody, failing at its next step, and
# a database in use stops the drop half-way: a connected student stops it
# before anything is dropped.
K="${T}k"
TEARDOWN_HOOK="end_session \"stud_$T\"; \"\$DBP_BIN\" --backend postgres class drop --class $K; $TEARDOWN_HOOK"
run_dbp --backend postgres class create 2 --class "$K" --own-database
check "a class of two with databases of their own" [ "$RC" -eq 0 ]
pw2=$(printf '%s\n' "$OUT" | grep -A1 "^${K}_s02\$" | sed -n 's/.*password=\([^ ]*\).*/\1/p')
PGAPPNAME="stud_$T" PGUSER="${K}_s02" PGPASSWORD="$pw2" psql -Xq -d "${K}_s02" -c "SELECT pg_sleep(300)" >/dev/null 2>&1 &
STUD=$!
check "the second student is connected" wait_for connected
run_dbp --backend postgres class drop --class "$K"
check "class drop refuses while a student is connected" [ "$RC" -ne 0 ]
check "it names the student and the session" contains "$ERR" "${K}_s02 has 1 session connected"
check "and says nothing was dropped" contains "$ERR" "nothing was dropped"
check "the first student's database is still there" exists_db "${K}_s01"
check "every role of the class is still there" [ "$(psql_q "SELECT count(*) FROM pg_roles WHERE rolname LIKE '${K}\\_s0_'")" = 2 ]
end_session "stud_$T"; wait "$STUD" 2>/dev/null || :
# Someone else's database with the class's marker copied onto it: the marker
# names the class, but the database is no student's of it.
kmarker=$(psql_q "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '${K}_s01'")
as_f -c "CREATE DATABASE \"${T}_fmine${ESC}[33m\"" -c "COMMENT ON DATABASE \"${T}_fmine${ESC}[33m\" IS \$m\$$kmarker\$m\$"
run_dbp --backend postgres class drop --class "$K"
check "once the student has left, class drop goes through ($ERR)" [ "$RC" -eq 0 ]
check "the students' databases are gone" [ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${K}\\_s0_'")" = 0 ]
check "a copied class marker does not make a database the class's" exists_db "${T}_fmine${ESC}[33m"
check "and it is said to be left alone" eval 'contains "$OUT" "database ${T}_fmine" && contains "$OUT" "carries the marker of class $K"'
check "its name reaches the terminal without its escape" lacks "$OUT$ERR" "$ESC"
