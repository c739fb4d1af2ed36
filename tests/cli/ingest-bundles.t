# issue 3: bundles read in place -- tar, tar.gz, zip, 7z, and a zip inside
# a tar -- with every member accounted for.

$ cp "$TS_SRC"/tests/data/ingest/bundle.* . && trailsift ingest -q bundle.tar bundle.tar.gz bundle.zip bundle.7z

$ trailsift query -f csv "SELECT id, parent_id, path, member, kind, format, compression, n_records, n_indexed, n_duplicates, status FROM sources ORDER BY id"
id,parent_id,path,member,kind,format,compression,n_records,n_indexed,n_duplicates,status
1,,bundle.tar,,archive,tar,none,3,3,1,ok
2,1,bundle.tar,AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/08/111122223333_CloudTrail_us-east-1_20251008T1835Z_EXAMPLEexample01.json.gz,events,records,gzip,3,3,0,ok
3,1,bundle.tar,AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/10/08/111122223333_CloudTrail-Digest_us-east-1_example-trail_us-east-1_20251008T190000Z.json.gz,digest,document,gzip,1,0,0,ok
4,1,bundle.tar,nested.zip,archive,zip,none,1,0,1,ok
5,4,bundle.tar,nested.zip!/inner-envelope.json,events,eventbridge,none,1,0,1,ok
6,,bundle.tar.gz,,archive,tar,gzip,3,0,4,ok
7,6,bundle.tar.gz,AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/08/111122223333_CloudTrail_us-east-1_20251008T1835Z_EXAMPLEexample01.json.gz,events,records,gzip,3,0,3,ok
8,6,bundle.tar.gz,AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/10/08/111122223333_CloudTrail-Digest_us-east-1_example-trail_us-east-1_20251008T190000Z.json.gz,digest,document,gzip,1,0,0,ok
9,6,bundle.tar.gz,nested.zip,archive,zip,none,1,0,1,ok
10,9,bundle.tar.gz,nested.zip!/inner-envelope.json,events,eventbridge,none,1,0,1,ok
11,,bundle.zip,,archive,zip,none,2,0,3,ok
12,11,bundle.zip,AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/08/111122223333_CloudTrail_us-east-1_20251008T1835Z_EXAMPLEexample01.json.gz,events,records,gzip,3,0,3,ok
13,11,bundle.zip,AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/10/08/111122223333_CloudTrail-Digest_us-east-1_example-trail_us-east-1_20251008T190000Z.json.gz,digest,document,gzip,1,0,0,ok
14,,bundle.7z,,archive,7z,none,2,0,3,ok
15,14,bundle.7z,AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/08/111122223333_CloudTrail_us-east-1_20251008T1835Z_EXAMPLEexample01.json.gz,events,records,gzip,3,0,3,ok
16,14,bundle.7z,AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/10/08/111122223333_CloudTrail-Digest_us-east-1_example-trail_us-east-1_20251008T190000Z.json.gz,digest,document,gzip,1,0,0,ok

# the archive's own digest is of its bytes as found
$ sha256sum bundle.tar.gz | cut -c1-64; trailsift query -f csv "SELECT sha256 FROM sources WHERE path = 'bundle.tar.gz' AND member IS NULL" | tail -n 1
712f7ef9ea207b89a9fa8c0750de35cb8410c07b544d07a39cb22d0ea63eeb27
712f7ef9ea207b89a9fa8c0750de35cb8410c07b544d07a39cb22d0ea63eeb27

# ... and so is a bundle's inside a bundle (it had none)
$ tar -xOf bundle.tar nested.zip | sha256sum | cut -c1-64; trailsift query -f csv "SELECT sha256 FROM sources WHERE path = 'bundle.tar' AND member = 'nested.zip'" | tail -n 1
179fab1054adcb30c4da87cb8ae0bfe3100e1ae40708185cd742454ef549a0b4
179fab1054adcb30c4da87cb8ae0bfe3100e1ae40708185cd742454ef549a0b4

# members carry what the S3 path says
$ trailsift query -f csv "SELECT DISTINCT account, region, delivered FROM sources WHERE member LIKE 'AWSLogs/%/CloudTrail/%'"
account,region,delivered
111122223333,us-east-1,2025-10-08T18:35:00Z

