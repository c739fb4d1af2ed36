# rules test: a fixture whose events.jsonl yields no event tests
# nothing, so it fails instead of passing with 0 findings: empty, an
# empty Records list, another program's JSON, not JSON at all.

$ mkdir -p fx/a.test && printf '%s' 'return rule{ id = "fx.a", title = "t", severity = "info", each = function(e, ctx) end }' > fx/a.lua && : > fx/a.test/expected.jsonl && for ev in '' '{"Records":[]}' '{"foo":1}' 'garbage'; do printf '%s' "$ev" > fx/a.test/events.jsonl; trailsift rules test --rules fx fx.a > out; echo "exit $?: $(head -n 1 out)"; done
exit 1: FAIL fx.a: a.test/events.jsonl holds no CloudTrail event
exit 1: FAIL fx.a: a.test/events.jsonl holds no CloudTrail event
exit 1: FAIL fx.a: a.test/events.jsonl holds no CloudTrail event
exit 1: FAIL fx.a: a.test/events.jsonl holds no CloudTrail event

# one event is enough
$ head -n 1 "$TS_SRC/tests/data/rules/fixtures/pass.test/events.jsonl" > fx/a.test/events.jsonl && trailsift rules test --rules fx fx.a
PASS fx.a (0 findings)
1 passed, 0 failed, 0 skipped

# no events.jsonl at all beside an expected.jsonl tests nothing either,
# with or without --update
$ rm fx/a.test/events.jsonl && trailsift rules test --rules fx fx.a; trailsift rules test --rules fx --update fx.a
FAIL fx.a: no fx/a.test/events.jsonl (the events the rule is tested on)
0 passed, 1 failed, 0 skipped
FAIL fx.a: no fx/a.test/events.jsonl (the events the rule is tested on)
0 passed, 1 failed, 0 skipped
[exit 1]

# a record that cannot be indexed fails the test, in words that count
$ (head -n 1 "$TS_SRC/tests/data/rules/fixtures/pass.test/events.jsonl"; echo '{"eventVersion":') > fx/a.test/events.jsonl && trailsift rules test --rules fx fx.a 2>/dev/null
FAIL fx.a: a.test/events.jsonl: 1 record could not be indexed
0 passed, 1 failed, 0 skipped
[exit 1]
