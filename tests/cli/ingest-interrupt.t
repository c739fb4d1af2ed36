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
