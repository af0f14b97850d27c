#!/bin/sh
# Keyset paging on SQLite: see paging.inc.
. "$DBP_SRCDIR/tests/lib.sh"
. "$DBP_SRCDIR/tests/tui/paging.inc"
BIG_SQL="CREATE TABLE big AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) SELECT i AS id, 'row ' || i AS v FROM n"
paging_checks
