#!/bin/sh
# Provisioning on a real PostgreSQL: what `tables` lists is what psql's
# \dt *.* and \l show; markers are set; provisioning is idempotent.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
P=$(unique_prefix)
dbp() { "$DBP_BIN" --backend postgres --prefix "$P" "$@"; }
TEARDOWN_HOOK="dbp teardown all"

run_dbp --backend postgres --prefix "$P" provision all
check "provision all succeeds" [ "$RC" -eq 0 ]
check "the report names the server without a password" contains "$OUT" "provisioned on postgres"

dbs=$(psql -XAtq -l | cut -d'|' -f1 | grep "^${P}_" | sort)
want=$(lesson_databases "$P")
NDBS=$(printf '%s\n' "$want" | wc -l)
check "psql \\l shows the $NDBS lesson databases" [ "$dbs" = "$want" ]
# The marker names this workspace (its id) and where it lives.
WSID=$(cat "$DBPATTERNS_WORKDIR/workspace.id")
MARK="'dbpatterns-owned:$P' || chr(10) || 'workspace=$WSID' || chr(10) || 'at=%'"
check "each carries the ownership marker naming this workspace" [ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${P}\\_%' AND shobj_description(oid, 'pg_database') LIKE $MARK")" = "$NDBS" ]

# tables L against psql's \dt *.* (schema|name|type|owner), for every lesson.
for l in 1 2 3 4; do
	got=$(dbp --format csv tables "$l" | tail -n +2 | cut -d, -f1,2,3 | sort)
	want=""
	for db in $(printf '%s\n' "$got" | cut -d, -f1 | sort -u); do
		want="$want$(psql -XAtq -d "$db" -c '\dt *.*' | cut -d'|' -f1,2 | grep -v -e '^pg_catalog|' -e '^pg_toast|' -e '^information_schema|' | sed "s/^/$db|/" | tr '|' ',')
"
	done
	want=$(printf '%s' "$want" | grep -v '^$' | sort)
	check "lesson $l: tables matches psql \\dt *.*" [ "$got" = "$want" ]
done

run_dbp --backend postgres --prefix "$P" --format csv tables 1
check "exact row counts" contains "$OUT" "${P}_community,public,comments,50000,"
run_dbp --backend postgres --prefix "$P" --format json tables 4
check "lesson 4 has two users tables" [ "$(printf '%s' "$OUT" | grep -c '"table": "users"')" -eq 2 ]
run_dbp --backend postgres --prefix "$P" --format csv tables 4
check "each described from its own schema" contains "$OUT" "${P}_big_db,${P}_books,users,1000,3,"
check "schemas carry the marker" [ "$(psql_q "SELECT count(*) FROM pg_namespace WHERE obj_description(oid, 'pg_namespace') LIKE $MARK" "${P}_big_db")" = 3 ]

run_dbp --backend postgres --prefix "$P" provision 4
check "provisioning again is idempotent" [ "$RC" -eq 0 ]
run_dbp --backend postgres --prefix "$P" show 4
check "show draws database, schema, tables" contains "$OUT" "${P}_books"
check "show gives the search_path URL" contains "$OUT" "options=-csearch_path%3D${P}_community"
check "show never prints a password" lacks "$OUT" "${PGPASSWORD:-no-password-set}"

run_dbp --backend postgres --prefix "$P" provision 1 --dry-run
check "dry run prints CREATE DATABASE" contains "$OUT" "CREATE DATABASE \"${P}_community\";"
check "dry run prints the PostgreSQL seed" contains "$OUT" "generate_series(1, 5000)"
