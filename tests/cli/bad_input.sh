#!/bin/sh
# Bad input gets one clear line and changes nothing: unknown names, broken
# lesson files, a read-only workspace, hostile prefixes, a broken config.
. "$DBP_SRCDIR/tests/lib.sh"
W=$DBPATTERNS_WORKDIR

run_dbp show 99
check "unknown lesson fails" [ "$RC" -eq 1 ]
check "and lists the real ones" contains "$ERR" "no lesson \"99\"; there are 1 (one-db-one-app)"
run_dbp frobnicate
check "unknown command is a usage error" [ "$RC" -eq 2 ]
run_dbp --format yaml list
check "bad --format is a usage error" [ "$RC" -eq 2 ]
run_dbp --reps 0 bench 1
check "bad --reps is a usage error" [ "$RC" -eq 2 ]
run_dbp migrate 3 down
check "down in a multi-app lesson asks for --app" contains "$ERR" "say which with --app"

# Long options by their whole name only: an abbreviation once changed
# meaning silently when a longer option came (--lesson was --lessons).
run_dbp --less 3 list
check "an abbreviated option is a usage error" [ "$RC" -eq 2 ]
check "naming what it may have meant" contains "$ERR" "unrecognized option '--less'; did you mean --lessons or --lesson?"
check "and where to look" contains "$ERR" "Try 'dbpatterns --help' for more information."
run_dbp --form=json list
check "--opt=value abbreviated is refused too" contains "$ERR" "unrecognized option '--form'; did you mean --format?"
run_dbp --lessns "$SCRATCH" list
check "a typo is named with its likely option" contains "$ERR" "unrecognized option '--lessns'; did you mean --lessons"
run_dbp --reps 2 --dsn --less list
check "an option's value that looks like an option is its value" [ "$RC" -eq 0 ]
run_dbp -n 2 -d --less list
check "so is a short option's" [ "$RC" -eq 0 ]
run_dbp -- --less
check "after --, it is a command, not an option" contains "$ERR" "unknown command \"--less\""
run_dbp --lessons 3 list
check "--lessons 3 (a number, no such directory) points at --lesson" contains "$ERR" "did you mean --lesson 3?"
check "as a usage error" [ "$RC" -eq 2 ]
run_dbp --lesson 3 show 3
check "--lesson is for the screen: with a command, a usage error" [ "$RC" -eq 2 ]
check "saying how a command takes its lesson" contains "$ERR" "a command takes its lesson as an argument"

# Broken lessons: each error says file:line and nothing is provisioned.
mk_lessons() { rm -rf "$SCRATCH/l"; mkdir -p "$SCRATCH/l"; cp -r "$DBP_SRCDIR/data/lessons/_shared" "$DBP_SRCDIR/data/lessons/01-one-db-one-app" "$SCRATCH/l/"; }
L1="$SCRATCH/l/01-one-db-one-app/lesson.ini"

mk_lessons
{ printf '; %0250d\n' 0; cat "$L1"; } > "$L1.new" && mv "$L1.new" "$L1"
run_dbp check-lessons "$SCRATCH/l"
check "an over-long INI line is refused with file:line" contains "$ERR" "lesson.ini:1: line is 252 bytes long"
run_dbp --lessons "$SCRATCH/l" provision 1
check "and the lesson is not used" [ "$RC" -ne 0 ] && check "nothing was created" [ ! -e "$W/dbp_community.db" ]

mk_lessons
sed -i 's/^title = One database, one app/titel = One database, one app/' "$L1"
run_dbp check-lessons "$SCRATCH/l"
check "an unknown key is named with its line" contains "$ERR" "lesson.ini:5: unknown key \"titel\" in [lesson]"

mk_lessons
printf 'number = 2\n' >> "$L1"
sed -i '0,/^number = 1/s//number = 1\nnumber = 1/' "$L1"
run_dbp check-lessons "$SCRATCH/l"
check "a duplicate key is refused" contains "$ERR" "is given twice"

