#!/bin/sh
# Lesson 11 on SQLite: list shows it; check-lessons --live runs its claims
# on a copy of the lesson alone, the stand-in's verdicts as the lesson says
# them and the PostgreSQL-only ones skipped with the reason; the demo makes
# a file per shard that holds its share of the users, keeps its timings
# in the results store, and teardown takes every file away.
. "$DBP_SRCDIR/tests/lib.sh"
mkdir -p "$SCRATCH/lessons"
cp -r "$DBP_SRCDIR/data/lessons/11-shards" "$SCRATCH/lessons/"
dbp() { "$DBP_BIN" --lessons "$SCRATCH/lessons" "$@"; }
W="$DBPATTERNS_WORKDIR"

run_dbp list
check "list shows lesson 11" contains "$OUT" "11  shards"

run_dbp --lessons "$SCRATCH/lessons" check-lessons --live "$SCRATCH/lessons"
check "check-lessons --live passes on SQLite (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
for c in view_cannot_route fanout_every_file join_across_files files_not_servers; do
	check "claim $c passes" contains "$OUT" "✓ $c:"
done
for c in rows_sent_to_shards keyed_one_shard fanout_every_shard join_across_shards one_server_one_fate \
	live_shard_answers down_shard_fails fanout_fails_down join_fails_down; do
	check "claim $c is skipped, saying why" contains "$OUT" "– $c: not claimed on sqlite (made on postgres only)"
done
check "check-lessons left no shard file behind" [ -z "$(ls "$W" | grep shard_)" ]

dbp provision 11 >/dev/null
run_dbp --lessons "$SCRATCH/lessons" demo 11 shards
check "the demo runs (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "through the view, a lookup by id reads every file" \
	contains "$OUT" "the lookup by id 1, through the view, reached every shard (3 of 3 files in its plan)"
check "the report says what the stand-in is not" contains "$OUT" "no servers, no network between them"
check "the questions are shown side by side" contains "$OUT" "The questions side by side (client wall time)"
check "  each row's figures before its question, so a narrow pane cuts the question, not them" \
	sh -c 'printf "%s\n" "$1" | grep -Eq "^ +[0-9]+\.[0-9]{2} +[0-9]+\.[0-9]{2}  One user by id, through the view$"' _ "$OUT"
total=0
for i in 1 2 3; do
	n=$(sqlite3 "$W/dbp_shard_$i.db" "SELECT count(*) FROM users")
	check "shard file $i holds some users, not all (${n:-none})" [ "${n:-0}" -gt 0 ] && [ "${n:-0}" -lt 6000 ]
	total=$((total + ${n:-0}))
done
check "the three files hold the 6,000 users between them ($total)" [ "$total" = 6000 ]
run_dbp --lessons "$SCRATCH/lessons" --format csv bench 11 --history
for w in shard_keyed shard_fanout shard_join; do
	check "the results store keeps $w" contains "$OUT" ",$w,"
done
sqlite3 "$W/dbp_shard_1.db" "CREATE VIEW mine AS SELECT id FROM users"
run_dbp --lessons "$SCRATCH/lessons" teardown 11
check "a view of the user's in a shard file stops the teardown (rc $RC)" [ "$RC" -ne 0 ]
check "naming it" contains "$ERR" "dbp_shard_1 holds view mine, which dbpatterns did not create"
check "and nothing is dropped" [ -e "$W/dbp_shard_2.db" ] && [ -e "$W/dbp_coordinator_db.db" ]
sqlite3 "$W/dbp_shard_1.db" "DROP VIEW mine"
run_dbp --lessons "$SCRATCH/lessons" teardown 11
check "teardown removes lesson 11 (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "and every shard file with it" [ -z "$(ls "$W" | grep shard_)" ]

# Bad input: a clear message, never a crash.
run_dbp --shard a --shard b --shard c --shard d list
check "a fourth --shard is refused (rc $RC)" [ "$RC" -eq 2 ] && contains "$ERR" "at most 3 shards"
run_dbp --shard '' list
check "an empty --shard is refused (rc $RC)" [ "$RC" -eq 2 ] && contains "$ERR" "a shard's DSN may not be empty"
mkdir -p "$XDG_CONFIG_HOME/dbpatterns"
printf '[dbpatterns]\nshard1 = host=a\nshard4 = host=b\n' > "$SCRATCH/shards.ini"
run_dbp --config "$SCRATCH/shards.ini" list
check "a config key shard4 is refused, naming the line" contains "$ERR" "shards.ini:3: unknown key \"shard4\""
dbp provision 11 >/dev/null
run_dbp --lessons "$SCRATCH/lessons" --shard 'host=a' demo 11 shards
check "one --shard is refused: it is not sharding" contains "$ERR" "one --shard is not sharding"
run_dbp --lessons "$SCRATCH/lessons" --shard 'host=a' --shard 'host=b' demo 11 shards
check "--shard on SQLite is refused, saying why" contains "$ERR" "--shard names PostgreSQL servers"
run_dbp --lessons "$SCRATCH/lessons" --shard 'host=a' --shard 'host=b' teardown 11
check "teardown on SQLite ignores --shard (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]

# A shards demo missing what it needs, or shard keys on another kind, is
# refused when the lesson loads.
L11="$SCRATCH/lessons/11-shards"
broken() {
	rm -rf "$SCRATCH/b"; mkdir -p "$SCRATCH/b"; cp -R "$L11" "$SCRATCH/b/"
	printf '%s\n' "$@" >> "$SCRATCH/b/11-shards/lesson.ini"
	run_dbp check-lessons "$SCRATCH/b"
}
broken '[demo lacking]' 'kind = shards' 'title = T' 'app = coordinator' 'probe = SELECT 1'
check "a shards demo without its keys is refused, naming them" \
	contains "$ERR$OUT" "kind shards needs app, shard_schema, fill.sqlite, fill.postgres, fanout and join"
broken '[demo offline2]' 'kind = offline' 'title = T' 'database = coordinator_db' 'probe = SELECT 1' 'fanout = SELECT 1'
check "fanout on another kind is refused" contains "$ERR$OUT" "shard_schema, fill, fanout and join go with kind = shards"
broken '[demo twice]' 'kind = shards' 'title = T' 'app = coordinator' 'probe = SELECT 1' 'fanout = SELECT 1' \
	'join = SELECT 1' 'fill.sqlite = SELECT 1' 'fill.postgres = SELECT 1' 'shard_schema = ../../etc/passwd'
check "a shard_schema outside the lesson is refused (rc $RC)" [ "$RC" -ne 0 ]
