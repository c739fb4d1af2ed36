# Queries over the events view that stay fast on a year of logs: the
# plans SQLite picks, not timings.

# An ingest gathers the planner's statistics on event_name (sqlite_stat1)
# the first time, so that event_name alone, without event_source, seeks
# through the (event_source, event_name) index instead of reading every
# event.
$ trailsift ingest -q "$TS_SRC/samples/okta-hub/logs" && trailsift query -f csv "SELECT tbl, idx, stat FROM sqlite_stat1" && trailsift query -f csv "EXPLAIN QUERY PLAN SELECT count(*) FROM events WHERE event_name = 'CreateGroupMembership'" | grep -c 'USING INDEX event_name (ANY(event_source) AND event_name=?)'
tbl,idx,stat
event,event_name,1623 125 44
1

# again only when the events have doubled since: 2666 is not yet twice
# 1623, 5357 is
$ trailsift ingest -q "$TS_SRC/samples/entra-jml/logs" && trailsift query -f csv "SELECT max(id) AS events, stat FROM event, sqlite_stat1"; trailsift ingest -q "$TS_SRC/samples/broken-scim/logs" && trailsift query -f csv "SELECT max(id) AS events, stat FROM event, sqlite_stat1"
events,stat
2666,1623 125 44
events,stat
5357,4660 292 71

# IN lists and ORs over the indexed text columns look their strings up
# first and then the events through an index (schema version 4: the view
# joins str with inner joins for those columns, an absent value being
# str's row 0)
$ for w in "event_name IN ('CreateGroupMembership', 'DeleteGroupMembership')" "event_name = 'CreateGroupMembership' OR event_name = 'DeleteGroupMembership'" "account IN ('111122223333', '444455556666')" "principal_arn IN ('arn:aws:iam::111122223333:user/nobody', 'x')"; do trailsift query -f csv "EXPLAIN QUERY PLAN SELECT count(*) FROM events WHERE $w" | grep -o 'SCAN e$\|SEARCH e USING INDEX [a-z_]*'; done
SEARCH e USING INDEX event_name
SEARCH e USING INDEX event_name
SEARCH e USING INDEX event_account
SEARCH e USING INDEX event_principal

# and find what the slow way finds; an absent value is still NULL
$ trailsift query -f csv "SELECT (SELECT count(*) FROM events WHERE event_name IN ('CreateGroupMembership', 'DeleteGroupMembership')) AS fast, (SELECT count(*) FROM events WHERE event_name || '' IN ('CreateGroupMembership', 'DeleteGroupMembership')) AS slow, (SELECT count(*) FROM events WHERE error_code IS NULL) AS no_error, (SELECT count(*) FROM event WHERE error_code = 0) AS zero_ids, (SELECT count(*) FROM events WHERE error_code IS NOT NULL) AS errors, (SELECT count(*) FROM events) AS events"
fast,slow,no_error,zero_ids,errors,events
179,179,4583,4583,77,4660

# only those four joins are inner: the others are outer joins, which
# SQLite leaves out where a query does not use their column (it never
# leaves out an inner join: sixteen made a self-join of the view on
# principal_arn over 300k events take 40 s instead of 0.2)
$ trailsift query -f csv "EXPLAIN QUERY PLAN SELECT id, error_code FROM events" | grep -o 'SEARCH [a-z_]*' | sort
SEARCH s_acct
SEARCH s_ecode
SEARCH s_name
SEARCH s_parn
SEARCH s_src
