# issue 5: trailsift rules test runs rules on their fixtures
# (<rule>.test/events.jsonl) and compares the findings with
# <rule>.test/expected.jsonl; --lib runs the modules' inline tests.

$ cp -R "$TS_SRC/tests/data/rules" . && chmod -R u+w rules

# the built-in rules pass on their built-in fixtures, from any directory
$ trailsift rules test
PASS examples.console-login-without-mfa (3 findings)
PASS examples.root-account-usage (3 findings)
PASS identity.memberships (13 findings)
PASS identity.provisioning (30 findings)
PASS identity.stale-access (21 findings)
5 passed, 0 failed, 0 skipped

$ trailsift rules test --lib
PASS ts.access: assignments
PASS ts.access: created_disabled
PASS ts.access: disable_enable
PASS ts.access: iam
PASS ts.access: iam_key_rotation
PASS ts.access: iam_programmatic
PASS ts.access: iam_recreated
PASS ts.access: iam_rename
PASS ts.access: listing
PASS ts.access: scim_flip
PASS ts.access: scim_put
PASS ts.access: users
PASS ts.arn: assumed_role
PASS ts.arn: colon_resource
PASS ts.arn: federated
PASS ts.arn: format
PASS ts.arn: identitystore
PASS ts.arn: rejects
PASS ts.arn: role_with_path
PASS ts.arn: root
PASS ts.arn: s3
PASS ts.arn: user
PASS ts.channel: cli
PASS ts.channel: cloudformation
PASS ts.channel: cloudshell
PASS ts.channel: console
PASS ts.channel: console_flag
PASS ts.channel: entra_cycles
PASS ts.channel: iga
PASS ts.channel: of_event
PASS ts.channel: reserved_path
PASS ts.channel: scim
PASS ts.channel: service
PASS ts.channel: terraform
PASS ts.channel: unknown
PASS ts.identity: bare_id
PASS ts.identity: change
PASS ts.identity: field_text_id
PASS ts.identity: kinds
PASS ts.identity: where
SKIP ts.index (no _test table)
PASS ts.membership: before_logs
PASS ts.membership: created_again
PASS ts.membership: deleted_after_snapshot
PASS ts.membership: feed
PASS ts.membership: former_names
PASS ts.membership: hidden
PASS ts.membership: hidden_bounds
PASS ts.membership: iam_rename
PASS ts.membership: may_have_ended
PASS ts.membership: portal_names
PASS ts.membership: readded
PASS ts.membership: replay
PASS ts.membership: same_second
PASS ts.membership: stuck_rename
PASS ts.time: days
PASS ts.time: duration
PASS ts.time: format
PASS ts.time: human
PASS ts.time: parse
PASS ts.ua: bare_words
PASS ts.ua: browser
PASS ts.ua: cli_v2
PASS ts.ua: cloudshell
PASS ts.ua: go_v1
PASS ts.ua: not_text
PASS ts.ua: s3_legacy
PASS ts.ua: terraform
PASS ts.ua: truncated
PASS ts.upstream: bom
PASS ts.upstream: conflicts
PASS ts.upstream: csv
PASS ts.upstream: empty_json
PASS ts.upstream: entra
PASS ts.upstream: every_identifier
PASS ts.upstream: json
PASS ts.upstream: numeric_ids
PASS ts.upstream: okta
PASS ts.upstream: okta_api
PASS ts.upstream: pages
PASS ts.upstream: spaces
PASS ts.upstream: state_names
PASS ts.util: null
PASS ts.util: sorted_keys
83 passed, 0 failed, 1 skipped

# a failing test prints a unified diff and exits 1
$ trailsift rules test --rules rules/fixtures
PASS examples.console-login-without-mfa (3 findings)
PASS examples.root-account-usage (3 findings)
FAIL fixtures.fail: the findings differ from rules/fixtures/fail.test/expected.jsonl
--- rules/fixtures/fail.test/expected.jsonl
+++ findings
@@ -1,2 +1,3 @@
 {"rule_id":"fixtures.fail","severity":"info","time":"2025-10-08T18:30:50Z","subject":"CreateGroupMembership","message":"seen","evidence":["960c4b3b-667c-085a-69d5-288231a4c54a"],"data":null}
-{"rule_id":"fixtures.fail","severity":"info","time":"2025-10-08T18:31:02Z","subject":"GetObject","message":"looked at","evidence":["a1b2c3d4-5678-90ab-cdef-000000000002"],"data":null}
+{"rule_id":"fixtures.fail","severity":"info","time":"2025-10-08T18:31:02Z","subject":"GetObject","message":"seen","evidence":["a1b2c3d4-5678-90ab-cdef-000000000002"],"data":null}
+{"rule_id":"fixtures.fail","severity":"info","time":"2025-10-08T18:31:05Z","subject":"AssumeRole","message":"seen","evidence":["a1b2c3d4-5678-90ab-cdef-000000000003"],"data":null}
SKIP fixtures.none (no fixtures)
PASS fixtures.pass (1 finding)
PASS identity.memberships (13 findings)
PASS identity.provisioning (30 findings)
PASS identity.stale-access (21 findings)
6 passed, 1 failed, 1 skipped
[exit 1]

