#!/bin/sh
# The server dies under dbpatterns (pg_ctlcluster stop -m immediate, as a
# crash or a power cut would): mid-provision, mid-migration, mid-bench.
# Each time the process must end with exit 1 and a clear message (never a
# crash or a sanitizer report), and once the server is back the work
# resumes: provision finishes, migrate status explains, teardown is clean.
# It stops the pg_virtualenv cluster, so run it on a cluster of its own
# (pg_virtualenv -t); the cluster is always started again at the end.
. "$DBP_SRCDIR/tests/lib.sh"
. "$DBP_SRCDIR/tests/faults/common.sh"
if [ -z "${PG_CLUSTER_CONF_ROOT:-}" ] || [ -z "${PGVERSION:-}" ]; then
	if [ "${CI:-}" = true ] || [ -n "${DBP_REQUIRE_PG:-}" ]; then
		echo "not ok - not under pg_virtualenv (PG_CLUSTER_CONF_ROOT/PGVERSION unset); CI requires it"
		FAILED=$((FAILED + 1))
		exit 1
	fi
	echo "# not under pg_virtualenv: this test stops and starts its cluster"
	exit 77
fi
need_pg
# pg_ctlcluster status asks the cluster's own data directory (pg_lsclusters
# reads a pid file that another throwaway cluster of the same name, run at
# the same time, can overwrite).
if ! pg_ctlcluster "$PGVERSION" regress status >/dev/null 2>&1; then
	echo "not ok - the $PGVERSION/regress cluster is not running (pg_ctlcluster status)"
	FAILED=$((FAILED + 1))
	exit 1
fi
server_start() {
	pg_ctlcluster "$PGVERSION" regress start >/dev/null 2>&1
	wait_sql "SELECT 1" 1 60
}
# The server first, whatever happened; then our teardown, then anything
# of ours still there, then the role.
pg_fault_setup server_start

# kill_server NAME PID: once the process has a statement running in one
# of our databases, stop the server at once; then the process must end.
kill_server() {
	if wait_sql "$(active_sql "$P")" 1 60 || [ "$(psql_q "$(active_sql "$P")")" -gt 0 ]; then
		ok "$1: a statement of ours is running on the server"
	else
		not_ok "$1: a statement of ours is running on the server"
	fi
	check "$1: the process is still at work when the server dies" alive "$2"
	pg_ctlcluster "$PGVERSION" regress stop -m immediate
	check "$1: the server is down" sh -c '! pg_ctlcluster "$1" regress status >/dev/null 2>&1 && ! psql -XAtqc "SELECT 1" >/dev/null 2>&1' _ "$PGVERSION"
	bg_wait "$2" "$1" 60
	echo "# $1 exit $RC: $ERR" | head -c 1000
	echo
	check "$1: exit 1 (not a crash: not 139, 134 or a timeout)" [ "$RC" -eq 1 ]
	check "$1: no sanitizer report on stderr" no_sanitizer
	check "$1: a message, on one line, says what failed" sh -c '[ "$(printf "%s\n" "$1" | grep -c "^dbpatterns: ")" -ge 1 ]' _ "$ERR"
	check "$1: and does not blame the role's rights" sh -c '! printf "%s" "$1" | grep -Eq "you lack|ask for CREATEDB|may not create"' _ "$ERR"
	check "$1: in the words of a lost connection" sh -c 'printf "%s" "$1" | grep -Eqi "server closed the connection|terminating connection|connection refused|no connection to the server|could not (receive|send)|lost|connection to server"' _ "$ERR"
	server_start
	check "$1: the server is back" wait_sql "SELECT 1" 1 1
}

