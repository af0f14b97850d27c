#!/bin/sh
# Lesson 5 on PostgreSQL: the tenants demo's table against the catalog
# (schemas and databases counted by psql, each with this workspace's
# marker), the locks of one provisioning transaction, the migration loop
# that stops half way (each schema's version read with psql), the claims
# judged beside the report, check-lessons --live, a stranger's schema
# left alone, and a teardown that leaves no tenant schema or database.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
P=$(unique_prefix)
HOME_DB="${P}_tenants"
LESSONS="$SCRATCH/lessons"
mkdir -p "$LESSONS"
cp -R "$DBP_SRCDIR/data/lessons/05-three-ways-to-hold-tenants" "$LESSONS/"
dbp() { "$DBP_BIN" --backend postgres --prefix "$P" "$@"; }
TEARDOWN_HOOK="psql -Xqc 'DROP SCHEMA IF EXISTS \"${P}_tenant_0099\"' -d '$HOME_DB'; dbp teardown 5"
# A figure of the table: its row (a measure), its column (a model:
# 1 shared table, 2 schema each, 3 database each, counted from the right).
figure() { printf '%s\n' "$OUT" | awk -v m="$1" -v n="$2" 'index($0, "  " m " ") == 1 { print $(NF - 3 + n) }'; }
tenant_schemas() { psql_q "SELECT count(*) FROM pg_namespace WHERE nspname LIKE '${P}\\_tenant\\_%'" "$HOME_DB"; }
tenant_dbs() { psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${P}\\_tenant\\_%'"; }

run_dbp --backend postgres --prefix "$P" provision 5
check "lesson 5 provisions (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
run_dbp --backend postgres --prefix "$P" demo 5 tenants
check "the demo runs with the default 10 tenants (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
for col in "shared     schema   database" "table       each       each"; do
	check "the table has the columns \"$col\"" contains "$OUT" "$col"
done
for row in tenants "provision ms" "migrate all ms" relations KiB pool; do
	check "the table has the row \"$row\"" contains "$OUT" "  $row  "
done
check "10 tenant schemas in the catalog" [ "$(tenant_schemas)" = 10 ]
check "10 tenant databases in the catalog" [ "$(tenant_dbs)" = 10 ]
check "every tenant schema carries this workspace's marker" [ "$(psql_q "SELECT count(*) FROM pg_namespace
	WHERE nspname LIKE '${P}\\_tenant\\_%' AND obj_description(oid, 'pg_namespace') LIKE 'dbpatterns-owned:$P%'" "$HOME_DB")" = 10 ]
check "every tenant database carries it" [ "$(psql_q "SELECT count(*) FROM pg_database
	WHERE datname LIKE '${P}\\_tenant\\_%' AND shobj_description(oid, 'pg_database') LIKE 'dbpatterns-owned:$P%'")" = 10 ]
check "shared table: 10 tenants found" [ "$(figure tenants 1)" = 10 ]
check "schema each: 10 tenants found" [ "$(figure tenants 2)" = 10 ]
check "database each: 10 tenants found" [ "$(figure tenants 3)" = 10 ]
check "database each: a pool needs 10 connections" [ "$(figure pool 3)" = 10 ]
check "schema each: one connection" [ "$(figure pool 2)" = 1 ]
# The table is measured before migration 3, whose index five tenants got.
rels=$(psql_q "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE n.nspname LIKE '${P}\\_tenant\\_%' AND c.relname <> 'accounts_name_unique'" "$HOME_DB")
check "schema each: the relations are pg_class's rows in the tenant schemas ($rels)" \
	[ "$(figure relations 2)" = "$rels" ]
check "each tenant database's own system catalog is counted" contains "$OUT" "each tenant database also carries a system catalog of its own"

locks=$(printf '%s\n' "$OUT" | sed -n 's/.*tenant schemas held \([0-9]*\) locks.*/\1/p' | head -n 1)
check "one transaction's locks are counted ($locks)" [ -n "$locks" ]
check "  more than max_locks_per_transaction" [ "${locks:-0}" -gt "$(psql_q "SHOW max_locks_per_transaction")" ]
check "  and the lock table's size is named" contains "$OUT" "the lock table is shared by every session"

check "the loop stops at the middle tenant, in the engine's words" contains "$OUT" "${P}_tenant_0006 refused it: 23505"
check "tenants 1-5 listed at version 3" contains "$OUT" "${P}_tenant_0001 .. ${P}_tenant_0005  version 3"
check "tenants 6-10 listed at version 2" contains "$OUT" "${P}_tenant_0006 .. ${P}_tenant_0010  version 2"
check "tenant 5 stands at 3 in its schema" [ "$(psql_q "SELECT version FROM \"${P}_tenant_0005\".tenant_version" "$HOME_DB")" = 3 ]
check "tenant 6 stands at 2 in its schema" [ "$(psql_q "SELECT version FROM \"${P}_tenant_0006\".tenant_version" "$HOME_DB")" = 2 ]

check "verdict: locks, passed with its figure" contains "$OUT" "✓ locks_pile_up: one transaction creating all 10 tenant schemas held $locks locks"
check "verdict: half way, passed" contains "$OUT" "✓ half_way: the tenants now stand on different versions: 5 at 3, 5 at 2"
check "verdict: the SQLite-only claim is skipped, saying why" \
	contains "$OUT" "– attach_limit: not claimed on postgres (made on sqlite only)"

# Another workspace under the same prefix (another workdir) owns none of it.
DBPATTERNS_WORKDIR="$SCRATCH/other" run_dbp --backend postgres --prefix "$P" teardown 5
check "another workspace's teardown is refused (rc $RC)" [ "$RC" -ne 0 ]
check "  and leaves every tenant schema" [ "$(tenant_schemas)" = 10 ]
check "  and every tenant database" [ "$(tenant_dbs)" = 10 ]

# A stranger's schema in the lesson's database is never taken for a tenant.
psql_q "CREATE SCHEMA \"${P}_tenant_0099\"; CREATE TABLE \"${P}_tenant_0099\".mine (x int); INSERT INTO \"${P}_tenant_0099\".mine VALUES (42)" "$HOME_DB"
run_dbp --backend postgres --prefix "$P" teardown 5
check "teardown stops at the stranger's schema (rc $RC)" [ "$RC" -ne 0 ]
check "  naming it: $ERR" contains "$ERR" "${P}_tenant_0099"
check "  whose data is intact" [ "$(psql_q "SELECT x FROM \"${P}_tenant_0099\".mine" "$HOME_DB")" = 42 ]
check "  before anything changed: every tenant schema it made is there" [ "$(tenant_schemas)" = 11 ]
check "  and every tenant database" [ "$(tenant_dbs)" = 10 ]
psql_q "DROP TABLE \"${P}_tenant_0099\".mine; DROP SCHEMA \"${P}_tenant_0099\"" "$HOME_DB"

# Ownership before change, for every part of the lesson: a view of the
# user's on a tenant's table (in its schema), or a table of the user's in
# a tenant database (which would go with it), stops the teardown before
# the first DROP of any tenant.
psql_q "CREATE VIEW \"${P}_tenant_0003\".mine AS SELECT name FROM \"${P}_tenant_0003\".accounts" "$HOME_DB"
run_dbp --backend postgres --prefix "$P" teardown 5
check "a view of the user's in a tenant schema stops the teardown (rc $RC)" [ "$RC" -ne 0 ]
check "  naming it: $ERR" contains "$ERR" "view ${P}_tenant_0003.mine"
check "  before any tenant was dropped" [ "$(tenant_schemas)$(tenant_dbs)" = 1010 ]
psql_q "DROP VIEW \"${P}_tenant_0003\".mine" "$HOME_DB"
psql_q "CREATE TABLE notes (x int); INSERT INTO notes VALUES (7)" "${P}_tenant_0007"
run_dbp --backend postgres --prefix "$P" teardown 5
check "a table of the user's in a tenant database stops the teardown (rc $RC)" [ "$RC" -ne 0 ]
check "  naming it: $ERR" contains "$ERR" "${P}_tenant_0007 holds table public.notes"
check "  before any tenant was dropped" [ "$(tenant_schemas)$(tenant_dbs)" = 1010 ]
check "  its row intact" [ "$(psql_q "SELECT x FROM notes" "${P}_tenant_0007")" = 7 ]
psql_q "DROP TABLE notes" "${P}_tenant_0007"
run_dbp --backend postgres --prefix "$P" teardown 5
check "teardown completes (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "no tenant database is left" [ "$(tenant_dbs)" = 0 ]
check "the lesson's database is gone" [ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname = '$HOME_DB'")" = 0 ]

run_dbp --backend postgres --prefix "$P" check-lessons --live "$LESSONS"
check "check-lessons --live passes lesson 5 on PostgreSQL (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "  3 claims, none failed" contains "$OUT" "lesson 5 (three-ways-to-hold-tenants) on postgres"
check "  (0 failed)" contains "$OUT" "3 claims, 0 failed"
check "  the skipped claim says why" contains "$OUT" "– attach_limit: not claimed on postgres (made on sqlite only)"
check "  and leaves no tenant database behind" [ "$(tenant_dbs)" = 0 ]
