# report memberships: regressions of the membership replay and of its
# md form.  The events are in tests/data/memberships/ (its README says
# what each file holds).

# review 2, finding 12: md has one section per group name, compared
# whole: a group named "aws-admins<newline>aws-break-glass" does not
# hide the section of the group named aws-break-glass
$ mkdir md && cd md && trailsift ingest -q "$TS_SRC/tests/data/memberships/md-sections.jsonl" && trailsift report memberships --no-store -f md | sed -n '/^## Memberships/,$p' | grep -e '^###' -e '^| g-'
### aws-admins aws-break-glass
| g-1       |        | u-1        | 2025-01-02T10:02:00Z | maria@example.com | cli        |         |             |              | true | logs        | d-1234567890 | \["c0de0703-0000-4000-8000-000000000703"\] |
### aws-break-glass
| g-2       |        | u-2        | 2025-01-02T10:03:00Z | maria@example.com | cli        |         |             |              | true | logs        | d-1234567890 | \["c0de0704-0000-4000-8000-000000000704"\] |

# review 2, finding 2: list-group-memberships for g-1 only, with
# list-groups naming g-1 and g-2: g-1 is reconciled (u-2, open in the
# logs and not listed, was removed unseen), g-2 is not (u-1 stays a
# member: its memberships were never listed)
$ mkdir one && cd one && trailsift ingest -q "$TS_SRC/tests/data/memberships/one-group-listed/logs.jsonl" && trailsift ingest -q --captured-at 2025-06-01T00:00:00Z "$TS_SRC/tests/data/memberships/one-group-listed/side" && trailsift report memberships --no-store -f csv | cut -d, -f1,2,4,5,8,11,12
group,group_id,member_id,added,removed,open,known_from
aws-admins,g-2,u-1,2025-01-10T10:01:00Z,,true,logs
aws-break-glass,g-1,u-1,2025-01-10T10:00:00Z,,true,logs+snapshot
aws-break-glass,g-1,u-2,2025-01-10T10:02:00Z,between 2025-01-10T10:02:00Z and 2025-06-01T00:00:00Z,false,logs+snapshot

# review 2, finding 5: a snapshot captured after --until does not apply.
# Without --until, the listing of 2025-06-01 ends u-1's membership of
# g-1 unseen and shows u-3 in g-1 since before the logs...
$ mkdir until && cd until && trailsift ingest -q "$TS_SRC/tests/data/memberships/until/logs.jsonl" && trailsift ingest -q --captured-at 2025-06-01T00:00:00Z "$TS_SRC/tests/data/memberships/until/side" && trailsift report memberships --no-store -f csv | cut -d, -f2,4,5,8,11,12
group_id,member_id,added,removed,open,known_from
g-1,u-1,2025-01-10T10:00:00Z,between 2025-01-10T10:00:00Z and 2025-06-01T00:00:00Z,false,logs+snapshot
g-1,u-3,before the logs,,true,snapshot
g-2,u-2,2025-04-15T10:00:00Z,,true,logs+snapshot

# ... with --until 2025-03-01 the window ends before it: u-1 is still a
# member, and neither u-3 nor u-2 (who joined on 2025-04-15) is one
$ cd until && trailsift report memberships --no-store -f csv --until 2025-03-01 | cut -d, -f2,4,5,8,11,12
group_id,member_id,added,removed,open,known_from
g-1,u-1,2025-01-10T10:00:00Z,,true,logs

# review 2, finding 9: u-4, removed on 2025-04-01 and never added in the
# logs, was a member since before them; the logs begin on 2025-01-10, so
# before that day the membership is only possible, after it certain
$ mkdir before && cd before && trailsift ingest -q "$TS_SRC/tests/data/memberships/before-logs.jsonl" && trailsift report memberships --no-store -f csv --as-of 2019-01-01 | cut -d, -f2,4,5,6,9
group_id,member_id,status,added,removed
g-1,u-4,possible,before the logs,2025-04-01T10:00:00Z

