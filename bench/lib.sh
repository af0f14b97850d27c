# Shared by the bench/ scripts (sourced; POSIX sh).  Measures, never
# asserts: a script prints its figures as "name value" lines on stdout
# (run-all.sh collects them) and its comments on stderr.
set -eu
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
SRC_DIR=$(cd "$BENCH_DIR/.." && pwd)
BIN=${DBP_BENCH_BIN:-$SRC_DIR/_build/bench/src/dbpatterns}
[ -x "$BIN" ] || { echo "no dbpatterns at $BIN: build one (see bench/README.md) or set DBP_BENCH_BIN" >&2; exit 2; }
export LC_ALL=C.UTF-8 LANG=C.UTF-8
WORK=$(mktemp -d "${TMPDIR:-/tmp}/dbp-bench.XXXXXX")
export DBPATTERNS_WORKDIR="$WORK/w" XDG_CONFIG_HOME="$WORK/c"
PREFIX="b$(date +%s%N | tail -c 6)_$$"
PREFIX=$(printf '%s' "$PREFIX" | tr -cd 'a-z0-9_' | cut -c1-12)
TMUX_SOCK="dbp-bench-$$"
TUI_LIVE=0
CLEANUP=""

# on_exit COMMAND: run COMMAND (a shell string, evaluated then: single-quote
# it so that paths in variables stay whole) at exit, newest first.
on_exit() { CLEANUP="$1; $CLEANUP"; }
bench_finish() {
	status=$?
	[ "$TUI_LIVE" -eq 0 ] || tui_stop
	eval "$CLEANUP" >/dev/null 2>&1 || :
	rm -rf "$WORK"
	exit "$status"
}
trap bench_finish EXIT
trap 'exit 130' INT TERM HUP

say() { printf '%s\n' "$*" >&2; }
result() { printf '%s %s\n' "$1" "$2"; }   # NAME VALUE, for run-all.sh

have_pg() { psql -XAtqc 'SELECT 1' >/dev/null 2>&1; }
psql_q() { psql -XAtq -v ON_ERROR_STOP=1 ${2:+-d "$2"} -c "$1"; }

now_ns() { date +%s%N; }
ms_since() { echo "$1 $(now_ns)" | awk '{ printf "%.1f\n", ($2 - $1) / 1e6 }'; }

# Statistics over one number per line on stdin.
median() { sort -g | awk '{ v[NR] = $1 } END { if (!NR) print "-"; else if (NR % 2) printf "%.2f\n", v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# pct P: the nearest-rank P-th percentile.
pct() { sort -g | awk -v p="$1" '{ v[NR] = $1 } END { if (!NR) { print "-"; exit } i = int((p * NR + 99) / 100); if (i < 1) i = 1; printf "%.2f\n", v[i] }'; }
maxof() { sort -g | tail -n 1 | awk '{ printf "%.2f\n", $1 }'; }
ratio() { echo "$1 $2" | awk '{ if ($2 > 0) printf "%.2f", $1 / $2; else print "-" }'; }

# ---- dbpatterns' screen in tmux (its own server, killed at exit) --------
tx() { tmux -L "$TMUX_SOCK" -f /dev/null "$@"; }
# tui_start COLS LINES [VAR=value...] -- ARGS...: start the screen.
tui_start() {
	cols=$1; lines=$2; shift 2
	envs=""
	while [ $# -gt 0 ] && [ "$1" != -- ]; do envs="$envs $1"; shift; done
	[ $# -gt 0 ] && shift
	# shellcheck disable=SC2086 # VAR=value words, split on purpose
	tx new-session -d -s b -x "$cols" -y "$lines" -- env TERM=screen-256color $envs \
		DBPATTERNS_WORKDIR="$DBPATTERNS_WORKDIR" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
		sh -c '"$0" "$@"; echo "EXIT=$?"; exec sleep 600' "$BIN" "$@"
	TUI_LIVE=1
}
# The server goes, and its socket file with it (tmux leaves it behind).
tui_stop() {
	sock=$(tx display-message -p '#{socket_path}' 2>/dev/null) || sock=""
	tx kill-server 2>/dev/null || :
	[ -z "$sock" ] || rm -f "$sock"
	TUI_LIVE=0
}
tui_keys() { tx send-keys -t b "$@"; }
tui_screen() { tx capture-pane -t b -p 2>/dev/null; }
# tui_wait FIXED|REGEX TEXT [SECONDS]: until the screen shows TEXT.
tui_wait() {
	mode=-F; [ "$1" = REGEX ] && mode=-E
	end=$(( $(date +%s) + ${3:-60} ))
	while ! tui_screen | grep -q $mode -- "$2"; do
		if [ "$(date +%s)" -ge "$end" ] || tui_screen | grep -q 'EXIT='; then
			say "gave up waiting for [$2]; the screen:"; tui_screen | sed 's/^/  /' >&2
			return 1
		fi
		sleep 0.1
	done
}
# The dbpatterns process in the pane (the pane's shell is its parent).
tui_pid() {
	shell=$(tx list-panes -t b -F '#{pane_pid}' | head -n 1)
	for s in /proc/[0-9]*/stat; do
		read -r pid comm _state ppid _rest < "$s" 2>/dev/null || continue
		[ "$ppid" = "$shell" ] && [ "$comm" = "(dbpatterns)" ] && { echo "$pid"; return 0; }
	done
	return 1
}
vm_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
# trace_lines FILE FROM: the trace's lines after line FROM.
trace_after() { tail -n "+$(( $2 + 1 ))" "$1"; }
trace_count() { if [ -f "$1" ]; then wc -l < "$1" | tr -d ' '; else echo 0; fi; }
# trace_settle FILE N [SECONDS]: until the trace has N lines (every key sent
# so far has been drawn).
trace_settle() {
	end=$(( $(date +%s) + ${3:-60} ))
	while [ "$(trace_count "$1")" -lt "$2" ]; do
		[ "$(date +%s)" -lt "$end" ] || { say "trace $1 has $(trace_count "$1") of $2 keys"; return 1; }
		sleep 0.1
	done
}
