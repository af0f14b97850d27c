#!/bin/sh
# Keyset paging on PostgreSQL: see paging.inc.  The table has a primary
# key (PostgreSQL pages on it); SQLite's rowid needs none.
. "$DBP_SRCDIR/tests/lib.sh"
. "$DBP_SRCDIR/tests/tui/paging.inc"
need_pg
P=$(unique_prefix)
TEARDOWN_HOOK="'$DBP_BIN' --backend postgres --prefix '$P' teardown all"
BIG_SQL="CREATE TABLE big AS SELECT i AS id, 'row ' || i AS v FROM generate_series(1, 1000000) i"
BIG_SQL2="ALTER TABLE big ADD PRIMARY KEY (id)"
paging_checks --backend postgres --prefix "$P"
