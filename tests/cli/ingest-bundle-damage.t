# issue 3: a bundle or member that fails its checksum gives one line
# naming the bundle (and member), a row marked error or partial, and exit
# status 3.  The damaged bundles are made here from the fixtures.

# a member stored uncompressed (zip -0) with one word changed: libarchive
# checks its CRC-32 only once the member's end is asked for, so the member
# is read to its end; like a deflated member that fails, it is an error
# and none of its records is indexed
$ cp "$TS_SRC/tests/data/ingest/records.json" plain.json && zip -q -0 stored.zip plain.json && off=$(grep -obUa CreateGroupMembership stored.zip | head -n 1 | cut -d: -f1) && cp stored.zip tampered.zip && printf Delete | dd of=tampered.zip bs=1 seek=$off conv=notrunc 2>/dev/null && trailsift ingest -q -d stored.db stored.zip && trailsift ingest -q -d tampered.db tampered.zip
trailsift: tampered.zip: plain.json: ZIP bad CRC: 0x29f43df should be 0x6e611223
[exit 3]

$ trailsift query -d tampered.db -f csv "SELECT member, kind, n_indexed, status, error FROM sources ORDER BY id"; trailsift query -d tampered.db -f csv "SELECT count(*) FROM events"
member,kind,n_indexed,status,error
,archive,0,ok,
plain.json,unknown,0,error,ZIP bad CRC: 0x29f43df should be 0x6e611223
count(*)
0
