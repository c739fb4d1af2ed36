# issue 3: a bundle or member that fails its checksum gives one line
# naming the bundle (and member), a row marked error or partial, and exit
# status 3.  The damaged bundles are made here from the fixtures.

# a member stored uncompressed (zip -0) with one word changed: libarchive
# checks its CRC-32 only once the member's end is asked for, so the member
# is read to its end; like a deflated member that fails, it is an error
# and none of its records is indexed (and the zip, with no member read,
# is an error too)
$ cp "$TS_SRC/tests/data/ingest/records.json" plain.json && zip -q -0 stored.zip plain.json && off=$(grep -obUa CreateGroupMembership stored.zip | head -n 1 | cut -d: -f1) && cp stored.zip tampered.zip && printf Delete | dd of=tampered.zip bs=1 seek=$off conv=notrunc 2>/dev/null && trailsift ingest -q -d stored.db stored.zip && trailsift ingest -q -d tampered.db tampered.zip
trailsift: tampered.zip: plain.json: ZIP bad CRC: 0x29f43df should be 0x6e611223 at offset 3679 of the member
[exit 3]

$ trailsift query -d tampered.db -f csv "SELECT member, kind, n_indexed, status, error FROM sources ORDER BY id"; trailsift query -d tampered.db -f csv "SELECT count(*) FROM events"
member,kind,n_indexed,status,error
,archive,0,error,1 of 1 members failed
plain.json,unknown,0,error,ZIP bad CRC: 0x29f43df should be 0x6e611223 at offset 3679 of the member
count(*)
0

# issue 11: a bundle read to its end is ok only when its members are: a
# member that failed its CRC (zip), needs a passphrase (zip -P) or is
# damaged (a .json.gz in a tar) makes it partial, "N of M members
# failed", and so on up through the bundles holding it; error when no
# member was read
$ D="$TS_SRC/tests/data/ingest"; cp "$D/array.json" other.json && zip -q -0 mixed.zip plain.json other.json && off=$(grep -obUa CreateGroupMembership mixed.zip | head -n 1 | cut -d: -f1) && printf Delete | dd of=mixed.zip bs=1 seek=$off conv=notrunc 2>/dev/null && cp stored.zip locked.zip && zip -q -P secret locked.zip other.json && gzip -n -c "$D/records.json" > crc.json.gz && n=$(($(wc -c < crc.json.gz) - 8)) && b=$(od -An -tu1 -j $n -N1 crc.json.gz | tr -d ' ') && printf "\\$(printf %o $((255 - b)))" | dd of=crc.json.gz bs=1 seek=$n conv=notrunc 2>/dev/null && tar cf gz.tar other.json crc.json.gz && tar cf nested.tar other.json mixed.zip && trailsift ingest -q -d members.db mixed.zip locked.zip gz.tar nested.tar 2>/dev/null; echo "exit $?"; trailsift query -d members.db -f csv "SELECT path, member, status, error FROM sources ORDER BY id"
exit 3
path,member,status,error
mixed.zip,,partial,1 of 2 members failed
mixed.zip,plain.json,error,ZIP bad CRC: 0x29f43df should be 0x6e611223 at offset 3679 of the member
mixed.zip,other.json,ok,
locked.zip,,partial,1 of 2 members failed
locked.zip,plain.json,ok,
locked.zip,other.json,error,Passphrase required for this entry at offset 0 of the member
gz.tar,,partial,1 of 2 members failed
gz.tar,other.json,ok,
gz.tar,crc.json.gz,partial,CRC-32 mismatch in gzip member 1 ending at compressed offset 1434
nested.tar,,partial,1 of 2 members failed
nested.tar,other.json,ok,
nested.tar,mixed.zip,partial,1 of 2 members failed
nested.tar,mixed.zip!/plain.json,error,ZIP bad CRC: 0x29f43df should be 0x6e611223 at offset 3679 of the member
nested.tar,mixed.zip!/other.json,ok,

# ... and a run that finds such a bundle complete says it is damaged
$ trailsift ingest -q -d members.db gz.tar; echo "exit $?"
trailsift: 1 source already in the index was damaged when read (status partial), and not read again
exit 3

