# report stale on small cases, one directory of tests/data/stale each
# (see its README.md).

# review 2, finding 4: a list-account-assignments listing is complete for
# its account and permission set: an assignment the logs leave open that
# it lacks was removed unseen, by the capture time (so it is still held
# just before it, and no more after)
$ trailsift ingest -q -d listing.db "$TS_SRC/tests/data/stale/listing/logs.jsonl" && trailsift ingest -q -d listing.db --captured-at 2025-06-01T09:00:00Z "$TS_SRC/tests/data/stale/listing/side" && trailsift report stale -d listing.db --no-store -f csv --as-of 2025-06-02
identity,identity_id,disabled,how,access,group,account,permission_set,days_stale,severity,evidence
,33333333-3333-3333-3333-000000000002,2025-04-01T10:00:00Z,cli:DisableUser,group-membership,44444444-4444-4444-4444-000000000002,,,62,high,"[""c0de0602-0000-4000-8000-000000000602"",""c0de0604-0000-4000-8000-000000000604""]"

$ trailsift report stale -d listing.db --no-store -f csv --as-of 2025-05-31 | cut -d, -f2,5,7
identity_id,access,account
33333333-3333-3333-3333-000000000002,account-assignment,444455556666
33333333-3333-3333-3333-000000000002,group-membership,

# review 5, finding 4: --as-of takes a time as --until does, the basic
# form of a date too (20250531 was its midnight, so that day's changes
# were left out), and a time to the minute is that whole minute
$ for t in 20250531 2025-05-31 2025-05-31T12:00 20250531T1200Z; do trailsift report stale -d listing.db --no-store --as-of $t | head -n 1; trailsift report memberships -d listing.db --no-store --as-of $t | head -n 1; done
as of: 2025-05-31T23:59:59.999Z
as of: 2025-05-31T23:59:59.999Z
as of: 2025-05-31T23:59:59.999Z
as of: 2025-05-31T23:59:59.999Z
as of: 2025-05-31T12:00:59.999Z
as of: 2025-05-31T12:00:59.999Z
as of: 2025-05-31T12:00:59.999Z
as of: 2025-05-31T12:00:59.999Z

# review 2, finding 5: with --until, listings captured after the window
# tell nothing of it: the assignment they show is not held at --until
# (group ...02, from the membership listing, is ts.membership's part)
$ trailsift ingest -q -d until.db "$TS_SRC/tests/data/stale/until/logs.jsonl" && trailsift ingest -q -d until.db --captured-at 2025-06-01T00:00:00Z "$TS_SRC/tests/data/stale/until/side" && trailsift report stale -d until.db --no-store -f csv --until 2025-03-01 | grep -v group-membership
identity,identity_id,disabled,how,access,group,account,permission_set,days_stale,severity,evidence

# review 2, finding 1: a user in no group, known to the logs only by its
# account assignment and its disablement, is reported; with the export
# both users match by id, and ...07, disabled only upstream, is a leaver
$ trailsift ingest -q -d direct.db "$TS_SRC/tests/data/stale/direct/logs.jsonl" && trailsift report stale -d direct.db --no-store -f csv
identity,identity_id,disabled,how,access,group,account,permission_set,days_stale,severity,evidence
,33333333-3333-3333-3333-000000000006,2025-02-02T10:00:00Z,cli:DisableUser,account-assignment,,444455556666,arn:aws:sso:::permissionSet/ssoins-1111222233334444/ps-1111111111111111,118,high,"[""c0de0623-0000-4000-8000-000000000623"",""c0de0621-0000-4000-8000-000000000621""]"

$ trailsift report stale -d direct.db --no-store -f csv --disabled "$TS_SRC/tests/data/stale/direct/export.csv" | cut -d, -f2-5
identity_id,disabled,how,access
33333333-3333-3333-3333-000000000006,2025-02-02T10:00:00Z,cli:DisableUser,account-assignment
33333333-3333-3333-3333-000000000007,2025-03-01T00:00:00Z,upstream:entra,account-assignment

$ trailsift report stale -d direct.db --no-store -f csv --disabled "$TS_SRC/tests/data/stale/direct/export.csv" --findings | cut -d, -f1-5
rule_id,severity,time,subject,message
identity.stale-access,high,2025-03-01T00:00:00Z,33333333-3333-3333-3333-000000000007,"33333333-3333-3333-3333-000000000007 left: disabled in export.csv on 2025-03-01T00:00:00Z

