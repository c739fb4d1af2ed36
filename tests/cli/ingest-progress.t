# issue 3: on a terminal (here script(1)'s), ingest draws progress on
# stderr and says when it builds the indexes at the end; when stderr is
# not a terminal, or with -q, it prints no progress at all.

$ cp "$TS_SRC/tests/data/ingest/records.json" . && script -qec "trailsift ingest -d t.db records.json" /dev/null | tr '\r' '\n' | grep -c 'events stored; building the indexes'
1

$ trailsift ingest -d u.db records.json 2>&1 | tr '\r' '\n' | grep -c -e 'building the indexes' -e 'ETA'; trailsift ingest -q -d u.db records.json 2>&1 | wc -c
0
0
