#!/bin/sh
# Tours as data: `dbpatterns tour L` lists a lesson's stops (what each does
# and says, both engines' sentences where they differ); --tour is refused
# beside a command; check-lessons refuses a broken tour with file:line
# (unknown action, empty sentence, bad pane, unknown app or demo, a figure
# written into a sentence, a statement without sql, stops out of order).
. "$DBP_SRCDIR/tests/lib.sh"
LESSONS="$DBP_SRCDIR/data/lessons"

run_dbp tour 1
check "tour 1 lists the stops (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
check "with their number" contains "$OUT" "11 stops; dbpatterns --tour 1 plays it"
check "what a stop does" contains "$OUT" " 2  does: provision"
check "several actions in order" contains "$OUT" " 8  does: workloads, timings"
check "the statement a stop runs" contains "$OUT" "runs: SELECT count(*) AS comments FROM comments"
check "the sentence it shows" contains "$OUT" "says: m applies migration 003: the Migrations pane shows its SQL"
run_dbp tour one-db-many-apps
check "a lesson by its slug, with an app chosen" contains "$OUT" " 5  does: app books"
run_dbp tour 4
check "a sentence per engine where they differ" contains "$OUT" "says on postgres: The Timings pane shows"
check "both of them" contains "$OUT" "says on sqlite: The Timings pane shows"
run_dbp tour 8
check "lesson 8 has a tour of 9 stops" contains "$OUT" "9 stops; dbpatterns --tour 8 plays it"
check "whose migration stop says what each engine does" contains "$OUT" "says on postgres: m tries the shop's import"
run_dbp tour 12
check "the text a stop brings the pane to" contains "$OUT" "shows: 1. Two commits, one after the other"
run_dbp tour 11
check "  per engine where the reports differ" contains "$OUT" "shows on sqlite: the lookup by id 1, through the view"
check "  both of them" contains "$OUT" "shows on postgres: each shard holds its own share of the users"
run_dbp tour 99
check "an unknown lesson fails" [ "$RC" -eq 1 ] && check "naming the real ones" contains "$ERR" "no lesson \"99\""
run_dbp --format json tour 1
check "tour prints a report, not a table: --format json is refused" [ "$RC" -eq 2 ]
run_dbp --tour 1 --lesson 2
check "--tour with --lesson is a usage error" [ "$RC" -eq 2 ] &&
	check "saying the tour chooses" contains "$ERR" "--tour 1 starts at the tour's first stop; it goes without --lesson and --step"
run_dbp --tour 1 --step 3
check "--tour with --step too" [ "$RC" -eq 2 ]
run_dbp --tour 1 list
check "--tour with a command is a usage error" [ "$RC" -eq 2 ] &&
	check "saying why" contains "$ERR" "--tour opens the screen; it goes with no command"

# Lesson 1 without its tour, then a broken one appended.
mk_lessons() {
	rm -rf "$SCRATCH/l"; mkdir -p "$SCRATCH/l"
	cp -r "$LESSONS/_shared" "$LESSONS/01-one-db-one-app" "$LESSONS/02-several-dbs-one-app" "$SCRATCH/l/"
	sed -i '/^; The tour/,$d' "$L1"
}
L1="$SCRATCH/l/01-one-db-one-app/lesson.ini"
mk_lessons
run_dbp --lessons "$SCRATCH/l" tour 1
check "a lesson without a tour says so" [ "$RC" -eq 1 ] && check "in words" contains "$ERR" "lesson 1 has no tour"
N=$(wc -l < "$L1")
bad_tour() {
	mk_lessons
	printf '%s\n' "$@" >> "$L1"
	run_dbp check-lessons "$SCRATCH/l"
}
bad_tour '[stop 1]' 'say = S' 'do = provision, dance'
check "an unknown action is refused with its line" \
	contains "$ERR" "lesson.ini:$((N + 3)): unknown action \"dance\" in do (pane NAME, provision"
