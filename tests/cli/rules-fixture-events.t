# rules test: a fixture whose events.jsonl yields no event tests
# nothing, so it fails instead of passing with 0 findings.

$ mkdir -p fx/a.test && printf '%s' 'return rule{ id = "fx.a", title = "t", severity = "info", each = function(e, ctx) end }' > fx/a.lua && : > fx/a.test/expected.jsonl && : > fx/a.test/events.jsonl && trailsift rules test --rules fx fx.a
FAIL fx.a: a.test/events.jsonl holds no CloudTrail event
0 passed, 1 failed, 0 skipped
[exit 1]

$ printf '%s' '{"Records":[]}' > fx/a.test/events.jsonl && trailsift rules test --rules fx fx.a
FAIL fx.a: a.test/events.jsonl holds no CloudTrail event
0 passed, 1 failed, 0 skipped
[exit 1]

$ printf '%s' '{"foo":1}' > fx/a.test/events.jsonl && trailsift rules test --rules fx fx.a
FAIL fx.a: a.test/events.jsonl holds no CloudTrail event
0 passed, 1 failed, 0 skipped
[exit 1]

$ printf '%s' 'garbage' > fx/a.test/events.jsonl && trailsift rules test --rules fx fx.a
FAIL fx.a: a.test/events.jsonl holds no CloudTrail event
0 passed, 1 failed, 0 skipped
[exit 1]

# one event is enough
$ head -n 1 "$TS_SRC/tests/data/rules/fixtures/pass.test/events.jsonl" > fx/a.test/events.jsonl && trailsift rules test --rules fx fx.a
PASS fx.a (0 findings)
1 passed, 0 failed, 0 skipped
