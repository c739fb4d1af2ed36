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
