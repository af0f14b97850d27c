#!/bin/sh
# Lesson 6 on SQLite: one handle shared by two requests leaks PRAGMA and
# ATTACH state; the pooler's claims are PostgreSQL's and are skipped,
# saying so; malformed pooled claims are refused with file:line.
. "$DBP_SRCDIR/tests/lib.sh"
L="$SCRATCH/lessons"
mkdir -p "$L"
cp -r "$DBP_SRCDIR/data/lessons/06-pool-leaks-tenants" "$L/"
INI="$L/06-pool-leaks-tenants/lesson.ini"

run_dbp list
check "list shows lesson 6" contains "$OUT" "pool-leaks-tenants"

run_dbp tour 6
check "lesson 6 has a tour (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ] && check "of three stops" contains "$OUT" "3 stops"

run_dbp check-lessons --live "$L"
check "check-lessons --live passes lesson 6 on SQLite (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "each tenant reads its own note on its own connection" contains "$OUT" "✓ own_connections: 1 row, measured"
check "request 2 finds the foreign keys request 1 switched off" \
	contains "$OUT" "✓ pragma_leaks: request 2 got 0, measured"
check "on one handle shared in turn" \
	contains "$OUT" "one handle shared in turn: request 1 ran PRAGMA foreign_keys = OFF; then request 2 ran PRAGMA foreign_keys and got 0"
check "request 2 finds the database request 1 attached" contains "$OUT" "✓ attach_leaks: request 2 got 1, measured"
check "the pooler's claims are skipped, saying why" \
	contains "$OUT" "– setting_leaks: not claimed on sqlite (made on postgres only)"
check "the options refusal too" contains "$OUT" "– options_refused: not claimed on sqlite (made on postgres only)"
run_dbp --format json show 6
check "the lesson it provisioned for the check is torn down" jq_is '.provisioned == false'

# A claim whose answer is wrong fails, with what request 2 got.
cp "$INI" "$SCRATCH/ini"
sed -i '/^\[claim pragma_leaks\]/,/^answer/s/^answer = 0$/answer = 1/' "$INI"
run_dbp check-lessons --live "$L"
check "a wrong answer fails the run" [ "$RC" -eq 1 ]
check "saying what request 2 got" contains "$OUT" "✗ pragma_leaks: request 2 got 0: expected 1"

# Malformed pooled claims: file:line, and nothing runs.
N=$(($(wc -l < "$SCRATCH/ini") + 2))
bad_claim() {
	cp "$SCRATCH/ini" "$INI"
	printf '%s\n' '' "$@" >> "$INI"
	run_dbp check-lessons --live "$L"
}
bad_claim '[claim x]' 'text = T' 'check = pooled' 'then = SELECT 1' 'answer = 1'
check "pooled needs its clients" contains "$ERR" "lesson.ini:$((N + 1)): [claim x] needs clients = APP APP"
check "and nothing runs" [ "$RC" -eq 1 ] && check "nothing printed" [ -z "$OUT" ]
bad_claim '[claim x]' 'text = T' 'check = pooled' 'clients = tenant_a' 'then = SELECT 1' 'answer = 1'
check "clients names two apps" contains "$ERR" "lesson.ini:$((N + 3)): clients is \"APP APP\""
bad_claim '[claim x]' 'text = T' 'check = pooled' 'clients = tenant_a nosuch' 'then = SELECT 1' 'answer = 1'
check "an unknown app is refused" contains "$ERR" "[claim x] names app \"nosuch\", which has no [app nosuch]"
bad_claim '[claim x]' 'text = T' 'check = pooled' 'clients = tenant_a tenant_b' 'then = SELECT 1'
check "pooled needs an answer or a message" contains "$ERR" "[claim x] needs answer = what client B gets"
bad_claim '[claim x]' 'text = T' 'check = rows' 'workload = own_notes' 'rows = 1' 'answer = 1'
check "answer goes with pooled only" contains "$ERR" "[claim x] answer goes with check = pooled, not rows"
bad_claim '[claim x]' 'text = T' 'check = pooled' 'clients = tenant_a tenant_b' 'then = SELECT 1' 'answer = 1' \
	'tenant_roles = maybe'
check "tenant_roles is yes or no" contains "$ERR" "tenant_roles is yes or no, not \"maybe\""
