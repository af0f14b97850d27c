#!/bin/sh
# bench/provision.sh [RUNS]: provisioning lesson 1 with `dbpatterns
# provision 1` against the engine's own client running the same
# up-migration files, RUNS times each (default 7), alternating, torn down
# between runs; medians and the ratio dbpatterns / client.
#   SQLite:     the sqlite3 shell into a fresh file (with and without
#               PRAGMA foreign_keys = ON, which dbpatterns sets on every
#               connection)
#   PostgreSQL: createdb + psql -1 -f FILE... (when a server answers; run
#               under pg_virtualenv -t)
# Which files, in which order: lesson.ini's app, its migrations folder and
# provision_to, with an engine's own NNN_name.up.ENGINE.sql preferred over
# NNN_name.up.sql, as dbpatterns does.
. "$(dirname "$0")/lib.sh"
RUNS=${1:-7}
LESSON_DIR="$SRC_DIR/data/lessons/01-one-db-one-app"

ini_get() { # KEY: its value in lesson 1's [app ...] section
	awk -v k="$1" '/^\[app / { in_app = 1; next } /^\[/ { in_app = 0 }
		in_app && $1 == k { sub(/^[^=]*= */, ""); print; exit }' "$LESSON_DIR/lesson.ini"
}
APP_DB=$(ini_get database)
MIG_DIR="$LESSON_DIR/$(ini_get migrations)"
UPTO=$(ini_get provision_to)

# up_files ENGINE: the up-migration files provisioning applies, in order.
up_files() {
	ls "$MIG_DIR" | sed -n 's/^\([0-9]*_[^.]*\)\.up\..*$/\1/p' | sort -u | head -n "$UPTO" |
	while read -r m; do
		if [ -f "$MIG_DIR/$m.up.$1.sql" ]; then echo "$MIG_DIR/$m.up.$1.sql"; else echo "$MIG_DIR/$m.up.sql"; fi
	done
}

time_ms() { t0=$(now_ns); "$@" >/dev/null; ms_since "$t0"; }

sqlite_peer() { # FK: 1 to turn foreign keys on first, as dbpatterns does
	rm -f "$WORK/peer.db"
	{ [ "$1" = 1 ] && echo "PRAGMA foreign_keys = ON;"; echo ".bail on"
	  up_files sqlite | while read -r f; do cat "$f"; echo; done; } | sqlite3 "$WORK/peer.db"
}

say "provisioning lesson 1 ($APP_DB, migrations 1-$UPTO): $RUNS runs each, alternating"
say "files: $(up_files sqlite | xargs -n1 basename | tr '\n' ' ')(sqlite)"
: > "$WORK/s.dbp"; : > "$WORK/s.peer"; : > "$WORK/s.peerfk"
i=0
while [ $i -lt "$RUNS" ]; do
	time_ms "$BIN" provision 1 >> "$WORK/s.dbp"
	"$BIN" teardown 1 >/dev/null
	time_ms sqlite_peer 0 >> "$WORK/s.peer"
	time_ms sqlite_peer 1 >> "$WORK/s.peerfk"
	i=$((i + 1))
done
d=$(median < "$WORK/s.dbp"); s=$(median < "$WORK/s.peer"); f=$(median < "$WORK/s.peerfk")
say "  sqlite dbpatterns runs (ms): $(tr '\n' ' ' < "$WORK/s.dbp")"
say "  sqlite3 shell runs (ms):     $(tr '\n' ' ' < "$WORK/s.peer")"
say "  sqlite3 shell + FK (ms):     $(tr '\n' ' ' < "$WORK/s.peerfk")"
result provision.sqlite.dbpatterns_ms "$d"
result provision.sqlite.sqlite3_ms "$s"
result provision.sqlite.sqlite3_fk_ms "$f"
result provision.sqlite.ratio "$(ratio "$d" "$s")"
result provision.sqlite.ratio_fk "$(ratio "$d" "$f")"

if ! have_pg; then
	say "(no PostgreSQL server: run under pg_virtualenv -t for the PostgreSQL rows)"
	exit 0
fi
P="--backend postgres --prefix $PREFIX"
PEER_DB="${PREFIX}_peer"
on_exit '"$BIN" $P teardown all; dropdb --if-exists "$PEER_DB"'
say "files: $(up_files pg | xargs -n1 basename | tr '\n' ' ')(postgres)"
pg_peer() {
	createdb "$PEER_DB"
	# One -f per file, each path one word (split on newlines only).
	set --; set -f; old_ifs=$IFS; IFS='
'
	for f in $(up_files pg); do set -- "$@" -f "$f"; done
	IFS=$old_ifs; set +f
	psql -Xq -1 -v ON_ERROR_STOP=1 -d "$PEER_DB" "$@"
}
: > "$WORK/p.dbp"; : > "$WORK/p.peer"
i=0
while [ $i -lt "$RUNS" ]; do
	# shellcheck disable=SC2086
	time_ms "$BIN" $P provision 1 >> "$WORK/p.dbp"
	"$BIN" $P teardown 1 >/dev/null
	time_ms pg_peer >> "$WORK/p.peer"
	dropdb "$PEER_DB"
	i=$((i + 1))
done
d=$(median < "$WORK/p.dbp"); p=$(median < "$WORK/p.peer")
say "  postgres dbpatterns runs (ms):   $(tr '\n' ' ' < "$WORK/p.dbp")"
say "  createdb + psql -1 -f runs (ms): $(tr '\n' ' ' < "$WORK/p.peer")"
result provision.pg.dbpatterns_ms "$d"
result provision.pg.psql_ms "$p"
result provision.pg.ratio "$(ratio "$d" "$p")"
