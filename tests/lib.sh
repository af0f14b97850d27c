# Shared helpers for the shell tests (sourced).  Each test prints one line
# per check and a closing "N passed, N failed" line; exit 77 means skipped.
# Quote every path: a clone under a directory with a space must pass.
set -u
: "${DBP_BIN:?DBP_BIN must name the dbpatterns binary (make check sets it)}"
: "${DBP_SRCDIR:?DBP_SRCDIR must name the source tree}"
PASSED=0
FAILED=0
TEST_NAME=$(basename "$0" .sh)
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/dbp-$TEST_NAME.XXXXXX") || {
	echo "not ok - cannot make a scratch directory under ${TMPDIR:-/tmp}"; exit 1; }
export DBPATTERNS_WORKDIR="$SCRATCH/work"
export XDG_CONFIG_HOME="$SCRATCH/config"   # never read the user's own config
export LC_ALL=C.UTF-8
# A server that does not answer must not hold a test (psql and dbpatterns
# both read this through libpq).
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-10}"

finish() {
	status=$?
	# The terminal UI first: its connections would hold up the teardown.
	[ "${TUI_LIVE:-0}" -eq 0 ] || tui_stop
	[ -n "${TEARDOWN_HOOK:-}" ] && eval "$TEARDOWN_HOOK" >/dev/null 2>&1
	rm -rf "$SCRATCH"
	if [ "$status" -eq 77 ]; then exit 77; fi
	echo "$TEST_NAME: $PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ] && [ "$status" -eq 0 ] || exit 1
}
trap finish EXIT

ok() { PASSED=$((PASSED + 1)); echo "ok - $*"; }
not_ok() { FAILED=$((FAILED + 1)); echo "not ok - $*"; }

# check DESCRIPTION COMMAND...: passes when the command succeeds.
CHECKING=""
check() {
	desc=$1; shift
	CHECKING=$desc
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
	CHECKING=""
}

# run_dbp ARGS...: runs the binary, output in $OUT, errors in $ERR, status in $RC.
run_dbp() {
	OUT=$("$DBP_BIN" "$@" 2>"$SCRATCH/stderr"); RC=$?
	ERR=$(cat "$SCRATCH/stderr")
}

contains() { case "$1" in *"$2"*) return 0 ;; *) return 1 ;; esac; }
lacks() { ! contains "$1" "$2"; }
# jq_is FILTER: the JSON in $OUT parses with a real JSON parser (jq) and
# FILTER holds for it.
jq_is() {
	command -v jq >/dev/null || { echo "# jq is not installed: apt-get install jq"; return 1; }
	printf '%s' "$OUT" | jq -e "$1" >/dev/null
}

# PostgreSQL: the suite runs under pg_virtualenv, which exports PG*.  In CI
# (CI=true) or with DBP_REQUIRE_PG set, an unreachable server is a failure.
need_pg() {
	if _np_err=$(psql -XAtqc 'SELECT 1' 2>&1 >/dev/null); then return 0; fi
	if [ "${CI:-}" = true ] || [ -n "${DBP_REQUIRE_PG:-}" ]; then
		not_ok "PostgreSQL is unreachable (PGHOST=${PGHOST:-unset} PGPORT=${PGPORT:-unset}), and CI or DBP_REQUIRE_PG requires it: run under pg_virtualenv; psql said: $(printf '%s' "$_np_err" | head -n 3 | tr '\n' ' ')"
		exit 1
	fi
	echo "# skipped: no PostgreSQL server (run under pg_virtualenv)"
	exit 77
}

# psql_q SQL [DB]: one value per line, no headers.
psql_q() { psql -XAtq -v ON_ERROR_STOP=1 ${2:+-d "$2"} -c "$1"; }

# A fresh prefix per test keeps concurrent tests on one server apart.
unique_prefix() { echo "t$(date +%s%N | tail -c 7)_$$" | tr -cd 'a-z0-9_' | cut -c1-12; }

