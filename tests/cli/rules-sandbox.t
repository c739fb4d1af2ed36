# issue 5: rules are sandboxed.  Every escape fails, runaway rules are
# stopped by budgets a pcall cannot swallow, broken rules report
# file:line while the others still run, and bad rule tables are refused
# at load time.

$ cp "$TS_SRC/tests/data/ingest/records.json" . && cp -R "$TS_SRC/tests/data/rules" . && chmod -R u+w rules && trailsift ingest -q records.json

# each attempt, in pcall, becomes a finding saying why it failed
$ trailsift rules run --rules rules/escape -f csv escape.attempts escape.sql
rule_id,severity,time,subject,message,evidence,data
escape.attempts,info,,os.execute,rules/escape/attempts.lua:4: attempt to index a nil value (global 'os'),[],
escape.attempts,info,,io.popen,rules/escape/attempts.lua:5: attempt to index a nil value (global 'io'),[],
escape.attempts,info,,io.open for writing,rules/escape/attempts.lua:6: attempt to index a nil value (global 'io'),[],
escape.attempts,info,,package.loadlib,rules/escape/attempts.lua:8: attempt to index a nil value (global 'package'),[],
escape.attempts,info,,debug.sethook,rules/escape/attempts.lua:10: attempt to index a nil value (global 'debug'),[],
escape.attempts,info,,debug via getmetatable,rules/escape/attempts.lua:12: attempt to index a nil value (field '__index'),[],
escape.attempts,info,,string.dump,rules/escape/attempts.lua:14: attempt to call a nil value (field 'dump'),[],
escape.attempts,info,,dofile,rules/escape/attempts.lua:15: attempt to call a nil value (global 'dofile'),[],
escape.attempts,info,,loadfile,rules/escape/attempts.lua:16: attempt to call a nil value (global 'loadfile'),[],
escape.attempts,info,,load of a binary chunk,rules/escape/attempts.lua:19: attempt to load a binary chunk (mode is 't'),[],
escape.attempts,info,,load with mode b,rules/escape/attempts.lua:23: attempt to load a binary chunk (mode is 't'),[],
escape.attempts,info,,require of a path,"rules/escape/attempts.lua:25: invalid module name '../../etc/passwd' (modules are dotted names such as ""ts.time"", found in lua/ directories)",[],
escape.attempts,info,,require of an absolute path,"rules/escape/attempts.lua:26: invalid module name '/etc/passwd' (modules are dotted names such as ""ts.time"", found in lua/ directories)",[],
escape.attempts,info,,require of a library,"rules/escape/attempts.lua:27: module 'io' not found (searched rules/escape/lua/io.lua, built-in lua/io.lua)",[],
escape.attempts,info,,require of a C module,"rules/escape/attempts.lua:28: module 'socket.core' not found (searched rules/escape/lua/socket/core.lua, built-in lua/socket/core.lua)",[],
escape.attempts,info,,collectgarbage stop,"rules/escape/attempts.lua:29: collectgarbage(""stop"") is not allowed in rules (only collect, count, step, isrunning)",[],
escape.attempts,info,,coroutine,rules/escape/attempts.lua:30: attempt to index a nil value (global 'coroutine'),[],
escape.attempts,info,,_ENV escape,rules/escape/attempts.lua:31: attempt to index a nil value (global 'os'),[],
escape.attempts,info,,load with an env,rules/escape/attempts.lua:33: attempt to index a nil value,[],
escape.attempts,info,,load of text,42,[],
escape.sql,info,,DELETE FROM event,ctx:query: not authorized (only reading statements are allowed),[],
escape.sql,info,,"INSERT INTO finding(run_id, rule_id, severity, message) VALUES(1,'x','info','x')",ctx:query: not authorized (only reading statements are allowed),[],
escape.sql,info,,UPDATE meta SET value = 'x',ctx:query: not authorized (only reading statements are allowed),[],
escape.sql,info,,UPDATE sqlite_master SET type = 'x',ctx:query: table sqlite_master may not be modified,[],
escape.sql,info,,DROP TABLE event,ctx:query: not authorized (only reading statements are allowed),[],
escape.sql,info,,CREATE TEMP TABLE t(x),ctx:query: not authorized (only reading statements are allowed),[],
escape.sql,info,,ATTACH DATABASE 'pwned.db' AS p,ctx:query: not authorized (only reading statements are allowed),[],
escape.sql,info,,PRAGMA query_only = 0,ctx:query: not authorized (only reading statements are allowed),[],
escape.sql,info,,PRAGMA writable_schema = 1,ctx:query: not authorized (only reading statements are allowed),[],
escape.sql,info,,SELECT 1; DELETE FROM event,"ctx:query: one statement only (extra text: "" DELETE FROM event"")",[],
escape.sql,info,,BEGIN,ctx:query: not authorized (only reading statements are allowed),[],
escape.sql,info,,VACUUM INTO 'pwned.db',ctx:query: only read-only statements are allowed,[],
escape.sql,info,,SELECT load_extension('x'),ctx:query: not authorized to use function: load_extension,[],
escape.sql,info,,SELECT fts3_tokenizer('simple'),ctx:query: not authorized to use function: fts3_tokenizer,[],
escape.sql,info,,"SELECT hex(FTS3_Tokenizer('evil', x'4141414141414141'))",ctx:query: not authorized to use function: FTS3_Tokenizer,[],
escape.sql,info,,SELECT 1 FROM event WHERE fts3_tokenizer('simple') IS NOT NULL,ctx:query: not authorized to use function: fts3_tokenizer,[],
escape.sql,info,,SELECT count(*) FROM evnets,ctx:query: no such table: evnets,[],
escape.sql,info,,SELECT evnet_name FROM events,ctx:query: no such column: evnet_name,[],
escape.sql,info,,SELECT length(zeroblob(100000000)),ctx:query: string or blob too big,[],
escape.sql,info,,,ctx:query: no SQL statement,[],
escape.sql,info,,json_each,3,[],
escape.sql,info,,events left,3,[],

