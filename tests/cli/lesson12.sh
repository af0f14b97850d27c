#!/bin/sh
# Lesson 12 on SQLite: two commits on two files lose the money (balances
# read back with sqlite3); one transaction over an attached file rolls
# back both files' changes, with a rollback journal beside each file
# while it is open; the saga gives the money back; the demo leaves the
# balances as they were; the claims pass, the two-phase ones listed as
# PostgreSQL's; teardown leaves no bank file.
. "$DBP_SRCDIR/tests/lib.sh"
W="$DBPATTERNS_WORKDIR"
LESSONS="$SCRATCH/lessons"
mkdir -p "$LESSONS"
cp -R "$DBP_SRCDIR/data/lessons/12-two-database-transaction" "$LESSONS/"
command -v sqlite3 >/dev/null || { not_ok "sqlite3 is not installed: apt-get install sqlite3"; exit 1; }
total() { echo $(( $(sqlite3 "$W/dbp_bank_a.db" "SELECT sum(balance) FROM accounts") + \
	$(sqlite3 "$W/dbp_bank_b.db" "SELECT sum(balance) FROM accounts") )); }

run_dbp --lessons "$LESSONS" demo 12 transfer
check "the demo refuses an unprovisioned lesson" contains "$ERR" "provision it first"
run_dbp --lessons "$LESSONS" provision 12
check "lesson 12 provisions (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "a file per bank" [ -f "$W/dbp_bank_a.db" -a -f "$W/dbp_bank_b.db" ]
check "the banks hold 1650 between them" [ "$(total)" -eq 1650 ]

run_dbp --lessons "$LESSONS" demo 12 transfer
check "the transfer demo runs (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "bank B's cap refuses the credit, in SQLite's words" contains "$OUT" "CHECK constraint failed"
check "two commits leave the total 100 short" \
	contains "$OUT" "after both commits: total 1550, 100 missing: lost between the two commits"
check "bank B's file is attached to bank A's connection" contains "$OUT" "ATTACH DATABASE '$W/dbp_bank_b.db' AS bank_b"
check "one transaction over both files: a refusal rolls back both" \
	contains "$OUT" "after ROLLBACK: total 1650: kept: rolled back in both files"
check "while it is open, each file has its rollback journal" \
	contains "$OUT" "dbp_bank_a.db-journal exists; dbp_bank_b.db-journal exists"
check "and COMMIT moves the money whole" contains "$OUT" "after COMMIT: total 1650: kept: 100 moved from alice to carol whole"
check "the saga's window shows the money missing" \
	contains "$OUT" "total 1550, 100 missing: the money is in neither bank until the saga ends"
check "the compensating step restores it" contains "$OUT" "total 1650: restored by the compensating step"
check "the demo puts the balances back" [ "$(total)" -eq 1650 ]
check "  carol's too" [ "$(sqlite3 "$W/dbp_bank_b.db" "SELECT balance FROM accounts WHERE owner = 'carol'")" -eq 200 ]
check "no journal is left beside the files" [ ! -e "$W/dbp_bank_a.db-journal" -a ! -e "$W/dbp_bank_b.db-journal" ]

run_dbp --lessons "$LESSONS" check-lessons --live "$LESSONS"
check "lesson 12's claims pass live (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "  the attached transaction rolls back both files" contains "$OUT" "✓ attached_rolls_back"
check "  the journals" contains "$OUT" "✓ attached_journals"
check "  the two-phase claims are PostgreSQL's, skipped with the reason" \
	contains "$OUT" "two_phase_keeps: not claimed on sqlite"

run_dbp --lessons "$LESSONS" teardown 12
check "teardown (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "  leaves no bank file" [ ! -e "$W/dbp_bank_a.db" -a ! -e "$W/dbp_bank_b.db" ]
finish
