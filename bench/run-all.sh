#!/bin/sh
# bench/run-all.sh [RUNS]: every benchmark of bench/ in one run, then one
# table.  roundtrips.sh, keys.sh and bigtable.sh run RUNS times (default
# 3): their figures are medians over the runs (counts: the largest);
# provision.sh takes its own medians of 7.  Without a PostgreSQL server
# it starts itself again under a throwaway cluster (pg_virtualenv -t, with
# pg_stat_statements preloaded); DBP_BENCH_NO_PG=1 runs SQLite only.
# The raw "name value" lines of every run stay in $DBP_BENCH_RAW (default
# /tmp/dbpatterns-bench-last-run.txt) for a look afterwards.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
RUNS=${1:-3}
if [ -z "${DBP_BENCH_NO_PG:-}" ] && [ -z "${DBP_BENCH_IN_VENV:-}" ] &&
   ! psql -XAtqc 'SELECT 1' >/dev/null 2>&1 && command -v pg_virtualenv >/dev/null; then
	DBP_BENCH_IN_VENV=1 exec pg_virtualenv -t -o shared_preload_libraries=pg_stat_statements "$0" "$@"
fi
RAW=${DBP_BENCH_RAW:-${TMPDIR:-/tmp}/dbpatterns-bench-last-run.txt}
: > "$RAW"
# run_script SCRIPT ARGS...: its figures appended to RAW, everything shown.
run_script() { s=$1; shift; echo "== $s $*" >&2; "$here/$s" "$@" | tee -a "$RAW" >&2 || echo "== $s failed ($?)" >&2; }

echo "machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%d)" >&2
run_script provision.sh 7
i=0
while [ "$i" -lt "$RUNS" ]; do
	run_script roundtrips.sh
	run_script keys.sh 500 5
	run_script bigtable.sh 5
	i=$((i + 1))
done

# v NAME: the median of NAME's values over the runs (counts: the largest).
v() {
	case $1 in
	roundtrips.*) awk -v k="$1" '$1 == k { if (!n++ || $2 > m) m = $2 } END { print n ? m : "-" }' "$RAW" ;;
	*) awk -v k="$1" '$1 == k { print $2 }' "$RAW" | sort -g |
		awk '{ a[NR] = $1 } END { if (!NR) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }' ;;
	esac
}
r() { echo "$1 $2" | awk '{ if ($1 + 0 > 0 && $2 + 0 > 0) printf "%.2f", $1 / $2; else print "-" }'; }
row() { printf '| %s | %s | %s | %s | %s |\n' "$@"; }

echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores, shared)"
echo
row "measurement" "dbpatterns" "engine's own client" "ratio" "target"
row "---" "---" "---" "---" "---"
row "navigation keys (PostgreSQL): new connections / statements" \
	"$(v roundtrips.nav_connections) / $(v roundtrips.nav_statements) in $(v roundtrips.nav_keys) keys" "-" "-" "0 / 0"
row "one \`m\`: new connections / statements" \
	"$(v roundtrips.m_connections) / $(v roundtrips.m_statements) ($(v roundtrips.m_databases) database)" "-" "-" "<= 1 per database"
row "key-to-frame, $(v keys.nav_count) navigation keys, 200x60, p50 / p99 / max ms" \
	"$(v keys.nav_p50_ms) / $(v keys.nav_p99_ms) / $(v keys.nav_max_ms)" "-" "-" "p99 < 16"
row "console typing, $(v keys.typing_count) keys, p50 / p99 / max ms" \
	"$(v keys.typing_p50_ms) / $(v keys.typing_p99_ms) / $(v keys.typing_max_ms)" "-" "-" "p99 < 5"
# The client's figure to compare a page read with: sqlite3's; psql's
# paced one (its backend idles between reads, as dbpatterns' does).
for e in sqlite pg; do
	[ "$(v "bigtable.$e.first_read_ms")" != - ] || continue
	c=client; [ "$e" = pg ] && c=client_paced
	for page in first end; do
		what="first page"; [ "$page" = end ] && what=End
		peer=$(v "bigtable.$e.${c}_${page}_ms")
		[ "$e" = pg ] && peer="$peer paced, $(v "bigtable.pg.client_${page}_ms") back to back"
		row "1M rows, $e: $what, ms to the frame (page read)" \
			"$(v "bigtable.$e.${page}_frame_ms") ($(v "bigtable.$e.${page}_read_ms"))" "$peer" \
			"$(r "$(v "bigtable.$e.${page}_read_ms")" "$(v "bigtable.$e.${c}_${page}_ms")")" "< 50"
	done
	row "1M rows, $e: cold first open / End, ms to the frame" \
		"$(v "bigtable.$e.cold_first_frame_ms") / $(v "bigtable.$e.cold_end_frame_ms")" "-" "-" "< 50"
	row "1M rows, $e: VmHWM / VmRSS growth, KB" \
		"$(v "bigtable.$e.hwm_growth_kb") / $(v "bigtable.$e.rss_growth_kb")" "-" "-" "< 5120"
done
row "provision lesson 1, SQLite, median of 7, ms" "$(v provision.sqlite.dbpatterns_ms)" \
	"$(v provision.sqlite.sqlite3_ms) (sqlite3)" "$(v provision.sqlite.ratio)" "<= 1.25"
row "provision lesson 1, SQLite, vs sqlite3 with foreign_keys ON" "$(v provision.sqlite.dbpatterns_ms)" \
	"$(v provision.sqlite.sqlite3_fk_ms)" "$(v provision.sqlite.ratio_fk)" "-"
[ "$(v provision.pg.ratio)" = - ] ||
row "provision lesson 1, PostgreSQL, median of 7, ms" "$(v provision.pg.dbpatterns_ms)" \
	"$(v provision.pg.psql_ms) (createdb + psql -1 -f)" "$(v provision.pg.ratio)" "<= 1.25"
