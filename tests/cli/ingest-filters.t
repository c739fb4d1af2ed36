# issue 3: --since/--until/--account/--region.  Files whose S3 path puts
# them outside the window are recorded as skipped without being opened.

$ D="$TS_SRC/tests/data/ingest"; for d in 20251007T2355Z 20251008T1835Z 20251010T0005Z; do day=$(echo $d | sed 's/^\(....\)\(..\)\(..\).*/\1\/\2\/\3/'); p=AWSLogs/111122223333/CloudTrail/us-east-1/$day; mkdir -p $p; gzip -n -c "$D/records.json" > $p/111122223333_CloudTrail_us-east-1_${d}_EXAMPLEexample01.json.gz; done; mkdir -p AWSLogs/444455556666/CloudTrail/eu-west-1/2025/10/08 && gzip -n -c "$D/records.json" > AWSLogs/444455556666/CloudTrail/eu-west-1/2025/10/08/444455556666_CloudTrail_eu-west-1_20251008T1840Z_EXAMPLEexample02.json.gz && find AWSLogs -type f | sort
AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/07/111122223333_CloudTrail_us-east-1_20251007T2355Z_EXAMPLEexample01.json.gz
AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/08/111122223333_CloudTrail_us-east-1_20251008T1835Z_EXAMPLEexample01.json.gz
AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/10/111122223333_CloudTrail_us-east-1_20251010T0005Z_EXAMPLEexample01.json.gz
AWSLogs/444455556666/CloudTrail/eu-west-1/2025/10/08/444455556666_CloudTrail_eu-west-1_20251008T1840Z_EXAMPLEexample02.json.gz

$ trailsift ingest -q --since 2025-10-08 --until '2025-10-08T18:31:03Z' --account 111122223333 AWSLogs

$ trailsift query -f csv "SELECT substr(path, 9, 12) AS acct, substr(path, -39, 14) AS delivered, n_records, n_indexed, n_filtered, status, error FROM sources ORDER BY path"
acct,delivered,n_records,n_indexed,n_filtered,status,error
111122223333,20251007T2355Z,0,0,0,skipped,outside --since/--until (delivered 2025-10-07T23:55:00Z)
111122223333,20251008T1835Z,3,2,1,ok,
111122223333,20251010T0005Z,0,0,0,skipped,outside --since/--until (delivered 2025-10-10T00:05:00Z)
444455556666,20251008T1840Z,0,0,0,skipped,account 444455556666 not selected

$ trailsift query -f csv "SELECT event_name FROM events ORDER BY time_ms"
event_name
CreateGroupMembership
GetObject

# filtered records are counted, never lost: the same filters again read
# nothing, a run without them reads the filtered file again and adds what
# was left out (its own events are not counted as duplicates)
$ trailsift ingest --since 2025-10-08 --until '2025-10-08T18:31:03Z' --account 111122223333 AWSLogs 2>&1 | grep already
trailsift: 1 source was already in the index and was not read again

$ trailsift ingest -q AWSLogs && trailsift query -f csv "SELECT substr(path, 9, 12) AS acct, substr(path, -39, 14) AS delivered, n_indexed, n_duplicates, n_filtered, filters, status FROM sources ORDER BY path"
acct,delivered,n_indexed,n_duplicates,n_filtered,filters,status
111122223333,20251007T2355Z,1,2,0,,ok
111122223333,20251008T1835Z,2,1,0,,ok
111122223333,20251010T0005Z,0,3,0,,ok
444455556666,20251008T1840Z,0,3,0,,ok

$ trailsift query -f csv "SELECT event_name, substr(source_path, -39, 14) FROM events ORDER BY time_ms"
event_name,"substr(source_path, -39, 14)"
CreateGroupMembership,20251008T1835Z
GetObject,20251008T1835Z
AssumeRole,20251007T2355Z

$ trailsift ingest -q -d region.db --region eu-west-1 AWSLogs && trailsift query -d region.db -f csv "SELECT substr(path, 9, 12) AS acct, n_indexed, n_filtered, status, error FROM sources ORDER BY path"
trailsift: ingest: nothing matched the filters (region=eu-west-1): 3 files outside them by their S3 path, of us-east-1; and 3 events outside them; a typo?
acct,n_indexed,n_filtered,status,error
111122223333,0,0,skipped,region us-east-1 not selected
111122223333,0,0,skipped,region us-east-1 not selected
111122223333,0,0,skipped,region us-east-1 not selected
444455556666,0,3,ok,

