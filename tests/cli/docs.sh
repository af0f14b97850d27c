#!/bin/sh
# README, --help, the help overlay and the man pages stay in step: every key
# of the action table and every option of --help is in the man page.
. "$DBP_SRCDIR/tests/lib.sh"
# The built page: its key list is generated from src/tui/actions.h.
MAN="${DBP_BUILDDIR:-$(dirname "$DBP_BIN")/..}/man/dbpatterns.1"

OUT=$("$DBP_BIN" --help); RC=$?
check "--help exits 0 on stdout" [ "$RC" -eq 0 ] && check "--help has usage" contains "$OUT" "Usage: dbpatterns"
V=$("$DBP_BIN" --version); RC=$?
check "--version exits 0 on stdout" [ "$RC" -eq 0 ] && check "--version names the program" contains "$V" "dbpatterns "

for opt in $(printf '%s\n' "$OUT" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	man_opt=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
	check "man page documents $opt" grep -q -- "$man_opt" "$MAN"
done
for cmd in list show provision tables migrate bench teardown demo check-lessons; do
	check "--help lists $cmd" contains "$OUT" "  $cmd"
	check "man page documents $cmd" grep -q "^\.B.* $(printf '%s' "$cmd" | sed 's/-/\\\\-/g')" "$MAN"
done
# Keys: the labels of the X-macro table in src/tui/actions.h.
sed -n 's/.*X([A-Z_]*, *[^,]*, *[^,]*, *"\([^"]*\)".*/\1/p' "$DBP_SRCDIR/src/tui/actions.h" > "$SCRATCH/keys"
check "the action table has keys" [ "$(wc -l < "$SCRATCH/keys")" -ge 15 ]
while read -r key; do
	check "man page lists key $key" grep -qxF ".B $key" "$MAN"
done < "$SCRATCH/keys"
for page in "$MAN" "$DBP_SRCDIR/man/dbpatterns-lessons.5"; do
	# "cannot adjust line" only means a long install path (distcheck's) did not fit.
	warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null | grep -v "cannot adjust line")
	check "$(basename "$page") renders without warnings" [ -z "$warnings" ]
done
check "the generated key list is in the page" grep -q "^next demonstration" "$MAN"
check "the README shows the two quick-start commands" grep -q "tools/quickstart test" "$DBP_SRCDIR/README.md"
