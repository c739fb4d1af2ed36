# issue 6: `trailsift report`, the command.  The index holds the fixture
# events of the built-in rule identity.provisioning: one account per
# channel (rules/identity/provisioning.test/).

$ cp "$TS_SRC/rules/identity/provisioning.test/events.jsonl" . && trailsift ingest -q events.jsonl

$ trailsift report provisioning -f csv --since 2025-03-08 --until 2025-03-09
account,channel,events,attempts,first,last,actors,attempted_by,sample_event_id
888888888888,terraform,1,0,2025-03-08T16:00:00Z,2025-03-08T16:00:00Z,terraform-iam-admin,,c0de001f-0000-4000-8000-00000000001f
888888888888,unknown,1,0,2025-03-08T16:10:00Z,2025-03-08T16:10:00Z,eve@example.com,,c0de0020-0000-4000-8000-000000000020
999999999999,cloudformation,1,0,2025-03-09T11:00:00Z,2025-03-09T11:00:00Z,cfn-exec-role,,c0de0021-0000-4000-8000-000000000021

# review 5, finding 11: the table form did not say its window, as md
# does: a count over a window read as one over the whole index
$ trailsift report provisioning --no-store --since 2025-03-08 --until 2025-03-09 | head -n 1; trailsift report provisioning --no-store --since 2025-03-08 | head -n 1; trailsift report provisioning --no-store | head -n 1
window: 2025-03-08T00:00:00Z to 2025-03-09T23:59:59.999Z
window: 2025-03-08T00:00:00Z to the last event
events in the index: 2025-03-03T02:05:25Z to 2025-03-13T13:00:00Z

# one JSON object per row, as the rule built it
$ trailsift report provisioning -f json --since 2025-03-05 --until 2025-03-05
{"account":"222222222222","actors":[],"attempted_by":[],"attempts":0,"changes":{"membership-add":1},"channel":"scim","events":1,"first":"2025-03-05T16:40:07Z","last":"2025-03-05T16:40:07Z","sample_event_id":"c0de0011-0000-4000-8000-000000000011"}
{"account":"555555555555","actors":["maria@example.com"],"attempted_by":["kevin@example.com"],"attempts":1,"changes":{"membership-add":1},"channel":"cli","events":1,"first":"2025-03-05T14:00:00Z","last":"2025-03-05T14:00:00Z","sample_event_id":"c0de0018-0000-4000-8000-000000000018"}

# --findings: the findings instead of the rows; the report is stored
$ trailsift report provisioning -f csv --findings --since 2025-03-13 | cut -d, -f1-4
rule_id,severity,time,subject
identity.provisioning,info,2025-03-13T13:00:00Z,777788889999
identity.provisioning,low,2025-03-05T14:00:00Z,555555555555

$ trailsift query -f csv "SELECT rule_id, count(*) AS n FROM findings GROUP BY 1"
rule_id,n
identity.provisioning,3

$ trailsift query -f csv "SELECT kind, command, status FROM run WHERE kind = 'rules'"
kind,command,status
rules,trailsift report provisioning -f csv --since 2025-03-08 --until 2025-03-09,ok
rules,trailsift report provisioning -f json --since 2025-03-05 --until 2025-03-05,ok
rules,trailsift report provisioning -f csv --findings --since 2025-03-13,ok

# a read-only index: --no-store
$ chmod a-w . events.jsonl trailsift.db && trailsift report provisioning --no-store -f csv --since 2025-03-11 --until 2025-03-11; r=$?; chmod u+w . trailsift.db; exit $r
account,channel,events,attempts,first,last,actors,attempted_by,sample_event_id
210987654321,aws-service,1,0,2025-03-11T00:00:00Z,2025-03-11T00:00:00Z,sso.amazonaws.com,,c0de0023-0000-4000-8000-000000000023

# a rule author's copy replaces the built-in rule; when it fails, exit 3
$ mkdir -p mine && echo 'return rule { id = "identity.provisioning", title = "t", severity = "info", tags = { "report.provisioning" }, finish = function(ctx) error("broken on purpose") end }' > mine/p.lua && trailsift report provisioning --rules mine -f csv
trailsift: rules: mine/p.lua: rule 'identity.provisioning' replaces the built-in rule (rules/identity/provisioning.lua)
trailsift: rules: identity.provisioning: mine/p.lua:1: broken on purpose
...
account,channel,events,attempts,first,last,actors,attempted_by,sample_event_id
[exit 3]

