# issue 3: bad input gives one line naming the file and offset, a row in
# sources, and the run goes on; exit status 3.  The damaged files are made
# here from the fixtures.

$ D="$TS_SRC/tests/data/ingest"; gzip -n -c "$D/records.json" > good.json.gz && (gzip -n -c "$D/array.json"; gzip -n -c "$D/lookup-events.json") > multi.json.gz && head -c 1100 good.json.gz > truncated.json.gz && (cat good.json.gz; printf 'garbage!') > trailing.json.gz && (cat good.json.gz; head -c 512 /dev/zero) > padded.json.gz && cp good.json.gz crc.json.gz && printf '\377' | dd of=crc.json.gz bs=1 seek=1428 conv=notrunc 2>/dev/null && printf 'not gzip at all' | cat good.json.gz - | tail -c +3 > notgzip.json.gz && cp "$D/bad-record.json" . && : > empty.json && ln -s loop loop && mkdir sub && ln -s .. sub/up && ln -s nowhere broken.json

# one gzip member cut short, a CRC error, garbage after the data
$ trailsift ingest -q -j 2 .
trailsift: bad-record.json: 2 records rejected
trailsift: bad-record.json: record 2 (offset 1029): invalid JSON at record offset 123: expected '"' to start an object key
trailsift: bad-record.json: record 4 (offset 2091): no eventID
trailsift: broken.json: broken symbolic link
trailsift: crc.json.gz: CRC-32 mismatch in gzip member 1 ending at compressed offset 1434
trailsift: loop: symbolic link loop
trailsift: notgzip.json.gz: no gzip data in a file named .gz: not JSON (byte 0x08 at offset 0)
trailsift: sub/up: symbolic link loop (directory already being walked)
trailsift: trailing.json.gz: 8 bytes of trailing garbage after gzip data at compressed offset 1434
trailsift: truncated.json.gz: gzip stream truncated at compressed offset 1100 (gzip member 1 incomplete)
trailsift: truncated.json.gz: record 2 (offset 1707): cut off: the data ends inside this record
[exit 3]

$ trailsift query -f csv "SELECT path, kind, compression, n_records, n_indexed, n_duplicates, n_rejected, status, error FROM sources ORDER BY path"
path,kind,compression,n_records,n_indexed,n_duplicates,n_rejected,status,error
bad-record.json,events,none,4,2,0,2,partial,2 records rejected
broken.json,unknown,,0,0,0,0,error,broken symbolic link
crc.json.gz,events,gzip,3,1,2,0,partial,CRC-32 mismatch in gzip member 1 ending at compressed offset 1434
empty.json,not-cloudtrail,none,0,0,0,0,skipped,empty file
good.json.gz,events,gzip,3,0,3,0,ok,
loop,unknown,,0,0,0,0,error,symbolic link loop
multi.json.gz,events,gzip,5,0,5,0,ok,
notgzip.json.gz,not-cloudtrail,none,0,0,0,0,error,no gzip data in a file named .gz: not JSON (byte 0x08 at offset 0)
padded.json.gz,events,gzip,3,0,3,0,ok,
sub/up,unknown,,0,0,0,0,error,symbolic link loop (directory already being walked)
trailing.json.gz,events,gzip,3,0,3,0,partial,8 bytes of trailing garbage after gzip data at compressed offset 1434
truncated.json.gz,events,gzip,2,0,1,1,partial,gzip stream truncated at compressed offset 1100 (gzip member 1 incomplete)

$ trailsift query -f csv "SELECT s.path, r.record_no, r.offset, r.reason, length(r.raw) FROM rejected r JOIN source s ON s.id = r.source_id ORDER BY s.path, r.record_no"
path,record_no,offset,reason,length(r.raw)
bad-record.json,2,1029,"invalid JSON at record offset 123: expected '""' to start an object key",124
bad-record.json,4,2091,no eventID,92
crc.json.gz,2,1707,duplicate eventID a1b2c3d4-5678-90ab-cdef-000000000002 with other bytes than the copy from source 1 (1032 bytes against 1016),1032
good.json.gz,2,1707,duplicate eventID a1b2c3d4-5678-90ab-cdef-000000000002 with other bytes than the copy from source 1 (1032 bytes against 1016),1032
multi.json.gz,1,4,duplicate eventID 960c4b3b-667c-085a-69d5-288231a4c54a differing from the copy from source 3 only in whitespace between JSON tokens,2083
multi.json.gz,2,2091,duplicate eventID a1b2c3d4-5678-90ab-cdef-000000000002 differing from the copy from source 1 only in whitespace between JSON tokens,1279
padded.json.gz,2,1707,duplicate eventID a1b2c3d4-5678-90ab-cdef-000000000002 with other bytes than the copy from source 1 (1032 bytes against 1016),1032
trailing.json.gz,2,1707,duplicate eventID a1b2c3d4-5678-90ab-cdef-000000000002 with other bytes than the copy from source 1 (1032 bytes against 1016),1032
truncated.json.gz,2,1707,cut off: the data ends inside this record,612

