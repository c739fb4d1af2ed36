# record(ID) in `trailsift query`: the event's original bytes, as `show`
# prints them (for lookup-events input, the decoded CloudTrailEvent), so
# that nested fields can be read with SQLite's JSON functions.

$ trailsift ingest -q "$TS_SRC/tests/data/ingest/records.json" && trailsift ingest -q -d l.db "$TS_SRC/tests/data/ingest/lookup-events.json" && for db in trailsift.db l.db; do for id in $(trailsift query -d $db -f csv "SELECT event_id FROM events ORDER BY id" | sed 1d); do trailsift show -d $db "$id" | head -c -1 > r.txt; trailsift query -d $db -f csv "SELECT record(id) = ?1 AS same, length(record(id)) > 100 AS long FROM events WHERE event_id = ?2" @r.txt "$id" | sed 1d; done | sort | uniq -c | sed "s/^ */$db: /"; done
trailsift.db: 3 1,1
l.db: 3 1,1

$ trailsift query -f csv "SELECT event_name, json_extract(record(id), '$.userIdentity.type') AS identity_type, json_extract(record(id), '$.requestParameters.groupId') IS NOT NULL AS has_group FROM events ORDER BY id LIMIT 3"
event_name,identity_type,has_group
CreateGroupMembership,AssumedRole,1
GetObject,IAMUser,0
AssumeRole,AWSService,0

# NULL for NULL and for an id with no event; an event_id is refused
$ trailsift query -f csv "SELECT record(NULL) IS NULL AS a, record(999999) IS NULL AS b"
a,b
1,1

$ trailsift query "SELECT record(event_id) FROM events"
record(event_id)
----------------
trailsift: query: record() takes an event's id (the id column of events), not its event_id
[exit 1]
