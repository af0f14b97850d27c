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
TEARDOWN_HOOK='for db in $(psql_q "SELECT datname FROM pg_database WHERE datname LIKE '"'"'%${T}\\_%'"'"'"); do psql -Xqc "DROP DATABASE \"$db\""; done; for r in "$V" "$F"; do psql -Xqc "DROP ROLE IF EXISTS \"$r\""; done'
for r in "$V" "$F"; do
	psql_q "CREATE ROLE \"$r\" LOGIN CREATEDB PASSWORD '${PGPASSWORD:-x}'"
done
as() { r=$1; shift; PGUSER=$r DBPATTERNS_WORKDIR="$SCRATCH/w-$r" run_dbp --backend postgres "$@"; }
instructor() { DBPATTERNS_WORKDIR="$SCRATCH/instructor" run_dbp --backend postgres "$@"; }
exists_db() { [ -n "$(psql_q "SELECT 1 FROM pg_database WHERE datname = '$1'")" ]; }
exists_schema() { [ -n "$(psql_q "SELECT 1 FROM pg_namespace WHERE nspname = '$2'" "$1")" ]; }
as_f() { PGUSER=$F psql -XAtq -v ON_ERROR_STOP=1 "$@"; }

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
check "the message names both owners" contains "$ERR" "$V" && contains "$ERR" "$F"
check "and says nothing was dropped" contains "$ERR" "nothing of workspace $PV was dropped"
check "the victim's database is intact" exists_db "${PV}_community"
check "the forger's database is intact" exists_db "${PV}_evil"
check "the forger's schema is intact" exists_schema "${PF}_community" "${PV}_books"
