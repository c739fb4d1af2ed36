# Two members of a bundle under one name (tar -r appends a file's new
# version so) are two sources, each with a row of its own.  Where one is
# damaged the bundle is not complete, and every run reads it again: each
# such run gave every member under the name a row more (the writer took
# the latest row under the name, the last member's, for any of them),
# and the bundle's "N of M members failed" counted them all.  A run that
# reads the bundle again now ends with the rows of the first: the n-th
# member under a name takes the n-th row under it in the bundle.

# the good version, then a damaged one appended
$ r="$TS_SRC/tests/data/ingest/records.json"; T="--mtime=2025-01-01 --owner=0 --group=0 --numeric-owner"; sed 's/"eventID":"9/"eventID":"8/' "$r" | gzip -n > good.gz && sed 's/"eventID":"9/"eventID":"7/' "$r" | gzip -n | head -c 700 > cut.gz && cp good.gz a.json.gz && tar $T -cf gc.tar a.json.gz && cp cut.gz a.json.gz && tar $T -rf gc.tar a.json.gz && for i in 1 2 3; do trailsift ingest -q -d gc.db gc.tar 2>/dev/null; echo "exit $?"; done; trailsift query -d gc.db -f csv "SELECT id, parent_id, member, status, error, n_records, n_indexed, n_duplicates FROM sources ORDER BY id"
exit 3
exit 3
exit 3
id,parent_id,member,status,error,n_records,n_indexed,n_duplicates
1,,,partial,1 of 2 members failed,2,3,0
2,1,a.json.gz,ok,,3,3,0
3,1,a.json.gz,error,gzip stream truncated at compressed offset 700 (gzip member 1 incomplete),1,0,0

# the damaged version first
$ T="--mtime=2025-01-01 --owner=0 --group=0 --numeric-owner"; cp cut.gz a.json.gz && tar $T -cf cg.tar a.json.gz && cp good.gz a.json.gz && tar $T -rf cg.tar a.json.gz && for i in 1 2 3; do trailsift ingest -q -d cg.db cg.tar 2>/dev/null; echo "exit $?"; done; trailsift query -d cg.db -f csv "SELECT id, parent_id, member, status, error, n_records, n_indexed, n_duplicates FROM sources ORDER BY id"
exit 3
exit 3
exit 3
id,parent_id,member,status,error,n_records,n_indexed,n_duplicates
1,,,partial,1 of 2 members failed,2,3,0
2,1,a.json.gz,error,gzip stream truncated at compressed offset 700 (gzip member 1 incomplete),1,0,0
3,1,a.json.gz,ok,,3,3,0

# three versions of one size and time, the second damaged inside (its
# size and time tell it from nothing: its place does)
$ T="--mtime=2025-01-01 --owner=0 --group=0 --numeric-owner"; sed 's/"eventID":"9/"eventID":"6/' "$TS_SRC/tests/data/ingest/records.json" | gzip -n > six.gz && { head -c 10 six.gz; head -c 50 /dev/zero; tail -c +61 six.gz; } > bad.gz && sed 's/"eventID":"9/"eventID":"5/' "$TS_SRC/tests/data/ingest/records.json" | gzip -n > five.gz && cp six.gz a.json.gz && tar $T -cf s3.tar a.json.gz && cp bad.gz a.json.gz && tar $T -rf s3.tar a.json.gz && cp five.gz a.json.gz && tar $T -rf s3.tar a.json.gz && for i in 1 2 3; do trailsift ingest -q -d s3.db s3.tar 2>/dev/null; echo "exit $?"; done; trailsift query -d s3.db -f csv "SELECT id, parent_id, member, status, error, n_records, n_indexed, n_duplicates, size = (SELECT size FROM source WHERE id = 2) AS same_size FROM sources ORDER BY id"; trailsift query -d s3.db -f csv "SELECT substr(event_id, 1, 1) AS first, count(*) AS n FROM events GROUP BY 1 ORDER BY 1"
exit 3
exit 3
exit 3
id,parent_id,member,status,error,n_records,n_indexed,n_duplicates,same_size
1,,,partial,1 of 3 members failed,3,4,2,0
2,1,a.json.gz,ok,,3,3,0,1
3,1,a.json.gz,error,corrupt deflate data in gzip member 1 starting at compressed offset 0,0,0,0,1
4,1,a.json.gz,ok,,3,1,2,1
first,n
5,1
6,1
a,2