# without pcall the rule fails: file:line, traceback, exit 3
$ trailsift rules run --rules rules/escape -f csv escape.direct
trailsift: rules: escape.direct: rules/escape/direct.lua:9: attempt to index a nil value (global 'os')
stack traceback:
	rules/escape/direct.lua:9: in function <rules/escape/direct.lua:8>
	[C]: in ?
rule_id,severity,time,subject,message,evidence,data
[exit 3]

# review finding 7: a where calling fts3_tokenizer() is refused when prepared
$ trailsift rules run --rules rules/escape -f csv escape.where
trailsift: rules: escape.where: rules/escape/where.lua:8: where: not authorized to use function: fts3_tokenizer
rule_id,severity,time,subject,message,evidence,data
[exit 3]

# and nothing was written anywhere
$ ls; trailsift query -f csv "SELECT count(*) AS events FROM event"
records.json
rules
trailsift.db
events
3

# no attempt succeeded
$ trailsift query "SELECT count(*) FROM findings WHERE message = 'ESCAPED'"
count(*)
--------
       0

# budgets: a runaway loop, a pcall around one, a memory hog, runaway SQL
# in ctx:query and in where; the well-behaved rule still runs
$ timeout 120 trailsift rules run --rules rules/budget --max-instructions 100000 --max-sql-steps 100000 -f csv budget
rule_id,severity,time,subject,message,evidence,data
budget.finalizer,info,,,setmetatable: __gc metamethods are not allowed in rules (finalizers run outside the instruction budget),[],
budget.finalizer,info,,,attempt to index a string value,[],
budget.good,info,2025-10-08T18:31:02Z,a1b2c3d4-5678-90ab-cdef-000000000002,sum 5050,"[""a1b2c3d4-5678-90ab-cdef-000000000002""]",
trailsift: rules: budget.hog: rules/budget/hog.lua:12: instruction budget of 100000 exceeded (see --max-instructions)
stack traceback:
	rules/budget/hog.lua:12: in function <rules/budget/hog.lua:7>
trailsift: rules: budget.runaway: rules/budget/runaway.lua:8: instruction budget of 100000 exceeded (see --max-instructions)
stack traceback:
	rules/budget/runaway.lua:8: in function <rules/budget/runaway.lua:7>
	[C]: in ?
