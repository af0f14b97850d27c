#!/bin/sh
# Many dbpatterns at once on one PostgreSQL server: 30 prefixes side by
# side; five processes racing for one prefix from five workspaces (one
# wins, the others are refused in words, not with a catalog error); five
# sharing one workspace (all succeed, the seed runs once).  Outcomes are
# read from the server (psql) and the manifests.
. "$DBP_SRCDIR/tests/lib.sh"
. "$DBP_SRCDIR/tests/faults/common.sh"
need_pg
# What is under test is who wins and what is kept, not how fast a server
# takes 30 new sessions: on a loaded 2-core machine (two more test runs
# and two busy loops beside this one) 13 of the 30 waited longer than the
# 10 s dbpatterns allows by default, and said so in words.  Allow longer.
export PGCONNECT_TIMEOUT=120
B=$(unique_prefix)
N=30
ONE="${B}_one"
SH="${B}_sh"
# Every workdir gets its own teardown; then anything left of ours goes.
TEARDOWN_HOOK="for w in \"\$SCRATCH\"/w*; do [ -d \"\$w\" ] && \"\$DBP_BIN\" --backend postgres --workdir \"\$w\" --prefix \"\$(cat \"\$w/prefix\")\" teardown 1; done; force_cleanup '$B'"

canary_bad_dsn "${B}_bad"

# Lesson 1 databases of a prefix, and the markers that name a workspace.
dbs_like() { psql_q "SELECT count(*) FROM pg_database WHERE datname LIKE '$1'"; }
marker_of() { psql_q "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = '$1'"; }

# ---- 30 prefixes, 30 workspaces, all at once -------------------------------
t0=$(date +%s)
pids=""
i=1
while [ $i -le $N ]; do
	n=$(printf '%02d' $i)
	mkdir -p "$SCRATCH/w$n"
	echo "${B}_p$n" >"$SCRATCH/w$n/prefix"
	dbp_bg "p$n" --backend postgres --workdir "$SCRATCH/w$n" --prefix "${B}_p$n" provision 1
	pids="$pids $BGPID"
	i=$((i + 1))
done
ok_n=0
bad=""
i=1
for pid in $pids; do
	n=$(printf '%02d' $i)
	bg_wait "$pid" "p$n" 300
	if [ "$RC" -eq 0 ] && contains "$OUT" "provisioned on postgres"; then
		ok_n=$((ok_n + 1))
	else
		bad="$bad p$n(rc=$RC: $(printf '%s' "$ERR" | head -c 300))"
	fi
	i=$((i + 1))
done
echo "# 30 parallel provisions took $(($(date +%s) - t0)) s"
[ -z "$bad" ] || echo "# failed:$bad"
check "30 parallel provisions with 30 prefixes: 30/30 exit 0" [ "$ok_n" -eq $N ]
check "psql shows the 30 databases" [ "$(dbs_like "${B}\\_p__\\_community")" -eq $N ]
marked=0
listed=0
i=1
while [ $i -le $N ]; do
	n=$(printf '%02d' $i)
	id=$(cat "$SCRATCH/w$n/workspace.id" 2>/dev/null)
	case $(marker_of "${B}_p${n}_community") in
	*"workspace=$id"*) [ -n "$id" ] && marked=$((marked + 1)) ;;
	esac
	grep -q "	database	${B}_p${n}_community\$" "$SCRATCH/w$n/manifest.tsv" 2>/dev/null && listed=$((listed + 1))
	i=$((i + 1))
done
check "each carries the marker naming its own workspace" [ "$marked" -eq $N ]
check "each workspace's manifest lists its database" [ "$listed" -eq $N ]
check "each is fully seeded (30 x 50000 comments)" [ "$(i=1; t=0; while [ $i -le $N ]; do t=$((t + $(psql_q 'SELECT count(*) FROM comments' "${B}_p$(printf '%02d' $i)_community"))); i=$((i + 1)); done; echo $t)" -eq $((N * 50000)) ]
check "no dbpatterns session is left on the server" wait_sql "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dbpatterns' AND datname LIKE '${B}\\_%'" 0 10