# a record that is valid JSON but not indexable is kept whole
$ trailsift query -f csv "SELECT CAST(raw AS TEXT) FROM rejected WHERE reason = 'no eventID'"
CAST(raw AS TEXT)
"{""eventVersion"":""1.08"",""eventTime"":""2025-10-08T19:00:00Z"",""eventSource"":""ec2.amazonaws.com""}"

# the good records of a damaged file are there
$ trailsift query -f csv "SELECT source_path, record_no FROM events WHERE source_path IN ('bad-record.json', 'crc.json.gz') ORDER BY 1, 2"
source_path,record_no
bad-record.json,1
bad-record.json,3
crc.json.gz,1

# a decompression bomb is stopped by the ratio cap, not by memory
$ (printf '{"Records":['; head -c 100000000 /dev/zero | tr '\0' ' ') | gzip -9 > bomb.json.gz && trailsift ingest -q -d bomb.db bomb.json.gz
trailsift: bomb.json.gz: decompressed size exceeds 200:1 ratio at compressed offset 97088, decompressed 67108864 (possible decompression bomb; CloudTrail logs compress about 10:1, and the cap is fixed: what came before is kept, nothing after read)
[exit 3]

# a record too deep to be CloudTrail
$ (printf '{"Records":[{"eventID":"deep","eventTime":"2025-01-01T00:00:00Z","eventName":"X","x":'; for i in $(seq 600); do printf '['; done; for i in $(seq 600); do printf ']'; done; printf '}]}') > deep.json && trailsift ingest -q -d deep.db deep.json
trailsift: deep.json: 1 record rejected
trailsift: deep.json: record 1 (offset 12): invalid JSON at record offset 584: nesting deeper than 512
[exit 3]

# every message is one line naming the file: a newline in a file name is
# written \n; the summary's command works when pasted into a shell
$ mkdir nl && gzip -c "$TS_SRC/tests/data/ingest/records.json" | head -c 800 > "nl/$(printf 'bad\nname').json.gz" && trailsift ingest -d "nl's.db" nl 2> err; echo "exit $?"; grep -v 'new events from' err
exit 3
trailsift: nl/bad\nname.json.gz: gzip stream truncated at compressed offset 800 (gzip member 1 incomplete)
trailsift: nl/bad\nname.json.gz: record 1 (offset 12): cut off: the data ends inside this record
trailsift: this run: 0 sources skipped (not CloudTrail, empty, or outside the filters), 1 failed or partial (a bundle counts apart from its members); see: trailsift query -d 'nl'\''s.db' "SELECT path, member, status, error FROM sources WHERE status <> 'ok'"

$ sed -n 's/.*see: //p' err > cmd.sh && PATH="$(dirname "$(command -v trailsift)"):$PATH" sh cmd.sh | cut -c1-45
path                  member  status  error
--------------------  ------  ------  -------
nl/bad\nname.json.gz          error   gzip st

# running it again reads nothing new, but damaged input is still damaged
$ rm -rf nl; trailsift ingest -q -j 2 -d again.db . 2>/dev/null; trailsift ingest -j 2 -d again.db . > out 2>&1; echo "exit $?"; grep -v 'new events from' out
exit 3
trailsift: bomb.json.gz: decompressed size exceeds 200:1 ratio at compressed offset 97088, decompressed 67108864 (possible decompression bomb; CloudTrail logs compress about 10:1, and the cap is fixed: what came before is kept, nothing after read)
trailsift: broken.json: broken symbolic link
trailsift: deep.json: 1 record rejected
trailsift: deep.json: record 1 (offset 12): invalid JSON at record offset 584: nesting deeper than 512
trailsift: loop: symbolic link loop
trailsift: notgzip.json.gz: no gzip data in a file named .gz: not JSON (byte 0x08 at offset 0)
trailsift: sub/up: symbolic link loop (directory already being walked)
trailsift: 14 sources were already in the index and were not read again; 4 of them were damaged (status partial)
trailsift: this run: 1 source skipped (not CloudTrail, empty, or outside the filters), 6 failed or partial (a bundle counts apart from its members), 4 partial when read before; see: trailsift query -d again.db "SELECT path, member, status, error FROM sources WHERE status <> 'ok'"

