#!/bin/sh
# Lesson 12's tour on the screen, PostgreSQL, 80x24: stops 1-3 as in
# lesson12.inc (both banks provisioned, the transfer demo's report from
# its first way, its claims judged at its end); stop 4's console finds
# alice's 500 back in bank A, stop 5's credit to bob is refused by bank
# B's cap in PostgreSQL's words.  Every screen check waits (bounded): see
# tests/lib.sh.
. "$DBP_SRCDIR/tests/lib.sh"
. "$DBP_SRCDIR/tests/tui/lesson12.inc"
need_pg
P=$(unique_prefix)
TEARDOWN_HOOK='tui_stop; "$DBP_BIN" --backend postgres --prefix "$P" teardown all'
tour12_sentences postgres

tour12_through_report --backend postgres --prefix "$P"
tui_keys Space
check "stop 4: the console finds alice's 500 back" tui_wait_re "│ alice \| +500 *\$" 60
tui_keys Space
check "stop 5: bank B's cap refuses bob's credit" tui_wait "violates check constraint" 60
tui_stop
run_dbp --backend postgres --prefix "$P" teardown 12
check "teardown after the tour (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "no prepared transaction is left" [ "$(psql_q "SELECT count(*) FROM pg_prepared_xacts")" -eq 0 ]
finish
