#!/bin/sh
# bench/run.sh [BINARY] [REPS]: dbpatterns' own timing of the lesson 1
# "feed" workload, side by side with the engines' own clients running the
# same query the same number of times in the same run:
#   SQLite:     dbpatterns bench   vs  the sqlite3 shell
#   PostgreSQL: dbpatterns bench   vs  psql  and  pgbench
# Per-query mean latency and peak memory (RSS) of each process; ratios are
# dbpatterns / peer.  PostgreSQL parts run when a server answers (run the
# script under pg_virtualenv for a throwaway one).  Not a test: it asserts
# nothing, it measures.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
BIN=${1:-$here/../_build/default/src/dbpatterns}
REPS=${2:-200}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export DBPATTERNS_WORKDIR="$WORK/w" XDG_CONFIG_HOME="$WORK/c"
SQL=$(sed -n '/^-- @query/,$p' "$here/../data/lessons/_shared/workloads/feed.sql" | grep -v '^--')

now_ns() { date +%s%N; }
# mean_ms START END N
mean_ms() { echo "$1 $2 $3" | awk '{ printf "%.3f", ($2 - $1) / 1e6 / $3 }'; }
peak_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
ratio() { echo "$1 $2" | awk '{ printf ($2 > 0 ? "%.2f" : "-"), $1 / $2 }'; }

# dbpatterns' own mean of the timed runs (column 'median' is in the CSV
# too; the mean is what the peers can report, so compare means).
dbp_mean() {
	"$BIN" "$@" bench 1 --reps "$REPS" --format csv | awk -F, '$1 == "feed" { print $8 }'
}

script_of() { # a file that runs the query REPS times, output discarded
	: > "$WORK/script"
	[ "$1" = psql ] && echo '\o /dev/null' >> "$WORK/script"
	[ "$1" = sqlite3 ] && echo '.output /dev/null' >> "$WORK/script"
	i=0; while [ $i -lt "$REPS" ]; do printf '%s;\n' "$SQL" >> "$WORK/script"; i=$((i + 1)); done
}

printf '%-34s %12s %10s %8s\n' "engine / client" "mean ms" "peak KB" "ratio"

"$BIN" provision 1 >/dev/null
d=$(dbp_mean)
dk=$(peak_kb "$BIN" bench 1 --reps "$REPS")
script_of sqlite3
t0=$(now_ns); sqlite3 "$WORK/w/dbp_community.db" < "$WORK/script"; t1=$(now_ns)
s=$(mean_ms "$t0" "$t1" "$REPS")
sk=$(peak_kb sqlite3 "$WORK/w/dbp_community.db" < "$WORK/script")
printf '%-34s %12s %10s %8s\n' "sqlite: dbpatterns bench (median)" "$d" "$dk" "$(ratio "$d" "$s")"
printf '%-34s %12s %10s %8s\n' "sqlite: sqlite3 shell" "$s" "$sk" "1.00"
"$BIN" teardown 1 >/dev/null

if ! psql -XAtqc 'SELECT 1' >/dev/null 2>&1; then
	echo "(no PostgreSQL server: run under pg_virtualenv for the PostgreSQL rows)"
	exit 0
fi
P="--backend postgres --prefix dbpbench"
"$BIN" $P provision 1 >/dev/null
trap '"$BIN" $P teardown 1 >/dev/null 2>&1; rm -rf "$WORK"' EXIT
d=$(dbp_mean $P)
dk=$(peak_kb "$BIN" $P bench 1 --reps "$REPS")
script_of psql
t0=$(now_ns); psql -Xq -d dbpbench_community -f "$WORK/script"; t1=$(now_ns)
p=$(mean_ms "$t0" "$t1" "$REPS")
pk=$(peak_kb psql -Xq -d dbpbench_community -f "$WORK/script")
printf '%s;\n' "$SQL" > "$WORK/pgbench.sql"
g=$(pgbench -n -t "$REPS" -f "$WORK/pgbench.sql" dbpbench_community 2>/dev/null | awk '/latency average/ { print $4 }')
printf '%-34s %12s %10s %8s\n' "postgres: dbpatterns bench (median)" "$d" "$dk" "$(ratio "$d" "$p")"
printf '%-34s %12s %10s %8s\n' "postgres: psql -f" "$p" "$pk" "1.00"
printf '%-34s %12s %10s %8s\n' "postgres: pgbench -t" "$g" "-" "$(ratio "$d" "$g")"
