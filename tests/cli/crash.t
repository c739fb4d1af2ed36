# issue 3: a crash or kill -9 at any moment never corrupts the index nor
# loses a committed file, and running the same command again finishes the
# job with the same content as a run that was never interrupted.
# Test hooks (see DEVELOPERS.md): TRAILSIFT_COMMIT_ROWS makes the writer
# commit every few rows; TRAILSIFT_CRASH_AFTER_COMMITS=N makes it kill
# itself with SIGKILL right after its Nth commit; TRAILSIFT_ZDICT_SAMPLES
# makes the raw blocks' zstd dictionary come after 64 KiB of them, so a
# run can die before or after storing it.

$ D="$TS_SRC/tests/data/ingest"; i=0; while [ $i -lt 150 ]; do i=$((i + 1)); d=$(printf '2025/10/%02d' $((i % 28 + 1))); m=$(printf '%04d' $i); p=AWSLogs/111122223333/CloudTrail/us-east-1/$d; mkdir -p $p; sed "s/-cdef-0000/-cdef-$m/g; s/960c4b3b-/$(printf %08x $i)-/" "$D/records.json" | gzip -n > $p/111122223333_CloudTrail_us-east-1_2025100${i}T0000Z_x$m.json.gz; done; gzip -n -c "$D/bad-record.json" > AWSLogs/bad.json.gz; tar -cf bundle.tar AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/05; find AWSLogs -type f | wc -l
151

$ export TRAILSIFT_ZDICT_SAMPLES=65536; trailsift ingest -q -d ref.db AWSLogs bundle.tar; sh "$TS_SRC/tests/data/dump-index.sh" ref.db > ref.txt; trailsift query -d ref.db -f csv "SELECT count(*) FROM events"
trailsift: AWSLogs/bad.json.gz: 2 records rejected
trailsift: AWSLogs/bad.json.gz: record 2 (offset 1029): invalid JSON at record offset 123: expected '"' to start an object key
trailsift: AWSLogs/bad.json.gz: record 4 (offset 2091): no eventID
count(*)
452

# the reference has a dictionary, and blocks compressed with it
# requires: zstd
$ trailsift query -d ref.db -f csv "SELECT (SELECT count(*) FROM zdict) AS dicts, sum((instr('0123456789ABCDEF', substr(hex(data), 10, 1)) - 1) % 4 != 0) > 0 AS with_dict, sum((instr('0123456789ABCDEF', substr(hex(data), 10, 1)) - 1) % 4 = 0) > 0 AS without FROM raw_block"
dicts,with_dict,without
1,1,1

# killed right after commit 1, 5 and 40: the index opens and is sound,
# and the same command finishes the job identically
$ export TRAILSIFT_ZDICT_SAMPLES=65536; for n in 1 5 40; do rm -f k$n.db*; (TRAILSIFT_COMMIT_ROWS=5 TRAILSIFT_CRASH_AFTER_COMMITS=$n trailsift ingest -q -j 2 -d k$n.db AWSLogs bundle.tar; r=$?; exit $r) 2>/dev/null; echo "run 1: exit $?"; trailsift query -d k$n.db -f csv "PRAGMA integrity_check" | tail -n 1; trailsift ingest -q -d k$n.db AWSLogs bundle.tar 2>/dev/null; echo "run 2: exit $?"; sh "$TS_SRC/tests/data/dump-index.sh" k$n.db | cmp - ref.txt && echo "crash after commit $n: same as uninterrupted"; done
run 1: exit 137
ok
run 2: exit 3
crash after commit 1: same as uninterrupted
run 1: exit 137
ok
run 2: exit 3
crash after commit 5: same as uninterrupted
run 1: exit 137
ok
run 2: exit 3
crash after commit 40: same as uninterrupted

# a real kill -9 at an arbitrary moment
$ export TRAILSIFT_ZDICT_SAMPLES=65536; rm -f kk.db*; (TRAILSIFT_COMMIT_ROWS=5 trailsift ingest -q -j 2 -d kk.db AWSLogs bundle.tar 2>/dev/null & pid=$!; sleep 0.2; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null); trailsift ingest -q -d kk.db AWSLogs bundle.tar 2>/dev/null; sh "$TS_SRC/tests/data/dump-index.sh" kk.db | cmp - ref.txt && echo same
same
