#!/bin/sh
# Lesson 7's tour on the screen, PostgreSQL, 80x24: as an ordinary role (a
# class student, the table's owner) the console's count of notes drops to
# tenant 2's once migration 004 forces the policy, and the Migrations pane
# says the rows are hidden from it since; as the superuser the same count
# stays at every note.  Every screen check waits (bounded): see tests/lib.sh.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
P=$(unique_prefix)
C=$(unique_prefix)c
TEARDOWN_HOOK='tui_stop; "$DBP_BIN" --backend postgres --prefix "$P" teardown all;
	[ -s "$SCRATCH/s1.cmd" ] && as_student teardown all; "$DBP_BIN" --backend postgres class drop --class "$C"'
"$DBP_BIN" tour 7 | sed -n 's/^    says on postgres: //p; s/^    says: //p' > "$SCRATCH/says"
says() { echo "Tour $1/7: $(sed -n "${1}p" "$SCRATCH/says" | cut -d' ' -f1-4)"; }
# answer COLUMN VALUE: the console's answer under the statement's own
# column name (stops 3 and 5 name theirs apart), VALUE on the next line.
answer() { tui_wait_re "│ $1 *\$" 60 && tui_wait_re "│ +$2 *\$" 60; }
SLOW=300

check "class create 1 makes a student" class_of_one "$C"

# As the student.  tui_start takes the arguments as they are: the printed
# command line is read into them first.
eval "set -- $(cat "$SCRATCH/s1.cmd")"
tui_start 80 24 DBPATTERNS_WORKDIR="$SCRATCH/work-s1" -- --reps 2 "$@" --tour 7
check "--tour 7 opens at stop 1" tui_wait "$(says 1)"
check "stop 1 provisions" tui_wait "Lesson 7 provisioned in" 120
tui_keys Space
check "stop 2 names tenant 2 in the console" tui_wait "notes=> SET app.tenant = '2'"
tui_keys Space
check "stop 3's sentence" tui_wait "$(says 3)"
check "without FORCE the owner counts every note" answer before_force 3000
tui_keys Space
check "stop 4 applies 004" tui_wait "notes applied 004_force_policy" 120
check "and the catalog's count of notes is hidden since" tui_wait "-> hidden"
tui_keys Space
check "stop 5's sentence" tui_wait "$(says 5)"
check "with FORCE the owner counts tenant 2's notes only" answer after_force 1000
tui_keys Space
check "stop 6 times the workloads" tui_wait "Timings done for lesson 7" "$SLOW"
tui_keys Space
check "stop 7 runs the SET of a workload instead of explaining it" \
	tui_wait "(it sets the session for the steps after it: run,"
tui_stop

# As the superuser: FORCE changes nothing for it.
tui_start 80 24 --reps 2 --backend postgres --prefix "$P" --tour 7
check "as the superuser, stop 1 provisions" tui_wait "Lesson 7 provisioned in" 120
tui_keys Space
check "stop 2's sentence" tui_wait "$(says 2)"
tui_keys Space
check "stop 3: every note" answer before_force 3000
tui_keys Space
check "stop 4 applies 004" tui_wait "notes applied 004_force_policy" 120
tui_keys Space
check "stop 5's sentence" tui_wait "$(says 5)"
check "after FORCE the superuser still counts every note" answer after_force 3000