$ trailsift rules test --rules rules/fixtures fixtures.pass
PASS fixtures.pass (1 finding)
1 passed, 0 failed, 0 skipped

# a rule file named by its path; missing fixtures fail when named
$ trailsift rules test rules/fixtures/pass.lua rules/fixtures/no-fixtures.lua
PASS fixtures.pass (1 finding)
FAIL fixtures.none: no fixtures in rules/fixtures/no-fixtures.test/
1 passed, 1 failed, 0 skipped
[exit 1]

# an unknown id is a usage error, as for rules help, before any test
$ trailsift rules test --rules rules/fixtures fixtures.pass no.such.rule
trailsift: rules: no rule 'no.such.rule' ('trailsift rules list' shows them)
usage: trailsift rules list [--rules DIR]... [-f FORMAT] [EXPR]...
       trailsift rules help [--rules DIR]... ID
       trailsift rules run [-d DB] [--rules DIR]... [--select EXPR]...
                           [--arg ID.NAME=VALUE]... [-f FORMAT] [--no-store]
                           [--since TIME] [--until TIME] [LIMITS] [EXPR]...
       trailsift rules test [--rules DIR]... [--lib] [--update] [LIMITS]
                            [ID|FILE.lua]...
[exit 2]

# a FILE.lua that is not there is a usage error too, as a missing
# --rules DIR is, before any test runs
$ trailsift rules test rules/fixtures/pass.lua rules/fixtures/no-such.lua
trailsift: rules: rules/fixtures/no-such.lua: No such file or directory
usage: trailsift rules list [--rules DIR]... [-f FORMAT] [EXPR]...
       trailsift rules help [--rules DIR]... ID
       trailsift rules run [-d DB] [--rules DIR]... [--select EXPR]...
                           [--arg ID.NAME=VALUE]... [-f FORMAT] [--no-store]
                           [--since TIME] [--until TIME] [LIMITS] [EXPR]...
       trailsift rules test [--rules DIR]... [--lib] [--update] [LIMITS]
                            [ID|FILE.lua]...
[exit 2]

$ mkdir dir.lua && trailsift rules test dir.lua 2>&1 | head -1
trailsift: rules: dir.lua: Is a directory

# a rule that fails to load fails its test
$ trailsift rules test rules/invalid/unknown-key.lua
FAIL rules/invalid/unknown-key.lua: rules/invalid/unknown-key.lua:1: rule: unknown field 'finsh' in rule (did you mean 'finish'?)
0 passed, 1 failed, 0 skipped
[exit 1]

# an expected.jsonl with CRLF line ends (a Windows checkout) passes
$ cp -R rules/fixtures crlf && awk '{ printf "%s\r\n", $0 }' rules/fixtures/pass.test/expected.jsonl > crlf/pass.test/expected.jsonl && trailsift rules test crlf/pass.lua
PASS fixtures.pass (1 finding)
1 passed, 0 failed, 0 skipped

# --update writes expected.jsonl from what the rule finds
$ trailsift rules test --rules rules/fixtures --update fixtures.fail && trailsift rules test --rules rules/fixtures fixtures.fail
UPDATED fixtures.fail (3 findings)
1 passed, 0 failed, 0 skipped
PASS fixtures.fail (3 findings)
1 passed, 0 failed, 0 skipped

# a failed write says why (here: a file size limit of 0, its signal
# ignored, so the buffered bytes fail at fclose with EFBIG; the output
# goes through a pipe, which the limit does not touch)
$ cp -R rules/fixtures full && rm full/fail.test/expected.jsonl && (trap '' XFSZ; ulimit -f 0; trailsift rules test --rules full --update fixtures.fail 2>&1; echo "exit $?") | cat
FAIL fixtures.fail: cannot write full/fail.test/expected.jsonl: File too large
0 passed, 1 failed, 0 skipped
exit 1

# and a failed write leaves the expected.jsonl there as it was, not
# truncated, and no temporary file beside it
$ cp -R rules/fixtures kept && (trap '' XFSZ; ulimit -f 0; trailsift rules test --rules kept --update fixtures.fail 2>&1; echo "exit $?") | cat && cmp rules/fixtures/fail.test/expected.jsonl kept/fail.test/expected.jsonl && ls kept/fail.test
FAIL fixtures.fail: cannot write kept/fail.test/expected.jsonl: File too large
0 passed, 1 failed, 0 skipped
exit 1
events.jsonl
expected.jsonl

