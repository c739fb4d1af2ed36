# Provisioning channels the reviewer found wrong
# (tests/data/report/channels.jsonl, written by gen-channels.sh; see the
# README.md there).

# review defect 3: a SCIM client on a fixed schedule is not Entra ID.
# JumpCloud's agent daily at 02:00 (111122223333), python-requests every
# 2 hours (444455556666) and an agent that names nothing every 4 hours
# (123456789012): their gaps are whole 40-minute cycles, but whole hours
# too, and that is a clock, not Entra's grid.  An agent naming another
# client is never scim-entra, even on Entra's grid (210987654321), and a
# call with no agent is not scim-entra for being timed with Okta's
# (111111111111).  Entra's own grid, 1, 2, 4, 5... cycles apart, is.
# Timing is judged per bearer token (adversarial review): in
# 333344445555 calls off the grid under a token of someone's own are
# scim, and do not spoil the engine's grid under its token.
$ trailsift ingest -q "$TS_SRC/tests/data/report/channels.jsonl" && trailsift report provisioning --no-store -f csv | cut -d, -f1-4
account,channel,events,attempts
111111111111,scim,1,0
111111111111,scim-okta,7,0
111122223333,scim,42,0
123456789012,scim,13,0
210987654321,scim,1,0
210987654321,scim-entra,12,0
222222222222,aws-service,1,0
222222222222,console,1,0
222222222222,unknown,2,0
333344445555,scim,5,0
333344445555,scim-entra,11,0
444455556666,scim,12,0

$ trailsift report provisioning --no-store | grep '^SCIM timing'
SCIM timing: 111111111111 scim (0 of 0 gaps between 1 bursts are whole 40-minute cycles, 0 of them not whole hours)
SCIM timing: 123456789012 scim (12 of 12 gaps between 13 bursts are whole 40-minute cycles, 0 of them not whole hours)
SCIM timing: 210987654321 scim-entra (11 of 11 gaps between 12 bursts are whole 40-minute cycles, 8 of them not whole hours)
SCIM timing: 333344445555 scim-entra (token ABCDEFGHIJKLMNOPQRST: 10 of 10 gaps between 11 bursts are whole 40-minute cycles, 8 of them not whole hours; token OTHERTOKEN0000000001: 0 of 4 gaps between 5 bursts are whole 40-minute cycles, 0 of them not whole hours)

# ... and two tokens in use at once in one account get a finding: an
# identity provider uses one, and the other may be someone's own
$ trailsift report provisioning --no-store -f json --findings | grep -o -e 'under two bearer tokens at once: [^"]*' -e '"severity":"medium","time":"[^"]*","subject":"333344445555"'
"severity":"medium","time":"2025-03-01T11:09:37Z","subject":"333344445555"
under two bearer tokens at once: OTHERTOKEN0000000001 from 2025-03-01T11:09:37Z (5 changes) while ABCDEFGHIJKLMNOPQRST, in use since 2025-03-01T09:00:00Z, goes on to 2025-03-01T20:20:19Z; an identity provider uses one token, so the other may be someone's own

# review defect 4: "AWS Internal" on a person's session (an
# AWSReservedSSO session, an IAM user) without console-session
# credentials is not a service acting for itself: unknown.  With them it
# is the console; on a service's role it is still aws-service.
$ trailsift report provisioning --no-store -f json | grep '"account":"222222222222"' | sed 's/.*"actors":\(\[[^]]*\]\).*"channel":"\([^"]*\)".*/\2 \1/'
aws-service ["AWSServiceRoleForSSO"]
console ["user01@example.com"]
unknown ["alice","user00@example.com"]

# the memberships report says the same: added_via and removed_via
$ trailsift report memberships --no-store -f csv | cut -d, -f2,4-10
group_id,member_id,added,added_by,added_via,removed,removed_by,removed_via
admins,bob,2025-03-02T10:10:00Z,alice,unknown,,,
admins,carol,2025-03-02T10:15:00Z,AWSServiceRoleForSSO,aws-service,,,
g-0002,u-0004,2025-03-02T10:00:00Z,user00@example.com,unknown,,,
g-0002,u-0005,2025-03-02T10:05:00Z,user01@example.com,console,,,
g-111111111111,u-0003,before 2025-03-07T10:00:00Z,,,2025-03-08T10:00:00Z,,scim
g-111122223333,u-0001,before 2025-03-14T02:00:07Z,,,2025-03-14T02:00:14Z,,scim
g-210987654321,u-0002,before 2025-03-01T21:40:00Z,,,2025-03-01T22:20:12Z,,scim-entra

# ... and the generator's truth agrees: the bench scenario's
# administrators change groups with "AWS Internal" and no console
# credentials, which truth/changes.jsonl calls unknown
$ trailsift-gen --scenario bench --seed 1 --events 20000 --out bench >/dev/null && trailsift ingest -q -d bench.db bench/logs && trailsift report provisioning -d bench.db --no-store -f json > bench-prov.jsonl && trailsift query -d bench.db -f csv @"$TS_SRC/tests/data/truth/provisioning.sql" @bench/truth/changes.jsonl @bench-prov.jsonl
side,account,channel,events,attempts,first,last,actors,sample

$ trailsift report memberships -d bench.db --no-store -f json > bench-mem.jsonl && trailsift query -d bench.db -f csv @"$TS_SRC/tests/data/truth/memberships.sql" @bench/truth/memberships.jsonl @bench-mem.jsonl
side,gid,kind,uid,added_time,added_channel,added_by,added_id,removed_time,removed_channel,removed_by,removed_id,open
