#!/bin/sh
# Lesson 9's tour on the screen (SQLite, 80x24): the delete timed without
# the index on orders.user_id, migration 003 sent statement by statement,
# the delete timed again, the lock demonstration; then the Lesson pane's
# verdicts.  Every screen check waits (bounded): see tests/lib.sh.
. "$DBP_SRCDIR/tests/lib.sh"
"$DBP_BIN" tour 9 | sed -n 's/^    says\( on sqlite\)\{0,1\}: //p' > "$SCRATCH/says"
STOPS=$(wc -l < "$SCRATCH/says")
check "lesson 9's tour has its 7 stops on SQLite" [ "$STOPS" -eq 7 ]
says() { echo "Tour $1/$STOPS: $(sed -n "${1}p" "$SCRATCH/says" | cut -d' ' -f1-4)"; }
SLOW=300   # seconds for a stop that times the workloads

tui_start 80 24 --reps 2 --tour 9
check "--tour 9 opens the screen at stop 1" tui_wait "$(says 1)"
tui_keys Space
check "stop 2's sentence" tui_wait "$(says 2)"
check "stop 2 provisions" tui_wait "Lesson 9 provisioned in" 120
tui_keys Space
check "stop 3's sentence" tui_wait "$(says 3)"
check "stop 3 times the workloads" tui_wait "Timings done for lesson 9" "$SLOW"
check "the delete is among them" tui_wait "Delete 200 users who never ordered"
tui_keys Space
check "stop 4's sentence" tui_wait "$(says 4)"
check "m applies the index" tui_wait "shop applied 003_index_order_user in"
check "marked no-transaction" tui_wait "-- dbpatterns: no-transaction"
check "one migration ticks one step: 003's" tui_wait "✓ An index built"
check "and the next, 004's column, is the one to do" tui_wait "> A new column"
tui_keys Space
check "stop 5's sentence" tui_wait "$(says 5)"
check "stop 5 times the workloads again" tui_wait "Timings done for lesson 9" "$SLOW"
tui_keys Space
check "stop 6's sentence" tui_wait "$(says 6)"
check "stop 6 runs the lock demonstration" tui_wait "Demo done: queue" 120
tui_keys Space
check "stop 7's sentence" tui_wait "$(says 7)"
check "the last stop" tui_wait "The last stop."
tui_keys Escape
check "Esc leaves the tour" tui_wait "Tour left at stop 7"
tui_keys End
check "the Lesson pane ends with the verdicts: SQLite's readers did not queue" \
	tui_wait "✓ sqlite_reads_do_not_queue"
tui_keys Home /
check "/ opens the search prompt" tui_wait "Enter searches, Esc cancels"
tui_keys -l "fk_delete_needs_index:"
tui_keys Enter
check "and the first verdict found: the index made the delete quicker" \
	tui_wait "✓ fk_delete_needs_index:"
check "judged on screen: the run before 003 from the timings kept at stop 3" \
	tui_wait "(kept from 20"
tui_keys q
tui_wait "EXIT=" 10 >/dev/null