# gc.tar inside another as in.tar, and s3.tar appended as in.tar: the
# repeated bundle's row and its members' are those of the first run too
# (each run gave them a row more).  The first member of the first in.tar
# may be unread (the other in.tar's damaged row has its name, size and
# time): its digest tells which row is its own
$ T="--mtime=2025-01-01 --owner=0 --group=0 --numeric-owner"; cp gc.tar in.tar && tar $T -cf nest.tar in.tar && cp s3.tar in.tar && tar $T -rf nest.tar in.tar && for i in 1 2 3; do trailsift ingest -q -d nest.db nest.tar 2>/dev/null; echo "exit $?"; done; trailsift query -d nest.db -f csv "SELECT id, parent_id, member, status, error, n_records, n_indexed, n_duplicates FROM sources ORDER BY id"
exit 3
exit 3
exit 3
id,parent_id,member,status,error,n_records,n_indexed,n_duplicates
1,,,partial,2 of 2 members failed,2,5,4
2,1,in.tar,partial,1 of 2 members failed,2,3,0
3,2,in.tar!/a.json.gz,ok,,3,3,0
4,2,in.tar!/a.json.gz,error,gzip stream truncated at compressed offset 700 (gzip member 1 incomplete),1,0,0
5,1,in.tar,partial,1 of 3 members failed,3,2,4
6,5,in.tar!/a.json.gz,ok,,3,1,2
7,5,in.tar!/a.json.gz,error,corrupt deflate data in gzip member 1 starting at compressed offset 0,0,0,0
8,5,in.tar!/a.json.gz,ok,,3,1,2

# two bundles under one name in a bundle read again (a damaged member):
# the first in.tar, passed over as complete, left its row untaken, and
# the second took it, writing its digest there (the first's was lost).
# The writer is now told of the member passed over, and each keeps its
# row and its digest; the index is the one a fresh build makes
$ r="$TS_SRC/tests/data/ingest/records.json"; T="--mtime=2025-01-01 --owner=0 --group=0 --numeric-owner"; mkdir -p rn && cd rn && sed 's/"eventID":"9/"eventID":"8/' "$r" | gzip -n > b.json.gz && tar $T -cf i1.tar b.json.gz && sed 's/"eventID":"9/"eventID":"7/' "$r" | gzip -n > b.json.gz && tar $T -cf i2.tar b.json.gz && sed 's/"eventID":"9/"eventID":"6/' "$r" | gzip -n | head -c 300 > c.json.gz && cp i1.tar in.tar && tar $T -cf b.tar in.tar && cp i2.tar in.tar && tar $T -rf b.tar in.tar c.json.gz && for i in 1 2 3; do trailsift ingest -q -d x.db b.tar 2>/dev/null; echo "exit $?"; done; s1=$(sha256sum i1.tar | cut -c1-64); s2=$(sha256sum i2.tar | cut -c1-64); trailsift query -d x.db -f csv "SELECT id, parent_id, member, status, sha256 = '$s1' AS first, sha256 = '$s2' AS second FROM sources WHERE member = 'in.tar' ORDER BY id"; trailsift query -d x.db -f csv "SELECT (SELECT sum(n_indexed) FROM source WHERE kind <> 'archive') = (SELECT count(*) FROM event) AS accounted, count(*) AS n_rows FROM source"; trailsift ingest -q -d fresh.db b.tar 2>/dev/null; sh "$TS_SRC/tests/data/dump-index.sh" x.db > x.dump; sh "$TS_SRC/tests/data/dump-index.sh" fresh.db > fresh.dump; cmp x.dump fresh.dump && echo same as fresh
exit 3
exit 3
exit 3
id,parent_id,member,status,first,second
2,1,in.tar,ok,1,0
4,1,in.tar,ok,0,1
accounted,n_rows
1,6
same as fresh