# md: a section per value, in order of first appearance, each with its
# rows in report order; values compare whole ("b" and "b\n" differ:
# the newline is a space in the heading)
$ echo 'return rule { id = "identity.provisioning", title = "t", severity = "info", tags = { "report.provisioning" }, finish = function(ctx) for i, a in ipairs { "b", "a", "b", "", "a", string.char(98, 10) } do ctx:finding{ message = "m", data = { report = "provisioning", row = { account = a, channel = "c" .. i } } } end end }' > mine/p.lua && trailsift report provisioning --rules mine --no-store -f md | sed -n '/^## Per account/,$p' | grep -e '^###' -e '^| c[0-9]' | sed 's/^| \(c[0-9]\) .*/\1/'
trailsift: rules: mine/p.lua: rule 'identity.provisioning' replaces the built-in rule (rules/identity/provisioning.lua)
### b
c1
c3
### a
c2
c5
### (unknown)
c4
### b 
c6

# a finding with 100,000 evidence ids prints in linear time: md and
# table looked each id up by a scan of the whole list, minutes of CPU
# (ulimit -t stops that; 100,000 now take a tenth of a second)
$ echo 'return rule { id = "identity.provisioning", title = "t", severity = "info", tags = { "report.provisioning" }, finish = function(ctx) local ev = {} for i = 1, 100000 do ev[i] = ("e%035d"):format(i) end ctx:finding{ message = "many", evidence = ev } end }' > mine/p.lua && (ulimit -t 20; trailsift report provisioning --rules mine --no-store -f md; trailsift report provisioning --rules mine --no-store) | grep -o -e 'Evidence: `e0*1`' -e 'evidence: e0*1,' -e 'and [0-9]* more'
trailsift: rules: mine/p.lua: rule 'identity.provisioning' replaces the built-in rule (rules/identity/provisioning.lua)
trailsift: rules: mine/p.lua: rule 'identity.provisioning' replaces the built-in rule (rules/identity/provisioning.lua)
Evidence: `e00000000000000000000000000000000001`
and 99995 more
evidence: e00000000000000000000000000000000001,
and 99995 more

# and a summary of 100,000 lines: each entry was looked up by a scan of
# the whole finding
$ echo 'return rule { id = "identity.provisioning", title = "t", severity = "info", tags = { "report.provisioning" }, finish = function(ctx) local s = {} for i = 1, 100000 do s[i] = { "label " .. i, i } end ctx:finding{ message = "s", data = { report = "provisioning", summary = s } } end }' > mine/p.lua && (ulimit -t 20; trailsift report provisioning --rules mine --no-store) | sed -n '1p; 100000p'
trailsift: rules: mine/p.lua: rule 'identity.provisioning' replaces the built-in rule (rules/identity/provisioning.lua)
label 1: 1
label 100000: 100000

# the limits of `rules run` apply to a report's rules: the message a
# rule exceeding one gets names the option, which report takes
$ echo 'return rule { id = "identity.provisioning", title = "t", severity = "info", tags = { "report.provisioning" }, finish = function(ctx) local t = {} for i = 1, 1e7 do t[i] = i .. "" end end }' > mine/p.lua && trailsift report provisioning --rules mine --no-store -f csv --max-memory 8
trailsift: rules: mine/p.lua: rule 'identity.provisioning' replaces the built-in rule (rules/identity/provisioning.lua)
trailsift: rules: identity.provisioning: mine/p.lua:1: memory limit of 8 MiB exceeded (see --max-memory)
...
account,channel,events,attempts,first,last,actors,attempted_by,sample_event_id
[exit 3]

$ echo 'return rule { id = "identity.provisioning", title = "t", severity = "info", tags = { "report.provisioning" }, finish = function(ctx) while true do end end }' > mine/p.lua && trailsift report provisioning --rules mine --no-store -f csv --max-instructions 100000
trailsift: rules: mine/p.lua: rule 'identity.provisioning' replaces the built-in rule (rules/identity/provisioning.lua)
trailsift: rules: identity.provisioning: mine/p.lua:1: instruction budget of 100000 exceeded (see --max-instructions)
...
account,channel,events,attempts,first,last,actors,attempted_by,sample_event_id
[exit 3]

