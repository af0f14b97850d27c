#!/bin/sh
# The core's layers: a file may include only headers of its own layer or
# below, so nothing below calls upward (provisioning sits above migrations,
# migrations above the workspace).  And the core knows no terminal.
. "$DBP_SRCDIR/tests/lib.sh"
layer() {
	case "$1" in
	util|redact|lines|svg|sql_split) echo 0 ;;
	ownership|interrupt|ini_file|screen_state|pooler) echo 1 ;;
	config|backend|backend_sqlite|backend_pg|grid) echo 2 ;;
	lesson|lesson_claims|lesson_tour) echo 3 ;;
	workspace|session|classroom|census|census_pg|lesson_roles) echo 4 ;;
	catalog) echo 5 ;;
	migrate|rows) echo 6 ;;
	bench|lock_queue|topology|provision|roundtrip|explain|tenants|tenants_risks|tenants_drop|transfer|transfer_2pc|transfer_attach) echo 7 ;;
	shards|shards_drop) echo 7 ;;
	results|results_store|results_rw|claims|claim_checks|claim_pooled|claim_demo) echo 8 ;;
	# demo runs lesson 11's, which keeps its timings in the results store.
	demo|shards_demo|shards_pg|shards_sqlite) echo 8 ;;
	compare|report) echo 9 ;;
	*) echo 99 ;;
	esac
}
bad=""
for f in "$DBP_SRCDIR"/src/core/*.[ch]; do
	me=$(basename "$f"); me=${me%.*}
	mine=$(layer "$me")
	[ "$mine" -eq 99 ] && bad="$bad $me.(no layer: add it to tests/cli/layers.sh)"
	for inc in $(sed -n 's/^#include "\([a-z_]*\)\.h".*/\1/p' "$f"); do
		[ "$(layer "$inc")" -le "$mine" ] || bad="$bad $me->$inc"
	done
done
check "no core file includes a layer above its own${bad:+ (found:$bad)}" [ -z "$bad" ]
check "the core includes no curses and no front end" \
	[ -z "$(grep -l '^#include.*\(curses\|\.\./cli/\|\.\./tui/\)' "$DBP_SRCDIR"/src/core/*.[ch])" ]
