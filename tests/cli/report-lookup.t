# issue 6: an Event-history export (`aws cloudtrail lookup-events`, the
# last 90 days, one account at a time) gives the same classification as
# the trail's delivery files for the same events.  The exports are built
# from samples/broken-scim by tests/data/lookup-export.sh: the identity
# services' records of the Identity Center account and of the account of
# the identity-governance tool, verbatim, in the CLI's wrapper.

$ trailsift ingest -q -d files.db "$TS_SAMPLES/broken-scim/logs" && for a in 111122223333 444455556666; do sh "$TS_SRC/tests/data/lookup-export.sh" files.db $a 2025-08-01T19:48:33Z > lookup-$a.json || exit 1; done && trailsift ingest -q -d lookup.db lookup-111122223333.json lookup-444455556666.json && trailsift query -d lookup.db -f csv "SELECT format, count(*) AS n FROM sources GROUP BY 1"
format,n
lookup-events,2

$ trailsift report provisioning -d files.db --no-store -f json --since 2025-08-01T19:48:33Z | grep -e '"account":"111122223333"' -e '"account":"444455556666"' > files.jsonl && trailsift report provisioning -d lookup.db --no-store -f json > lookup.jsonl && cmp files.jsonl lookup.jsonl && cut -d, -f1-7 lookup.jsonl
{"account":"111122223333","actors":["maria.hernandez@example.com","tomasz.nowak@example.com"],"attempted_by":[],"attempts":0,"changes":{"membership-add":6,"membership-remove":3}
{"account":"111122223333","actors":["maria.hernandez@example.com"],"attempted_by":[],"attempts":0,"changes":{"membership-add":1},"channel":"cloudshell","events":1
{"account":"111122223333","actors":["maria.hernandez@example.com"],"attempted_by":[],"attempts":0,"changes":{"membership-add":2,"user-delete":1},"channel":"console"
{"account":"444455556666","actors":["sailpoint-read-write"],"attempted_by":[],"attempts":0,"changes":{"membership-add":9,"membership-remove":4},"channel":"iga-sdk"
