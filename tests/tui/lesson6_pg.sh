#!/bin/sh
# Lesson 6 on the screen, on PostgreSQL, at 80x24: t checks the pooled
# claims through PgBouncer and the Lesson pane shows each verdict with
# what client B got; no pgbouncer is left once the screen is done.
# Every screen check waits (bounded) for what it asserts: see tests/lib.sh.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
P=$(unique_prefix)
TEARDOWN_HOOK='"$DBP_BIN" --backend postgres --prefix "$P" teardown all'
poolers() { pgrep -f "$DBPATTERNS_WORKDIR/pooler" || true; }

tui_start 80 24 --backend postgres --prefix "$P"
tui_keys 6
check "lesson 6 is on the screen" tui_wait "Lesson 6: The pool that leaks tenants" 20
tui_keys p
check "p provisions it" tui_wait "Lesson 6 provisioned in" 120
check "the topology shows the URL's search_path option that the pooler refuses" \
	tui_wait "ions=-csearch_path%3D${P}_tenant_a"
tui_keys t
check "t times it and checks the claims" tui_wait "Timings done for lesson 6" 300
# At 80 columns the status line has no room for the claims' count: the
# Lesson pane shows each verdict instead.
# A lesson key focuses the Lesson pane: its end lists the claims.
tui_keys 6 G
check "the Lesson pane ends with the claims: one role per tenant keeps its pool" \
	tui_wait "✓ role_per_tenant_pool: client B got tenant b"
check "the SQLite stand-in is listed as not claimed here" tui_wait "– attach_leaks: not claimed on postgres"
tui_keys g
for claim in "setting_leaks: client B got tenant a" "search_path_leaks: client B got tenant a" \
	"options_refused: client B refused, as claimed" "set_local_stays: client B got none" \
	"role_search_path: client B got tenant b"; do
	check "the Lesson pane shows ✓ $claim" sh -c 'i=0; while [ $i -lt 40 ]; do
		tmux -L "$1" capture-pane -t t -p | grep -qF "$2" && exit 0
		tmux -L "$1" send-keys -t t PageDown; sleep 0.5; i=$((i + 1)); done
		tmux -L "$1" capture-pane -t t -p | sed "s/^/# /"; exit 1' _ "$TMUX_SOCK" "✓ $claim"
done
check "no pgbouncer is left after the claims" [ -z "$(poolers)" ]
tui_keys q
tui_wait "EXIT=0" 20 >/dev/null
tui_stop
