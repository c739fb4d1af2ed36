# issue 6: a second ingest into an index that another ingest is writing
# killed the running one ("index: source: database is locked", run
# failed), or, once it could get in between the first one's commits,
# broke it otherwise (both numbered raw blocks from the same id).  One
# ingest at a time writes an index: the second says so and waits for the
# first to finish, then runs; neither loses anything.  The first one here
# commits after each file (TRAILSIFT_COMMIT_ROWS=1; its blocks get a zstd
# dictionary after 64 KiB) and then waits on standard input, so the
# second meets it with its lock held (fd 3, the writing end of that
# input, is closed for the second).

$ export TRAILSIFT_ZDICT_SAMPLES=65536; D="$TS_SRC/tests/data/ingest"; mkdir a b; i=0; while [ $i -lt 51 ]; do i=$((i + 1)); d=a; [ $i -gt 40 ] && d=b; [ $i = 51 ] && d=.; m=$(printf '%04d' $i); sed "s/-cdef-0000/-cdef-$m/g; s/960c4b3b-/$(printf %08x $i)-/" "$D/records.json" > $d/$m.json; done; trailsift ingest -q -d ref.db a - < 0051.json && trailsift ingest -q -d ref.db b && sh "$TS_SRC/tests/data/dump-index.sh" ref.db > ref.txt; trailsift query -d ref.db -f csv "SELECT count(*) FROM events"
count(*)
153

$ export TRAILSIFT_ZDICT_SAMPLES=65536; mkfifo in; (TRAILSIFT_COMMIT_ROWS=1 trailsift ingest -q -d c.db a - < in; echo "first: exit $?") > first.out 2>&1 & exec 3> in; n=0; until [ "$(trailsift query -d c.db -f csv "SELECT count(*) FROM sources WHERE status = 'ok'" 2>/dev/null | tail -n 1)" = 40 ] || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done; (exec 3>&-; trailsift ingest -q -d c.db b; echo "second: exit $?") > second.out 2>&1 & n=0; until grep -qs waiting second.out || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done; cat 0051.json >&3; exec 3>&-; wait; cat first.out second.out
first: exit 0
trailsift: c.db: waiting for another ingest into this index to finish
second: exit 0

# the same index as the two commands run one after the other, each run
# complete, and one file left
$ sh "$TS_SRC/tests/data/dump-index.sh" c.db | cmp - ref.txt && echo same; trailsift query -d c.db -f csv "SELECT id, status FROM run ORDER BY id"; ls c.db*
same
id,status
1,ok
2,ok
c.db

# the first one killed (kill -9) while the second waits: its lock goes
# with it, the second runs, and the index is sound, with what the first
# committed (a/) and the second's (b/)
$ mkfifo in2; TRAILSIFT_COMMIT_ROWS=1 trailsift ingest -q -d k.db a - < in2 > /dev/null 2>&1 & pid=$!; exec 3> in2; n=0; until [ "$(trailsift query -d k.db -f csv "SELECT count(*) FROM sources WHERE status = 'ok'" 2>/dev/null | tail -n 1)" = 40 ] || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done; (exec 3>&-; trailsift ingest -q -d k.db b; echo "second: exit $?") > second2.out 2>&1 & n=0; until grep -qs waiting second2.out || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done; kill -9 $pid; wait $pid 2>/dev/null; exec 3>&-; wait; cat second2.out; trailsift query -d k.db -f csv "PRAGMA integrity_check"; trailsift query -d k.db -f csv "SELECT count(*) FROM events"
trailsift: k.db: waiting for another ingest into this index to finish
second: exit 0
integrity_check
ok
count(*)
150

# a query reading a finished index for longer than the ingest waits (10
# s) kept the ingest from entering WAL mode: it said only "index:
# database is locked"; it now names the index and what to do (the
# ingest starts once the query's read lock shows in /proc/locks)
$ trailsift ingest -q -d busy.db a/0001.json && { timeout 25 trailsift query -d busy.db -f csv "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c, events" > /dev/null 2>&1 & q=$!; } && ino=$(stat -c %i busy.db) && n=0 && until grep -q ":$ino " /proc/locks || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done && trailsift ingest -q -d busy.db a/0002.json; echo "exit $?"; { kill $q; wait $q; } 2>/dev/null; trailsift query -d busy.db -f csv "SELECT count(*) FROM events"
trailsift: busy.db: another program (a query, a report, a rules run) kept reading the index for 10 s; run this again when it has ended
exit 1
count(*)
3