mk_lessons
sed -i 's#^intro = text/intro.txt#intro = text/missing.txt#' "$L1"
run_dbp check-lessons "$SCRATCH/l"
check "a missing file is named" contains "$ERR" "text/missing.txt: No such file or directory"

mk_lessons
rm "$SCRATCH/l/_shared/community/003_index_foreign_keys.down.sql"
run_dbp check-lessons "$SCRATCH/l"
check "a migration without its down file is refused" contains "$ERR" "003_index_foreign_keys needs both an up and a down file"

mk_lessons
printf -- '-- @query nobody\nSELECT 1\n' > "$SCRATCH/l/_shared/workloads/feed.sql"
run_dbp check-lessons "$SCRATCH/l"
check "a workload naming an unknown app is refused with its line" contains "$ERR" "feed.sql:1: no application \"nobody\""

# A lesson reads only its own directory and ../_shared: not /etc.
mk_lessons
sed -i 's#^intro = text/intro.txt#intro = ../../../../../../../../etc/passwd#' "$L1"
run_dbp check-lessons "$SCRATCH/l"
check "an intro that climbs out of the lesson is refused with file:line" contains "$ERR" "lesson.ini:7: intro \"../../../../../../../../etc/passwd\" leaves the lesson directory"
run_dbp --lessons "$SCRATCH/l" show 1
check "and the lesson is not used" [ "$RC" -ne 0 ] && check "nor the file shown" lacks "$OUT" "root:"
mk_lessons
sed -i 's#^file = ../_shared/workloads/feed.sql#file = /etc/shadow#' "$L1"
run_dbp check-lessons "$SCRATCH/l"
check "an absolute workload path is refused with file:line" contains "$ERR" "lesson.ini:20: file \"/etc/shadow\" is an absolute path"
mk_lessons
ln -sf /etc/passwd "$SCRATCH/l/01-one-db-one-app/text/step1.txt"
run_dbp check-lessons "$SCRATCH/l"
check "a symlink out of the lesson is refused" contains "$ERR" "lesson.ini:28: text \"text/step1.txt\" leaves the lesson directory"
mk_lessons
printf 'It lives in {{db:nosuch}}.\n' >> "$SCRATCH/l/01-one-db-one-app/text/intro.txt"
run_dbp check-lessons "$SCRATCH/l"
check "a text naming a database the lesson lacks is refused" \
	contains "$ERR" "text/intro.txt: {{db:nosuch}} names a database the lesson does not have"
mk_lessons
run_dbp check-lessons "$SCRATCH/l"
check "../_shared references are allowed" [ "$RC" -eq 0 ]

# Migration 3 of 5 has an SQL error: 1 and 2 stay, 3 is rolled back whole.
mk_lessons
M="$SCRATCH/l/_shared/community"
printf 'CREATE TABLE half_done (x integer);\nCREATE TABLE broken (x integr, y,, z);\n' > "$M/003_index_foreign_keys.up.sql"
printf 'CREATE TABLE later (x integer);\n' > "$M/005_later.up.sql"
printf 'DROP TABLE later;\n' > "$M/005_later.down.sql"
sed -i 's/^provision_to = 2/provision_to = 5/' "$L1"
run_dbp --lessons "$SCRATCH/l" provision 1
check "an SQL error in migration 3 of 5 fails provisioning" [ "$RC" -ne 0 ]
check "the message names migration 3 and the engine's words" contains "$ERR" "community migration 003_index_foreign_keys (up) failed and was rolled back: near \",\": syntax error"
run_dbp --lessons "$SCRATCH/l" migrate 1 status
check "migrations 1 and 2 are applied" contains "$OUT" "      2  seed                applied"
check "migration 3 is still pending" contains "$OUT" "      3  index_foreign_keys  pending"
check "its first statement was rolled back too" [ -z "$(sqlite3 "$W/dbp_community.db" "SELECT name FROM sqlite_schema WHERE name = 'half_done'")" ]
"$DBP_BIN" --lessons "$SCRATCH/l" teardown 1 >/dev/null 2>&1