$ trailsift ingest -q -d crc.db crc.json.gz 2>/dev/null; trailsift ingest -q -d crc.db crc.json.gz; echo "exit $?"
trailsift: 1 source already in the index was damaged when read (status partial), and not read again
exit 3

# issue 3, review 3: in JSON Lines a record cut short on its line is
# rejected at its own offset and the lines after it are still read (they
# were lost: the cut record swallowed them); the same gzipped
$ r() { printf '{"eventVersion":"1","eventID":"%s","eventTime":"2024-01-01T00:00:00Z","eventName":"n"%s\n' "$1" "${2-}"; }; (r c1 '}'; r c2; r c3 '}'; r c4 '}'; printf '{"eventID":"c5","eventTi') > cut.jsonl && gzip -n -c cut.jsonl > cut.jsonl.gz && trailsift ingest -q -d cut.db cut.jsonl cut.jsonl.gz
trailsift: cut.jsonl: 2 records rejected
trailsift: cut.jsonl: record 2 (offset 87): the record does not end on its line (truncated?)
trailsift: cut.jsonl: record 5 (offset 347): the data ends inside the record (truncated?)
trailsift: cut.jsonl.gz: 2 records rejected
trailsift: cut.jsonl.gz: record 2 (offset 87): the record does not end on its line (truncated?)
trailsift: cut.jsonl.gz: record 5 (offset 347): the data ends inside the record (truncated?)
[exit 3]

$ trailsift query -d cut.db -f csv "SELECT path, format, n_records, n_indexed, n_duplicates, n_rejected, status, error FROM sources ORDER BY path"
path,format,n_records,n_indexed,n_duplicates,n_rejected,status,error
cut.jsonl,jsonl,5,3,0,2,partial,2 records rejected
cut.jsonl.gz,jsonl,5,0,3,2,partial,2 records rejected

$ trailsift query -d cut.db -f csv "SELECT event_id, record_no, raw_offset FROM events ORDER BY record_no"
event_id,record_no,raw_offset
c1,1,0
c3,3,173
c4,4,260

# the rejected bytes are the line, at its offset
$ trailsift query -d cut.db -f csv "SELECT record_no, \"offset\", length(raw), CAST(raw AS TEXT) FROM rejected WHERE source_id = 1" && tail -c +88 cut.jsonl | head -c 85 > at && sed -n 2p cut.jsonl | tr -d '\n' | cmp - at && echo same
record_no,offset,length(raw),CAST(raw AS TEXT)
2,87,85,"{""eventVersion"":""1"",""eventID"":""c2"",""eventTime"":""2024-01-01T00:00:00Z"",""eventName"":""n"""
5,347,24,"{""eventID"":""c5"",""eventTi"
same

# the first line cut, the others good: the good ones count (partial, not
# error, and not read again by every run)
$ r() { printf '{"eventVersion":"1","eventID":"%s","eventTime":"2024-01-01T00:00:00Z","eventName":"n"%s\n' "$1" "${2-}"; }; (r f1; r f2 '}'; r f3 '}') > first-cut.jsonl && trailsift ingest -q -d first-cut.db first-cut.jsonl 2>/dev/null; trailsift query -d first-cut.db -f csv "SELECT n_records, n_indexed, n_rejected, status FROM sources"
n_records,n_indexed,n_rejected,status
3,2,1,partial

# another program's JSON Lines with a cut line is still not CloudTrail
# (it was "events", status error); a cut CloudTrail line alone is damage
$ printf '{"a":1}\n{"b":2\n{"c":3}\n' > other.jsonl && printf '{"eventVersion":"1.08","eventID":"x\n' > ct-cut.jsonl && trailsift ingest -q -d other.db other.jsonl ct-cut.jsonl; trailsift query -d other.db -f csv "SELECT path, kind, n_rejected, status FROM sources ORDER BY id"
trailsift: ct-cut.jsonl: invalid JSON at offset 36: the data ends inside a record (truncated?)
path,kind,n_rejected,status
other.jsonl,not-cloudtrail,0,skipped
ct-cut.jsonl,events,0,error

