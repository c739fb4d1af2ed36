# A Ctrl-C (or SIGTERM) while an ingest builds its indexes at the end:
# the default handler was back by then, and the process died without a
# word, its run row left unfinished.  The signal now stops the build
# (undone), the ingest says so as for one during the load, exits 1 and
# records the run as interrupted; the next run builds the indexes, and
# the index equals one made without the interruption.
# (TRAILSIFT_SIGNAL_IN_FINISH raises SIGINT from inside the end phase.)

$ trailsift-gen --scenario bench --events 5000 --seed 1 --out g > /dev/null 2>&1 && trailsift ingest -q -d ref.db g/logs && sh "$TS_SRC/tests/data/dump-index.sh" ref.db > ref.txt && TRAILSIFT_SIGNAL_IN_FINISH=1 trailsift ingest -q -d cut.db g/logs; echo "exit $?"; trailsift query -d cut.db -f csv "SELECT (SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'event' ORDER BY 1)) AS indexes, (SELECT status FROM run) AS run"
trailsift: interrupted: what was stored is complete; run the same command again to finish
exit 1
indexes,run
event_key,interrupted

$ trailsift ingest -q -d cut.db g/logs; echo "exit $?"; sh "$TS_SRC/tests/data/dump-index.sh" cut.db | cmp - ref.txt && echo same
exit 0
same

# A Ctrl-C while a bundle is read (TRAILSIFT_SIGNAL_AFTER_MEMBERS raises
# SIGINT after that many members).  A .tar.gz: its gzip stream had not
# reached its check, and every member read whole was marked "bundle not
# verified", partial, which the next run took as damaged for good: it
# read them no more and exited 3.  A .tar: its row kept the bytes read
# so far as its size, so the next run took the file for another one and
# left an "interrupted" row beside the finished one.  Now the next run
# finishes the job: the same as a run never stopped (2: the two lines,
# events, sources and the bundle's size and SHA-256, are one).
$ tar czf g.tgz g/logs && tar cf g.tar g/logs && for b in g.tgz g.tar; do trailsift ingest -q -d "fresh-$b.db" $b; TRAILSIFT_SIGNAL_AFTER_MEMBERS=20 trailsift ingest -q -d "cut-$b.db" $b 2>/dev/null; echo "$b stopped: exit $?"; trailsift ingest -q -d "cut-$b.db" $b; echo "$b again: exit $?"; for d in fresh cut; do trailsift query -d "$d-$b.db" -f csv "SELECT (SELECT count(*) FROM events) AS events, (SELECT group_concat(s, ' ') FROM (SELECT status || ':' || count(*) AS s FROM sources GROUP BY status, member IS NULL ORDER BY 1)) AS sources, (SELECT size || ' ' || sha256 FROM sources WHERE member IS NULL) AS bundle" | tail -n 1; done | uniq -c | sed 's/^ *//' | cut -d, -f1,2; done
g.tgz stopped: exit 1
g.tgz again: exit 0
2 5379,ok:1 ok:4061
g.tar stopped: exit 1
g.tar again: exit 0
2 5379,ok:1 ok:4061

# review 7: a Ctrl-C in the middle of a file stored the record being
# read as damage ("cut off: the data ends inside this record"), until the
# next run.  A file is read again, so nothing of it is rejected (a
# stream's bytes cannot be: what it held of that record is still kept).
# The kill may land before or after the read on a fast machine; then
# there is nothing to reject either.
$ awk 'BEGIN { printf "{\"Records\":["; for (i = 0; i < 300000; i++) printf "%s{\"eventVersion\":\"1.08\",\"eventTime\":\"2025-03-10T12:00:00Z\",\"eventSource\":\"s\",\"eventName\":\"n\",\"eventID\":\"e%d\"}", (i ? "," : ""), i; print "]}" }' > big.json && (trailsift ingest -q -j 1 -d big.db big.json 2>/dev/null & p=$!; sleep 0.3; kill -INT $p; wait $p); trailsift query -d big.db -f csv "SELECT count(*) AS rejected FROM rejected"; trailsift ingest -q -d big.db big.json; echo "exit $?"; trailsift query -d big.db -f csv "SELECT status, n_records, n_indexed, n_rejected FROM sources"
rejected
0
exit 0
status,n_records,n_indexed,n_rejected
ok,300000,300000,0
