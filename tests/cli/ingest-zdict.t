# issue 3: raw records are compressed in zstd blocks with a dictionary
# that the ingest trains on its first blocks and keeps in the index
# (table zdict); every record still reads back byte for byte.  The test
# hook TRAILSIFT_ZDICT_SAMPLES trains on 256 KiB instead of 2 MiB, so a
# sample archive gets one early; "never" gives the blocks of old.

# requires: zstd
$ export TRAILSIFT_ZDICT_SAMPLES=262144; trailsift ingest -q -j 2 -d z.db "$TS_SRC/samples/okta-hub/logs" && TRAILSIFT_ZDICT_SAMPLES=never trailsift ingest -q -j 2 -d plain.db "$TS_SRC/samples/okta-hub/logs" && for db in z plain; do trailsift query -d $db.db -f csv "SELECT (SELECT count(*) FROM zdict WHERE id <> 1953719345) AS dicts, (SELECT count(*) FROM events) AS events, count(*) AS blocks FROM raw_block"; done
dicts,events,blocks
1,1623,359
dicts,events,blocks
0,1623,359

# the blocks after the dictionary name it, and are smaller for it
# requires: zstd
$ trailsift query -d z.db -f csv "SELECT sum((instr('0123456789ABCDEF', substr(hex(data), 10, 1)) - 1) % 4 != 0) > 0 AS with_dict FROM raw_block" && trailsift query -d z.db -f csv "SELECT sum(length(data)) FROM raw_block" | sed 1d > z.size && trailsift query -d plain.db -f csv "SELECT sum(length(data)) FROM raw_block" | sed 1d > plain.size && [ $(cat z.size) -lt $(cat plain.size) ] && echo smaller
with_dict
1
smaller

# every record reads back exactly as without one
# requires: zstd
$ for db in z plain; do trailsift show -d $db.db $(trailsift query -d $db.db -f csv "SELECT event_id FROM events ORDER BY event_id" | sed 1d) > $db.records; done; cmp z.records plain.records && wc -l < z.records
1623

# a later run into the same index uses the same dictionary
# requires: zstd
$ export TRAILSIFT_ZDICT_SAMPLES=262144; trailsift query -d z.db -f csv "SELECT id FROM zdict" > before && trailsift ingest -q -j 2 -d z.db "$TS_SRC/samples/entra-jml/logs" && trailsift query -d z.db -f csv "SELECT id FROM zdict" | cmp - before && trailsift query -d z.db -f csv "SELECT count(*) AS entra_blocks_without FROM raw_block WHERE id IN (SELECT block_id FROM event e JOIN source s ON s.id = e.source_id WHERE s.path LIKE '%entra-jml%') AND (instr('0123456789ABCDEF', substr(hex(data), 10, 1)) - 1) % 4 = 0"
entra_blocks_without
0

# the index is the same whatever the thread timing: dictionary and
# blocks byte for byte, with 1, 2 or 4 workers
# requires: zstd
$ export TRAILSIFT_ZDICT_SAMPLES=262144; for j in 1 2 4; do trailsift ingest -q -j $j -d j$j.db "$TS_SRC/samples/okta-hub/logs" && sh "$TS_SRC/tests/data/dump-index.sh" j$j.db > j$j.txt; done; cmp j1.txt j2.txt && cmp j1.txt j4.txt && echo same
same

# an index without one (here: made without) gets one on its next run,
# trained on the blocks it already holds, then the run's own
# requires: zstd
$ export TRAILSIFT_ZDICT_SAMPLES=262144; trailsift ingest -q -d plain.db "$TS_SRC/samples/entra-jml/logs" && trailsift query -d plain.db -f csv "SELECT (SELECT count(*) FROM zdict WHERE id <> 1953719345) AS dicts, sum((instr('0123456789ABCDEF', substr(hex(data), 10, 1)) - 1) % 4 != 0) AS with_dict, sum(id > 359) AS new_blocks FROM raw_block"
dicts,with_dict,new_blocks
1,274,274

# digests have a dictionary of their own, built in (1953719345), stored
# with the first digest: an index that holds only that one still trains
# one for its blocks, and every digest reads back (as JSON)
# requires: zstd
$ export TRAILSIFT_ZDICT_SAMPLES=262144; trailsift ingest -q -d dg.db "$TS_SRC/tests/data/ingest/digest.json" && trailsift query -d dg.db -f csv "SELECT id FROM zdict" && trailsift ingest -q -d dg.db "$TS_SRC/samples/okta-hub/logs" && trailsift query -d dg.db -f csv "SELECT id = 1953719345 AS digests, (SELECT count(*) FROM raw_block WHERE (instr('0123456789ABCDEF', substr(hex(data), 10, 1)) - 1) % 4 != 0) > 0 AS blocks_with_one FROM zdict ORDER BY 1" && trailsift query -d dg.db -f csv "SELECT count(*) AS digests, sum(typeof(json) = 'blob') AS compressed, sum(json_valid(document(json))) AS valid FROM digest"
id
1953719345
digests,blocks_with_one
0,1
1,1
digests,compressed,valid
345,345,345