$ cd before && trailsift report memberships --no-store --as-of 2019-01-01 | head -n 2
as of: 2019-01-01T23:59:59.999Z
members then: 0 certain, 1 possible

$ cd before && trailsift report memberships --no-store -f csv --as-of 2025-01-10T10:00:00Z | cut -d, -f2,4,5,6,9
group_id,member_id,status,added,removed
g-1,u-1,member,2025-01-10T10:00:00Z,
g-1,u-4,member,before the logs,2025-04-01T10:00:00Z

# review 2, finding 3: IAM renames are followed.  devs is renamed
# developers (UpdateGroup newGroupName) and carl carl.x (UpdateUser
# newUserName): each keeps one history under its latest name; a new
# group then takes the name devs and has a history of its own.  The
# IAM listing of 2025-06-01 names them as they are then.
$ mkdir iam && cd iam && trailsift ingest -q "$TS_SRC/tests/data/memberships/iam-rename/logs.jsonl" && trailsift ingest -q --captured-at 2025-06-01T00:00:00Z "$TS_SRC/tests/data/memberships/iam-rename/side" && trailsift report memberships --no-store -f csv | cut -d, -f1,3,5,8,11,12
group,member,added,removed,open,known_from
developers,bob,2025-01-02T11:00:00Z,2025-01-04T11:00:00Z,false,logs
developers,carl.x,2025-01-05T11:00:00Z,,true,logs+snapshot
devs,dana,2025-01-07T11:01:00Z,,true,logs+snapshot

# the JSON rows keep the former names
$ cd iam && trailsift report memberships --no-store -f json --member carl.x | grep -o -e '"group":{[^}]*}' -e '"member":{[^}]*}'
"group":{"account":"111122223333","former_names":["devs"],"id":"developers","kind":"iam","name":"developers"}
"member":{"former_names":["carl"],"id":"carl.x","name":"carl.x"}

# --group and --member match a former name too: devs is both the
# renamed group's former name and the new group's name
$ cd iam && trailsift report memberships --no-store -f csv --group DEVS | cut -d, -f1,3
group,member
developers,bob
developers,carl.x
devs,dana

$ cd iam && trailsift report memberships --no-store -f csv --member carl | cut -d, -f1,3
group,member
developers,carl.x

# review 2, finding 13: Identity Center renames (identitystore
# UpdateGroup setting displayName) are followed: g-1, created
# payments-old, is reported as payments-admins.  g-2's description
# update is no change of the replay, and its rename in August hides the
# new name (HIDDEN_DUE_TO_SECURITY_REASONS): it keeps the last name seen
$ mkdir ic && cd ic && trailsift ingest -q "$TS_SRC/tests/data/memberships/ic-rename.jsonl" && trailsift report memberships --no-store | sed -n '4,5p'
group ops: 3 changes (cli 3), 1 of members
group payments-admins: 3 changes (cli 3), 1 of members

$ cd ic && trailsift report memberships --no-store -f csv --group payments-admins | cut -d, -f1-4
group,group_id,member,member_id
payments-admins,g-1,,u-1

$ cd ic && trailsift report memberships --no-store -f csv --group payments-old | cut -d, -f1-4
group,group_id,member,member_id
payments-admins,g-1,,u-1

$ cd ic && trailsift report memberships --no-store -f json --group g-1 | grep -o '"group":{[^}]*}'
"group":{"former_names":["payments-old"],"id":"g-1","kind":"identitycenter","name":"payments-admins","store":"d-1234567890"}

# review 4, finding 3: IAM groups of one name in two accounts are two
# groups: group_in, md sections and the summary tell them apart
$ mkdir two && cd two && trailsift ingest -q "$TS_SRC/tests/data/memberships/iam-two-accounts.json" && trailsift report memberships --no-store -f csv | cut -d, -f1,3,11,13
group,member,open,group_in
admins,bob,true,111122223333
admins,bob,false,444455556666

