# Every record of every input ends up indexed, a duplicate, filtered or
# rejected, and a source's row adds up, however the inputs are read
# again: bundles holding two members under one name (tar -r appends a
# file's new version so).

# a bundle appended twice to a tar under one name: the members of the
# second are read (their names, inner.tar/a.json, are the first's), not
# taken for the first's and skipped
$ r="$TS_SRC/tests/data/ingest/records.json"; for v in 8 7; do sed "s/\"eventID\":\"9/\"eventID\":\"$v/" "$r" > a.json && touch -d '2025-01-01 00:00:00' a.json && rm -f inner.tar && tar cf inner.tar a.json && touch -d '2025-01-01 00:00:00' inner.tar && tar rf nested.tar inner.tar || exit 1; done; trailsift ingest -q -d n.db nested.tar && trailsift query -d n.db -f csv "SELECT id, parent_id, member, n_records, n_indexed, n_duplicates FROM sources ORDER BY id" && trailsift query -d n.db -f csv "SELECT substr(event_id, 1, 1) AS first, count(*) AS n FROM events GROUP BY 1 ORDER BY 1"
id,parent_id,member,n_records,n_indexed,n_duplicates
1,,,2,4,2
2,1,inner.tar,1,3,0
3,2,inner.tar!/a.json,3,3,0
4,1,inner.tar,1,1,2
5,4,inner.tar!/a.json,3,1,2
first,n
7,1
8,1
a,2

# two members under one name, read under --since/--until: the first has
# a record outside them, the second none.  A run without them reads the
# tar again and indexes the first's record: the second's row, complete,
# is not the first's (it was taken for it: the member was skipped and
# the record lost, or read and counted into the second's row).  The
# first goes on counting in its own row, and the second's is passed
# over: the rows are one per member, as after one run without the
# filters (each member was given a row more)
$ r="$TS_SRC/tests/data/ingest/records.json"; k=AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/08/111122223333_CloudTrail_us-east-1_20251008T1835Z_EXAMPLEexample01.json; mkdir -p AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/08 && sed 's/"eventID":"9/"eventID":"8/; s/"eventID":"a1b2c3d4-5678-90ab-cdef-000000000003/"eventID":"b1b2c3d4-5678-90ab-cdef-000000000003/' "$r" > $k && touch -d '2025-01-01 00:00:00' $k && tar rf twice.tar $k && sed 's/"eventID":"9/"eventID":"7/; s/18:31:05Z/18:31:01Z/' "$r" > $k && touch -d '2025-01-01 00:00:00' $k && tar rf twice.tar $k && trailsift ingest -q -d t.db --since 2025-10-08 --until '2025-10-08T18:31:03Z' twice.tar && trailsift ingest -q -d t.db twice.tar && trailsift query -d t.db -f csv "SELECT id, parent_id, n_records, n_indexed, n_duplicates, n_filtered, n_rejected, filters IS NOT NULL AS filtered FROM sources ORDER BY id" && trailsift query -d t.db -f csv "SELECT substr(event_id, 1, 1) AS first, count(*) AS n FROM events GROUP BY 1 ORDER BY 1"
id,parent_id,n_records,n_indexed,n_duplicates,n_filtered,n_rejected,filtered
1,,2,5,1,0,0,0
2,1,3,3,0,0,0,0
3,1,3,2,1,0,0,0
first,n
7,1
8,1
a,2
b,1

# a member named "inner.tar!/a.json" and member a.json of member
# inner.tar are both read, in either order (the second was taken for
# the first and skipped: a crafted tar could hide a file's events so);
# the first is "inner.tar!!/a.json" in the index, the two names
# distinct (see ingest-bundle-names.t)
$ r="$TS_SRC/tests/data/ingest/records.json"; mkdir 'inner.tar!' && sed 's/"eventID":"9/"eventID":"8/' "$r" > 'inner.tar!/a.json' && sed 's/"eventID":"9/"eventID":"7/' "$r" > a.json && touch -d '2025-01-01 00:00:00' a.json 'inner.tar!/a.json' && rm -f inner.tar && tar cf inner.tar a.json && touch -d '2025-01-01 00:00:00' inner.tar && tar cf clash1.tar 'inner.tar!/a.json' inner.tar && tar cf clash2.tar inner.tar 'inner.tar!/a.json' && for t in clash1 clash2; do trailsift ingest -q -d $t.db $t.tar && trailsift query -d $t.db -f csv "SELECT id, parent_id, member, n_records, n_indexed, n_duplicates FROM sources ORDER BY id" && trailsift query -d $t.db -f csv "SELECT substr(event_id, 1, 1) AS first, count(*) AS n FROM events GROUP BY 1 ORDER BY 1" || exit 1; done
id,parent_id,member,n_records,n_indexed,n_duplicates
1,,,2,4,2
2,1,inner.tar!!/a.json,3,3,0
3,1,inner.tar,1,1,2
4,3,inner.tar!/a.json,3,1,2
first,n
7,1
8,1
a,2
id,parent_id,member,n_records,n_indexed,n_duplicates
1,,,2,4,2
2,1,inner.tar,1,3,0
3,2,inner.tar!/a.json,3,3,0
4,1,inner.tar!!/a.json,3,1,2
first,n
7,1
8,1
a,2

