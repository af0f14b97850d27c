#!/bin/sh
# Navigation reads no file: lesson texts and migration checksums are read
# once at load (strace counts every file dbpatterns opens while 200
# navigation keys go by, on SQLite, where the databases are files too).
. "$DBP_SRCDIR/tests/lib.sh"
command -v strace >/dev/null || { not_ok "strace is not installed: apt-get install strace"; exit 1; }
TRACE="$SCRATCH/opens"
WRAP="$SCRATCH/traced-dbpatterns"
printf '#!/bin/sh\nexec strace -f -qq -e trace=open,openat -o "%s" "%s" "$@"\n' "$TRACE" "$DBP_BIN" >"$WRAP"
chmod +x "$WRAP"
REAL_BIN=$DBP_BIN
DBP_BIN=$WRAP
tui_start 100 30
check "the screen opens under strace" tui_wait "One database, one app" 30
tui_keys p
check "p provisions lesson 1" tui_wait "Lesson 1 provisioned" 120
# Every pane and lesson seen once, then the count starts.
see_every_lesson
sleep 0.5
opens_before=$(wc -l <"$TRACE")
navigation_keys
tui_keys Tab
check "the keys are taken" tui_wait "Timings" 10
sleep 0.5
opened=$(tail -n +"$((opens_before + 1))" "$TRACE" | grep -v ENOENT | grep -o '"[^"]*"' | sort | uniq -c)
check "$(nav_key_count) navigation keys open no file${opened:+ (opened: $(echo $opened))}" [ -z "$opened" ]
tui_keys q
tui_wait "EXIT=" 10 >/dev/null
tui_stop
DBP_BIN=$REAL_BIN
