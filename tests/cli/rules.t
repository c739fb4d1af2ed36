# issue 5: trailsift rules list, help and run.  The rules under
# tests/data/rules/ run on the three events of records.json.

$ cp "$TS_SRC/tests/data/ingest/records.json" . && cp -R "$TS_SRC/tests/data/rules" . && chmod -R u+w rules && trailsift ingest -q records.json

# the built-in example rules
$ trailsift rules list
id                                  title                                     tags
----------------------------------  ----------------------------------------  ----------------------------
examples.console-login-without-mfa  Console sign-in without MFA               example identity
examples.root-account-usage         Root user activity per account            example identity
identity.memberships                Group membership history                  identity report.memberships
identity.provisioning               How identity changes reached AWS          identity report.provisioning
identity.stale-access               Access still held by disabled identities  identity report.stale

$ trailsift rules list -f json --rules rules/api api
{"id":"api.columns","title":"Columns and records","tags":"api"}
{"id":"api.ctx","title":"ctx in each and finish","tags":"api"}
{"id":"api.lib","title":"ts library","tags":"api"}
{"id":"api.stale","title":"Events expire","tags":"api"}

$ trailsift rules list 'identity and not example'
id                     title                                     tags
---------------------  ----------------------------------------  ----------------------------
identity.memberships   Group membership history                  identity report.memberships
identity.provisioning  How identity changes reached AWS          identity report.provisioning
identity.stale-access  Access still held by disabled identities  identity report.stale

$ trailsift rules help examples.root-account-usage
examples.root-account-usage -- Root user activity per account
.
severity: high
tags:     example identity
file:     rules/examples/root-account-usage.lua
.
  Counts the calls made with the root user's credentials in each account
  (calls AWS services made on the root user's behalf, with invokedBy set,
  are left out) and reports one finding per account with at least
  min_calls of them: how many, which operations, first and last time.
.
arguments (--arg examples.root-account-usage.NAME=VALUE):
  min_calls (number, default 1): report accounts with at least this many root calls
.
events (where):
  principal_type = 'Root'
  AND coalesce(event_type, '') <> 'AwsServiceEvent'
.
sample finding (from rules/examples/root-account-usage.test/expected.jsonl):
  {"rule_id":"examples.root-account-usage","severity":"high","time":"2025-10-08T08:15:00Z","subject":"111122223333","message":"root user made 3 calls over 5m","evidence":["7a3c9e21-0000-4000-8000-000000000001","7a3c9e21-0000-4000-8000-000000000002","7a3c9e21-0000-4000-8000-000000000003"],"data":{"calls":3,"events_in_account":6,"first":"2025-10-08T08:15:00Z","last":"2025-10-08T08:20:00Z","operations":["ec2.amazonaws.com:DescribeInstances","iam.amazonaws.com:CreateAccessKey","signin.amazonaws.com:ConsoleLogin"]}}

$ trailsift rules help no.such.rule
trailsift: rules: no rule 'no.such.rule' ('trailsift rules list' shows them)
usage: trailsift rules list [--rules DIR]... [-f FORMAT] [EXPR]...
       trailsift rules help [--rules DIR]... ID
       trailsift rules run [-d DB] [--rules DIR]... [--select EXPR]...
                           [--arg ID.NAME=VALUE]... [-f FORMAT] [--no-store]
                           [--since TIME] [--until TIME] [LIMITS] [EXPR]...
       trailsift rules test [--rules DIR]... [--lib] [--update] [LIMITS]
                            [ID|FILE.lua]...
[exit 2]