# review 7: bytes after a record on its line stopped the file there,
# and the lines after them were neither read nor counted; a record the
# data ends inside, followed by a line that is not JSON, took the rest
# of the file with it.  Debris is one rejected record, the record before
# it stands; a record cut at the end is its first line and the lines
# after it that begin no value, and the lines after those are read one
# object per line
$ r() { printf '{"eventVersion":"1","eventID":"%s","eventTime":"2024-01-01T00:00:00Z","eventName":"n"}%s\n' "$1" "${2-}"; }; (r d1; r d2 ' xyz'; r d3 '}'; r d4) > debris.jsonl && (r g1; printf '{"eventVersion":"1","eventID":"g2",\ngarbage\n'; r g3; printf '{"eventID":\n"g4"}\n'; r g5) > cut-garbage.jsonl && trailsift ingest -q -d debris.db debris.jsonl cut-garbage.jsonl; trailsift query -d debris.db -f csv "SELECT path, format, n_records, n_indexed, n_rejected, status FROM sources ORDER BY id" && trailsift query -d debris.db -f csv "SELECT source_id, group_concat(event_id || '@' || record_no, ' ') FROM events GROUP BY 1"
trailsift: debris.jsonl: 2 records rejected
trailsift: debris.jsonl: record 3 (offset 174): unexpected data after the record on its line
trailsift: debris.jsonl: record 5 (offset 264): unexpected data after the record on its line
trailsift: cut-garbage.jsonl: 2 records rejected
trailsift: cut-garbage.jsonl: record 2 (offset 87): the record does not end on its line (truncated?)
trailsift: cut-garbage.jsonl: record 4 (offset 218): the record does not end on its line (truncated?)
path,format,n_records,n_indexed,n_rejected,status
debris.jsonl,jsonl,6,4,2,partial
cut-garbage.jsonl,jsonl,5,3,2,partial
source_id,"group_concat(event_id || '@' || record_no, ' ')"
1,d1@1 d2@2 d3@4 d4@6
2,g1@1 g3@3 g5@5

# ... and so when the lines it took are more than the size limit
# (8 MiB): they were lost, the file stopped at its end
$ (printf '{"eventVersion":"1","eventID":"t0","eventTime":"2024-01-01T00:00:00Z","eventName":"n"}\n{"eventVersion":"1","eventID":"cut",\ngarbage\n'; awk 'BEGIN { for (i = 1; i <= 70000; i++) printf "{\"eventVersion\":\"1\",\"eventID\":\"t%d\",\"eventTime\":\"2024-01-01T00:00:00Z\",\"eventName\":\"n\",\"recipientAccountId\":\"111122223333\"}\n", i }') > tail.jsonl && trailsift ingest -q -d tail.db tail.jsonl 2>/dev/null; trailsift query -d tail.db -f csv "SELECT n_records, n_indexed, n_rejected, status FROM sources" && trailsift query -d tail.db -f csv "SELECT record_no, \"offset\", reason, length(raw) FROM rejected"
n_records,n_indexed,n_rejected,status
70002,70001,1,partial
record_no,offset,reason,length(raw)
2,87,the record does not end on its line (truncated?),44

# a cut line longer than the size limit (8 MiB) is one rejected record;
# the lines after it were lost: its skipping ran on into them
$ r() { printf '{"eventVersion":"1","eventID":"%s","eventTime":"2024-01-01T00:00:00Z","eventName":"n"}\n' "$1"; }; (r b1; printf '{"eventVersion":"1","x":"'; head -c 9000000 /dev/zero | tr '\0' A; echo; r b2; r b3) > big-cut.jsonl && trailsift ingest -q -d big-cut.db big-cut.jsonl 2>/dev/null; trailsift query -d big-cut.db -f csv "SELECT n_records, n_indexed, n_rejected, status FROM sources"; trailsift query -d big-cut.db -f csv "SELECT record_no, \"offset\", reason FROM rejected"
n_records,n_indexed,n_rejected,status
4,3,1,partial
record_no,offset,reason
2,87,the record does not end on its line (truncated?)

