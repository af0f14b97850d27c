#!/bin/sh
# Lesson 6 on PostgreSQL: the pooled claims pass through a PgBouncer that
# dbpatterns starts and stops itself; no pgbouncer process, tenant role
# or database is left after a run, a Ctrl-C or a kill -9 included; a role of that name
# that is not ours stops the role claims and stays; without PgBouncer the
# pooled claims are skipped, naming the Debian package.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ] || {
	not_ok "PgBouncer is not installed (apt-get install pgbouncer; tools/quickstart test installs it)"; exit 1; }
P=$(unique_prefix)
dbp() { "$DBP_BIN" --backend postgres --prefix "$P" "$@"; }
TEARDOWN_HOOK="dbp teardown all; psql_q \"DROP ROLE IF EXISTS ${P}_tenant_a_login\""
ours() { psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${P}\\_%'"; }
roles() { psql_q "SELECT count(*) FROM pg_roles WHERE rolname LIKE '${P}\\_%'"; }
# Our own PgBouncers: their config lives in this test's workdir.
poolers() { pgrep -f "$DBPATTERNS_WORKDIR/pooler" || true; }
L="$SCRATCH/lessons"
mkdir -p "$L"
cp -r "$DBP_SRCDIR/data/lessons/06-pool-leaks-tenants" "$L/"

run_dbp --backend postgres --prefix "$P" check-lessons --live "$L"
check "check-lessons --live passes lesson 6 on PostgreSQL (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "a plain SET reaches the next client through the pooler" \
	contains "$OUT" "✓ setting_leaks: client B got tenant a, measured"
check "so does SET search_path: B reads tenant A's note" \
	contains "$OUT" "✓ search_path_leaks: client B got tenant a, measured"
check "the claim says it went through PgBouncer in transaction mode" \
	contains "$OUT" "transaction mode, one server connection: client A ran SET app.tenant = 'tenant a'"
check "the SQL shown is the SQL run, the schema named as this workspace names it" \
	contains "$OUT" "client A ran SET search_path = \"${P}_tenant_a\"; then client B ran SELECT owner FROM notes"
check "the startup options are refused by the pooler" contains "$OUT" "✓ options_refused: client B refused, as claimed"
check "in PgBouncer's words, after the options B sent" \
	contains "$OUT" "client B connected with options -csearch_path=\"${P}_tenant_b\": connection to server at"
check "which refuse the options parameter" contains "$OUT" "FATAL:  unsupported startup parameter: options"
check "SET LOCAL does not leak" contains "$OUT" "✓ set_local_stays: client B got none, measured"
check "a role's own search_path needs no SET" contains "$OUT" "✓ role_search_path: client B got tenant b, measured"
check "a role per tenant has a pool of its own" contains "$OUT" "✓ role_per_tenant_pool: client B got tenant b, measured"
check "the SQLite stand-in is skipped, saying why" \
	contains "$OUT" "– pragma_leaks: not claimed on postgres (made on sqlite only)"
check "no pgbouncer is left running" [ -z "$(poolers)" ]
check "nor its private directory" [ -z "$(ls -d "$DBPATTERNS_WORKDIR"/pooler.* 2>/dev/null)" ]
check "no tenant role is left" [ "$(roles)" = 0 ]
check "no database of the check is left" [ "$(ours)" = 0 ]
check "the password is never printed" lacks "$OUT$ERR" "${PGPASSWORD:-no password here}"

# A role of that name that is not ours: the role claims stop, it stays.
psql_q "CREATE ROLE ${P}_tenant_a_login"
run_dbp --backend postgres --prefix "$P" check-lessons --live "$L"
check "a stranger's role skips the role claims (rc $RC)" [ "$RC" -eq 0 ]
check "saying there is no role per tenant here" contains "$OUT" "– role_search_path: no role per tenant here"
check "and why" contains "$OUT" "${P}_tenant_a_login"
check "the stranger's role is still there" [ "$(psql_q "SELECT count(*) FROM pg_roles WHERE rolname = '${P}_tenant_a_login'")" = 1 ]
check "our other role is gone" [ "$(psql_q "SELECT count(*) FROM pg_roles WHERE rolname = '${P}_tenant_b_login'")" = 0 ]
psql_q "DROP ROLE ${P}_tenant_a_login"

# No PgBouncer: the pooled claims are skipped, naming the package.
DBPATTERNS_PGBOUNCER="$SCRATCH/no-such-pgbouncer" \
	run_dbp --backend postgres --prefix "$P" check-lessons --live "$L"
check "without PgBouncer the run still passes (rc $RC)" [ "$RC" -eq 0 ]
check "each pooled claim is skipped, saying so" contains "$OUT" "– setting_leaks: not checked: no PgBouncer here"
check "naming the Debian package" contains "$OUT" "Debian package pgbouncer"

# Ctrl-C while client B waits on the server through the pooler: the
# statement is cancelled and the pooler stopped before dbpatterns exits.
sed -i '/^\[claim /,$d' "$L/06-pool-leaks-tenants/lesson.ini"
printf '%s\n' '[claim slow]' 'text = B waits.' 'engines = postgres' 'check = pooled' \
	'clients = tenant_a tenant_b' 'then = SELECT pg_sleep(120)::text' 'answer = x' \
	>> "$L/06-pool-leaks-tenants/lesson.ini"
"$DBP_BIN" --backend postgres --prefix "$P" check-lessons --live "$L" >"$SCRATCH/out" 2>"$SCRATCH/err" &
PID=$!
sleeping() { [ "$(psql_q "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'SELECT pg_sleep(120)%'")" -ge 1 ]; }
i=0
while ! sleeping && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
check "client B's query is running through the pooler" sleeping
check "with our pgbouncer running" [ -n "$(poolers)" ]
kill -INT "$PID"
wait "$PID"; RC=$?
check "Ctrl-C stops the run (rc $RC)" [ "$RC" -ne 0 ]
check "saying so" grep -q "interrupted\|stopped by Ctrl-C" "$SCRATCH/err"
check "no pgbouncer is left after Ctrl-C" [ -z "$(poolers)" ]
i=0
while sleeping && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
not_sleeping() { ! sleeping; }
check "the sleeping query no longer runs" not_sleeping
# dbpatterns killed outright (kill -9) while B waits: nothing can clean up
# in it, yet its pgbouncer goes too (the kernel tells the watchdog).
"$DBP_BIN" --backend postgres --prefix "$P" check-lessons --live "$L" >"$SCRATCH/out" 2>"$SCRATCH/err" &
PID=$!
i=0
while ! sleeping && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
check "client B waits again, through a pgbouncer" [ -n "$(poolers)" ]
kill -KILL "$PID"
wait "$PID" 2>/dev/null
leftovers() { [ -n "$(poolers)" ] || [ -n "$(ls -d "$DBPATTERNS_WORKDIR"/pooler.* 2>/dev/null)" ]; }
i=0
while leftovers && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
check "no pgbouncer is left after kill -9 of dbpatterns" [ -z "$(poolers)" ]
check "nor its auth file" [ -z "$(ls -d "$DBPATTERNS_WORKDIR"/pooler.* 2>/dev/null)" ]
# Should one be left, stop it by its id so no other test is disturbed.
for pid in $(poolers); do kill "$pid"; cat "$SCRATCH/err"; done
