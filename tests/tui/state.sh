#!/bin/sh
# The screen remembers across restarts (in the workdir): the lesson and
# pane last shown and the steps done; teardown forgets the lesson's steps;
# a lesson opens at the step to do next; one t ticks only the bench steps
# before the next step still to do; a file of that name that is not
# ours is left as it is.
. "$DBP_SRCDIR/tests/lib.sh"
STATE="$DBPATTERNS_WORKDIR/screen-state"
tui_start 100 30
check "the screen opens" tui_wait "One database, one app" 20
tui_keys p
check "p provisions lesson 1" tui_wait "Lesson 1 provisioned" 120
# A lesson key focuses the Lesson pane; two Tabs on, the Tables pane.
tui_keys 1 Tab Tab
check "the Tables pane is shown (step 2 done)" tui_wait "Enter opens a table" 20
tui_keys q
tui_wait "EXIT=" 10 >/dev/null
check "the state is kept in the workdir" grep -q "^sqlite dbp last one-db-one-app Tables$" "$STATE"
tui_start 100 30
check "a restart shows the same pane" tui_wait "Enter opens a table" 20
check "with both steps marked done in the sidebar" tui_wait_re "✓ Read the catalog" 10
tui_keys 1
check "the lesson opens at the step to do next, its heading on top" tui_wait_re "│ Step 3: Evolve the schema" 10
check "with a sign that more text follows" tui_wait "↓ more" 10
tui_keys x
tui_wait "Tear down lesson 1?" 10 >/dev/null
tui_keys y
check "x y tears the lesson down" tui_wait "Lesson 1 torn down." 60
tui_keys x
tui_wait "Tear down lesson 1?" 10 >/dev/null
tui_keys y
check "again, it says there was nothing to tear down" \
	tui_wait "Lesson 1: nothing to tear down, this workspace holds none of it." 60
tui_keys q
tui_wait "EXIT=" 10 >/dev/null
tui_start 100 30
check "after a teardown and a restart" tui_wait "One database, one app" 20
check "the lesson's steps are no longer done" tui_lacks "✓ Read the catalog"
tui_keys q
tui_wait "EXIT=" 10 >/dev/null
# One t ticks the bench step it answers, not one that waits on a migration.
tui_start 100 30 --reps 2
tui_keys 7 p
check "p provisions lesson 7" tui_wait "Lesson 7 provisioned" 120
tui_keys t
check "t times lesson 7" tui_wait "Timings done for lesson 7" 120
check "t ticks the step that times before the migration" tui_wait "✓ The owner reads past" 10
check "and leaves the one after the migration to do" tui_wait "· No tenant named, or" 10
tui_keys q
tui_wait "EXIT=" 10 >/dev/null

printf 'my own notes\n' >"$STATE"
tui_start 100 30
check "with a foreign file at that path, the screen still opens" tui_wait "One database, one app" 20
tui_keys 2 q
tui_wait "EXIT=" 10 >/dev/null
check "and the file is left exactly as it was" [ "$(cat "$STATE")" = "my own notes" ]
tui_stop