# every piece of the API: e's columns and record, ctx, ts, modules
$ trailsift rules run --rules rules/api -f json --select 'api.*' --arg api.ctx.label=hello --arg api.ctx.limit=2.5 --arg api.ctx.loud=yes
{"rule_id":"api.columns","severity":"info","time":"2025-10-08T18:30:50Z","subject":"960c4b3b-667c-085a-69d5-288231a4c54a","message":"identitystore.amazonaws.com CreateGroupMembership at 2025-10-08T18:30:50Z (row 1)","evidence":["960c4b3b-667c-085a-69d5-288231a4c54a"],"data":{"account":"111122223333","bytes":"absent","error_code":"none","key":null,"missing_is_nil":true,"principal":"arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_admin_0123456789abcdef/jdoe","read_only":0,"read_only_type":"boolean","record_no":1,"request_id":"bb7a3659-1425-eeb0-a668-f3b1a734a1bf","resources":0,"response_is_null":false,"same_table":true,"source":"records.json","time_ms":1759948250000,"ua_command":"identitystore.create-group-membership","ua_product":"aws-cli","version":"1.11"}}
{"rule_id":"api.columns","severity":"info","time":"2025-10-08T18:31:02Z","subject":"a1b2c3d4-5678-90ab-cdef-000000000002","message":"s3.amazonaws.com GetObject at 2025-10-08T18:31:02Z (row 2)","evidence":["a1b2c3d4-5678-90ab-cdef-000000000002"],"data":{"account":"111122223333","bytes":"integer","error_code":"AccessDenied","key":"café/résumé \"final\".pdf","missing_is_nil":true,"principal":"arn:aws:iam::111122223333:user/Alice","read_only":1,"read_only_type":"boolean","record_no":2,"request_id":"EXAMPLE8J2M6ZK4T","resources":1,"response_is_null":true,"same_table":true,"source":"records.json","time_ms":1759948262000,"ua_command":"s3.cp","ua_product":"aws-cli","version":"1.08"}}
{"rule_id":"api.columns","severity":"info","time":"2025-10-08T18:31:05Z","subject":"a1b2c3d4-5678-90ab-cdef-000000000003","message":"sts.amazonaws.com AssumeRole at 2025-10-08T18:31:05Z (row 3)","evidence":["a1b2c3d4-5678-90ab-cdef-000000000003"],"data":{"account":"111122223333","bytes":"absent","error_code":"none","key":null,"missing_is_nil":true,"principal":null,"read_only":1,"read_only_type":"boolean","record_no":3,"request_id":"c0ffee00-0000-4000-8000-000000000003","resources":1,"response_is_null":false,"same_table":true,"source":"records.json","time_ms":1759948265000,"ua_command":null,"ua_product":"ec2.amazonaws.com","version":"1.08"}}
api.ctx: saw GetObject a1b2c3d4-5678-90ab-cdef-000000000002
api.ctx: saw AssumeRole a1b2c3d4-5678-90ab-cdef-000000000003
{"rule_id":"api.ctx","severity":"medium","time":"2025-10-08T18:31:05Z","subject":"hello","message":"2 read-only events, last a1b2c3d4-5678-90ab-cdef-000000000003","evidence":[],"data":{"count":3,"limit":2.5,"limit_type":"float","loud":true,"names":["GetObject!","AssumeRole"],"rule":"api.ctx"}}
{"rule_id":"api.ctx","severity":"low","time":null,"subject":null,"message":"no time, no subject","evidence":["a1b2c3d4-5678-90ab-cdef-000000000003"],"data":null}
{"rule_id":"api.ctx","severity":"low","time":null,"subject":null,"message":"explicitly no time","evidence":[],"data":null}
api.lib: lib done: 42
api.lib: print goes to stderr	1	true
{"rule_id":"api.lib","severity":"info","time":null,"subject":null,"message":"hello from my.helper, lib","evidence":[],"data":{"decode_error":"nil: offset 7: expected '\"' to start an object key","encoded":"{\"a\":[3,2,1],\"m\":{\"y\":null},\"z\":1}","float_type":"float","floats":"[0.1,2.0,1e+300,-0.0]","formatted":"2025-10-08T18:30:50.500Z","int_type":"integer","not_a_time":true,"null_is_sentinel":true,"null_text":"null","parsed":1759948250500,"role":"R","roundtrip":"{\"a\":\"xé\",\"b\":[1,2.5,null,true],\"n\":null}","same_module":true,"version_is_string":true}}
{"rule_id":"api.stale","severity":"info","time":null,"subject":null,"message":"stale e","evidence":[],"data":{"dot_call":"false: rules/api/stale.lua:19: call it as ctx:finding(...), with a colon","evidence":"false: this event is no longer valid: e may be used only during the each() call that received it (keep e.event_id or other fields instead)","field_typo":"rules/api/stale.lua:12: e.evnet_name: no such field (the fields of e are the columns of the events view, and record)","finding_typo":"false: ctx:finding: unknown field 'mesage' (fields: subject, message, severity, time, evidence, data)","later":"event (no longer valid)","read":"false: rules/api/stale.lua:15: this event is no longer valid: e may be used only during the each() call that received it (keep e.event_id or other fields instead)","tostring":"event a1b2c3d4-5678-90ab-cdef-000000000002","write":"rules/api/stale.lua:11: events are read-only (keep your own values in ctx.state)"}}