# another program with the index open at the end of an ingest (a query
# loop beside it, here a sqlite3 shell that read it in WAL mode) kept it
# in WAL mode without a word, exit 0, though the index's copy needs its
# side files.  The ingest tries for 3 s, then says so; the next ingest
# folds the log.
# requires: sqlite3
$ D="$TS_SRC/tests/data/ingest"; trailsift ingest -q -d held.db "$D/records.json" && sqlite3 held.db "PRAGMA journal_mode = WAL" && { { echo "SELECT count(*) FROM event;"; sleep 6; } | sqlite3 held.db > /dev/null & h=$!; } && sleep 1 && trailsift ingest -q -d held.db "$D/array.json" 2> held.err; echo "exit $?"; sed "s|$PWD/||g" held.err; ls held.db*; wait $h; trailsift ingest -q -d held.db "$D/array.json"; ls held.db*
wal
exit 0
trailsift: held.db: left in WAL mode, as another program was reading it: keep held.db-wal and held.db-shm with it (the next ingest folds them)
held.db
held.db-shm
held.db-wal
held.db

# Sources read before one that is slow to come (stdin, a FIFO, a stalled
# disk) were committed only when that one ended: until then a query saw
# none of them, and a kill lost them all.  Waiting between sources, the
# writer now commits once 2 s have passed since its last commit.
$ D="$TS_SRC/tests/data/ingest"; mkfifo slow; (trailsift ingest -q -d w.db "$D/records.json" - < slow; echo "exit $?") > w.out 2>&1 & exec 3> slow; n=0; until [ "$(trailsift query -d w.db -f csv "SELECT count(*) FROM events" 2>/dev/null | tail -n 1)" -gt 0 ] 2>/dev/null || [ $n -ge 100 ]; do sleep 0.1; n=$((n + 1)); done; trailsift query -d w.db -f csv "SELECT count(*) AS stored_while_waiting FROM events"; cat "$D/array.json" >&3; exec 3>&-; wait; cat w.out; trailsift query -d w.db -f csv "SELECT count(*) AS events FROM events"
stored_while_waiting
3
exit 0
events
3

# ... and a kill -9 then keeps them.
$ D="$TS_SRC/tests/data/ingest"; mkfifo slow2; trailsift ingest -q -d slow.db "$D/records.json" - < slow2 > /dev/null 2>&1 & pid=$!; exec 3> slow2; n=0; until [ "$(trailsift query -d slow.db -f csv "SELECT count(*) FROM events" 2>/dev/null | tail -n 1)" -gt 0 ] 2>/dev/null || [ $n -ge 100 ]; do sleep 0.1; n=$((n + 1)); done; kill -9 $pid; wait $pid 2>/dev/null; exec 3>&-; trailsift query -d slow.db -f csv "SELECT count(*) AS events FROM events"; trailsift query -d slow.db -f csv "SELECT path = '$D/records.json' AS records_json, status FROM sources"
events
3
records_json,status
1,ok

# A new index is written in rollback-journal mode (its pages are written
# once, not to a log and again into the file): a commit needs the file
# to itself, so the ingest waits for a program still reading it (here a
# sqlite3 shell in a read transaction), says so after a second, even
# with -q, and goes on when it has ended; nothing is lost.
# requires: sqlite3
$ export TRAILSIFT_ZDICT_SAMPLES=65536; mkfifo nw; TRAILSIFT_COMMIT_ROWS=1 trailsift ingest -q -d nw.db a/0001.json - < nw > nw.out 2>&1 & pid=$!; exec 3> nw; n=0; until [ "$(trailsift query -d nw.db -f csv "SELECT count(*) FROM events" 2>/dev/null | tail -n 1)" = 3 ] || [ $n -ge 100 ]; do sleep 0.1; n=$((n + 1)); done; (exec 3>&-; { echo "BEGIN; SELECT count(*) FROM source;"; sleep 3; echo "COMMIT;"; } | sqlite3 nw.db > /dev/null) & r=$!; sleep 0.3; cat 0051.json >&3; exec 3>&-; wait $pid; echo "ingest: exit $?"; wait $r; cat nw.out; trailsift query -d nw.db -f csv "SELECT count(*) FROM events"; ls nw.db*
ingest: exit 0
trailsift: nw.db: waiting for other programs reading the index (a query, a report) to let go of it
count(*)
6
nw.db

