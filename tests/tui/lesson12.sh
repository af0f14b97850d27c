#!/bin/sh
# Lesson 12's tour on the screen, SQLite, 80x24: stops 1-3 as in
# lesson12.inc; stop 5 shows bank B's cap refusing bob's credit in
# SQLite's words.  Every screen check waits (bounded): see tests/lib.sh.
. "$DBP_SRCDIR/tests/lib.sh"
. "$DBP_SRCDIR/tests/tui/lesson12.inc"
TEARDOWN_HOOK='tui_stop; "$DBP_BIN" teardown all'
tour12_sentences sqlite

tour12_through_report
tui_keys Space Space
check "stop 5: bank B's cap refuses bob's credit" tui_wait "CHECK constraint failed" 60
tui_stop
run_dbp teardown 12
check "teardown after the tour (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
finish