# review 5, findings 1 and 2: a header and values with spaces around
# them, "Account Status" for a state column, a state value that says
# neither (counted as enabled, and a finding says so), an identity listed
# both ways; Okta's own JSON, its login under profile.  ...07 ACTIVE is
# no leaver; DEPROVISIONED, it is
$ printf 'userId, Account Status, statusChanged\n33333333-3333-3333-3333-000000000007 , ACTIVE, 2025-03-01T00:00:00Z\n33333333-3333-3333-3333-000000000009, On leave,\n33333333-3333-3333-3333-000000000008, Terminated,\n33333333-3333-3333-3333-000000000008, Active,\n' > spaces.csv && trailsift report stale -d direct.db --no-store --disabled spaces.csv | grep -e '^export' -e '^leavers' -e 'upstream' -e '^medium'; printf '[{"id":"00u1","status":"DEPROVISIONED","statusChanged":"2025-03-01T00:00:00.000Z","profile":{"login":"33333333-3333-3333-3333-000000000007","email":"x@example.com"}}]' > okta.json && trailsift report stale -d direct.db --no-store -f csv --disabled okta.json | cut -d, -f2-5; trailsift report stale -d direct.db --no-store --disabled okta.json | grep '^export'
export of disabled identities: spaces.csv: 4 rows, list export; columns used: userId (identity), Account Status (state), statusChanged (date)
leavers never deprovisioned in AWS: 0
medium   1 row of spaces.csv says neither enabled nor disabled in Account Status, and counts as enabled: 'On leave' (1)
medium   1 identity is listed both disabled and enabled in spaces.csv, and counts as disabled: 33333333-3333-3333-3333-000000000008
identity_id,disabled,how,access
33333333-3333-3333-3333-000000000006,2025-02-02T10:00:00Z,cli:DisableUser,account-assignment
33333333-3333-3333-3333-000000000007,2025-03-01T00:00:00Z,upstream:okta,account-assignment
export of disabled identities: okta.json: 1 rows, okta export; columns used: profile.login, profile.email, id (identity), status (state), statusChanged (date)

# review 5, findings 3 and 6: with --since, memberships and stale
# access say that what came before is not seen (provisioning counts a
# window, and says nothing); --group with no row under --as-of is not
# called a typo
$ for r in stale memberships provisioning; do trailsift report $r -d direct.db --no-store --since 2025-02-10 2>&1 >/dev/null; done; trailsift report memberships -d listing.db --no-store --as-of 2025-01-01 --group 44444444-4444-4444-4444-000000000002 2>&1 >/dev/null
trailsift: report: stale: events before 2025-02-10T00:00:00Z are not read, so memberships granted and identities disabled before it are not seen (leave --since out to replay the whole history)
trailsift: report: memberships: events before 2025-02-10T00:00:00Z are not read, so memberships granted and identities disabled before it are not seen (leave --since out to replay the whole history)
trailsift: report: --group '44444444-4444-4444-4444-000000000002' matches no row of the report as of 2025-01-01 (none held then, or no such name: ids exactly, names in any case)

# review 5, finding 7: a rule that replaces a report's rule without its
# tag is named as the reason
$ mkdir -p ovr && echo 'return rule { id = "identity.memberships", title = "x", severity = "info", finish = function(ctx) end }' > ovr/m.lua && trailsift report memberships -d direct.db --rules ovr --no-store 2>&1 | head -n 2
trailsift: rules: ovr/m.lua: rule 'identity.memberships' replaces the built-in rule (rules/identity/memberships.lua)
trailsift: report: no rule is tagged 'report.memberships': a rule that replaces a report's rule must keep its tag 'report.memberships' (see trailsift-rules(7))

# an empty export, as Graph writes it ({"value": []}) or as a bare list,
# lists no identity: zero rows, not an error
$ printf '{"@odata.context":"x","value":[]}\n' > graph-empty.json && printf '[]' > empty.json && for f in graph-empty.json empty.json; do trailsift report stale -d direct.db --no-store --disabled $f | grep -e '^export' -e '^leavers'; done
export of disabled identities: graph-empty.json: 0 rows, list export; columns used: none (an empty list)
leavers never deprovisioned in AWS: 0
export of disabled identities: empty.json: 0 rows, list export; columns used: none (an empty list)
leavers never deprovisioned in AWS: 0

# review 5, finding 10: one page of a Graph listing (it links to the
# next) was read as the whole export, silently
$ printf '{"@odata.nextLink":"https://graph.microsoft.com/v1.0/users?$skiptoken=X","value":[{"userId":"33333333-3333-3333-3333-000000000008","accountEnabled":false}]}\n' > page.json && trailsift report stale -d direct.db --no-store --disabled page.json --findings -f csv | grep -c 'one page of a longer listing'
1

