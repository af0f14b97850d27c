#!/bin/sh
# Lesson 11's tour on the screen, PostgreSQL, 80x24: provisioning leaves
# the coordinator's users empty; the demo spreads them over three shards
# (databases on this server) and its claims are judged beside its report;
# the console then counts every user through the coordinator, and the
# Tables pane counts them too.  Every screen check waits (bounded): see
# tests/lib.sh.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
P=$(unique_prefix)
TEARDOWN_HOOK='tui_stop; "$DBP_BIN" --backend postgres --prefix "$P" teardown all'
"$DBP_BIN" tour 11 | sed -n 's/^    says on postgres: //p; s/^    says: //p' > "$SCRATCH/says"
says() { echo "Tour $1/5: $(sed -n "${1}p" "$SCRATCH/says" | cut -d' ' -f1-4)"; }
# answer COLUMN VALUE: the console's answer, VALUE under COLUMN.
answer() { tui_wait_re "│ $1 *\$" 60 && tui_wait_re "│ +$2 *\$" 60; }

tui_start 80 24 --backend postgres --prefix "$P" --tour 11
check "--tour 11 opens at stop 1" tui_wait "$(says 1)"
tui_keys Space
check "stop 2 provisions" tui_wait "Lesson 11 provisioned in" 120
check "with the coordinator's users empty" tui_wait_re "└── users \(0 rows\)"
tui_keys Space
check "stop 3's sentence" tui_wait "$(says 3)"
check "stop 3 runs the shards demo" tui_wait "Demo done: shards" 300
check "and brings the report to the shards' shares, where the sentence starts" \
	tui_wait "each shard holds its own share of the users"
tui_keys G
check "its claims judged beside the report, the last with a shard down" \
	tui_wait "✓ join_fails_down: with shard_2 down"
tui_keys Space
check "stop 4's sentence" tui_wait "$(says 4)"
check "the console counts every user through the coordinator" answer users 6000
tui_keys Space
check "stop 5's sentence" tui_wait "$(says 5)"
check "the Tables pane counts them too" tui_wait_re "users +6000"

# The console's session holds postgres_fdw connections to every shard:
# x must still drop each shard's database, then the coordinator's.
tui_keys Escape
check "the tour is left" tui_gone "Tour 5/5"
tui_keys x y
check "x tears lesson 11 down, console session and all" tui_wait "Lesson 11 torn down" 120
check "no database of lesson 11 is left" \
	[ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${P}\\_%'")" = 0 ]
