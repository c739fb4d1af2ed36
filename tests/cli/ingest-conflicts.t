# issue 3: the same eventID at another eventTime is a changed copy, not
# a second event: the first copy stays an event, the other is kept in
# `rejected` with its bytes, and the sources say so -- also when the run
# that read it was killed before it could check (the next run does).

$ D="$TS_SRC/tests/data/ingest"; cp "$D/records.json" a.json && sed 's/2025-10-08T18:30:5/2025-10-08T18:40:5/' "$D/records.json" > b.json && cp a.json c.json && trailsift ingest -q -d ref.db a.json b.json c.json; echo "exit $?"
exit 0

$ trailsift query -d ref.db -f csv "SELECT path, n_records, n_indexed, n_duplicates, n_rejected, status FROM sources ORDER BY id"
path,n_records,n_indexed,n_duplicates,n_rejected,status
a.json,3,3,0,0,ok
b.json,3,0,3,0,ok
c.json,3,0,3,0,ok

$ trailsift query -d ref.db -f csv "SELECT s.path, r.record_no, r.offset, r.reason, length(r.raw) FROM rejected r JOIN source s ON s.id = r.source_id ORDER BY 1, 2"
path,record_no,offset,reason,length(r.raw)
b.json,1,12,duplicate eventID 960c4b3b-667c-085a-69d5-288231a4c54a at another eventTime than the copy from source 1,1694

$ trailsift query -d ref.db -f csv "SELECT count(*), count(DISTINCT event_id), min(event_time), max(event_time) FROM events"
count(*),count(DISTINCT event_id),min(event_time),max(event_time)
3,3,2025-10-08T18:30:50Z,2025-10-08T18:31:05Z

# the moved copy's bytes stay in b.json's block, which no event refers
# to any more (trailsift-index(5), raw_block)
$ trailsift query -d ref.db -f csv "SELECT count(*) AS blocks, sum(id NOT IN (SELECT block_id FROM event)) AS unreferenced FROM raw_block"
blocks,unreferenced
2,1

# the summary counts each changed copy once, whether it was found as it
# was stored (e.json: another length) or after the load (b.json: another
# eventTime); the latter used to be counted twice (948 said, 861 kept)
$ sed 's/"GetObject"/"GetObjectX"/' a.json > e.json && trailsift ingest -d sum.db a.json b.json e.json 2>&1 | grep -v 'new events from'; trailsift query -d sum.db -f csv "SELECT count(*) FROM rejected"
trailsift: 2 duplicates differ in length or eventTime (or bytes, where its source was not read cleanly) from the copy already stored;
trailsift: they are kept in the table 'rejected' (reason 'duplicate eventID ...')
count(*)
2

# only length and eventTime are compared (trailsift-index(5)): a copy
# altered without changing its length is a plain duplicate
$ sed 's/"GetObject"/"PutObject"/' a.json > f.json && trailsift ingest -q -d same.db a.json f.json && trailsift query -d same.db -f csv "SELECT path, n_indexed, n_duplicates, (SELECT count(*) FROM rejected) AS rejected FROM sources ORDER BY id"
path,n_indexed,n_duplicates,rejected
a.json,3,0,0
f.json,0,3,0

# the rejected copy is b.json's record byte for byte
$ trailsift query -d ref.db -f csv "SELECT r.offset, length(r.raw) FROM rejected r" | tail -n +2 | while IFS=, read -r off n; do dd if=b.json bs=1 skip="$off" count="$n" 2>/dev/null > want; trailsift query -d ref.db -f csv "SELECT hex(raw) FROM rejected WHERE offset = $off" | tail -n 1 | tr -d '[:space:]' > got; od -An -v -tx1 want | tr -d '[:space:]' | tr a-f A-F | cmp -s - got && echo "offset $off: same bytes"; done
offset 12: same bytes

# killed after each commit (with one source per commit, commit 4 ends
# the load and comes before the check): the same command then finishes
# the job identically
$ sh "$TS_SRC/tests/data/dump-index.sh" ref.db > ref.txt; for n in 1 2 3 4 5; do rm -f k$n.db*; (TRAILSIFT_COMMIT_ROWS=1 TRAILSIFT_CRASH_AFTER_COMMITS=$n trailsift ingest -q -d k$n.db a.json b.json c.json; exit $?) 2>/dev/null; echo "run 1: exit $?"; trailsift ingest -q -d k$n.db a.json b.json c.json 2>/dev/null; echo "run 2: exit $?"; sh "$TS_SRC/tests/data/dump-index.sh" k$n.db | cmp - ref.txt && echo "crash after commit $n: same as uninterrupted"; done
run 1: exit 137
run 2: exit 0
crash after commit 1: same as uninterrupted
run 1: exit 137
run 2: exit 0
crash after commit 2: same as uninterrupted
run 1: exit 137
run 2: exit 0
crash after commit 3: same as uninterrupted
run 1: exit 137
run 2: exit 0
crash after commit 4: same as uninterrupted
run 1: exit 137
run 2: exit 0
crash after commit 5: same as uninterrupted

