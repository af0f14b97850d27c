#!/bin/sh
# PostgreSQL bad input: an unreachable server, a wrong password, a role that
# may not create databases, hostile names, names over 63 bytes.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
P=$(unique_prefix)
HOSTILE="q'\";DROP DATABASE postgres;$P"
TEARDOWN_HOOK='"$DBP_BIN" --backend postgres --prefix "$P" teardown all; "$DBP_BIN" --backend postgres --prefix "$HOSTILE" teardown 1; psql -Xqc "DROP ROLE IF EXISTS ${P}_nocreate"'

run_dbp --backend postgres --dsn "host=127.0.0.1 port=1 connect_timeout=3" provision 1
check "an unreachable server fails" [ "$RC" -eq 1 ]
check "with libpq's reason" contains "$ERR" "cannot connect to PostgreSQL: connection to server at \"127.0.0.1\", port 1 failed"

run_dbp --backend postgres --dsn "postgresql://nobody@127.0.0.1:1/x?connect_timeout=3" show 1
check "show on a dead server fails cleanly" [ "$RC" -eq 1 ]

# A wrong password over TCP (pg_virtualenv's hba asks for one there).
PGPASSWORD_SAVED=${PGPASSWORD:-}
unset PGPASSWORD
run_dbp --backend postgres --dsn "host=127.0.0.1 port=$PGPORT user=$PGUSER password=wrong-$P dbname=postgres" provision 1
check "a wrong password fails" [ "$RC" -eq 1 ]
check "with the server's words" contains "$ERR" "password authentication failed"
check "and the password is not echoed" lacks "$ERR$OUT" "wrong-$P"
export PGPASSWORD="$PGPASSWORD_SAVED"

# A role without CREATEDB is told what it lacks; nothing is created.
psql_q "CREATE ROLE ${P}_nocreate LOGIN PASSWORD 'pw'"
run_dbp --backend postgres --prefix "$P" --dsn "host=127.0.0.1 port=$PGPORT user=${P}_nocreate password=pw dbname=postgres" provision 1
check "a role without CREATEDB fails" [ "$RC" -eq 1 ]
check "and is told what it lacks" contains "$ERR" "lacks the CREATEDB attribute"
check "nothing was created" [ -z "$(psql_q "SELECT 1 FROM pg_database WHERE datname LIKE '${P}\\_%'")" ]
check "and is told what lesson 4 would need" contains "$ERR" "4 (schema-per-app)" &&
	check "only CREATE on one database" contains "$ERR" " only CREATE on one database, which you lack"

# Lesson 4 needs only CREATE on one database: it runs in the role's own.
psql_q "CREATE DATABASE \"${P}_own\" OWNER \"${P}_nocreate\""
psql_q "CREATE TABLE mine (x int); INSERT INTO mine VALUES (42)" "${P}_own"
NOCREATE="host=127.0.0.1 port=$PGPORT user=${P}_nocreate password=pw dbname=${P}_own"
run_dbp --backend postgres --prefix "$P" --dsn "$NOCREATE" provision 2
check "in a database it owns, the role is told it can still run lesson 4" contains "$ERR" "you can still run lesson" &&
	check "naming lesson 4" contains "$ERR" "4 (schema-per-app)"
run_dbp --backend postgres --prefix "$P" --dsn "$NOCREATE" provision 4
check "lesson 4 provisions without CREATEDB" [ "$RC" -eq 0 ]
check "into the role's own database" contains "$OUT" "lesson schemas go into your database ${P}_own"
run_dbp --backend postgres --prefix "$P" --dsn "$NOCREATE" --format csv tables 4
check "its tables are listed in that database" contains "$OUT" "${P}_own,${P}_books,users,1000,"
check "and nothing of the user's is read" lacks "$OUT" ",mine,"
run_dbp --backend postgres --prefix "$P" --dsn "$NOCREATE" --reps 2 --format csv bench 4
check "the cross-schema join runs there" contains "$OUT" "top_buyers,4,postgres,1,"
run_dbp --backend postgres --prefix "$P" --dsn "$NOCREATE" teardown 4
check "teardown drops only the lesson's schemas" [ "$RC" -eq 0 ]
check "the database stays" [ -n "$(psql_q "SELECT 1 FROM pg_database WHERE datname = '${P}_own'")" ]
check "with the user's table and data" [ "$(psql_q "SELECT x FROM mine" "${P}_own")" = 42 ]
check "and no schema of ours left" [ -z "$(psql_q "SELECT 1 FROM pg_namespace WHERE nspname LIKE '${P}\\_%'" "${P}_own")" ]
psql_q "DROP DATABASE \"${P}_own\""

# Quotes and semicolons in the prefix are quoted by the engine's escaping.
run_dbp --backend postgres --prefix "$HOSTILE" provision 1
check "a hostile prefix provisions" [ "$RC" -eq 0 ]
check "the database has exactly that name" [ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname = 'q''\";DROP DATABASE postgres;${P}_community'")" = 1 ]
check "and postgres is still there" [ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname = 'postgres'")" = 1 ]
run_dbp --backend postgres --prefix "$HOSTILE" --format csv tables 1
check "its tables are listed" contains "$OUT" ",public,users,5000,"
run_dbp --backend postgres --prefix "$HOSTILE" teardown 1
check "and it tears down" [ "$RC" -eq 0 ]

# Over 63 bytes: refused before anything is sent (no silent truncation).
rm -rf "$SCRATCH/l"; mkdir -p "$SCRATCH/l"
cp -r "$DBP_SRCDIR/data/lessons/_shared" "$DBP_SRCDIR/data/lessons/01-one-db-one-app" "$SCRATCH/l/"
sed -i 's/^database = community$/database = community_database_long_name_x/; s/^\[database community\]/[database community_database_long_name_x]/' "$SCRATCH/l/01-one-db-one-app/lesson.ini"
LONGP=$(printf 'p%.0s' $(seq 1 36))
run_dbp --backend postgres --lessons "$SCRATCH/l" --prefix "$LONGP" provision 1
check "a 67-byte name is refused" [ "$RC" -eq 1 ]
check "with the limit named" contains "$ERR" "postgres allows at most 63"
check "and nothing reached the server" [ -z "$(psql_q "SELECT 1 FROM pg_database WHERE datname LIKE '${LONGP}%'")" ]
run_dbp --backend postgres --lessons "$SCRATCH/l" --prefix "$LONGP" provision 1 --dry-run
check "the dry run refuses it too" [ "$RC" -eq 1 ]
