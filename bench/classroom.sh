#!/bin/sh
# bench/classroom.sh [STUDENTS] [REPS]: a class on one PostgreSQL server.
# STUDENTS (default 30) login roles, each with its own workdir and so its
# own default prefix (dbp_ROLE), run lessons 1-4 end to end at once:
# provision, migrate up, bench (REPS timed runs, default 5), teardown.
# The same sequence run by one student alone first gives the figures the
# class's are divided by.  Every step a student's dbpatterns is refused
# for want of a connection slot (max_connections) is retried after a
# pause, and so is one whose connection timed out (the server too busy to
# answer in 10 s); the message it printed is kept.  Checks, not asserted but
# reported: every student completes; each student's tables hold the row
# counts the lone student's did (nobody touched anyone else's); at the
# end no database of the class is left.
#   pg_virtualenv -t -o max_connections=300 bench/classroom.sh 30
#   pg_virtualenv -t -o max_connections=40 bench/classroom.sh 30   # refusals
. "$(dirname "$0")/lib.sh"
STUDENTS=${1:-30}
REPS=${2:-5}
LESSONS="1 2 3 4"
have_pg || { say "no PostgreSQL server: run under pg_virtualenv -t"; exit 2; }
RETRIES=200

role_of() { printf '%s_s%02d' "$PREFIX" "$1"; }
i=0
while [ $i -le "$STUDENTS" ]; do
	r=$(role_of $i)
	psql_q "CREATE ROLE \"$r\" LOGIN CREATEDB PASSWORD '${PGPASSWORD:-x}'"
	on_exit "psql -XAtqc 'DROP ROLE IF EXISTS \"$r\"'"
	i=$((i + 1))
done
class_dbs() { psql_q "SELECT datname FROM pg_database WHERE datname LIKE 'dbp\\_${PREFIX}\\_%'"; }
drop_class_dbs() { for d in $(class_dbs); do dropdb "$d"; done; }
on_exit drop_class_dbs

# step N LESSON NAME ARGS...: one dbpatterns command as student N, timed;
# refused for a connection slot, it waits and runs again.
step() {
	n=$1; l=$2; name=$3; shift 3
	tries=0
	while :; do
		t0=$(now_ns)
		if PGUSER=$(role_of "$n") DBPATTERNS_WORKDIR="$WORK/w$n" "$BIN" --backend postgres "$@" \
			> "$WORK/out.$n" 2> "$WORK/err.$n"; then
			echo "$n $l $(ms_since "$t0")" >> "$WORK/t.$name"
			return 0
		fi
		# Refused a slot, or no answer in time (a server this busy): again.
		if grep -q 'max_connections\|PGCONNECT_TIMEOUT' "$WORK/err.$n" && [ $tries -lt $RETRIES ]; then
			tries=$((tries + 1))
			echo "$n $l $name" >> "$WORK/refused"
			head -n 1 "$WORK/err.$n" > "$WORK/refusal.message"
			# Apart, so that refused students do not all come back at once.
			sleep $(( (n * 7 + tries) % 5 + 1 ))
			continue
		fi
		echo "student $n lesson $l $name failed: $(head -n 3 "$WORK/err.$n")" >> "$WORK/failures"
		return 1
	done
}

# The rows of every table, as "db-without-prefix,schema-without-prefix,table,rows".
rows_of() {
	n=$1; l=$2; p="dbp_$(role_of "$n")"
	step "$n" "$l" tables --format csv tables "$l" || return 1
	tail -n +2 "$WORK/out.$n" | cut -d, -f1-4 | sed "s/${p}_//g" | sort
}

student() {
	n=$1
	for l in $LESSONS; do
		step "$n" "$l" provision provision "$l" || return 1
		# Lesson 3's books app fails on purpose (its tables clash with
		# community's in one schema): the lesson's point, not the load's.
		if [ "$l" = 3 ]; then
			step "$n" "$l" migrate --app shop migrate "$l" up || return 1
		else
			step "$n" "$l" migrate migrate "$l" up || return 1
		fi
		rows_of "$n" "$l" > "$WORK/rows.$n.$l" || return 1
		step "$n" "$l" bench --format csv --reps "$REPS" bench "$l" || return 1
		# median_ms of every workload that was timed (failing ones have none).
		tail -n +2 "$WORK/out.$n" | awk -F, '$8 != "" { print $8 }' >> "$WORK/q.$n"
		step "$n" "$l" teardown teardown "$l" || return 1
	done
	echo "$n" >> "$WORK/done"
}

stats() { # FILE: p50 p95 max of its third column
	f=$1
	printf '%s %s %s' "$(awk '{ print $3 }' "$f" | pct 50)" "$(awk '{ print $3 }' "$f" | pct 95)" \
		"$(awk '{ print $3 }' "$f" | maxof)"
}

say "server: max_connections $(psql_q 'SHOW max_connections'); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
say "one student alone, lessons $LESSONS (REPS $REPS)"
student 0 || { cat "$WORK/failures" >&2; exit 1; }
mkdir "$WORK/alone" && mv "$WORK"/t.* "$WORK/q.0" "$WORK/alone/"
t0=$(now_ns)
say "$STUDENTS students at once"
i=1
while [ $i -le "$STUDENTS" ]; do
	student "$i" &
	i=$((i + 1))
done
wait
wall=$(ms_since "$t0")
say "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

done_n=$(cat "$WORK/done" 2>/dev/null | wc -l)
result classroom.students "$STUDENTS"
result classroom.completed "$((done_n - 1))"
result classroom.wall_ms "$wall"
if [ -f "$WORK/failures" ]; then say "failures:"; cat "$WORK/failures" >&2; fi
# Untouched: every student's row counts, lesson by lesson, equal the lone student's.
differ=0
i=1
while [ $i -le "$STUDENTS" ]; do
	for l in $LESSONS; do
		if [ -f "$WORK/rows.$i.$l" ] && ! cmp -s "$WORK/rows.$i.$l" "$WORK/rows.0.$l"; then
			differ=$((differ + 1))
		fi
	done
	i=$((i + 1))
done
result classroom.row_counts_differing "$differ"
result classroom.databases_left "$(class_dbs | wc -l)"
result classroom.refusals "$(cat "$WORK/refused" 2>/dev/null | wc -l)"
if [ -f "$WORK/refusal.message" ]; then say "a refused student read: $(cat "$WORK/refusal.message")"; fi
for s in provision migrate bench teardown; do
	set -- $(stats "$WORK/alone/t.$s"); a50=$1; a95=$2
	set -- $(stats "$WORK/t.$s"); c50=$1; c95=$2; cmax=$3
	result "classroom.$s.alone_p50_p95_ms" "$a50/$a95"
	result "classroom.$s.class_p50_p95_max_ms" "$c50/$c95/$cmax"
	result "classroom.$s.ratio_p50_p95" "$(ratio "$c50" "$a50")/$(ratio "$c95" "$a95")"
done
cat "$WORK"/q.[1-9]* 2>/dev/null | awk '{ print 0, 0, $1 }' > "$WORK/q.class"
awk '{ print 0, 0, $1 }' "$WORK/alone/q.0" > "$WORK/q.alone"
set -- $(stats "$WORK/q.alone"); a50=$1; a95=$2
set -- $(stats "$WORK/q.class"); c50=$1; c95=$2; cmax=$3
result classroom.query_median.alone_p50_p95_ms "$a50/$a95"
result classroom.query_median.class_p50_p95_max_ms "$c50/$c95/$cmax"
result classroom.query_median.ratio_p50_p95 "$(ratio "$c50" "$a50")/$(ratio "$c95" "$a95")"
