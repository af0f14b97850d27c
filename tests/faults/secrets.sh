#!/bin/sh
# A password never reaches the user's eyes: libpq quotes a URI it cannot
# parse whole, so every message goes through one redaction.  Checked on
# the command line and on the screen (tmux), and for conninfo passwords.
. "$DBP_SRCDIR/tests/lib.sh"
CANARY=S3cr3tCanary
BAD="postgresql://u:$CANARY@[::1:5499/postgres"
ALL=""

for cmd in "provision 1" "show 1" "teardown 1" "bench 1" "migrate 1 status" "tables 1"; do
	run_dbp --backend postgres --dsn "$BAD" $cmd
	ALL="$ALL$OUT$ERR"
	check "$cmd with an unparsable URI fails" [ "$RC" -ne 0 ]
done
check "with libpq's reason" contains "$ERR" "IPv6 host address"
check "and the URI without its password" contains "$ERR" "postgresql://u:***@"
run_dbp --backend postgres --dsn "host=127.0.0.1 port=1 password=$CANARY connect_timeout=2 dbname=x" provision 1
ALL="$ALL$OUT$ERR"
check "a conninfo password on a dead port is not shown either" [ "$RC" -ne 0 ]
run_dbp --backend postgres --dsn "postgresql://u:$CANARY@127.0.0.1:1/x?connect_timeout=2" provision 1
ALL="$ALL$OUT$ERR"
check "nor a URI password on a dead port" [ "$RC" -ne 0 ]
check "the canary is in no command-line output" lacks "$ALL" "$CANARY"

# The screen: the status line and the focused pane.
tui_start 200 30 --backend postgres --dsn "$BAD"
check "the screen says it cannot connect" tui_wait "cannot connect to PostgreSQL" 20
check "quoting the URI without its password" tui_wait "postgresql://u:***@" 20
check "the canary is not on the status line" lacks "$(tui_screen)" "$CANARY"
tui_keys p
check "an action then says it has no connection" tui_wait "cannot connect" 20
check "the canary is not on the screen" lacks "$(tui_screen)" "$CANARY"
tui_keys q
check "q closes the screen" tui_wait "EXIT=" 10
check "nor in what it prints after the screen closes" lacks "$(tui_screen)" "$CANARY"
tui_stop