# a .tar.gz whose gzip trailer does not match: libarchive checks neither
# the CRC-32 nor the length, and its tar reader stops before the trailer;
# trailsift decompresses the bundle itself and reads it to its end.  The
# bundle is partial, and so is every member read from it: its bytes were
# not confirmed
$ D="$TS_SRC/tests/data/ingest"; mkdir t && cp "$D/records.json" t/plain.json && gzip -n -c "$D/array.json" > t/array.json.gz && tar --mtime=@0 --owner=0 --group=0 --numeric-owner --mode=644 -C t -cf - plain.json array.json.gz | gzip -n > good.tgz && cp good.tgz badcrc.tgz && n=$(($(wc -c < badcrc.tgz) - 8)) && b=$(od -An -tu1 -j $n -N1 badcrc.tgz | tr -d ' ') && printf "\\$(printf %o $((255 - b)))" | dd of=badcrc.tgz bs=1 seek=$n conv=notrunc 2>/dev/null && trailsift ingest -q -d good.db good.tgz && trailsift ingest -q -d badcrc.db badcrc.tgz
trailsift: badcrc.tgz: the bundle file's gzip layer, at offsets of that file: CRC-32 mismatch in gzip member 1 ending at compressed offset 3084
[exit 3]

# ... and the summary counts those members among the rows not ok, as
# the query it gives does (it counted the bundle only: 1, not 3)
$ trailsift ingest -d badcrc2.db badcrc.tgz 2>&1 | tail -n 1 | cut -d';' -f1; trailsift query -d badcrc2.db -f csv "SELECT count(*) FROM sources WHERE status <> 'ok'"
trailsift: this run: 0 sources skipped (not CloudTrail, empty, or outside the filters), 3 failed or partial (a bundle counts apart from its members)
count(*)
3

$ trailsift query -d good.db -f csv "SELECT member, compression, n_indexed, status, error FROM sources ORDER BY id"; trailsift query -d badcrc.db -f csv "SELECT member, compression, n_indexed, status, error FROM sources ORDER BY id"
member,compression,n_indexed,status,error
,gzip,3,ok,
plain.json,none,3,ok,
array.json.gz,gzip,0,ok,
member,compression,n_indexed,status,error
,gzip,3,partial,"the bundle file's gzip layer, at offsets of that file: CRC-32 mismatch in gzip member 1 ending at compressed offset 3084"
plain.json,none,3,partial,"bundle not verified: the bundle file's gzip layer, at offsets of that file: CRC-32 mismatch in gzip member 1 ending at compressed offset 3084"
array.json.gz,gzip,0,partial,"bundle not verified: the bundle file's gzip layer, at offsets of that file: CRC-32 mismatch in gzip member 1 ending at compressed offset 3084"

# a tar header that fails its checksum is damage (libarchive's
# ARCHIVE_RETRY): no made-up member after it.  The reader skips to the
# next header that passes (here there is none); the error names the offset
$ D="$TS_SRC/tests/data/ingest"; mkdir h && cp "$D/records.json" h/a.json && cp "$D/array.json" h/b.json && tar --mtime=@0 --owner=0 --group=0 --numeric-owner --mode=644 -C h -cf hdr.tar a.json b.json && printf 'X' | dd of=hdr.tar bs=1 seek=4608 conv=notrunc 2>/dev/null && trailsift ingest -q -d hdr.db hdr.tar; trailsift query -d hdr.db -f csv "SELECT member, status, error FROM sources ORDER BY id"
trailsift: hdr.tar: damaged bundle after member 1 (a.json): Damaged tar archive at offset 4608; no member after it
member,status,error
,partial,damaged bundle after member 1 (a.json): Damaged tar archive at offset 4608; no member after it
a.json,ok,

