# Streams -- standard input, and a named pipe given as an argument -- can
# be read only once: their head is read to tell a bundle from a data
# file, then handed on with the rest.

# issue: a bundle on standard input was read as one gzip file, found "not
# JSON", skipped, exit 0: every event in it lost.  It is read as a bundle,
# its digest that of the bytes as they came
$ cp "$TS_SRC"/tests/data/ingest/bundle.tar.gz "$TS_SRC"/tests/data/ingest/bundle.tar "$TS_SRC"/tests/data/ingest/bundle.zip . && trailsift ingest -q -d tgz.db - < bundle.tar.gz && trailsift query -d tgz.db -f csv "SELECT path, member, kind, format, compression, n_indexed, n_duplicates, status FROM sources ORDER BY id"
path,member,kind,format,compression,n_indexed,n_duplicates,status
"'-",,archive,tar,gzip,3,1,ok
"'-",AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/08/111122223333_CloudTrail_us-east-1_20251008T1835Z_EXAMPLEexample01.json.gz,events,records,gzip,3,0,ok
"'-",AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/10/08/111122223333_CloudTrail-Digest_us-east-1_example-trail_us-east-1_20251008T190000Z.json.gz,digest,document,gzip,0,0,ok
"'-",nested.zip,archive,zip,none,0,1,ok
"'-",nested.zip!/inner-envelope.json,events,eventbridge,none,0,1,ok

$ sha256sum bundle.tar.gz | cut -c1-64; wc -c < bundle.tar.gz; trailsift query -d tgz.db -f csv "SELECT sha256, size FROM sources WHERE member IS NULL"
712f7ef9ea207b89a9fa8c0750de35cb8410c07b544d07a39cb22d0ea63eeb27
3592
sha256,size
712f7ef9ea207b89a9fa8c0750de35cb8410c07b544d07a39cb22d0ea63eeb27,3592

$ cat bundle.tar | trailsift ingest -q -d tar.db - && cat bundle.zip | trailsift ingest -q -d zip.db - && trailsift query -d tar.db -f csv "SELECT kind, format, n_records, n_indexed, status FROM sources WHERE member IS NULL" && trailsift query -d zip.db -f csv "SELECT kind, format, n_records, n_indexed, status FROM sources WHERE member IS NULL"
kind,format,n_records,n_indexed,status
archive,tar,3,3,ok
kind,format,n_records,n_indexed,status
archive,zip,2,3,ok

# a 7z keeps its directory at its end and cannot be read without
# seeking: one of up to 32 MiB is read into memory and seeked in there
# (ingest-bundle-seek.t has a bigger one)
$ cp "$TS_SRC/tests/data/ingest/bundle.7z" . && trailsift ingest -q -d 7z.db - < bundle.7z; trailsift query -d 7z.db -f csv "SELECT path, kind, format, n_records, status, error FROM sources WHERE member IS NULL"
path,kind,format,n_records,status,error
"'-",archive,7z,2,ok,

# a data file on standard input is read as before, the head read to
# look for a bundle included: plain (512 bytes looked at) and gzip (64 KiB
# looked at, of more); same digest and size as the file's
$ seq -f 'ev-%06g' 80000 | awk '{ print "{\"eventVersion\":\"1.08\",\"eventID\":\"" $0 "\",\"eventTime\":\"2025-01-01T00:00:00Z\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"CreateUser\"}" }' | gzip -n > big.jsonl.gz && test $(wc -c < big.jsonl.gz) -gt 65536 && trailsift ingest -q -d big.db - < big.jsonl.gz && trailsift query -d big.db -f csv "SELECT kind, format, compression, n_indexed, status, sha256 = ?1 AS same_sha256, size = ?2 AS same_size FROM sources" "$(sha256sum big.jsonl.gz | cut -c1-64)" $(wc -c < big.jsonl.gz)
kind,format,compression,n_indexed,status,same_sha256,same_size
events,jsonl,gzip,80000,ok,1,1

$ J="$TS_SRC/tests/data/ingest/records.json"; cat "$J" | trailsift ingest -q -d json.db - && trailsift query -d json.db -f csv "SELECT kind, format, compression, n_indexed, status, sha256 = ?1 AS same_sha256, size = ?2 AS same_size FROM sources" "$(sha256sum "$J" | cut -c1-64)" $(wc -c < "$J")
kind,format,compression,n_indexed,status,same_sha256,same_size
events,records,none,3,ok,1,1

# issue: a named pipe given on the command line (trailsift ingest
# <(zcat x.tar.gz), or one made with mkfifo) was skipped as "not a
# regular file", exit 0.  One that is named is read like standard input
$ mkfifo pipe && (timeout 20 cat bundle.tar.gz > pipe 2>/dev/null &) && trailsift ingest -q -d pipe.db pipe && trailsift query -d pipe.db -f csv "SELECT path, member, kind, n_indexed, n_duplicates, status FROM sources ORDER BY id"
path,member,kind,n_indexed,n_duplicates,status
pipe,,archive,3,1,ok
pipe,AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/08/111122223333_CloudTrail_us-east-1_20251008T1835Z_EXAMPLEexample01.json.gz,events,3,0,ok
pipe,AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/10/08/111122223333_CloudTrail-Digest_us-east-1_example-trail_us-east-1_20251008T190000Z.json.gz,digest,0,0,ok
pipe,nested.zip,archive,0,1,ok
pipe,nested.zip!/inner-envelope.json,events,0,1,ok