# a gzip stream cut before its data could be told, and an empty .gz (a
# failed download): damage, exit 3; they were "not-cloudtrail, skipped"
$ gzip -n -c "$TS_SRC/tests/data/ingest/records.json" | head -c 30 > cut30.json.gz && : > empty.json.gz && trailsift ingest -q -d cut30.db cut30.json.gz empty.json.gz; echo "exit $?"; trailsift query -d cut30.db -f csv "SELECT path, kind, status, error FROM sources ORDER BY path"
trailsift: cut30.json.gz: gzip stream truncated at compressed offset 30 (gzip member 1 incomplete)
trailsift: empty.json.gz: no gzip data in a file named .gz: empty file
exit 3
path,kind,status,error
cut30.json.gz,events,error,gzip stream truncated at compressed offset 30 (gzip member 1 incomplete)
empty.json.gz,not-cloudtrail,error,no gzip data in a file named .gz: empty file

# a gzip file whose bytes were altered so that the records' structure
# breaks (a stored block: the CRC-32 fails at the end): the error says
# where the records ended too, or the ones after it vanish unexplained
$ trailsift ingest -q -d garbled.db "$TS_SRC/tests/data/damage/garbled.json.gz" 2>/dev/null; trailsift query -d garbled.db -f csv "SELECT n_records, n_indexed, status, error FROM sources"
n_records,n_indexed,status,error
1,1,partial,"CRC-32 mismatch in gzip member 1 ending at compressed offset 3702; and invalid JSON at offset 1707: expected ',' or ']' after a record"

# the rejected records echoed are the first by record number: items that
# are not CloudTrail wait until the file shows CloudTrail, behind later
# rejections (records 2 and 3 were echoed before record 1)
$ printf '{"a":1}\n{"eventVersion":"1.08","eventTime":"2024-01-01T00:00:00Z"}\n{"c":3}\n{"d":4}\n' > order.jsonl && trailsift ingest -q -d order.db order.jsonl 2>&1 | cut -c1-50
trailsift: order.jsonl: 4 records rejected
trailsift: order.jsonl: record 1 (offset 0): not a
trailsift: order.jsonl: record 2 (offset 8): no ev
trailsift: order.jsonl: record 3 (offset 67): not 
trailsift: order.jsonl: ... 4 rejected records in 

# a file named JSON Lines whose first line is not JSON: that line is one
# rejected record, the next are read (it was skipped whole as "not
# JSON", exit 0); with no CloudTrail line at all it is another program's
$ printf 'not json at all\n{"eventVersion":"1.08","eventID":"24ec37de-2ca7-450e-a808-664da8d9c443","eventTime":"2024-01-03T10:24:01Z","eventSource":"iam.amazonaws.com","eventName":"GetUser"}\n' > first.jsonl && printf 'hello\nworld\n' > prose.jsonl && gzip -n -c first.jsonl > first.ndjson.gz && trailsift ingest -q -d first.db first.jsonl first.ndjson.gz prose.jsonl; echo "exit $?"; trailsift query -d first.db -f csv "SELECT path, kind, status, n_records, n_rejected, n_indexed, n_duplicates FROM sources ORDER BY id"
trailsift: first.jsonl: 1 record rejected
trailsift: first.jsonl: record 1 (offset 0): not a JSON object or array
trailsift: first.ndjson.gz: 1 record rejected
trailsift: first.ndjson.gz: record 1 (offset 0): not a JSON object or array
exit 3
path,kind,status,n_records,n_rejected,n_indexed,n_duplicates
first.jsonl,events,partial,2,1,1,0
first.ndjson.gz,events,partial,2,1,0,1
prose.jsonl,not-cloudtrail,skipped,2,0,0,0

# a gzip inside a gzip is evidence not read, an error that says so (it
# was "not JSON", skipped, exit 0); a file of just the gzip magic is a
# gzip stream cut short, whatever its name
$ D="$TS_SRC/tests/data/ingest"; gzip -n -c "$D/records.json" | gzip -n > twice.json.gz && printf '\037\213' > magic.bin && trailsift ingest -q -d gz2.db twice.json.gz magic.bin; echo "exit $?"; trailsift query -d gz2.db -f csv "SELECT path, compression, status, error FROM sources"
trailsift: twice.json.gz: gzip inside gzip (compressed twice): gunzip it once and ingest the result
trailsift: magic.bin: gzip stream truncated at compressed offset 2 (gzip member 1 incomplete)
exit 3
path,compression,status,error
twice.json.gz,gzip,error,gzip inside gzip (compressed twice): gunzip it once and ingest the result
magic.bin,gzip,error,gzip stream truncated at compressed offset 2 (gzip member 1 incomplete)

