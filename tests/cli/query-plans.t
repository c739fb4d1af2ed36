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
