#!/bin/sh
# bench/keys.sh [KEYS] [QUERIES]: key-to-frame time on PostgreSQL at
# 200x60, from dbpatterns' own trace (DBPATTERNS_TRACE_KEYS: one line per
# key, the ms from reading the key to the frame written).
#   navigation: KEYS (default 500) mixed navigation keys over every pane and
#               lesson, after lesson 1 is provisioned and every pane and
#               lesson was seen once; sent 25 at a time, each batch drawn
#               before the next is sent;
#   console:    QUERIES (default 5) times a 60-character query typed in the
#               SQL console (then run with Enter, not counted): per key.
# p50 / p99 / max of each.  Run under pg_virtualenv -t.
. "$(dirname "$0")/lib.sh"
KEYS=${1:-500}
QUERIES=${2:-5}
have_pg || { say "no PostgreSQL server: run under pg_virtualenv -t"; exit 0; }
P="--backend postgres --prefix $PREFIX"
on_exit '"$BIN" $P teardown all'
TRACE="$WORK/trace"
QUERY="SELECT id, username, email FROM users WHERE id<42 ORDER BY 1"
[ "${#QUERY}" -eq 60 ] || { say "the query is ${#QUERY} characters, not 60"; exit 2; }

# shellcheck disable=SC2086
tui_start 200 60 DBPATTERNS_TRACE_KEYS="$TRACE" -- $P
tui_wait FIXED "One database, one app" 30
tui_keys p
tui_wait FIXED "Lesson 1 provisioned" 180
tui_keys Tab Tab Tab Tab Tab Tab 2 3 4 1
tui_wait FIXED "One database, one app" 10
trace_settle "$TRACE" 11

# The mix: panes both ways, lines, pages, ends, sideways, lesson switches.
MIX="j j k Tab j Down NPage Tab k Up PPage BTab End Home Tab Right Left Tab j 2 1 Tab BTab BTab 3"
from=$(trace_count "$TRACE")
sent=0
while [ "$sent" -lt "$KEYS" ]; do
	batch=""; n=0
	for k in $MIX; do
		[ $((sent + n)) -lt "$KEYS" ] || break
		batch="$batch $k"; n=$((n + 1))
	done
	# shellcheck disable=SC2086
	tui_keys $batch
	sent=$((sent + n))
	trace_settle "$TRACE" $((from + sent))
done
trace_after "$TRACE" "$from" | awk '{ print $2 }' > "$WORK/nav"
say "navigation: $(wc -l < "$WORK/nav") keys traced"
result keys.nav_count "$(wc -l < "$WORK/nav" | tr -d ' ')"
result keys.nav_p50_ms "$(pct 50 < "$WORK/nav")"
result keys.nav_p99_ms "$(pct 99 < "$WORK/nav")"
result keys.nav_max_ms "$(maxof < "$WORK/nav")"

tui_keys s
tui_wait FIXED "sql> _" 10
: > "$WORK/typing"
q=0
while [ "$q" -lt "$QUERIES" ]; do
	from=$(trace_count "$TRACE")
	tui_keys -l "$QUERY"
	trace_settle "$TRACE" $((from + ${#QUERY}))
	trace_after "$TRACE" "$from" | head -n "${#QUERY}" | awk '{ print $2 }' >> "$WORK/typing"
	tui_keys Enter
	trace_settle "$TRACE" $((from + ${#QUERY} + 1))
	q=$((q + 1))
done
say "console: $(wc -l < "$WORK/typing") typed keys traced"
result keys.typing_count "$(wc -l < "$WORK/typing" | tr -d ' ')"
result keys.typing_p50_ms "$(pct 50 < "$WORK/typing")"
result keys.typing_p99_ms "$(pct 99 < "$WORK/typing")"
result keys.typing_max_ms "$(maxof < "$WORK/typing")"
tui_keys Escape q
sleep 0.5
tui_stop
