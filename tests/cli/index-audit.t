# An index is a file investigators hand each other, and SQLite keeps
# logic in it.  A review planted some in copies of an index: a trigger
# that deleted new events as they were ingested (the summary said
# nothing), one that rewrote stored findings, one that emptied events
# when `report` began its run; a UNIQUE index that made every later event
# of one principal a "duplicate"; an `events` view that hid a user from
# every report.  Every command now refuses such an index before it reads
# or writes anything, naming what it found.

# requires: sqlite3
$ trailsift ingest -q -d base.db "$TS_SRC/tests/data/ingest/records.json" && cp base.db trig.db && sqlite3 trig.db "CREATE TRIGGER hide AFTER INSERT ON event BEGIN DELETE FROM event WHERE id = new.id; END" && cp trig.db trig-before.db && trailsift ingest -q -d trig.db "$TS_SRC/tests/data/ingest/array.json"; echo "exit $?"; trailsift query -d trig.db "SELECT 1"; echo "exit $?"; trailsift report provisioning -d trig.db > /dev/null; echo "exit $?"; cmp trig.db trig-before.db && ls trig.db*
trailsift: trig.db: the index holds a trigger, 'hide', which trailsift never makes: it would run inside trailsift's own statements; it may have been tampered with: ingest the original logs into a new index
exit 1
trailsift: trig.db: the index holds a trigger, 'hide', which trailsift never makes: it would run inside trailsift's own statements; it may have been tampered with: ingest the original logs into a new index
exit 1
trailsift: trig.db: the index holds a trigger, 'hide', which trailsift never makes: it would run inside trailsift's own statements; it may have been tampered with: ingest the original logs into a new index
exit 1
trig.db

# requires: sqlite3
$ cp base.db uniq.db && sqlite3 uniq.db "CREATE UNIQUE INDEX event_principal_u ON event(principal_arn) WHERE principal_arn = 7" && trailsift ingest -q -d uniq.db "$TS_SRC/tests/data/ingest/array.json"; echo "exit $?"; cp base.db uexpr.db && sqlite3 uexpr.db "CREATE UNIQUE INDEX x ON event(source_id, abs(record_no))" && trailsift show -d uexpr.db x; echo "exit $?"
trailsift: uniq.db: the index holds a unique index, 'event_principal_u' on event, which trailsift never makes: new rows it matches would be dropped as duplicates; it may have been tampered with: ingest the original logs into a new index
exit 1
trailsift: uexpr.db: the index holds a unique index, 'x' on event, which trailsift never makes: new rows it matches would be dropped as duplicates; it may have been tampered with: ingest the original logs into a new index
exit 1

# the schema's own objects, changed: a view that hides rows, a CHECK
# constraint that INSERT OR IGNORE would obey without a word, a
# collation that would make two principals one string
# requires: sqlite3
$ cp base.db view.db && sqlite3 view.db "DROP VIEW events" && sqlite3 base.db "SELECT sql || ' WHERE e.id > 1' FROM sqlite_master WHERE name = 'events'" | sqlite3 view.db && trailsift report stale -d view.db --no-store; echo "exit $?"; for edit in "replace(sql, 'raw_len           INTEGER NOT NULL', 'raw_len INTEGER NOT NULL CHECK (principal_arn <> 7)')" "replace(sql, 's  TEXT UNIQUE', 's TEXT UNIQUE COLLATE NOCASE')"; do cp base.db edit.db && sqlite3 edit.db "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = $edit WHERE name IN ('event', 'str'); PRAGMA writable_schema = OFF;" && trailsift ingest -q -d edit.db "$TS_SRC/tests/data/ingest/array.json"; echo "exit $?"; done
trailsift: view.db: the index's view 'events' is not as trailsift makes it; it may have been tampered with: ingest the original logs into a new index
exit 1
trailsift: edit.db: the index's table 'event' is not as trailsift makes it; it may have been tampered with: ingest the original logs into a new index
exit 1
trailsift: edit.db: the index's table 'str' is not as trailsift makes it; it may have been tampered with: ingest the original logs into a new index
exit 1

# review of the check: names are compared as SQLite compares them (a
# view EVENTS is what "FROM events" reads), whatever kind of object
# bears one; an older schema version is checked against the statements
# that version had (user_version set back to 5 turned the check off);
# and an object of the schema missing (event_key, which keeps copies of
# an event out) is refused as well
# requires: sqlite3
$ for plant in "DROP VIEW events; CREATE VIEW EVENTS AS SELECT * FROM event WHERE 0" "DROP VIEW events; CREATE TABLE events(id)" "DROP VIEW events; CREATE VIEW events AS SELECT * FROM event WHERE 0; PRAGMA user_version = 5" "DROP INDEX event_key"; do cp base.db case.db && sqlite3 case.db "$plant" && trailsift query -d case.db "SELECT count(*) FROM events" 2>&1 | sed 's/; it may.*//'; done
trailsift: case.db: the index's view 'EVENTS' is not as trailsift makes it
trailsift: case.db: the index's table 'events' is not as trailsift makes it
trailsift: case.db: the index's view 'events' is not as trailsift makes it
trailsift: case.db: the index has no index 'event_key', which trailsift makes in every index

# what a user adds to find things faster, or to keep a query, is theirs:
# a plain index (partial too), a view and a table of their own
# requires: sqlite3
$ cp base.db mine.db && sqlite3 mine.db "CREATE INDEX my_ip ON event(source_ip); CREATE INDEX my_err ON event(error_code) WHERE error_code <> 0; CREATE VIEW my_view AS SELECT event_id FROM events; CREATE TABLE notes(t TEXT)" && trailsift ingest -q -d mine.db "$TS_SRC/tests/data/ingest/array.json" && trailsift query -d mine.db -f csv "SELECT count(*) FROM my_view"
count(*)
3
