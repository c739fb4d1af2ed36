# trailsift check: an index checked against the records it holds.  The
# base index holds the 3 records of records.json, the third with a time
# in milliseconds (stored in full: only a whole second becomes a
# marker); each case edits a copy with sqlite3 and must find the edit.

# a clean index passes, and is left as it was, byte for byte, with no
# file beside it; so is it by --full and --sources
$ sed 's/"2025-10-08T18:31:05Z"/"2025-10-08T18:31:05.250Z"/' "$TS_SRC/tests/data/ingest/records.json" > a.json && trailsift ingest -q -d base.db a.json && cp base.db before.db && trailsift check -d base.db; echo "exit $?"; trailsift check -d base.db --full --sources; echo "exit $?"; cmp base.db before.db && ls base.db*
checked 1 raw block, 3 events (3 records compared), 1 source, 0 documents: no problems
exit 0
checked 1 raw block, 3 events (3 records compared), 1 source, 0 documents, 1 file (1 same, 0 changed, 0 missing): no problems
exit 0
base.db

# requires: sqlite3
# principal_arn pointed at another str row, event_name at a new one,
# read_only flipped: each is named, with the index's value and the
# record's; the file stays as it was
$ cp base.db cols.db && sqlite3 cols.db "UPDATE event SET principal_arn = (SELECT principal_arn FROM event WHERE id = 2) WHERE id = 1; INSERT INTO str(s) VALUES('DeleteTrail'); UPDATE event SET event_name = last_insert_rowid(), read_only = 0 WHERE id = 3" && cp cols.db cols-before.db && trailsift check -d cols.db; echo "exit $?"; cmp cols.db cols-before.db && echo unchanged
event 960c4b3b-667c-085a-69d5-288231a4c54a (id 1): principal_arn is 'arn:aws:iam::111122223333:user/Alice' in the index, the record says 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_admin_0123456789abcdef/jdoe'
event a1b2c3d4-5678-90ab-cdef-000000000003 (id 3): event_name is 'DeleteTrail' in the index, the record says 'AssumeRole'
event a1b2c3d4-5678-90ab-cdef-000000000003 (id 3): read_only is 0 in the index, the record says 1
checked 1 raw block, 3 events (3 records compared), 1 source, 0 documents: 3 problems
exit 3
unchanged

# requires: sqlite3
# a string edited in `str` changes every event that names it; an
# absent value given one, a value taken away; --max-problems 1 prints
# the first and counts the others
$ cp base.db str.db && sqlite3 str.db "UPDATE str SET s = 'AWSReservedSSO_readonly' WHERE s = 'AWSReservedSSO_admin_0123456789abcdef'; UPDATE event SET error_code = (SELECT error_code FROM event WHERE id = 2) WHERE id = 1; UPDATE event SET user_agent = 0 WHERE id = 3" && trailsift check -d str.db; echo "exit $?"; trailsift check -d str.db --max-problems 1; echo "exit $?"
event 960c4b3b-667c-085a-69d5-288231a4c54a (id 1): session_issuer is 'AWSReservedSSO_readonly' in the index, the record says 'AWSReservedSSO_admin_0123456789abcdef'
event 960c4b3b-667c-085a-69d5-288231a4c54a (id 1): error_code is 'AccessDenied' in the index, the record says (none)
event a1b2c3d4-5678-90ab-cdef-000000000003 (id 3): user_agent is (none) in the index, the record says 'ec2.amazonaws.com'
checked 1 raw block, 3 events (3 records compared), 1 source, 0 documents: 3 problems
exit 3
event 960c4b3b-667c-085a-69d5-288231a4c54a (id 1): session_issuer is 'AWSReservedSSO_readonly' in the index, the record says 'AWSReservedSSO_admin_0123456789abcdef'
... and 2 more problems (--max-problems 0 prints them all)
checked 1 raw block, 3 events (3 records compared), 1 source, 0 documents: 3 problems
exit 3