trailsift: rules: budget.sql: rules/budget/sql.lua:10: ctx:query: SQL budget of 100000 steps exceeded (see --max-sql-steps)
stack traceback:
	rules/budget/sql.lua:10: in function <rules/budget/sql.lua:7>
trailsift: rules: budget.swallow: rules/budget/swallow.lua:9: instruction budget of 100000 exceeded (see --max-instructions)
stack traceback:
	rules/budget/swallow.lua:9: in function <rules/budget/swallow.lua:8>
trailsift: rules: budget.tail: rules/budget/tail.lua:4: instruction budget of 100000 exceeded (see --max-instructions)
trailsift: rules: budget.tail-each: rules/budget/tail-each.lua:3: instruction budget of 100000 exceeded (see --max-instructions)
trailsift: rules: budget.where: rules/budget/where.lua:7: the where query exceeded its SQL budget (103000 steps; see --max-sql-steps)
[exit 3]

$ trailsift rules run --rules rules/budget --max-memory 16 -f csv budget.hog
trailsift: rules: budget.hog: rules/budget/hog.lua:12: memory limit of 16 MiB exceeded (see --max-memory)
stack traceback:
	rules/budget/hog.lua:12: in function <rules/budget/hog.lua:7>
rule_id,severity,time,subject,message,evidence,data
[exit 3]

# the default budget stops `while true do end` too (in a few seconds)
$ trailsift rules run --rules rules/budget -f csv budget.runaway 2>&1 | head -n 2
trailsift: rules: budget.runaway: rules/budget/runaway.lua:8: instruction budget of 1000000000 exceeded (see --max-instructions)
stack traceback:

# broken rules beside a working one: the working one runs, exit 3
$ trailsift rules run --rules rules/broken -f csv 'broken.*'
trailsift: rules: rules/broken/syntax.lua:6: 'then' expected near '='
rule_id,severity,time,subject,message,evidence,data
broken.good,low,2025-10-08T18:30:50Z,CreateGroupMembership,seen,"[""960c4b3b-667c-085a-69d5-288231a4c54a""]",
broken.good,low,2025-10-08T18:31:02Z,GetObject,seen,"[""a1b2c3d4-5678-90ab-cdef-000000000002""]",
broken.good,low,2025-10-08T18:31:05Z,AssumeRole,seen,"[""a1b2c3d4-5678-90ab-cdef-000000000003""]",
trailsift: rules: broken.object: rules/broken/object.lua:8: (error object is a table value)
stack traceback:
	[C]: in global 'error'
	rules/broken/object.lua:8: in function <rules/broken/object.lua:7>
trailsift: rules: broken.runtime: rules/broken/runtime.lua:2: attempt to index a nil value (field 'nothing')
stack traceback:
	rules/broken/runtime.lua:2: in upvalue 'dig'
	rules/broken/runtime.lua:11: in function <rules/broken/runtime.lua:10>
	[C]: in ?
trailsift: rules: broken.where: rules/broken/where.lua:5: where: no such column: no_such_column
[exit 3]

# naming a rule whose file did not load is no typo: the load failure
# (file:line) is what is reported, exit 3 as for any rule that did not
# load; its id is the one its text gives, and --arg for it is ignored
$ trailsift rules run --rules rules/broken --no-store -f csv --arg broken.syntax.x=1 broken.syntax
trailsift: rules: rules/broken/syntax.lua:6: 'then' expected near '='
rule_id,severity,time,subject,message,evidence,data
[exit 3]

$ trailsift rules help --rules rules/broken broken.syntax
trailsift: rules: rules/broken/syntax.lua:6: 'then' expected near '='
trailsift: rules: rule 'broken.syntax' did not load (rules/broken/syntax.lua: see above)
[exit 3]

$ trailsift rules test --rules rules/broken broken.syntax 2>/dev/null
FAIL rules/broken/syntax.lua: rules/broken/syntax.lua:6: 'then' expected near '='
0 passed, 1 failed, 0 skipped
[exit 1]

