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
for cmd in list show provision tables migrate bench teardown demo check-lessons report class tour; do
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
	for locale in C.UTF-8 C; do # C: a terminal with no UTF-8 gets ASCII stand-ins
		# "cannot adjust line" only means a long install path (distcheck's) did not fit.
		warnings=$(LC_ALL=$locale MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null | grep -v "cannot adjust line")
		check "$(basename "$page") renders without warnings in the $locale locale${warnings:+ ($warnings)}" [ -z "$warnings" ]
	done
done
check "the generated key list is in the page" grep -q "^next demonstration" "$MAN"
check "the README shows the two quick-start commands" grep -q "tools/quickstart test" "$DBP_SRCDIR/README.md"

# Installed where the README says: `tools/quickstart run` installs as root
# under /usr/local, as anyone else under ~/.local (the same make install,
# here under a DESTDIR, with /home/student standing in for $HOME).  man
# must then find both pages through PATH, as in a new shell.
quickstart_prefixes() {
	grep -q 'echo /usr/local$' "$DBP_SRCDIR/tools/quickstart" &&
		grep -q 'echo "$HOME/.local"$' "$DBP_SRCDIR/tools/quickstart"
}
check "tools/quickstart run installs under /usr/local (root) or ~/.local" quickstart_prefixes
for shown in /usr/local "~/.local"; do
	prefix=$(printf '%s' "$shown" | sed 's|^~|/home/student|')
	dest="$SCRATCH/dest"
	rm -rf "$dest"
	out=$(cd "$DBP_BUILDDIR" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL ${MAKE:-make} -s install \
		DESTDIR="$dest" prefix="$prefix" 2>&1)
	rc=$?
	check "make install prefix=$prefix into a DESTDIR succeeds" [ "$rc" -eq 0 ]
	[ "$rc" -eq 0 ] || printf '%s\n' "$out" | tail -n 20 | sed 's/^/# /'
	check "the README names $shown/bin/dbpatterns" grep -qF "$shown/bin/dbpatterns" "$DBP_SRCDIR/README.md"
	check "the README names $shown/share/man" grep -qF "$shown/share/man" "$DBP_SRCDIR/README.md"
	check "the binary is in $prefix/bin" [ -x "$dest$prefix/bin/dbpatterns" ]
	check "dbpatterns(1) is in $prefix/share/man" [ -f "$dest$prefix/share/man/man1/dbpatterns.1" ]
	check "dbpatterns-lessons(5) is in $prefix/share/man" [ -f "$dest$prefix/share/man/man5/dbpatterns-lessons.5" ]
	found=$(env -u MANPATH PATH="$dest$prefix/bin:/usr/bin:/bin" man -w dbpatterns 2>&1)
	check "with $prefix/bin on PATH, man dbpatterns finds it ($found)" \
		[ "$found" = "$dest$prefix/share/man/man1/dbpatterns.1" ]
	found=$(env -u MANPATH PATH="$dest$prefix/bin:/usr/bin:/bin" man -w 5 dbpatterns-lessons 2>&1)
	check "and man 5 dbpatterns-lessons ($found)" \
		[ "$found" = "$dest$prefix/share/man/man5/dbpatterns-lessons.5" ]
	OUT=$(DBPATTERNS_DATADIR="$dest$prefix/share/dbpatterns/data" "$dest$prefix/bin/dbpatterns" list 2>&1)
	check "the installed binary lists the installed lessons" contains "$OUT" "one-db-one-app"
done
