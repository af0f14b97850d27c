#!/bin/sh
# Lesson 12's tour on the screen, PostgreSQL, 80x24: stop 2 provisions
# both banks, stop 3 runs the transfer demo and judges its claims beside
# the report, stop 4's console finds alice's 500 back in bank A, stop 5's
# credit to bob is refused by bank B's cap in PostgreSQL's words.  Every
# screen check waits (bounded): see tests/lib.sh.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
P=$(unique_prefix)
TEARDOWN_HOOK='tui_stop; "$DBP_BIN" --backend postgres --prefix "$P" teardown all'
"$DBP_BIN" tour 12 | sed -n 's/^    says on postgres: //p; s/^    says: //p' > "$SCRATCH/says"
says() { echo "Tour $1/5: $(sed -n "${1}p" "$SCRATCH/says" | cut -d' ' -f1-4)"; }

tui_start 80 24 --backend postgres --prefix "$P" --tour 12
check "--tour 12 opens at stop 1" tui_wait "$(says 1)"
tui_keys Space
check "stop 2 provisions both banks" tui_wait "Lesson 12 provisioned in" 120
tui_keys Space
check "stop 3's sentence" tui_wait "$(says 3)"
check "stop 3 runs the transfer demo" tui_wait "Demo done: transfer" 120
check "and judges the saga's claim beside its report" tui_wait "✓ saga_restores"
tui_keys Space
check "stop 4: the console finds alice's 500 back" tui_wait_re "│ alice \| +500 *\$" 60
tui_keys Space
check "stop 5: bank B's cap refuses bob's credit" tui_wait "violates check constraint" 60
tui_stop
run_dbp --backend postgres --prefix "$P" teardown 12
check "teardown after the tour (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "no prepared transaction is left" [ "$(psql_q "SELECT count(*) FROM pg_prepared_xacts")" -eq 0 ]
finish
