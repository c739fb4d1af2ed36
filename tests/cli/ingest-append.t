# issue 3: adding a month to a large index.  eventIDs are random, so
# appending to an index whose event_eid outgrows the page cache rewrites
# a page of it for nearly every new row; an append of more than 1/32 of
# the rows already there drops event_eid and sorts it again at the end
# (writer.c, defer_eid()).  Whichever way the index is kept, the content
# is the same, and a run killed in between leaves the rebuild to the
# next run.

$ D="$TS_SRC/tests/data/ingest"; i=0; while [ $i -lt 150 ]; do i=$((i + 1)); d=$(printf '2025/10/%02d' $((i % 28 + 1))); m=$(printf '%04d' $i); p=big/AWSLogs/111122223333/CloudTrail/us-east-1/$d; mkdir -p $p; sed "s/-cdef-0000/-cdef-$m/g; s/960c4b3b-/$(printf %08x $i)-/" "$D/records.json" | gzip -n > $p/111122223333_CloudTrail_us-east-1_2025100${i}T0000Z_x$m.json.gz; done; mkdir small && cp "$D/records.json" small/a.json; find big small -type f | wc -l
151

$ trailsift ingest -q -d ref.db small big && sh "$TS_SRC/tests/data/dump-index.sh" ref.db > ref.txt && trailsift query -d ref.db -f csv "SELECT count(*) FROM events"
count(*)
453

# 450 events appended to 3: event_eid is dropped early in the run (here
# the run is killed after its third commit) ...
$ trailsift ingest -q -d grow.db small && (TRAILSIFT_COMMIT_ROWS=5 TRAILSIFT_CRASH_AFTER_COMMITS=3 trailsift ingest -q -d grow.db big; exit $?) 2>/dev/null; echo "exit $?"; trailsift query -d grow.db -f csv "SELECT count(*) AS event_eid FROM sqlite_master WHERE name = 'event_eid'"
exit 137
event_eid
0

# ... and the next run builds it; the content equals one run's, and show
# finds events through it
$ trailsift ingest -q -d grow.db big && sh "$TS_SRC/tests/data/dump-index.sh" grow.db | cmp - ref.txt && trailsift query -d grow.db -f csv "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'event' ORDER BY 1" && trailsift query -d grow.db -f csv "EXPLAIN QUERY PLAN SELECT id FROM event WHERE eid = x'00'" | grep -c event_eid && trailsift show -d grow.db a1b2c3d4-5678-90ab-cdef-015000000002 | head -c 40; echo
name
event_account
event_eid
event_key
event_name
event_principal
1
{"eventVersion":"1.08","userIdentity":{"

# 3 events appended to 450 keep event_eid all along
$ trailsift ingest -q -d keep.db big && (TRAILSIFT_COMMIT_ROWS=1 TRAILSIFT_CRASH_AFTER_COMMITS=1 trailsift ingest -q -d keep.db small; exit $?) 2>/dev/null; echo "exit $?"; trailsift query -d keep.db -f csv "SELECT count(*) AS event_eid FROM sqlite_master WHERE name = 'event_eid'"
exit 137
event_eid
1
