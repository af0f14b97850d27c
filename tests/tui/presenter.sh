#!/bin/sh
# The presenter's tools on the real binary in tmux (SQLite): opening at a
# lesson and step, bad values refused before the screen starts, a step
# reached by a click in the sidebar and by { and }, zoom and back, the
# keys shown in presenter mode, the claim's figure large, and Migrations
# beside Timings (an m shows while the timings stay in view, marked as
# measured before it).
# Every screen check waits (bounded) for what it asserts: see tests/lib.sh.
. "$DBP_SRCDIR/tests/lib.sh"

# row_is N REGEX: until screen row N (0 = the top) matches REGEX (ERE).
row_is() {
	_ri_end=$(( $(date +%s) + TUI_TIMEOUT ))
	while :; do
		tui_look
		printf '%s\n' "$TUI_SHOT" | sed -n "$(($1 + 1))p" | grep -Eq -- "$2" && return 0
		[ "$(date +%s)" -lt "$_ri_end" ] || break
		sleep "$TUI_POLL"
	done
	tui_print_screen "row $1 does not match [$2] after ${TUI_TIMEOUT}s; the screen:"
	return 1
}
# click X Y: the left button pressed and released at column X, row Y (0-based).
click() {
	_cx=$(printf '%x' $(($1 + 33))); _cy=$(printf '%x' $(($2 + 33)))
	tui_keys -H 1b 5b 4d 20 "$_cx" "$_cy" 1b 5b 4d 23 "$_cx" "$_cy"
}

# ---- bad values: a usage error, before the screen starts ----------------------
for bad in "--lesson 99|no such lesson; there are 1 (one-db-one-app)" \
	"--lesson 3 --step 7|--step 7: lesson 3 has steps 1 to 3" \
	"--step two|--step two: lesson 1 has steps 1 to" \
	"--beside nowhere|--beside must name a pane"; do
	args=${bad%%|*}; said=${bad#*|}
	# shellcheck disable=SC2086
	tui_start 80 24 $args
	check "$args exits 2 (usage)" tui_wait "EXIT=2" 10
	check "$args says why: $said" tui_wait "$said" 10
	check "$args never drew the screen" tui_lacks "how applications organise"
done

# ---- open at lesson 3, step 2 ------------------------------------------------------
tui_start 80 24 --lesson one-db-many-apps --step 2
check "--lesson (a slug) --step 2: the status names the step" tui_wait "Step 2 of 3: One join answers it."
check "the sidebar marks step 2 current" tui_wait "> One join answers it"
check "its heading heads the Lesson pane" row_is 3 "│ Step 2: One join answers it"
tui_stop
tui_start 80 24 --lesson 3 --step 2
check "--lesson 3 (a number) opens at lesson 3 too" row_is 3 "│ Step 2: One join answers it"

# ---- a step by a click and by { } --------------------------------------------------
# Lesson 3's rows in the sidebar: the lesson on row 3, its steps below.
click 6 4
check "a click on step 1 in the sidebar goes there" tui_wait "Step 1 of 3: Provision the central database."
check "its heading on top" row_is 3 "│ Step 1: Provision the central database"
check "and marked current" tui_wait "> Provision the centra"
tui_keys '}' '}'
check "} } goes on to step 3" tui_wait "Step 3 of 3: A third app, a name already taken."
check "marked current" tui_wait "> A third app, a name"
tui_keys '{'
check "{ goes back to step 2" tui_wait "Step 2 of 3: One join answers it."
tui_keys '}' '}' '}'
check "past the last step, } says so" tui_wait "This is the last step of lesson 3."
tui_keys Tab '{'
check "{ from another pane focuses the Lesson pane at step 2" row_is 3 "│ Step 2: One join answers it"

# ---- zoom --------------------------------------------------------------------------
tui_keys z
check "z: the status says so" tui_wait "Zoom: Lesson fills the screen; z again goes back."
check "the tab row is on top" row_is 0 "^ +Lesson +Topology +Tables"
check "the sidebar is gone" tui_gone "One database, one app"
check "the pane has the whole width" tui_wait_re "^ Step 2: One join answers it"
tui_keys z
check "z again: the sidebar is back" tui_wait "One database, one app"
check "and the title" row_is 0 "dbpatterns: how applications organise"

# ---- presenter mode: the keys shown --------------------------------------------------
tui_keys P
check "P: presenter mode on" tui_wait "Presenter mode on; P turns it off."
check "the key itself is shown" tui_wait "[P]"
tui_keys Tab j j j NPage
check "keys are named; a repeated one counted" tui_wait "[P] [Tab] [j x3] [PgDn]"
tui_keys C-c
check "Ctrl-C is shown by its name" tui_wait "[Ctrl-C]"
tui_keys n
check "n stays" tui_wait "[Ctrl-C] [n]"
tui_keys P
check "P again: off" tui_wait "Presenter mode off."
check "and the keys are no longer shown" tui_lacks "[Ctrl-C] [n]"
tui_stop

# ---- Migrations beside Timings, where the screen is too narrow and where not -------------
tui_start 80 24 --lesson 1 --beside Timings
check "80 columns are too narrow: the status says so" \
	tui_wait "Timings beside Lesson needs 83 columns; 80 here."
tui_stop
tui_start 120 30 --reps 2 --lesson 1 --beside timings
check "120 columns: Timings beside Lesson" tui_wait "Timings stands beside Lesson until changed"
tui_keys p
check "lesson 1 provisions" tui_wait "Lesson 1 provisioned in" 120
# At migration 003, where every claim of lesson 1 can be measured.
tui_keys m
check "m applies 003" tui_wait "community applied 003_index_foreign_keys"
tui_keys t
check "t times lesson 1" tui_wait "Timings done for lesson 1" 180
tui_keys BTab
both() { row_is 3 "│ community +<- m and u act here.*│ Lesson 1 on sqlite: 2 runs each"; }
check "Migrations focused, Timings beside it" both
check "004 not applied yet" tui_wait "[ ] 004_add_user_bio"
tui_keys m
check "m shows in Migrations" tui_wait "community applied 004_add_user_bio"
check "[x] beside 004" tui_wait "[x] 004_add_user_bio"
check "while Timings stays beside it, saying its figures predate the migration" \
	row_is 3 "│ community +<- m and u act here.*│ ~ Measured with community:001,002,003;"
check "and what is in place now" tui_wait "community:001,002,003,004: t times them"
tui_keys v
check "v: another pane beside" tui_wait "SQL stands beside Migrations until changed (v: another pane)."
tui_keys v v v v
check "v cycles round, past the focused pane" tui_wait "Timings stands beside Migrations until changed"

# ---- presenter mode: the claim's figure large ---------------------------------------
tui_keys P Tab
check "Timings heads with the current claim" tui_wait "Claim 1 of 5, same_answer (c: next claim)"
check "its figure in block letters" tui_wait "██████"
check "saying what the figure is" tui_wait "100 (rows): 100 rows, identical"
tui_keys c c c c
check "c goes to the last claim" tui_wait "Claim 5 of 5, n_plus_1 (c: next claim)"
check "a ratio, said as one" tui_wait_re "[0-9]+\.[0-9]x \(times slower, by medians\): "
tui_stop
tui_start 80 24 --reps 2 --lesson 1 --present --ascii
tui_keys t
check "--present --ascii: the figure in ASCII" tui_wait "######" 180
check "fitting the pane" tui_wait "Claim 1 of 5, same_answer"
check "the keys shown" tui_wait "[t]"
check "no block character under --ascii" tui_lacks "█"