$ trailsift query -f csv "SELECT event_name, source_path, source_member, record_no FROM events ORDER BY time_ms"
event_name,source_path,source_member,record_no
CreateGroupMembership,bundle.tar,AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/08/111122223333_CloudTrail_us-east-1_20251008T1835Z_EXAMPLEexample01.json.gz,1
GetObject,bundle.tar,AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/08/111122223333_CloudTrail_us-east-1_20251008T1835Z_EXAMPLEexample01.json.gz,2
AssumeRole,bundle.tar,AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/08/111122223333_CloudTrail_us-east-1_20251008T1835Z_EXAMPLEexample01.json.gz,3

$ trailsift query -f csv "SELECT count(*) FROM digest"
count(*)
4

# nothing was extracted to disk
$ ls
bundle.7z
bundle.tar
bundle.tar.gz
bundle.zip
trailsift.db

# a hard link inside a tar has no data of its own: it is recorded as a
# link to the member whose content it shares (indexed under that name),
# never as an empty file; a symbolic link is not followed.  Both are
# skipped for good, so a second run does not read the tar again
$ mkdir hl && cp "$TS_SRC/tests/data/ingest/records.json" hl/a.json && ln hl/a.json hl/b.json && ln -s a.json hl/c.json && tar -C hl -cf links.tar a.json b.json c.json && trailsift ingest -q -d links.db links.tar && trailsift query -d links.db -f csv "SELECT member, kind, size, sha256 IS NOT NULL AS hashed, n_indexed, status, error FROM sources ORDER BY id"
member,kind,size,hashed,n_indexed,status,error
,archive,10240,1,3,ok,
a.json,events,3679,1,3,ok,
b.json,link,,0,0,skipped,hard link to a.json
c.json,link,,0,0,skipped,symbolic link to a.json

$ trailsift ingest -d links.db links.tar 2>&1 | grep already
trailsift: 1 source was already in the index and was not read again

# issue: a gzip-compressed tar was a bundle only by its name (.tar.gz,
# .tgz); as export.gz or case-042 it was read as a gzip file, found "not
# JSON", skipped, exit 0, and every event in it lost.  A gzip stream is
# looked into: a tar or a zip inside makes it a bundle, unless the name
# says it is a data file (x.json.gz: see plain_name() in pipeline.c)
$ cp bundle.tar.gz export.gz && cp bundle.tar.gz case-042 && zip -q -j -X inner.zip "$TS_SRC/tests/data/ingest/records.json" && gzip -n -c inner.zip > zipped.gz && gzip -n -c "$TS_SRC/tests/data/ingest/records.json" > plain.gz && trailsift ingest -q -d gz.db export.gz case-042 zipped.gz plain.gz && trailsift query -d gz.db -f csv "SELECT path, member, kind, format, compression, n_indexed, n_duplicates, status FROM sources WHERE parent_id IS NULL ORDER BY id"
path,member,kind,format,compression,n_indexed,n_duplicates,status
export.gz,,archive,tar,gzip,3,1,ok
case-042,,archive,tar,gzip,0,4,ok
zipped.gz,,archive,zip,gzip,0,3,ok
plain.gz,,events,records,gzip,0,3,ok

# a name trusted as data (.json, .json.gz) on an archive: the files in it
# cannot be read from there, and that is an error that says how to have
# them read (it was "not JSON, skipped", exit 0)
$ mkdir tn && cp "$TS_SRC/tests/data/ingest/records.json" tn/a.json && tar --mtime=@0 --owner=0 --group=0 --numeric-owner --mode=644 -C tn -czf tar-named.json.gz a.json && trailsift ingest -q -d tn.db tar-named.json.gz
trailsift: tar-named.json.gz: an archive, not JSON (by its first bytes): give a link or copy named for its format (.tar, .tar.gz, .zip, ...) to have it read as a bundle
[exit 3]

$ mv tar-named.json.gz tar-named.tar.gz && trailsift ingest -q -d tn.db tar-named.tar.gz && trailsift query -d tn.db -f csv "SELECT path, member, status FROM sources ORDER BY id"
path,member,status
tar-named.json.gz,,error
tar-named.tar.gz,,ok
tar-named.tar.gz,a.json,ok

