# An index whose folder cannot be written, or whose disk fills up.
# On a full disk SQLite's words were all ingest said: "index: database
# or disk is full", naming neither the disk nor what to do.  Now the
# message names the index, says that what was committed is kept, and
# what to do; the exit status is 1,
# and once there is room the same command finishes the job as an
# uninterrupted run would have.  The small disk is a tmpfs mounted in a
# mount namespace of the command's own (unshare -rm; see tests/cli/run),
# which goes with it.

$ trailsift-gen --scenario bench --events 30000 --seed 1 --threads 1 --out g > /dev/null && trailsift ingest -q -j 2 -d ref.db g/logs && sh "$TS_SRC/tests/data/dump-index.sh" ref.db > ref.txt; trailsift query -d ref.db -f csv "SELECT count(*) FROM sources"
count(*)
6231

# full as the files load (a commit every 500 rows): the files committed
# before are all there, whole, and the index is sound
# requires: tmpfs
$ mkdir m; unshare -rm sh -c 'mount -t tmpfs -o size=8m tmpfs m && { TRAILSIFT_COMMIT_ROWS=500 trailsift ingest -q -j 2 -d m/f.db g/logs; echo "exit $?"; trailsift query -d m/f.db -f csv "SELECT count(*) > 1000 AS committed, count(*) = (SELECT sum(n_indexed) FROM sources) AS whole FROM events"; trailsift query -d m/f.db -f csv "PRAGMA integrity_check"; mount -o remount,size=64m m && trailsift ingest -q -j 2 -d m/f.db g/logs; echo "again: exit $?"; sh "$TS_SRC/tests/data/dump-index.sh" m/f.db | cmp - ref.txt && echo "same as uninterrupted"; ls m; }'
trailsift: index: m/f.db: the disk is full; all that was committed is kept, in m/f.db: make room there and run the same command again
exit 1
committed,whole
1,1
integrity_check
ok
again: exit 0
same as uninterrupted
f.db

# the same where the ingest appends to an index, which it writes in WAL
# mode: what was committed is in the index and its log together
# requires: tmpfs
$ mkdir w; unshare -rm sh -c 'mount -t tmpfs -o size=8m tmpfs w && { trailsift ingest -q -d w/f.db "$TS_SRC/tests/data/ingest/records.json" && TRAILSIFT_COMMIT_ROWS=500 trailsift ingest -q -j 2 -d w/f.db g/logs; echo "exit $?"; ls w; trailsift query -d w/f.db -f csv "SELECT count(*) > 1000 AS committed, count(*) = (SELECT sum(n_indexed) FROM sources) AS whole FROM events"; trailsift query -d w/f.db -f csv "PRAGMA integrity_check"; }'
trailsift: index: w/f.db: the disk is full; all that was committed is kept, in w/f.db and w/f.db-wal together: keep both, make room there and run the same command again
exit 1
f.db
f.db-shm
f.db-wal
committed,whole
1,1
integrity_check
ok

# full at the end, as the indexes are built: on the first disk size
# (stepping up by 1 MiB) where all the files load
# requires: tmpfs
$ mkdir e; s=14; while [ $s -le 40 ]; do unshare -rm sh -c "mount -t tmpfs -o size=${s}m tmpfs e && trailsift ingest -q -j 2 -d e/f.db g/logs 2> err; echo \$? > rc; trailsift query -d e/f.db -f csv \"SELECT count(*) FROM sources\" | tail -n 1 > n; trailsift query -d e/f.db -f csv \"PRAGMA integrity_check\" | tail -n 1 > ic; [ \$(cat n) = 6231 ] && mount -o remount,size=64m e && trailsift ingest -q -j 2 -d e/f.db g/logs && sh \"\$TS_SRC/tests/data/dump-index.sh\" e/f.db | cmp - ref.txt > same && echo yes > same"; [ "$(cat n)" = 6231 ] && break; s=$((s + 1)); done; cat err; echo "exit $(cat rc), integrity $(cat ic), then same as uninterrupted: $(cat same)"
trailsift: index: e/f.db: the disk is full; all that was committed is kept, in e/f.db: make room there and run the same command again
exit 1, integrity ok, then same as uninterrupted: yes

# a new index on a full disk
# requires: tmpfs
$ mkdir f; unshare -rm sh -c 'mount -t tmpfs -o size=4k tmpfs f && cd f && trailsift ingest -q -d f.db "$TS_SRC/tests/data/ingest/records.json"; echo "exit $?"'
trailsift: index: f.db: the disk is full; make room there and run the same command again
exit 1

# an index in a folder it may not write to: WAL mode needs its side
# files there.  Ingest said only "index: attempt to write a readonly
# database", naming neither the index nor the reason.
# requires: unreadable-dirs
$ mkdir ro && trailsift ingest -q -d ro/x.db "$TS_SRC/tests/data/ingest/records.json" && chmod 555 ro && $TS_NODAC trailsift ingest -q -d ro/x.db "$TS_SAMPLES"; echo "exit $?"; chmod 755 ro; ls ro
trailsift: ro/x.db: cannot write the index: its folder is read-only, and a writer creates ro/x.db-wal and ro/x.db-shm beside it; make the folder writable, or move the index
exit 1
x.db

# an index file without write permission: SQLite opens it read-only and
# a report that stores its findings said "index: attempt to write a
# readonly database", without the index
# requires: unreadable-dirs
$ chmod 444 ro/x.db && $TS_NODAC trailsift report memberships -d ro/x.db; echo "exit $?"; chmod 644 ro/x.db
trailsift: ro/x.db: cannot write the index: the file is read-only (its mode or its mount); make it writable, or copy it where it can be (--no-store runs the rules without storing findings)
exit 1

# a device named as the index: SQLite said only "index: disk I/O error"
$ trailsift ingest -q -d /dev/null "$TS_SRC/tests/data/ingest/records.json"; echo "exit $?"
trailsift: /dev/null: cannot open index: not a regular file (name the index file with -d)
exit 1