# the same defaults and types without --arg
$ trailsift rules run --rules rules/api -f json api.ctx | head -n 1
{"rule_id":"api.ctx","severity":"medium","time":"2025-10-08T18:31:05Z","subject":"none","message":"2 read-only events, last a1b2c3d4-5678-90ab-cdef-000000000003","evidence":[],"data":{"count":3,"limit":10,"limit_type":"integer","loud":false,"names":["GetObject!","AssumeRole"],"rule":"api.ctx"}}

# --arg errors are usage errors
$ trailsift rules run --rules rules/api --arg api.ctx.limit=lots api.ctx
trailsift: rules: --arg api.ctx.limit: 'lots' is not a number
usage: trailsift rules list [--rules DIR]... [-f FORMAT] [EXPR]...
       trailsift rules help [--rules DIR]... ID
       trailsift rules run [-d DB] [--rules DIR]... [--select EXPR]...
                           [--arg ID.NAME=VALUE]... [-f FORMAT] [--no-store]
                           [--since TIME] [--until TIME] [LIMITS] [EXPR]...
       trailsift rules test [--rules DIR]... [--lib] [--update] [LIMITS]
                            [ID|FILE.lua]...
[exit 2]

# a number too large for a double reads as inf, which is no number
$ trailsift rules run --no-store --rules rules/api --arg api.ctx.limit=1e400 api.ctx 2>&1 | head -n 1
trailsift: rules: --arg api.ctx.limit: '1e400' is not a number

$ trailsift rules run --rules rules/api --arg api.ctx.loud=maybe api.ctx
trailsift: rules: --arg api.ctx.loud: 'maybe' is not a boolean (true/false, yes/no, on/off, 1/0)
usage: trailsift rules list [--rules DIR]... [-f FORMAT] [EXPR]...
       trailsift rules help [--rules DIR]... ID
       trailsift rules run [-d DB] [--rules DIR]... [--select EXPR]...
                           [--arg ID.NAME=VALUE]... [-f FORMAT] [--no-store]
                           [--since TIME] [--until TIME] [LIMITS] [EXPR]...
       trailsift rules test [--rules DIR]... [--lib] [--update] [LIMITS]
                            [ID|FILE.lua]...
[exit 2]

$ trailsift rules run --rules rules/api --arg api.ctx.colour=red api.ctx
trailsift: rules: --arg 'api.ctx.colour=red': rule api.ctx has no argument 'colour' (it has: label, limit, loud)
usage: trailsift rules list [--rules DIR]... [-f FORMAT] [EXPR]...
       trailsift rules help [--rules DIR]... ID
       trailsift rules run [-d DB] [--rules DIR]... [--select EXPR]...
                           [--arg ID.NAME=VALUE]... [-f FORMAT] [--no-store]
                           [--since TIME] [--until TIME] [LIMITS] [EXPR]...
       trailsift rules test [--rules DIR]... [--lib] [--update] [LIMITS]
                            [ID|FILE.lua]...
[exit 2]

$ trailsift rules run --rules rules/api --arg no.rule.x=1 api.ctx
trailsift: rules: --arg 'no.rule.x=1': no rule 'no.rule'
usage: trailsift rules list [--rules DIR]... [-f FORMAT] [EXPR]...
       trailsift rules help [--rules DIR]... ID
       trailsift rules run [-d DB] [--rules DIR]... [--select EXPR]...
                           [--arg ID.NAME=VALUE]... [-f FORMAT] [--no-store]
                           [--since TIME] [--until TIME] [LIMITS] [EXPR]...
       trailsift rules test [--rules DIR]... [--lib] [--update] [LIMITS]
                            [ID|FILE.lua]...
