#!/bin/sh
# Output formats on SQLite: every --format json parses with a real JSON
# parser (jq), numbers are numbers and NULL is null; the text grid lines up
# é and 日本 by display width and shows control characters, not obeys
# them; commands that print a report refuse a table format.
. "$DBP_SRCDIR/tests/lib.sh"
command -v jq >/dev/null || { not_ok "jq is not installed: the JSON checks need it (apt-get install jq)"; exit 1; }

run_dbp provision 1
check "lesson 1 provisions" [ "$RC" -eq 0 ]
run_dbp provision 2
check "lesson 2 provisions" [ "$RC" -eq 0 ]

run_dbp --format json list
n=$(ls -d "$DBP_SRCDIR"/data/lessons/[0-9]*/ | wc -l)
check "list: JSON, lesson and counts as numbers" \
	jq_is "length == $n and"' all(.[]; (.lesson | type) == "number" and (.databases | type) == "number" and (.apps | type) == "number")'
run_dbp --format json show 2
check "show: one JSON object" jq_is 'type == "object" and .lesson == 2 and .provisioned == true'
check "show: row counts are numbers" jq_is '[.tables[].rows | type] | unique == ["number"]'
check "show: an app on the default schema has schema null" jq_is '.apps[0].schema == null and (.apps[0].url | type) == "string"'
check "show: a workload that fails on purpose says so" jq_is '[.workloads[] | select(.fails_on_purpose)] | length == 1'
run_dbp --format json show 3
check "show: a lesson not provisioned parses too" jq_is '.provisioned == false and .tables == []'
run_dbp --format json tables 2
check "tables: rows, columns, indexes, foreign keys as numbers" \
	jq_is 'length > 0 and all(.[]; ([.rows, .columns, .indexes, .foreign_keys] | map(type) | unique) == ["number"])'
run_dbp --format json migrate 1 status
check "migrate status: the version is the number 1, not \"001\"" jq_is '.[0].version == 1'
check "an applied migration's time is a number" jq_is '(.[0].duration_ms | type) == "number"'
check "a pending migration's date and time are null, not \"\"" \
	jq_is '[.[] | select(.state == "pending") | .applied_at, .duration_ms] | length > 0 and all(. == null)'
run_dbp --format json --reps 2 bench 2
check "bench: JSON that parses" [ "$RC" -eq 0 ] && check "bench: timings are numbers" \
	jq_is '[.[] | select(.workload == "feed") | .median_ms, .p95_ms, .round_trips, .rows | type] | unique == ["number"]'
check "bench: the query that fails has null timings, not \"\"" \
	jq_is '[.[] | select(.workload == "top_buyers_one_query") | .median_ms, .rows] | length > 0 and all(. == null)'
check "bench: a figure the engine does not give is null" jq_is '[.[].server_ms] | all(. == null)'
run_dbp --format json demo 2
check "demo L: the list as JSON" jq_is 'length == 2 and .[0].demo == "offline"'

# A command that prints a report does not pretend to give JSON or CSV.
run_dbp --format json provision 2
check "provision --format json is a usage error" [ "$RC" -eq 2 ]
check "that says which commands take it" contains "$ERR" "--format json goes with list, show, tables"
run_dbp --format json migrate 1 up
check "migrate up --format json too" [ "$RC" -eq 2 ]
run_dbp --format csv show 2
check "show has no CSV form" [ "$RC" -eq 2 ]
run_dbp --format csv migrate 1 status
check "migrate status as CSV: the version as a number" contains "$OUT" "community,1,create_tables,applied,"
check "and a pending one's empty fields" contains "$OUT" "community,4,add_user_bio,pending,,"

# Text: one grid lays out display columns (é one, 日本 two each, a
# combining accent none), so every line of `list` is as wide as the next.
rm -rf "$SCRATCH/l"
mkdir -p "$SCRATCH/l"
cp -r "$DBP_SRCDIR/data/lessons/_shared" "$DBP_SRCDIR/data/lessons/01-one-db-one-app" \
	"$DBP_SRCDIR/data/lessons/02-several-dbs-one-app" "$SCRATCH/l/"
ESC=$(printf '\033') ACUTE=$(printf '\314\201')
sed -i "s/^title = One database, one app\$/title = Café é, e${ACUTE}tude/" "$SCRATCH/l/01-one-db-one-app/lesson.ini"
sed -i "s/^title = Several databases, one app\$/title = 日本のアプリ ${ESC}[31mred/" "$SCRATCH/l/02-several-dbs-one-app/lesson.ini"
run_dbp --lessons "$SCRATCH/l" list
check "list shows the titles as they are" contains "$OUT" "Café é, e${ACUTE}tude"
check "with a control character shown as its picture" contains "$OUT" "日本のアプリ ␛[31mred"
check "and never sent" lacks "$OUT" "$ESC"
widths=$(printf '%s\n' "$OUT" | while IFS= read -r line; do printf '%s' "$line" | wc -L; done | sort -u)
check "every line has the same display width (é and 日本 line up): $(echo $widths)" \
	[ "$(printf '%s\n' "$widths" | wc -l)" -eq 1 ]
check "numbers are right-aligned under their header" sh -c 'printf "%s\n" "$1" | grep -q "^ *2  several-dbs-one-app  日本"' _ "$OUT"
run_dbp --lessons "$SCRATCH/l" --format json list
check "the same titles in JSON, escaped" jq_is '.[1].title == "日本のアプリ \u001b[31mred"'