# A workspace we may not write to.
mkdir -p "$SCRATCH/ro"
chmod 555 "$SCRATCH/ro"
as_user=""
[ "$(id -u)" -eq 0 ] && as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
chmod 755 "$SCRATCH"
# The other user must be able to run the binary and read the lessons,
# wherever the checkout lives (a home directory may be closed to it).
cp "$DBP_BIN" "$SCRATCH/dbp-copy"
cp -r "$DBP_SRCDIR/data/lessons" "$SCRATCH/lessons-copy"
chmod -R a+rX "$SCRATCH/dbp-copy" "$SCRATCH/lessons-copy"
OUT=$($as_user "$SCRATCH/dbp-copy" --lessons "$SCRATCH/lessons-copy" --workdir "$SCRATCH/ro/work" provision 1 2>&1); RC=$?
check "a read-only workspace fails" [ "$RC" -eq 1 ]
check "with the reason" contains "$OUT" "cannot create directory $SCRATCH/ro/work: Permission denied"

# Hostile prefixes.
run_dbp --prefix "it's\"; DROP TABLE users; --" provision 1
check "a prefix with quotes and semicolons is quoted, not run" [ "$RC" -eq 0 ]
check "the file has the literal name" [ -f "$W/it's\"; DROP TABLE users; --_community.db" ]
run_dbp --prefix "it's\"; DROP TABLE users; --" --format csv tables 1
check "and its tables are all there" contains "$OUT" ",main,users,5000,"
run_dbp --prefix "it's\"; DROP TABLE users; --" teardown 1
check "and it tears down" [ "$RC" -eq 0 ] && check "leaving no file" [ ! -e "$W/it's\"; DROP TABLE users; --_community.db" ]
run_dbp --prefix "a/b" provision 1
check "a slash in the prefix is refused" [ "$RC" -eq 2 ]
run_dbp --prefix "$(printf 'x%.0s' $(seq 1 50))" provision 1
check "an over-long prefix is refused" [ "$RC" -eq 2 ]
A39=$(printf 'a%.0s' $(seq 1 39))
run_dbp --prefix "${A39}ééé" provision 1
check "and its message is cut between characters, not inside one" contains "$ERR" "the prefix \"${A39}...\" is longer than 40 bytes"

# A broken config file.
mkdir -p "$XDG_CONFIG_HOME/dbpatterns"
printf '[dbpatterns]\nbackend = sqlite\ncolour = no\n' > "$XDG_CONFIG_HOME/dbpatterns/config.ini"
run_dbp list
check "an unknown config key stops with file:line" contains "$ERR" "config.ini:3: unknown key \"colour\""
printf '[dbpatterns]\nbackend = oracle\n' > "$XDG_CONFIG_HOME/dbpatterns/config.ini"
run_dbp list
check "a bad backend in the config is named" contains "$ERR" "backend must be sqlite or postgres"
printf '[dbpatterns]\nprefix = fromconfig\n' > "$XDG_CONFIG_HOME/dbpatterns/config.ini"
run_dbp --prefix fromflag provision 1 --dry-run
check "flags win over the config file" contains "$OUT" "fromflag_community"
DBPATTERNS_PREFIX=fromenv run_dbp provision 1 --dry-run
check "the environment wins over the config file" contains "$OUT" "fromenv_community"
run_dbp --config /dev/zero list
check "a device as config is refused, not read forever" contains "$ERR" "not a regular file"

