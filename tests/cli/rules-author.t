# Rules a detection engineer writes with only the manual to hand, and
# the mistakes such a rule makes (tests/data/rules/author/).

$ cp "$TS_SRC/tests/data/ingest/records.json" . && cp -R "$TS_SRC/tests/data/rules" . && chmod -R u+w rules && trailsift ingest -q records.json

# a finding's time is within the years 0001 to 9999, as ts.time_format's:
# math.maxinteger printed as year 292278994, math.mininteger as no time
$ for ms in -62135596800000 253402300799999 -62135596800001 253402300800000 9223372036854775807 -9223372036854775808; do trailsift rules run --no-store --rules rules/author -f csv --arg author.finding-time.ms=$ms author.finding-time 2>&1 | grep -e '^author' -e '^trailsift'; done
author.finding-time,info,0001-01-01T00:00:00Z,,at -62135596800000,[],
author.finding-time,info,9999-12-31T23:59:59.999Z,,at 253402300799999,[],
trailsift: rules: author.finding-time: rules/author/finding-time.lua:9: ctx:finding: time -62135596800001 is out of the years 0001 to 9999
trailsift: rules: author.finding-time: rules/author/finding-time.lua:9: ctx:finding: time 253402300800000 is out of the years 0001 to 9999
trailsift: rules: author.finding-time: rules/author/finding-time.lua:9: ctx:finding: time 9223372036854775807 is out of the years 0001 to 9999
trailsift: rules: author.finding-time: rules/author/finding-time.lua:9: ctx:finding: time -9223372036854775808 is out of the years 0001 to 9999

# so is one given as text: an offset can carry it out of range
$ for t in 0001-01-01T00:00:00Z 9999-12-31T23:00:00-00:59 0000-12-31 9999-12-31T23:59:59-01:00; do trailsift rules run --no-store --rules rules/author -f csv --arg author.finding-time-text.text=$t author.finding-time-text 2>&1 | grep -e '^author' -e '^trailsift'; done
author.finding-time-text,info,0001-01-01T00:00:00Z,,0001-01-01T00:00:00Z,[],
author.finding-time-text,info,9999-12-31T23:59:00Z,,9999-12-31T23:00:00-00:59,[],
trailsift: rules: author.finding-time-text: rules/author/finding-time-text.lua:9: ctx:finding: time '0000-12-31' is out of the years 0001 to 9999 (UTC)
trailsift: rules: author.finding-time-text: rules/author/finding-time-text.lua:9: ctx:finding: time '9999-12-31T23:59:59-01:00' is out of the years 0001 to 9999 (UTC)