# ---- the terminal UI in tmux -------------------------------------------
# Each test has its own tmux server; the binary runs in a real terminal.
# A fresh socket per session: tmux cannot reuse one right after kill-server.
#
# Every screen check waits, bounded, for the condition it asserts (the
# program draws when it gets to it, later on a loaded machine), and prints
# the screen when it fails.  A check that something is NOT on screen first
# waits for a positive sign that the screen has settled (tui_wait), then
# looks once (tui_lacks).
TUI_TIMEOUT=${DBP_TUI_TIMEOUT:-30}   # seconds a screen check waits by default
# A check's bound is what it names times TUI_SCALE, and never below
# TUI_TIMEOUT: a wait ends as soon as its condition holds, so a generous
# bound costs nothing on a passing run, while a tight one fails a run on a
# loaded machine (a timing run took over 60 s with a load average of 40).
TUI_SCALE=${DBP_TUI_SCALE:-3}
TUI_POLL=0.2                         # seconds between two looks at the screen
TUI_LIVE=0
TMUX_RUN=0
TMUX_SOCK="dbp-$TEST_NAME-$$-0"
tmx() { tmux -L "$TMUX_SOCK" -f /dev/null "$@"; }
tui_new_socket() { TMUX_RUN=$((TMUX_RUN + 1)); TMUX_SOCK="dbp-$TEST_NAME-$$-$TMUX_RUN"; }

# tui_abort MESSAGE: the session cannot go on (no tmux, the server died, the
# program ended early): one failure that says why, then the test stops.
tui_abort() { not_ok "${CHECKING:+$CHECKING: }$*"; exit 1; }

# What runs in the pane: leading VAR=value arguments (up to an optional --)
# go into the environment, the rest are dbpatterns' arguments; "EXIT=n"
# shows when it ends.  tmux is handed the argument vector as is, so no shell
# re-reads the paths (a space in one is only a space).
TUI_PANE_SCRIPT='bin=$1; shift
while [ $# -gt 0 ]; do
	case $1 in
	--) shift; break ;;
	[A-Za-z_]*=*) export "$1"; shift ;;
	*) break ;;
	esac
done
"$bin" "$@"; echo "EXIT=$?"; exec sleep 600'