[exit 2]

$ trailsift rules run --rules rules/api --arg api.ctx api.ctx
trailsift: rules: --arg 'api.ctx': expected RULE-ID.NAME=VALUE
usage: trailsift rules list [--rules DIR]... [-f FORMAT] [EXPR]...
       trailsift rules help [--rules DIR]... ID
       trailsift rules run [-d DB] [--rules DIR]... [--select EXPR]...
                           [--arg ID.NAME=VALUE]... [-f FORMAT] [--no-store]
                           [--since TIME] [--until TIME] [LIMITS] [EXPR]...
       trailsift rules test [--rules DIR]... [--lib] [--update] [LIMITS]
                            [ID|FILE.lua]...
[exit 2]

# selection: tags, ids, patterns, and, or, not, parentheses
$ trailsift rules list --rules rules/api --rules rules/budget '(api or budget.good) and not api.lib'
id           title                    tags
-----------  -----------------------  ------
api.columns  Columns and records      api
api.ctx      ctx in each and finish   api
api.stale    Events expire            api
budget.good  Well within its budgets  budget

$ trailsift rules list --rules rules/api 'api and'
trailsift: rules: 'api and': expected a rule id or tag at the end
usage: trailsift rules list [--rules DIR]... [-f FORMAT] [EXPR]...
       trailsift rules help [--rules DIR]... ID
       trailsift rules run [-d DB] [--rules DIR]... [--select EXPR]...
                           [--arg ID.NAME=VALUE]... [-f FORMAT] [--no-store]
                           [--since TIME] [--until TIME] [LIMITS] [EXPR]...
       trailsift rules test [--rules DIR]... [--lib] [--update] [LIMITS]
                            [ID|FILE.lua]...
[exit 2]

$ trailsift rules list --rules rules/api 'nosuchtag'
trailsift: rules: no rule id or tag matches 'nosuchtag'
usage: trailsift rules list [--rules DIR]... [-f FORMAT] [EXPR]...
       trailsift rules help [--rules DIR]... ID
       trailsift rules run [-d DB] [--rules DIR]... [--select EXPR]...
                           [--arg ID.NAME=VALUE]... [-f FORMAT] [--no-store]
                           [--since TIME] [--until TIME] [LIMITS] [EXPR]...
       trailsift rules test [--rules DIR]... [--lib] [--update] [LIMITS]
                            [ID|FILE.lua]...
[exit 2]

# without a selection: the rules tagged default, or all when none is but
# the report rules (tagged report.NAME: `trailsift report` runs them, and
# their rows are no alerts; they printed 211 lines on broken-scim)
$ trailsift rules run --rules rules/fixtures --no-store -f csv | cut -d, -f1 | uniq
rule_id
fixtures.fail
fixtures.pass

# once a rule is tagged default, only those run by default
$ trailsift rules run --rules rules/default --no-store -f csv
rule_id,severity,time,subject,message,evidence,data
default.chosen,info,,,ran by default,[],

$ trailsift rules run --rules rules/default --no-store -f csv default.other examples.root-account-usage
rule_id,severity,time,subject,message,evidence,data
default.other,info,,,ran because selected,[],

# deterministic: the same index and rules give the same bytes
$ trailsift rules run --rules rules/api -f json api.columns api.lib > a.json 2>/dev/null && trailsift rules run --rules rules/api -f json api.columns api.lib > b.json 2>/dev/null && cmp a.json b.json && wc -l < a.json
4

$ for f in table md csv; do trailsift rules run --rules rules/api -f $f api.columns > a.$f && trailsift rules run --rules rules/api -f $f api.columns > b.$f && cmp a.$f b.$f && echo "$f same"; done
table same
md same
csv same

# CSV output defuses cells a spreadsheet would run as formulas
$ trailsift rules run --rules rules/csv -f csv csv.formula
rule_id,severity,time,subject,message,evidence,data
csv.formula,high,,"'=HYPERLINK(""http://example.com/x"",""click"")","'+1+cmd|' /C calc'!A0",[],"{""note"":""@SUM(1)""}"
csv.formula,high,,"'-2","plain, with ""quotes""",[],

