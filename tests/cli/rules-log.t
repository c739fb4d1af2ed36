# ctx:log and print write one line per call, prefixed with the rule id:
# newlines, tabs and terminal escapes in the text are shown escaped, as
# trailsift's own warnings show them, so a rule cannot forge lines.
# print still separates its arguments with real tabs.

$ cp "$TS_SRC/tests/data/ingest/records.json" . && trailsift ingest -q records.json

$ trailsift rules run --no-store --rules "$TS_SRC/tests/data/rules/log" -f csv t.log 2>&1 >/dev/null | cut -c1-40
t.log: line one\nline two\r\x1b[31mred
t.log: a\nb	c
t.log: 1100	yyy
t.log: zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz

# a format that string.format refuses fails the rule with the line of
# the call and the function's name, not "bad argument #2 to '?'"
$ trailsift rules run --no-store --rules "$TS_SRC/tests/data/rules/log" -f csv t.log-format 2>&1 >/dev/null | sed "s|$TS_SRC/||g"
t.log-format: caught: tests/data/rules/log/format.lua:6: invalid conversion '%y' to 'format'
t.log-format: caught: tests/data/rules/log/format.lua:8: bad argument #2 to 'log' (value has no literal form)
trailsift: rules: t.log-format: tests/data/rules/log/format.lua:10: bad argument #2 to 'log' (number expected, got string)
stack traceback:
	[C]: in method 'log'
	tests/data/rules/log/format.lua:10: in function <tests/data/rules/log/format.lua:5>
