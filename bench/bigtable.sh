#!/bin/sh
# bench/bigtable.sh [REPS]: a table of 1,000,000 rows in the Tables pane,
# on SQLite and (when a server answers) PostgreSQL, at 200x125 (a whole
# page of 100 rows in view, with its title and read time).  The table
# is made in the console (as a user would), then REPS times (default 5):
# Enter opens it at its first page, End jumps to its last page, Escape
# closes it.  For each page: the key-to-frame time (DBPATTERNS_TRACE_KEYS)
# and the page's own read time as the screen shows it ("(100 rows, X ms)");
# the first open (cold: it also looks up the table's key) apart, medians
# of the rest.  Memory: VmHWM and VmRSS of the dbpatterns process before
# the table is first opened and after the last End.  The engines' own
# clients run the same keyset SQL as dbpatterns' row pager in the same
# run: sqlite3 (a mean over 200 reads in one shell, REPS times), psql
# \timing (REPS times, back to back and paced).
# The table is dropped again in the console at the end.
. "$(dirname "$0")/lib.sh"
REPS=${1:-5}
# Tall enough for a whole page of 100 rows, its title and its read time.
LINES_TALL=125
TRACE="$WORK/trace"
sent=0

# key KEYNAME: send one key, wait until it is drawn; its ms on stdout.
key() {
	tui_keys "$1"
	sent=$((sent + 1))
	trace_settle "$TRACE" "$sent" 300
	tail -n 1 "$TRACE" | awk '{ print $2 }'
}
# console SQL: type SQL in the console, run it, wait until it has run.
console() {
	tui_keys -l "$1"
	sent=$((sent + ${#1}))
	key Enter >/dev/null
}
page_ms() { tui_screen | grep -o '(100 rows, [0-9.]* ms)' | tail -n 1 | sed 's/.*, \([0-9.]*\) ms)/\1/'; }

# one_engine NAME BIG_SQL ALTER_SQL -- ARGS...: the measurements on one engine.
one_engine() {
	name=$1 big=$2 alter=$3; shift 4
	: > "$TRACE"; sent=0
	tui_start 200 "$LINES_TALL" DBPATTERNS_TRACE_KEYS="$TRACE" -- "$@"
	tui_wait FIXED "One database, one app" 30
	key p >/dev/null
	tui_wait FIXED "Lesson 1 provisioned" 300
	key s >/dev/null
	say "$name: making the table (CREATE TABLE big ... 1,000,000 rows)"
	console "$big"
	[ -z "$alter" ] || console "$alter"
	key Escape >/dev/null
	key BTab >/dev/null; key BTab >/dev/null; key BTab >/dev/null
	tui_wait REGEX "big +1000000" 120
	key / >/dev/null
	for c in b i g; do key "$c" >/dev/null; done
	key Enter >/dev/null
	pid=$(tui_pid)
	hwm0=$(vm_kb "$pid" VmHWM); rss0=$(vm_kb "$pid" VmRSS)
	: > "$WORK/$name.first"; : > "$WORK/$name.end"; : > "$WORK/$name.firstread"; : > "$WORK/$name.endread"
	r=0
	while [ "$r" -le "$REPS" ]; do      # run 0 is the cold one
		f=$(key Enter)
		tui_wait FIXED "Rows 1 to 100 of 1000000" 60
		fr=$(page_ms)
		e=$(key End)
		tui_wait FIXED "Rows 999901 to 1000000 of 1000000" 60
		er=$(page_ms)
		if [ "$r" -eq 0 ]; then
			cold="$f $fr $e $er"
		else
			echo "$f" >> "$WORK/$name.first"; echo "$fr" >> "$WORK/$name.firstread"
			echo "$e" >> "$WORK/$name.end"; echo "$er" >> "$WORK/$name.endread"
		fi
		key Escape >/dev/null
		r=$((r + 1))
	done
	hwm1=$(vm_kb "$pid" VmHWM); rss1=$(vm_kb "$pid" VmRSS)
	key s >/dev/null
	console "DROP TABLE big"
	key Escape >/dev/null
	tui_keys q
	sleep 0.5
	tui_stop
	set -- $cold   # four numbers
	say "$name: cold open: first page $1 ms to the frame ($2 ms read), End $3 ms ($4 ms read)"
	say "$name: first page, ms to the frame: $(tr '\n' ' ' < "$WORK/$name.first")"
	say "$name: End, ms to the frame:        $(tr '\n' ' ' < "$WORK/$name.end")"
	say "$name: VmHWM $hwm0 -> $hwm1 KB, VmRSS $rss0 -> $rss1 KB"
	result "bigtable.$name.cold_first_frame_ms" "$1"
	result "bigtable.$name.cold_end_frame_ms" "$3"
	result "bigtable.$name.first_frame_ms" "$(median < "$WORK/$name.first")"
	result "bigtable.$name.first_read_ms" "$(median < "$WORK/$name.firstread")"
	result "bigtable.$name.end_frame_ms" "$(median < "$WORK/$name.end")"
	result "bigtable.$name.end_read_ms" "$(median < "$WORK/$name.endread")"
	result "bigtable.$name.hwm_growth_kb" "$((hwm1 - hwm0))"
	result "bigtable.$name.rss_growth_kb" "$((rss1 - rss0))"
}

# The pager's own SQL for the first and the last page (see src/core/rows.c).
pages_sql() { # KEY FROM
	echo "SELECT $1, * FROM $2 ORDER BY $1 LIMIT 100;"
	echo "SELECT $1, * FROM $2 ORDER BY $1 DESC LIMIT 100;"
}
# peer_split NAME: the client's timings, alternately first and last page:
# their medians.
peer_split() { # NAME [SUFFIX]
	awk -v f="$WORK/$1.peerfirst" -v e="$WORK/$1.peerend" '{ print $1 > ((NR % 2) ? f : e) }'
	result "bigtable.$1.client${2:-}_first_ms" "$(median < "$WORK/$1.peerfirst")"
	result "bigtable.$1.client${2:-}_end_ms" "$(median < "$WORK/$1.peerend")"
}

BIG_LITE="CREATE TABLE big AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) SELECT i AS id, 'row ' || i AS v FROM n"
one_engine sqlite "$BIG_LITE" "" --
# sqlite3 on a table made the same way (the console dropped dbpatterns'
# own).  Its .timer counts whole milliseconds only, so each page is read
# PEER_N times in one shell and the shell's wall time, less that of the
# same shell reading nothing, is divided by PEER_N.
PEER_N=200
sqlite3 "$WORK/peer.db" "$BIG_LITE"
sqlite_mean() { # SQL: the mean ms of one run of SQL in the sqlite3 shell
	{ echo ".output /dev/null"; echo "$1"; } | sqlite3 "$WORK/peer.db"   # warm
	{ echo ".output /dev/null"; i=0; while [ "$i" -lt "$PEER_N" ]; do echo "$1"; i=$((i + 1)); done; } > "$WORK/peer.sql"
	echo ".output /dev/null" > "$WORK/empty.sql"
	t0=$(now_ns); sqlite3 "$WORK/peer.db" < "$WORK/empty.sql"
	t1=$(now_ns); sqlite3 "$WORK/peer.db" < "$WORK/peer.sql"; t2=$(now_ns)
	echo "$t0 $t1 $t2 $PEER_N" | awk '{ printf "%.3f\n", (($3 - $2) - ($2 - $1)) / 1e6 / $4 }'
}
: > "$WORK/sqlite.peerfirst"; : > "$WORK/sqlite.peerend"
r=0
while [ "$r" -lt "$REPS" ]; do
	pages_sql '"rowid"' '"main"."big"' > "$WORK/pages"
	sqlite_mean "$(sed -n 1p "$WORK/pages")" >> "$WORK/sqlite.peerfirst"
	sqlite_mean "$(sed -n 2p "$WORK/pages")" >> "$WORK/sqlite.peerend"
	r=$((r + 1))
done
result bigtable.sqlite.client_first_ms "$(median < "$WORK/sqlite.peerfirst")"
result bigtable.sqlite.client_end_ms "$(median < "$WORK/sqlite.peerend")"

if ! have_pg; then
	say "(no PostgreSQL server: run under pg_virtualenv -t for the PostgreSQL rows)"
	exit 0
fi
P="--backend postgres --prefix $PREFIX"
on_exit 'psql -Xq -d "${PREFIX}_community" -c "DROP TABLE IF EXISTS big"; "$BIN" $P teardown all'
# shellcheck disable=SC2086
one_engine pg "CREATE TABLE big AS SELECT i AS id, 'row ' || i AS v FROM generate_series(1, 1000000) i" \
	"ALTER TABLE big ADD PRIMARY KEY (id)" -- $P
PEER_DB="${PREFIX}_peer"
on_exit 'dropdb --if-exists "$PEER_DB"'
createdb "$PEER_DB"
psql_q "CREATE TABLE big AS SELECT i AS id, 'row ' || i AS v FROM generate_series(1, 1000000) i;
	ALTER TABLE big ADD PRIMARY KEY (id)" "$PEER_DB"
# Back to back, and paced (a shell pause between reads lets the server's
# backend idle, as dbpatterns' session does between two keys).
for pace in "" 0.2; do
	{ printf '%s\n' '\o /dev/null' '\timing on'
	  r=0; while [ "$r" -le "$REPS" ]; do
		pages_sql '"id"' '"public"."big"' | while read -r q; do
			printf '%s\n' "$q"; [ -z "$pace" ] || printf '\\! sleep %s\n' "$pace"
		done
		r=$((r + 1))
	  done; } |
		psql -Xq -d "$PEER_DB" 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -n "+3" |
		peer_split pg "${pace:+_paced}"
done
dropdb "$PEER_DB"
