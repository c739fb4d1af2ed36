# dump-index.sh DB -- everything an ingest run stores, in a stable order,
# so two indexes can be compared with cmp (tests/cli/crash.t).  Run
# bookkeeping (the run table, run ids) is left out on purpose.
db=$1
trailsift query -d "$db" -f csv "SELECT * FROM events ORDER BY id"
trailsift query -d "$db" -f csv "SELECT id, path, member, size, sha256, kind, format, compression, n_records, n_indexed, n_duplicates, n_filtered, n_rejected, n_documents, status, error, parent_id FROM sources ORDER BY id"
trailsift query -d "$db" -f csv "SELECT id, codec, ulen, hex(data) FROM raw_block ORDER BY id"
trailsift query -d "$db" -f csv "SELECT id, hex(data) FROM zdict ORDER BY id"
trailsift query -d "$db" -f csv "SELECT * FROM rejected ORDER BY source_id, record_no"
trailsift query -d "$db" -f csv "SELECT * FROM str ORDER BY id"