$ (timeout 20 gzip -n -c "$TS_SRC/tests/data/ingest/records.json" > pipe 2>/dev/null &) && trailsift ingest -q -d pipe2.db pipe && trailsift query -d pipe2.db -f csv "SELECT path, kind, compression, n_indexed, status FROM sources"
path,kind,compression,n_indexed,status
pipe,events,gzip,3,ok

# a pipe met while walking a directory is still skipped, unread
$ mkdir d && mkfifo d/pipe && timeout 20 trailsift ingest -q -d dir.db d && trailsift query -d dir.db -f csv "SELECT path, kind, status, error FROM sources"
path,kind,status,error
d/pipe,unknown,skipped,"not a regular file (device, socket or fifo)"

# issue: a second stream on standard input was taken as already stored
# when it had the length of the first (a stream has no mtime to compare),
# skipped, exit 0.  A stream is always read: both are indexed
$ for i in 1 2; do echo '{"eventVersion":"1.08","eventID":"same-len-'$i'","eventTime":"2025-01-01T00:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser"}' > s$i.json; done && cat s1.json | trailsift ingest -q -d same.db - && cat s2.json | trailsift ingest -q -d same.db - && trailsift query -d same.db -f csv "SELECT path, size, n_indexed, status FROM sources ORDER BY id" && trailsift query -d same.db -f csv "SELECT event_id FROM events ORDER BY event_id"
path,size,n_indexed,status
"'-",141,1,ok
"'-",141,1,ok
event_id
same-len-1
same-len-2

# nor is a member of a bundle on standard input: same name, length and
# mtime in another tar is other data
$ mkdir m1 m2 && cp s1.json m1/x.json && cp s2.json m2/x.json && touch -d 2025-01-02T03:04:05Z m1/x.json m2/x.json && tar -C m1 -cf m1.tar x.json && tar -C m2 -cf m2.tar x.json && trailsift ingest -q -d memb.db - < m1.tar && trailsift ingest -q -d memb.db - < m2.tar && trailsift query -d memb.db -f csv "SELECT path, member, n_indexed, status FROM sources ORDER BY id"
path,member,n_indexed,status
"'-",,1,ok
"'-",x.json,1,ok
"'-",,1,ok
"'-",x.json,1,ok