# a later run reads c.json's twin again: nothing new, nothing moved twice
$ cp c.json d.json && trailsift ingest -q -d ref.db d.json && trailsift query -d ref.db -f csv "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM rejected), (SELECT n_duplicates FROM sources WHERE path = 'd.json')"
(SELECT count(*) FROM events),(SELECT count(*) FROM rejected),(SELECT n_duplicates FROM sources WHERE path = 'd.json')
3,1,3

# a small run into a larger index checks its few new rows one by one: the
# same outcome
$ D="$TS_SRC/tests/data/ingest"; for i in 1 2 3 4 5 6 7 8 9; do sed "s/-cdef-0000/-cdef-000$i/g; s/960c4b3b-/960c4b3$i-/" "$D/records.json" > m$i.json; done; trailsift ingest -q -d big.db m1.json m2.json m3.json m4.json m5.json m6.json m7.json m8.json m9.json && sed 's/2025-10-08T18:31:0/2025-10-08T19:31:0/' m4.json > late.json && trailsift ingest -q -d big.db late.json && trailsift query -d big.db -f csv "SELECT (SELECT count(*) FROM events), s.path, s.n_indexed, s.n_duplicates, r.record_no, substr(r.reason, 1, 60) FROM rejected r JOIN sources s ON s.id = r.source_id ORDER BY r.record_no"
(SELECT count(*) FROM events),path,n_indexed,n_duplicates,record_no,"substr(r.reason, 1, 60)"
27,late.json,0,3,2,duplicate eventID a1b2c3d4-5678-90ab-cdef-000400000002 at an

# inside a bundle, the bundle's own counts follow its members'
$ tar cf arch.tar a.json b.json && trailsift ingest -q -d arch.db arch.tar && trailsift query -d arch.db -f csv "SELECT parent_id, path, member, n_records, n_indexed, n_duplicates FROM sources ORDER BY id"
parent_id,path,member,n_records,n_indexed,n_duplicates
,arch.tar,,2,3,3
1,arch.tar,a.json,3,3,0
1,arch.tar,b.json,3,0,3

# review 4, finding 1: a changed copy moved out of `event` was its
# highest row, whose id SQLite gives to the next event stored; the next
# run's changed copy got it and was taken as checked already
$ r(){ printf '{"eventVersion":"1.08","eventTime":"%s","eventSource":"iam.amazonaws.com","eventName":"AttachUserPolicy","eventID":"aaaaaaaa-0000-4000-8000-00000000000%s","awsRegion":"us-east-1","recipientAccountId":"111122223333"}\n' "$2" "$1"; }; { r 1 2025-01-01T10:00:00Z; r 2 2025-01-01T11:00:00Z; } > v1.jsonl; r 2 2025-01-01T09:00:00Z > v2.jsonl; { r 2 2025-01-01T08:00:00Z; r 3 2025-01-02T08:00:00Z; } > v3.jsonl; for f in v1 v2 v3; do trailsift ingest -q -d v.db $f.jsonl; done; trailsift query -d v.db -f csv "SELECT event_id, event_time, source_path FROM events ORDER BY id"; trailsift query -d v.db -f csv "SELECT s.path, r.record_no FROM rejected r JOIN source s ON s.id = r.source_id ORDER BY 1"
event_id,event_time,source_path
aaaaaaaa-0000-4000-8000-000000000001,2025-01-01T10:00:00Z,v1.jsonl
aaaaaaaa-0000-4000-8000-000000000002,2025-01-01T11:00:00Z,v1.jsonl
aaaaaaaa-0000-4000-8000-000000000003,2025-01-02T08:00:00Z,v3.jsonl
path,record_no
v2.jsonl,1
v3.jsonl,1

