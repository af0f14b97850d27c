#!/bin/sh
# The real binary in tmux: walk lessons 1 to 4, the collision, the two users
# tables, the help overlay, a resize to 20x6 and back, and quitting.
# Every screen check waits (bounded) for what it asserts: see tests/lib.sh.
. "$DBP_SRCDIR/tests/lib.sh"

tui_start 80 24
check "the first frame shows the lessons" tui_wait "One database, one app"
check "and the narrative" tui_wait "Most projects start here"
# The sidebar cuts the path: its start is enough.
check "and where the data lives" tui_wait "sqlite $(printf '%.13s' "$DBPATTERNS_WORKDIR")"

before=$(tui_cpu_ticks); sleep 2; after=$(tui_cpu_ticks)
idle() { [ -n "$before" ] && [ -n "$after" ] && [ $((after - before)) -le 1 ]; }
check "idle, it uses no CPU (ticks ${before:-?} -> ${after:-?})" idle

tui_keys '?'
check "? opens the help overlay from the action table" tui_wait "apply next migration"
tui_keys Space Space
check "at 80x24 every key is on its three pages, whole, quit included" tui_wait "q/F10       quit"
tui_keys Escape
check "any other key closes it" tui_gone "any other key closes"

# Lesson 1: provision, tables, a migration and its rollback, timings.
tui_keys p
check "p provisions lesson 1" tui_wait "Lesson 1 provisioned in"
check "the sidebar ticks the step" tui_wait "✓ Provision the commun"
check "and points at the next" tui_wait "> Read the catalog"
check "the topology draws database, then tables" tui_wait "└── users (5000 rows)"
check "and which app uses the database" tui_wait "dbp_community  <- community"
tui_keys Tab
row() { printf '%-30s %9s' "$1" "$2"; }   # a table's line in the Tables pane
check "Tab moves to the Tables pane" tui_wait "$(row users 5000)"
tui_keys m
check "m applies the next migration" tui_wait "community applied 003_index_foreign_keys"
check "and shows what changed" tui_wait "comments_post_id_idx (post_id)"
tui_keys u
check "u rolls it back" tui_wait "community rolled back 003_index_foreign_keys"
check "with the reverse change" tui_wait "- index dbp_community.main.posts:"
tui_keys t
check "t times the workloads" tui_wait "Timings done for lesson 1" 60
check "with the queries side by side (SQLite has no round trip)" tui_wait "101 queries"
check "every step of lesson 1 is ticked" tui_wait "✓ One join against N+1"

# Lesson 3: the collision, with the engine's words and nothing changed.
tui_keys 3 p
check "lesson 3 provisions" tui_wait "Lesson 3 provisioned in"
tui_keys a a
check "a chooses the books app" tui_wait "m and u now act on books"
tui_keys m
check "the collision shows the engine's error" tui_wait "table users already exists"
check "and that nothing changed" tui_wait "What changed in the catalog: nothing"

# Lesson 4: two tables called users.  Lesson 3's error stays with it: the
# status line names the lesson now open, and its pane is not headed by it.
tui_keys 4
check "the status line names lesson 4, its error gone" tui_wait_re "^ Lesson 4: One database, a schema per app"
check "nor does lesson 3's error head lesson 4's pane" tui_lacks "table users already exists"
tui_keys p
check "lesson 4 provisions" tui_wait "Lesson 4 provisioned in"
tui_keys Tab
check "the books schema has users" tui_wait "$(row users 1000)"
check "and so does the community schema" tui_wait "$(row users 5000)"

# Open a table: columns, then a page of rows found by the key.
tui_keys j j j Enter
check "Enter opens the selected table" tui_wait "dbp_big_db.dbp_community.users  5000 rows"
check "with its columns" tui_wait_re "username +TEXT +not null"
check "and its primary key, which SQLite keeps as the rowid (never null)" tui_wait_re "id +INTEGER +not null +primary key"
check "and its first page of rows" tui_wait "Rows 1 to 100 of 5000"
check "the rows themselves" tui_wait "| user1    | user1@example.org"
tui_keys PageDown
check "PgDn fetches the next page" tui_wait "Rows 101 to 200 of 5000"
tui_keys Right Right
check "Right scrolls sideways" tui_wait "| 2025-01-01"
tui_keys Escape
check "Esc goes back to the list" tui_wait "Enter opens a table"
# A mouse click (xterm protocol) on lesson 2 in the sidebar, row 3.
tui_keys -H 1b 5b 4d 20 24 23 1b 5b 4d 23 24 23
check "a click selects a lesson" tui_wait "Provision two databa"
tui_keys 4
check "4 goes back to lesson 4" tui_wait "Joining across schem"