# issue: SIGINT did not stop a run reading a stream held open: the read
# retried forever, and only the end of the pipe ended the run.  It stops
# within a few seconds, keeps what it read, says it was interrupted; the
# source is an error, not partial (damage), so the next run reads it
# again (it was never read again, and every run exited 3).  Said once:
# each source cut off had its own line too, counted as a failed input
# (a directory's run had 32 to 93 of them)
$ seq -f 'ev-%06g' 2000 | awk '{ print "{\"eventVersion\":\"1.08\",\"eventID\":\"" $0 "\",\"eventTime\":\"2025-01-01T00:00:00Z\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"CreateUser\"}" }' > held.jsonl && mkfifo held && { (cat held.jsonl; exec sleep 30) > held 2>/dev/null & w=$!; } && { trailsift ingest -q -j 2 -d held.db - < held 2>held.err & t=$!; } && n=0; while [ ! -s held.db ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done; sleep 1; s=$(date +%s); kill -INT $t; wait $t; echo "exit $?"; [ $(($(date +%s) - s)) -lt 10 ] && echo "stopped within 10 s"; kill $w; cat held.err; trailsift query -d held.db -f csv "SELECT path, n_indexed, status, error FROM sources"
exit 1
stopped within 10 s
trailsift: interrupted: what was stored is complete; standard input (or a FIFO) was cut: its records read before are stored, the rest must be sent again (see 'sources' for the offset)
path,n_indexed,status,error
"'-",2000,error,interrupted before the end at offset 280000

# fewer bytes than the format is told from (4 KiB) when Ctrl-C came:
# the two records read were dropped, though standard input cannot be
# read again (new-user review); they are stored now
$ head -2 held.jsonl > two.jsonl && mkfifo two && { (cat two.jsonl; exec sleep 30) > two 2>/dev/null & w=$!; } && { trailsift ingest -q -d two.db - < two 2>two.err & t=$!; } && n=0; while [ ! -s two.db ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done; sleep 1; kill -INT $t; wait $t; echo "exit $?"; kill $w; cat two.err; trailsift query -d two.db -f csv "SELECT n_records, n_indexed, status, error FROM sources"
exit 1
trailsift: interrupted: what was stored is complete; standard input (or a FIFO) was cut: its records read before are stored, the rest must be sent again (see 'sources' for the offset)
n_records,n_indexed,status,error
2,2,error,interrupted before the end at offset 280

# the same in the first bytes, read to tell a bundle from a file: the
# source says so in the same words, not "read error: Interrupted system
# call" (review of this session's change, finding 5)
$ mkfifo early && { (printf '{"Rec'; exec sleep 30) > early 2>/dev/null & w=$!; } && { trailsift ingest -q -d early.db - < early 2>early.err & t=$!; } && n=0; while [ ! -s early.db ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done; sleep 1; kill -INT $t; wait $t; echo "exit $?"; kill $w; cat early.err; trailsift query -d early.db -f csv "SELECT status, error FROM sources"
exit 1
trailsift: interrupted: what was stored is complete; standard input (or a FIFO) was cut: its records read before are stored, the rest must be sent again (see 'sources' for the offset)
status,error
error,interrupted before the end at offset 5

# a stream after a filtered stream is other data: a row of its own, the
# first keeps its digest (review of this session's change, finding 4)
$ r(){ printf '{"eventVersion":"1.08","eventTime":"2025-01-01T10:00:0%sZ","eventSource":"s3.amazonaws.com","eventName":"Get","eventID":"eeeeeeee-0000-4000-8000-00000000000%s","awsRegion":"%s","recipientAccountId":"111122223333"}\n' $1 $1 $2; }; { r 1 us-east-1; r 2 eu-west-1; } > s1.jsonl; { r 3 us-east-1; r 4 eu-west-1; r 5 us-west-2; } > s2.jsonl; cat s1.jsonl | trailsift ingest -q -d fs.db --region us-east-1 - && cat s2.jsonl | trailsift ingest -q -d fs.db - && trailsift query -d fs.db -f csv "SELECT id, size, n_records, n_indexed, filters FROM sources" && trailsift query -d fs.db -f csv "SELECT count(*) FROM events"
id,size,n_records,n_indexed,filters
1,438,2,1,region=us-east-1
2,657,3,3,
count(*)
4

# issue: a file of a directory replaced by a named pipe between the walk
# and its read hung the ingest for ever in open(2), and SIGTERM did not
# stop it.  It is opened without waiting, and no regular file any more,
# it is an error (the pipes given, in1 and in2, are read as ever).  in1
# keeps the one worker busy; the open of in2 tells that fd was walked.
$ mkfifo in1 in2 && mkdir fd && head -c 70000 /dev/zero > fd/big.json || exit 1; { timeout -s KILL 30 trailsift ingest -q -j 1 -d fifo.db in1 fd in2 > fifo.out 2>&1; echo "exit $?" >> fifo.out; } & exec 3> in1; cat "$TS_SRC/tests/data/ingest/records.json" >&3; exec 4> in2; rm fd/big.json && mkfifo fd/big.json && exec 3>&- 4>&-; wait; cat fifo.out; trailsift query -d fifo.db -f csv "SELECT path, kind, n_indexed, status, error FROM sources ORDER BY id"
trailsift: fd/big.json: not a regular file any more (now a FIFO): replaced after it was found, not read
trailsift: in2: nothing came from the pipe (did the command writing to it fail?)
exit 3
path,kind,n_indexed,status,error
in1,events,3,ok,
fd/big.json,unknown,0,error,"not a regular file any more (now a FIFO): replaced after it was found, not read"
in2,not-cloudtrail,0,error,nothing came from the pipe (did the command writing to it fail?)

# Ctrl-C while a FIFO given has no writer yet (the open waits for one):
# the open's "Interrupted system call" was reported as a failed input;
# a read the user stopped is said once, by the command
$ mkfifo nowriter && { trailsift ingest -q -d nowriter.db nowriter 2>nowriter.err & t=$!; } && n=0; while [ ! -s nowriter.db ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done; sleep 0.5; kill -INT $t; wait $t; echo "exit $?"; cat nowriter.err
exit 1
trailsift: interrupted: what was stored is complete; standard input (or a FIFO) was cut: its records read before are stored, the rest must be sent again (see 'sources' for the offset)

# - given twice: two readers split the pipe between them and the records
# across the cut were lost (new-user review); a usage error, no index
$ printf '{"Records":[]}' | trailsift ingest -d twice.db - -; echo "exit $?"; ls twice.db 2>/dev/null | wc -l
trailsift: ingest: - (standard input) given twice: it can be read only once
usage: trailsift ingest [-d DB] [-j N] [--since TIME] [--until TIME]
                        [--account ID] [--region NAME] [--captured-at TIME] [-q]
                        PATH...
exit 2
0

# issue: empty standard input was "skipped: empty file", exit 0, so a
# command that failed before the pipe looked like a clean ingest; a
# gzip stream of nothing did come, and stays what it was
$ printf '' | trailsift ingest -q -d void.db -; echo "exit $?"; gzip -n -c /dev/null | trailsift ingest -q -d void.db -; echo "exit $?"; trailsift query -d void.db -f csv "SELECT path, compression, status, error FROM sources ORDER BY id"
trailsift: -: nothing came from standard input (did the command writing to it fail?)
exit 3
exit 0
path,compression,status,error
"'-",none,error,nothing came from standard input (did the command writing to it fail?)
"'-",gzip,skipped,empty once decompressed