# an earlier version of the bundle read under a filter: its rows never
# complete, so every run reads the bundle again.  The first in.tar may
# be unread (the old version's in.tar, with its size and time, is not
# complete), and a bundle has no digest before it is read: the writer
# gave it a row of its own each run, and the second in.tar took the
# first's row, so every run added a bundle and its members (+3 rows).
# A bundle now takes its n-th row as any member does: no rows are
# added, the digests are each in.tar's, and a run changes nothing
$ r="$TS_SRC/tests/data/ingest/records.json"; T="--mtime=2025-01-01 --owner=0 --group=0 --numeric-owner"; mkdir -p rf && cd rf && for k in 5 6 7 8; do sed "s/\"eventID\":\"9/\"eventID\":\"$k/" "$r" | gzip -n > e$k.gz; done; v() { tar $T -cf in.tar -T /dev/null; for m in "$@"; do cp ${m#*=} ${m%=*}; tar $T -rf in.tar ${m%=*}; done; }; v b.json.gz=e8.gz && cp in.tar i1.tar && v a.json.gz=e6.gz b.json.gz=e7.gz && cp in.tar i2.tar && cp i1.tar in.tar && tar $T -cf b.tar in.tar && cp i2.tar in.tar && tar $T -rf b.tar in.tar && trailsift ingest -q -d x.db --until 2025-01-01 b.tar; echo "exit $?"; v b.json.gz=e8.gz a.json.gz=e6.gz && cp in.tar i1.tar && v b.json.gz=e7.gz b.json.gz=e5.gz b.json.gz=e6.gz && cp in.tar i2.tar && cp i1.tar in.tar && tar $T -cf b.tar in.tar && cp i2.tar in.tar && tar $T -rf b.tar in.tar && for i in 1 2 3; do trailsift ingest -q -d x.db b.tar; echo "exit $?"; trailsift query -d x.db -f csv "SELECT count(*) AS rows FROM source"; done; s1=$(sha256sum i1.tar | cut -c1-64); s2=$(sha256sum i2.tar | cut -c1-64); trailsift query -d x.db -f csv "SELECT id, parent_id, sha256 = '$s1' AS first, sha256 = '$s2' AS second FROM sources WHERE member = 'in.tar' AND parent_id = (SELECT max(id) FROM source WHERE member IS NULL) ORDER BY id"; trailsift query -d x.db -f csv "SELECT (SELECT sum(n_indexed) FROM source WHERE kind <> 'archive') = (SELECT count(*) FROM event) AS accounted"; sh "$TS_SRC/tests/data/dump-index.sh" x.db > before.dump; trailsift ingest -q -d x.db b.tar; sh "$TS_SRC/tests/data/dump-index.sh" x.db > after.dump; cmp before.dump after.dump && echo unchanged
trailsift: ingest: nothing matched the filters (until=2025-01-01T23:59:59.999Z): 9 events outside them; a typo?
exit 0
exit 0
rows
14
exit 0
rows
14
exit 0
rows
14
id,parent_id,first,second
8,7,1,0
11,7,0,1
accounted
1
unchanged

# review of the re-runs: a tar holding a version cut off and another
# under one name, rewritten as a new version (same size and time as the
# other) and the other.  The new version was passed over as known, by
# the other's row of the same size and time, though a row under its name
# was cut off (which may be an earlier version of it, whatever its
# size): its events were never indexed, and the next run added a row.
# It is now read, its digest tells it from the other's row, and the runs
# after change nothing
$ r="$TS_SRC/tests/data/ingest/records.json"; T="--mtime=2025-01-01 --owner=0 --group=0 --numeric-owner"; sed 's/"eventID":"9/"eventID":"4/' "$r" | gzip -n > v4.gz && sed 's/"eventID":"9/"eventID":"3/' "$r" | gzip -n > v3.gz && head -c 300 v4.gz > c4.gz && cp c4.gz a.json.gz && tar $T -cf rw.tar a.json.gz && cp v3.gz a.json.gz && tar $T -rf rw.tar a.json.gz && trailsift ingest -q -d rw.db rw.tar 2>/dev/null; echo "exit $?"; rm rw.tar && cp v4.gz a.json.gz && tar $T -cf rw.tar a.json.gz && cp v3.gz a.json.gz && tar $T -rf rw.tar a.json.gz && for i in 2 3 4; do trailsift ingest -q -d rw.db rw.tar; echo "exit $?"; done; trailsift query -d rw.db -f csv "SELECT id, parent_id, member, status, n_records, n_indexed, n_duplicates FROM sources ORDER BY id"; trailsift query -d rw.db -f csv "SELECT substr(event_id, 1, 1) AS first, count(*) AS n FROM events GROUP BY 1 ORDER BY 1"
exit 3
exit 0
exit 0
exit 0
id,parent_id,member,status,n_records,n_indexed,n_duplicates
1,,,partial,2,3,0
2,1,a.json.gz,error,1,0,0
3,1,a.json.gz,ok,3,3,0
4,,,ok,2,1,5
5,4,a.json.gz,ok,3,1,2
6,4,a.json.gz,ok,3,0,3
first,n
3,1
4,1
a,2

# review of the re-runs: a tar holding two nested tars of one name and a
# damaged member, changed between runs (touched).  The first in.tar was
# passed over as known, its row staying under the bundle's earlier row,
# while the second got one under the new row; the run after took the
# second's row for the first (the n-th member under a name takes the
# n-th row) and gave the second, and its member, a row more.  Under a
# new bundle row the first of several members under a name now gets a
# row too: the runs after change nothing
$ r="$TS_SRC/tests/data/ingest/records.json"; T="--mtime=2025-01-01 --owner=0 --group=0 --numeric-owner"; mkdir nb1 nb2; sed 's/"eventID":"9/"eventID":"3/' "$r" | gzip -n > nb1/a.json.gz; sed 's/"eventID":"9/"eventID":"4/' "$r" | gzip -n > nb2/a.json.gz; head -c 300 nb2/a.json.gz > x.json.gz; tar $T -cf in.tar -C nb1 a.json.gz; tar $T -cf nb.tar in.tar; tar $T -cf in.tar -C nb2 a.json.gz; tar $T -rf nb.tar in.tar x.json.gz; touch -d 2025-06-01 nb.tar; trailsift ingest -q -d nb.db nb.tar 2>/dev/null; echo "exit $?"; touch -d 2025-06-02 nb.tar; for i in 2 3 4; do trailsift ingest -q -d nb.db nb.tar 2>/dev/null; echo "exit $?: $(trailsift query -d nb.db -f csv 'SELECT count(*) FROM sources' | tail -n 1) rows"; done; trailsift query -d nb.db -f csv "SELECT id, parent_id, member, status, n_indexed, n_duplicates FROM sources ORDER BY id"
exit 3
exit 3: 11 rows
exit 3: 11 rows
exit 3: 11 rows
id,parent_id,member,status,n_indexed,n_duplicates
1,,,partial,4,2
2,1,in.tar,ok,3,0
3,2,in.tar!/a.json.gz,ok,3,0
4,1,in.tar,ok,1,2
5,4,in.tar!/a.json.gz,ok,1,2
6,7,x.json.gz,error,0,0
7,,,partial,0,6
8,7,in.tar,ok,0,3
9,8,in.tar!/a.json.gz,ok,0,3
10,7,in.tar,ok,0,3
11,10,in.tar!/a.json.gz,ok,0,3

# a Ctrl-C while such a bundle is read leaves rows cut off, which have
# no SHA-256: the first member under a name, read whole again as it may
# be unread, took its own such row for another's (a digest unknown is
# not another digest), got a row more, and the second member took the
# first's row with its events.  Each run after the one that finishes
# changes nothing
$ r="$TS_SRC/tests/data/ingest/records.json"; T="--mtime=2025-01-01 --owner=0 --group=0 --numeric-owner"; mkdir -p cc/e && sed 's/"eventID":"9/"eventID":"1/' "$r" | gzip -n > cc/e/f.json.gz && tar $T -cf cc.tar -C cc e/f.json.gz && sed 's/"eventID":"9/"eventID":"3/' "$r" | gzip -n > cc/e/f.json.gz && tar $T -rf cc.tar -C cc e/f.json.gz && sed 's/"eventID":"9/"eventID":"5/' "$r" | gzip -n > cc/d.json.gz && tar $T -rf cc.tar -C cc d.json.gz && sed 's/"eventID":"9/"eventID":"7/' "$r" | gzip -n > cc/g.json.gz && tar $T -cf cc/in.tar -C cc g.json.gz && tar $T -rf cc.tar -C cc in.tar && TRAILSIFT_SIGNAL_AFTER_MEMBERS=2 trailsift ingest -q -d cc.db cc.tar 2>/dev/null; echo "stopped: exit $?"; for i in 2 3 4; do trailsift ingest -q -d cc.db cc.tar; echo "exit $?, $(trailsift query -d cc.db -f csv "SELECT count(*) FROM sources" | tail -n 1) rows"; done; trailsift query -d cc.db -f csv "SELECT (SELECT count(*) FROM events) AS events, (SELECT sum(n_indexed) FROM sources WHERE kind <> 'archive') AS indexed"
stopped: exit 1
exit 0, 6 rows
exit 0, 6 rows
exit 0, 6 rows
events,indexed
6,6

# a read of a tar holding a.json twice (tar -r) stopped (kill -9) once
# the first a.json was stored, before the second was reached: the next
# run passed the first over as known (its name had one row, of the first
# member), and the second, of the same size and time, took that row for
# its own: its events were never indexed, and no run after read it.  A
# member under a name met before in its bundle is read whole anyway: its
# digest now tells it from the other's row, and it gets one of its own.
# The index is then the one a run never stopped makes
$ r="$TS_SRC/tests/data/ingest/records.json"; T="--mtime=2025-01-01 --owner=0 --group=0 --numeric-owner"; mkdir -p ic && cd ic && sed 's/"eventID":"9/"eventID":"8/' "$r" > a.json && tar $T -cf ic.tar a.json && sed 's/"eventID":"9/"eventID":"6/' "$r" > c.json && tar $T -rf ic.tar c.json && sed 's/"eventID":"9/"eventID":"7/' "$r" > a.json && tar $T -rf ic.tar a.json && (TRAILSIFT_COMMIT_ROWS=1 TRAILSIFT_CRASH_AFTER_COMMITS=1 trailsift ingest -q -d ic.db ic.tar; exit $?) 2>/dev/null; echo "killed: exit $?"; trailsift query -d ic.db -f csv "SELECT id, parent_id, member, status FROM sources ORDER BY id"; for i in 2 3; do trailsift ingest -q -d ic.db ic.tar; echo "exit $?"; done; trailsift query -d ic.db -f csv "SELECT id, parent_id, member, status, n_indexed, n_duplicates FROM sources ORDER BY id"; trailsift query -d ic.db -f csv "SELECT substr(event_id, 1, 1) AS first, count(*) AS n FROM events GROUP BY 1 ORDER BY 1"; trailsift ingest -q -d fresh.db ic.tar; sh "$TS_SRC/tests/data/dump-index.sh" ic.db > ic.dump; sh "$TS_SRC/tests/data/dump-index.sh" fresh.db | cmp - ic.dump && echo same as fresh
killed: exit 137
id,parent_id,member,status
1,,,ingesting
2,1,a.json,ok
exit 0
exit 0
id,parent_id,member,status,n_indexed,n_duplicates
1,,,ok,5,4
2,1,a.json,ok,3,0
3,1,c.json,ok,1,2
4,1,a.json,ok,1,2
first,n
6,1
7,1
8,1
a,2
same as fresh
