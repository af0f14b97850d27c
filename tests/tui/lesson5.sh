#!/bin/sh
# Lesson 5 on the screen at 80x24 (SQLite): d makes the tenants three ways
# and shows the table, the loop that stops half way and the claims judged
# beside the report; the table fits the pane; x takes every tenant file
# away.  Every check waits for what it asserts.
. "$DBP_SRCDIR/tests/lib.sh"
W="$DBPATTERNS_WORKDIR"
tui_start 80 24 -- --lesson 5 --tenants 4
check "the screen opens at lesson 5" tui_wait "Three ways to hold tenants" 20
tui_keys p
check "p provisions it" tui_wait "Lesson 5 provisioned" 120
tui_keys d
check "d runs the tenants demo" tui_wait "Demo done: tenants" 300
check "the claim the engine backs is checked beside the report" \
	tui_wait "✓ attach_limit: 10 attached; number 11 refused" 20
check "the PostgreSQL-only claim says why it is skipped" tui_wait "not claimed on sqlite" 20
# The report ends with the claims; a page up, the loop's versions; from
# the top (the lesson's topology first), a page down, the table.
tui_keys PPage
check "the loop's versions are listed" tui_wait "dbp_tenant_0003 .. dbp_tenant_0004  version 2" 20
tui_keys g
check "the table's header fits the pane" tui_wait "shared     schema   database" 20
tui_keys NPage
check "its columns' second line too" tui_wait "table       each       each" 20
check "and its last row: 4 connections for a database each" tui_wait_re "pool +1 +none +4( |$)" 20
# The Lesson pane marks the same verdicts under the lesson's text: d
# measured them, so none is "not measured yet" there.
tui_keys BTab /
check "/ opens the search in the Lesson pane" tui_wait "Enter searches, Esc cancels"
tui_keys -l "What this lesson claims"
tui_keys Enter
check "the Lesson pane's claims heading is found" tui_wait "What this lesson claims, checked on sqlite"
check "the PostgreSQL-only claim says why, unmeasured" tui_wait "– locks_pile_up: not claimed on sqlite"
check "d's verdict is under the lesson's text" tui_wait "✓ half_way: the tenants now stand on different"
check "no claim there waits to be measured" tui_lacks "not measured yet"
tui_keys /
tui_keys -l "attach_limit: 10"
tui_keys Enter
check "the last claim is found there" tui_wait "/attach_limit: 10: match 1 of 1"
check "with its verdict" tui_wait "✓ attach_limit: 10 attached; number 11 refused"
check "still none waits to be measured" tui_lacks "not measured yet"
check "nor does it send to t, which has nothing to time here" tui_lacks "Press t"
check "4 tenant files exist" [ "$(ls "$W" | grep -c '^dbp_tenant_[0-9]*\.db$')" -eq 4 ]
tui_keys x y
check "x tears it down" tui_wait "Lesson 5 torn down" 120
check "no tenant file is left" [ "$(ls "$W" | grep -c '^dbp_tenant' || true)" -eq 0 ]
tui_keys q
tui_wait "EXIT=" 10 >/dev/null

# The tour, from a fresh workdir: the shared model and its one migration,
# then the demonstration with its verdicts where the pane ends.
"$DBP_BIN" tour 5 | sed -n 's/^    says\( on sqlite\)\{0,1\}: //p' > "$SCRATCH/says"
STOPS=$(wc -l < "$SCRATCH/says")
check "lesson 5's tour has its 5 stops on SQLite" [ "$STOPS" -eq 5 ]
says() { echo "Tour $1/$STOPS: $(sed -n "${1}p" "$SCRATCH/says" | cut -d' ' -f1-4)"; }
tui_start 80 24 DBPATTERNS_WORKDIR="$SCRATCH/tour" -- --tenants 4 --tour 5
check "--tour 5 opens the screen at stop 1" tui_wait "$(says 1)"
tui_keys Space
check "stop 2's sentence" tui_wait "$(says 2)"
check "stop 2 provisions" tui_wait "Lesson 5 provisioned" 120
tui_keys Space
check "stop 3's sentence" tui_wait "$(says 3)"
check "m applies the shared model's migration" tui_wait "shared applied 002_add_note in"
tui_keys Space
check "stop 4's sentence" tui_wait "$(says 4)"
check "stop 4 runs the demonstration" tui_wait "Demo done: tenants" 300
check "whose verdicts end the pane" tui_wait "✓ attach_limit: 10 attached; number 11 refused" 20
tui_keys Space
check "stop 5's sentence" tui_wait "$(says 5)"
check "the shared model at 002" tui_wait "[x] 002_add_note"
check "the last stop" tui_wait "The last stop."
tui_keys Escape
check "Esc leaves the tour" tui_wait "Tour left at stop 5"
tui_keys q
tui_wait "EXIT=" 10 >/dev/null