# ---- one prefix, five workspaces, at once ---------------------------------
pids=""
for k in 1 2 3 4 5; do
	mkdir -p "$SCRATCH/wone$k"
	echo "$ONE" >"$SCRATCH/wone$k/prefix"
	dbp_bg "one$k" --backend postgres --workdir "$SCRATCH/wone$k" --prefix "$ONE" provision 1
	pids="$pids $BGPID"
done
won=0
refused=0
raw=0
applied_by_losers=0
winner=""
k=1
for pid in $pids; do
	bg_wait "$pid" "one$k" 300
	if [ "$RC" -eq 0 ]; then
		won=$((won + 1))
		winner=$k
	else
		if [ "$RC" -eq 1 ] && contains "$ERR" "belongs to another dbpatterns workspace" &&
			contains "$ERR" "provisioning changed nothing" && no_sanitizer; then
			refused=$((refused + 1))
		else
			echo "# one$k: rc=$RC: $ERR"
		fi
		contains "$OUT" "applied" && applied_by_losers=$((applied_by_losers + 1))
	fi
	raw_catalog_error "$OUT$ERR" && raw=$((raw + 1))
	k=$((k + 1))
done
check "one prefix from five workspaces: exactly one succeeds" [ "$won" -eq 1 ]
check "the four others are refused in words (another workspace owns it, nothing changed)" [ "$refused" -eq 4 ]
check "no raw catalog error (duplicate key, pg_database_datname_index) in any output" [ "$raw" -eq 0 ]
check "no refused process says it applied anything" [ "$applied_by_losers" -eq 0 ]
check "psql shows one database with that prefix" [ "$(dbs_like "${ONE}\\_%")" -eq 1 ]
wid=$(cat "$SCRATCH/wone${winner:-0}/workspace.id" 2>/dev/null)
check "its marker names the winner's workspace" contains "$(marker_of "${ONE}_community")" "workspace=${wid:-none}"
check "it is seeded once (5000 users)" [ "$(psql_q 'SELECT count(*) FROM users' "${ONE}_community")" = 5000 ]
lost_listed=0
for k in 1 2 3 4 5; do
	[ "$k" = "$winner" ] && continue
	grep -qs "${ONE}_community" "$SCRATCH/wone$k/manifest.tsv" && lost_listed=$((lost_listed + 1))
done
check "no refused workspace lists the database in its manifest" [ "$lost_listed" -eq 0 ]

# ---- one prefix, one shared workspace, five at once -----------------------
mkdir -p "$SCRATCH/wsh"
echo "$SH" >"$SCRATCH/wsh/prefix"
pids=""
for k in 1 2 3 4 5; do
	dbp_bg "sh$k" --backend postgres --workdir "$SCRATCH/wsh" --prefix "$SH" provision 1
	pids="$pids $BGPID"
done
sh_ok=0
seeded=0
raw=0
k=1
for pid in $pids; do
	bg_wait "$pid" "sh$k" 300
	if [ "$RC" -eq 0 ] && contains "$OUT" "provisioned on postgres" && no_sanitizer; then
		sh_ok=$((sh_ok + 1))
	else
		echo "# sh$k: rc=$RC: $ERR"
	fi
	contains "$OUT" "applied 002_seed" && seeded=$((seeded + 1))
	raw_catalog_error "$OUT$ERR" && raw=$((raw + 1))
	k=$((k + 1))
done
check "one prefix, one shared workdir, five at once: all five succeed" [ "$sh_ok" -eq 5 ]
check "the seed ran in exactly one of them" [ "$seeded" -eq 1 ]
check "no raw catalog error in any output" [ "$raw" -eq 0 ]
check "psql shows one database with that prefix" [ "$(dbs_like "${SH}\\_%")" -eq 1 ]
check "the five agreed on one workspace id, which the marker names" contains "$(marker_of "${SH}_community")" "workspace=$(cat "$SCRATCH/wsh/workspace.id")"
check "history holds each migration once" [ "$(psql_q 'SELECT string_agg(version::text, $$,$$ ORDER BY version) FROM dbpatterns_history_community' "${SH}_community")" = "1,2" ]
check "the manifest lists it once" [ "$(grep -c "	database	${SH}_community\$" "$SCRATCH/wsh/manifest.tsv")" -eq 1 ]