# the same tar read under the filters, touched, read under them again
# (the first member, complete for them, is read again all the same, as
# the first of several under its name in the tar's new row: both get a
# row under it) and then without them: the first member's rows are not
# complete, so the tar is read again and the record the filters left out
# is indexed (the tar was taken as complete by its latest rows, the
# record lost), in the first member's row under the tar's new row; the
# second takes its row again (it was given a row more)
$ F="--since 2025-10-08 --until 2025-10-08T18:31:03Z"; trailsift ingest -q -d t3.db $F twice.tar && touch twice.tar && trailsift ingest -q -d t3.db $F twice.tar && trailsift ingest -q -d t3.db twice.tar && trailsift query -d t3.db -f csv "SELECT id, parent_id, n_records, n_indexed, n_duplicates, n_filtered, n_rejected, filters IS NOT NULL AS filtered FROM sources ORDER BY id" && trailsift query -d t3.db -f csv "SELECT substr(event_id, 1, 1) AS first, count(*) AS n FROM events GROUP BY 1 ORDER BY 1"
id,parent_id,n_records,n_indexed,n_duplicates,n_filtered,n_rejected,filtered
1,,2,4,1,1,0,0
2,1,3,2,0,1,0,1
3,1,3,2,1,0,0,0
4,,2,1,5,0,0,0
5,4,3,1,2,0,0,0
6,4,3,0,3,0,0,0
first,n
7,1
8,1
a,2
b,1

# the tar read with its members skipped by --account, then without: the
# skipped rows, one per member, are made good by the reads, so a third
# run reads nothing (it read the first member again each time, adding
# two rows)
$ trailsift ingest -q -d a.db --account 444455556666 twice.tar && trailsift ingest -q -d a.db twice.tar && trailsift ingest -d a.db twice.tar 2>&1 | grep 'not read' && trailsift query -d a.db -f csv "SELECT id, parent_id, n_records, n_indexed, n_duplicates, status FROM sources ORDER BY id"
trailsift: ingest: nothing matched the filters (account=444455556666): 2 files outside them by their S3 path, of 111122223333; a typo?
trailsift: 1 source was already in the index and was not read again
id,parent_id,n_records,n_indexed,n_duplicates,status
1,,2,5,1,ok
2,1,3,3,0,ok
3,1,3,2,1,ok

# read under the filters, then twice without: the second run without
# reads nothing (the tar's row, summing the first member's older row,
# still said a record filtered out, and each run read the tar and its
# second member again)
$ F="--since 2025-10-08 --until 2025-10-08T18:31:03Z"; trailsift ingest -q -d f.db $F twice.tar && trailsift ingest -q -d f.db twice.tar && trailsift ingest -d f.db twice.tar 2>&1 | grep 'not read' && trailsift query -d f.db -f csv "SELECT id, parent_id, n_records, n_indexed, n_duplicates, n_filtered FROM sources ORDER BY id"
trailsift: 1 source was already in the index and was not read again
id,parent_id,n_records,n_indexed,n_duplicates,n_filtered
1,,2,5,1,0
2,1,3,3,0,0
3,1,3,2,1,0

# two members under one name, the first damaged (not gzip, not JSON):
# every run read it again and gave both a row more (until a second row
# that failed the same way on the same bytes settled it).  Every run
# reads it again, as it does any file that failed, in its row, and
# passes over the second: the rows stay those of the first run
$ r="$TS_SRC/tests/data/ingest/records.json"; sed 's/"eventID":"9/"eventID":"7/' "$r" | gzip -n > good.gz && head -c $(wc -c < good.gz) /dev/zero | tr -c x x > a.json.gz && touch -d '2025-01-01 00:00:00' a.json.gz && tar rf damaged.tar a.json.gz && cp good.gz a.json.gz && touch -d '2025-01-01 00:00:00' a.json.gz && tar rf damaged.tar a.json.gz && for i in 1 2 3; do trailsift ingest -q -d d.db damaged.tar 2>/dev/null; done; trailsift ingest -d d.db damaged.tar 2>&1 | grep 'not read'; trailsift query -d d.db -f csv "SELECT id, parent_id, n_records, n_indexed, n_duplicates, status FROM sources ORDER BY id"
trailsift: 1 source was already in the index and was not read again
id,parent_id,n_records,n_indexed,n_duplicates,status
1,,2,3,0,partial
2,1,0,0,0,error
3,1,3,3,0,ok