check "and check-lessons fails" [ "$RC" -eq 1 ]
check "the other lesson is still checked" contains "$ERR" "lesson 2 (several-dbs-one-app) is valid"
bad_tour '[stop 1]' 'say = S' 'do = provision' 'show ='
check "an empty show is refused with its line" \
	contains "$ERR" "lesson.ini:$((N + 4)): show may not be empty: it is the text the pane is brought to"
bad_tour '[stop 1]' 'say =' 'do = provision'
check "an empty sentence is refused with its line" \
	contains "$ERR" "lesson.ini:$((N + 2)): say may not be empty: it is the sentence shown at this stop"
bad_tour '[stop 1]' 'say = S' 'do = pane timing'
check "a pane the screen lacks is refused" \
	contains "$ERR" "lesson.ini:$((N + 3)): pane \"timing\" is not a pane of the screen (lesson, topology"
bad_tour '[stop 1]' 'say = S' 'do = pane'
check "pane without a name is refused" contains "$ERR" "lesson.ini:$((N + 3)): \"pane\" needs a name"
bad_tour '[stop 1]' 'say = S' 'do = migrate community'
check "a name after an action that takes none is refused" contains "$ERR" "\"migrate\" takes no name"
bad_tour '[stop 1]' 'do = provision'
check "a stop without a sentence is refused at the stop's line" \
	contains "$ERR" "lesson.ini:$((N + 2)): [stop 1] needs say = the sentence shown at this stop"
bad_tour '[stop 1]' 'say.postgres = S' 'do = provision'
check "a sentence missing for one engine is named" contains "$ERR" "[stop 1] needs say = the sentence shown at this stop (or say.sqlite)"
bad_tour '[stop 1]' 'say = S' '' '[stop 2]' 'say = S' 'do = app books'
check "an app the lesson lacks is refused" \
	contains "$ERR" "lesson.ini:$((N + 5)): [stop 2] names app \"books\", which has no [app books]"
bad_tour '[stop 1]' 'say = S' 'do = sql community'
check "sql without a statement is refused" contains "$ERR" "[stop 1] runs sql but has no statement = SQL"
bad_tour '[stop 1]' 'say = S' 'statement = SELECT 1'
check "a statement nothing runs is refused" contains "$ERR" "[stop 1] has a statement but no \"sql APP\""
bad_tour '[stop 1]' 'say = S' 'do = demo'
check "a demo in a lesson without demos is refused" contains "$ERR" "[stop 1] runs a demo, but the lesson has no [demo NAME]"
bad_tour '[stop 1]' 'say = The join is 20 times faster.'
check "a figure written into a sentence is refused" \
	contains "$ERR" "lesson.ini:$((N + 2)): say states a figure (\"20 times\"); a tour's sentence points at the figure"
bad_tour '[stop 1]' 'say = It took 3.5 ms.'
check "a time too" contains "$ERR" "say states a figure (\"3.5 ms\")"
bad_tour '[stop 1]' 'say = S' '' '[stop 3]' 'say = S'
check "stops out of order are refused" contains "$ERR" "lesson.ini:$((N + 5)): stops must be numbered 1, 2, 3... in order"
bad_tour '[tour]' 'title = T'
check "a tour without stops is refused" contains "$ERR" "lesson.ini:$((N + 2)): [tour] has no stops"
bad_tour '[stop 1]' 'say = S' 'go = provision'
check "an unknown key is refused" contains "$ERR" "unknown key \"go\" in [stop 1] (say, say.sqlite, say.postgres, do, statement, show, show.sqlite, show.postgres)"

# Lesson 2 names its demos: an unknown one is refused.
mk_lessons
sed -i 's/^do = demo offline$/do = demo offlne/' "$SCRATCH/l/02-several-dbs-one-app/lesson.ini"
run_dbp check-lessons "$SCRATCH/l"
check "an unknown demo is refused" contains "$ERR" "names demo \"offlne\", which has no [demo offlne]"