# a --rules directory's own modules are tested by --lib too
$ mkdir -p mine/lua/my && printf '%s\n' 'local M = {}' 'function M.double(x) return 2 * x end' 'M._test = { double = function(t) t.eq(M.double(2), 4, "2*2") end, wrong = function(t) t.eq(M.double(2), 5, "2*2") end }' 'return M' > mine/lua/my/math.lua && trailsift rules test --rules mine --lib
PASS my.math: double
FAIL my.math: wrong: mine/lua/my/math.lua:3: 2*2: got 4, want 5
PASS ts.access: assignments
PASS ts.access: created_disabled
PASS ts.access: disable_enable
PASS ts.access: iam
PASS ts.access: iam_key_rotation
PASS ts.access: iam_programmatic
PASS ts.access: iam_recreated
PASS ts.access: iam_rename
PASS ts.access: listing
PASS ts.access: scim_flip
PASS ts.access: scim_put
PASS ts.access: users
PASS ts.arn: assumed_role
PASS ts.arn: colon_resource
PASS ts.arn: federated
PASS ts.arn: format
PASS ts.arn: identitystore
PASS ts.arn: rejects
PASS ts.arn: role_with_path
PASS ts.arn: root
PASS ts.arn: s3
PASS ts.arn: user
PASS ts.channel: cli
PASS ts.channel: cloudformation
PASS ts.channel: cloudshell
PASS ts.channel: console
PASS ts.channel: console_flag
PASS ts.channel: entra_cycles
PASS ts.channel: iga
PASS ts.channel: of_event
PASS ts.channel: reserved_path
PASS ts.channel: scim
PASS ts.channel: service
PASS ts.channel: terraform
PASS ts.channel: unknown
PASS ts.identity: bare_id
PASS ts.identity: change
PASS ts.identity: field_text_id
PASS ts.identity: kinds
PASS ts.identity: where
SKIP ts.index (no _test table)
PASS ts.membership: before_logs
PASS ts.membership: created_again
PASS ts.membership: deleted_after_snapshot
PASS ts.membership: feed
PASS ts.membership: former_names
PASS ts.membership: hidden
PASS ts.membership: hidden_bounds
PASS ts.membership: iam_rename
PASS ts.membership: may_have_ended
PASS ts.membership: portal_names
PASS ts.membership: readded
PASS ts.membership: replay
PASS ts.membership: same_second
PASS ts.membership: stuck_rename
PASS ts.time: days
PASS ts.time: duration
PASS ts.time: format
PASS ts.time: human
PASS ts.time: parse
PASS ts.ua: bare_words
PASS ts.ua: browser
PASS ts.ua: cli_v2
PASS ts.ua: cloudshell
PASS ts.ua: go_v1
PASS ts.ua: not_text
PASS ts.ua: s3_legacy
PASS ts.ua: terraform
PASS ts.ua: truncated
PASS ts.upstream: bom
PASS ts.upstream: conflicts
PASS ts.upstream: csv
PASS ts.upstream: empty_json
PASS ts.upstream: entra
PASS ts.upstream: every_identifier
PASS ts.upstream: json
PASS ts.upstream: numeric_ids
PASS ts.upstream: okta
PASS ts.upstream: okta_api
PASS ts.upstream: pages
PASS ts.upstream: spaces
PASS ts.upstream: state_names
PASS ts.util: null
PASS ts.util: sorted_keys
84 passed, 1 failed, 1 skipped
[exit 1]

# each inline test is a call of its own: one that runs past its budget
# fails alone, and the module's other tests still run and pass; t.eq
# compares cyclic tables without end
$ mkdir -p loop/lua/my && printf '%s\n' 'local M = {}' 'M._test = {' '  a_cycle = function(t) local a, b = {}, {}; a.s, b.s = a, b; t.eq(a, b, "cycle") end,' '  b_loops = function(t) while true do end end,' '  c_after = function(t) t.ok(true, "runs") end,' '}' 'return M' > loop/lua/my/loop.lua && trailsift rules test --rules loop --lib --max-instructions 1000000 | grep 'my\.loop'
PASS my.loop: a_cycle
FAIL my.loop: b_loops: loop/lua/my/loop.lua:4: instruction budget of 1000000 exceeded (see --max-instructions)
PASS my.loop: c_after

# --rules given a rule file, not its folder, added nothing and said
# nothing: `rules test --rules my.lua` passed on the built-in rules alone
$ mkdir -p one && printf 'return rule { id = "one.r", title = "t", severity = "info",\n  finish = function(ctx) end }\n' > one/r.lua && trailsift rules test --rules one/r.lua 2>&1 | head -n 1; trailsift rules run --no-store --rules one/r.lua 2>&1 | head -n 1; trailsift rules list --rules one 2>&1 | grep -c one.r
trailsift: rules: --rules one/r.lua: not a directory (--rules names a folder of rules; give its folder, or name the file itself to rules test)
trailsift: rules: --rules one/r.lua: not a directory (--rules names a folder of rules; give its folder, or name the file itself to rules test)
1
