#!/bin/sh
# Migrations on PostgreSQL: up/down round trip, status, the pattern 3
# collision, the pattern 2 cross-database error, and timings.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
P=$(unique_prefix)
dbp() { "$DBP_BIN" --backend postgres --prefix "$P" "$@"; }
TEARDOWN_HOOK="dbp teardown all"
dbp provision 1 >/dev/null && dbp provision 2 >/dev/null && dbp provision 3 >/dev/null
check "lessons 1 to 3 provisioned" [ $? -eq 0 ]

before=$(dbp --format csv tables 1 | grep -v dbpatterns_history)
run_dbp --backend postgres --prefix "$P" migrate 1 up
check "up applies 003 and 004" contains "$OUT" "up 004_add_user_bio done"
check "the diff shows the new column" contains "$OUT" "+ column ${P}_community.public.users: bio text not null default ''::text"
check "the engine really has it" [ "$(psql_q "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'bio'" "${P}_community")" = 1 ]
run_dbp --backend postgres --prefix "$P" --format json migrate 1 status
check "status as JSON" contains "$OUT" '"state": "applied"'
check "that parses, the version the number 1 and times numbers" \
	jq_is '.[0].version == 1 and ([.[].duration_ms | type] | unique) == ["number"]'
run_dbp --backend postgres --prefix "$P" migrate 1 down
check "down rolls back one" contains "$OUT" "down 004_add_user_bio done"
run_dbp --backend postgres --prefix "$P" migrate 1 down --to 2
after=$(dbp --format csv tables 1 | grep -v dbpatterns_history)
check "round trip returns the catalog to where it was" [ "$before" = "$after" ]

# Pattern 3: the engine's real error, rolled back whole.
before=$(dbp --format csv tables 3)
run_dbp --backend postgres --prefix "$P" migrate 3 up --app books
check "the collision fails" [ "$RC" -ne 0 ]
check "with PostgreSQL's own words" contains "$ERR" 'relation "users" already exists'
check "nothing changed" contains "$OUT" "Catalog changes: none"
check "the books table was rolled back too" [ "$(psql_q "SELECT count(*) FROM pg_tables WHERE tablename = 'books'" "${P}_central_db")" = 0 ]
after=$(dbp --format csv tables 3)
check "central_db as it was" [ "$before" = "$after" ]

# Pattern 2: two connections, a client-side join, and the engine's refusal.
run_dbp --backend postgres --prefix "$P" --format csv --reps 3 bench 2
check "bench 2 runs" [ "$RC" -eq 0 ]
check "the cross-database query fails with 0A000" contains "$OUT" "0A000"
check "cross-database references are not implemented" contains "$OUT" "cross-database references are not implemented"
check "the client-side join holds two connections" contains "$OUT" "top_buyers,2,postgres,2,"
line=$(printf '%s\n' "$OUT" | grep '^feed,')
check "server time is reported for a one-query workload" [ -n "$(printf '%s' "$line" | cut -d, -f14)" ]

run_dbp --backend postgres --prefix "$P" --format json --reps 2 bench 2
check "bench as JSON: the server's own time is a number" \
	jq_is '[.[] | select(.workload == "feed") | .server_ms | type] == ["number"]'
check "and the query the engine refuses has null timings" \
	jq_is '[.[] | select(.workload == "top_buyers_one_query") | .median_ms, .server_ms] | length > 0 and all(. == null)'
run_dbp --backend postgres --prefix "$P" --format json show 2
check "show as JSON on PostgreSQL, with the apps' URLs" jq_is '.provisioned and (.apps | length) == 2 and (.apps[0].url | startswith("postgresql://"))'
run_dbp --backend postgres --prefix "$P" --format json tables 2
check "tables as JSON: exact row counts as numbers" jq_is '[.[] | select(.table == "orders") | .rows] == [30000]'

run_dbp --backend postgres --prefix "$P" --format csv --reps 2 bench all
check "bench all lines up the same workload across lessons 1 to 3" \
	[ "$(printf '%s\n' "$OUT" | grep -c '^feed,\(1\|2\|3\),')" -eq 3 ]

# Where a lesson is provisioned on both engines, bench times both.
"$DBP_BIN" --backend sqlite --prefix "$P" provision 1 >/dev/null
run_dbp --backend postgres --prefix "$P" --format csv --reps 2 bench 1
check "bench 1 times PostgreSQL" contains "$OUT" "feed,1,postgres,"
check "and SQLite beside it" contains "$OUT" "feed,1,sqlite,"
run_dbp --prefix "$P" --format csv --reps 2 bench 1
check "from SQLite, PostgreSQL joins in when PGHOST says where it is" contains "$OUT" "feed,1,postgres,"
"$DBP_BIN" --backend sqlite --prefix "$P" teardown 1 >/dev/null

# Lesson 2's demonstrations on a real server, and that they undo themselves.
run_dbp --backend postgres --prefix "$P" demo 2 offline
check "offline: the community keeps answering" contains "$OUT" "+ community (service_community_db): still answers"
check "offline: the shop is refused by the server" contains "$OUT" "is not currently accepting connections"
check "offline: connections are allowed again after" [ "$(psql_q "SELECT datallowconn FROM pg_database WHERE datname = '${P}_service_ecommerce_db'")" = t ]
run_dbp --backend postgres --prefix "$P" demo 2 secure
check "secure: the role reads the shop" contains "$OUT" "connected; SELECT count(*) FROM orders = 30000"
check "secure: and is refused by the community" contains "$OUT" "permission denied for database \"${P}_service_community_db\""
check "secure: the role is gone afterwards" [ -z "$(psql_q "SELECT 1 FROM pg_roles WHERE rolname = '${P}_shop_demo'")" ]
check "secure: the community is open to connections again" [ "$(psql_q "SELECT has_database_privilege('public', '${P}_service_community_db', 'CONNECT')")" = t ]