$ trailsift ingest --since yesterday AWSLogs
trailsift: ingest: --since: 'yesterday' is not a time (use ISO 8601, e.g. 2024-01-31 or 2024-01-31T12:00:00Z)
...
[exit 2]

$ trailsift ingest --since 2025-10-09 --until 2025-10-08 AWSLogs
trailsift: ingest: --since is after --until
...
[exit 2]

# a bundle first read with filters is complete only for those filters:
# the same filters again read nothing; a run without them reads the
# bundle again for the member it skipped (inside a zip inside the tar),
# passes over the members already complete, and keeps the rows
$ zip -q -r inner.zip AWSLogs/444455556666 && tar cf logs.tar AWSLogs/111122223333 inner.zip && trailsift ingest -q -d tar.db --account 111122223333 logs.tar && trailsift ingest -d tar.db --account 111122223333 logs.tar 2>&1 | grep already
trailsift: 1 source was already in the index and was not read again

$ trailsift ingest -d tar.db logs.tar 2>&1 | grep already; trailsift query -d tar.db -f csv "SELECT id, parent_id, substr(member, 1, 12) AS m, substr(member, -39, 14) AS delivered, n_records, n_indexed, n_duplicates, n_filtered, status FROM sources ORDER BY id"
trailsift: 3 sources were already in the index and were not read again
id,parent_id,m,delivered,n_records,n_indexed,n_duplicates,n_filtered,status
1,,,,4,3,9,0,ok
2,1,AWSLogs/1111,20251008T1835Z,3,3,0,0,ok
3,1,AWSLogs/1111,20251007T2355Z,3,0,3,0,ok
4,1,AWSLogs/1111,20251010T0005Z,3,0,3,0,ok
5,1,inner.zip,,1,0,3,0,ok
6,5,inner.zip!/A,20251008T1840Z,3,0,3,0,ok

# a bundle's counts are the sums of its members', n_filtered too
$ trailsift ingest -q -d since.db --since 2025-10-08T18:31:05Z logs.tar; trailsift query -d since.db -f csv "SELECT id, parent_id, n_records, n_indexed, n_duplicates, n_filtered, n_rejected, status FROM sources ORDER BY id"
id,parent_id,n_records,n_indexed,n_duplicates,n_filtered,n_rejected,status
1,,4,1,2,6,0,ok
2,1,3,1,0,2,0,ok
3,1,0,0,0,0,0,skipped
4,1,3,0,1,2,0,ok
5,1,1,0,1,2,0,ok
6,5,3,0,1,2,0,ok

$ trailsift ingest -d tar.db logs.tar 2>&1 | grep already; trailsift query -d tar.db -f csv "SELECT count(*) FROM events"
trailsift: 1 source was already in the index and was not read again
count(*)
3

# a date alone given to --until is the end of that day, in the basic
# form too (20251008 meant its first millisecond)
$ for u in 2025-10-08 20251008; do trailsift ingest -q -d u$u.db --until $u AWSLogs/111122223333; trailsift query -d u$u.db -f csv "SELECT count(*) AS events FROM events"; done
events
3
events
3

# as a date covers its day, a time to the minute covers its minute
# (18:31 meant 18:31:00.000 and left out 18:31:02 and 18:31:05), and one
# to the second its second
$ for u in 2025-10-08T18:30 '2025-10-08 18:31Z' 2025-10-08T18:31:02 2025-10-08T18:31:02.0; do trailsift ingest -q -d "m$u.db" --until "$u" AWSLogs/111122223333; trailsift query -d "m$u.db" -f csv "SELECT count(*) AS events FROM events" | sed 1d; done
1
3
2
2

# --account as the console writes it and --region in capitals match
# (they skipped every file, exit 0); what can never match is refused;
# so is -j 4x
$ trailsift ingest -q -d acct.db --account 1111-2222-3333 --region US-EAST-1 AWSLogs && trailsift ingest -q -d acct2.db --account 111122223333 --region us-east-1 AWSLogs && for d in acct acct2; do trailsift query -d $d.db -f csv "SELECT count(*) AS events, group_concat(DISTINCT account) AS accounts FROM events"; done
events,accounts
2,111122223333
events,accounts
2,111122223333