# rules help prints the rule file's text with its control characters
# shown, as rules list does: a shared rule cannot drive the terminal
$ trailsift rules help --rules rules/author author.escapes
author.escapes -- Title\x1b]0;pwned\x07 with an OSC
.
severity: info
tags:     
file:     rules/author/escapes.lua
.
  First line
  	indented by a tab\x1b[2J\rback
.
arguments (--arg author.escapes.NAME=VALUE):
  x (string, default "\x1b[31m"): doc\x1b[0m
.
events (where):
  all events
.
references:
  https://example.com/\x1b[5m

# an error() message cannot forge lines or send escape sequences: it is
# one line, escaped, as ts.fail's and ctx:log's are; the traceback keeps
# its lines
$ trailsift rules run --no-store --rules rules/author -f csv author.forge 2>&1 >/dev/null
trailsift: rules: author.forge: rules/author/forge.lua:9: \x1b[2Jboom\ntrailsift: rules: FORGED
stack traceback:
	[C]: in global 'error'
	rules/author/forge.lua:9: in function <rules/author/forge.lua:8>
[exit 3]

$ trailsift rules test --rules rules/author author.forge
FAIL author.forge: rules/author/forge.lua:9: \x1b[2Jboom\ntrailsift: rules: FORGED
stack traceback:
	[C]: in global 'error'
	rules/author/forge.lua:9: in function <rules/author/forge.lua:8>
0 passed, 1 failed, 0 skipped
[exit 1]

# rules an investigator wants, written from the manual, pass on their
# fixtures: an access key created for another IAM user, a group
# membership removed within the hour it was added (its removal by the
# membership's ARN too, a failed one not), errors in a burst, users
# created outside the usual provisioning channels
$ trailsift rules test --rules rules/author author.key-for-other author.quick-membership author.error-burst author.createuser-channel
PASS author.key-for-other (1 finding)
PASS author.quick-membership (2 findings)
PASS author.error-burst (1 finding)
PASS author.createuser-channel (2 findings)
4 passed, 0 failed, 0 skipped

# one rule calls every function of every documented ts.* module on
# their events (a membership and access replay, and checks of the
# helpers, whose failures its finding would list)
$ trailsift rules test --rules rules/author author.tour
PASS author.tour (1 finding)
1 passed, 0 failed, 0 skipped

# a record as deep as ingest takes (512 levels) fits in a finding's data
$ trailsift rules test --rules rules/author author.deep-record
PASS author.deep-record (1 finding)
1 passed, 0 failed, 0 skipped

# a wider window takes in the slower burst too; --arg in an args file
# does the same in a fixture
$ mkdir -p wide && cp rules/author/error-burst.lua wide/ && cp -R rules/author/error-burst.test wide/ && printf 'author.error-burst.window=30m\n' > wide/error-burst.test/args && trailsift rules test --rules wide author.error-burst | sed -n '/^[-+]{/s/"evidence".*//p'
-{"rule_id":"author.error-burst","severity":"low","time":"2025-05-05T10:00:00Z","subject":"arn:aws:iam::111122223333:user/mallory","message":"5 errors within 5m from 2025-05-05",
+{"rule_id":"author.error-burst","severity":"low","time":"2025-05-05T11:00:00Z","subject":"arn:aws:iam::111122223333:user/bob","message":"5 errors within 30m from 2025-05-05",
+{"rule_id":"author.error-burst","severity":"low","time":"2025-05-05T10:00:00Z","subject":"arn:aws:iam::111122223333:user/mallory","message":"5 errors within 30m from 2025-05-05",

# a NUL byte does not cut a finding's subject or message short: it
# becomes U+FFFD there (data keeps it, as JSON can)
$ trailsift rules run --rules rules/author -f json author.nul && trailsift query -f csv "SELECT subject, message FROM findings WHERE rule_id = 'author.nul'"
{"rule_id":"author.nul","severity":"info","time":null,"subject":"admin�-evil","message":"created by admin�-evil","evidence":[],"data":{"user":"admin\u0000-evil"}}
subject,message
admin�-evil,created by admin�-evil

# what the catalog would not read anyway does not fail --rules: Emacs's
# lock link .#NAME.lua while a rule is being edited, a broken link of
# another name, a link looping back into the tree, a fixture's broken
# link; a broken NAME.lua still does (it would be a rule)
$ mkdir -p edit/sub edit/a.test && cp rules/author/key-for-other.lua edit/ && ln -s 'user@host.1234:1700000000' 'edit/.#key-for-other.lua' && ln -s nowhere edit/notes.txt && ln -s .. edit/sub/up && ln -s nowhere edit/a.test/events.jsonl && trailsift rules list --rules edit -f csv 'author.*'
id,title,tags
author.key-for-other,Access key created for another user,author identity

$ ln -s nowhere edit/broken.lua && trailsift rules list --rules edit -f csv 'author.*' 2>&1 | head -n 1
trailsift: rules: --rules edit/broken.lua: broken symbolic link

# rules test of a whole directory: a file that did not load has its FAIL
# line on stdout, as when it is named, not only a count in the summary
# (the built-in rules pass: how many is not this test's business)
$ trailsift rules test --rules rules/broken 2>/dev/null | grep -v '^PASS' | sed 's/^[0-9]* passed/N passed/'
FAIL rules/broken/syntax.lua: rules/broken/syntax.lua:6: 'then' expected near '='
SKIP broken.good (no fixtures)
SKIP broken.object (no fixtures)
SKIP broken.runtime (no fixtures)
SKIP broken.where (no fixtures)
N passed, 1 failed, 4 skipped

# math.randomseed() without a seed returns to the start seed (Lua's
# would seed from the clock and an address, and return them)
$ trailsift rules run --no-store --rules rules/author -f csv author.random
rule_id,severity,time,subject,message,evidence,data
author.random,info,,,reseeded,[],"{""same_again"":true,""seeds"":[0,0]}"

# a mistake in a fixture's args file names the file and the line
$ printf '# widen the window\nauthor.error-burst.windw=30m\n' > wide/error-burst.test/args && trailsift rules test --rules wide author.error-burst
FAIL author.error-burst: wide/error-burst.test/args:2: no argument 'windw'
0 passed, 1 failed, 0 skipped
[exit 1]

# nor can a traceback, through a chunk name given to load()
$ trailsift rules run --no-store --rules rules/author -f csv author.forge-chunk 2>&1 >/dev/null
trailsift: rules: author.forge-chunk: rules/author/forge-chunk.lua: \ntrailsift: rules: FORGED\n:1: attempt to index a nil value (local 'x')
stack traceback:
	\ntrailsift: rules: FORGED\n:1: in local 'f'
	rules/author/forge-chunk.lua:10: in function <rules/author/forge-chunk.lua:8>
[exit 3]

# a table raised deep in a recursion is reported at once, with its line
# (the search for it walked every level, each walk from the top: some
# seconds per 100000 levels, squared)
$ timeout 10 trailsift rules run --no-store --rules rules/author -f csv author.deep 2>&1 | head -n 1
trailsift: rules: author.deep: rules/author/deep.lua:10: (error object is a table value)

# pairs(e) lists the event's columns that are not NULL, in the view's
# order, with their values (it was an error: "table expected, got
# trailsift.event")
$ trailsift rules run --no-store --rules rules/pairs -f csv pairs.columns | cut -d, -f5
message
id event_time time_ms event_source event_name aws_region account principal_type principal_arn principal_account principal_id session_issuer session_name access_key_id user_agent source_ip read_only event_type event_id request_id source_id source_path record_no raw_offset source_sha256
id event_time time_ms event_source event_name aws_region account principal_type principal_arn principal_account principal_id access_key_id user_agent source_ip error_code error_message read_only event_type event_id request_id source_id source_path record_no raw_offset source_sha256
id event_time time_ms event_source event_name aws_region account principal_type user_agent source_ip read_only event_type event_id request_id source_id source_path record_no raw_offset source_sha256

# ctx:query's rows keep both columns of a repeated name, as "id" and
# "id:1" (trailsift query's names): the last one alone was kept
$ trailsift rules run --no-store --rules rules/pairs -f csv pairs.query-names | cut -d, -f5
message
id:1=1 id=1 n=CreateGroupMembership

# record(id), the SQL function of trailsift query, in a rule's where and
# ctx:query ("no such function: record"), on an index and on fixtures
$ trailsift rules run --no-store --rules rules/record -f csv record.sql; trailsift rules test --rules rules/record record.sql
rule_id,severity,time,subject,message,evidence,data
record.sql,info,2025-10-08T18:30:50Z,960c4b3b-667c-085a-69d5-288231a4c54a,CreateGroupMembership,[],
record.sql,info,,,"3 events, 3 with their own eventID",[],
PASS record.sql (2 findings)
1 passed, 0 failed, 0 skipped