# a JSON file compressed with xz (or bzip2, zstd) under a .json.gz name
# is no archive: it said "name it for its format (.tar, .tar.gz, .zip)";
# it now names the compressor and the name it is read under
$ xz -c "$TS_SRC/tests/data/ingest/records.json" > xz-named.json.gz && cp xz-named.json.gz xz-named.json.xz && trailsift ingest -q -d xn.db xz-named.json.gz xz-named.json.xz; echo "exit $?"; trailsift query -d xn.db -f csv "SELECT path, member, n_indexed, status FROM sources ORDER BY id"
trailsift: xz-named.json.gz: xz data, not JSON (by its first bytes): give a link or copy named .json.xz to have it read
exit 3
path,member,n_indexed,status
xz-named.json.gz,,0,error
xz-named.json.xz,,3,ok
xz-named.json.xz,data,3,ok

# the same under the JSON Lines names (.jsonl, .jsonl.gz), whose lines
# are read even when the first is not JSON: the tar was read as lines,
# rejected records or, with no JSON line, skipped as not CloudTrail
$ cp tar-named.tar.gz tar-named.jsonl.gz && gunzip -c tar-named.tar.gz > tar-named.jsonl && trailsift ingest -q -d tl.db tar-named.jsonl.gz tar-named.jsonl; echo "exit $?"; trailsift query -d tl.db -f csv "SELECT path, kind, n_records, status FROM sources ORDER BY id"
trailsift: tar-named.jsonl.gz: an archive, not JSON (by its first bytes): give a link or copy named for its format (.tar, .tar.gz, .zip, ...) to have it read as a bundle
trailsift: tar-named.jsonl: an archive, not JSON (by its first bytes): give a link or copy named for its format (.tar, .tar.gz, .zip, ...) to have it read as a bundle
exit 3
path,kind,n_records,status
tar-named.jsonl.gz,not-cloudtrail,0,error
tar-named.jsonl,not-cloudtrail,0,error

# A bundle nested in bundles without end (a tar in a tar 300 deep took
# 184 MiB, growing with the depth) is opened 16 deep at most; the one
# below is an error that says so, and every level accounts for it.
$ mkdir deep && cp "$TS_SRC/tests/data/ingest/records.json" deep/a.json && cd deep && tar cf l0.tar a.json && i=0 && while [ $i -lt 17 ]; do tar cf l$((i+1)).tar l$i.tar && rm l$i.tar && i=$((i+1)); done && cd .. && trailsift ingest -q -d deep.db deep/l17.tar 2>/dev/null; echo "exit $?"; trailsift query -d deep.db -f csv "SELECT count(*) AS rows, sum(status = 'error') AS errors FROM sources"; trailsift query -d deep.db -f csv "SELECT substr(member, -14) AS member, error FROM sources WHERE member LIKE '%/l0.tar'"
exit 3
rows,errors
18,18
member,error
l1.tar!/l0.tar,bundle nested more than 16 deep (not opened)

# A sparse member (GNU tar --sparse) is read as extracting it writes it,
# its holes as zeros, one at its end too: size and digest are the file's.
$ mkdir sp && cp "$TS_SRC/tests/data/ingest/records.json" sp/s.json && truncate -s 1M sp/s.json && cd sp && tar --sparse --mtime=@0 -cf ../sparse.tar s.json && cd .. && trailsift ingest -q -d sp.db sparse.tar 2>/dev/null; trailsift query -d sp.db -f csv "SELECT member, size, sha256 FROM sources WHERE member IS NOT NULL"; sha256sum sp/s.json
member,size,sha256
s.json,1048576,2518ba298b67b0d1b007f8c1910730b4ac2100a3292a12407f24fc99ef857c28
2518ba298b67b0d1b007f8c1910730b4ac2100a3292a12407f24fc99ef857c28  sp/s.json

# tar -r appends a file's new version under the same name: each member
# is a source of its own, even where size and mtime agree (the second
# was taken for the first and skipped, its events lost), and so is one
# appended later (the same); a run on the unchanged tar reads nothing.
# The tar appended to gets a new row, with a row for each of its three
# members: the first is read again, as one of several under its name
# (passed over as known, it kept its row under the tar's earlier row,
# and a run reading the tar again gave the n-th member under the name
# the n-th row under the new one: the first took the second's)
$ r="$TS_SRC/tests/data/ingest/records.json"; for v in 8 7; do sed "s/\"eventID\":\"9/\"eventID\":\"$v/" "$r" > a.json && touch -d '2025-01-01 00:00:00' a.json && tar rf versions.tar a.json || exit 1; done; trailsift ingest -q -d v.db versions.tar && trailsift query -d v.db -f csv "SELECT id, parent_id, member, size, n_indexed, n_duplicates FROM sources ORDER BY id"
id,parent_id,member,size,n_indexed,n_duplicates
1,,,10240,4,2
2,1,a.json,3679,3,0
3,1,a.json,3679,1,2

