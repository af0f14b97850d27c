#!/bin/sh
# Lesson 12 on PostgreSQL: money moved between two databases.  Two
# commits lose it (the balances read back with psql); where prepared
# transactions are allowed, two-phase commit keeps it, a prepared
# transaction left behind makes a writer wait, and the demo leaves none
# behind; where max_prepared_transactions is 0, the demo shows the
# engine's refusal and how to allow them, and the claims that need them
# are skipped saying so.  The saga gives the money back.  Teardown rolls
# back a prepared transaction of ours, and refuses (changing nothing)
# while one that is not ours holds the bank's rows.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
P=$(unique_prefix)
mkdir -p "$SCRATCH/lessons"
cp -r "$DBP_SRCDIR/data/lessons/12-two-database-transaction" "$SCRATCH/lessons/"
dbl() { "$DBP_BIN" --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" "$@"; }
TEARDOWN_HOOK="dbl teardown all"
A="${P}_bank_a"
total() { echo $(( $(psql_q "SELECT sum(balance) FROM accounts" "$A") + \
	$(psql_q "SELECT sum(balance) FROM accounts" "${P}_bank_b") )); }
MAXP=$(psql_q "SHOW max_prepared_transactions")

run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" provision 12
check "lesson 12 provisions (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "the two banks hold 1650 between them" [ "$(total)" -eq 1650 ]

run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" demo 12 transfer
check "the transfer demo runs (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "bank B's cap refuses the credit, in PostgreSQL's words" contains "$OUT" "23514"
check "two commits leave the total 100 short" \
	contains "$OUT" "after both commits: total 1550, 100 missing: lost between the two commits"
check "the saga's window shows the money missing" \
	contains "$OUT" "total 1550, 100 missing: the money is in neither bank until the saga ends"
check "the compensating step restores it" contains "$OUT" "total 1650: restored by the compensating step"
check "the demo puts the balances back" [ "$(total)" -eq 1650 ]
check "  alice's own balance too" [ "$(psql_q "SELECT balance FROM accounts WHERE owner = 'alice'" "$A")" -eq 500 ]
check "no prepared transaction is left behind" [ "$(psql_q "SELECT count(*) FROM pg_prepared_xacts")" -eq 0 ]

if [ "$MAXP" -gt 0 ]; then
	check "two-phase commit rolls back both sides" contains "$OUT" "total 1650: kept: both sides rolled back"
	check "and moves the money whole when both are prepared" \
		contains "$OUT" "kept: 100 moved from alice to carol whole"
	check "the prepared transaction is listed after its session closed" \
		contains "$OUT" "pg_prepared_xacts lists it"
	check "another session's update waits for its lock until the lock_timeout (55P03)" \
		contains "$OUT" "55P03"
	check "  and is said to be held by it" contains "$OUT" "a prepared transaction left behind holds its lock"
	check "once rolled back, the same update goes through" contains "$OUT" "the same update goes through"
else
	check "with max_prepared_transactions = 0 the engine's refusal is shown (55000)" \
		contains "$OUT" "55000"
	check "  and how to allow prepared transactions" \
		contains "$OUT" "ALTER SYSTEM SET max_prepared_transactions = 10"
	check "  and moves no money by two-phase commit" lacks "$OUT" "after: total 1650: kept: both sides rolled back"
	check "  its claims beside the report are skipped, saying how to allow them" \
		contains "$OUT" "two_phase_keeps: needs prepared transactions, and max_prepared_transactions is 0 here"
fi

run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" check-lessons --live "$SCRATCH/lessons"
check "lesson 12's claims pass live (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "  lost between two commits" contains "$OUT" "✓ lost_between_commits"
check "  the saga restores" contains "$OUT" "✓ saga_restores"
check "  the SQLite claims are skipped with the reason" contains "$OUT" "attached_rolls_back: not claimed on postgres"
if [ "$MAXP" -gt 0 ]; then
	check "  two-phase commit keeps the total" contains "$OUT" "✓ two_phase_keeps"
	check "  the leftover holds its locks" contains "$OUT" "✓ prepared_holds_locks"
else
	check "  the two-phase claims are skipped, saying how to allow them" \
		contains "$OUT" "two_phase_keeps: needs prepared transactions, and max_prepared_transactions is 0 here"
fi

if [ "$MAXP" -gt 0 ]; then
	# A run cut short left a prepared part of ours on alice's row: the
	# next run rolls it back first.  Someone else's makes the demo give up
	# after its lock_timeout, in the engine's words, and is left alone.
	ID=$(cat "$DBPATTERNS_WORKDIR/workspace.id")
	psql_q "BEGIN; UPDATE accounts SET balance = balance - 100 WHERE owner = 'alice';
		PREPARE TRANSACTION 'dbpatterns-owned:$ID:$P:a'" "$A" >/dev/null
	run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" demo 12 transfer
	check "a prepared part of ours left behind is rolled back before the demo (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
	check "  saying so" contains "$OUT" "left by a run cut short: prepared transaction dbpatterns-owned:$ID:$P:a"
	check "  and the demo's figures are the usual ones" contains "$OUT" "total 1650: restored by the compensating step"
	psql_q "BEGIN; UPDATE accounts SET balance = balance WHERE owner = 'alice';
		PREPARE TRANSACTION 'users_hold_$P'" "$A" >/dev/null
	run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" demo 12 transfer
	check "another's prepared transaction in a bank stops the demo before anything moves (rc $RC)" [ "$RC" -ne 0 ]
	check "  naming it and how to finish it: $ERR" \
		contains "$ERR" "holds the prepared transaction 'users_hold_$P', which dbpatterns did not make"
	check "  and is left as it was" \
		[ "$(psql_q "SELECT count(*) FROM pg_prepared_xacts WHERE gid = 'users_hold_$P'")" -eq 1 ]
	psql_q "ROLLBACK PREPARED 'users_hold_$P'" "$A" >/dev/null
	# An open transaction of the user's on alice's row (a console left in
	# BEGIN): the debit waits out its lock_timeout, and the error says
	# what holds it.
	psql_q "UPDATE accounts SET balance = balance WHERE owner = 'alice'; SELECT pg_sleep(120)" "$A" \
		>/dev/null 2>&1 &
	HOLDER=$!
	holding() { [ "$(psql_q "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)
		WHERE l.locktype = 'transactionid' AND a.query LIKE '%pg_sleep(120)'")" -ge 1 ]; }
	i=0
	while ! holding && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	check "a session of the user's holds alice's row" holding
	run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" demo 12 transfer
	psql_q "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(120)'" >/dev/null
	wait $HOLDER
	check "a session holding alice's row stops the demo (rc $RC)" [ "$RC" -ne 0 ]
	check "  with the engine's reason: $ERR" contains "$ERR" "55P03"
	check "  and what to do about it" contains "$ERR" "another session holds that row: end its transaction"
	check "the balances are whole after both" [ "$(total)" -eq 1650 ]

	# A demo cut short: a prepared transaction of ours (its gid names our
	# workspace), then one of the user's.
	psql_q "BEGIN; UPDATE accounts SET balance = balance - 1 WHERE owner = 'alice';
		PREPARE TRANSACTION 'dbpatterns-owned:$ID:$P:left'" "$A" >/dev/null
	psql_q "BEGIN; UPDATE accounts SET balance = balance - 1 WHERE owner = 'carol';
		PREPARE TRANSACTION 'users_own_$P'" "${P}_bank_b" >/dev/null
	run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" teardown 12
	check "teardown refuses while the user's prepared transaction holds a bank's rows (rc $RC)" [ "$RC" -ne 0 ]
	check "  naming it: $ERR" contains "$ERR" "users_own_$P"
	check "  having changed nothing: ours is still prepared" \
		[ "$(psql_q "SELECT count(*) FROM pg_prepared_xacts WHERE gid LIKE 'dbpatterns-owned:%'")" -eq 1 ]
	psql_q "ROLLBACK PREPARED 'users_own_$P'" "${P}_bank_b" >/dev/null
	run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" teardown 12
	check "then teardown rolls back ours and drops the banks (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
	check "  saying so" contains "$OUT" "prepared transaction dbpatterns-owned:$ID:$P:left"
else
	run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" teardown 12
	check "teardown drops the banks (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
fi
check "no database of the lesson is left" [ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${P}_bank%'")" -eq 0 ]
check "no prepared transaction is left" [ "$(psql_q "SELECT count(*) FROM pg_prepared_xacts")" -eq 0 ]
finish