$ trailsift report provisioning --no-store --max-memory 0
trailsift: report: --max-memory needs a positive number
...
[exit 2]

$ trailsift report
trailsift: report: name a report: provisioning, memberships or stale
...
[exit 2]

$ trailsift report nope
trailsift: report: unknown report 'nope' (provisioning, memberships or stale)
...
[exit 2]

$ trailsift report provisioning --group admins
trailsift: report: option '--group' does not apply to 'report provisioning'
...
[exit 2]

$ trailsift report provisioning --since 2025-03-09 --until 2025-03-08
trailsift: report: --since is after --until
...
[exit 2]

$ trailsift report provisioning -d missing.db
trailsift: missing.db: No such file or directory (run 'trailsift ingest' first, or name the index with -d)
[exit 1]

# issue 7: memberships and stale, on the fixture events of their rules
$ mkdir m && cd m && cp "$TS_SRC/rules/identity/memberships.test/events.jsonl" . && trailsift ingest -q events.jsonl && trailsift report memberships -f csv --group ops
group,group_id,member,member_id,added,added_by,added_via,removed,removed_by,removed_via,open,known_from,group_in,evidence
ops,ops,bob,bob,2025-04-09T09:00:00Z,admin,cli,,,,true,logs,444455556666,"[""c0de000b-0000-4000-8000-00000000000b""]"
ops,ops,carol,carol,before the logs,,,2025-04-10T09:00:00Z,admin,cli,false,logs,444455556666,"[""c0de000c-0000-4000-8000-00000000000c""]"

# a site's own provisioning role (renamed so no hint knows it, with its
# own session name) is an SDK script until --arg names it
$ sed 's/sailpoint-read-write/acme-joiner-bot/g; s/aws-go-sdk-1740967519285398470/nightly/g' "$TS_SRC/rules/identity/provisioning.test/events.jsonl" > bot.jsonl && trailsift ingest -q -d bot.db bot.jsonl && trailsift report memberships -d bot.db --no-store -f csv | grep acme | cut -d, -f6-7 && trailsift report memberships -d bot.db --no-store -f csv --arg identity.memberships.iga_roles=acme-joiner-bot | grep acme | cut -d, -f6-7
acme-joiner-bot,sdk-script
acme-joiner-bot,iga-sdk

# --group and --member: ids exactly, names in any case
$ cd m && trailsift report memberships -f csv --group OPS --member Bob
group,group_id,member,member_id,added,added_by,added_via,removed,removed_by,removed_via,open,known_from,group_in,evidence
ops,ops,bob,bob,2025-04-09T09:00:00Z,admin,cli,,,,true,logs,444455556666,"[""c0de000b-0000-4000-8000-00000000000b""]"

# review finding 12: a --group or --member matching no row is most
# likely a typo: a warning on stderr, the (empty) report, exit 0
$ cd m && trailsift report memberships -f csv --group opz --member bob
trailsift: report: --group 'opz' matches no row of the report (ids exactly, names in any case)
group,group_id,member,member_id,added,added_by,added_via,removed,removed_by,removed_via,open,known_from,group_in,evidence

$ cd m && trailsift report memberships -f csv --group ops --member nobody@example.com
trailsift: report: --member 'nobody@example.com' matches no row of the report (ids exactly, names in any case)
group,group_id,member,member_id,added,added_by,added_via,removed,removed_by,removed_via,open,known_from,group_in,evidence

# ... but a group and a member that both exist, never together, are an
# answer: no warning
$ cd m && trailsift report memberships -f csv --group ops --member 22222222-2222-2222-2222-000000000001
group,group_id,member,member_id,added,added_by,added_via,removed,removed_by,removed_via,open,known_from,group_in,evidence