# a whole record over the size limit says what the limit is
$ r() { printf '{"eventVersion":"1","eventID":"%s","eventTime":"2024-01-01T00:00:00Z","eventName":"n"}\n' "$1"; }; (r c1; printf '{"eventVersion":"1","x":"'; head -c 9000000 /dev/zero | tr '\0' A; echo '"}'; r c2) > big.jsonl && trailsift ingest -q -d big.db big.jsonl
trailsift: big.jsonl: 1 record rejected
trailsift: big.jsonl: record 2 (offset 87): record of 9000027 bytes exceeds the size limit of 8 MiB (fixed: no option raises it)
[exit 3]

# the summary counts in the singular where it is one, and says that
# "skipped" holds empty files and "failed" partial ones and bundles
$ r() { printf '{"eventVersion":"1","eventID":"%s","eventTime":"2024-01-01T00:00:00Z","eventName":"n"}\n' "$1"; }; (r s1; r s1; echo '{"eventVersion":"1"}') > one.jsonl && : > void.json && trailsift ingest -d one.db one.jsonl void.json 2>&1 | grep -v "^trailsift: one.jsonl" | sed 's/ in [0-9.]* s ([0-9.]* MB\/s)//'
trailsift: 1 new event from 2 sources: 1 duplicate, 1 record rejected, 0 outside the filters
trailsift: this run: 1 source skipped (not CloudTrail, empty, or outside the filters), 1 failed or partial (a bundle counts apart from its members); see: trailsift query -d one.db "SELECT path, member, status, error FROM sources WHERE status <> 'ok'"

# more non-CloudTrail lines than are held (4 MiB) before the first
# CloudTrail record: the ones past the bound are counted as rejected
# (without a row), so the source's counts add up (review finding)
$ seq 1 60000 | awk '{ printf "{\"x\":%d,\"pad\":\"padding-padding-padding-padding-padding-padding-padding-padding-padding\"}\n", $1 }' > junkfirst.jsonl && grep "^{" "$TS_SRC/tests/data/ingest/records.jsonl" | head -n 1 >> junkfirst.jsonl && trailsift ingest -q -d junk.db junkfirst.jsonl 2>/dev/null; echo "exit $?"; trailsift query -d junk.db -f csv "SELECT n_records, n_indexed, n_rejected, n_records = n_indexed + n_rejected AS adds_up, status FROM sources"
exit 3
n_records,n_indexed,n_rejected,adds_up,status
60001,1,60000,1,partial

# JSON as it is under a .gz name (a browser undid the download's
# Content-Encoding) is read as it is; only a .gz holding neither gzip
# data nor JSON is the error above
$ cp "$TS_SRC/tests/data/ingest/records.json" ungz.json.gz && trailsift ingest -q -d ungz.db ungz.json.gz; trailsift query -d ungz.db -f csv "SELECT path, compression, n_indexed, status FROM sources"
path,compression,n_indexed,status
ungz.json.gz,none,3,ok

# issue: an empty path (`trailsift ingest "$EVIDENCE"` with the variable
# unset) ingested the directory the command ran in, exit 0; it is a path
# not found, as for ls ''
$ mkdir here && cp "$TS_SRC/tests/data/ingest/records.json" here/a.json && cd here && trailsift ingest -q -d ../empty.db ""; echo "exit $?"; trailsift query -d ../empty.db -f csv "SELECT path, kind, status, error FROM sources"
trailsift: '': No such file or directory (an empty path)
exit 3
path,kind,status,error
,unknown,error,No such file or directory (an empty path)