# ---- mid-provision -------------------------------------------------------------
d_bg prov provision all
sleep 1
kill_server prov "$BGPID"
d provision all
check "after the crash, provision all carries on and succeeds" [ "$RC" -eq 0 ]
[ "$RC" -eq 0 ] || echo "# $ERR"
WSID=$(cat "$W/workspace.id")
NDBS=$(lesson_databases "$P" | wc -l)
check "psql: the $NDBS lesson databases, each marked for this workspace" [ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${P}\\_%' AND shobj_description(oid, 'pg_database') LIKE '%workspace=$WSID%'")" = "$NDBS" ]
check "owned by the password role that made them" [ "$(psql_q "SELECT count(*) FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE datname LIKE '${P}\\_%' AND rolname = '$ROLE'")" = "$NDBS" ]
check "lesson 1 fully seeded" [ "$(psql_q "SELECT count(*) FROM comments" "${P}_community")" = 50000 ]
check "the manifest lists exactly the $NDBS databases" [ "$(grep -c "	database	${P}_" "$W/manifest.tsv")" -eq "$NDBS" ]
d --format csv migrate 1 status
check "migrate 1 status works" [ "$RC" -eq 0 ]
check "and shows 001 and 002 applied" [ "$(printf '%s\n' "$OUT" | grep -cE '^community,[12],[a-z_]+,applied,')" -eq 2 ]

# ---- mid-migration ---------------------------------------------------------------
d migrate 1 down --to 0
check "migrate 1 down --to 0" [ "$RC" -eq 0 ]
# The seed is held open at its end (pg_sleep, in a copy of the lessons), so
# the server dies inside its transaction however loaded the machine is: on
# the bundled seed a slow kill could land after its commit.
cp -R "$DBP_SRCDIR/data/lessons" "$SCRATCH/held" && chmod -R u+w "$SCRATCH/held"
printf '\nSELECT pg_sleep(600);\n' >> "$SCRATCH/held/_shared/community/002_seed.up.pg.sql"
d_bg mig --lessons "$SCRATCH/held" migrate 1 up
if wait_seed "$P" "$BGPID" 60; then ok "mig: the seed is running"; else not_ok "mig: the seed is running"; fi
kill_server mig "$BGPID"
d --format csv migrate 1 status
check "after the crash, migrate 1 status works" [ "$RC" -eq 0 ]
check "it shows 001 applied" [ "$(printf '%s\n' "$OUT" | grep -cE '^community,1,create_tables,applied,')" -eq 1 ]
check "and the seed (002) pending: its transaction died with the server" [ "$(printf '%s\n' "$OUT" | grep -cE '^community,2,seed,pending,')" -eq 1 ]
check "psql agrees: history holds version 1 only" [ "$(psql_q "SELECT string_agg(version::text, ',') FROM dbpatterns_history_community" "${P}_community")" = 1 ]
check "and the tables are empty" [ "$(psql_q "SELECT count(*) FROM users" "${P}_community")" = 0 ]
d provision all
check "provision all finishes lesson 1 again" [ "$RC" -eq 0 ]
check "seeded again (5000 users)" [ "$(psql_q "SELECT count(*) FROM users" "${P}_community")" = 5000 ]
d --format csv migrate 1 status
check "migrate 1 status works" [ "$RC" -eq 0 ]
check "and shows 001 and 002 applied" [ "$(printf '%s\n' "$OUT" | grep -cE '^community,[12],[a-z_]+,applied,')" -eq 2 ]

# ---- mid-bench -----------------------------------------------------------------------
d_bg bench --reps 100000 bench 1
kill_server bench "$BGPID"
d provision all
check "after the crash, provision all succeeds (nothing to do)" [ "$RC" -eq 0 ]
check "and changes nothing" lacks "$OUT" "applied"
d --format csv migrate 1 status
check "migrate 1 status works" [ "$RC" -eq 0 ]
d --reps 2 bench 1
check "bench 1 runs again" [ "$RC" -eq 0 ]

# ---- the end --------------------------------------------------------------------------
d teardown all
check "teardown all is clean" [ "$RC" -eq 0 ]
[ "$RC" -eq 0 ] || echo "# $ERR"
check "psql shows no database with the prefix" [ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${P}\\_%'")" = 0 ]
check "the manifest lists no database" sh -c '! grep -q "	database	" "$1"' _ "$W/manifest.tsv"
canary_check
