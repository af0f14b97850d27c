#!/bin/sh
# A lesson's tour on the screen (SQLite, 80x24): --tour 1 plays lesson 1's
# tour to its end, each stop's sentence in the band and its action's effect
# in the panes; Backspace steps back by playing the stops again from
# nothing; r starts again after asking; Esc and q leave it; T on a
# provisioned lesson asks first; another lesson ends it.
# Every screen check waits (bounded) for what it asserts: see tests/lib.sh.
. "$DBP_SRCDIR/tests/lib.sh"

# The sentences, from the same data the screen reads: each stop's first
# words (they fit the band's first line at 80 columns).
"$DBP_BIN" tour 1 | sed -n 's/^    says\( on sqlite\)\{0,1\}: //p' > "$SCRATCH/says"
STOPS=$(wc -l < "$SCRATCH/says")
check "lesson 1's tour has its 11 stops" [ "$STOPS" -eq 11 ]
says() { echo "Tour $1/$STOPS: $(sed -n "${1}p" "$SCRATCH/says" | cut -d' ' -f1-4)"; }
row() { printf '%-30s %9s' "$1" "$2"; }   # a table's line in the Tables pane
SLOW=300   # seconds for a stop that times the workloads, or replays the tour

tui_start 80 24 --reps 2 --tour 1
check "--tour 1 opens the screen at stop 1" tui_wait "$(says 1)"
check "with the tour's keys" tui_wait "Space: next stop   Backspace: back one   r: start again"
check "on the Lesson pane, nothing provisioned" tui_wait "> Provision the commun"
tui_keys Space
check "stop 2's sentence" tui_wait "$(says 2)"
check "stop 2 provisions" tui_wait "Lesson 1 provisioned in"
check "the Topology pane lists the tables" tui_wait "└── users (5000 rows)"
tui_keys Space
check "stop 3's sentence" tui_wait "$(says 3)"
check "the Tables pane shows the catalog" tui_wait "$(row users 5000)"
tui_keys Space
check "stop 4's sentence" tui_wait "$(says 4)"
check "the Migrations pane: 003 not applied" tui_wait "[ ] 003_index_foreign_keys"
tui_keys Space
check "stop 5's sentence" tui_wait "$(says 5)"
check "stop 5 times the workloads" tui_wait "Timings done for lesson 1" "$SLOW"
check "with the N+1 loop's 101 queries (SQLite has no round trip)" tui_wait "101 queries"
tui_keys Space
check "stop 6's sentence" tui_wait "$(says 6)"
check "each workload's SQL and plan" tui_wait "feed: Newest 100 posts with author"
tui_keys Space
check "stop 7's sentence" tui_wait "$(says 7)"
check "stop 7 applies migration 003" tui_wait "community applied 003_index_foreign_keys"
check "the Migrations pane shows it applied" tui_wait "[x] 003_index_foreign_keys"
tui_keys Space
check "stop 8's sentence" tui_wait "$(says 8)"
check "stop 8 times again, before and after side by side" tui_wait "after: with community 003" "$SLOW"
tui_keys Space
check "stop 9's sentence" tui_wait "$(says 9)"
check "stop 9 shows the workloads again" tui_wait "feed: Newest 100 posts with author"
tui_keys Space
check "stop 10's sentence" tui_wait "$(says 10)"
check "stop 10 rolls 003 back" tui_wait "community rolled back 003_index_foreign_keys"
tui_keys Space
check "stop 11's sentence" tui_wait "$(says 11)"
check "stop 11 runs its statement in the console" tui_wait "community=> SELECT count(*) AS comments FROM"
check "and shows the engine's answer" tui_wait_re "(^|│) +50000 *$"
check "the band says it is the last stop" tui_wait "The last stop.   Backspace: back one"
tui_keys Space
check "Space after the last stop says the tour is over" tui_wait "The tour is over: Backspace goes back"

