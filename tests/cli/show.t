# issue 3: trailsift show prints each record exactly as it was found.

$ D="$TS_SRC/tests/data/ingest"; cp "$D/records.json" "$D/lookup-events.json" "$D/envelope.json" . && trailsift ingest -q -d lookup.db lookup-events.json && trailsift ingest -q -d env.db envelope.json && trailsift ingest -q records.json

# byte for byte: the record's span of the file, then a newline
$ for id in $(trailsift query -f csv "SELECT event_id FROM events" | tail -n +2); do trailsift show "$id" > got; n=$(($(wc -c < got) - 1)); off=$(trailsift query -f csv "SELECT raw_offset FROM events WHERE event_id = ?1" "$id" | tail -n 1); dd if=records.json bs=1 skip="$off" count="$n" 2>/dev/null > want; printf '\n' >> want; cmp got want && echo "$id same"; done
960c4b3b-667c-085a-69d5-288231a4c54a same
a1b2c3d4-5678-90ab-cdef-000000000002 same
a1b2c3d4-5678-90ab-cdef-000000000003 same

$ trailsift show --provenance a1b2c3d4-5678-90ab-cdef-000000000003 | head -n 5 | cut -c1-80
# event_id: a1b2c3d4-5678-90ab-cdef-000000000003
# source: records.json
# record: 3 (byte offset 2740 of the decompressed source, format records)
# source_sha256: da7433bd857ae6d216ad0a8a3a65c7c338054c0274a91c5924ddd8ce4ac7341
{"eventVersion":"1.08","userIdentity":{"type":"AWSService","invokedBy":"ec2.amaz

# a file or member name cannot forge a provenance line or reach the
# terminal: newlines and escape sequences in it are shown escaped
$ mkdir n && cp records.json "n/$(printf 'x\n# member: forged\033[31m.json')" && trailsift ingest -q -d forged.db n && trailsift show -d forged.db --provenance a1b2c3d4-5678-90ab-cdef-000000000003 | head -n 3
# event_id: a1b2c3d4-5678-90ab-cdef-000000000003
# source: n/x\n# member: forged\x1b[31m.json
# record: 3 (byte offset 2740 of the decompressed source, format records)

# ... and one whose name holds those escapes as text shows apart from it:
# a backslash that would read as an escape is doubled, in provenance,
# table and CSV alike (the names themselves are stored as found)
$ mkdir n2 && cp records.json "n2/$(printf 'x\\n# member: forged\\x1b[31m.json')" && trailsift ingest -q -d forged2.db n2 && trailsift show -d forged2.db --provenance a1b2c3d4-5678-90ab-cdef-000000000003 | sed -n 2p; trailsift query -d forged2.db "SELECT path FROM sources"; trailsift query -d forged2.db -f csv "SELECT path FROM sources"
# source: n2/x\\n# member: forged\\x1b[31m.json
path
-------------------------------------
n2/x\\n# member: forged\\x1b[31m.json
path
n2/x\n# member: forged\\x1b[31m.json

# upper case works too
$ trailsift show 960C4B3B-667C-085A-69D5-288231A4C54A | wc -c
1695

# lookup-events: the decoded CloudTrailEvent string
$ trailsift show -d lookup.db 960c4b3b-667c-085a-69d5-288231a4c54a | cut -c1-60
{"eventVersion":"1.11","userIdentity":{"type":"AssumedRole",

# EventBridge: the detail object as it appears in the envelope; its
# offset is the detail object's, not the envelope's (issue 3, review 8)
$ trailsift show -d env.db --provenance 960c4b3b-667c-085a-69d5-288231a4c54a | head -n 6
# event_id: 960c4b3b-667c-085a-69d5-288231a4c54a
# source: envelope.json
# record: 1 (byte offset 268 of the decompressed source, format eventbridge)
# source_sha256: 3abc5cb9b5723e8ab493a550ebcd164a312d4ee8fa9fda47503c2e1bf96bbf7e
{
    "eventVersion": "1.11",

$ id=960c4b3b-667c-085a-69d5-288231a4c54a; off=$(trailsift query -d env.db -f csv "SELECT raw_offset FROM events WHERE event_id = ?1" $id | tail -n 1); trailsift show -d env.db $id > got; n=$(($(wc -c < got) - 1)); head -c $n got > rec; tail -c +$((off + 1)) envelope.json | head -c $n | cmp - rec && echo same
same

# lookup-events: the offset is where the CloudTrailEvent string's
# contents start (the record, escaped)
$ trailsift query -d lookup.db -f csv "SELECT raw_offset FROM events ORDER BY record_no" | tail -n +2 | while read -r off; do tail -c +$((off + 1)) lookup-events.json | head -c 20; echo; done
{\"eventVersion\":\"
{\"eventVersion\":\"
{\"eventVersion\":\"

$ trailsift show 00000000-0000-0000-0000-000000000000
trailsift: show: no event with eventID '00000000-0000-0000-0000-000000000000' in trailsift.db
[exit 1]

$ trailsift show
trailsift: show: no EVENT-ID given
usage: trailsift show [-d DB] [--provenance] EVENT-ID...
[exit 2]

# issue: a failed write to standard output went unseen, exit 0 (show,
# query, report): it is a fatal error, said on stderr (with errno when
# the failing write was the last flush; a long output fails on the way)
$ trailsift show a1b2c3d4-5678-90ab-cdef-000000000003 > /dev/full 2>err; echo "exit $?: $(cut -d: -f1,2 err)"; trailsift query "SELECT * FROM events" > /dev/full 2>err; echo "exit $?: $(cut -d: -f1,2 err)"; trailsift report provisioning > /dev/full 2>err; echo "exit $?: $(cut -d: -f1,2 err)"; trailsift --help > /dev/full 2>err; echo "exit $?: $(cut -d: -f1,2 err)"
exit 1: trailsift: standard output
exit 1: trailsift: standard output
exit 1: trailsift: standard output
exit 1: trailsift: standard output

# a command that writes nothing to a closed standard output loses
# nothing: no error (review of this session's change, finding 3)
$ cp "$TS_SRC/tests/data/ingest/records.json" closed.json && trailsift ingest -q -d closed.db closed.json >&-; echo "exit $?"
exit 0

# an eventID as a responder pastes it: in the other case (a UUID the
# record had in upper case is stored as its text), or with the white
# space a terminal copy or a CRLF list brings (it was "no event");
# --provenance names the event id as stored
$ printf '{"eventVersion":"1.11","eventID":"AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE","eventTime":"2025-01-02T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets"}\n' > upper.jsonl && trailsift ingest -q -d upper.db upper.jsonl && trailsift show -d upper.db aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee | cut -c1-60; trailsift show -p -d upper.db " aaaaaaaa-bbbb-4ccc-8ddd-EEEEEEEEEEEE" | head -n 1; trailsift show -p "$(printf 'A1B2C3D4-5678-90AB-CDEF-000000000002\r')" | head -n 1; trailsift show " a1b2c3d4-5678-90ab-cdef-000000000003 " | wc -c
{"eventVersion":"1.11","eventID":"AAAAAAAA-BBBB-4CCC-8DDD-EE
# event_id: AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE
# event_id: a1b2c3d4-5678-90ab-cdef-000000000002
937

# a damaged index is no missing event: the lookup's error is said, with
# the file (it said "no event with eventID ... in ...")
$ cp trailsift.db damaged.db && ps=$(trailsift query -d damaged.db -f csv "PRAGMA page_size" | tail -n 1) && pg=$(trailsift query -d damaged.db -f csv "SELECT rootpage FROM sqlite_master WHERE name = 'event_eid'" | tail -n 1) && dd if=/dev/zero of=damaged.db bs="$ps" seek=$((pg - 1)) count=1 conv=notrunc 2>/dev/null && trailsift show -d damaged.db a1b2c3d4-5678-90ab-cdef-000000000003
trailsift: show: damaged.db: cannot read the index: database disk image is malformed
[exit 1]

# the same when the damage is in the schema itself (the lookup
# statement does not compile)
$ cp trailsift.db schema.db && ps=$(trailsift query -d schema.db -f csv "PRAGMA page_size" | tail -n 1) && dd if=/dev/zero of=schema.db bs=1 seek=100 count=$((ps - 100)) conv=notrunc 2>/dev/null && trailsift show -d schema.db a1b2c3d4-5678-90ab-cdef-000000000003
trailsift: schema.db: cannot read the index: database disk image is malformed
[exit 1]

# standard output gone with SIGPIPE ignored (a program that ignores it
# runs `trailsift show ... | head`): show stops at once, and says why
# once (it went on through every ID, and named the missing one)
$ set -- ; for i in $(seq 200); do set -- "$@" a1b2c3d4-5678-90ab-cdef-000000000003; done; (trap '' PIPE; trailsift show "$@" 00000000-0000-0000-0000-000000000000 2>err | head -c 1 >/dev/null); cut -d: -f1,2 err
trailsift: standard output

# a JSON string may hold U+009B (CSI: "\u009b2J" clears an xterm) and
# U+202E as they are: on a terminal (script's) show writes them as \u
# escapes, the same JSON; into a pipe or a file the bytes are as found
# (cat -v shows U+009B as M-BM-^[)
$ printf '{"eventVersion":"1.11","eventID":"e-c1","eventTime":"2025-01-02T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","userAgent":"ua \302\2332J \302\23331mred \342\200\256evil caf\303\251"}\n' > c1.jsonl && trailsift ingest -q -d c1.db c1.jsonl && script -qec "trailsift show -d c1.db e-c1" /dev/null | tr -d '\r' | sed "s/.*userAgent.://" | cat -v; trailsift show -d c1.db e-c1 | sed "s/.*userAgent.://" | cat -v
"ua \u009b2J \u009b31mred \u202eevil cafM-CM-)"}
"ua M-BM-^[2J M-BM-^[31mred M-bM-^@M-.evil cafM-CM-)"}

# a record that cannot be read (its raw block damaged) is named with the
# index and the eventID: among many IDs, "show: index damaged: ..." did
# not say which one failed, nor in which file
$ cp trailsift.db blocks.db && ps=$(trailsift query -d blocks.db -f csv "PRAGMA page_size" | tail -n 1) && pg=$(trailsift query -d blocks.db -f csv "SELECT rootpage FROM sqlite_master WHERE name = 'raw_block'" | tail -n 1) && dd if=/dev/zero of=blocks.db bs="$ps" seek=$((pg - 1)) count=1 conv=notrunc 2>/dev/null && trailsift show -d blocks.db a1b2c3d4-5678-90ab-cdef-000000000003
trailsift: show: blocks.db: eventID 'a1b2c3d4-5678-90ab-cdef-000000000003': index damaged: raw block 1: database disk image is malformed
[exit 1]

# --provenance with the sources table damaged: the record came out
# without its provenance lines, exit 0, as if none had been asked for;
# now a line on stderr names the event, and the exit status is 1
$ cp trailsift.db nosrc.db && ps=$(trailsift query -d nosrc.db -f csv "PRAGMA page_size" | tail -n 1) && pg=$(trailsift query -d nosrc.db -f csv "SELECT rootpage FROM sqlite_master WHERE name = 'source'" | tail -n 1) && dd if=/dev/zero of=nosrc.db bs="$ps" seek=$((pg - 1)) count=1 conv=notrunc 2>/dev/null && trailsift show -d nosrc.db --provenance a1b2c3d4-5678-90ab-cdef-000000000003 > out; echo "exit $?"; cut -c1-40 out
trailsift: show: nosrc.db: eventID 'a1b2c3d4-5678-90ab-cdef-000000000003': no provenance: database disk image is malformed
exit 1
{"eventVersion":"1.08","userIdentity":{"

# an eventID cut short (a narrow table column, a copy that missed its
# end) is still no event, but the message names those that start with
# it, in either case, stored as 16 bytes or as text
$ trailsift show a1b2c3d4; trailsift show A1B2C3D4-5678-90AB-CDEF-00000000000 960c4B3B; trailsift show -d upper.db aaaaaaaa-bbbb; trailsift show abc 0000
trailsift: show: no event with eventID 'a1b2c3d4' in trailsift.db; IDs are matched whole, and 2 start with it: a1b2c3d4-5678-90ab-cdef-000000000002, a1b2c3d4-5678-90ab-cdef-000000000003
trailsift: show: no event with eventID 'A1B2C3D4-5678-90AB-CDEF-00000000000' in trailsift.db; IDs are matched whole, and 2 start with it: a1b2c3d4-5678-90ab-cdef-000000000002, a1b2c3d4-5678-90ab-cdef-000000000003
trailsift: show: no event with eventID '960c4B3B' in trailsift.db; IDs are matched whole, and 1 starts with it: 960c4b3b-667c-085a-69d5-288231a4c54a
trailsift: show: no event with eventID 'aaaaaaaa-bbbb' in upper.db; IDs are matched whole, and 1 starts with it: AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE
trailsift: show: no event with eventID 'abc' in trailsift.db
trailsift: show: no event with eventID '0000' in trailsift.db
[exit 1]

# counted up to 1000 each way: more are "at least 1000"
$ seq 1001 | awk '{ printf "{\"eventVersion\":\"1.11\",\"eventID\":\"cap-%04d\",\"eventTime\":\"2025-01-02T10:00:00Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"ListBuckets\"}\n", $1 }' > cap.jsonl && trailsift ingest -q -d cap.db cap.jsonl && trailsift show -d cap.db cap-; trailsift show -d cap.db cap-100
trailsift: show: no event with eventID 'cap-' in cap.db; IDs are matched whole, and at least 1000 start with it: cap-0001, cap-0002, cap-0003, ...
trailsift: show: no event with eventID 'cap-100' in cap.db; IDs are matched whole, and 2 start with it: cap-1000, cap-1001
[exit 1]

# a forged index (a raw block and a source row written by hand, as
# anyone can into a plain SQLite file) drove the terminal and forged
# provenance lines: the record's ESC and BEL, which no record that
# ingest stores holds, went out as found (only C1 and bidirectional
# controls were escaped), and the format and SHA-256 were printed as
# stored.  Now they are escaped, on a terminal (script's) and into a
# pipe alike, and so is a '#' that would start a line of the record
# requires: sqlite3
$ cp trailsift.db forged3.db && sqlite3 forged3.db "INSERT INTO raw_block SELECT 990000, 0, length(r), r FROM (SELECT CAST('{\"userAgent\":\"' || char(27) || ']0;owned' || char(7) || char(27) || '[2J looks clean\"}' || char(10) || '  # record: 7 (forged)' AS BLOB) AS r); UPDATE event SET block_id = 990000, block_off = 0, raw_len = (SELECT ulen FROM raw_block WHERE id = 990000) WHERE record_no = 3; UPDATE source SET sha256 = char(27) || '[8m' || sha256 || char(27) || '[0m' || char(10) || '# source_sha256: 0123abcd (forged)', format = 'records' || char(27) || '[2K' || char(13) || '# record: 7 (forged)'" && script -qec "trailsift show -d forged3.db -p a1b2c3d4-5678-90ab-cdef-000000000003" /dev/null | tr -d '\r'; trailsift show -d forged3.db -p a1b2c3d4-5678-90ab-cdef-000000000003
# event_id: a1b2c3d4-5678-90ab-cdef-000000000003
# source: records.json
# record: 3 (byte offset 2740 of the decompressed source, format records\x1b[2K\r# record: 7 (forged))
# source_sha256: \x1b[8mda7433bd857ae6d216ad0a8a3a65c7c338054c0274a91c5924ddd8ce4ac7341b\x1b[0m\n# source_sha256: 0123abcd (forged)
{"userAgent":"\u001b]0;owned\u0007\u001b[2J looks clean"}
  \u0023 record: 7 (forged)
# event_id: a1b2c3d4-5678-90ab-cdef-000000000003
# source: records.json
# record: 3 (byte offset 2740 of the decompressed source, format records\x1b[2K\r# record: 7 (forged))
# source_sha256: \x1b[8mda7433bd857ae6d216ad0a8a3a65c7c338054c0274a91c5924ddd8ce4ac7341b\x1b[0m\n# source_sha256: 0123abcd (forged)
{"userAgent":"\u001b]0;owned\u0007\u001b[2J looks clean"}
  \u0023 record: 7 (forged)

# a raw block longer than any block can be (its target, 256 KiB, and one
# record of at most 8 MiB) is damage, refused before it is copied or
# decompressed: crafted zstd blocks of 256 MiB of spaces, a few hundred
# bytes each, passed every check and ran `query` out of memory
# requires: sqlite3
$ cp trailsift.db big.db && sqlite3 big.db "INSERT INTO raw_block SELECT 990001, 0, length(r), r FROM (SELECT CAST('{}' || printf('%9000000s', '') AS BLOB) AS r); UPDATE event SET block_id = 990001, block_off = 0, raw_len = 2 WHERE record_no = 3" && trailsift show -d big.db a1b2c3d4-5678-90ab-cdef-000000000003; trailsift query -d big.db "SELECT length(record(id)) FROM events WHERE record_no = 3"
trailsift: show: big.db: eventID 'a1b2c3d4-5678-90ab-cdef-000000000003': index damaged: block 990001: raw block: length 9000002, more than a block holds (8650816)
length(record(id))
------------------
trailsift: query: index damaged: block 990001: raw block: length 9000002, more than a block holds (8650816)
[exit 1]

# the events table damaged (its page zeroed) while the eventID index is
# whole: the lookup finds the event, then reading its row fails.  That
# read "no event with row id 3" in show, and record(3) was NULL with
# exit status 0, as if the event did not exist: it is damage
$ cp trailsift.db noevent.db && ps=$(trailsift query -d noevent.db -f csv "PRAGMA page_size" | tail -n 1) && pg=$(trailsift query -d noevent.db -f csv "SELECT rootpage FROM sqlite_master WHERE name = 'event'" | tail -n 1) && dd if=/dev/zero of=noevent.db bs="$ps" seek=$((pg - 1)) count=1 conv=notrunc 2>/dev/null && trailsift show -d noevent.db a1b2c3d4-5678-90ab-cdef-000000000003; trailsift query -d noevent.db "SELECT record(3) IS NULL"
trailsift: show: noevent.db: eventID 'a1b2c3d4-5678-90ab-cdef-000000000003': index damaged: database disk image is malformed
record(3) IS NULL
-----------------
trailsift: query: index damaged: database disk image is malformed
[exit 1]

# text in an event's block_off and raw_len read as 0, and a raw_len of 0
# is 0: show printed an empty record with exit status 0.  An event
# stored always has a record: both are damage
# requires: sqlite3
$ cp trailsift.db nolen.db && cp trailsift.db textlen.db && sqlite3 nolen.db "UPDATE event SET raw_len = 0 WHERE record_no = 3" && sqlite3 textlen.db "UPDATE event SET block_off = 'abc', raw_len = 'x' WHERE record_no = 3" && trailsift show -d nolen.db a1b2c3d4-5678-90ab-cdef-000000000003; trailsift show -d textlen.db a1b2c3d4-5678-90ab-cdef-000000000003
trailsift: show: nolen.db: eventID 'a1b2c3d4-5678-90ab-cdef-000000000003': index damaged: event 3: its record is empty
trailsift: show: textlen.db: eventID 'a1b2c3d4-5678-90ab-cdef-000000000003': index damaged: event 3: its block_off is not an integer
[exit 1]

# a long requestID comes back whole: one of 300 bytes or more was cut at
# 299 (a fixed buffer put the stored marker's value back), and one over
# 65535 bytes at 65535 (the row's limit, which a marker stood for)
$ for n in 299 300 350 65535 65536 70000; do printf '{"Records":[{"eventVersion":"1.08","eventTime":"2026-01-01T00:00:00Z","eventSource":"iam.amazonaws.com","eventName":"ListUsers","awsRegion":"us-east-1","eventID":"long-%d","requestID":"%s","recipientAccountId":"111122223333"}]}' $n "$(head -c $n /dev/zero | tr '\0' r)" > long-$n.json; done && trailsift ingest -q -d long.db long-*.json && for n in 299 300 350 65535 65536 70000; do trailsift show -d long.db long-$n > got; sed 's/^{"Records":\[//; s/\]}$//' long-$n.json > want; printf '\n' >> want; cmp got want && echo "$n same"; done
299 same
300 same
350 same
65535 same
65536 same
70000 same

# ... and so does the copy kept in `rejected` when a second copy of the
# event differs (the writer put its ID back through a buffer of 300)
# requires: sqlite3
$ for n in 350 65535; do sed 's/"ListUsers"/"ListUsersAgain"/' long-$n.json > again-$n.json; done && trailsift ingest -q -d long.db again-350.json again-65535.json; for n in 350 65535; do sqlite3 long.db "SELECT writefile('rej-$n', raw) FROM rejected r JOIN source s ON s.id = r.source_id WHERE s.path = 'again-$n.json'" >/dev/null; sed 's/^{"Records":\[//; s/\]}$//' again-$n.json | cmp - rej-$n && echo "$n same"; done
350 same
65535 same

# inside a block the records of one eventSource, eventName and userAgent
# sit together (they compress better), each group in the order read;
# every event still shows its own bytes
$ for i in 1 2 3 4 5 6; do n=Get; [ $((i % 2)) = 0 ] && n=List; printf '{"eventVersion":"1.08","eventTime":"2025-03-0%dT10:00:00Z","eventSource":"iam.amazonaws.com","eventName":"%sUser","userAgent":"ua-%d","eventID":"%08d-0000-4000-8000-000000000000","recipientAccountId":"111122223333"}\n' $i $n $((i % 3 / 2)) $i; done > grouped.jsonl && trailsift ingest -q -d grouped.db grouped.jsonl && trailsift query -d grouped.db -f csv "SELECT record_no, block_off FROM event ORDER BY block_id, block_off" | tr '\n' ' '; echo; for i in 1 2 3 4 5 6; do trailsift show -d grouped.db "$(printf '%08d-0000-4000-8000-000000000000' $i)" > got-$i; sed -n ${i}p grouped.jsonl | cmp - got-$i && echo "$i same"; done
record_no,block_off 1,0 3,164 5,328 4,492 6,657 2,822 
1 same
2 same
3 same
4 same
5 same
6 same
