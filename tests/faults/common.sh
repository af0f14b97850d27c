# Helpers for the fault-injection tests (sourced after tests/lib.sh).
# Every dbpatterns call goes through dbp or dbp_bg, so that everything it
# printed (stdout and stderr) is kept in $OUTLOG and can be searched for
# the secret canaries at the end (canary_check).

# The second canary contains the first: one grep finds either.
CANARY=S3cr3tCanary
CANARY_PW=S3cr3tCanary2
OUTLOG="$SCRATCH/all-output"
: >"$OUTLOG"
BAD_DSN='postgresql://u:S3cr3tCanary@[::1:5499/postgres'

# dbp ARGS...: like run_dbp ($OUT, $ERR, $RC), and the output is logged.
dbp() {
	"$DBP_BIN" "$@" >"$SCRATCH/last.out" 2>"$SCRATCH/last.err"
	RC=$?
	OUT=$(cat "$SCRATCH/last.out")
	ERR=$(cat "$SCRATCH/last.err")
	cat "$SCRATCH/last.out" "$SCRATCH/last.err" >>"$OUTLOG"
}

# dbp_bg NAME ARGS...: in the background; its pid in $BGPID, its output in
# $SCRATCH/NAME.out and NAME.err until bg_wait collects it.
dbp_bg() {
	bg_name=$1
	shift
	"$DBP_BIN" "$@" >"$SCRATCH/$bg_name.out" 2>"$SCRATCH/$bg_name.err" &
	BGPID=$!
}

# A child that has exited is a zombie until waited for, and kill -0 still
# finds it: look at its state instead.
alive() {
	[ -r "/proc/$1/stat" ] || return 1
	case $(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null) in
	Z* | X* | "") return 1 ;;
	esac
	return 0
}

# bg_wait PID NAME SECONDS: wait (bounded) for a background dbpatterns;
# $RC is its status (or 124 when it had to be killed), $OUT and $ERR its
# output, which joins the log.
bg_wait() {
	bw_end=$(($(date +%s) + $3))
	while alive "$1" && [ "$(date +%s)" -lt "$bw_end" ]; do
		sleep 0.1
	done
	if alive "$1"; then
		echo "# $2 (pid $1) still running after $3 s: killed"
		kill -9 "$1" 2>/dev/null
		wait "$1" 2>/dev/null
		RC=124
	else
		wait "$1"
		RC=$?
	fi
	OUT=$(cat "$SCRATCH/$2.out")
	ERR=$(cat "$SCRATCH/$2.err")
	cat "$SCRATCH/$2.out" "$SCRATCH/$2.err" >>"$OUTLOG"
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# wait_sql SQL WANT SECONDS [DB]: until psql answers WANT (asked at least
# once); 0 if it did within the time.
wait_sql() {
	ws_end=$(($(now_ms) + $3 * 1000))
	while :; do
		[ "$(psql_q "$1" ${4:+"$4"} 2>/dev/null)" = "$2" ] && return 0
		[ "$(now_ms)" -lt "$ws_end" ] || return 1
		sleep 0.05
	done
}

# Statements dbpatterns is running in the databases of prefix $1.
active_sql() {
	echo "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dbpatterns' AND state = 'active' AND datname LIKE '$1\\_%'"
}

# wait_seed PREFIX PID SECONDS: until a seed (generate_series) of ours is
# running on the server; fails as soon as the process has ended.
wait_seed() {
	wd_end=$(($(date +%s) + $3))
	while [ "$(date +%s)" -lt "$wd_end" ] && alive "$2"; do
		[ "$(psql_q "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dbpatterns' AND state = 'active' AND datname LIKE '$1\\_%' AND query LIKE '%generate_series%'" 2>/dev/null)" -gt 0 ] 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

# The exit of a process that failed cleanly: 1, not a crash or a sanitizer.
clean_failure() {
	[ "$RC" -eq 1 ] && lacks "$ERR" "AddressSanitizer" && lacks "$ERR" "runtime error" &&
		lacks "$ERR" "LeakSanitizer"
}
no_sanitizer() { lacks "$ERR" "AddressSanitizer" && lacks "$ERR" "runtime error" && lacks "$ERR" "LeakSanitizer"; }

# A login role with a password (and CREATEDB), and a DSN that carries the
# password: every message dbpatterns prints must keep it hidden.
# canary_role NAME: sets PWDSN; the caller's TEARDOWN_HOOK drops the role.
canary_role() {
	CANARY_ROLE=$1
	psql_q "CREATE ROLE \"$CANARY_ROLE\" LOGIN CREATEDB PASSWORD '$CANARY_PW'" >/dev/null
	PWDSN="host=127.0.0.1 port=${PGPORT:-5432} user=$CANARY_ROLE password=$CANARY_PW dbname=postgres"
}

# One call libpq cannot parse: its error quotes the whole URI.
canary_bad_dsn() {
	dbp --backend postgres --dsn "$BAD_DSN" --workdir "$SCRATCH/bad-dsn" --prefix "$1" provision 1
	check "an unparsable DSN fails cleanly (exit 1)" clean_failure
	check "and says it cannot connect" contains "$ERR" "cannot connect to PostgreSQL"
	check "without showing the password in the URI" lacks "$OUT$ERR" "$CANARY"
}

# At the end: no output of any call, nor any file of the workdirs, holds
# a canary.
canary_check() {
	check "every dbpatterns output was collected ($(wc -l <"$OUTLOG") lines)" [ -s "$OUTLOG" ]
	check "no output of any call holds the password canary" sh -c '! grep -q "$1" "$2"' _ "$CANARY" "$OUTLOG"
	check "no file dbpatterns wrote holds it" sh -c '! grep -rqs "$1" "$2" --exclude=all-output --exclude="*.out" --exclude="*.err" --exclude="last.*"' _ "$CANARY" "$SCRATCH"
}

# Drop, as the superuser, whatever of prefix $1 is left (a failed run's
# remains); used only in TEARDOWN_HOOK, after dbpatterns' own teardown.
force_cleanup() {
	for fc_db in $(psql_q "SELECT datname FROM pg_database WHERE datname LIKE '$1\\_%'" 2>/dev/null); do
		psql -Xqc "DROP DATABASE IF EXISTS \"$fc_db\" WITH (FORCE)" >/dev/null 2>&1
	done
}

# pg_fault_setup [HOOK]: a fresh prefix $P, a workdir $W and a role $ROLE
# whose password is the canary ($PWDSN); d runs dbpatterns there.  The
# teardown hook runs HOOK first (e.g. bring the server back), then removes
# the lesson, anything left under the prefix, and the role.
pg_fault_setup() {
	P=$(unique_prefix)
	W="$SCRATCH/w"
	ROLE="${P}_canary"
	TEARDOWN_HOOK="${1:+$1; }\"\$DBP_BIN\" --backend postgres --workdir \"\$W\" --prefix '$P' --dsn \"\$PWDSN\" teardown all; force_cleanup '$P'; psql -Xqc 'DROP ROLE IF EXISTS \"$ROLE\"'"
	canary_bad_dsn "$P"
	canary_role "$ROLE"
}
d() { dbp --backend postgres --workdir "$W" --prefix "$P" --dsn "$PWDSN" "$@"; }
d_bg() { bgn=$1; shift; dbp_bg "$bgn" --backend postgres --workdir "$W" --prefix "$P" --dsn "$PWDSN" "$@"; }

# 0 when the output carries a raw catalog error instead of our words.
raw_catalog_error() {
	case $1 in *"duplicate key"* | *pg_database_datname_index* | *"already exists"*) return 0 ;; esac
	return 1
}