# findings are stored: one run row per `rules run`, and a new run of a
# rule replaces that rule's earlier findings
$ trailsift query "SELECT kind, command, status FROM run WHERE kind = 'rules' ORDER BY id"
kind   command                                                                                                                                status
-----  -------------------------------------------------------------------------------------------------------------------------------------  ------
rules  trailsift rules run --rules rules/api -f json --select api.* --arg api.ctx.label=hello --arg api.ctx.limit=2.5 --arg api.ctx.loud=yes  ok
rules  trailsift rules run --rules rules/api -f json api.ctx                                                                                  ok
rules  trailsift rules run --rules rules/api -f json api.columns api.lib                                                                      ok
rules  trailsift rules run --rules rules/api -f json api.columns api.lib                                                                      ok
rules  trailsift rules run --rules rules/api -f table api.columns                                                                             ok
rules  trailsift rules run --rules rules/api -f table api.columns                                                                             ok
rules  trailsift rules run --rules rules/api -f md api.columns                                                                                ok
rules  trailsift rules run --rules rules/api -f md api.columns                                                                                ok
rules  trailsift rules run --rules rules/api -f csv api.columns                                                                               ok
rules  trailsift rules run --rules rules/api -f csv api.columns                                                                               ok
rules  trailsift rules run --rules rules/csv -f csv csv.formula                                                                               ok

$ trailsift query "SELECT rule_id, count(*) AS n, min(run_id) AS first_run, max(run_id) AS last_run FROM findings GROUP BY rule_id ORDER BY rule_id"
rule_id      n  first_run  last_run
-----------  -  ---------  --------
api.columns  3         11        11
api.ctx      3          3         3
api.lib      1          5         5
api.stale    1          2         2
csv.formula  2         12        12

$ trailsift query -f csv "SELECT rule_id, severity, time, subject, message FROM findings WHERE rule_id = 'csv.formula'"
rule_id,severity,time,subject,message
csv.formula,high,,"'=HYPERLINK(""http://example.com/x"",""click"")","'+1+cmd|' /C calc'!A0"
csv.formula,high,,"'-2","plain, with ""quotes"""

# --no-store prints without storing (the index may be read-only)
$ chmod a-w . trailsift.db && trailsift rules run --no-store --rules rules/api -f csv api.lib; chmod u+w . trailsift.db
api.lib: lib done: 42
api.lib: print goes to stderr	1	true
rule_id,severity,time,subject,message,evidence,data
api.lib,info,,,"hello from my.helper, lib",[],"{""decode_error"":""nil: offset 7: expected '\""' to start an object key"",""encoded"":""{\""a\"":[3,2,1],\""m\"":{\""y\"":null},\""z\"":1}"",""float_type"":""float"",""floats"":""[0.1,2.0,1e+300,-0.0]"",""formatted"":""2025-10-08T18:30:50.500Z"",""int_type"":""integer"",""not_a_time"":true,""null_is_sentinel"":true,""null_text"":""null"",""parsed"":1759948250500,""role"":""R"",""roundtrip"":""{\""a\"":\""xé\"",\""b\"":[1,2.5,null,true],\""n\"":null}"",""same_module"":true,""version_is_string"":true}"

$ trailsift rules run --rules rules/api api.lib
api.lib: lib done: 42
api.lib: print goes to stderr	1	true
rule_id  severity  time  subject  message                    evidence  data
-------  --------  ----  -------  -------------------------  --------  ----------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------
api.lib  info                     hello from my.helper, lib  []        {"decode_error":"nil: offset 7: expected '\"' to start an object key","encoded":"{\"a\":[3,2,1],\"m\":{\"y\":null},\"z\":1}","float_type":"float","floats":"[0.1,2.0,1e+300,-0.0]","formatted":"2025-10-08T18:30:50.500Z","int_type":"integer","not_a_time":true,"null_is_sentinel":true,"null_text":"null","parsed":1759948250500,"role":"R","roundtrip":"{\"a\":\"xé\",\"b\":[1,2.5,null,true],\"n\":null}","same_module":true,"version_is_string":true}