$ sed 's/"eventID":"9/"eventID":"6/' "$TS_SRC/tests/data/ingest/records.json" > a.json && touch -d '2025-01-01 00:00:00' a.json && tar rf versions.tar a.json && trailsift ingest -q -d v.db versions.tar && trailsift ingest -q -d v.db versions.tar && trailsift query -d v.db -f csv "SELECT id, parent_id, member, size, n_indexed, n_duplicates FROM sources ORDER BY id" && trailsift query -d v.db -f csv "SELECT substr(event_id, 1, 1) AS first, count(*) AS n FROM events GROUP BY 1 ORDER BY 1"
id,parent_id,member,size,n_indexed,n_duplicates
1,,,10240,4,2
2,1,a.json,3679,3,0
3,1,a.json,3679,1,2
4,,,20480,1,8
5,4,a.json,3679,0,3
6,4,a.json,3679,0,3
7,4,a.json,3679,1,2
first,n
6,1
7,1
8,1
a,2

# tars joined end to end (cat a.tar b.tar, and so for .tar.gz) are read
# to the end: the members after the first tar's end-of-archive blocks
# were left unread, and the bundle said ok
$ mkdir cat && cd cat && r="$TS_SRC/tests/data/ingest/records.json"; cp "$r" a.json && sed 's/"eventID":"9/"eventID":"5/' "$r" > b.json && tar cf a.tar a.json && tar cf b.tar b.json && cat a.tar b.tar > c.tar && gzip -n -k a.tar b.tar && cat a.tar.gz b.tar.gz > c.tar.gz && trailsift ingest -q -d c.db c.tar c.tar.gz && trailsift query -d c.db -f csv "SELECT path, member, status, n_indexed, n_duplicates FROM sources ORDER BY id"
path,member,status,n_indexed,n_duplicates
c.tar,,ok,4,2
c.tar,a.json,ok,3,0
c.tar,b.json,ok,1,2
c.tar.gz,,ok,0,6
c.tar.gz,a.json,ok,0,3
c.tar.gz,b.json,ok,0,3

# members named in UTF-16 (7z) or flagged UTF-8 (zip) keep their names,
# a bundle among them too (they were all called "data", and the nested
# tar was taken for a file misnamed); a tar member with no name gets a
# row of its own, named so, not the bundle's (it took that row over);
# a second run adds nothing, and the index checks clean
$ cp "$TS_SRC"/tests/data/ingest/names.7z "$TS_SRC"/tests/data/ingest/names.zip "$TS_SRC"/tests/data/ingest/noname.tar . && trailsift ingest -q -d names.db names.7z names.zip noname.tar; echo "exit $?"; trailsift query -d names.db -f csv "SELECT id, parent_id, path, member, kind, format, n_indexed, n_duplicates, status FROM sources ORDER BY id"; trailsift ingest -q -d names.db names.7z names.zip noname.tar; trailsift query -d names.db -f csv "SELECT count(*) FROM sources"; trailsift check -d names.db; echo "exit $?"; trailsift show -d names.db -p a1b2c3d4-5678-90ab-cdef-000000000002 | sed -n 2,3p
exit 0
id,parent_id,path,member,kind,format,n_indexed,n_duplicates,status
1,,names.7z,,archive,7z,3,2,ok
2,1,names.7z,exporté.json,events,records,3,0,ok
3,1,names.7z,journaux-exportés.tar,archive,tar,0,2,ok
4,3,names.7z,journaux-exportés.tar!/array.json,events,array,0,2,ok
5,,names.zip,,archive,zip,0,5,ok
6,5,names.zip,exporté.json,events,records,0,3,ok
7,5,names.zip,journaux-exportés.tar,archive,tar,0,2,ok
8,7,names.zip,journaux-exportés.tar!/array.json,events,array,0,2,ok
9,,noname.tar,,archive,tar,0,6,ok
10,9,noname.tar,a.json,events,records,0,3,ok
11,9,noname.tar,(member 2: no name),events,records,0,3,ok
count(*)
11
checked 1 raw block, 3 events (3 records compared), 11 sources, 0 documents: no problems
exit 0
# source: names.7z
# member: exporté.json
