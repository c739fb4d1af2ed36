# issue 3: evidence is read-only, re-runs change nothing, a new month is
# added, and an org trail next to an account trail costs nothing twice.

$ D="$TS_SRC/tests/data/ingest"; mkdir -p acct/AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/08 org/AWSLogs/o-exampleorg1/111122223333/CloudTrail/us-east-1/2025/10/08 && gzip -n -c "$D/records.json" > acct/AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/08/111122223333_CloudTrail_us-east-1_20251008T1835Z_EXAMPLEexample01.json.gz && cp acct/AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/08/*.gz org/AWSLogs/o-exampleorg1/111122223333/CloudTrail/us-east-1/2025/10/08/ && chmod -R a-w acct org && find acct org -type f -exec sha256sum {} + | sort > before.sha && find acct org -type f -exec stat -c '%n %s %Y' {} + | sort > before.stat

$ trailsift ingest -q acct org && trailsift query -f csv "SELECT path, n_records, n_indexed, n_duplicates FROM sources ORDER BY path"
path,n_records,n_indexed,n_duplicates
acct/AWSLogs/111122223333/CloudTrail/us-east-1/2025/10/08/111122223333_CloudTrail_us-east-1_20251008T1835Z_EXAMPLEexample01.json.gz,3,3,0
org/AWSLogs/o-exampleorg1/111122223333/CloudTrail/us-east-1/2025/10/08/111122223333_CloudTrail_us-east-1_20251008T1835Z_EXAMPLEexample01.json.gz,3,0,3

# the org trail's copy of the file added no block of raw records
$ trailsift query -f csv "SELECT count(*) FROM raw_block"
count(*)
1

# input files unchanged, byte for byte and in their timestamps
$ find acct org -type f -exec sha256sum {} + | sort | cmp - before.sha && find acct org -type f -exec stat -c '%n %s %Y' {} + | sort | cmp - before.stat && echo unchanged
unchanged

# a re-run reads nothing again and changes nothing
$ trailsift query -f csv "SELECT * FROM sources ORDER BY id" > s1 && trailsift query -f csv "SELECT * FROM events ORDER BY id" > e1 && trailsift ingest acct org 2>&1 | grep 'already' && trailsift query -f csv "SELECT * FROM sources ORDER BY id" | cmp - s1 && trailsift query -f csv "SELECT * FROM events ORDER BY id" | cmp - e1 && echo same
trailsift: 2 sources were already in the index and were not read again
same

# a new day next to the old ones is added
$ chmod -R u+w acct && mkdir -p acct/AWSLogs/111122223333/CloudTrail/us-east-1/2025/11/01 && sed 's/-cdef-0000/-cdef-1111/g; s/960c4b3b-/960c4b3c-/g; s/2025-10-08T18:/2025-11-01T00:/g' "$TS_SRC/tests/data/ingest/records.json" | gzip -n > acct/AWSLogs/111122223333/CloudTrail/us-east-1/2025/11/01/111122223333_CloudTrail_us-east-1_20251101T0000Z_EXAMPLEexample02.json.gz && trailsift ingest -q acct; trailsift query -f csv "SELECT count(*) FROM sources"; trailsift query -f csv "SELECT substr(event_time, 1, 10) AS day, count(*) FROM events GROUP BY 1"
count(*)
3
day,count(*)
2025-10-08,3
2025-11-01,3

# the index is one plain file when ingest is done
$ ls trailsift.db*
trailsift.db

# the same event twice in one file: stored once, the second a duplicate
# (not counted as indexed twice)
$ grep "^{" "$TS_SRC/tests/data/ingest/records.jsonl" > once.jsonl && cat once.jsonl once.jsonl > twice.jsonl && trailsift ingest -q -d twice.db twice.jsonl && trailsift query -d twice.db -f csv "SELECT n_records, n_indexed, n_duplicates, (SELECT count(*) FROM events) AS events FROM sources"
n_records,n_indexed,n_duplicates,events
6,3,3,3

# ... and read again after a filter left some out: the same counts as a
# single read (the stored copy is the file's own, the other a duplicate)
$ (head -n 1 once.jsonl; cat once.jsonl) > first-twice.jsonl && trailsift ingest -q -d again.db --until 2025-10-08T18:31:00Z first-twice.jsonl && trailsift ingest -q -d again.db first-twice.jsonl && trailsift query -d again.db -f csv "SELECT n_records, n_indexed, n_duplicates, n_filtered, (SELECT count(*) FROM events) AS events FROM sources"
n_records,n_indexed,n_duplicates,n_filtered,events
4,3,1,0,3

# issue: a directory that could not be read kept its error row after a
# later run read it, so "inputs that did not go well" kept listing it.
# A file's row is superseded when the file is read again; a directory's
# now is too: the row becomes kind directory, status ok.  Here the path
# is a broken link in the first run and a link to a directory in the
# second
$ D="$TS_SRC/tests/data/ingest"; mkdir tree && cp "$D/records.json" tree/a.json && ln -s ../later tree/logs && trailsift ingest -q -d dirs.db tree; trailsift query -d dirs.db -f csv "SELECT path, kind, status, error FROM sources ORDER BY id"
trailsift: tree/logs: broken symbolic link
path,kind,status,error
tree/a.json,events,ok,
tree/logs,unknown,error,broken symbolic link

$ mkdir -p later/sub && cp "$TS_SRC/tests/data/ingest/array.json" later/sub/b.json && trailsift ingest -q -d dirs.db tree && trailsift query -d dirs.db -f csv "SELECT path, kind, status, error FROM sources ORDER BY id" && trailsift query -d dirs.db -f csv "SELECT path, member, status, error FROM sources WHERE status <> 'ok'"
path,kind,status,error
tree/a.json,events,ok,
tree/logs,directory,ok,
tree/logs/sub/b.json,events,ok,
path,member,status,error

# and the same for a directory without permission to read it (chmod 000)
# requires: unreadable-dirs
$ D="$TS_SRC/tests/data/ingest"; mkdir -p perm/locked && cp "$D/records.json" perm/locked/a.json && chmod 000 perm/locked && $TS_NODAC trailsift ingest -q -d perm.db perm; chmod 755 perm/locked && trailsift query -d perm.db -f csv "SELECT path, kind, status, error FROM sources ORDER BY id"
trailsift: perm/locked: directory not walked: Permission denied
path,kind,status,error
perm/locked,unknown,error,directory not walked: Permission denied

# requires: unreadable-dirs
$ trailsift ingest -q -d perm.db perm && trailsift query -d perm.db -f csv "SELECT path, kind, status, error FROM sources ORDER BY id"
path,kind,status,error
perm/locked,directory,ok,
perm/locked/a.json,events,ok,

# a file read before and gone since is an error of this run, in a row
# of its own: the row of the read, which its events point at, stays
$ cp "$TS_SRC/tests/data/ingest/records.json" gone.json && trailsift ingest -q -d gone.db gone.json && mv gone.json moved.json && trailsift ingest -q -d gone.db gone.json; echo "exit $?"; trailsift query -d gone.db -f csv "SELECT id, status, error, sha256 IS NOT NULL AS hashed, n_indexed FROM sources"
trailsift: gone.json: No such file or directory
exit 3
id,status,error,hashed,n_indexed
1,ok,,1,3
2,error,No such file or directory,0,0

# A bundle whose mtime changed and whose bytes did not (touched, copied
# with cp -r) is read again, its members are known: it got a second row
# that said an empty bundle (0 members, 0 events) while its members
# stayed under the first.  Same size and SHA-256: the first row is the
# bundle's and takes the new mtime.
$ D="$TS_SRC/tests/data/ingest"; mkdir tb && cp "$D/records.json" tb/a.json && cp "$D/array.json" tb/b.json && tar cf touched.tar -C tb a.json b.json && trailsift ingest -q -d touched.db touched.tar && touch -d '2020-01-01 00:00:00 UTC' touched.tar && trailsift ingest -q -d touched.db touched.tar && trailsift query -d touched.db -f csv "SELECT id, parent_id, member, n_records, n_indexed, n_duplicates, status, CASE WHEN member IS NULL THEN datetime(mtime / 1000, 'unixepoch') END AS mtime FROM source ORDER BY id"
id,parent_id,member,n_records,n_indexed,n_duplicates,status,mtime
1,,,2,3,2,ok,2020-01-01 00:00:00
2,1,a.json,3,3,0,ok,
3,1,b.json,2,0,2,ok,

# a file named "-" keeps its "./": "-" in sources.path is standard input
$ mkdir dash && cd dash && cp "$TS_SRC/tests/data/ingest/records.json" ./- && trailsift ingest -q -d ../dash.db . && trailsift ingest -q -d ../dash.db ./- && trailsift query -d ../dash.db -f csv "SELECT path, n_indexed FROM sources ORDER BY id"
path,n_indexed
./-,3

# one folder given under several spellings is walked once: each walk
# after the first found its files "already in the index", and the
# summary said so of 3 sources that are one row
$ mkdir spell && cp "$TS_SRC/tests/data/ingest/records.json" spell/a.json && trailsift ingest -d spell.db spell spell/ ./spell spell 2>&1 | sed 's/ in [0-9.]* s ([0-9.]* MB\/s)//'; trailsift query -d spell.db -f csv "SELECT path, n_indexed FROM sources"
trailsift: 3 new events from 1 source: 0 duplicates, 0 records rejected, 0 outside the filters
path,n_indexed
spell/a.json,3
