#!/bin/sh
# bench/roundtrips.sh: engine round trips per key on PostgreSQL.  The
# screen provisions lesson 1 and shows every pane and lesson once; then
# 200 navigation keys (every pane, lesson switches) and, apart, one `m`.
# Counted on the server:
#   connections: pg_stat_database.sessions, summed, before and after
#                (each reading's own psql counted out);
#   statements:  pg_stat_statements calls, summed over every statement but
#                this script's own readings (pg_stat_* queries), when the
#                cluster preloads it; pg_stat_activity's state_change of
#                each dbpatterns session besides (it moves with every
#                statement a session runs).
# Run under: pg_virtualenv -t -o shared_preload_libraries=pg_stat_statements
. "$(dirname "$0")/lib.sh"
have_pg || { say "no PostgreSQL server: run under pg_virtualenv -t"; exit 0; }
P="--backend postgres --prefix $PREFIX"
on_exit '"$BIN" $P teardown all'
STMTS=0
if psql_q "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null 2>&1 &&
   psql_q "SELECT 1 FROM pg_stat_statements LIMIT 1" >/dev/null 2>&1; then
	STMTS=1
else
	say "(pg_stat_statements is not preloaded: statements counted from pg_stat_activity only)"
fi

# One reading, one psql (so between two readings exactly one session is
# this script's: the earlier reading's): sessions ever started (after a
# pause that lets backends flush their counters), statements run, each
# dbpatterns session's last statement time, and the server's clock.
reading() {
	sleep 1.5
	calls="0"
	[ "$STMTS" = 1 ] && calls="(SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat%')"
	psql_q "SELECT (SELECT sum(sessions) FROM pg_stat_database) || '|' || $calls || '|' ||
		(SELECT coalesce(string_agg(pid || ':' || state_change, ',' ORDER BY pid), 'none')
		 FROM pg_stat_activity WHERE application_name = 'dbpatterns') || '|' || now()"
}
field() { echo "$1" | cut -d'|' -f"$2"; }
# dbpatterns sessions alive now that started after the reading R.
started_since() {
	psql_q "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dbpatterns'
		AND backend_start > '$(field "$1" 4)'"
}
dbp_sessions() { psql_q "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dbpatterns'"; }

# shellcheck disable=SC2086
tui_start 200 60 -- $P
tui_wait FIXED "One database, one app" 30
tui_keys p
tui_wait FIXED "Lesson 1 provisioned" 180
# Every pane and every lesson once: each is read when first shown.
tui_keys Tab Tab Tab Tab Tab Tab 2 3 4 1
tui_wait FIXED "One database, one app" 10
sleep 1

NAV="j k Tab j Tab k BTab Down Up NPage PPage End Home Right Left 2 1 Tab BTab BTab"
r0=$(reading)
i=0
while [ $i -lt 10 ]; do
	# shellcheck disable=SC2086
	tui_keys $NAV
	i=$((i + 1))
done
tui_keys Tab
tui_wait FIXED "Timings" 10
r1=$(reading)
nkeys=$(( $(echo "$NAV" | wc -w) * 10 + 1 ))
conns=$(( $(field "$r1" 1) - $(field "$r0" 1) - 1 ))   # minus r0's psql
stmts=$(( $(field "$r1" 2) - $(field "$r0" 2) ))      # readings are left out
alive=$(started_since "$r0")
same=no; [ "$(field "$r0" 3)" = "$(field "$r1" 3)" ] && same=yes
say "$nkeys navigation keys: $conns new connections ($alive dbpatterns session(s) started since and alive), $stmts statements (pg_stat_statements), every dbpatterns session's last statement unchanged: $same"
result roundtrips.nav_keys "$nkeys"
result roundtrips.nav_connections "$conns"
[ "$STMTS" = 1 ] && result roundtrips.nav_statements "$stmts"
result roundtrips.nav_activity_unchanged "$same"

held=$(dbp_sessions)
[ "$STMTS" = 1 ] && psql_q "SELECT pg_stat_statements_reset()" >/dev/null
r1=$(reading)
tui_keys m
tui_wait FIXED "003_index_foreign_keys" 120
r2=$(reading)
conns=$(( $(field "$r2" 1) - $(field "$r1" 1) - 1 ))
stmts=$(( $(field "$r2" 2) - $(field "$r1" 2) ))
alive=$(started_since "$r1")
dbs=$(psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${PREFIX}\\_%'")
say "one m: $conns new connections ($alive alive; $dbs database(s) of this prefix; dbpatterns held $held session(s) before), $stmts statements"
result roundtrips.m_connections "$conns"
result roundtrips.m_databases "$dbs"
[ "$STMTS" = 1 ] && result roundtrips.m_statements "$stmts"
if [ "$STMTS" = 1 ] && [ -n "${DBP_BENCH_VERBOSE:-}" ]; then
	say "the statements of that m, by calls:"
	psql_q "SELECT calls || '  ' || left(regexp_replace(query, '\s+', ' ', 'g'), 150)
		FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat%' ORDER BY calls DESC" >&2
fi
tui_keys q
sleep 0.5
tui_stop
