# Opening an index that a killed write left with a hot rollback journal:
# a read-only command cannot undo it, and said only "cannot read the
# index: attempt to write a readonly database".  It now says what
# happened and what to do; the next ingest undoes the cut-off write (the
# two events it had deleted are back) and goes on.

$ D="$TS_SRC/tests/data/hotjournal"; gunzip -c "$D/hot.db.gz" > hot.db && gunzip -c "$D/hot.db-journal.gz" > hot.db-journal && trailsift query -d hot.db "SELECT count(*) FROM events"
trailsift: hot.db: a write into the index was cut off and its rollback journal (hot.db-journal) is still to be undone, which a command that only reads cannot do; run the ingest again to finish it
[exit 1]

$ trailsift ingest -q -d hot.db "$TS_SRC/tests/data/ingest/records.json" && ls hot.db*; trailsift query -d hot.db -f csv "SELECT count(*) AS events, sum(event_id LIKE '18%') AS from_before FROM events"
trailsift: hot.db: upgrading the index from schema version 3 to 6 (once; about 2.5 s per million events)
hot.db
events,from_before
5,2

# an index the user may not read: SQLite's "unable to open database
# file" gave no reason; the system's is given
# requires: unreadable-dirs
$ cp hot.db locked.db && chmod 000 locked.db && for c in query show; do $TS_NODAC trailsift $c -d locked.db x; done; chmod 644 locked.db
trailsift: locked.db: cannot open index: Permission denied
trailsift: locked.db: cannot open index: Permission denied

# A new index is written in rollback-journal mode: an ingest into it
# that was killed leaves what it committed in the file itself, which
# reads alone (here a copy with nothing beside it).
$ D="$TS_SRC/tests/data/ingest"; TRAILSIFT_COMMIT_ROWS=1 TRAILSIFT_CRASH_AFTER_COMMITS=2 trailsift ingest -q -d w.db "$D/records.json" "$D/array.json" 2>/dev/null; mkdir copy && cp w.db copy/ && trailsift query -d copy/w.db -f csv "SELECT count(*) > 0 AS some FROM events"; ls copy
some
1
w.db

# An index copied without the -wal of a write cut off in WAL mode (an
# older trailsift's first ingest, here a sqlite3 shell killed), when all
# it stored is in the log, read as "not a trailsift index"; the message
# says what is missing.
# requires: sqlite3
$ (printf 'PRAGMA journal_mode = WAL;\nPRAGMA wal_autocheckpoint = 0;\nCREATE TABLE t(x);\nPRAGMA user_version = 6;\n'; sleep 30) | sqlite3 w6.db > /dev/null & p=$!; n=0; until [ "$(stat -c %s w6.db-wal 2>/dev/null || echo 0)" -gt 0 ] || [ $n -ge 100 ]; do sleep 0.1; n=$((n + 1)); done; sleep 0.2; kill -9 $p; wait $p 2>/dev/null; mkdir copy6 && cp w6.db copy6/ && trailsift query -d copy6/w6.db "SELECT 1"; echo "exit $?"
trailsift: copy6/w6.db: not a trailsift index without its log: the file is in WAL mode, as an ingest cut off leaves it, and what that ingest stored is in copy6/w6.db-wal, which is missing or empty (copy it along with the index)
exit 1

# An index left in WAL mode (here by a program that checkpointed it and
# kept the mode) in a folder that may not be written, as read-only media
# are: SQLite creates a -shm even to read it, and query, show and report
# said "attempt to write a readonly database".  With no log to read,
# the file holds the whole index: it is now read as it is, and nothing
# is created beside it.
# requires: unreadable-dirs
# requires: sqlite3
$ trailsift ingest -q -d r.db "$TS_SRC/tests/data/ingest/records.json" && sqlite3 r.db "PRAGMA journal_mode=WAL" && mkdir ro && cp r.db ro/ && chmod 555 ro && $TS_NODAC trailsift query -d ro/r.db -f csv "SELECT count(*) AS events FROM events"; $TS_NODAC trailsift show -d ro/r.db "$(trailsift query -d r.db -f csv 'SELECT event_id FROM events LIMIT 1' | tail -1)" | head -c 20; echo; ls ro; chmod 755 ro
wal
events
3
{"eventVersion":"1.1
r.db

# With a log beside it there (an ingest appending to an index, which is
# in WAL mode, killed), the log cannot be read without a -shm: the
# message says so and what to do.
# requires: unreadable-dirs
# requires: sqlite3
$ D="$TS_SRC/tests/data/ingest"; trailsift ingest -q -d k.db "$D/array.json" && TRAILSIFT_COMMIT_ROWS=1 TRAILSIFT_CRASH_AFTER_COMMITS=2 trailsift ingest -q -d k.db "$D/records.json" 2>/dev/null; mkdir ro2 && cp k.db k.db-wal ro2/ && chmod 555 ro2 && $TS_NODAC trailsift query -d ro2/k.db "SELECT count(*) FROM events"; echo "exit $?"; ls ro2; chmod 755 ro2
trailsift: ro2/k.db: cannot read the index in this folder: it is in WAL mode, with a log (ro2/k.db-wal) that SQLite reads through ro2/k.db-shm, which it may not create or write here; copy the index with its -wal (and -shm, if any) to a folder that can be written
exit 1
k.db
k.db-wal
