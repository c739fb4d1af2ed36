# A member's name in the index is the names of the bundles it is nested
# in and its own, joined with "!/".  A member literally named
# "n.tar!/a.json.gz" is "n.tar!!/a.json.gz" there: a run of "!" before a
# "/" or at the end of a member's own name is written twice as long, so
# that it is never member a.json.gz of member n.tar.

# the two shared a name: a bundle holding both, with one of them
# damaged (so that it is read again), gained two rows at every run (the
# writer took one's row for the other's), and its "N of M members
# failed" counted them all; in either order, and whichever is damaged
$ r="$TS_SRC/tests/data/ingest/records.json"; T="--mtime=2025-01-01 --owner=0 --group=0 --numeric-owner"; mkdir 'n.tar!' && sed 's/"eventID":"9/"eventID":"8/' "$r" | gzip -n > good.gz && sed 's/"eventID":"9/"eventID":"7/' "$r" | gzip -n | head -c 700 > bad.gz && cp good.gz 'n.tar!/a.json.gz' && cp bad.gz a.json.gz && tar $T -cf n.tar a.json.gz && tar $T -cf nm1.tar 'n.tar!/a.json.gz' n.tar && cp good.gz a.json.gz && cp bad.gz 'n.tar!/a.json.gz' && tar $T -cf n.tar a.json.gz && tar $T -cf nm2.tar n.tar 'n.tar!/a.json.gz' && trailsift ingest -q -d nm.db nm1.tar nm2.tar
trailsift: nm1.tar: n.tar!/a.json.gz: gzip stream truncated at compressed offset 700 (gzip member 1 incomplete)
trailsift: nm1.tar: n.tar!/a.json.gz: record 1 (offset 12): cut off: the data ends inside this record
trailsift: nm2.tar: n.tar!!/a.json.gz: gzip stream truncated at compressed offset 700 (gzip member 1 incomplete)
trailsift: nm2.tar: n.tar!!/a.json.gz: record 1 (offset 12): cut off: the data ends inside this record
[exit 3]

$ for i in 2 3; do trailsift ingest -q -d nm.db nm1.tar nm2.tar 2>/dev/null; echo "exit $?"; done
exit 3
exit 3

$ trailsift query -d nm.db -f csv "SELECT id, parent_id, path, member, status, error, n_indexed, n_duplicates FROM sources ORDER BY id"
id,parent_id,path,member,status,error,n_indexed,n_duplicates
1,,nm1.tar,,partial,1 of 2 members failed,3,0
2,1,nm1.tar,n.tar!!/a.json.gz,ok,,3,0
3,1,nm1.tar,n.tar,error,1 of 1 members failed,0,0
4,3,nm1.tar,n.tar!/a.json.gz,error,gzip stream truncated at compressed offset 700 (gzip member 1 incomplete),0,0
5,,nm2.tar,,partial,1 of 2 members failed,0,3
6,5,nm2.tar,n.tar,ok,,0,3
7,6,nm2.tar,n.tar!/a.json.gz,ok,,0,3
8,5,nm2.tar,n.tar!!/a.json.gz,error,gzip stream truncated at compressed offset 700 (gzip member 1 incomplete),0,0

# a "!" elsewhere in a name is as found; one that ends it is doubled
$ cp "$TS_SRC/tests/data/ingest/records.json" 'a!b.json' && cp 'a!b.json' 'c!' && mkdir 'd!!' && cp 'a!b.json' 'd!!/e.json' && tar --mtime=2025-01-01 --owner=0 --group=0 -cf bang.tar 'a!b.json' 'c!' 'd!!/e.json' && trailsift ingest -q -d bang.db bang.tar && trailsift ingest -d bang.db bang.tar 2>&1 | tail -n 1 && trailsift query -d bang.db -f csv "SELECT member FROM sources WHERE member IS NOT NULL ORDER BY id"
trailsift: 1 source was already in the index and was not read again
member
a!b.json
c!!
d!!!!/e.json
