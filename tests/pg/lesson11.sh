#!/bin/sh
# Lesson 11 on PostgreSQL.  First on the one server pg_virtualenv gives
# (the shards are databases on it): every claim passes live.  Then on
# three real clusters this test starts with pg_createcluster and drops on
# every way out: one --shard per cluster, the lookup by id routed to one
# shard, the question without it on all three, each timed and kept side
# by side in the results store; one cluster stopped, which questions still
# answer; a teardown that stops while a shard's server is down, and one
# that removes everything on every server once it is back.
. "$DBP_SRCDIR/tests/lib.sh"
need_pg
P=$(unique_prefix)
mkdir -p "$SCRATCH/lessons"
cp -r "$DBP_SRCDIR/data/lessons/11-shards" "$SCRATCH/lessons/"
dbp() { "$DBP_BIN" --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" "$@"; }

# ---- one server -----------------------------------------------------------
TEARDOWN_HOOK="dbp teardown all"
run_dbp --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" check-lessons --live "$SCRATCH/lessons"
check "on one server, every claim of lesson 11 passes (rc $RC${ERR:+: $ERR})" [ "$RC" -eq 0 ]
for c in rows_sent_to_shards keyed_one_shard fanout_every_shard join_across_shards one_server_one_fate \
	live_shard_answers down_shard_fails fanout_fails_down join_fails_down; do
	check "claim $c passes" contains "$OUT" "✓ $c:"
done
check "the SQLite-only claims are skipped, saying why" contains "$OUT" "– view_cannot_route: not claimed on postgres"
check "a lookup by id names one shard's foreign table" contains "$OUT" "reached 1 of 3 shards (users_shard_"
check "check-lessons left nothing behind" \
	[ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${P}\\_%'")" = 0 ]

# Ownership before change: a view of the user's in a shard's database
# stops the teardown before the coordinator loses a single link.
dbp provision 11 >/dev/null 2>&1
dbp demo 11 shards >/dev/null 2>&1
psql_q "CREATE VIEW mine AS SELECT id FROM users" "${P}_shard_1"
OUT=$(dbp teardown 11 2>&1); RC=$?
check "a view of the user's in a shard stops the teardown (rc $RC)" [ "$RC" -ne 0 ]
check "naming it" contains "$OUT" "${P}_shard_1 holds view public.mine, which dbpatterns did not create"
check "before anything is dropped: the coordinator still has its three foreign partitions" \
	[ "$(psql_q "SELECT count(*) FROM pg_foreign_table" "${P}_coordinator_db")" = 3 ]
psql_q "DROP VIEW mine" "${P}_shard_1"
OUT=$(dbp teardown 11 2>&1); RC=$?
check "without it, the teardown goes through (rc $RC: $OUT)" [ "$RC" -eq 0 ]

# A role that is no superuser may not create postgres_fdw: the claims
# that need it are skipped saying so, and the demo says why it stops.
R="${P}_r"
psql_q "CREATE ROLE $R LOGIN CREATEDB PASSWORD 'shard-pw-$$'"
as_r() { PGUSER="$R" PGPASSWORD="shard-pw-$$" "$DBP_BIN" --backend postgres --prefix "$R" \
	--lessons "$SCRATCH/lessons" --workdir "$SCRATCH/role" "$@"; }
TEARDOWN_HOOK="as_r teardown all; psql_q 'DROP ROLE IF EXISTS $R'; dbp teardown all"
OUT=$(as_r check-lessons --live "$SCRATCH/lessons" 2>&1); RC=$?
check "for a role that is no superuser, check-lessons still passes (rc $RC)" [ "$RC" -eq 0 ]
check "the claims skipped, saying why" contains "$OUT" "– keyed_one_shard: needs a superuser, and $R is not one"
as_r provision 11 >/dev/null 2>&1
OUT=$(as_r demo 11 shards 2>&1); RC=$?
check "its demo stops (rc $RC)" [ "$RC" -ne 0 ]
check "saying only a superuser may create postgres_fdw" contains "$OUT" "only a superuser may create it"
OUT=$(as_r teardown 11 2>&1); RC=$?
check "and its teardown removes the shard databases the demo made (rc $RC: $OUT)" [ "$RC" -eq 0 ]
check "all of them" [ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${R}\\_%'")" = 0 ]
psql_q "DROP ROLE $R"
TEARDOWN_HOOK="dbp teardown all"

# A shard server that does not answer: said, its password never shown,
# and the coordinator is not linked to half its shards.
OUT=$(dbp --shard "postgresql://u:sekret$$@127.0.0.1:1/x" --shard "host=localhost" provision 11 2>&1)
OUT=$(dbp --shard "postgresql://u:sekret$$@127.0.0.1:1/x" --shard "host=localhost" demo 11 shards 2>&1); RC=$?
check "a shard that does not answer stops the demo (rc $RC)" [ "$RC" -ne 0 ]
check "saying which" contains "$OUT" "shard_1 does not answer"
check "and that every shard must answer first" contains "$OUT" "1 of 2 shards do not answer"
check "never showing its password" lacks "$OUT" "sekret$$"
OUT=$(dbp teardown 11 2>&1); RC=$?
check "teardown removes what that run made (rc $RC: $OUT)" [ "$RC" -eq 0 ]

# Two names for the coordinator's own server: they are one server, and the
# report says so (by the cluster's system_identifier, not the host name).
dbp provision 11 >/dev/null 2>&1
OUT=$(dbp --shard "host=localhost" --shard "host=127.0.0.1" demo 11 shards 2>&1); RC=$?
[ "$RC" -eq 0 ] || printf '%s\n' "$OUT" | tail -n 5 | sed 's/^/# /'
check "shards named localhost and 127.0.0.1 run (rc $RC)" [ "$RC" -eq 0 ]
check "and are one server with the coordinator" \
	contains "$OUT" "all 2 shards are databases on the coordinator's own server (one system_identifier)"
check "so the one-fate claim holds" contains "$OUT" "✓ one_server_one_fate"
OUT=$(dbp teardown 11 2>&1); RC=$?
check "teardown, without the --shard options, removes them (rc $RC: $OUT)" [ "$RC" -eq 0 ]
check "  no shard database is left" \
	[ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${P}\\_shard%'")" = 0 ]

# ---- three clusters ------------------------------------------------------
if ! command -v pg_createcluster >/dev/null; then
	echo "# skipped: pg_createcluster is missing (Debian package postgresql-common)"
	exit 77
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "# the three-cluster half needs root (pg_createcluster runs the clusters as postgres): not run"
	exit 0
fi
VERSION=${PGVERSION:-$(ls /usr/lib/postgresql | sort -n | tail -n 1)}
CLUSTERS=""
SHARD_DIR=$(mktemp -d "${TMPDIR:-/tmp}/dbp-shards.XXXXXX") || exit 1
chown postgres: "$SHARD_DIR"
drop_clusters() {
	for c in $CLUSTERS; do pg_dropcluster --stop "$VERSION" "$c" >/dev/null 2>&1; done
	rm -rf "$SHARD_DIR"
}
PORT1="" PORT2="" PORT3=""
# Every way out: lesson 11 torn down (through the shards while all three
# run), then the clusters dropped.
TEARDOWN_HOOK='if [ -n "$PORT3" ]; then shard teardown all; else dbp teardown all; fi; drop_clusters'

# A port nothing answers on; pg_createcluster refuses one a cluster holds.
free_port() {
	p=$1
	while [ "$p" -lt 5700 ]; do
		pg_isready -q -h localhost -p "$p" >/dev/null 2>&1
		[ $? -eq 2 ] && [ ! -e "$SHARD_DIR/.s.PGSQL.$p" ] && break
		p=$((p + 1))
	done
	echo "$p"
}

# Each cluster takes pg_virtualenv's password for postgres, so the
# coordinator's user mapping (the password libpq used) works on it too.
PWFILE="$SHARD_DIR/pw"
printf '%s\n' "${PGPASSWORD:-}" > "$PWFILE"
chown postgres: "$PWFILE"
chmod 600 "$PWFILE"
# start_cluster NAME: on the first free port from $port; a port another
# run took meanwhile (it was free when looked at) moves on to the next.
start_cluster() {
	for attempt in 1 2 3 4 5; do
		port=$(free_port "$port")
		if pg_createcluster -q "$VERSION" "$1" -p "$port" -d "$SHARD_DIR/$1" -s "$SHARD_DIR" \
			-l "$SHARD_DIR/$1.log" --start -- --auth-local=peer --auth-host=scram-sha-256 \
			--pwfile="$PWFILE" >"$SHARD_DIR/create.out" 2>&1; then
			return 0
		fi
		pg_dropcluster --stop "$VERSION" "$1" >/dev/null 2>&1
		port=$((port + 1))
	done
	return 1
}
port=5621
for i in 1 2 3; do
	name="dbp$$s$i"
	CLUSTERS="$CLUSTERS $name"
	if ! start_cluster "$name"; then
		not_ok "cluster $name could not start: $(tail -n 3 "$SHARD_DIR/create.out")"
		exit 1
	fi
	eval "PORT$i=$port"
	port=$((port + 1))
done
rm -f "$PWFILE"
ok "three clusters started on ports $PORT1, $PORT2, $PORT3"
shard() { "$DBP_BIN" --backend postgres --prefix "$P" --lessons "$SCRATCH/lessons" \
	--shard "host=localhost port=$PORT1" --shard "host=localhost port=$PORT2" \
	--shard "host=localhost port=$PORT3" "$@"; }
on() { psql -XAtq -h localhost -p "$1" -d postgres -c "$2"; }
shard_db() { on "$1" "SELECT count(*) FROM pg_database WHERE datname = '${P}_shard_$2'"; }

OUT=$(shard provision 11 2>&1); RC=$?
check "lesson 11 provisions with three shard servers (rc $RC: $OUT)" [ "$RC" -eq 0 ]
OUT=$(shard demo 11 shards 2>&1); RC=$?
check "the demo runs on three clusters (rc $RC)" [ "$RC" -eq 0 ]
[ "$RC" -eq 0 ] || printf '%s\n' "$OUT" | sed 's/^/# /'
check "each shard's database lives on its own cluster" \
	[ "$(shard_db "$PORT1" 1)$(shard_db "$PORT2" 2)$(shard_db "$PORT3" 3)" = 111 ]
total=0
for i in 1 2 3; do
	eval "port=\$PORT$i"
	n=$(psql -XAtq -h localhost -p "$port" -d "${P}_shard_$i" -c "SELECT count(*) FROM users")
	check "shard $i holds some users, not all ($n)" [ "${n:-0}" -gt 0 ] && [ "${n:-0}" -lt 6000 ]
	total=$((total + ${n:-0}))
done
check "the three shards hold the 6,000 users between them ($total)" [ "$total" = 6000 ]
check "the report counts each shard's share of the users" \
	sh -c 'printf "%s" "$1" | grep -Eq "each shard holds its own share of the users, sent there by the coordinator: shard_1 [0-9]+, shard_2 [0-9]+, shard_3 [0-9]+"' _ "$OUT"
check "the report says the shards live apart from the coordinator" \
	contains "$OUT" "3 of 3 shards live on servers apart from the coordinator's"
check "so the claim about one server is skipped, that line its reason" \
	contains "$OUT" "– one_server_one_fate: not the case here: 3 of 3 shards live on servers apart"
check "the lookup by id reaches one shard" contains "$OUT" "reached 1 of 3 shards (users_shard_"
check "the question without the id reaches all three" \
	contains "$OUT" "the question without the id reached every shard (3 of 3): median"
check "the same question is timed on each shard alone" \
	sh -c 'printf "%s" "$1" | grep -Eq "on each shard.s own database: shard_1 [0-9.]+ ms, shard_2 [0-9.]+ ms, shard_3 [0-9.]+ ms"' _ "$OUT"
check "the routed lookup and the fan-out are shown side by side" \
	sh -c 'printf "%s" "$1" | grep -A3 "The questions side by side" | grep -q "One user by id, through the coordinator" &&
		printf "%s" "$1" | grep -A3 "The questions side by side" | grep -q "The question without the id, through the coordinator"' _ "$OUT"
check "the join across shards answers" contains "$OUT" "the join across shards answered: 200 rows"
check "its plan reads all three, joined on the coordinator" \
	contains "$OUT" "its plan reads 3 of 3 shards, and the coordinator joins the rows itself"
check "with shard_2 taken away, a user on shard_1 still answers" contains "$OUT" "(on shard_1) still answers"
check "and one on shard_2 does not" contains "$OUT" "(on shard_2) fails"
OUT=$(shard --format csv bench 11 --history 2>&1)
for w in shard_keyed shard_fanout shard_join fanout_shard_1_alone fanout_shard_2_alone fanout_shard_3_alone; do
	check "the results store keeps $w" contains "$OUT" ",$w,"
done
check "no password in the report or the workdir" \
	sh -c '[ -z "$1" ] || ! grep -rqF -- "$1" "$2"' _ "${PGPASSWORD:-}" "$DBPATTERNS_WORKDIR"

# One cluster stopped: which questions still answer.
pg_ctlcluster "$VERSION" "dbp$$s2" stop
OUT=$(shard demo 11 shards 2>&1); RC=$?
check "with shard 2's server stopped the demo still reports (rc $RC)" [ "$RC" -eq 0 ]
[ "$RC" -eq 0 ] || printf '%s\n' "$OUT" | sed 's/^/# /'
check "it says shard_2 does not answer" contains "$OUT" "shard_2 does not answer"
check "a user on shard_1 still answers" contains "$OUT" "with shard_2 down, the lookup of user"
check "a user on shard_1 still answers" contains "$OUT" "(on shard_1) still answers"
check "a user on shard_3 still answers" contains "$OUT" "(on shard_3) still answers"
check "a user on shard_2 fails" contains "$OUT" "(on shard_2) fails"
check "the question without the id fails" contains "$OUT" "the question without the id fails"
check "the join across shards fails" contains "$OUT" "the join across shards fails"
check "no claim fails beside the report: those that need every shard are skipped" lacks "$OUT" "✗"
check "saying which shard did not answer" \
	contains "$OUT" "– rows_sent_to_shards: not the case here: shard_2 does not answer"
check "and where the shards live is not guessed" contains "$OUT" "where each lives cannot be told from here"

OUT=$(shard teardown 11 2>&1); RC=$?
check "teardown stops while a shard's server is down (rc $RC)" [ "$RC" -ne 0 ]
check "saying which" contains "$OUT" "shard_2's server does not answer"
check "and drops nothing" [ "$(shard_db "$PORT1" 1)$(shard_db "$PORT3" 3)" = 11 ]

# Teardown without the --shard flags finds the shard databases in the
# manifest, on the servers they live on, rather than say it is done while
# they stay.
OUT=$(dbp teardown 11 2>&1); RC=$?
check "without --shard, teardown stops too while shard_2's server is down (rc $RC)" [ "$RC" -ne 0 ]
check "saying where the manifest puts its database and what to give" \
	contains "$OUT" "shard_2's server, where the manifest says its database ${P}_shard_2 lives, does not answer"
check "  and how to reach it" contains "$OUT" "give teardown the --shard that reaches it"
check "and drops nothing" [ "$(shard_db "$PORT1" 1)$(shard_db "$PORT3" 3)" = 11 ]

pg_ctlcluster "$VERSION" "dbp$$s2" start
OUT=$(dbp teardown 11 2>&1); RC=$?
check "with it back, teardown without --shard removes lesson 11 (rc $RC: $OUT)" [ "$RC" -eq 0 ]
check "saying where each shard database was dropped" \
	contains "$OUT" "shard database ${P}_shard_2 dropped (postgres postgres@localhost:$PORT2"

check "every shard database is gone from its cluster" \
	[ "$(shard_db "$PORT1" 1)$(shard_db "$PORT2" 2)$(shard_db "$PORT3" 3)" = 000 ]
check "and the coordinator's database too" \
	[ "$(psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '${P}\\_%'")" = 0 ]