# the same gzipped, with its CRC altered too: the gzip stream is read to
# its check, whose failure is named first (it explains the damage)
$ gzip -n -c hdr.tar > hdrcrc.tgz && n=$(($(wc -c < hdrcrc.tgz) - 8)) && b=$(od -An -tu1 -j $n -N1 hdrcrc.tgz | tr -d ' ') && printf "\\$(printf %o $((255 - b)))" | dd of=hdrcrc.tgz bs=1 seek=$n conv=notrunc 2>/dev/null && trailsift ingest -q -d hdrcrc.db hdrcrc.tgz 2>/dev/null; trailsift query -d hdrcrc.db -f csv "SELECT member, status, error FROM sources ORDER BY id"
member,status,error
,partial,"the bundle file's gzip layer, at offsets of that file: CRC-32 mismatch in gzip member 1 ending at compressed offset 2053; damaged bundle after member 1 (a.json): Damaged tar archive at offset 4608 (decompressed); no member after it"
a.json,partial,"bundle not verified: the bundle file's gzip layer, at offsets of that file: CRC-32 mismatch in gzip member 1 ending at compressed offset 2053; damaged bundle after member 1 (a.json): Damaged tar archive at offset 4608 (decompressed); no member after it"

# data after the end of a tar is read on as the next tar of a
# concatenation (cat a.tar b.tar): here 20 MB of zeros, not a whole
# number of blocks, so the tar is cut off; the gzip check is read and
# holds, so the member before is whole
$ (cat hdr.tar | head -c 4608; head -c 20000000 /dev/zero) | gzip -n > tail.tgz && trailsift ingest -q -d tail.db tail.tgz; trailsift query -d tail.db -f csv "SELECT member, status, error FROM sources ORDER BY id"
trailsift: tail.tgz: damaged bundle after member 1 (a.json): Truncated tar archive
member,status,error
,partial,damaged bundle after member 1 (a.json): Truncated tar archive
a.json,ok,

# a tar whose first header fails its checksum is no archive libarchive
# knows; read as one raw member it was "not JSON", skipped, exit 0.  By
# its magic it is read as a tar, from the next header that passes: here
# there is none (junk.zip has no magic at all)
$ cp hdr.tar first.tar && printf 'X' | dd of=first.tar bs=1 seek=100 conv=notrunc 2>/dev/null && printf 'not an archive' > junk.zip && trailsift ingest -q -d first.db first.tar junk.zip
trailsift: first.tar: damaged bundle before its first member: Damaged tar archive at offset 0; no member after it
trailsift: junk.zip: not a readable bundle: no archive format recognised (a damaged first header?)
[exit 3]

$ trailsift query -d first.db -f csv "SELECT path, member, status, error FROM sources ORDER BY id"
path,member,status,error
first.tar,,error,damaged bundle before its first member: Damaged tar archive at offset 0; no member after it
junk.zip,,error,not a readable bundle: no archive format recognised (a damaged first header?)

# the same tar gzip-compressed was read as one member "data", not JSON,
# skipped, exit 0: a gzip stream that begins like a tar or zip and holds
# no archive libarchive knows is a damaged bundle too (gzip-compressed
# JSON named x.tgz is still read as its one member "data")
$ gzip -n -c first.tar > first.tgz && trailsift ingest -q -d firstgz.db first.tgz
trailsift: first.tgz: damaged bundle before its first member: Damaged tar archive at offset 0 (decompressed); no member after it
[exit 3]

# issue: a tar whose first header failed its checksum lost every
# member ("no archive format recognised"); GNU tar reads on from the
# next header, and so does ingest, gzip-compressed too
$ for i in 1 2 3; do cp "$TS_SRC/tests/data/ingest/records.json" m$i.json; done && tar cf three.tar m1.json m2.json m3.json && printf 'X' | dd of=three.tar bs=1 seek=148 conv=notrunc 2>/dev/null && gzip -n -c three.tar > three.tgz && trailsift ingest -q -d three.db three.tar three.tgz; echo "exit $?"; trailsift query -d three.db -f csv "SELECT path, member, status, n_indexed + n_duplicates AS events FROM sources ORDER BY id"
trailsift: three.tar: damaged bundle before its first member: Damaged tar archive at offset 0; bytes 0 to 4607 passed over, read on from m2.json
trailsift: three.tgz: damaged bundle before its first member: Damaged tar archive at offset 0 (decompressed); bytes 0 to 4607 passed over, read on from m2.json
exit 3
path,member,status,events
three.tar,,partial,6
three.tar,m2.json,ok,3
three.tar,m3.json,ok,3
three.tgz,,partial,6
three.tgz,m2.json,ok,3
three.tgz,m3.json,ok,3

