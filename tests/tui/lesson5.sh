#!/bin/sh
# Lesson 5 on the screen at 80x24 (SQLite): d makes the tenants three ways
# and shows the table, the loop that stops half way and the claims judged
# beside the report; the table fits the pane; x takes every tenant file
# away.  Every check waits for what it asserts.
. "$DBP_SRCDIR/tests/lib.sh"
W="$DBPATTERNS_WORKDIR"
tui_start 80 24 -- --lesson 5 --tenants 4
check "the screen opens at lesson 5" tui_wait "Three ways to hold tenants" 20
tui_keys p
check "p provisions it" tui_wait "Lesson 5 provisioned" 120
tui_keys d
check "d runs the tenants demo" tui_wait "Demo done: tenants" 300
check "the claim the engine backs is checked beside the report" \
	tui_wait "✓ attach_limit: 10 attached; number 11 refused" 20
check "the PostgreSQL-only claim says why it is skipped" tui_wait "not claimed on sqlite" 20
# The report ends with the claims; a page up, the loop's versions; from
# the top (the lesson's topology first), a page down, the table.
tui_keys PPage
check "the loop's versions are listed" tui_wait "dbp_tenant_0003 .. dbp_tenant_0004  version 2" 20
tui_keys g
check "the table's header fits the pane" tui_wait "shared     schema   database" 20
tui_keys NPage
check "its columns' second line too" tui_wait "table       each       each" 20
check "and its last row: 4 connections for a database each" tui_wait_re "pool +1 +none +4( |$)" 20
check "4 tenant files exist" [ "$(ls "$W" | grep -c '^dbp_tenant_[0-9]*\.db$')" -eq 4 ]
tui_keys x y
check "x tears it down" tui_wait "Lesson 5 torn down" 120
check "no tenant file is left" [ "$(ls "$W" | grep -c '^dbp_tenant' || true)" -eq 0 ]
tui_keys q
tui_wait "EXIT=" 10 >/dev/null