# review 2, finding 6: an export row naming an e-mail two users share
# reports both, the same on every run (Lua seeds its string hashes per
# state, so nothing may depend on the order of pairs()), and a finding
# says the export cannot tell which one left
$ trailsift ingest -q -d shared.db "$TS_SRC/tests/data/stale/shared/logs.jsonl" && trailsift ingest -q -d shared.db --captured-at 2025-06-01T00:00:00Z "$TS_SRC/tests/data/stale/shared/side" && for i in 1 2 3 4 5 6 7 8; do trailsift report stale -d shared.db --no-store -f csv --disabled "$TS_SRC/tests/data/stale/shared/export.csv" | cut -d, -f1,2,5; done | sort | uniq -c | sed 's/^ *//'
8 identity,identity_id,access
8 jdoe,33333333-3333-3333-3333-000000000008,group-membership
8 jdoe2,33333333-3333-3333-3333-000000000009,group-membership

$ trailsift report stale -d shared.db --no-store -f csv --disabled "$TS_SRC/tests/data/stale/shared/export.csv" --findings | grep -v 'no deprovisioning'
rule_id,severity,time,subject,message,evidence,data
identity.stale-access,medium,,,"1 disabled row of export.csv names several identities by an identifier they share, and the export cannot tell which one left: each is reported as disabled; check them: j.doe@example.com: jdoe (33333333-3333-3333-3333-000000000008), jdoe2 (33333333-3333-3333-3333-000000000009)",[],"{""shared"":[{""identities"":[""33333333-3333-3333-3333-000000000008"",""33333333-3333-3333-3333-000000000009""],""row"":""j.doe@example.com""}]}"

# review 2, finding 10: an index of snapshots alone is reported as of the
# latest capture, and says so; an index holding neither says why it
# reports nothing
$ trailsift ingest -q -d side.db --captured-at 2025-06-01T00:00:00Z "$TS_SRC/tests/data/stale/shared/side" && trailsift report stale -d side.db --no-store --disabled "$TS_SRC/tests/data/stale/shared/export.csv" | sed -n '1p; /^-/,/^$/p'
as of: 2025-06-01T00:00:00Z (the latest snapshot: the index holds no event)
--------  ------------------------------------  --------------------  -------------  ----------------  ------------------------------------  -------  --------------  ----------  --------  --------
jdoe      33333333-3333-3333-3333-000000000008  2025-03-01T00:00:00Z  upstream:list  group-membership  44444444-4444-4444-4444-000000000001                           92          high      []
jdoe2     33333333-3333-3333-3333-000000000009  2025-03-01T00:00:00Z  upstream:list  group-membership  44444444-4444-4444-4444-000000000001                           92          high      []
.

$ trailsift ingest -q -d empty.db /dev/null && trailsift report stale -d empty.db --no-store
as of: none: the index holds no event and no snapshot
.
identity  identity_id  disabled  how  access  group  account  permission_set  days_stale  severity  evidence
--------  -----------  --------  ---  ------  -----  -------  --------------  ----------  --------  --------
.
0 findings

# report stale runs the membership replay on the events it reads
# (membership.EVENTS): renames too.  devs, renamed developers, is named
# by its new name; bob, who left it before he was disabled, holds
# nothing; nor does carl, who left it after his rename (as carl.x); hal,
# renamed hal.y in it, is disabled under his new name, and holds it; an
# Identity Center group renamed (identitystore UpdateGroup) has its new
# name
$ trailsift ingest -q -d group-rename.db "$TS_SRC/tests/data/stale/group-rename/logs.jsonl" && trailsift report stale -d group-rename.db --no-store -f csv | cut -d, -f1,2,5,6,7
identity,identity_id,access,group,account
,33333333-3333-3333-3333-000000000010,group-membership,payments-admins,
gina,gina,group-membership,developers,111122223333
hal.y,hal.y,group-membership,developers,111122223333

# an IAM user renamed (UpdateUser newUserName) is one user across the
# rename, as in report memberships: dana, disabled then renamed, holds
# ops as dana.old (the new dana, created since, is not disabled); erin's
# disablement, begun before her rename and completed after it, is one;
# frank's login profile, deleted under his new name in the second of
# his rename but first in the file, is deleted after the rename
$ trailsift ingest -q -d user-rename.db "$TS_SRC/tests/data/stale/user-rename/logs.jsonl" && trailsift report stale -d user-rename.db --no-store -f csv | cut -d, -f1-6
identity,identity_id,disabled,how,access,group
dana.old,dana.old,2025-01-10T11:01:00Z,iam:DeleteLoginProfile+UpdateAccessKey,group-membership,ops
erin.k,erin.k,2025-01-12T11:01:00Z,iam:DeleteLoginProfile+UpdateAccessKey,group-membership,ops
frank.b,frank.b,2025-01-13T11:00:00Z,iam:DeleteLoginProfile+UpdateAccessKey,group-membership,ops