# issue: one tar header that failed its checksum dropped every member
# after it.  As GNU tar and bsdtar do, the reader skips block by block to
# the next header that passes: 3.json and 4.json are indexed, 2.json is
# lost and the bundle is partial, with the stretch passed over named
$ mkdir r && for i in 1 2 3 4; do printf '{"Records":[{"eventVersion":"1.08","eventID":"00000000-0000-4000-8000-00000000000%d","eventTime":"2025-01-01T00:00:0%dZ","eventSource":"iam.amazonaws.com","eventName":"CreateUser","recipientAccountId":"111122223333"}]}' $i $i > r/$i.json; done && tar --format=ustar --mtime=@0 --owner=0 --group=0 --numeric-owner --mode=644 -C r -cf resync.tar 1.json 2.json 3.json 4.json && printf X | dd of=resync.tar bs=1 seek=1100 conv=notrunc 2>/dev/null && trailsift ingest -q -d resync.db resync.tar
trailsift: resync.tar: damaged bundle after member 1 (1.json): Damaged tar archive at offset 1024; bytes 1024 to 2047 passed over, read on from 3.json
[exit 3]

$ trailsift query -d resync.db -f csv "SELECT member, status, n_indexed, error FROM sources ORDER BY id"; trailsift query -d resync.db -f csv "SELECT event_id FROM events ORDER BY time_ms"
member,status,n_indexed,error
,partial,3,"damaged bundle after member 1 (1.json): Damaged tar archive at offset 1024; bytes 1024 to 2047 passed over, read on from 3.json"
1.json,ok,1,
3.json,ok,1,
4.json,ok,1,
event_id
00000000-0000-4000-8000-000000000001
00000000-0000-4000-8000-000000000003
00000000-0000-4000-8000-000000000004

# two damaged stretches, then a tar cut short: all are told, in order
$ cp resync.tar twice.tar && printf X | dd of=twice.tar bs=1 seek=3100 conv=notrunc 2>/dev/null && head -c 3300 twice.tar > cut.tar && trailsift ingest -q -d twice.db twice.tar cut.tar
trailsift: twice.tar: damaged bundle after member 1 (1.json): Damaged tar archive at offset 1024; bytes 1024 to 2047 passed over, read on from 3.json (2 damaged stretches in all)
trailsift: cut.tar: damaged bundle after member 1 (1.json): Damaged tar archive at offset 1024; bytes 1024 to 2047 passed over, read on from 3.json; then damaged bundle after member 2 (3.json): Truncated tar archive
[exit 3]

# member numbers in messages count the rows of the bundle: directory
# entries, which get none, are not counted
$ mkdir -p tree/d1/d2 tree/e && cp r/1.json tree/d1/ && cp r/2.json tree/d1/d2/ && cp r/3.json tree/e/ && cp r/4.json tree/e/z.json && tar --format=ustar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --mode=644 -cf tree.tar tree && off=$(grep -obUa tree/e/3.json tree.tar | head -n 1 | cut -d: -f1) && printf X | dd of=tree.tar bs=1 seek=$((off + 4)) conv=notrunc 2>/dev/null && trailsift ingest -q -d tree.db tree.tar; trailsift query -d tree.db -f csv "SELECT member, status FROM sources ORDER BY id"
trailsift: tree.tar: damaged bundle after member 2 (tree/d1/d2/2.json): Damaged tar archive at offset 4096; bytes 4096 to 5119 passed over, read on from tree/e/z.json
member,status
,partial
tree/d1/1.json,ok
tree/d1/d2/2.json,ok
tree/e/z.json,ok

# a bundle's members may decompress to no more than a gzip file may (200
# times what was read of it, past 64 MiB): a 99 KB zip of 100 MB of
# blanks was read to its end (3 GB took 13 s), the same data in a
# .json.gz stopped at the cap
$ cp "$TS_SRC/tests/data/ingest/records.json" a.json && (printf '{"Records":['; head -c 100000000 /dev/zero | tr '\0' ' '; printf ']}') > blank.json && zip -q -9 zbomb.zip a.json blank.json && rm blank.json && trailsift ingest -q -d zbomb.db zbomb.zip 2>/dev/null; echo "exit $?"; trailsift query -d zbomb.db -f csv "SELECT member, status, substr(error, 1, 45) AS error FROM sources ORDER BY id"
exit 3
member,status,error
,partial,members decompress to more than 200 times the
a.json,ok,
blank.json,error,members decompress to more than 200 times the