# Backspace: stops 1 to 10 again, from nothing, ending where stop 10 did.
tui_keys BSpace
check "Backspace goes back one stop" tui_wait "$(says 10)" "$SLOW"
check "replayed: the status is stop 10's own" tui_wait "community: rolled back in" "$SLOW"
check "and so is the Migrations pane" tui_wait "community rolled back 003_index_foreign_keys"
check "the console's answer is gone" tui_lacks "community=> SELECT count(*) AS comments"
tui_keys BSpace
check "and again, to stop 9" tui_wait "$(says 9)" "$SLOW"
check "whose workloads show again" tui_wait "feed: Newest 100 posts with author" "$SLOW"

# r asks, n keeps the tour where it is, y starts it again from nothing.
tui_keys r
check "r asks first" tui_wait "Start the tour again from nothing? Every row goes."
tui_keys n
check "n changes nothing" tui_wait "Nothing torn down; the tour stays where it was."
check "the tour is still at stop 9" tui_wait "$(says 9)"
tui_keys r
check "r asks again" tui_wait "Start the tour again from nothing?"
tui_keys y
check "y starts the tour again at stop 1" tui_wait "$(says 1)" "$SLOW"
check "with the lesson torn down: no step ticked" tui_wait "> Provision the commun"
tui_keys Tab
check "and nothing provisioned" tui_wait "(press p to provision it)"
tui_keys BSpace
check "Backspace at the first stop says so" tui_wait "This is the tour's first stop"

# Esc leaves the tour; its keys are the screen's own again.
tui_keys Escape
check "Esc leaves the tour" tui_wait "Tour left at stop 1"
check "and the band is gone" tui_gone "Space: next stop"
# T on a provisioned lesson asks before tearing it down.
tui_keys p
check "p provisions as ever" tui_wait "Lesson 1 provisioned in"
tui_keys T
check "T on a provisioned lesson asks first" tui_wait "The tour starts from nothing: tear lesson 1 down?"
tui_keys n
check "n: the tour does not start" tui_wait "Nothing torn down; the tour did not start."
tui_keys T
check "T asks again" tui_wait "The tour starts from nothing: tear lesson 1 down?"
tui_keys y
check "y: torn down, and the tour at stop 1" tui_wait "$(says 1)"
tui_keys Space
check "Space goes on" tui_wait "$(says 2)"
tui_keys q
check "q leaves the tour rather than the screen" tui_wait "Tour left at stop 2"
tui_keys T
check "T again, on the provisioned lesson, asks" tui_wait "The tour starts from nothing"
tui_keys y
check "and starts over" tui_wait "$(says 1)"
tui_keys 2
check "another lesson: the band goes" tui_gone "Space: next stop"
tui_keys 1
check "back on lesson 1, the tour has ended" tui_wait "> Provision the commun"
tui_keys Space
check "and Space is the screen's own again: it pages the lesson down" tui_gone "A single application keeps all"
check "not the tour's" tui_lacks "$(says 2)"
tui_keys q
check "q quits" tui_wait "EXIT=0"
tui_stop

# Bad --tour: said before the screen starts.
tui_start 80 24 --tour 99
check "--tour with an unknown lesson is refused" tui_wait "--tour: no lesson \"99\""
check "and ends" tui_wait "EXIT=1"
tui_stop

# A projector's 64x20: the band's keys wrap rather than lose Esc.
tui_start 64 20 --tour 1
check "64x20: the tour's band shows" tui_wait "$(says 1)"
check "64x20: its keys wrap, Esc's meaning whole" tui_wait "Esc: leave the tour"
tui_keys Escape
check "64x20: Esc leaves" tui_wait "Tour left at stop 1"
tui_keys q
check "q quits" tui_wait "EXIT=0"
tui_stop
rm -rf "$SCRATCH/l"; mkdir -p "$SCRATCH/l"
cp -r "$DBP_SRCDIR/data/lessons/_shared" "$DBP_SRCDIR/data/lessons/01-one-db-one-app" "$SCRATCH/l/"
sed -i '/^; The tour/,$d' "$SCRATCH/l/01-one-db-one-app/lesson.ini"
tui_start 80 24 --lessons "$SCRATCH/l"
tui_keys T
check "T on a lesson without a tour says so" tui_wait "Lesson 1 has no tour"
tui_keys q
check "q quits" tui_wait "EXIT=0"
