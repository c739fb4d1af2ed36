# An index whose folder cannot be written, or whose disk fills up.

# an index in a folder it may not write to: WAL mode needs its side
# files there.  Ingest said only "index: attempt to write a readonly
# database", naming neither the index nor the reason.
# requires: unreadable-dirs
$ mkdir ro && trailsift ingest -q -d ro/x.db "$TS_SRC/tests/data/ingest/records.json" && chmod 555 ro && $TS_NODAC trailsift ingest -q -d ro/x.db "$TS_SAMPLES"; echo "exit $?"; chmod 755 ro; ls ro
trailsift: ro/x.db: cannot write the index: its folder is read-only, and ingest creates ro/x.db-wal and ro/x.db-shm beside it; make the folder writable, or move the index
exit 1
x.db