# tui_start COLS LINES [VAR=value...] [--] [ARGS...]: start dbpatterns.
tui_start() {
	_ts_cols=$1; _ts_lines=$2; shift 2
	command -v tmux >/dev/null || tui_abort "tmux is not installed: the terminal UI tests need it"
	tui_stop
	tui_new_socket
	if ! _ts_err=$(tmx new-session -d -s t -x "$_ts_cols" -y "$_ts_lines" -- \
		env LANG=C.UTF-8 LC_ALL=C.UTF-8 \
		DBPATTERNS_WORKDIR="$DBPATTERNS_WORKDIR" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
		sh -c "$TUI_PANE_SCRIPT" dbpatterns-pane "$DBP_BIN" "$@" 2>&1); then
		tui_abort "tmux could not start a session on socket $TMUX_SOCK: ${_ts_err:-no reason given}"
	fi
	TUI_LIVE=1
	# Keys sent before the screen has set up the terminal can be lost: wait
	# for its first frame (or its end, for a start that is refused).
	tui_until show E "^ dbpatterns(: how applications| +\? help)|EXIT=" "$TUI_TIMEOUT" >/dev/null || true
}
tui_stop() {
	[ "$TUI_LIVE" -eq 1 ] || return 0
	_tst_pids=$(tui_children)
	tmx kill-server 2>/dev/null
	TUI_LIVE=0
	# dbpatterns ends on the hangup and writes what it keeps (screen-state):
	# the next part of a test starts after that, not beside it.
	for _tst_i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		_tst_alive=""
		for _tst_p in $_tst_pids; do kill -0 "$_tst_p" 2>/dev/null && _tst_alive=1; done
		[ -z "$_tst_alive" ] && break
		sleep 0.25
	done
}
# The processes the pane's shell started (dbpatterns, or the sleep after it).
tui_children() {
	_tc_shell=$(tmx list-panes -t t -F '#{pane_pid}' 2>/dev/null | head -1)
	[ -n "$_tc_shell" ] || return 0
	for _tc_stat in /proc/[0-9]*/stat; do
		_tc_rest=$(sed 's/^.*) //' "$_tc_stat" 2>/dev/null) || continue
		# shellcheck disable=SC2086
		set -- $_tc_rest
		[ "${2:-}" = "$_tc_shell" ] && _tc_p=${_tc_stat#/proc/} && echo "${_tc_p%/stat}"
	done
}
# DBP_TUI_KEY_DELAY=SECONDS pauses after each send: a check that passes only
# by catching the screen before the keys take effect then fails.
tui_keys() {
	tmx send-keys -t t "$@"
	[ -z "${DBP_TUI_KEY_DELAY:-}" ] || sleep "$DBP_TUI_KEY_DELAY"
}
# A copy of the bundled lessons 1-4 and 8 in $SCRATCH/first: tests that
# count claims count these, so that a lesson added later changes nothing.
first_lessons() {
	rm -rf "$SCRATCH/first"; mkdir -p "$SCRATCH/first"
	for _d in _shared 01-one-db-one-app 02-several-dbs-one-app 03-one-db-many-apps 04-schema-per-app \
		08-sqlite-to-postgres; do cp -r "$DBP_SRCDIR/data/lessons/$_d" "$SCRATCH/first/"; done
}

# Every pane, then lessons 2, 3, 4 and 1, each waited for: a lesson's data
# is read when it is first drawn, and keys typed ahead are drawn only
# once, so a count that starts before each was shown would count that read.
# A lesson shows when the sidebar lists its steps (only the chosen one's).
see_every_lesson() {
	tui_keys Tab Tab Tab Tab Tab Tab
	for _l in 2 3 4 1; do
		_step1=$(awk '/^\[step 1\]/ { f = 1 } f && /^title/ { sub(/^title = /, ""); print; exit }' \
			"$DBP_SRCDIR"/data/lessons/0"$_l"-*/lesson.ini | cut -c1-18)
		tui_keys "$_l"
		check "lesson $_l is shown (its first step in the sidebar)" tui_wait "$_step1" 20
	done
}

# The navigation the sessions and file_reads tests press, ten times over:
# panes, scrolling, lessons, and the presenter's zoom, beside, presenter
# mode and step jumps, each in a pair so the screen ends as it began.
# None of them may run a statement or open a file.
NAV_ROUNDS=10
NAV_KEYS="j k Tab j Tab k BTab Down Up NPage PPage End Home Right Left 2 1 Tab BTab BTab z z v v P P } {"
nav_key_count() { set -- $NAV_KEYS; echo $(($# * NAV_ROUNDS)); }
navigation_keys() {
	_nk=0
	while [ $_nk -lt $NAV_ROUNDS ]; do
		# shellcheck disable=SC2086
		tui_keys $NAV_KEYS
		_nk=$((_nk + 1))
	done
}
tui_screen() { tmx capture-pane -t t -p 2>/dev/null; }
tui_print_screen() {
	echo "# $1"
	printf '%s\n' "$TUI_SHOT" | sed 's/^/#   /'
}

# tui_look: the screen into $TUI_SHOT; stops the test if the session is gone.
tui_look() {
	TUI_SHOT=$(tmx capture-pane -t t -p 2>&1) ||
		tui_abort "the tmux session is gone (${TUI_SHOT:-no reason given}); socket $TMUX_SOCK"
}

# tui_until show|gone F|E PATTERN SECONDS: polls the screen until PATTERN
# (F: fixed text, E: extended regex) shows, or is gone; 0 if it did, else
# the screen is printed.  If dbpatterns has ended, the screen will not
# change again: a wait for its exit line answers at once, any other wait
# stops the test.
tui_until() {
	_tu_want=$1; _tu_mode=$2; _tu_pat=$3
	_tu_what="[$_tu_pat] to $_tu_want"
	[ "$_tu_want" = gone ] && _tu_what="[$_tu_pat] to be gone"
	_tu_secs=$(( $4 * TUI_SCALE ))
	[ "$_tu_secs" -ge "$TUI_TIMEOUT" ] || _tu_secs=$TUI_TIMEOUT
	_tu_end=$(( $(date +%s) + _tu_secs ))
	while :; do
		tui_look
		if printf '%s\n' "$TUI_SHOT" | grep -q"$_tu_mode" -- "$_tu_pat"; then
			[ "$_tu_want" = show ] && return 0
		else
			[ "$_tu_want" = gone ] && return 0
		fi
		_tu_exit=$(printf '%s\n' "$TUI_SHOT" | grep -Eo 'EXIT=[0-9]+' | tail -n 1)
		if [ -n "$_tu_exit" ]; then
			tui_print_screen "dbpatterns has ended ($_tu_exit); the screen while waiting for $_tu_what:"
			case $_tu_pat in
			*EXIT=*) return 1 ;;
			*) tui_abort "dbpatterns ended ($_tu_exit) while waiting for $_tu_what: the rest of this test cannot run" ;;
			esac
		fi
		[ "$(date +%s)" -lt "$_tu_end" ] || break
		sleep "$TUI_POLL"
	done
	tui_print_screen "still waiting after ${_tu_secs}s for $_tu_what; the screen:"
	return 1
}
# tui_wait TEXT [SECONDS]: until the screen shows TEXT.
tui_wait() { tui_until show F "$1" "${2:-$TUI_TIMEOUT}"; }
# tui_wait_re REGEX [SECONDS]: until a line of the screen matches REGEX (ERE).
tui_wait_re() { tui_until show E "$1" "${2:-$TUI_TIMEOUT}"; }
# tui_gone TEXT [SECONDS]: until the screen no longer shows TEXT.
tui_gone() { tui_until gone F "$1" "${2:-$TUI_TIMEOUT}"; }
# tui_lacks TEXT [LABEL]: the screen does not show TEXT now (LABEL names it
# in the failure, for a TEXT that must not be printed, like a password).
# Only after a tui_wait for what the same action draws: on its own it would
# pass on a screen that has not been drawn yet.
tui_lacks() {
	tui_look
	printf '%s\n' "$TUI_SHOT" | grep -qF -- "$1" || return 0
	tui_print_screen "the screen shows what it must not: ${2:-[$1]}"
	return 1
}
tui_resize() { tmx resize-window -t t -x "$1" -y "$2"; }
# CPU ticks (user + system) the dbpatterns in the pane has used so far.
# (Through /proc: a minimal system has no pgrep.)
tui_cpu_ticks() {
	for _tct_p in $(tui_children); do
		grep -q dbpatterns "/proc/$_tct_p/cmdline" 2>/dev/null || continue
		# Fields after the command name, which is in parentheses: state ppid
		# ...; utime and stime are fields 14 and 15, 12 and 13 after the name.
		_tct_rest=$(sed 's/^.*) //' "/proc/$_tct_p/stat" 2>/dev/null) || continue
		# shellcheck disable=SC2086
		set -- $_tct_rest
		[ $# -ge 13 ] || continue
		echo $((${12} + ${13}))
		return 0
	done
	return 1
}

# A test that cannot start says so at once.
if [ ! -f "$DBP_BIN" ] || [ ! -x "$DBP_BIN" ]; then
	not_ok "DBP_BIN is not an executable file: $DBP_BIN (build it first: make)"
	exit 1
fi

# lesson_databases PREFIX: the databases `provision all` makes, one per
# line, sorted: read from the bundled lessons, so a new lesson counts.
lesson_databases() {
	sed -n 's/^\[database \(.*\)\]$/\1/p' "$DBP_SRCDIR"/data/lessons/*/lesson.ini | sed "s/^/$1_/" | sort
}

# class_of_one CLASS: `class create 1` on the server; the student's printed
# command line is kept for as_student.  Fails when either is missing.
class_of_one() {
	run_dbp --backend postgres class create 1 --class "$1"
	printf '%s\n' "$OUT" | grep -A2 "^${1}_s01\$" | sed -n 's/^  dbpatterns: dbpatterns //p' > "$SCRATCH/s1.cmd"
	[ "$RC" -eq 0 ] && [ -s "$SCRATCH/s1.cmd" ]
}
# as_student ARGS...: dbpatterns as that student (an ordinary role, no
# superuser), with its printed command line and a work directory of its own.
as_student() {
	eval "set -- $(cat "$SCRATCH/s1.cmd") \"\$@\""
	DBPATTERNS_WORKDIR="$SCRATCH/work-s1" "$DBP_BIN" "$@"
}
