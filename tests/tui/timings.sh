#!/bin/sh
# Timings last: every run is kept in the workdir's results store, and the
# Timings pane shows them side by side: lesson 1's feed before and after
# migration 003 (which indexes comments.post_id), after a lesson switch
# and after a restart.
. "$DBP_SRCDIR/tests/lib.sh"
tui_start 120 50 -- --reps 3
check "the screen opens" tui_wait "One database, one app" 20
tui_keys p
check "p provisions lesson 1" tui_wait "Lesson 1 provisioned" 120
tui_keys t
check "t times the lesson" tui_wait "Timings done for lesson 1" 300
check "the claims are checked on the engine" tui_wait_re "claims on sqlite: [0-9]+ hold, 0 fail" 60
tui_keys e
check "e shows each workload's SQL" tui_wait "WHERE p.id = :id" 60
check "its answer's first rows" tui_wait "The answer: 100 rows in 101 queries" 10
check "and the plan: a scan of comments per post before 003" tui_wait_re "SCAN c( |$)" 10
tui_keys e
tui_keys m
check "m applies 003" tui_wait "003_index_foreign_keys" 60
tui_keys t
check "t times it again" tui_wait "Timings done for lesson 1" 300
check "the pane shows the feed before 003" tui_wait_re "feed +before: without community 003" 20
check "and after it" tui_wait_re "after: with community 003 .* (faster|slower|about the same)" 20
check "with a legend for median and p95" tui_wait "median: the middle timed run" 20
# The claims that compare 002 with 003 wait: the screen never migrates on
# its own to measure them (check-lessons --live does, in its own run).
check "after 003 no claim fails" tui_wait_re "claims on sqlite: [1-9][0-9]* hold, 0 fail" 60
tui_keys 2 1
check "back on lesson 1 after a switch" tui_wait "One database, one app" 20
# A lesson key focuses the Lesson pane; two Shift-Tabs back, Timings.
tui_keys BTab BTab
check "the kept timings are still side by side" tui_wait_re "feed +before: without community 003" 20
tui_keys BTab BTab BTab BTab G
check "the Lesson pane marks the N+1 claim with its measured factor" tui_wait_re "✓ n_plus_1: .* is [0-9.]+x slower" 20
check "and says such a claim compares its own fastest runs, not the pane's medians" \
	tui_wait "A 'slower' claim compares the fastest runs, not the medians" 10
tui_keys q
tui_wait "EXIT=" 10 >/dev/null
# Each check's verdicts are kept for the session report, with the steps
# the screen marked done (written as it quits).
check "the screen keeps its claim verdicts" \
	[ "$(sqlite3 "$DBPATTERNS_WORKDIR/timings.db" "SELECT count(*) FROM claims WHERE source = 'screen'")" -gt 0 ]
run_dbp report --output "$SCRATCH/report"
check "the report names a step done on the screen" \
	grep -q '^- \[x\] 1. Provision the community database' "$SCRATCH/report/dbpatterns-report.md"
check "and the claims the screen checked" grep -q '| screen |$' "$SCRATCH/report/dbpatterns-report.md"
tui_start 120 50
check "a new screen opens" tui_wait "One database, one app" 20
# It opens on the pane it was left on, the Lesson pane; Timings is 4 on.
tui_keys Tab Tab Tab Tab
check "its Timings pane shows the kept runs from before the restart" \
	tui_wait_re "feed +before: without community 003" 20
tui_keys q
tui_wait "EXIT=" 10 >/dev/null
tui_stop