# the same through a re-read: y.jsonl read under --region, then whole,
# deletes its rejected rows and reads them again; both stay rejected
$ r(){ printf '{"eventVersion":"1.08","eventTime":"%s","eventSource":"iam.amazonaws.com","eventName":"AttachUserPolicy","eventID":"bbbbbbbb-0000-4000-8000-00000000000%s","awsRegion":"%s","recipientAccountId":"111122223333"%s}\n' "$2" "$1" "${3:-us-east-1}" "${4-}"; }; { r 1 2025-01-01T10:00:00Z; r 2 2025-01-01T11:00:00Z; } > x.jsonl; { r 1 2025-01-01T10:00:00Z us-east-1 ',"x":1'; r 2 2025-01-01T09:00:00Z; r 3 2025-01-01T12:00:00Z eu-west-1; } > y.jsonl; trailsift ingest -q -d w.db x.jsonl; trailsift ingest -q -d w.db --region us-east-1 y.jsonl; trailsift ingest -q -d w.db y.jsonl; trailsift query -d w.db -f csv "SELECT event_id, event_time, source_path FROM events ORDER BY id"; trailsift query -d w.db -f csv "SELECT source_id, record_no FROM rejected ORDER BY 2"
event_id,event_time,source_path
bbbbbbbb-0000-4000-8000-000000000001,2025-01-01T10:00:00Z,x.jsonl
bbbbbbbb-0000-4000-8000-000000000002,2025-01-01T11:00:00Z,x.jsonl
bbbbbbbb-0000-4000-8000-000000000003,2025-01-01T12:00:00Z,y.jsonl
source_id,record_no
2,1
2,2

# a copy of a record that differs only in whitespace between tokens (the
# same file pretty-printed) is told from a changed one, also when both
# copies are in one block of the same file
$ grep "^{" "$TS_SRC/tests/data/ingest/records.jsonl" | head -n 1 > ws.jsonl && sed 's/^{"eventVersion":/{ "eventVersion" : /' ws.jsonl >> ws.jsonl && sed 's/"readOnly":false/"readOnly":true/' ws.jsonl | head -n 1 >> ws.jsonl && trailsift ingest -d ws.db ws.jsonl 2>&1 | sed 1d; trailsift query -d ws.db -f csv "SELECT record_no, reason FROM rejected ORDER BY 1"
trailsift: 2 duplicates differ in length or eventTime (or bytes, where its source was not read cleanly) from the copy already stored (1 of them only in whitespace between JSON tokens: the same record formatted otherwise);
trailsift: they are kept in the table 'rejected' (reason 'duplicate eventID ...')
record_no,reason
2,duplicate eventID 960c4b3b-667c-085a-69d5-288231a4c54a differing from the copy from source 1 only in whitespace between JSON tokens
3,duplicate eventID 960c4b3b-667c-085a-69d5-288231a4c54a with other bytes than the copy from source 1 (1693 bytes against 1694)

# a copy of the same length as the stored one, whose file failed its
# gzip CRC: it was a plain duplicate, and the clean copy's bytes were
# thrown away while the damaged one stood (new-user review).  Copies of
# an event whose source was not read cleanly are compared byte for
# byte; the clean copy is kept, an identical one is a duplicate
$ r(){ printf '{"eventVersion":"1.08","eventTime":"2025-01-01T10:00:00Z","eventSource":"iam.amazonaws.com","eventName":"%s","eventID":"cccccccc-0000-4000-8000-00000000000%s","recipientAccountId":"111122223333"}\n' "$2" "$1"; }; { r 1 CreateUser; r 2 DeleteUser; } > good.jsonl; { r 1 CreateUsex; r 2 DeleteUser; } > bad.jsonl; gzip -n -c bad.jsonl | head -c -8 > crc.json.gz; gzip -n -c good.jsonl | tail -c 8 >> crc.json.gz; gzip -n -c good.jsonl > good.json.gz; trailsift ingest -q -d crc.db crc.json.gz good.json.gz; echo "exit $?"; trailsift query -d crc.db -f csv "SELECT path, n_indexed, n_duplicates, status FROM sources ORDER BY id"; trailsift query -d crc.db -f csv "SELECT source_id, record_no, reason FROM rejected"
trailsift: crc.json.gz: CRC-32 mismatch in gzip member 1 ending at compressed offset 175
exit 3
path,n_indexed,n_duplicates,status
crc.json.gz,2,0,partial
good.json.gz,0,2,ok
source_id,record_no,reason
2,1,"duplicate eventID cccccccc-0000-4000-8000-000000000001 with other bytes than the copy from source 1, which was not read cleanly (see its error)"

# show --provenance says the stored copy's source was not read cleanly
$ trailsift show -d crc.db -p cccccccc-0000-4000-8000-000000000001 | grep '^# source'
# source: crc.json.gz
# source_sha256: 4f03ab3887c57bb5cd99e9e465146a6eceb2a6e89cabfa04f1e6580f1b299545
# source_status: partial: CRC-32 mismatch in gzip member 1 ending at compressed offset 175