# a file that does not say its id: DIR.NAME from its path
$ mkdir -p mine && printf 'return rule {\n  title = "no id yet"\n  severity = "low",\n}\n' > mine/odd.lua && trailsift rules list --rules mine -f csv 'mine.*'
trailsift: rules: mine/odd.lua:3: '}' expected (to close '{' at line 1) near 'severity'
id,title,tags
[exit 3]

# a name that matches nothing, loaded or not, is still refused; the
# message says some files did not load
$ trailsift rules list --rules rules/broken broken.sintax 2>&1 | head -n 3
trailsift: rules: rules/broken/syntax.lua:6: 'then' expected near '='
trailsift: rules: no rule id or tag matches 'broken.sintax' (1 rule file did not load: see above)
usage: trailsift rules list [--rules DIR]... [-f FORMAT] [EXPR]...

# review finding 15: a where SQLite rejects names the line of `where =`
# (comments and strings that mention it are no field); without such a
# field, the line of rule{}; rule{} called in a module, no line
$ trailsift rules run --rules rules/whereline --no-store -f csv 'whereline.*'
trailsift: rules: whereline.computed: rules/whereline/computed.lua:6: where: no such column: no_such_column
trailsift: rules: whereline.field: rules/whereline/field.lua:9: where: no such column: evnet_name
trailsift: rules: whereline.module: rules/whereline/module.lua: where: no such column: no_such_column
rule_id,severity,time,subject,message,evidence,data
[exit 3]

# rule tables are checked at load time, with file:line
$ trailsift rules list --rules rules/invalid -f csv 'invalid.*'
trailsift: rules: rules/invalid/bad-arg.lua:1: rule: args.days.type must be "string", "number" or "boolean"
trailsift: rules: rules/invalid/bad-default.lua:1: rule: args.days.default must be a number, not a string
trailsift: rules: rules/invalid/bad-severity.lua:1: rule: severity 'critical' must be info, low, medium or high
trailsift: rules: rules/invalid/bad-tags.lua:1: rule: tags entry 'not ok': use letters, digits, '.', '-' and '_'
trailsift: rules: rules/invalid/dup-b.lua:1: duplicate rule id 'invalid.duplicate' (also in rules/invalid/dup-a.lua:1)
trailsift: rules: rules/invalid/infinite-default.lua:1: rule: args.days.default must be a finite number, not inf
trailsift: rules: rules/invalid/missing-title.lua:3: rule: missing required field 'title' (a string)
trailsift: rules: rules/invalid/no-function.lua:1: rule: needs an each function, a finish function or both
trailsift: rules: rules/invalid/not-a-rule.lua: the file must return rule { ... } (it returned a table)
trailsift: rules: rules/invalid/top-level-error.lua:2: attempt to index a nil value (local 'x')
stack traceback:
	rules/invalid/top-level-error.lua:2: in main chunk
trailsift: rules: rules/invalid/unknown-key.lua:1: rule: unknown field 'finsh' in rule (did you mean 'finish'?)
trailsift: rules: rules/invalid/where-statement.lua:1: rule: where: ';' is not allowed: a where is one SQL expression, not statements
trailsift: rules: rules/invalid/where-union.lua:1: rule: where: unbalanced ')': a where is one SQL expression
trailsift: rules: rules/invalid/where-without-each.lua:1: rule: where selects events for each, but there is no each
trailsift: rules: rules/invalid/wrong-type.lua:1: rule: field 'severity' must be a string, not a number
id,title,tags
invalid.duplicate,First of two with one id,
[exit 3]

# ts.fail(): one line, its control characters escaped (it may quote the
# user's input), no rule file; one that a pcall caught leaves a later
# real error of the same call its file and traceback
$ trailsift rules run --no-store --rules rules/fail fail.input fail.caught 2>&1 >/dev/null
trailsift: rules: fail.caught: rules/fail/caught.lua:9: boom
stack traceback:
	[C]: in global 'error'
	rules/fail/caught.lua:9: in function <rules/fail/caught.lua:7>
trailsift: rules: fail.input: export.csv: no identifier column among: a\nFORGED: line, \x1b[2Jb
[exit 3]
