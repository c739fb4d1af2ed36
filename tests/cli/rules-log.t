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
# the call and the function's name, not "bad argument #2 to '?'" (the
# rules are copied here: Lua shortens a long path, as under distcheck,
# to ".../" and its last 55 bytes)
$ cp -R "$TS_SRC/tests/data/rules/log" logrules && chmod -R u+w logrules && trailsift rules run --no-store --rules logrules -f csv t.log-format 2>&1 >/dev/null
t.log-format: caught: logrules/format.lua:6: invalid conversion '%y' to 'format'
t.log-format: caught: logrules/format.lua:8: bad argument #2 to 'log' (value has no literal form)
trailsift: rules: t.log-format: logrules/format.lua:10: bad argument #2 to 'log' (number expected, got string)
stack traceback:
	[C]: in method 'log'
	logrules/format.lua:10: in function <logrules/format.lua:5>
[exit 3]

# the failing rule's line names a long path whole: Lua shortens it to
# ".../" and its last bytes, and the line said "PATH: .../TAIL:10: ..."
$ L=rules-of-the-incident-response-team-for-case-2025-1142-exfiltration; cp -R logrules $L && trailsift rules run --no-store --rules $L -f csv t.log-format 2>&1 >/dev/null | grep '^trailsift'
trailsift: rules: t.log-format: rules-of-the-incident-response-team-for-case-2025-1142-exfiltration/format.lua:10: bad argument #2 to 'log' (number expected, got string)
