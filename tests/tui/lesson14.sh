#!/bin/sh
# Lesson 14's tour on the screen (SQLite, 80x24): provisioned with both
# caches, timed with the stale cache's verdict, the console's new reply
# that the cache does not count, the unique index and the triggers
# applied, timed again; then the Lesson pane's verdicts, the tally's
# among them.  Every screen check waits (bounded): see tests/lib.sh.
. "$DBP_SRCDIR/tests/lib.sh"
L="$SCRATCH/lessons"
mkdir -p "$L"
cp -r "$DBP_SRCDIR/data/lessons/_shared" "$DBP_SRCDIR/data/lessons/14-caches-and-staleness" "$L/"

"$DBP_BIN" --lessons "$L" tour 14 | sed -n 's/^    says\( on sqlite\)\{0,1\}: //p' > "$SCRATCH/says"
STOPS=$(wc -l < "$SCRATCH/says")
check "lesson 14's tour has its 11 stops on SQLite" [ "$STOPS" -eq 11 ]
says() { echo "Tour $1/$STOPS: $(sed -n "${1}p" "$SCRATCH/says" | cut -d' ' -f1-4)"; }
SLOW=300   # seconds for a stop that times the workloads

tui_start 80 24 --lessons "$L" --reps 2 --tour 14
check "--tour 14 opens the screen at stop 1" tui_wait "$(says 1)"
tui_keys Space
check "stop 2's sentence" tui_wait "$(says 2)"
check "stop 2 provisions" tui_wait "Lesson 14 provisioned in"
check "the Topology pane lists the hand-filled cache" tui_wait "├── reply_counts (20000 rows)"
check "and the tally" tui_wait "├── reply_tally (20000 rows)"
tui_keys Space
check "stop 3's sentence" tui_wait "$(says 3)"
check "stop 3 times the workloads" tui_wait "Timings done for lesson 14" "$SLOW"
check "the cache's read is timed" tui_wait "The same ten, read from the cache"
tui_keys Space
check "stop 4's sentence" tui_wait "$(says 4)"
check "each workload's SQL and rows" tui_wait "top_live: Ten most-discussed posts, counted live"
tui_keys Space
check "stop 5's sentence" tui_wait "$(says 5)"
check "the console writes a reply" tui_wait "(done: 1 row changed"
tui_keys Space
check "stop 6's sentence" tui_wait "$(says 6)"
check "the cache's count beside the live one" tui_wait "cached | live"
check "the cache still has two replies, the comments three" tui_wait_re "│ +2 [|] +3$"
tui_keys Space
check "stop 7's sentence" tui_wait "$(says 7)"
check "the console takes the reply back" tui_wait "DELETE FROM comments WHERE id = 900009"
tui_keys Space
check "stop 8's sentence" tui_wait "$(says 8)"
check "the unique index is applied" tui_wait "[x] 003_unique_post"
tui_keys Space
check "stop 9's sentence" tui_wait "$(says 9)"
check "the triggers are applied" tui_wait "[x] 004_tally_trigger"
tui_keys Space
check "stop 10's sentence" tui_wait "$(says 10)"
check "stop 10 times the workloads again" tui_wait "Timings done for lesson 14" "$SLOW"
tui_keys Space
check "stop 11's sentence" tui_wait "$(says 11)"
check "the last stop" tui_wait "The last stop."
tui_keys Escape
check "Esc leaves the tour" tui_wait "Tour left at stop 11"
tui_keys End
check "the Lesson pane ends with the verdicts: the tally counts the reply" \
	tui_wait "✓ tally_fresh: 0 rows, measured"
check "and the trigger's cost is PostgreSQL's claim, saying so" \
	tui_wait "– trigger_costs_writes: not claimed on sqlite (made"
