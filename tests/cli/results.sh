#!/bin/sh
# Timings that last, on SQLite: every bench run is kept in the workdir's
# timings.db and listed by `bench --history` (text, CSV, JSON) in later
# processes; migration 003 between two runs shows before and after side by
# side in `bench --compare`; lesson 3 is set beside lesson 2; a file at
# the store's path that is not ours is refused and left byte for byte; a
# damaged store is named and the timings are printed all the same.
. "$DBP_SRCDIR/tests/lib.sh"
command -v jq >/dev/null || { not_ok "jq is not installed: the JSON checks need it (apt-get install jq)"; exit 1; }
command -v sqlite3 >/dev/null || { not_ok "sqlite3 is not installed: the CSV check reads with it"; exit 1; }
STORE="$DBPATTERNS_WORKDIR/timings.db"

run_dbp provision 1
check "lesson 1 provisions" [ "$RC" -eq 0 ]
run_dbp bench --history
check "history before any run: exit 0" [ "$RC" -eq 0 ]
check "and it says nothing is kept yet" contains "$ERR" "no timings are kept yet"
check "a reader creates no store" [ ! -e "$STORE" ]

run_dbp --reps 2 bench 1
check "first bench runs" [ "$RC" -eq 0 ] && check "and prints its timings" contains "$OUT" "feed_n_plus_1"
check "the store is made in the workdir" [ -f "$STORE" ]
run_dbp --reps 2 bench 1
check "second bench runs" [ "$RC" -eq 0 ]

# Each command is a process of its own: what history lists was read back
# from the file.
run_dbp --format json bench --history 1
check "history as JSON parses" [ "$RC" -eq 0 ] && check "two runs of two workloads each" \
	jq_is 'length == 4 and ([.[].run] | unique | length) == 2'
check "figures are numbers, server time null on SQLite" \
	jq_is 'all(.[]; (.median_ms | type) == "number" and (.p95_ms | type) == "number" and .server_ms == null)'
check "each run knows its lesson, engine, migrations, time of day and version" \
	jq_is 'all(.[]; .lesson == 1 and .engine == "sqlite" and .applied == "community:001,002" and (.at | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$")) and (.version | length) > 0)'
run_dbp bench --history
check "history in text lists both runs" [ "$(printf '%s\n' "$OUT" | grep -c ' feed_n_plus_1 ')" -eq 2 ]

run_dbp --format csv bench --history 1
printf '%s\n' "$OUT" > "$SCRATCH/history.csv"
csv_rows=$(sqlite3 :memory: ".import --csv '$SCRATCH/history.csv' h" \
	"SELECT count(*) || ' ' || count(DISTINCT run) || ' ' || sum(median_ms > 0) FROM h" 2>&1)
check "history as CSV reads back with a CSV parser: 4 rows, 2 runs, medians ($csv_rows)" \
	[ "$csv_rows" = "4 2 4" ]

# Before and after 003 (the index on comments(post_id)).
run_dbp migrate 1 up --to 3
check "003 applied" [ "$RC" -eq 0 ]
run_dbp --reps 2 bench 1
check "bench after 003" [ "$RC" -eq 0 ]
run_dbp --format json bench --history 1
check "the new run records the new migrations" jq_is '.[-1].applied == "community:001,002,003"'
run_dbp bench --compare 1
check "compare runs" [ "$RC" -eq 0 ]
check "before and after are side by side" contains "$OUT" "before: without community 003"
check "with the run after 003" contains "$OUT" "after: with community 003"
feed_after=$(printf '%s\n' "$OUT" | grep -A1 '^  feed  ' | tail -n 1)
check "the feed's row after 003 sets itself against before ($feed_after)" \
	sh -c 'printf "%s" "$1" | grep -Eq "[0-9.]+x (faster|slower)|about the same"' sh "$feed_after"
check "the legend explains p95 and the cold run" contains "$OUT" "p95: 95 of every 100"
check "and the cold run" contains "$OUT" "cold: the first run"
check "one engine only: it says so" contains "$OUT" "Only one engine has kept timings"

# Lesson 3 asks to compare with lesson 2: the same workloads by name.
run_dbp provision 2 && run_dbp provision 3
run_dbp --reps 2 bench 2 && run_dbp --reps 2 bench 3
check "lessons 2 and 3 timed" [ "$RC" -eq 0 ]
run_dbp bench --compare 3
check "lesson 3 against lesson 2: top_buyers" contains "$OUT" "top_buyers"
check "lesson 3 is the reference" contains "$OUT" "lesson 3 (this one)"
check "lesson 2 beside it" sh -c 'printf "%s\n" "$1" | grep -q "^ *\(top_buyers\)\? *lesson 2 "' sh "$OUT"

# Usage.
run_dbp bench --compare
check "--compare without a lesson is a usage error" [ "$RC" -eq 2 ]
run_dbp --format json bench --compare 1
check "--compare prints a report: --format json refused" [ "$RC" -eq 2 ]
run_dbp tables 1 --history
check "--history goes with bench only" [ "$RC" -eq 2 ] && check "and says so" contains "$ERR" "goes with bench"
run_dbp bench --history all
check "--history all is refused with a reason" [ "$RC" -eq 1 ] && check "naming it" contains "$ERR" "one lesson"

# A file of someone else's at the store's path.
export DBPATTERNS_WORKDIR="$SCRATCH/foreign"
STORE="$DBPATTERNS_WORKDIR/timings.db"
run_dbp provision 1
mkdir -p "$DBPATTERNS_WORKDIR" && printf 'my lab notes\nnot a database\n' > "$STORE"
cp "$STORE" "$SCRATCH/foreign.orig"
run_dbp --reps 2 bench 1
check "a foreign store: bench exits 1" [ "$RC" -eq 1 ]
check "but prints its timings" contains "$OUT" "feed_n_plus_1"
check "and says why they were not kept" contains "$ERR" "not a results store made by dbpatterns"
check "the foreign file is byte for byte as it was" cmp -s "$STORE" "$SCRATCH/foreign.orig"
run_dbp bench --history
check "history refuses it too" [ "$RC" -eq 1 ] && check "with the same reason" contains "$ERR" "left alone"
check "still untouched" cmp -s "$STORE" "$SCRATCH/foreign.orig"

# Our own store, damaged after its header.
export DBPATTERNS_WORKDIR="$SCRATCH/damaged"
STORE="$DBPATTERNS_WORKDIR/timings.db"
run_dbp provision 1
run_dbp --reps 2 bench 1
check "a store to damage" [ -f "$STORE" ]
dd if=/dev/urandom of="$STORE" bs=1 seek=100 count=8000 conv=notrunc 2>/dev/null
cp "$STORE" "$SCRATCH/damaged.orig"
run_dbp --reps 2 bench 1
check "a damaged store: bench exits 1" [ "$RC" -eq 1 ]
check "but prints its timings" contains "$OUT" "feed_n_plus_1"
check "and names the damage" contains "$ERR" "damaged"
check "and how to go on" contains "$ERR" "move it aside"
check "the damaged file is left as it was" cmp -s "$STORE" "$SCRATCH/damaged.orig"
mv "$STORE" "$STORE.bad"
run_dbp --reps 2 bench 1
check "moved aside, the next bench succeeds" [ "$RC" -eq 0 ]
check "and a new store keeps its run" [ -f "$STORE" ]