# requires: sqlite3
# time_ms: a time stored in full (event 3) is compared as it is; a
# time the record leaves to the row (a marker, event 1) can only be
# found where the row's is no whole second, as no marker stands for
# one; moved by whole seconds it is not found (trailsift(1), check)
$ cp base.db time.db && sqlite3 time.db "UPDATE event SET time_ms = time_ms + 3600000 WHERE id = 3; UPDATE event SET time_ms = time_ms + 120 WHERE id = 1" && trailsift check -d time.db; echo "exit $?"; cp base.db seconds.db && sqlite3 seconds.db "UPDATE event SET time_ms = time_ms - 60000 WHERE id = 1" && trailsift check -d seconds.db; echo "exit $?"
event 960c4b3b-667c-085a-69d5-288231a4c54a (id 1): time_ms is 1759948250120 (2025-10-08T18:30:50.120Z) in the index, the record says a whole second (its eventTime is stored as a marker, which only a time in whole seconds gets)
event a1b2c3d4-5678-90ab-cdef-000000000003 (id 3): time_ms is 1759951865250 (2025-10-08T19:31:05.250Z) in the index, the record says 1759948265250 (2025-10-08T18:31:05.250Z)
checked 1 raw block, 3 events (3 records compared), 1 source, 0 documents: 2 problems
exit 3
checked 1 raw block, 3 events (3 records compared), 1 source, 0 documents: no problems
exit 0

# requires: sqlite3
# eid: the ingest stores a lowercase UUID as its 16 bytes; the same UUID
# as text is not what it stored.  (Another eventID or requestID in the
# row is what the record says: a marker stands for it, see above.)
$ cp base.db ids.db && sqlite3 ids.db "UPDATE event SET eid = '960c4b3b-667c-085a-69d5-288231a4c54a' WHERE id = 1" && trailsift check -d ids.db; echo "exit $?"
event 960c4b3b-667c-085a-69d5-288231a4c54a (id 1): eid is '960c4b3b-667c-085a-69d5-288231a4c54a' in the index, the record says '960c4b3b-667c-085a-69d5-288231a4c54a' (stored as text, where the ingest stores a lowercase UUID as its 16 bytes)
checked 1 raw block, 3 events (3 records compared), 1 source, 0 documents: 1 problem
exit 3

# requires: sqlite3
# a record's range moved off its start, beyond its block, and to a
# block that does not exist
$ cp base.db range.db && sqlite3 range.db "UPDATE event SET block_off = block_off + 1 WHERE id = 1; UPDATE event SET raw_len = 5000 WHERE id = 2; UPDATE event SET block_id = 7 WHERE id = 3" && trailsift check -d range.db; echo "exit $?"
event 960c4b3b-667c-085a-69d5-288231a4c54a (id 1): its record is not a CloudTrail event: invalid JSON at record offset 14: trailing data after JSON value
event a1b2c3d4-5678-90ab-cdef-000000000002 (id 2): its record (5000 bytes at offset 1605) lies outside raw block 1 (3438 bytes)
raw block 7 does not exist; 1 event names it, the first event a1b2c3d4-5678-90ab-cdef-000000000003 (id 3)
checked 1 raw block, 3 events (0 records compared), 1 source, 0 documents: 3 problems
exit 3

# requires: sqlite3
# requires: zstd
# a raw block's bytes damaged (zstd's checksum, or its data) and its
# length changed: neither decompresses, and the events in it are named
$ cp base.db blob.db && sqlite3 blob.db "UPDATE raw_block SET data = substr(data, 1, length(data) - 40) || zeroblob(20) || substr(data, length(data) - 19)" && cp base.db ulen.db && sqlite3 ulen.db "UPDATE raw_block SET ulen = ulen + 1" && (trailsift check -d blob.db; echo "exit $?"; trailsift check -d ulen.db; echo "exit $?") | sed -e 's/corrupt zstd data (.*);/corrupt zstd data (...);/' -e 's/ for [0-9]* compressed bytes/ for N compressed bytes/'
raw block 1 cannot be read: corrupt zstd data (...); the records of 3 events are in it, the first event 960c4b3b-667c-085a-69d5-288231a4c54a (id 1)
checked 1 raw block, 3 events (0 records compared), 1 source, 0 documents: 1 problem
exit 3
raw block 1 cannot be read: impossible length 3439 for N compressed bytes; the records of 3 events are in it, the first event 960c4b3b-667c-085a-69d5-288231a4c54a (id 1)
checked 1 raw block, 3 events (0 records compared), 1 source, 0 documents: 1 problem
exit 3