# ---- the first start of one workspace, many processes at once ----------------
# Each process of a fresh workdir makes or reads its workspace.id, which
# must never be seen half-written: a process that read it empty went on
# with no id and was refused ("this workspace has no id", "belongs to
# another dbpatterns workspace").  The code is the same for both engines;
# SQLite starts fast enough to hit the window (a PostgreSQL connect
# spreads the starts out), and a one-table lesson keeps the rounds cheap.
mkdir -p "$SCRATCH/tiny/01-tiny/m"
printf '[lesson]\nnumber = 1\nslug = tiny\ntitle = Tiny\n\n[database notes]\ntitle = Notes\n\n[app notes]\ntitle = Notes\ndatabase = notes\nmigrations = m\n' >"$SCRATCH/tiny/01-tiny/lesson.ini"
echo "CREATE TABLE notes (id integer PRIMARY KEY);" >"$SCRATCH/tiny/01-tiny/m/001_create.up.sql"
echo "DROP TABLE notes;" >"$SCRATCH/tiny/01-tiny/m/001_create.down.sql"
id_bad=0
r=1
while [ $r -le 24 ]; do
	pids=""
	for k in 1 2 3 4 5 6 7 8; do
		dbp_bg "id$k" --backend sqlite --lessons "$SCRATCH/tiny" --workdir "$SCRATCH/id$r" --prefix "${B}_id" provision 1
		pids="$pids $BGPID:id$k"
	done
	for pn in $pids; do
		bg_wait "${pn%%:*}" "${pn#*:}" 60
		if [ "$RC" -ne 0 ]; then
			id_bad=$((id_bad + 1))
			echo "# round $r ${pn#*:}: rc=$RC: $ERR"
		fi
	done
	r=$((r + 1))
done
check "24 fresh workdirs, each started by 8 processes at once: all 192 succeed (one workspace id each)" [ "$id_bad" -eq 0 ]
check "no half-made id file is left behind" sh -c '! ls "$1"/id*/workspace.id.*.tmp >/dev/null 2>&1' _ "$SCRATCH"

# ---- teardown, all at once too ------------------------------------------------
# A refused workspace cannot drop the winner's database.
for k in 1 2 3 4 5; do
	[ "$k" = "$winner" ] && continue
	dbp --backend postgres --workdir "$SCRATCH/wone$k" --prefix "$ONE" teardown 1
	[ "$RC" -eq 0 ] && echo "# wone$k teardown exit 0: $OUT"
done
check "the refused workspaces' teardowns leave the winner's database" [ "$(dbs_like "${ONE}\\_%")" -eq 1 ]
pids=""
for w in "$SCRATCH"/w[0-9][0-9] "$SCRATCH/wone${winner:-0}" "$SCRATCH/wsh"; do
	dbp_bg "td-$(basename "$w")" --backend postgres --workdir "$w" --prefix "$(cat "$w/prefix" 2>/dev/null)" teardown 1
	pids="$pids $BGPID:td-$(basename "$w")"
done
td_ok=0
td_n=0
for pn in $pids; do
	bg_wait "${pn%%:*}" "${pn#*:}" 300
	td_n=$((td_n + 1))
	if [ "$RC" -eq 0 ] && no_sanitizer; then td_ok=$((td_ok + 1)); else echo "# ${pn#*:}: rc=$RC: $ERR"; fi
done
check "all $td_n teardowns, in parallel, succeed" [ "$td_ok" -eq $((N + 2)) ]
check "psql shows no database of these prefixes left" [ "$(dbs_like "${B}\\_%")" -eq 0 ]
check "every manifest is empty of databases" sh -c '! cat "$1"/w*/manifest.tsv 2>/dev/null | grep -q "	database	"' _ "$SCRATCH"

canary_check