# no index
$ trailsift rules run -d nothing.db
trailsift: nothing.db: No such file or directory (run 'trailsift ingest' first, or name the index with -d)
[exit 1]

# usage
$ trailsift rules
trailsift: rules: no subcommand given
usage: trailsift rules list [--rules DIR]... [-f FORMAT] [EXPR]...
       trailsift rules help [--rules DIR]... ID
       trailsift rules run [-d DB] [--rules DIR]... [--select EXPR]...
                           [--arg ID.NAME=VALUE]... [-f FORMAT] [--no-store]
                           [--since TIME] [--until TIME] [LIMITS] [EXPR]...
       trailsift rules test [--rules DIR]... [--lib] [--update] [LIMITS]
                            [ID|FILE.lua]...
[exit 2]

$ trailsift rules frobnicate
trailsift: rules: unknown subcommand 'frobnicate'
usage: trailsift rules list [--rules DIR]... [-f FORMAT] [EXPR]...
       trailsift rules help [--rules DIR]... ID
       trailsift rules run [-d DB] [--rules DIR]... [--select EXPR]...
                           [--arg ID.NAME=VALUE]... [-f FORMAT] [--no-store]
                           [--since TIME] [--until TIME] [LIMITS] [EXPR]...
       trailsift rules test [--rules DIR]... [--lib] [--update] [LIMITS]
                            [ID|FILE.lua]...
[exit 2]

$ trailsift rules list --lib
trailsift: rules: option '--lib' does not apply to 'rules list'
usage: trailsift rules list [--rules DIR]... [-f FORMAT] [EXPR]...
       trailsift rules help [--rules DIR]... ID
       trailsift rules run [-d DB] [--rules DIR]... [--select EXPR]...
                           [--arg ID.NAME=VALUE]... [-f FORMAT] [--no-store]
                           [--since TIME] [--until TIME] [LIMITS] [EXPR]...
       trailsift rules test [--rules DIR]... [--lib] [--update] [LIMITS]
                            [ID|FILE.lua]...
[exit 2]

# review 4 (a rule author), finding 11: the option is named, not its value
$ trailsift rules list -d r.db 2>&1 | head -1; trailsift rules test --since 2024-01-01 2>&1 | head -1
trailsift: rules: option '--db' does not apply to 'rules list'
trailsift: rules: option '--since' does not apply to 'rules test'

$ trailsift rules run --max-memory 0
trailsift: rules: --max-memory needs a positive number
usage: trailsift rules list [--rules DIR]... [-f FORMAT] [EXPR]...
       trailsift rules help [--rules DIR]... ID
       trailsift rules run [-d DB] [--rules DIR]... [--select EXPR]...
                           [--arg ID.NAME=VALUE]... [-f FORMAT] [--no-store]
                           [--since TIME] [--until TIME] [LIMITS] [EXPR]...
       trailsift rules test [--rules DIR]... [--lib] [--update] [LIMITS]
                            [ID|FILE.lua]...
[exit 2]

$ trailsift rules list --rules no-such-dir
trailsift: rules: --rules no-such-dir: No such file or directory
usage: trailsift rules list [--rules DIR]... [-f FORMAT] [EXPR]...
       trailsift rules help [--rules DIR]... ID
       trailsift rules run [-d DB] [--rules DIR]... [--select EXPR]...
                           [--arg ID.NAME=VALUE]... [-f FORMAT] [--no-store]
                           [--since TIME] [--until TIME] [LIMITS] [EXPR]...
       trailsift rules test [--rules DIR]... [--lib] [--update] [LIMITS]
                            [ID|FILE.lua]...
[exit 2]

# review 4 (a rule author), finding 12: a small budget is for each and
# finish; loading the rule files, selected or not, is not charged to it
$ trailsift ingest -q -d budget.db "$TS_SRC/tests/data/ingest/records.json" && trailsift rules run -d budget.db --no-store --max-instructions 1000 -f csv examples.root-account-usage; echo "exit $?"
rule_id,severity,time,subject,message,evidence,data
exit 0
