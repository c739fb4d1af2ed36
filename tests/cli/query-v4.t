# What trailsift-index(5), FAST QUERIES, tells an investigator to write
# where the plain query reads every event of a version 4 index: the
# plans SQLite picks, not timings, and the same rows either way.

# event_name alone seeks through the (event_source, event_name) index,
# but not when the query is ordered by time_ms: SQLite then reads every
# event through the time index.  ORDER BY +time_ms, or event_source
# given too, keeps the seek; the rows are the same.
$ trailsift ingest -q "$TS_SRC/samples/okta-hub/logs" && for w in "event_name = 'CreateAccountAssignment' ORDER BY time_ms" "event_name = 'CreateAccountAssignment' ORDER BY +time_ms" "event_name IN ('CreateAccountAssignment', 'DeleteAccountAssignment') ORDER BY time_ms" "event_name IN ('CreateAccountAssignment', 'DeleteAccountAssignment') ORDER BY +time_ms" "event_source = 'sso.amazonaws.com' AND event_name IN ('CreateAccountAssignment', 'DeleteAccountAssignment') ORDER BY time_ms"; do trailsift query -f csv "EXPLAIN QUERY PLAN SELECT event_time FROM events WHERE $w" | grep -o 'SCAN e USING INDEX event_key\|SCAN e$\|SEARCH e USING INDEX [a-z_]*'; trailsift query -f csv "SELECT id FROM events WHERE $w" | tr '\n' ' '; echo; done
SCAN e USING INDEX event_key
id 359 1006 
SEARCH e USING INDEX event_name
id 359 1006 
SCAN e USING INDEX event_key
id 359 1005 1006 
SEARCH e USING INDEX event_name
id 359 1005 1006 
SEARCH e USING INDEX event_name
id 359 1005 1006 

# the rules engine's query, ordered by time_ms: a where of event_name
# alone reads every event, with event_source it seeks (so the engine
# sorts what an index finds instead, up to 200,000 events:
# test_engine_where_sorts)
$ for w in "event_name = 'ConsoleLogin'" "event_source = 'signin.amazonaws.com' AND event_name = 'ConsoleLogin'"; do trailsift query -f csv "EXPLAIN QUERY PLAN SELECT * FROM events WHERE ($w) AND +time_ms BETWEEN 0 AND 9999999999999 ORDER BY time_ms, event_id" | grep -o 'SCAN e USING INDEX event_key\|SCAN e$\|SEARCH e USING INDEX [a-z_]*'; done
SCAN e USING INDEX event_key
SEARCH e USING INDEX event_name

# LIKE or GLOB on principal_arn reads every event; the ARNs looked up in
# str first, as an IN list, seek (the pattern's fixed start in str's
# index, then event_principal), and find the same events.  A pattern on
# the session part finds a user's events under every role.
$ P="arn:aws:sts::123456789012:assumed-role/prod-ingest-lambda-role/"; U="arn:aws:sts::*:assumed-role/*/ada.lindgren@example.com"; for w in "principal_arn GLOB '$P*'" "principal_arn IN (SELECT s FROM str WHERE s GLOB '$P*')" "principal_arn IN (SELECT s FROM str WHERE s GLOB '$U')"; do trailsift query -f csv "EXPLAIN QUERY PLAN SELECT count(*) FROM events WHERE $w" | grep -o 'SCAN e$\|SEARCH e USING INDEX [a-z_]*\|SEARCH str USING COVERING INDEX sqlite_autoindex_str_1 ([^)]*)' | tr '\n' ' '; trailsift query -f csv "SELECT count(*) AS n FROM events WHERE $w" | tail -1; done; trailsift query -f csv "SELECT count(*) AS n FROM events WHERE session_name = 'ada.lindgren@example.com'"
SCAN e 109
SEARCH str USING COVERING INDEX sqlite_autoindex_str_1 (s>? AND s<?) SEARCH e USING INDEX event_principal 109
SEARCH str USING COVERING INDEX sqlite_autoindex_str_1 (s>? AND s<?) SEARCH e USING INDEX event_principal 5
n
5

# a file's events: no index on source_id, but the file looked up first
# in source (through source_path, on path_key) leaves integers to
# compare, with the same events as source_path
$ F="(SELECT path FROM sources WHERE kind = 'events' ORDER BY n_indexed DESC, path LIMIT 1)"; K="SELECT id FROM source WHERE path_key = path_key($F) AND path = $F"; trailsift query -f csv "EXPLAIN QUERY PLAN SELECT count(*) FROM events WHERE source_id IN ($K)" | grep -o 'SCAN e$\|SEARCH source USING INDEX source_path (path_key=?)'; trailsift query -f csv "SELECT (SELECT count(*) FROM events WHERE source_id IN ($K)) AS by_id, (SELECT count(*) FROM events WHERE source_id IN (SELECT id FROM sources WHERE path = $F)) AS by_scan, (SELECT count(*) FROM events WHERE source_path = $F) AS by_path"
SCAN e
SEARCH source USING INDEX source_path (path_key=?)
by_id,by_scan,by_path
12,12,12