$ trailsift ingest -q -d bad.db --account 1234 AWSLogs
trailsift: ingest: --account wants 12-digit account ids, not '1234'
...
[exit 2]

$ trailsift ingest -q -d bad.db --region 'us east' AWSLogs
trailsift: ingest: --region wants region names such as us-east-1, not 'us east'
...
[exit 2]

# An empty list (--account "$UNSET", or only commas) is a mistake, not
# "every account"; nor is a region that cannot be one ("-").
$ trailsift ingest -q -d bad.db --account ',' AWSLogs
trailsift: ingest: --account wants 12-digit account ids, not ','
...
[exit 2]

$ trailsift ingest -q -d bad.db --account= AWSLogs
trailsift: ingest: --account wants 12-digit account ids, not ''
...
[exit 2]

$ trailsift ingest -q -d bad.db --region - AWSLogs
trailsift: ingest: --region wants region names such as us-east-1, not '-'
...
[exit 2]

$ trailsift ingest -q -d bad.db --region us-east- AWSLogs
trailsift: ingest: --region wants region names such as us-east-1, not 'us-east-'
...
[exit 2]

$ trailsift ingest -q -d gov.db --region us-gov-west-1,eu-west-1, AWSLogs; echo "exit $?"
trailsift: ingest: nothing matched the filters (region=us-gov-west-1 region=eu-west-1): 3 files outside them by their S3 path, of us-east-1; and 3 events outside them; a typo?
exit 0

$ trailsift ingest -q -d bad.db -j 4x AWSLogs
trailsift: ingest: --jobs wants 1 to 256, not '4x'
...
[exit 2]

# A rerun that skips a file by its path never opens it, so it cannot
# stand in for a row that records a read: the partial read below keeps
# its digest, status and rejected record, and E3 its source's hash
# (a run with no --since is not covered by the first read's filters).
$ p=ka/AWSLogs/111122223333/CloudTrail/us-east-1/2025/01/05; mkdir -p $p; r() { printf '{"eventVersion":"1.08","eventTime":"2025-01-05T%s:00Z","eventSource":"iam.amazonaws.com","eventName":"%s",%s"awsRegion":"us-east-1","recipientAccountId":"111122223333"}' "$1" "$2" "${3-}"; }; { printf '{"Records":['; r 09:58 E1 '"eventID":"cccccccc-0000-4000-8000-000000000001",'; printf ,; r 10:01 E2; printf ,; r 10:02 E3 '"eventID":"cccccccc-0000-4000-8000-000000000003",'; printf ']}'; } | gzip -n > $p/111122223333_CloudTrail_us-east-1_20250105T1005Z_abc.json.gz; trailsift ingest -q -d ka.db --since 2025-01-05T10:00 ka 2>/dev/null; echo "exit $?"; trailsift ingest -d ka.db --account 444455556666 ka 2>ka.err; echo "exit $?"; grep already ka.err
exit 3
exit 0
trailsift: 1 source was already in the index and was not read again

$ trailsift query -d ka.db -f csv "SELECT status, kind, length(sha256) AS sha, n_indexed, n_rejected, filters, error, (SELECT count(*) FROM rejected) AS rejected FROM sources"; trailsift show -d ka.db -p cccccccc-0000-4000-8000-000000000003 | sed -n 's/^# source_sha256: [0-9a-f]\{64\}$/hashed/p'
status,kind,sha,n_indexed,n_rejected,filters,error,rejected
partial,events,64,1,1,since=2025-01-05T10:00:00Z,1 record rejected,1
hashed