# issue: a CloudTrail log file whose first bytes were zeroed or
# overwritten lost every record, classed "not-cloudtrail, skipped", exit
# 0; its name says it is a log, so it is damaged (error, exit 3).  Inside
# an intact gzip stream too; so is one cut to nothing, or to blank lines
# (an empty delivery is {"Records":[]}).  Another name keeps "not JSON"
# or "empty file", skipped.
$ d=AWSLogs/123456789012/CloudTrail/us-east-1/2024/11/04; n=123456789012_CloudTrail_us-east-1_20241104T0009Z; mkdir -p z/$d && cp "$TS_SRC/tests/data/ingest/records.json" z/$d/${n}_a.json && cp z/$d/${n}_a.json z/$d/${n}_b.json && cp z/$d/${n}_a.json z/other.json && printf '\0\0\0\0' | dd of=z/$d/${n}_a.json conv=notrunc 2>/dev/null && printf 'xxxx' | dd of=z/$d/${n}_b.json conv=notrunc 2>/dev/null && printf 'xxxx' | dd of=z/other.json conv=notrunc 2>/dev/null && gzip -n -c z/$d/${n}_a.json > z/$d/${n}_c.json.gz && : > z/$d/${n}_d.json && printf '\n \n' > z/$d/${n}_e.json && : > z/empty-other.json && trailsift ingest -q -d zero.db z > out 2>&1; echo "exit $?"; sed "s|$d/$n|...|" out; trailsift query -d zero.db -f csv "SELECT replace(path, '$d/$n', '...') AS path, kind, status, error FROM sources ORDER BY path"
exit 3
trailsift: z/..._a.json: not JSON (byte 0x00 at offset 0): damaged, a CloudTrail log by its name
trailsift: z/..._b.json: not JSON (byte 0x78 at offset 0): damaged, a CloudTrail log by its name
trailsift: z/..._c.json.gz: not JSON (byte 0x00 at offset 0): damaged, a CloudTrail log by its name
trailsift: z/..._d.json: empty file: damaged, a CloudTrail log by its name
trailsift: z/..._e.json: blank file: damaged, a CloudTrail log by its name
path,kind,status,error
z/..._a.json,not-cloudtrail,error,"not JSON (byte 0x00 at offset 0): damaged, a CloudTrail log by its name"
z/..._b.json,not-cloudtrail,error,"not JSON (byte 0x78 at offset 0): damaged, a CloudTrail log by its name"
z/..._c.json.gz,not-cloudtrail,error,"not JSON (byte 0x00 at offset 0): damaged, a CloudTrail log by its name"
z/..._d.json,not-cloudtrail,error,"empty file: damaged, a CloudTrail log by its name"
z/..._e.json,not-cloudtrail,error,"blank file: damaged, a CloudTrail log by its name"
z/empty-other.json,not-cloudtrail,skipped,empty file
z/other.json,not-cloudtrail,skipped,not JSON (byte 0x78 at offset 0)

# issue: a digest or Insights file zeroed, emptied or replaced by other
# JSON was "ok" (an empty one even of kind events) or "skipped", exit 0:
# digests are what prove the logs intact, so such a file is damaged by
# its name too; a digest file holding no digest ({"Records":[]} is an
# empty log delivery, never a digest) as well.  An empty Insights
# delivery stays ok.  A gzip stream of nothing is "empty once
# decompressed", not an empty file.
$ d=AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/03/05; n=111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20250305T; i=AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2025/03/05; m=111122223333_CloudTrail-Insight_us-east-1_20250305T; mkdir -p dg/$d dg/$i && : > dg/$d/${n}100000Z.json.gz && printf '  \n' > dg/$d/${n}110000Z.json && gzip -n -c /dev/null > dg/$d/${n}120000Z.json.gz && echo '{"foo":1}' > dg/$d/${n}130000Z.json && echo '{"Records":[]}' > dg/$d/${n}140000Z.json && printf 'xx' > dg/$i/${m}1000Z_a.json && echo '{"Records":[]}' > dg/$i/${m}1100Z_b.json && trailsift ingest -q -d dg.db dg > out 2>&1; echo "exit $?"; sed -e "s|$d/$n|D|" -e "s|$i/$m|I|" out; trailsift query -d dg.db -f csv "SELECT replace(replace(path, '$d/$n', 'D'), '$i/$m', 'I') AS path, kind, status, error FROM sources ORDER BY path"
exit 3
trailsift: dg/D100000Z.json.gz: no gzip data in a file named .gz: empty file: damaged, a CloudTrail digest file by its name
trailsift: dg/D110000Z.json: blank file: damaged, a CloudTrail digest file by its name
trailsift: dg/D120000Z.json.gz: empty once decompressed: damaged, a CloudTrail digest file by its name
trailsift: dg/D130000Z.json: no CloudTrail records; first: record 1 at offset 0: not a CloudTrail record: no eventVersion, eventSource, eventName, eventID, eventTime or userIdentity: damaged, a CloudTrail digest file by its name
trailsift: dg/D140000Z.json: no digest document: damaged, a CloudTrail digest file by its name
trailsift: dg/I1000Z_a.json: not JSON (byte 0x78 at offset 0): damaged, a CloudTrail Insights file by its name
path,kind,status,error
dg/D100000Z.json.gz,not-cloudtrail,error,"no gzip data in a file named .gz: empty file: damaged, a CloudTrail digest file by its name"
dg/D110000Z.json,not-cloudtrail,error,"blank file: damaged, a CloudTrail digest file by its name"
dg/D120000Z.json.gz,not-cloudtrail,error,"empty once decompressed: damaged, a CloudTrail digest file by its name"
dg/D130000Z.json,not-cloudtrail,error,"no CloudTrail records; first: record 1 at offset 0: not a CloudTrail record: no eventVersion, eventSource, eventName, eventID, eventTime or userIdentity: damaged, a CloudTrail digest file by its name"
dg/D140000Z.json,events,error,"no digest document: damaged, a CloudTrail digest file by its name"
dg/I1000Z_a.json,not-cloudtrail,error,"not JSON (byte 0x78 at offset 0): damaged, a CloudTrail Insights file by its name"
dg/I1100Z_b.json,events,ok,

