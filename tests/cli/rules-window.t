# issue 6: rules run --since/--until.  The window limits the events
# each() sees, with or without a where, and is ctx.since/ctx.until.

$ cp "$TS_SRC/tests/data/ingest/records.json" . && cp -R "$TS_SRC/tests/data/rules" . && chmod -R u+w rules && trailsift ingest -q records.json

$ trailsift rules run --no-store --rules rules/window -f json window.all window.seen
{"rule_id":"window.all","severity":"info","time":null,"subject":null,"message":"3 events","evidence":[],"data":null}
{"rule_id":"window.seen","severity":"info","time":null,"subject":null,"message":"3 events: CreateGroupMembership GetObject AssumeRole","evidence":[],"data":{"since":"none","until":"none"}}

$ trailsift rules run --no-store --rules rules/window -f json --since 2025-10-08T18:31:00Z window.all window.seen
{"rule_id":"window.all","severity":"info","time":null,"subject":null,"message":"2 events","evidence":[],"data":null}
{"rule_id":"window.seen","severity":"info","time":null,"subject":null,"message":"2 events: GetObject AssumeRole","evidence":[],"data":{"since":1759948260000,"until":"none"}}

# --until is inclusive: a time to the second takes in that second
$ trailsift rules run --no-store --rules rules/window -f json --until 2025-10-08T18:31:02Z window.all window.seen
{"rule_id":"window.all","severity":"info","time":null,"subject":null,"message":"2 events","evidence":[],"data":null}
{"rule_id":"window.seen","severity":"info","time":null,"subject":null,"message":"2 events: CreateGroupMembership GetObject","evidence":[],"data":{"since":"none","until":1759948262999}}

# a date alone: --until takes in the whole day
$ trailsift rules run --no-store --rules rules/window -f json --since 2025-10-08 --until 2025-10-08 window.seen
{"rule_id":"window.seen","severity":"info","time":null,"subject":null,"message":"3 events: CreateGroupMembership GetObject AssumeRole","evidence":[],"data":{"since":1759881600000,"until":1759967999999}}

$ trailsift rules run --no-store --rules rules/window -f json --since 2025-10-09 window.all
{"rule_id":"window.all","severity":"info","time":null,"subject":null,"message":"0 events","evidence":[],"data":null}

$ trailsift rules run --no-store --rules rules/window window.param
trailsift: rules: window.param: rules/window/param.lua:6: where: parameters are not allowed (where is fixed SQL; read ctx.args in each or use ctx:query)
rule_id  severity  time  subject  message  evidence  data
-------  --------  ----  -------  -------  --------  ----
[exit 3]

$ trailsift rules run --no-store --rules rules/window window.numbered
trailsift: rules: window.numbered: rules/window/numbered.lua:9: where: parameters are not allowed (where is fixed SQL; read ctx.args in each or use ctx:query)
rule_id  severity  time  subject  message  evidence  data
-------  --------  ----  -------  -------  --------  ----
[exit 3]

$ trailsift rules run --since 2025-10-09 --until 2025-10-08 window.all
trailsift: rules: --since is after --until
...
[exit 2]

$ trailsift rules run --since yesterday window.all
trailsift: rules: --since: 'yesterday' is not a time (use ISO 8601, e.g. 2024-01-31 or 2024-01-31T12:00:00Z)
...
[exit 2]