# A tar cut at a member boundary (a copy that stopped early) ends where a
# header could begin: libarchive and GNU tar take that for the end, and
# the members after the cut were gone without a word (status ok, exit
# 0).  A tar ends with zero blocks; one without them is damaged.
$ D="$TS_SRC/tests/data/ingest"; mkdir cut && cp "$D/records.json" cut/a.json && cp "$D/records.json" cut/b.json && cp "$D/records.json" cut/c.json && tar --mtime=@0 --owner=0 --group=0 --numeric-owner --mode=644 -C cut -cf whole.tar a.json b.json c.json && head -c 4608 whole.tar > cut.tar && gzip -n -c cut.tar > cut.tar.gz && trailsift ingest -q -d cut.db whole.tar cut.tar cut.tar.gz; echo "exit $?"; trailsift query -d cut.db -f csv "SELECT path, status, n_records, error FROM sources WHERE member IS NULL ORDER BY id"
trailsift: cut.tar: tar bundle ends after member 1 (a.json) without its end-of-archive blocks (cut short at a member boundary?)
trailsift: cut.tar.gz: tar bundle ends after member 1 (a.json) without its end-of-archive blocks (cut short at a member boundary?)
exit 3
path,status,n_records,error
whole.tar,ok,3,
cut.tar,partial,1,tar bundle ends after member 1 (a.json) without its end-of-archive blocks (cut short at a member boundary?)
cut.tar.gz,partial,1,tar bundle ends after member 1 (a.json) without its end-of-archive blocks (cut short at a member boundary?)

# A zip cut where its next member's header should begin: libarchive
# gives no message, and the row said only "read error".  Stored (-0,
# -X): the second header is at 30 + 7 (the name) + the data.
$ D="$TS_SRC/tests/data/ingest"; cp "$D/records.json" z1.json && cp "$D/array.json" z2.json && zip -q -0 -X cutz.zip z1.json z2.json && head -c $((37 + $(wc -c < z1.json))) cutz.zip > cut.zip && trailsift ingest -q -d cutz.db cut.zip; echo "exit $?"
trailsift: cut.zip: damaged bundle after member 1 (z1.json): the data ends at offset 3716, before the end of the archive (cut short?)
exit 3

# a 7z cut short: its directory, at the end, is read first, so where
# libarchive stands is no offset of the damage
$ head -c 100 "$TS_SRC/tests/data/ingest/bundle.7z" > cut.7z && trailsift ingest -q -d cut7.db cut.7z; echo "exit $?"
trailsift: cut.7z: damaged bundle before its first member: the data ends before the end of the archive (cut short?)
exit 3

# ... and a big one cut before its directory: libarchive seeks there
# first and says nothing, and the row said only "read error", which reads
# like a failing disk.  Made from bundle.7z with 2 MiB of zeros put
# before its directory (the start header's offset moved, its CRC redone),
# then cut 40 bytes short (its directory is 35)
$ b="$TS_SRC/tests/data/ingest/bundle.7z"; pad=2097152; le8() { v=$1; i=0; while [ $i -lt 8 ]; do printf "\\$(printf %o $((v & 255)))"; v=$((v >> 8)); i=$((i + 1)); done; }; off=$(od -An -tu8 -j12 -N8 "$b" | tr -d ' '); { le8 $((off + pad)); tail -c +21 "$b" | head -c 12; } > t20 && gzip -c < t20 | tail -c 8 | head -c 4 > crc4 && { head -c 8 "$b"; cat crc4 t20; tail -c +33 "$b" | head -c $off; head -c $pad /dev/zero; tail -c +$((33 + off)) "$b"; } > big.7z && head -c $(($(wc -c < big.7z) - 40)) big.7z > bigcut.7z && trailsift ingest -q -d big7.db big.7z; echo "exit $?"; trailsift ingest -q -d bigcut.db bigcut.7z; echo "exit $?"
exit 0
trailsift: bigcut.7z: damaged bundle before its first member: the data ends at offset 2099388, before the 7z directory its start header places at offsets 2099393 to 2099428 (cut short?)
exit 3