# issue: a file whose first line is not JSON (an exporter's header, a
# damaged line) but whose next line is a whole object was skipped as
# "not JSON", exit 0, its records lost, unless named .jsonl; it is JSON
# Lines with a rejected first line (partial, exit 3) under any name
$ (echo 'exported by tool 1.0'; tr -d '\n' < "$TS_SRC/tests/data/ingest/records.json" | sed 's/^{"Records":\[//; s/\]}$//; s/},{"eventVersion"/}\n{"eventVersion"/g'; echo) > hdr.json && gzip -n -c hdr.json > hdr.log && trailsift ingest -q -d hdr.db hdr.json hdr.log; echo "exit $?"; trailsift query -d hdr.db -f csv "SELECT path, format, status, n_records, n_indexed, n_duplicates, n_rejected FROM sources ORDER BY path"
trailsift: hdr.json: 1 record rejected
trailsift: hdr.json: record 1 (offset 0): not a JSON object or array
trailsift: hdr.log: 1 record rejected
trailsift: hdr.log: record 1 (offset 0): not a JSON object or array
exit 3
path,format,status,n_records,n_indexed,n_duplicates,n_rejected
hdr.json,jsonl,partial,4,3,0,1
hdr.log,jsonl,partial,4,0,3,1

# an eventTime outside the years 0001 to 9999 once its offset is applied
# is rejected with the reason: one such record was indexed as the year
# 10000 (or 0000), and every report that printed its time then failed
$ r() { printf '{"eventVersion":"1.08","eventID":"%s","eventTime":"%s","eventSource":"iam.amazonaws.com","eventName":"ListUsers","recipientAccountId":"111122223333"}\n' "$1" "$2"; }; (r y1 '9999-12-31T23:30:00-01:00'; r y2 '0000-06-01T00:00:00Z'; r y3 '0001-01-01T00:30:00+01:00'; r y4 '0001-01-01T00:30:00-01:00'; r y5 '9999-12-31T23:59:59Z') > years.jsonl && trailsift ingest -d years.db years.jsonl 2>&1 | grep ': record '; trailsift query -d years.db -f csv "SELECT event_time, event_id FROM events ORDER BY time_ms"; trailsift report provisioning -d years.db >/dev/null; echo "report exit $?"
trailsift: years.jsonl: record 1 (offset 0): eventTime "9999-12-31T23:30:00-01:00" is outside the years 0001 to 9999 (UTC)
trailsift: years.jsonl: record 2 (offset 173): eventTime "0000-06-01T00:00:00Z" is outside the years 0001 to 9999 (UTC)
trailsift: years.jsonl: record 3 (offset 341): eventTime "0001-01-01T00:30:00+01:00" is outside the years 0001 to 9999 (UTC)
event_time,event_id
0001-01-01T01:30:00Z,y4
9999-12-31T23:59:59Z,y5
report exit 0