# the JSON rows name the former names, of the identity and of the group
$ trailsift report stale -d user-rename.db --no-store -f json | grep -o '"identity":{[^}]*}'
"identity":{"former_names":["dana"],"id":"dana.old","name":"dana.old"}
"identity":{"former_names":["erin"],"id":"erin.k","name":"erin.k"}
"identity":{"former_names":["frank"],"id":"frank.b","name":"frank.b"}

$ trailsift report stale -d group-rename.db --no-store -f json | grep -o -e '"group":{[^}]*}' -e '"identity":{[^}]*}'
"group":{"former_names":["payments-old"],"id":"44444444-4444-4444-4444-000000000003","name":"payments-admins"}
"identity":{"id":"33333333-3333-3333-3333-000000000010","name":null}
"group":{"former_names":["devs"],"id":"developers","name":"developers"}
"identity":{"id":"gina","name":"gina"}
"group":{"former_names":["devs"],"id":"developers","name":"developers"}
"identity":{"former_names":["hal"],"id":"hal.y","name":"hal.y"}

# review (memberships), defect 2: ...11 (added by AddMemberToGroup, no
# membership id) and ...12 (CreateGroupMembership, id m-0512) are
# disabled, then a DeleteGroupMembership removes an id never seen
# created: both rows stay, and a finding says ...11's may already be
# gone (not ...12's: its id is known), with the removal as evidence
$ trailsift ingest -q -d unattributed.db "$TS_SRC/tests/data/stale/unattributed/logs.jsonl" && trailsift report stale -d unattributed.db --no-store -f csv | cut -d, -f2,5,6,10
identity_id,access,group,severity
33333333-3333-3333-3333-000000000011,group-membership,44444444-4444-4444-4444-000000000005,high
33333333-3333-3333-3333-000000000012,group-membership,44444444-4444-4444-4444-000000000005,high

$ trailsift report stale -d unattributed.db --no-store -f json --findings | grep DeleteGroupMembership | grep -o -e '"severity":"[a-z]*"' -e 'may already be gone' -e 'would tell: [^"]*' -e '"evidence":\[[^]]*\]'
"severity":"low"
may already be gone
would tell: 33333333-3333-3333-3333-000000000011 in 44444444-4444-4444-4444-000000000005
"evidence":["c0de0694-0000-4000-8000-000000000694"]

# ... before the removal, or with a listing taken after it that shows
# both members, nothing is in doubt
$ trailsift report stale -d unattributed.db --no-store --as-of 2025-02-01T10:04:00Z | tail -n 1
0 findings

$ trailsift ingest -q -d unattributed.db --captured-at 2025-03-01T00:00:00Z "$TS_SRC/tests/data/stale/unattributed/side" && trailsift report stale -d unattributed.db --no-store | tail -n 1
0 findings

# A SCIM PatchUser of active whose value the log hides, after a console
# DisableUser, is taken as enabling the user (identity providers send
# active when it changes); but a client sending the state it believes,
# or a crafted call, may have disabled it again: the user left the
# report without a word.  A finding now names the user and both calls.
$ trailsift ingest -q -d flip.db "$TS_SRC/tests/data/stale/flip/logs.jsonl" && trailsift report stale -d flip.db --no-store -f json --findings | grep -o -e '"severity":"[a-z]*"' -e 'check them in the identity provider: [^"]*' -e '"evidence":\[[^]]*\]'
"severity":"medium"
check them in the identity provider: 33333333-3333-3333-3333-000000000013 (disabled 2025-02-01T10:00:00Z by cli:DisableUser, then scim:PatchUser active at 2025-03-01T10:00:00Z)
"evidence":["c0de0697-0000-4000-8000-000000000697","c0de0698-0000-4000-8000-000000000698"]

# review 5, finding 8: from the logs alone (no membership snapshot) the
# report said 0 accesses held, though SCIM had made memberships whose
# member CloudTrail hides: the summary and a medium finding now say that
# those cannot be judged
$ trailsift ingest -q -d logsonly.db "$TS_SRC/samples/okta-hub/logs" && trailsift report stale -d logsonly.db --no-store | sed -n '4p; $p'
memberships not judged: 46 changes in 5 groups name no member (SCIM) and there is no membership snapshot
medium   46 membership changes in 5 groups name no member (SCIM hides it) and the index holds no membership snapshot: the memberships made that way cannot be judged; ingest the output of aws identitystore list-group-memberships to see them
