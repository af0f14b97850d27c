# Shared helpers for the shell tests (sourced).  Each test prints one line
# per check and a closing "N passed, N failed" line; exit 77 means skipped.
set -u
: "${DBP_BIN:?DBP_BIN must name the dbpatterns binary (make check sets it)}"
: "${DBP_SRCDIR:?DBP_SRCDIR must name the source tree}"
PASSED=0
FAILED=0
TEST_NAME=$(basename "$0" .sh)
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/dbp-$TEST_NAME.XXXXXX")
export DBPATTERNS_WORKDIR="$SCRATCH/work"
export XDG_CONFIG_HOME="$SCRATCH/config"   # never read the user's own config
export LC_ALL=C.UTF-8

finish() {
	status=$?
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
check() {
	desc=$1; shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# run_dbp ARGS...: runs the binary, output in $OUT, errors in $ERR, status in $RC.
run_dbp() {
	OUT=$("$DBP_BIN" "$@" 2>"$SCRATCH/stderr"); RC=$?
	ERR=$(cat "$SCRATCH/stderr")
}

contains() { case "$1" in *"$2"*) return 0 ;; *) return 1 ;; esac; }
lacks() { ! contains "$1" "$2"; }

# PostgreSQL: the suite runs under pg_virtualenv, which exports PG*.  In CI
# (CI=true) or with DBP_REQUIRE_PG set, an unreachable server is a failure.
need_pg() {
	if psql -XAtqc 'SELECT 1' >/dev/null 2>&1; then return 0; fi
	if [ "${CI:-}" = true ] || [ -n "${DBP_REQUIRE_PG:-}" ]; then
		echo "not ok - PostgreSQL is unreachable (PGHOST=${PGHOST:-unset}); CI requires it"
		FAILED=$((FAILED + 1))
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
TMUX_RUN=0
TMUX_SOCK="dbp-$TEST_NAME-$$-0"
tmx() { tmux -L "$TMUX_SOCK" -f /dev/null "$@"; }
tui_new_socket() { TMUX_RUN=$((TMUX_RUN + 1)); TMUX_SOCK="dbp-$TEST_NAME-$$-$TMUX_RUN"; }

# tui_start COLS LINES [ARGS...]: start dbpatterns; "EXIT=n" shows when it ends.
tui_start() {
	cols=$1; lines=$2; shift 2
	command -v tmux >/dev/null || { echo "not ok - tmux is not installed"; FAILED=$((FAILED + 1)); exit 1; }
	tui_new_socket
	tmx new-session -d -s t -x "$cols" -y "$lines" \
		"env LANG=C.UTF-8 LC_ALL=C.UTF-8 DBPATTERNS_WORKDIR='$DBPATTERNS_WORKDIR' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' $DBP_BIN $*; echo EXIT=\$?; sleep 600"
	TEARDOWN_HOOK="${TEARDOWN_HOOK:+$TEARDOWN_HOOK; }tmx kill-server"
}
tui_stop() { tmx kill-server 2>/dev/null; }
tui_keys() { tmx send-keys -t t "$@"; }
tui_screen() { tmx capture-pane -t t -p 2>/dev/null; }
# tui_wait TEXT [SECONDS]: until the screen shows TEXT; 0 if it did.
tui_wait() {
	end=$(( $(date +%s) + ${2:-10} ))
	while [ "$(date +%s)" -le "$end" ]; do
		tui_screen | grep -qF -- "$1" && return 0
		sleep 0.2
	done
	echo "# screen while waiting for: $1"; tui_screen | sed 's/^/#   /'
	return 1
}
# tui_gone TEXT [SECONDS]: until the screen no longer shows TEXT.
tui_gone() {
	end=$(( $(date +%s) + ${2:-5} ))
	while [ "$(date +%s)" -le "$end" ]; do
		tui_screen | grep -qF -- "$1" || return 0
		sleep 0.2
	done
	return 1
}
tui_resize() { tmx resize-window -t t -x "$1" -y "$2"; }
# CPU ticks (user + system) the dbpatterns in the pane has used so far.
# (Through /proc: a minimal system has no pgrep.)
tui_cpu_ticks() {
	shell=$(tmx list-panes -t t -F '#{pane_pid}' | head -1)
	for stat in /proc/[0-9]*/stat; do
		# Fields after the command name, which is in parentheses: state ppid ...
		rest=$(sed 's/^.*) //' "$stat" 2>/dev/null) || continue
		set -- $rest
		if [ "${2:-}" = "$shell" ] && grep -q dbpatterns "${stat%stat}cmdline" 2>/dev/null; then
			# utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
			echo $((${12} + ${13}))
			return 0
		fi
	done
	return 1
}
