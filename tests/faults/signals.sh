#!/bin/sh
# Signals to dbpatterns mid-statement.  Ctrl-C (SIGINT) and SIGTERM during
# the seed: the statement is cancelled on the server (PQcancel), rolled
# back, the process says what remains and exits 128+signal; nothing of
# ours keeps running on the server, and the next run is not held up.
# kill -9 mid-migration: history and schema stay consistent and the next
# run finishes the work.  The server's view (pg_stat_activity, the
# catalog) is the judge.
. "$DBP_SRCDIR/tests/lib.sh"
. "$DBP_SRCDIR/tests/faults/common.sh"
need_pg
LOCKER="dbp-faults-locker-$$"
# All runs share one workspace; the password DSN throughout, so every
# interruption message is searched for the canary too.
pg_fault_setup "psql -XAtqc \"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '$LOCKER'\""
ACTIVE=$(active_sql "$P")
ANY_SESSION="SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dbpatterns' AND datname LIKE '${P}\\_%'"
status_is() { # app versions applied, e.g. "1,2"
	[ "$(printf '%s\n' "$OUT" | grep -E '^community,[0-9]+,[a-z_]+,applied,' | cut -d, -f2 | sed 's/^0*//' | paste -sd, -)" = "$1" ]
}
history_is() {
	[ "$(psql_q "SELECT coalesce(string_agg(version::text, ',' ORDER BY version), '') FROM dbpatterns_history_community" "${P}_community")" = "$1" ]
}

# interrupt NAME SIGNAL RC WORDS: provision 1 from nothing, the signal once
# the seed runs, then what the process and the server show.
interrupt() {
	name=$1 sig=$2 want=$3 words=$4
	tries=0
	while :; do
		tries=$((tries + 1))
		d_bg "$name" provision 1
		pid=$BGPID
		if wait_seed "$P" "$pid" 60; then
			break
		fi
		# The seed came and went between two looks: start again (bounded).
		bg_wait "$pid" "$name" 60
		d teardown 1
		if [ $tries -ge 3 ]; then
			not_ok "$name: caught the seed running (3 tries)"
			return
		fi
	done
	kill "-$sig" "$pid"
	t0=$(now_ms)
	bg_wait "$pid" "$name" 30
	echo "# $name: exit $RC after $(($(now_ms) - t0)) ms"
	printf '%s\n' "$ERR" | sed 's/^/#   /'
	check "$name: exit $want" [ "$RC" -eq "$want" ]
	check "$name: no sanitizer report" no_sanitizer
	check "$name: stderr says it was interrupted and the statement cancelled" contains "$ERR" "interrupted; the running statement was cancelled on the engine"
	check "$name: and by what ($words)" contains "$ERR" "stopped by $words"
	check "$name: and what remains: community at version 1 of 4" contains "$ERR" "community: at version 1 of 4"
	check "$name: and how to go on" contains "$ERR" "\`dbpatterns provision 1\` carries on"
	check "$name: stdout claims no seed" lacks "$OUT" "applied 002_seed"
	check "$name: within 2 s pg_stat_activity shows no active statement of ours" wait_sql "$ACTIVE" 0 2
	check "$name: nor any session" wait_sql "$ANY_SESSION" 0 2
	check "$name: psql: history holds version 1 only" history_is 1
	check "$name: the seed was rolled back (no users)" [ "$(psql_q "SELECT count(*) FROM users" "${P}_community")" = 0 ]
	t0=$(now_ms)
	d provision 1
	ms=$(($(now_ms) - t0))
	echo "# the next provision 1 took $ms ms"
	check "$name: the next provision 1 completes" [ "$RC" -eq 0 ]
	# Held up by nothing: a leftover lock would make it say it waits (its
	# time is only reported: on a loaded machine it measures the load).
	check "$name: held up by nothing (it never says it waits)" lacks "$ERR" "waiting"
	check "$name: it applied the seed" contains "$OUT" "community: applied 002_seed"
	d --format csv migrate 1 status
	check "$name: migrate 1 status works" [ "$RC" -eq 0 ]
	check "$name: all that provision applies is applied (001, 002)" status_is 1,2
	check "$name: psql agrees (history 1,2; 5000 users)" sh -c '[ "$1" = 1,2 ] && [ "$2" = 5000 ]' _ \
		"$(psql_q "SELECT string_agg(version::text, ',' ORDER BY version) FROM dbpatterns_history_community" "${P}_community")" \
		"$(psql_q "SELECT count(*) FROM users" "${P}_community")"
	d teardown 1
	check "$name: teardown 1" [ "$RC" -eq 0 ]
}

interrupt sigint INT 130 "Ctrl-C (SIGINT)"
interrupt sigterm TERM 143 "SIGTERM"