# a tar inside a cut tar.gz whose members were partly read stays partial:
# hashing it (it has a SHA-256 now) reads the rest of it, which fails,
# and that failure made its row an error (review of this stop's change)
$ for k in 1 2 3 4; do seq -f "%06g" 500 | awk -v k=$k '{ printf "{\"eventVersion\":\"1.08\",\"eventID\":\"n%d-%s\",\"eventTime\":\"2025-01-01T00:00:00Z\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"CreateUser\",\"requestParameters\":{\"userName\":\"user-%s-padding-padding-padding\"}}\n", k, $0, $0 }' > nm$k.jsonl; done && tar --mtime=2025-01-01 --owner=0 --group=0 -cf inner.tar nm1.jsonl nm2.jsonl nm3.jsonl nm4.jsonl && tar --mtime=2025-01-01 --owner=0 --group=0 -cf - inner.tar | gzip -n > outer.tar.gz && head -c $(( $(stat -c %s outer.tar.gz) * 7 / 10 )) outer.tar.gz > cutnest.tar.gz && trailsift ingest -q -d nest.db cutnest.tar.gz 2>/dev/null; echo "exit $?"; trailsift query -d nest.db -f csv "SELECT member, status, n_indexed FROM sources WHERE member = 'inner.tar'"
exit 3
member,status,n_indexed
inner.tar,partial,1000

# a .tar.gz cut short: the error a member gets is the bundle's gzip
# layer's, at offsets of the bundle file, which the message says (it
# read as if the 1434-byte member were cut at its offset 1000)
$ D="$TS_SRC/tests/data/ingest"; mkdir cutgz && cd cutgz && gzip -n -c "$D/records.json" > a.json.gz && gzip -n -c "$D/lookup-events.json" > c.json.gz && tar --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - a.json.gz c.json.gz | gzip -n | head -c 1000 > cut.tar.gz && trailsift ingest -q -d cut.db cut.tar.gz; echo "exit $?"; trailsift query -d cut.db -f csv "SELECT member, status, error FROM sources WHERE member IS NOT NULL"
trailsift: cut.tar.gz: a.json.gz: the bundle file's gzip layer, at offsets of that file: gzip stream truncated at compressed offset 1000 (gzip member 1 incomplete) at offset 861 of the member
trailsift: cut.tar.gz: the bundle file's gzip layer, at offsets of that file: gzip stream truncated at compressed offset 1000 (gzip member 1 incomplete)
exit 3
member,status,error
a.json.gz,error,"the bundle file's gzip layer, at offsets of that file: gzip stream truncated at compressed offset 1000 (gzip member 1 incomplete) at offset 861 of the member"

# a zip cut inside its central directory: libarchive reads the members
# from their own headers and says nothing; the bundle is partial, as a
# tar without its end blocks is, its members ok (from a file, a pipe,
# and inside another zip)
$ D="$TS_SRC/tests/data/ingest"; mkdir cutzip && cd cutzip && cp "$D/records.json" "$D/array.json" . && zip -q -X z.zip records.json array.json && head -c $(($(wc -c < z.zip) - 10)) z.zip > cut.zip && zip -q -X -0 outer.zip cut.zip && trailsift ingest -q -d z.db z.zip cut.zip outer.zip 2>/dev/null; echo "exit $?"; cat cut.zip | trailsift ingest -q -d z.db - 2>/dev/null; trailsift query -d z.db -f csv "SELECT path, member, status, error FROM sources ORDER BY id"
exit 3
path,member,status,error
z.zip,,ok,
z.zip,records.json,ok,
z.zip,array.json,ok,
cut.zip,,partial,"zip bundle without its end-of-central-directory record (cut short?): its members were read from their own headers, one after the cut would be missing"
cut.zip,records.json,ok,
cut.zip,array.json,ok,
outer.zip,,partial,1 of 1 members failed
outer.zip,cut.zip,partial,"zip bundle without its end-of-central-directory record (cut short?): its members were read from their own headers, one after the cut would be missing"
outer.zip,cut.zip!/records.json,ok,
outer.zip,cut.zip!/array.json,ok,
"'-",,partial,"zip bundle without its end-of-central-directory record (cut short?): its members were read from their own headers, one after the cut would be missing"
"'-",records.json,ok,
"'-",array.json,ok,