# Ctrl-C while it waits stops it: what it committed is kept, the rest
# is read again by the next run.
# requires: sqlite3
$ export TRAILSIFT_ZDICT_SAMPLES=65536; mkfifo ni; TRAILSIFT_COMMIT_ROWS=1 trailsift ingest -q -d ni.db a/0001.json - < ni > ni.out 2>&1 & pid=$!; exec 3> ni; n=0; until [ "$(trailsift query -d ni.db -f csv "SELECT count(*) FROM events" 2>/dev/null | tail -n 1)" = 3 ] || [ $n -ge 100 ]; do sleep 0.1; n=$((n + 1)); done; (exec 3>&-; { echo "BEGIN; SELECT count(*) FROM source;"; sleep 4; echo "COMMIT;"; } | sqlite3 ni.db > /dev/null) & r=$!; sleep 0.3; cat 0051.json >&3; exec 3>&-; n=0; until grep -qs waiting ni.out || [ $n -ge 100 ]; do sleep 0.1; n=$((n + 1)); done; kill -INT $pid; wait $pid; echo "ingest: exit $?"; wait $r; cat ni.out; trailsift query -d ni.db -f csv "SELECT count(*) FROM events"; trailsift ingest -q -d ni.db a/0001.json 0051.json; trailsift query -d ni.db -f csv "SELECT count(*) FROM events"; ls ni.db*
ingest: exit 1
trailsift: ni.db: waiting for other programs reading the index (a query, a report) to let go of it
trailsift: index: stopped waiting for other programs reading the index; what the ingest read since its last commit is not stored
trailsift: interrupted: what was stored is complete; run the same command again to finish
count(*)
3
count(*)
6
ni.db

# a report (or rules run) storing findings while a first ingest wrote
# the index failed at once, saying a reader had kept the index for 10 s:
# the first load's journal mode cannot be changed under it.  It now says
# it waits for the ingest, runs when that has ended, and sees all of it
$ mkfifo in3; (TRAILSIFT_COMMIT_ROWS=1 trailsift ingest -q -d r.db a - < in3; echo "ingest: exit $?") > ingest3.out 2>&1 & exec 3> in3; n=0; until [ "$(trailsift query -d r.db -f csv "SELECT count(*) FROM sources WHERE status = 'ok'" 2>/dev/null | tail -n 1)" = 40 ] || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done; (exec 3>&-; trailsift report provisioning -d r.db -f csv > report3.csv; echo "report: exit $?") > report3.out 2>&1 & n=0; until grep -qs waiting report3.out || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done; cat 0051.json >&3; exec 3>&-; wait; cat ingest3.out report3.out; trailsift query -d r.db -f csv "SELECT kind, status FROM run ORDER BY id"
ingest: exit 0
trailsift: r.db: waiting for the ingest into this index to finish
report: exit 0
kind,status
ingest,ok
rules,ok

# and an ingest meeting a rules run that stores findings waits for it,
# naming it; the run here loops until it is killed, which frees the lock
$ mkdir loop-rules && printf 'return rule { id = "slow.loop", title = "loops", severity = "info",\n  finish = function(ctx) while true do end end }\n' > loop-rules/r.lua && trailsift ingest -q -d lw.db a/0001.json; trailsift rules run -d lw.db --rules loop-rules --max-instructions 50000000000 slow.loop > /dev/null 2>&1 & r=$!; ino=$(stat -c %i lw.db); n=0; until grep -q "OFDLCK.*READ.*:$ino " /proc/locks || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done; (trailsift ingest -q -d lw.db a/0002.json; echo "ingest: exit $?") > ingest4.out 2>&1 & n=0; until grep -qs waiting ingest4.out || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done; kill $r; wait; cat ingest4.out; trailsift query -d lw.db -f csv "SELECT count(*) FROM events"
trailsift: lw.db: waiting for a rules run or report storing findings in this index to finish
ingest: exit 0
count(*)
6