# ---- Ctrl-C while the seed waits on a lock --------------------------------------
# A statement that would otherwise wait for two minutes: only a cancel that
# reached the server ends it within the 2 s allowed.
d provision 1
d migrate 1 down --to 1
check "lesson 1 at version 1 (tables, no rows)" history_is 1
printf 'BEGIN;\nLOCK TABLE users IN SHARE MODE;\nSELECT pg_sleep(120);\n' |
	PGAPPNAME=$LOCKER psql -Xq -d "${P}_community" >/dev/null 2>&1 &
LOCKPID=$!
check "another session holds a lock on users" wait_sql "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE a.application_name = '$LOCKER' AND l.mode = 'ShareLock' AND l.granted" 1 20 "${P}_community"
d_bg blocked provision 1
pid=$BGPID
check "the seed is running" wait_seed "$P" "$pid" 60
check "and waits on the lock" wait_sql "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dbpatterns' AND datname = '${P}_community' AND wait_event_type = 'Lock'" 1 20
kill -INT "$pid"
bg_wait "$pid" blocked 30
check "blocked seed, Ctrl-C: exit 130" [ "$RC" -eq 130 ]
check "blocked seed: within 2 s, nothing of ours runs on the server" wait_sql "$ACTIVE" 0 2
check "blocked seed: the message says what remains" contains "$ERR" "community: at version 1 of 4"
psql -XAtqc "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '$LOCKER'" >/dev/null
wait "$LOCKPID" 2>/dev/null
d provision 1
check "once the lock is gone, provision 1 completes" [ "$RC" -eq 0 ]
check "and applies the seed" contains "$OUT" "applied 002_seed"

# ---- kill -9 mid-migration ------------------------------------------------------------
d migrate 1 down --to 0
check "migrate 1 down --to 0" [ "$RC" -eq 0 ]
d_bg kill9 migrate 1 up
pid=$BGPID
check "kill -9: the seed is running" wait_seed "$P" "$pid" 60
kill -9 "$pid"
bg_wait "$pid" kill9 30
check "kill -9: the process is gone (137)" [ "$RC" -eq 137 ]
d --format csv migrate 1 status
check "after kill -9, migrate 1 status works" [ "$RC" -eq 0 ]
check "and says where it is: 001 applied, the rest pending" status_is 1
check "it names the seed as pending" contains "$OUT" "community,2,seed,pending,"
check "psql: history holds version 1 only" history_is 1
d provision 1
check "provision 1 finishes" [ "$RC" -eq 0 ]
[ "$RC" -eq 0 ] || echo "# $ERR"
d --format csv migrate 1 status
check "now 001 and 002 are applied" status_is 1,2
check "schema and data match the history: 5000 users, 003's index absent" sh -c '[ "$1" = 5000 ] && [ "$2" = 0 ]' _ \
	"$(psql_q "SELECT count(*) FROM users" "${P}_community")" \
	"$(psql_q "SELECT count(*) FROM pg_indexes WHERE indexname = 'posts_user_id_idx'" "${P}_community")"
d teardown 1
check "teardown 1 is clean" [ "$RC" -eq 0 ]
check "psql shows no database with the prefix" [ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${P}\\_%'")" = 0 ]
check "the manifest lists no database" sh -c '! grep -q "	database	" "$1"' _ "$W/manifest.tsv"

# ---- Ctrl-C while waiting for the prefix ------------------------------------------
# Another session holds the prefix's advisory lock, as a running dbpatterns
# would: provision waits, naming the holder; Ctrl-C ends the wait at once.
printf "SELECT pg_advisory_lock(1145196628, hashtext('%s'));\nSELECT pg_sleep(120);\n" "$P" |
	PGAPPNAME=$LOCKER psql -Xq >/dev/null 2>&1 &
LOCKPID=$!
check "another session holds the prefix's advisory lock" wait_sql "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE a.application_name = '$LOCKER' AND l.locktype = 'advisory' AND l.granted" 1 60
d_bg waitlock provision 1
pid=$BGPID
end=$(($(date +%s) + 60))
while ! grep -q "waiting: prefix" "$SCRATCH/waitlock.err" 2>/dev/null && alive "$pid" && [ "$(date +%s)" -lt "$end" ]; do
	sleep 0.1
done
check "provision waits for the prefix, naming the holder" grep -q "waiting: prefix \"$P\" is in use by process .*($LOCKER" "$SCRATCH/waitlock.err"
kill -INT "$pid"
t0=$(now_ms)
bg_wait "$pid" waitlock 30
ms=$(($(now_ms) - t0))
echo "# waiting provision: exit $RC after $ms ms"
check "Ctrl-C while waiting: exit 130" [ "$RC" -eq 130 ]
check "within 2 s" [ "$ms" -lt 2000 ]
check "it says it stopped waiting" contains "$ERR" "stopped waiting"
check "and what remains: nothing provisioned" contains "$ERR" "community: database not provisioned"
check "no sanitizer report" no_sanitizer
check "psql: nothing was created" [ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${P}\\_%'")" = 0 ]
psql -XAtqc "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '$LOCKER'" >/dev/null
wait "$LOCKPID" 2>/dev/null
canary_check