$ cd two && trailsift report memberships --no-store -f md | grep -e '^###' -e '^| admins' -e '^| group admins'
| group admins (111122223333) | 1 change (cli 1) |
| group admins (444455556666) | 2 changes (cli 2) |
### admins (111122223333)
| admins    | bob    | bob        | 2025-03-01T10:00:00Z | Alice     | cli        |         |             |              | true | logs        | 111122223333 | \["d2000000-0000-4000-8000-000000000001"\] |
### admins (444455556666)
| admins    | bob    | bob        | 2025-03-01T11:00:00Z | Alice     | cli        | 2025-03-02T11:00:00Z | Alice       | cli          | false | logs        | 444455556666 | \["d2000000-0000-4000-8000-000000000002","d2000000-0000-4000-8000-000000000003"\] |

# review 4 (samples), finding 2: a removal after --as-of that names no
# member may have ended memberships of then that no row shows: the
# summary says so, instead of a list that looks complete (how many is
# unknown: one hidden SCIM call may remove many)
$ mkdir asof && cd asof && cp "$TS_SRC/rules/identity/memberships.test/events.jsonl" . && trailsift ingest -q events.jsonl && trailsift report memberships --no-store --as-of 2025-04-01 | head -3
as of: 2025-04-01T23:59:59.999Z
members then: 2 certain, 1 possible
members then, maybe more: 1 later removal names no member: the list may be incomplete

# review 4 (samples): --group and --member select rows; the summary
# above them is of the whole report, and says so
$ cd two && trailsift report memberships --no-store --group admins --member bob | head -n 2
rows: only those of --group admins and --member bob; the summary and the findings are of the whole report
groups: 2 (0 IAM Identity Center, 2 IAM)

# review (memberships), defect 1: u-1, added to g-1 by the console (no
# membership id), then a DeleteGroupMembership of an id never seen, then
# a CreateGroupMembership of u-1 in g-1, which fails for a member
# already in: the first membership ended unseen before the re-add, and
# the re-add starts a second one, with its channel
$ mkdir readd && cd readd && trailsift ingest -q "$TS_SRC/tests/data/memberships/readd.jsonl" && trailsift report memberships --no-store -f csv | cut -d, -f2,4,5,7,8,11,12
group_id,member_id,added,added_via,removed,open,known_from
g-1,u-1,2025-01-02T10:00:00Z,console,between 2025-01-02T10:00:00Z and 2025-03-01T10:00:00Z,false,logs
g-1,u-1,2025-03-01T10:00:00Z,cli,,true,logs

# ... in the gap it is only possibly a member
$ cd readd && trailsift report memberships --no-store --as-of 2025-02-15 | head -n 2
as of: 2025-02-15T23:59:59.999Z
members then: 0 certain, 1 possible

# ... and a finding has the re-add as evidence
$ cd readd && trailsift report memberships --no-store -f json --findings | grep -o '"message":"1 membership open in the logs was added again[^"]*","evidence":\[[^]]*\]' | grep -o 'evidence.*'
evidence":["c0de0762-0000-4000-8000-000000000762"]

# without the re-add, the removal nobody can attribute may still have
# ended that membership: after it, --as-of said "1 certain"; it is
# possible (the console add gave no membership id); before it, certain
$ mkdir unread && cd unread && head -n 2 "$TS_SRC/tests/data/memberships/readd.jsonl" > two.jsonl && trailsift ingest -q two.jsonl && trailsift report memberships --no-store --as-of 2025-02-15 | head -n 2 && trailsift report memberships --no-store --as-of 2025-01-15 | head -n 2 && trailsift report memberships --no-store -f csv --as-of 2025-02-15 | cut -d, -f2,4,5
as of: 2025-02-15T23:59:59.999Z
members then: 0 certain, 1 possible
as of: 2025-01-15T23:59:59.999Z
members then: 1 certain, 0 possible
group_id,member_id,status
g-1,u-1,possible
