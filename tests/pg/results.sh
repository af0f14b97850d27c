#!/bin/sh
# Timings that last, on PostgreSQL beside SQLite: a bench of a lesson
# provisioned on both engines keeps a run for each in the one workdir
# store, the server's own time a number on PostgreSQL and null on SQLite;
# 003 applied on PostgreSQL between two runs shows before and after; and
# the comparison sets SQLite against PostgreSQL, marking the migrations
# that differ.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
command -v jq >/dev/null || { not_ok "jq is not installed: the JSON checks need it (apt-get install jq)"; exit 1; }
P=$(unique_prefix)
dbp() { "$DBP_BIN" --prefix "$P" "$@"; }
TEARDOWN_HOOK="dbp --backend postgres teardown all; dbp teardown all"

dbp --backend postgres provision 1 >/dev/null && dbp provision 1 >/dev/null
check "lesson 1 provisioned on PostgreSQL and SQLite" [ $? -eq 0 ]

run_dbp --backend postgres --prefix "$P" --reps 2 bench 1
check "bench 1 on PostgreSQL (and its SQLite peer)" [ "$RC" -eq 0 ]
check "both engines were timed" sh -c 'printf "%s" "$1" | grep -q postgres && printf "%s" "$1" | grep -q sqlite' sh "$OUT"
run_dbp --prefix "$P" --format json bench --history 1
check "history as JSON parses" [ "$RC" -eq 0 ] && check "one run per engine" \
	jq_is '([.[] | select(.engine == "postgres") | .run] | unique | length) == 1 and ([.[] | select(.engine == "sqlite") | .run] | unique | length) == 1'
check "server time: a number for PostgreSQL's one-query workload" \
	jq_is '[.[] | select(.engine == "postgres" and .workload == "feed") | .server_ms | type] == ["number"]'
check "and null on SQLite" jq_is '[.[] | select(.engine == "sqlite") | .server_ms] | all(. == null)'
check "the N+1 workload's round trips are kept (more than one)" \
	jq_is '[.[] | select(.engine == "postgres" and .workload == "feed_n_plus_1") | .round_trips > 1] == [true]'

run_dbp --backend postgres --prefix "$P" migrate 1 up --to 3
check "003 applied on PostgreSQL" [ "$RC" -eq 0 ]
run_dbp --backend postgres --prefix "$P" --reps 2 bench 1
check "bench 1 again" [ "$RC" -eq 0 ]
run_dbp --backend postgres --prefix "$P" bench --compare 1
check "compare on PostgreSQL" [ "$RC" -eq 0 ]
check "before and after 003 on postgres" contains "$OUT" "Before and after a migration, on postgres"
check "the run before" contains "$OUT" "before: without community 003"
check "the run after" contains "$OUT" "after: with community 003"
check "SQLite against PostgreSQL, this engine first" contains "$OUT" "postgres (this one)"
check "SQLite marked: it lacks 003" contains "$OUT" "sqlite (without community 003)"
# SQLite's view of the same store: the same runs, its own engine first.
run_dbp --prefix "$P" bench --compare 1
check "compare on SQLite reads the same store" contains "$OUT" "sqlite (this one)"
check "and marks PostgreSQL's run as having 003" contains "$OUT" "postgres (with community 003)"