# Empty paths are refused where they are given, never handed to mkdir or
# opendir as "" (make_dirs("") read past the end of its string).
rm -f "$XDG_CONFIG_HOME/dbpatterns/config.ini"
run_dbp -w '' provision 1
check "an empty --workdir is a usage error" [ "$RC" -eq 2 ]
check "that says so" contains "$ERR" "--workdir may not be empty"
check "and does not crash" lacks "$ERR" "AddressSanitizer"
run_dbp --lessons '' list
check "an empty --lessons is a usage error" [ "$RC" -eq 2 ] && check "that says so" contains "$ERR" "--lessons may not be empty"
run_dbp --config '' list
check "an empty --config is a usage error" [ "$RC" -eq 2 ] && check "that says so" contains "$ERR" "--config may not be empty"
run_dbp check-lessons ''
check "check-lessons '' fails" [ "$RC" -ne 0 ] && check "and says why" contains "$ERR" "the lessons directory may not be empty"
printf '[dbpatterns]\nworkdir =\n' > "$XDG_CONFIG_HOME/dbpatterns/config.ini"
run_dbp provision 1
check "an empty workdir in the config is refused with file:line" contains "$ERR" "config.ini:2: the workdir may not be empty"
check "as a configuration error" [ "$RC" -eq 2 ]
printf '[dbpatterns]\nlessons =\n' > "$XDG_CONFIG_HOME/dbpatterns/config.ini"
run_dbp list
check "an empty lessons in the config is refused with file:line" contains "$ERR" "config.ini:2: the lessons directory may not be empty"
rm -f "$XDG_CONFIG_HOME/dbpatterns/config.ini"

# The environment is checked like the config file: a value we cannot use
# stops with its name, it is never silently ignored.
OUT=$(DBPATTERNS_BACKEND=mysql "$DBP_BIN" list 2>&1); RC=$?
check "an unknown DBPATTERNS_BACKEND is a configuration error" [ "$RC" -eq 2 ]
check "naming the valid values" contains "$OUT" "DBPATTERNS_BACKEND must be sqlite or postgres, not \"mysql\""
OUT=$(DBPATTERNS_PREFIX=a/b "$DBP_BIN" provision 1 --dry-run 2>&1); RC=$?
check "a bad DBPATTERNS_PREFIX is a configuration error" [ "$RC" -eq 2 ]
check "that names the variable" contains "$OUT" "DBPATTERNS_PREFIX: the prefix may not hold"

# Data reaches CSV and JSON without control characters a terminal would
# obey: a lesson title carrying ESC, DEL and a C1 CSI, a comma and quotes.
mk_lessons
ESC=$(printf '\033') DEL=$(printf '\177') CSI=$(printf '\302\233')
sed -i "s/^title = One database, one app/title = One${ESC}[31m, \"db\"${DEL}${CSI}x/" "$L1"
run_dbp --lessons "$SCRATCH/l" --format csv list
check "CSV lists the lesson" [ "$RC" -eq 0 ]
check "CSV replaces control characters and keeps its quoting" contains "$OUT" "1,one-db-one-app,\"One?[31m, \"\"db\"\"???x\",1,1"
check "CSV carries no ESC byte" lacks "$OUT" "$ESC"
run_dbp --lessons "$SCRATCH/l" --format json list
check "JSON escapes ESC, DEL and C1 as \\u00XX" contains "$OUT" '"title": "One\u001b[31m, \"db\"\u007f\u009bx"'
check "JSON carries no ESC byte" lacks "$OUT" "$ESC"

# An unknown option says where to look; no command and no terminal says
# the screen needs one, and writes no escape codes into the file.
run_dbp --bogus
check "--bogus exits 2" [ "$RC" -eq 2 ]
check "and says: Try 'dbpatterns --help'" contains "$ERR" "Try 'dbpatterns --help' for more information."
"$DBP_BIN" >"$SCRATCH/screen-out" 2>"$SCRATCH/screen-err" </dev/null; RC=$?
check "no command, output to a file: exit 2" [ "$RC" -eq 2 ]
check "the message says the screen needs a terminal" grep -q "the screen needs a terminal, and standard output is not one" "$SCRATCH/screen-err"
check "and nothing is written into the file" [ ! -s "$SCRATCH/screen-out" ]