# The SQL console on the books app's connection, then an error.
tui_keys s Tab Tab
check "s opens the console on an app's own session" tui_wait "books's own session on sqlite"
# The line ends at the prompt: empty (the cursor is drawn on the line under it).
check "the prompt names the app" tui_wait_re "books=> *(│|$)"
check "and the schemas in lookup order" tui_wait_re "schemas, in lookup order: main"
tui_keys -l "SELECT name, library_card FROM users ORDER BY id LIMIT 3"
tui_keys Enter
check "the result grid shows the rows" tui_wait "Reader 2 | CARD-100002"
check "with the row count and time" tui_wait "(3 rows,"
tui_keys -l "SELECT nosuch FROM users"
tui_keys Enter
check "an error shows the engine's words" tui_wait "! no such column: nosuch"
tui_keys -l "SELECT char(27) || '[2J' || char(7) || 'after' AS x"
tui_keys Enter
check "control characters in data are shown, not obeyed" tui_wait "␛[2J␇after"
tui_keys Up Up Up
check "Up recalls the history" tui_wait_re "books=> .*FROM users ORDER BY id LIMIT 3 *(│|$)"
tui_keys C-u
check "Ctrl-U clears the line" tui_wait_re "books=> *(│|$)"
tui_keys -l "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
tui_keys Enter
check "a query that never ends shows it is running" tui_wait_re "running.*\(Esc cancels\)"
tui_keys Escape
check "Esc cancels it with the engine's words" tui_wait "! interrupted  (cancelled with Esc)"
tui_keys Escape

# Resize below the minimum, through odd sizes, and back.
tui_resize 20 6
check "a tiny terminal is told how big it must be" tui_wait "at least 60x15"
for size in "1 1" "59 15" "60 14" "60 15" "200 60" "61 16"; do
	tui_resize $size
	sleep 0.2
done
check "it survives 1x1 to 200x60" tui_wait_re "^ dbpatterns.* \? help  q quit"
tui_resize 80 24
check "back to normal after a resize" tui_wait "dbpatterns: how applications"

# r's line must be new: the earlier provisioning's is gone by now.
check "the status line has moved on from the last provisioning" tui_gone "Lesson 4 provisioned in"
tui_keys r
check "r asks first" tui_wait "Reset lesson 4: tear down, provision?" 10
tui_keys y
check "r then y resets the lesson: torn down and provisioned again" tui_wait "Lesson 4 provisioned in"
# Keys typed while an action runs are replayed, but not one that drops:
# t runs a while; the x and y typed meanwhile must not tear down.
tui_keys t x y
check "x typed during an action is said, not done" tui_wait "x was typed while an action ran, so it was not done" 120
check "the lesson is still provisioned" tui_lacks "torn down"
tui_keys q
check "q quits cleanly" tui_wait "EXIT=0"
tui_stop

# A wider terminal: lesson 2's client-side join and the cross-database error.
tui_start 120 40
tui_keys 2 p
check "120x40: lesson 2 provisions" tui_wait "Lesson 2 provisioned in"
tui_keys t
check "t starts the timings, Esc can cancel them" tui_wait "(Esc cancels)"
tui_keys Escape
check "Esc cancels a timing run" tui_wait "Timings cancelled for lesson 2"
check "and says which run stopped" tui_wait "(cancelled)"
tui_keys t
check "the timings finish" tui_wait "Timings done for lesson 2" 60
check "the cross-database query fails with the engine's words" tui_wait "no such table: dbp_service_community_db.users"
check "a refusal the lesson expects, said as one" tui_wait "refused, as the lesson expects: no such table"
check "the client-side join took two queries" tui_wait "2 conn (0"
tui_keys d
check "d runs the first demonstration" tui_wait "Demo: Take the shop's database offline"
check "the community keeps answering" tui_wait "+ community (service_community_db): still answers"
check "the shop is refused" tui_wait "database is locked"
# t after d leaves d's verdicts alone: it does not judge those claims.
tui_keys t
check "t times lesson 2 again" tui_wait "Timings done for lesson 2" 60
tui_keys 1 2 /
check "the Lesson pane's search opens" tui_wait "Enter searches, Esc cancels"
tui_keys -l "community_answers_offline:"
tui_keys Enter
check "d's verdict is still there after t" tui_wait "✓ community_answers_offline: "
check "t did not put its 'leave it to d' in its place" tui_lacks "d runs demo offline and checks"
tui_keys F10
check "F10 quits too" tui_wait "EXIT=0"
tui_stop

# A wide terminal (a projector): two panes side by side.
tui_start 200 45
tui_keys 1
check "200x45: lesson 1 is provisioned from before" tui_wait "✓ Provision the commun"
tui_keys Tab Tab m
check "the migration's diff on the left" tui_wait "What changed in the catalog"
check "and the live tables beside it" tui_wait "What the engine's catalog holds"
tui_keys u q
check "quits" tui_wait "EXIT=0"
tui_stop

# No colour, no UTF-8: ASCII drawing still reads.
tui_start 80 24 LANG=C LC_ALL=C NO_COLOR=1
check "outside UTF-8 the separator is ASCII" tui_wait "One database, one app |"
tui_keys q
check "and it quits" tui_wait "EXIT=0"
tui_stop
# A terminal without colours (vt100): attributes instead, still readable.
tui_start 80 24 TERM=vt100 LANG=C.UTF-8
check "a monochrome terminal shows the screen" tui_wait "One database, one app"
tui_keys q
check "and quits" tui_wait "EXIT=0"
tui_stop
TERM=dumb "$DBP_BIN" </dev/null >/dev/null 2>"$SCRATCH/dumb"
check "TERM=dumb is refused with a pointer to the commands" grep -q "use the commands instead" "$SCRATCH/dumb"