# a CSV row carries its evidence, last: the event ids that trailsift
# show prints (here carol's removal)
$ cd m && trailsift report memberships --no-store -f csv --member carol | tail -n 1 | grep -o 'c0de[0-9a-f-]*' | xargs trailsift show | grep -o '"eventName":"[^"]*"'
"eventName":"RemoveUserFromGroup"

# the md form has a section per group: one without a name is headed by
# its id, so distinct groups never share one "(unknown)" section
$ cd m && trailsift report memberships -f md --no-store | sed -n '/^## Memberships/,$p' | grep -e '^###' -e '^| [0-9o]' | cut -d ' ' -f 1-2
### 11111111-1111-1111-1111-000000000001
| 11111111-1111-1111-1111-000000000001
| 11111111-1111-1111-1111-000000000001
| 11111111-1111-1111-1111-000000000001
### 11111111-1111-1111-1111-000000000002
| 11111111-1111-1111-1111-000000000002
| 11111111-1111-1111-1111-000000000002
| 11111111-1111-1111-1111-000000000002
| 11111111-1111-1111-1111-000000000002
### 11111111-1111-1111-1111-000000000003
| 11111111-1111-1111-1111-000000000003
### ops
| ops
| ops

# --as-of: who was a member then (carol, since before the logs)
$ cd m && trailsift report memberships -f json --group ops --as-of 2025-04-09 | cut -d, -f1-4
{"added":{"by":"admin","channel":"cli","event":"iam:AddUserToGroup","event_id":"c0de000b-0000-4000-8000-00000000000b"
{"added":null,"added_between":{"from":null,"text":"before the logs","to":null}

# review finding 6: with --as-of, table, CSV and Markdown say which
# rows are certain (status member) and which possible, and the summary
# counts both
$ cd m && trailsift report memberships -f csv --as-of 2025-04-01
group,group_id,member,member_id,status,added,added_by,added_via,removed,removed_by,removed_via,open,known_from,group_in,evidence
,11111111-1111-1111-1111-000000000001,,22222222-2222-2222-2222-000000000001,member,2025-04-01T10:00:00Z,maria@example.com,cli,2025-04-02T10:00:00Z,maria@example.com,cli,false,logs,d-1111111111,"[""c0de0001-0000-4000-8000-000000000001"",""c0de0002-0000-4000-8000-000000000002""]"
,11111111-1111-1111-1111-000000000003,,22222222-2222-2222-2222-000000000005,possible,before 2025-04-07T09:00:00Z,,,2025-04-08T09:00:00Z,,scim-okta,false,logs,d-1111111111,"[""c0de000a-0000-4000-8000-00000000000a""]"
ops,ops,carol,carol,member,before the logs,,,2025-04-10T09:00:00Z,admin,cli,false,logs,444455556666,"[""c0de000c-0000-4000-8000-00000000000c""]"

$ cd m && trailsift report memberships --as-of 2025-04-01 | head -n 2
as of: 2025-04-01T23:59:59.999Z
members then: 2 certain, 1 possible

$ cd m && trailsift report memberships -f md --as-of 2025-04-01 | sed -n '/^## Memberships/,$p' | grep -e '^###' -e '^| '
### 11111111-1111-1111-1111-000000000001
| group\_id                            | member | member\_id                           | status | added                | added\_by         | added\_via | removed              | removed\_by       | removed\_via | open  | known\_from | group\_in    | evidence                                                                          |
| ------------------------------------ | ------ | ------------------------------------ | ------ | -------------------- | ----------------- | ---------- | -------------------- | ----------------- | ------------ | ----- | ----------- | ------------ | --------------------------------------------------------------------------------- |
| 11111111-1111-1111-1111-000000000001 |        | 22222222-2222-2222-2222-000000000001 | member | 2025-04-01T10:00:00Z | maria@example.com | cli        | 2025-04-02T10:00:00Z | maria@example.com | cli          | false | logs        | d-1111111111 | \["c0de0001-0000-4000-8000-000000000001","c0de0002-0000-4000-8000-000000000002"\] |
### 11111111-1111-1111-1111-000000000003
| group\_id                            | member | member\_id                           | status   | added                       | added\_by | added\_via | removed              | removed\_by | removed\_via | open  | known\_from | group\_in    | evidence                                   |
| ------------------------------------ | ------ | ------------------------------------ | -------- | --------------------------- | --------- | ---------- | -------------------- | ----------- | ------------ | ----- | ----------- | ------------ | ------------------------------------------ |
| 11111111-1111-1111-1111-000000000003 |        | 22222222-2222-2222-2222-000000000005 | possible | before 2025-04-07T09:00:00Z |           |            | 2025-04-08T09:00:00Z |             | scim-okta    | false | logs        | d-1111111111 | \["c0de000a-0000-4000-8000-00000000000a"\] |
### ops (444455556666)
| group\_id | member | member\_id | status | added           | added\_by | added\_via | removed              | removed\_by | removed\_via | open  | known\_from | group\_in    | evidence                                   |
| --------- | ------ | ---------- | ------ | --------------- | --------- | ---------- | -------------------- | ----------- | ------------ | ----- | ----------- | ------------ | ------------------------------------------ |
| ops       | carol  | carol      | member | before the logs |           |            | 2025-04-10T09:00:00Z | admin       | cli          | false | logs        | 444455556666 | \["c0de000c-0000-4000-8000-00000000000c"\] |

$ cd m && trailsift report memberships --as-of yesterday
trailsift: report: --as-of: 'yesterday' is not a time (use ISO 8601, e.g. 2024-01-31 or 2024-01-31T12:00:00Z)
...
[exit 2]

$ cd m && trailsift report stale --group x
trailsift: report: option '--group' does not apply to 'report stale'
...
[exit 2]

$ cd m && trailsift report stale --disabled missing.csv
trailsift: report: missing.csv: No such file or directory
[exit 1]

# an export without an identifier column: the rule says which columns it
# saw, in one line (ts.fail: no rule file, no traceback)
$ cd m && echo 'name,when' > bad.csv && echo 'x,2025-01-01' >> bad.csv && trailsift report stale -f csv --disabled bad.csv 2>&1 >/dev/null
trailsift: rules: identity.stale-access: bad.csv: no identifier column (such as userPrincipalName, login, email, userName or id) among: name, when
[exit 3]

# saved with ';' (Excel in a European locale): said so, not "no
# identifier column among: userPrincipalName;accountEnabled" (new-user
# review)
$ cd m && printf 'userPrincipalName;accountEnabled\nada@example.com;False\n' > semi.csv && trailsift report stale -f csv --disabled semi.csv 2>&1 >/dev/null
trailsift: rules: identity.stale-access: semi.csv: not comma-separated: the header row is one column split by ';' (userPrincipalName;accountEnabled); save it as CSV with commas
[exit 3]

# an index without identity changes, or without any event, counts 0
# accounts with them, with no list (and no dangling colon) after the 0
$ mkdir none && cd none && trailsift ingest -q "$TS_SRC/rules/examples/root-account-usage.test/events.jsonl" && trailsift ingest -q -d empty.db /dev/null && trailsift report provisioning --no-store | grep '^accounts' && trailsift report provisioning -d empty.db --no-store | grep '^accounts'
accounts in the index: 2
accounts with identity changes: 0
accounts without: 2: 111122223333, 444455556666
accounts in the index: 0
accounts with identity changes: 0
accounts without: 0

# review finding 5: changes by hand are flagged per identity store, not per
# account: SCIM reaches d-1234567890 in the Identity Center account, and
# the delegated administrator's CLI changes to it are flagged too
$ mkdir da && cd da && trailsift ingest -q "$TS_SRC/tests/data/report/delegated-admin.jsonl" && trailsift report provisioning --no-store --findings -f csv | grep 'by hand'
identity.provisioning,medium,2025-04-01T10:00:00Z,444455556666,"3 user, group or membership changes by hand (cli 3) in 444455556666 to identity store d-1234567890, which SCIM also provisions (SCIM calls in 111122223333): SCIM can undo them, and they bypass the identity provider","[""c0de0504-0000-4000-8000-000000000504"",""c0de0505-0000-4000-8000-000000000505"",""c0de0506-0000-4000-8000-000000000506""]","{""scim_accounts"":[""111122223333""],""stores"":[""d-1234567890""]}"

# an eventID is whatever the log says: one holding a backtick and a '|'
# stays a single code span in the md findings (a longer fence), and the
# ids after it stay code spans too
$ mkdir tick && cd tick && sed 's/c0de0504-0000-4000-8000-000000000504/c0de`0504|x/' "$TS_SRC/tests/data/report/delegated-admin.jsonl" > events.jsonl && trailsift ingest -q events.jsonl && trailsift report provisioning --no-store -f md | grep 'by hand' | sed 's/.*Evidence:/Evidence:/'
Evidence: ``c0de`0504|x``, `c0de0505-0000-4000-8000-000000000505`, `c0de0506-0000-4000-8000-000000000506`

# on a terminal an id is escaped as a cell is: an ESC in a forged
# eventID reached the terminal
$ mkdir esc && cd esc && sed 's/c0de0504-0000-4000-8000-000000000504/c0de\\u001b[2J0504/' "$TS_SRC/tests/data/report/delegated-admin.jsonl" > events.jsonl && trailsift ingest -q events.jsonl && trailsift report provisioning --no-store | grep -A1 'by hand' | sed -n 's/.*evidence:/evidence:/p'
evidence: c0de\x1b[2J0504, c0de0505-0000-4000-8000-000000000505, c0de0506-0000-4000-8000-000000000506

# review finding 10: a group name from the logs holding '|', a newline and a tab
# is escaped in the summary and headings as in the rows: one summary
# line, one table row, one heading
$ cd da && trailsift report memberships --no-store -f md | sed -n '/^## Summary/,/^## Findings/p; /^### /p'
## Summary
.
| | |
|---|---|
| groups | 2 (2 IAM Identity Center, 0 IAM) |
| membership intervals | 2, 2 still open |
| known only from a snapshot | 0 |
| group g-0001 | 4 changes (cli 1, scim-okta 3), 3 with hidden members |
| group ops\|admins group x 1 | 2 changes (cli 2), 1 of members |
.
## Findings
### g-0001
### ops\|admins group x 1

$ cd da && trailsift report memberships --no-store | head -n 6
groups: 2 (2 IAM Identity Center, 0 IAM)
membership intervals: 2, 2 still open
known only from a snapshot: 0
group g-0001: 4 changes (cli 1, scim-okta 3), 3 with hidden members
group ops|admins\ngroup x\t1: 2 changes (cli 2), 1 of members
.

# without snapshots (and here without CreatePermissionSet) a group or a
# permission set has no name: its id or ARN stands in, as group_id does
# in report memberships
$ mkdir s && cd s && grep -v '"CreatePermissionSet"' "$TS_SRC/rules/identity/stale-access.test/events.jsonl" > events.jsonl && trailsift ingest -q events.jsonl && trailsift report stale -f csv --no-store | grep -e ^identity -e ^liam
identity,identity_id,disabled,how,access,group,account,permission_set,days_stale,severity,evidence
liam@example.com,22222222-2222-2222-2222-000000000001,2025-02-01T12:00:00Z,console:DisableUser,account-assignment,,210987654321,arn:aws:sso:::permissionSet/ssoins-1111222233334444/ps-2222222222222222,39,high,"[""c0de0010-0000-4000-8000-000000000010"",""c0de000f-0000-4000-8000-00000000000f""]"
liam@example.com,22222222-2222-2222-2222-000000000001,2025-02-01T12:00:00Z,console:DisableUser,account-assignment,11111111-1111-1111-1111-000000000001,123456789012,arn:aws:sso:::permissionSet/ssoins-1111222233334444/ps-1111111111111111,39,high,"[""c0de0010-0000-4000-8000-000000000010"",""c0de000a-0000-4000-8000-00000000000a"",""c0de0009-0000-4000-8000-000000000009""]"
liam@example.com,22222222-2222-2222-2222-000000000001,2025-02-01T12:00:00Z,console:DisableUser,group-membership,11111111-1111-1111-1111-000000000001,,,39,high,"[""c0de0010-0000-4000-8000-000000000010"",""c0de000a-0000-4000-8000-00000000000a""]"

# the md form has a section per identity: one without a name (here no
# CreateUser for liam and scim.user) is headed by its id, so distinct
# identities never share one "(unknown)" section
$ mkdir nameless && cd nameless && grep -v -e c0de0003-0000-4000-8000-000000000003 -e c0de0005-0000-4000-8000-000000000005 "$TS_SRC/rules/identity/stale-access.test/events.jsonl" > events.jsonl && trailsift ingest -q events.jsonl && trailsift report stale -f md --no-store | sed -n '/^## Access/,$p' | grep -e '^###' -e '^| [0-9e]' | cut -d ' ' -f 1-2
### 22222222-2222-2222-2222-000000000001
| 22222222-2222-2222-2222-000000000001
| 22222222-2222-2222-2222-000000000001
| 22222222-2222-2222-2222-000000000001
### 22222222-2222-2222-2222-000000000003
| 22222222-2222-2222-2222-000000000003
| 22222222-2222-2222-2222-000000000003
### 22222222-2222-2222-2222-00000000000b
| 22222222-2222-2222-2222-00000000000b
### etl-batch
| etl-batch
### ext-auditor
| ext-auditor

# an IAM user whose last active key was deleted, not deactivated: "how"
# names DeleteAccessKey, the call that happened
$ mkdir keydel && cd keydel && sed '/c0de0018-0000-4000-8000-000000000018/s/"UpdateAccessKey"/"DeleteAccessKey"/' "$TS_SRC/rules/identity/stale-access.test/events.jsonl" > events.jsonl && trailsift ingest -q events.jsonl && trailsift report stale -f csv --no-store | grep -e ^identity -e ^ext-auditor
identity,identity_id,disabled,how,access,group,account,permission_set,days_stale,severity,evidence
ext-auditor,ext-auditor,2025-02-10T09:02:00Z,iam:DeleteLoginProfile+DeleteAccessKey,group-membership,auditors,444444444444,,30,medium,"[""c0de0017-0000-4000-8000-000000000017"",""c0de0018-0000-4000-8000-000000000018"",""c0de0016-0000-4000-8000-000000000016""]"

# a summary label or value holding a NUL (\u0000, from the logs) is
# printed escaped and keeps its line: labels and values stay paired
$ mkdir nul && cd nul && mkdir z && printf '%s\n' 'return rule { id = "z.sum", title = "NULs", severity = "info", tags = { "report.provisioning" },' '  finish = function(ctx) ctx:finding{ message = "s", data = { report = "provisioning",' '    summary = { { "lab\0el", "val\0ue" }, { "next", "line" } } } } end }' > z/sum.lua && trailsift ingest -q /dev/null && trailsift report provisioning --no-store --rules z | grep -e lab -e next && trailsift report provisioning --no-store --rules z -f md | grep -e lab -e next
lab\x00el: val\x00ue
next: line
| lab\x00el | val\x00ue |
| next | line |

# ... and so is a md section heading: two groups were both "### adm"
$ cd nul && printf '%s\n' 'return rule { id = "identity.memberships", title = "rows", severity = "info", tags = { "report.memberships" },' '  finish = function(ctx) for _, n in ipairs({ "adm\0in", "adm\0xx" }) do' '    ctx:finding{ message = "r", data = { report = "memberships", row = { group = { name = n, id = "g" .. #n }, member = { name = "m", id = "u" }, open = true } } } end end }' > z/m.lua && trailsift report memberships --no-store --rules z -f md | grep '^###'
trailsift: rules: z/m.lua: rule 'identity.memberships' replaces the built-in rule (rules/identity/memberships.lua)
### adm\x00in
### adm\x00xx

# a report rule overridden from --rules DIR with a file that does not
# load: the built-in one does not run in its stead (its rows read as the
# author's), the report fails with the load error, exit 3
$ mkdir ov && printf 'return rule {\n  id = "identity.stale-access", title = "mine", severity = "info", tags = { "report.stale" },\n  finish = function(ctx) syntax error here end,\n}\n' > ov/stale.lua && trailsift report stale --no-store --rules ov
trailsift: rules: ov/stale.lua:3: syntax error near 'error'
trailsift: rules: identity.stale-access: ov/stale.lua did not load, so the rule it replaces (rules/identity/stale-access.lua) does not run either
trailsift: report: no rule id or tag matches 'report.stale' (1 rule file did not load: see above)
[exit 3]