# requires: sqlite3
# accounting: an event row deleted leaves its source's n_indexed one
# too many; a source row deleted leaves its events with none
$ cp base.db delev.db && sqlite3 delev.db "DELETE FROM event WHERE id = 2" && trailsift check -d delev.db; echo "exit $?"; cp base.db delsrc.db && sqlite3 delsrc.db "DELETE FROM source WHERE id = 1" && trailsift check -d delsrc.db; echo "exit $?"
source 1 ('a.json'): n_indexed is 3, and 2 events name it
checked 1 raw block, 2 events (2 records compared), 1 source, 0 documents: 1 problem
exit 3
source 1 does not exist; 3 events name it, the first event 960c4b3b-667c-085a-69d5-288231a4c54a (id 1)
checked 1 raw block, 3 events (3 records compared), 0 sources, 0 documents: 1 problem
exit 3

# requires: sqlite3
# a bundle's row deleted leaves its members' parent_id naming nothing
$ cp "$TS_SRC/tests/data/ingest/bundle.tar" . && trailsift ingest -q -d tar.db bundle.tar && trailsift check -d tar.db && sqlite3 tar.db "DELETE FROM source WHERE kind = 'archive' AND parent_id IS NULL" && trailsift check -d tar.db; echo "exit $?"
checked 1 raw block, 3 events (3 records compared), 5 sources, 1 document: no problems
source 2 ('bundle.tar': 'AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/08/111122223333_CloudTrail_us-east-1_20251008T1835Z_EXAMPLEexample01.json.gz'): its parent_id 1 names no source row
source 3 ('bundle.tar': 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/10/08/111122223333_CloudTrail-Digest_us-east-1_example-trail_us-east-1_20251008T190000Z.json.gz'): its parent_id 1 names no source row
source 4 ('bundle.tar': 'nested.zip'): its parent_id 1 names no source row
checked 1 raw block, 3 events (3 records compared), 4 sources, 1 document: 3 problems
exit 3

# --sources: each input file against its row; one changed after the
# ingest, one removed (a bundle is hashed as the file it is)
$ mkdir in && cp "$TS_SRC/tests/data/ingest/records.json" in/r.json && cp "$TS_SRC/tests/data/ingest/array.json" in/b.json && cp "$TS_SRC/tests/data/ingest/bundle.tar" in/t.tar && trailsift ingest -q -d src.db in && trailsift check -d src.db --sources; echo "exit $?"; echo >> in/r.json && rm in/b.json && trailsift check -d src.db --sources; echo "exit $?"
checked 2 raw blocks, 3 events (3 records compared), 7 sources, 1 document, 3 files (3 same, 0 changed, 0 missing): no problems
exit 0
source 1 ('in/b.json'): missing: No such file or directory
source 2 ('in/r.json'): changed since it was ingested: 3680 bytes with SHA-256 2be3d9f6cd83d142084a41804b44e55c9d7cba2bed89e3c80267ef2e15c8c5eb now, the index says 3679 bytes with SHA-256 da7433bd857ae6d216ad0a8a3a65c7c338054c0274a91c5924ddd8ce4ac7341b
checked 2 raw blocks, 3 events (3 records compared), 7 sources, 1 document, 3 files (1 same, 1 changed, 1 missing): 2 problems
exit 3

# review 5, finding 9: run from another folder than the ingest, every
# relative path was "missing", with no word why; --base DIR reads them
# from the folder the ingest ran in
$ mkdir -p far/logs && cp "$TS_SRC/tests/data/ingest/records.json" far/logs/r.json && (cd far && trailsift ingest -q -d ../far.db logs) && trailsift check -d far.db --sources; echo "exit $?"; trailsift check -d far.db --sources --base far; echo "exit $?"; trailsift check -d far.db --base far; echo "exit $?"
source 1 ('logs/r.json'): missing: No such file or directory
checked 1 raw block, 3 events (3 records compared), 1 source, 0 documents, 1 file (0 same, 0 changed, 1 missing): 1 problem
trailsift: check: every file is missing, and 1 of them has a relative path, read from the current directory: run check where the ingest ran, or give --base DIR
exit 3
checked 1 raw block, 3 events (3 records compared), 1 source, 0 documents, 1 file (1 same, 0 changed, 0 missing): no problems
exit 0
trailsift: check: --base goes with --sources
usage: trailsift check [-d DB] [--full] [--sources [--base DIR]] [--max-problems N]
exit 2

# issue: a named pipe given as a PATH (bash's <(...) is /dev/fd/63)
# was "missing" or "not a regular file now", exit 3, where the manual
# says such rows are left out, as standard input's are
$ mkfifo pipe && (cat "$TS_SRC/tests/data/ingest/records.json" > pipe &) && trailsift ingest -q -d fifo.db pipe && cat "$TS_SRC/tests/data/ingest/array.json" | trailsift ingest -q -d fifo.db - && rm pipe && trailsift check -d fifo.db --sources; echo "exit $?"
checked 1 raw block, 3 events (3 records compared), 2 sources, 0 documents, 0 files (0 same, 0 changed, 0 missing): no problems
exit 0

# requires: sqlite3
# str row 0 stands for every absent value: given one, it is named once
$ cp base.db str0.db && sqlite3 str0.db "UPDATE str SET s = 'NoSuchError' WHERE id = 0" && trailsift check -d str0.db; echo "exit $?"
str row 0, which stands for an absent value, holds 'NoSuchError' (every absent value reads so in the events view)
checked 1 raw block, 3 events (3 records compared), 1 source, 0 documents: 1 problem
exit 3

# requires: sqlite3
# events in another order than their blocks (only an edit makes that:
# here the two blocks swap ids) are all checked still
$ sed 's/"eventID":"./"eventID":"f/g' a.json > f.json && trailsift ingest -q -d two.db a.json f.json && sqlite3 two.db "UPDATE raw_block SET id = 3 WHERE id = 1; UPDATE raw_block SET id = 1 WHERE id = 2; UPDATE raw_block SET id = 2 WHERE id = 3; UPDATE event SET block_id = 3 - block_id" && trailsift check -d two.db; echo "exit $?"
checked 2 raw blocks, 6 events (6 records compared), 2 sources, 0 documents: no problems
exit 0

# what the writer leaves is consistent: a file read again under other
# filters (its row goes on counting its events), a bundle read again
# after it changed (a member's row moves to the bundle's new row, and
# the old row keeps its sums, which are not checked), duplicates
$ mkdir m && cp a.json m/a.json && cp f.json m/f.json && tar cf m.tar -C m a.json && trailsift ingest -q -d again.db --since 2025-10-08T18:31:00Z m.tar a.json && tar rf m.tar -C m f.json && trailsift ingest -q -d again.db m.tar a.json m/a.json && trailsift query -d again.db -f csv "SELECT id, parent_id, member, kind, n_indexed, n_duplicates FROM source ORDER BY id" && trailsift check -d again.db; echo "exit $?"
id,parent_id,member,kind,n_indexed,n_duplicates
1,,,archive,2,0
2,4,a.json,events,3,0
3,,,events,0,3
4,,,archive,6,0
5,4,f.json,events,3,0
6,,,events,0,3
checked 3 raw blocks, 6 events (6 records compared), 6 sources, 0 documents: no problems
exit 0

# requires: zstd
# requires: sqlite3
# a sample archive's index, with a zstd dictionary, passes; a zdict row
# that is not the dictionary its id names fails, and so do the blocks
# that name the dictionary (numbers masked: they depend on the
# dictionary trained)
$ TRAILSIFT_ZDICT_SAMPLES=262144 trailsift ingest -q -d dict.db "$TS_SRC/samples/okta-hub/logs" && trailsift check -d dict.db; echo "exit $?"; sqlite3 dict.db "UPDATE zdict SET id = id + 1 WHERE id <> 1953719345" && trailsift check -d dict.db --max-problems 2 | sed 's/[0-9][0-9]*/N/g'
checked 359 raw blocks, 1623 events (1623 records compared), 703 sources, 344 documents: no problems
exit 0
zstd dictionary N: its bytes are dictionary N
raw block N cannot be read: it needs zstd dictionary N, which the index lacks; the records of N events are in it, the first event NecN-dN-N-N-NcNcddN (id N)
... and N more problems (--max-problems N prints them all)
checked N raw blocks, N events (N records compared), N sources, N documents: N problems

# requires: sqlite3
# the documents kept whole: a digest's columns against its document (and
# its region against its source row), an Insights record's eventID and
# eventTime, a snapshot item that must be JSON, a document that does not
# read back, and n_documents against the rows that name a source
$ cp "$TS_SRC"/tests/data/ingest/digest.json "$TS_SRC"/tests/data/ingest/insight.json "$TS_SRC"/tests/data/snapshot/list-account-assignments.json . && trailsift ingest -q -d docs.db digest.json insight.json list-account-assignments.json && trailsift check -d docs.db; echo "exit $?"; sqlite3 docs.db "UPDATE digest SET account = '444455556666', start_time = start_time + 1000, n_log_files = NULL, region = 'eu-west-1'; UPDATE insight SET event_id = 'c0000000-0000-4000-8000-000000000009', time_ms = NULL; UPDATE snapshot SET json = '{\"AccountId\":' WHERE rowid = 1; UPDATE source SET n_documents = 5 WHERE path = 'insight.json'" && trailsift check -d docs.db; echo "exit $?"; sqlite3 docs.db "UPDATE digest SET json = x'28b52ffd0000'; UPDATE snapshot SET source_id = 99 WHERE rowid = 2" && { trailsift check -d docs.db > out; echo "exit $?"; } && grep -v '^insight\|^snapshot row 1\|^source' out
checked 0 raw blocks, 0 events (0 records compared), 3 sources, 4 documents: no problems
exit 0
digest row 1 of source 1 ('digest.json'): region is 'eu-west-1' in the index, the source row (its S3 key) says (none)
digest row 1 of source 1 ('digest.json'): start_time is 1759946401000 in the index, the document says 1759946400000
digest row 1 of source 1 ('digest.json'): account is '444455556666' in the index, the document says '111122223333'
digest row 1 of source 1 ('digest.json'): n_log_files is (none) in the index, the document says 1
insight row 1 of source 2 ('insight.json'): event_id is 'c0000000-0000-4000-8000-000000000009' in the index, the record says 'c0000000-0000-4000-8000-000000000001'
insight row 1 of source 2 ('insight.json'): time_ms is (none) in the index, the record says 1759946400000
snapshot row 1 of source 3 ('list-account-assignments.json'): its item is not JSON
source 2 ('insight.json'): n_documents is 5, but 1 digest, insight or snapshot row names it
checked 0 raw blocks, 0 events (0 records compared), 3 sources, 4 documents: 8 problems
exit 3
exit 3
digest row 1 of source 1 ('digest.json'): region is 'eu-west-1' in the index, the source row (its S3 key) says (none)
digest row 1 of source 1 ('digest.json'): its document cannot be read: document(): not a compressed document (or this trailsift was built without zstd)
snapshot row 2: its source_id 99 names no source row
checked 0 raw blocks, 0 events (0 records compared), 3 sources, 4 documents: 8 problems

# not an index, no index, usage
$ echo hello > notdb; trailsift check -d notdb; echo "exit $?"; trailsift check -d missing.db; echo "exit $?"; trailsift check -d base.db extra; echo "exit $?"; trailsift check -d base.db --max-problems x; echo "exit $?"
trailsift: notdb: not a trailsift index
exit 1
trailsift: missing.db: No such file or directory (run 'trailsift ingest' first, or name the index with -d)
exit 1
trailsift: check: unexpected argument 'extra'
usage: trailsift check [-d DB] [--full] [--sources [--base DIR]] [--max-problems N]
exit 2
trailsift: check: --max-problems: 'x' is not a number
usage: trailsift check [-d DB] [--full] [--sources [--base DIR]] [--max-problems N]
exit 2