# A file read under filters that cover this run's is complete: nothing
# this run could index from it is missing, and reading it again would
# only leave its row counting less than what points at it.
$ mkdir kb; for r in us-east-1:1 eu-west-1:2 us-west-2:3; do printf '{"eventVersion":"1.08","eventTime":"2025-01-05T10:0%s:00Z","eventSource":"iam.amazonaws.com","eventName":"E%s","eventID":"dddddddd-0000-4000-8000-00000000000%s","awsRegion":"%s","recipientAccountId":"111122223333"}' ${r#*:} ${r#*:} ${r#*:} ${r%:*}; echo; done > kb/regions.jsonl; trailsift ingest -q -d kb.db --region us-east-1,eu-west-1 kb && trailsift ingest -d kb.db --region us-east-1 kb 2>&1 | grep already
trailsift: 1 source was already in the index and was not read again

$ trailsift query -d kb.db -f csv "SELECT n_indexed, n_filtered, filters, (SELECT count(*) FROM events) AS events FROM sources"
n_indexed,n_filtered,filters,events
2,1,region=us-east-1 region=eu-west-1,2

# Filters that do not cover the first read's (another region) read the
# file again; the events of the first read stay and still point at its
# row, so the row goes on counting them: sum(n_indexed) = events.
$ trailsift ingest -q -d kc.db --region us-east-1 kb && trailsift ingest -q -d kc.db --region eu-west-1 kb && trailsift query -d kc.db -f csv "SELECT n_indexed, n_duplicates, n_filtered, filters FROM sources"; trailsift query -d kc.db -f csv "SELECT (SELECT sum(n_indexed) FROM sources) AS indexed, count(*) AS events FROM events"
n_indexed,n_duplicates,n_filtered,filters
2,0,2,region=eu-west-1
indexed,events
2,2

$ trailsift ingest -q -d kc.db kb && trailsift query -d kc.db -f csv "SELECT n_indexed, n_duplicates, n_filtered, filters FROM sources"; trailsift query -d kc.db -f csv "SELECT (SELECT sum(n_indexed) FROM sources) AS indexed, count(*) AS events FROM events"
n_indexed,n_duplicates,n_filtered,filters
3,0,0,
indexed,events
3,3

# the same for a file rewritten after a filtered read: its new bytes get
# a row of their own
$ r(){ printf '{"eventVersion":"1.08","eventTime":"2025-01-01T10:00:0%sZ","eventSource":"s3.amazonaws.com","eventName":"Get","eventID":"eeeeeeee-0000-4000-8000-00000000000%s","awsRegion":"%s","recipientAccountId":"111122223333"}\n' $1 $1 $2; }; { r 1 us-east-1; r 2 eu-west-1; } > rw.jsonl; trailsift ingest -q -d rw.db --region us-east-1 rw.jsonl && { r 3 us-east-1; r 4 eu-west-1; r 5 us-west-2; } > rw.jsonl && trailsift ingest -q -d rw.db rw.jsonl && trailsift query -d rw.db -f csv "SELECT id, size, n_records, n_indexed, filters FROM sources" && trailsift query -d rw.db -f csv "SELECT count(*) FROM events"
id,size,n_records,n_indexed,filters
1,438,2,1,region=us-east-1
2,657,3,3,
count(*)
4

# A record without recipientAccountId (eventVersion before 1.02) in an
# account's S3 folder is that account's: --account keeps it; outside
# the AWSLogs layout nothing says its account, and it is left out
$ p=old/AWSLogs/111122223333/CloudTrail/us-east-1/2014/01/05; mkdir -p $p; printf '{"Records":[{"eventVersion":"1.01","eventTime":"2014-01-05T10:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","eventID":"eeeeeeee-0000-4000-8000-000000000001","awsRegion":"us-east-1"}]}' | gzip -n > $p/111122223333_CloudTrail_us-east-1_20140105T1005Z_abc.json.gz; cp $p/*.json.gz old/loose.json.gz; trailsift ingest -q -d old.db --account 111122223333 old; echo "exit $?"; trailsift query -d old.db -f csv "SELECT path, n_indexed, n_filtered FROM sources ORDER BY path"
exit 0
path,n_indexed,n_filtered
old/AWSLogs/111122223333/CloudTrail/us-east-1/2014/01/05/111122223333_CloudTrail_us-east-1_20140105T1005Z_abc.json.gz,1,0
old/loose.json.gz,0,1

# issue: a file whose name's date is not its folder's (in .../2025/10/08/,
# named ..._20230101T0000Z_..., holding events of 2025-10-08) was skipped
# by --since on the name's date; a path that contradicts itself skips
# nothing (its records are filtered one by one)
$ p=mixed/AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/08; mkdir -p $p && gzip -n -c "$TS_SRC/tests/data/ingest/records.json" > $p/111122223333_CloudTrail_us-east-1_20230101T0000Z_EXAMPLEexample01.json.gz && trailsift ingest -q -d mixed.db --since 2025-10-08T18:31 mixed; echo "exit $?"; trailsift query -d mixed.db -f csv "SELECT n_records, n_indexed, n_filtered, status, error FROM sources"
exit 0
n_records,n_indexed,n_filtered,status,error
3,2,1,ok,

# issue: --region us-east-1 (taken in lower case) skipped a folder
# CloudTrail/US-EAST-1/ as "region US-EAST-1 not selected"
$ p=upper/AWSLogs/111122223333/CloudTrail/US-EAST-1/2025/10/08; mkdir -p $p && gzip -n -c "$TS_SRC/tests/data/ingest/records.json" > $p/111122223333_CloudTrail_us-east-1_20251008T1835Z_EXAMPLEexample01.json.gz && trailsift ingest -q -d upper.db --region US-East-1 upper; echo "exit $?"; trailsift query -d upper.db -f csv "SELECT n_records, n_indexed, n_filtered, status, error FROM sources"
exit 0
n_records,n_indexed,n_filtered,status,error
3,2,1,ok,

# issue: a bundle in a dated folder of another account was skipped unread
# by that folder ("outside --since/--until (delivered 2023-01-01...)"),
# though its members are logs of the window and account asked for; a
# bundle is no delivery: its members are filtered, never it by its path.
# So is a bundle inside one.
$ p=AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/08; q=b/AWSLogs/999999999999/CloudTrail/eu-west-1/2023/01/01; mkdir -p src/$p $q && gzip -n -c "$TS_SRC/tests/data/ingest/records.json" > src/$p/111122223333_CloudTrail_us-east-1_20251008T1835Z_EXAMPLEexample01.json.gz && tar --mtime=@0 --owner=0 --group=0 --numeric-owner -C src -czf $q/export.tar.gz AWSLogs && tar --mtime=@0 --owner=0 --group=0 --numeric-owner -cf outer.tar $q/export.tar.gz && trailsift ingest -q -d bundled.db --since 2025-10-08 --account 111122223333 b outer.tar; echo "exit $?"; trailsift query -d bundled.db -f csv "SELECT replace(replace(path, '$q', 'Q'), '$p', 'P') AS path, replace(replace(member, '$q', 'Q'), '$p', 'P') AS member, kind, n_indexed, n_duplicates, status, error FROM sources ORDER BY id"
exit 0
path,member,kind,n_indexed,n_duplicates,status,error
Q/export.tar.gz,,archive,3,0,ok,
Q/export.tar.gz,P/111122223333_CloudTrail_us-east-1_20251008T1835Z_EXAMPLEexample01.json.gz,events,3,0,ok,
outer.tar,,archive,0,3,ok,
outer.tar,Q/export.tar.gz,archive,0,3,ok,
outer.tar,Q/export.tar.gz!/P/111122223333_CloudTrail_us-east-1_20251008T1835Z_EXAMPLEexample01.json.gz,events,0,3,ok,

# a run whose filters matched nothing it met says so, and what it met
# instead, even with -q (a typo'd --region gave an empty index and
# "0 outside the filters"); one that matched something, or found the
# files already stored, says nothing
$ trailsift ingest -q -d typo.db --region us-esat-1 AWSLogs; echo "exit $?"; trailsift ingest -q -d typo.db --account 444455556666 --region us-east-1 AWSLogs; trailsift ingest -q -d typo.db --until 2020-01-01 "$TS_SRC/tests/data/ingest/records.json"; trailsift ingest -q -d typo.db --region us-east-1 AWSLogs; trailsift ingest -q -d typo.db --region us-east-1 AWSLogs
trailsift: ingest: nothing matched the filters (region=us-esat-1): 4 files outside them by their S3 path, of us-east-1, eu-west-1; a typo?
exit 0
trailsift: ingest: nothing matched the filters (account=444455556666 region=us-east-1): 4 files outside them by their S3 path, of 111122223333, us-east-1, 444455556666, eu-west-1; a typo?
trailsift: ingest: nothing matched the filters (until=2020-01-01T23:59:59.999Z): 3 events outside them; a typo?