# ... but a whole zip is ok: a small one from a pipe (its end record in
# the first bytes, read to tell a bundle), and one with bytes appended
# after it (zip readers take it), where they read partial
$ printf '{"Records":[]}' > e.json && zip -q -X small.zip e.json && cp "$TS_SRC/tests/data/ingest/records.json" r.json && zip -q -X app.zip r.json && echo trailing >> app.zip && cat small.zip | trailsift ingest -q -d whole.db - && trailsift ingest -q -d whole.db app.zip; echo "exit $?"; trailsift query -d whole.db -f csv "SELECT path, member, status FROM sources WHERE member IS NULL ORDER BY id"
exit 0
path,member,status
"'-",,ok
app.zip,,ok

# A member read to its end whose CRC-32 fails has the digest of the bytes
# as found, like any member: the tampered copy is the evidence.  Read in
# memory (tampered.zip above) and, over 32 MiB, as a stream.
$ off=$(grep -obUa CreateGroupMembership plain.json | head -n 1 | cut -d: -f1) && cp plain.json tampered.json && printf Delete | dd of=tampered.json bs=1 seek=$off conv=notrunc 2>/dev/null && trailsift query -d tampered.db -f csv "SELECT member, sha256 FROM sources WHERE member IS NOT NULL"; sha256sum tampered.json
member,sha256
plain.json,111f67d591af9775a75c625ed2942e8704d5b9d058b0caaa0f5c0845a3a8a020
111f67d591af9775a75c625ed2942e8704d5b9d058b0caaa0f5c0845a3a8a020  tampered.json

$ printf '{"Records":[{"x":"' > big.json && head -c 34000000 /dev/zero | tr '\0' a >> big.json && printf '"}]}' >> big.json && zip -q -0 big.zip big.json && h=$(grep -obUa '{"Records"' big.zip | head -n 1 | cut -d: -f1) && printf b | dd of=big.zip bs=1 seek=$((h + 1000000)) conv=notrunc 2>/dev/null && printf b | dd of=big.json bs=1 seek=1000000 conv=notrunc 2>/dev/null && trailsift ingest -q -d big.db big.zip 2>/dev/null; trailsift query -d big.db -f csv "SELECT member, size, sha256, status FROM sources WHERE member IS NOT NULL"; sha256sum big.json
member,size,sha256,status
big.json,34000022,4f29348b93b33f8f59c44a2c0fad65e97373a37bae83aa400902b883d8a3e327,error
4f29348b93b33f8f59c44a2c0fad65e97373a37bae83aa400902b883d8a3e327  big.json

# A bundle that libarchive decompresses itself (xz here; bzip2, zstd)
# whose check fails at the end of its stream: the member being read
# then is an error, and the members read before it, which the check did
# not confirm either, are partial like those of a .tar.gz that fails
# (they stayed ok)
$ mkdir xzb && cp "$TS_SRC/tests/data/ingest/records.json" xzb/a.json && head -c 2000000 /dev/urandom > xzb/filler.bin && tar --mtime=@0 --owner=0 --group=0 -C xzb -cf - a.json filler.bin | xz -0 -T1 > bad.tar.xz && n=$(($(wc -c < bad.tar.xz) - 30)) && b=$(od -An -tu1 -j $n -N1 bad.tar.xz | tr -d ' ') && printf "\\$(printf %o $((255 - b)))" | dd of=bad.tar.xz bs=1 seek=$n conv=notrunc 2>/dev/null && trailsift ingest -q -d xz.db bad.tar.xz 2>/dev/null; echo "exit $?"; trailsift query -d xz.db -f csv "SELECT member, n_indexed, status, substr(error, 1, 30) AS error FROM sources ORDER BY id"
exit 3
member,n_indexed,status,error
,3,partial,"damaged bundle after member 2 "
a.json,3,partial,bundle not verified: damaged b
filler.bin,0,error,"Lzma library error: Corrupted "
