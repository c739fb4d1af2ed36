# A zip or 7z that nothing can seek in -- a member of another bundle, or
# standard input -- is read into memory whole when it is at most 32 MiB,
# and libarchive seeks in it there.  A zip's local headers (Info-ZIP's)
# do not say that a member is a symbolic link: only its central
# directory, at its end, does; a 7z keeps its directory at its end.

# links.zip (zip -y) holds good.json and two symbolic links to it; given
# as a file they are links, skipped
$ cp "$TS_SRC"/tests/data/ingest/links.zip "$TS_SRC"/tests/data/ingest/bundle.7z . && trailsift ingest -q -d file.db links.zip; trailsift query -d file.db -f csv "SELECT member, kind, status, error FROM sources"
member,kind,status,error
,archive,ok,
d/good.json,events,ok,
d/link.json,link,skipped,symbolic link to good.json
d/link.json.gz,link,skipped,symbolic link to good.json

# review: inside a tar they were read as files holding "good.json" (not
# JSON; and an error for the .gz name), and the run failed
$ tar cf nest.tar links.zip && trailsift ingest -q -d nest.db nest.tar; trailsift query -d nest.db -f csv "SELECT member, kind, status, error FROM sources"
member,kind,status,error
,archive,ok,
links.zip,archive,ok,
links.zip!/d/good.json,events,ok,
links.zip!/d/link.json,link,skipped,symbolic link to good.json
links.zip!/d/link.json.gz,link,skipped,symbolic link to good.json

# ... and so from standard input
$ trailsift ingest -q -d pipe.db - < links.zip; trailsift query -d pipe.db -f csv "SELECT member, kind, status, error FROM sources"
member,kind,status,error
,archive,ok,
d/good.json,events,ok,
d/link.json,link,skipped,symbolic link to good.json
d/link.json.gz,link,skipped,symbolic link to good.json

# the nested zip's digest and size are its bytes', as before
$ trailsift query -d nest.db -f csv "SELECT sha256 = ?1 AS same_sha256, size = ?2 AS same_size FROM sources WHERE member = 'links.zip'" "$(sha256sum links.zip | cut -c1-64)" $(wc -c < links.zip)
same_sha256,same_size
1,1

# review: a 7z inside a tar was "damaged bundle before its first member:
# Current client reader does not support seeking a device"; it is read
$ tar cf n7.tar bundle.7z && trailsift ingest -q -d n7.db n7.tar; echo "exit $?"; trailsift query -d n7.db -f csv "SELECT kind, format, n_records, n_indexed, status FROM sources WHERE member = 'bundle.7z' OR member LIKE 'bundle.7z!/%'"
exit 0
kind,format,n_records,n_indexed,status
archive,7z,2,3,ok
events,records,3,3,ok
digest,document,1,0,ok

# with the digest of the 7z's bytes
$ trailsift query -d n7.db -f csv "SELECT sha256 = ?1 AS same_sha256, size = ?2 AS same_size FROM sources WHERE member = 'bundle.7z'" "$(sha256sum bundle.7z | cut -c1-64)" $(wc -c < bundle.7z)
same_sha256,same_size
1,1

# a 7z from standard input is read the same way
$ trailsift ingest -q -d p7.db - < bundle.7z; echo "exit $?"; trailsift query -d p7.db -f csv "SELECT kind, n_records, status, sha256 = ?1 AS same_sha256, size = ?2 AS same_size FROM sources WHERE member IS NULL" "$(sha256sum bundle.7z | cut -c1-64)" $(wc -c < bundle.7z)
exit 0
kind,n_records,status,same_sha256,same_size
archive,2,ok,1,1

# a 7z bigger than 32 MiB (here padded with zeros after its end, which a
# file may have) is not read into memory: an error that says why and
# what to do, never "damaged"; its digest is still of all its bytes
$ { cat bundle.7z; head -c 33554432 /dev/zero; } > big.7z && tar cf big7.tar big.7z && trailsift ingest -q -d big7.db big7.tar; echo "exit $?"; trailsift query -d big7.db -f csv "SELECT member, status, error, sha256 = ?1 AS same_sha256 FROM sources WHERE member = 'big.7z'" "$(sha256sum big.7z | cut -c1-64)"
trailsift: big7.tar: big.7z: a 7z bundle cannot be read inside another bundle when bigger than 32 MiB: it needs seeking, and only a smaller one is read into memory to seek in (extract it and ingest it as a file)
exit 3
member,status,error,same_sha256
big.7z,error,"a 7z bundle cannot be read inside another bundle when bigger than 32 MiB: it needs seeking, and only a smaller one is read into memory to seek in (extract it and ingest it as a file)",1

$ trailsift ingest -q -d bigp.db - < big.7z; echo "exit $?"
trailsift: -: a 7z bundle cannot be read from a pipe when bigger than 32 MiB: it needs seeking, and only a smaller one is read into memory to seek in (give it as a file)
exit 3

# ... and read as a file
$ trailsift ingest -q -d bigf.db big.7z; echo "exit $?"
exit 0

# a zip bigger than 32 MiB inside a tar is read as a stream, where the
# links cannot be told from files; its central directory, read at its
# end, names them, and the zip is partial, not ok.  (big.bin is random,
# so that it does not compress, after a byte that no JSON starts with:
# one time in 128 its first byte was '[' or '{', and it was read as
# invalid JSON, a line more.)
# requires: zip
$ mkdir d && cp "$TS_SRC"/tests/data/ingest/records.json d/good.json && ln -s good.json d/link.json && ln -s good.json d/link.json.gz && { printf x; head -c 33999999 /dev/urandom; } > d/big.bin && zip -qry big.zip d && tar cf bigz.tar big.zip && rm -r d && trailsift ingest -q -d bigz.db bigz.tar; echo "exit $?"; trailsift query -d bigz.db -f csv "SELECT member, kind, status, error FROM sources WHERE member = 'big.zip'"
trailsift: bigz.tar: big.zip!/d/link.json.gz: no gzip data in a file named .gz: not JSON (byte 0x67 at offset 0)
trailsift: bigz.tar: big.zip: zip bundle read as a stream (inside another bundle, and bigger than the 32 MiB read into memory to seek in): 2 of its members are symbolic links by its central directory but were read as files, their local headers not saying so (the first: d/link.json)
exit 3
member,kind,status,error
big.zip,archive,partial,"zip bundle read as a stream (inside another bundle, and bigger than the 32 MiB read into memory to seek in): 2 of its members are symbolic links by its central directory but were read as files, their local headers not saying so (the first: d/link.json)"

# nothing was extracted to disk, and the inputs are as they were
$ ls; cmp links.zip "$TS_SRC"/tests/data/ingest/links.zip && cmp bundle.7z "$TS_SRC"/tests/data/ingest/bundle.7z && echo same
big.7z
big.zip
big7.db
big7.tar
bigf.db
bigp.db
bigz.db
bigz.tar
bundle.7z
file.db
links.zip
n7.db
n7.tar
nest.db
nest.tar
p7.db
pipe.db
same
