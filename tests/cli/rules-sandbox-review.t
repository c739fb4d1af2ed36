# Defects of a security review of the rule sandbox: each rule below hung
# trailsift, or grew it without bound, before its fix.  Every case runs
# under timeout 20, so a regression fails instead of hanging the suite.

$ cp "$TS_SRC/tests/data/ingest/records.json" . && trailsift ingest -q records.json && mkdir -p x/lua top

# review 1: an xpcall message handler ran with the hooks off once a budget
# tripped (the error is raised inside the count hook, and Lua calls the
# handler before it unwinds): a looping handler hung rules list, rules run
# and every report.  At the top level of a rule file, in finish, after the
# memory limit, nested; a handler that runs before any trip still works.
$ printf '%s\n' 'xpcall(function() while true do end end,' '  function() while true do end end)' 'return rule { id = "top.loop", title = "t", severity = "info", finish = function() end }' > top/loop.lua && printf '%s\n' 'return rule { id = "top.next", title = "t", severity = "info", finish = function() end }' > top/next.lua && printf '%s\n' 'return rule { id = "x.finish", title = "t", severity = "info", finish = function(ctx)' '  xpcall(function() while true do end end, function() while true do end end)' 'end }' > x/finish.lua && printf '%s\n' 'return rule { id = "x.mem", title = "t", severity = "info", finish = function(ctx)' '  xpcall(function() return ("x"):rep(1 << 30) end, function() while true do end end)' 'end }' > x/mem.lua && printf '%s\n' 'return rule { id = "x.nested", title = "t", severity = "info", finish = function(ctx)' '  xpcall(function() xpcall(function() while true do end end, function() while true do end end) end, function() while true do end end)' 'end }' > x/nested.lua && printf '%s\n' 'return rule { id = "x.good", title = "t", severity = "info", finish = function(ctx)' '  local ok, m = xpcall(function() error("boom", 0) end, function(m) return "handled " .. m end)' '  ctx:finding{ message = tostring(ok) .. ", " .. m }' 'end }' > x/good.lua

# (the load budget is the default one: a few seconds)
$ timeout 20 trailsift rules list --rules top 2>&1 | grep top
trailsift: rules: top/loop.lua:3: instruction budget of 1000000000 exceeded (see --max-instructions)
	top/loop.lua:3: in main chunk
top.next                            t

$ timeout 20 trailsift rules run --no-store --rules x --max-instructions 100000 --max-memory 32 -f csv 'x.*'
trailsift: rules: x.finish: x/finish.lua:3: instruction budget of 100000 exceeded (see --max-instructions)
stack traceback:
	x/finish.lua:3: in function <x/finish.lua:1>
rule_id,severity,time,subject,message,evidence,data
x.good,info,,,"false, handled boom",[],
trailsift: rules: x.mem: x/mem.lua:3: instruction budget of 100000 exceeded (see --max-instructions)
stack traceback:
	x/mem.lua:3: in function <x/mem.lua:1>
trailsift: rules: x.nested: x/nested.lua:3: instruction budget of 100000 exceeded (see --max-instructions)
stack traceback:
	x/nested.lua:3: in function <x/nested.lua:1>
[exit 3]

# the other ways Lua code runs while an error unwinds: a __close handler
# (also one given to strings), and the __tostring of an error object that
# the engine's message handler formats, run with hooks on: bounded too
$ mkdir -p u && printf '%s\n' 'return rule { id = "u.close", title = "t", severity = "info", finish = function(ctx)' '  local t <close> = setmetatable({}, { __close = function() while true do end end })' '  while true do end' 'end }' > u/close.lua && printf '%s\n' 'getmetatable("").__close = function() while true do end end' 'return rule { id = "u.strclose", title = "t", severity = "info", finish = function(ctx)' '  local s <close> = "abc"' '  while true do end' 'end }' > u/strclose.lua && printf '%s\n' 'return rule { id = "u.tostring", title = "t", severity = "info", finish = function(ctx)' '  error(setmetatable({}, { __tostring = function() while true do end end }))' 'end }' > u/tostring.lua && timeout 20 trailsift rules run --no-store --rules u --max-instructions 100000 -f csv 'u.*' 2>&1 | grep -v '^	'
trailsift: rules: u/strclose.lua:1: attempt to index a string value
stack traceback:
trailsift: rules: u.close: u/close.lua:2: instruction budget of 100000 exceeded (see --max-instructions)
stack traceback:
trailsift: rules: u.tostring: u/tostring.lua:2: instruction budget of 100000 exceeded (see --max-instructions)
stack traceback:
rule_id,severity,time,subject,message,evidence,data

# review 2: JSON was encoded outside the Lua heap and outside the
# instruction budget, the findings' cap checked only afterwards: a table
# holding one large string many times (here 64 MiB of JSON), or a DAG of
# 2^40 leaves, grew trailsift without bound or ran for ever.  Encoding
# now stops at the findings' cap (finding data) or at the memory left
# (ts.json_encode), and its work counts against the instruction budget.
$ mkdir -p j && printf '%s\n' 'local function big() local s = ("x"):rep(1 << 20); local t = {}; for i = 1, 64 do t[i] = s end; return t end' 'local function dag() local x = {}; for i = 1, 40 do x = {x, x} end; return x end' 'return rule { id = "j.big", title = "t", severity = "info", finish = function(ctx) ctx:finding{ message = "m", data = big() } end }' > j/big.lua && printf '%s\n' 'return rule { id = "j.bigenc", title = "t", severity = "info", finish = function(ctx) local s = ("x"):rep(1 << 20); local t = {}; for i = 1, 64 do t[i] = s end; pcall(ts.json_encode, t); ctx:finding{ message = "SURVIVED" } end }' > j/bigenc.lua && printf '%s\n' 'return rule { id = "j.dag", title = "t", severity = "info", finish = function(ctx) local x = {}; for i = 1, 40 do x = {x, x} end; ctx:finding{ message = "m", data = x } end }' > j/dag.lua && printf '%s\n' 'return rule { id = "j.dagenc", title = "t", severity = "info", finish = function(ctx) local x = {}; for i = 1, 40 do x = {x, x} end; ts.json_encode(x) end }' > j/dagenc.lua && printf '%s\n' 'return rule { id = "j.ok", title = "t", severity = "info", finish = function(ctx) ctx:finding{ message = ts.json_encode({ a = ("y"):rep(10), b = { 1, 2 } }), data = { n = 1 } } end }' > j/ok.lua

$ timeout 20 trailsift rules run --no-store --rules j --max-memory 16 -f csv 'j.*' 2>&1 | grep -v '^	' | sed 's/over [0-9]* bytes/over N bytes/'
trailsift: rules: j.big: j/big.lua:3: ctx:finding: data: JSON output over N bytes, more than the findings may still hold under the memory limit of 16 MiB (see --max-memory)
stack traceback:
trailsift: rules: j.bigenc: j/bigenc.lua:1: ts.json_encode: JSON output over N bytes, more than the memory left under the limit of 16 MiB (see --max-memory)
stack traceback:
trailsift: rules: j.dag: j/dag.lua:1: ctx:finding: data: JSON output over N bytes, more than the findings may still hold under the memory limit of 16 MiB (see --max-memory)
stack traceback:
trailsift: rules: j.dagenc: j/dagenc.lua:1: ts.json_encode: JSON output over N bytes, more than the memory left under the limit of 16 MiB (see --max-memory)
stack traceback:
rule_id,severity,time,subject,message,evidence,data
j.ok,info,,,"{""a"":""yyyyyyyyyy"",""b"":[1,2]}",[],"{""n"":1}"

$ timeout 20 trailsift rules run --no-store --rules j --max-instructions 1000000 -f csv 'j.dag*' 2>&1 | grep -v '^	' | sed 's/over [0-9]* bytes/over N bytes/'
trailsift: rules: j.dag: j/dag.lua:1: instruction budget of 1000000 exceeded (see --max-instructions)
stack traceback:
trailsift: rules: j.dagenc: j/dagenc.lua:1: instruction budget of 1000000 exceeded (see --max-instructions)
stack traceback:
rule_id,severity,time,subject,message,evidence,data

# review 3: SQLite's memory was counted against no limit: a row of many
# 8 MB randomblob()s (240 MB) passed --max-memory 16.  SQLite may now
# hold the larger of --max-memory and 64 MiB while a rule runs; a sort
# of 100 MB still works (it spills to a temporary file)
$ mkdir -p q && printf '%s\n' 'return rule { id = "q.blob", title = "t", severity = "info", finish = function(ctx)' '  local cols = {}; for i = 1, 30 do cols[i] = "randomblob(8000000) AS c" .. i end' '  ctx:query("SELECT 1, " .. table.concat(cols, ", "))' '  ctx:finding{ message = "SURVIVED" }' 'end }' > q/blob.lua && printf '%s\n' 'return rule { id = "q.sort", title = "t", severity = "info", finish = function(ctx)' '  local r = ctx:query("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500000) SELECT count(*) AS c, sum(length(x)) AS s, min(x) = substr(hex(zeroblob(100)) || 1, -200) AS ok FROM (SELECT substr(hex(zeroblob(100)) || i, -200) AS x FROM n ORDER BY x DESC)")[1]' '  ctx:finding{ message = r.c .. " rows, " .. r.s .. " bytes sorted, " .. r.ok }' 'end }' > q/sort.lua && timeout 20 trailsift rules run --no-store --rules q --max-memory 16 -f csv 'q.*' 2>&1 | grep -v '^	'
trailsift: rules: q.blob: q/blob.lua:3: ctx:query: SQLite memory limit of 64 MiB reached (see --max-memory)
stack traceback:
rule_id,severity,time,subject,message,evidence,data
q.sort,info,,,"500000 rows, 100000000 bytes sorted, 1",[],

# review 4: single library calls looped in C, outside the budget:
# string.rep("", 1 << 60) (n empty copies) and table.move({}, 1, 1 << 50, 1).
# An empty rep returns at once; a move is charged per element first, and
# one the budget cannot pay fails the rule (in a pcall too); ordinary
# calls are unchanged
$ mkdir -p m && printf '%s\n' 'return rule { id = "m.rep", title = "t", severity = "info", finish = function(ctx)' '  ctx:finding{ message = "[" .. string.rep("", 1 << 60) .. ("x"):rep(0) .. ("x"):rep(-5) .. string.rep("", 1 << 60, "") .. ("ab"):rep(3, ",") .. ("a"):rep(1, "SEP") .. "]" }' 'end }' > m/rep.lua && printf '%s\n' 'return rule { id = "m.move", title = "t", severity = "info", finish = function(ctx)' '  ctx:finding{ message = table.concat(table.move({1, 2, 3}, 1, 3, 2), ",") .. " " .. #table.move({1, 2}, 1, 2, 1, {}) .. " " .. #table.move({}, 5, 1, 1) }' '  table.move({}, 1, 1 << 50, 1)' '  ctx:finding{ message = "SURVIVED" }' 'end }' > m/move.lua && printf '%s\n' 'return rule { id = "m.movepcall", title = "t", severity = "info", finish = function(ctx)' '  for i = 1, 100 do pcall(table.move, {}, 1, 1 << 50, 1) end' '  ctx:finding{ message = "SURVIVED" }' 'end }' > m/movepcall.lua && timeout 20 trailsift rules run --no-store --rules m -f csv 'm.*' 2>&1 | grep -v '^	'
trailsift: rules: m.move: m/move.lua:3: instruction budget of 1000000000 exceeded (see --max-instructions)
stack traceback:
trailsift: rules: m.movepcall: m/movepcall.lua:2: instruction budget of 1000000000 exceeded (see --max-instructions)
stack traceback:
rule_id,severity,time,subject,message,evidence,data
m.rep,info,,,"[ab,ab,aba]",[],

# review 5: require followed a symbolic link out of a lua/ directory (to
# a file, or through a linked folder); a link that stays inside it, and
# the built-in modules, still load
$ mkdir -p l/lua/sub outside && echo 'return { secret = "LEAKED" }' > outside/leak.lua && ln -s "$PWD/outside/leak.lua" l/lua/leak.lua && ln -s "$PWD/outside" l/lua/dir && echo 'return { v = "inside" }' > l/lua/sub/real.lua && ln -s sub/real.lua l/lua/alias.lua && printf '%s\n' 'return rule { id = "l.req", title = "t", severity = "info", finish = function(ctx)' '  for _, m in ipairs({ "leak", "dir.leak", "alias", "ts.time" }) do' '    local ok, v = pcall(require, m)' '    ctx:finding{ subject = m, message = ok and (v.v or v.secret or "loaded") or v }' '  end' 'end }' > l/req.lua && timeout 20 trailsift rules run --no-store --rules l -f csv 'l.*' | sed "s|$(pwd -P)/||g; s|$PWD/||g"
rule_id,severity,time,subject,message,evidence,data
l.req,info,,leak,"module 'leak': l/lua/leak.lua leads to outside/leak.lua, outside l/lua (links out of a lua/ directory are not followed)",[],
l.req,info,,dir.leak,"module 'dir.leak': l/lua/dir/leak.lua leads to outside/leak.lua, outside l/lua (links out of a lua/ directory are not followed)",[],
l.req,info,,alias,inside,[],
l.req,info,,ts.time,loaded,[],

# review 5: table.remove, table.concat and table.sort are C loops over
# the range # gives: a __len of 2^63 ran them for ever, past timeout's
# SIGTERM.  Each is charged its range first; concat of a string is no
# table
$ cp -r "$TS_SRC/tests/data/rules/review5" r5 && for id in t.remove t.concat-len t.sort t.concat; do timeout 20 trailsift rules run --no-store --rules r5 --max-instructions 100000 $id 2>&1 | grep -v toctou | head -n 1; done
trailsift: rules: t.remove: r5/remove.lua:5: instruction budget of 100000 exceeded (see --max-instructions)
trailsift: rules: t.concat-len: r5/concat.lua:7: instruction budget of 100000 exceeded (see --max-instructions)
trailsift: rules: t.sort: r5/sort.lua:6: instruction budget of 100000 exceeded (see --max-instructions)
trailsift: rules: t.concat: r5/string.lua:6: bad argument #1 to 'concat' (table expected, got string)

# review 5: a where that fails when it runs (malformed JSON) fails its
# rule, and the others still run; a rule table that changed its id and
# severity behind the Lua check (a __pairs and an __index) is refused
# in C
$ timeout 20 trailsift rules run --no-store --rules r5 -f csv aaa.first zzz.second; echo "exit $?"; timeout 20 trailsift rules list --rules r5 2>&1 | grep toctou
trailsift: rules: r5/toctou.lua: the rule table was changed after rule{}: id is not a rule id
trailsift: rules: aaa.first: r5/where.lua:3: the where query failed: malformed JSON
rule_id,severity,time,subject,message,evidence,data
zzz.second,info,,,second rule ran,[],
exit 3
trailsift: rules: r5/toctou.lua: the rule table was changed after rule{}: id is not a rule id

# review 6: evidence JSON is built outside the Lua heap: 200 references
# to one 50 MiB string ran the process out of memory.  An evidence id is
# at most an eventID's 256 bytes, and the text is held to --max-memory
# as it grows; ordinary evidence is unchanged
$ mkdir -p ev && printf '%s\n' 'return rule { id = "ev.big", title = "t", severity = "info", finish = function(ctx)' '  local s, ev = ("x"):rep(50 << 20), {}' '  for i = 1, 200 do ev[i] = s end' '  ctx:finding{ message = "SURVIVED", evidence = ev }' 'end }' > ev/big.lua && printf '%s\n' 'return rule { id = "ev.many", title = "t", severity = "info", finish = function(ctx)' '  local s, ev = ("\1"):rep(256), {}' '  for i = 1, 100000 do ev[i] = s end' '  ctx:finding{ message = "SURVIVED", evidence = ev }' 'end }' > ev/many.lua && printf '%s\n' 'return rule { id = "ev.ok", title = "t", severity = "info", finish = function(ctx)' '  ctx:finding{ message = "kept", evidence = { ("a"):rep(256), "b" } }' '  local ok, m = pcall(ctx.finding, ctx, { message = "m", evidence = "" })' '  ctx:finding{ message = m }' 'end }' > ev/ok.lua && timeout 20 trailsift rules run --no-store --rules ev --max-memory 128 -f csv ev.big 2>&1 | grep -v '^	' && timeout 20 trailsift rules run --no-store --rules ev --max-memory 16 -f csv ev.many ev.ok 2>&1 | grep -v '^	'
trailsift: rules: ev.big: ev/big.lua:4: ctx:finding: evidence: an event id is 1 to 256 bytes, not 52428800
stack traceback:
rule_id,severity,time,subject,message,evidence,data
trailsift: rules: ev.many: ev/many.lua:4: ctx:finding: evidence: JSON output over 16777216 bytes, more than the findings may still hold under the memory limit of 16 MiB (see --max-memory)
stack traceback:
rule_id,severity,time,subject,message,evidence,data
ev.ok,info,,,kept,"[""aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"",""b""]",
ev.ok,info,,,"ctx:finding: evidence: an event id is 1 to 256 bytes, not 0",[],

# review 6: the strings' metatable was the rule's to change, and rule{}
# checked the id with v:match(): a rule that replaced string.match (or
# the metatable's __index) passed any id.  The metatable is protected and
# the prelude calls its own copies of the string functions
$ mkdir -p sm && printf '%s\n' 'local ok, e = pcall(function() getmetatable("").__index = {} end)' 'string.match = function() return "x" end' 'return rule { id = "sm.meta", title = "t", severity = "info", finish = function(ctx)' '  ctx:finding{ message = tostring(getmetatable("")) .. " " .. tostring(ok) .. " " .. e .. " " .. ("ab"):rep(2) }' 'end }' > sm/meta.lua && printf '%s\n' 'string.match = function() return "x" end' 'return rule { id = "BAD ID", title = "t", severity = "info", finish = function(ctx) end }' > sm/id.lua && timeout 20 trailsift rules run --no-store --rules sm -f csv 'sm.*' 2>&1
trailsift: rules: sm/id.lua:2: rule: id 'BAD ID': use letters, digits, '.', '-' and '_'
rule_id,severity,time,subject,message,evidence,data
sm.meta,info,,,string false sm/meta.lua:1: attempt to index a string value abab,[],
[exit 3]

# review 6: a rule pack's lua/ts/*.lua replaced the built-in modules, and
# its rules the built-in rules of their ids, without a word: every
# built-in rule's findings could change unseen.  Each is named once
$ mkdir -p pk1/lua/ts pk2 && echo 'return {}' > pk1/lua/ts/time.lua && printf '%s\n' 'return rule { id = "identity.stale-access", title = "mine", severity = "info", tags = { "report.stale" }, finish = function(ctx) end }' > pk1/stale.lua && cp pk1/stale.lua pk2/stale.lua && trailsift rules list --rules pk1 --rules pk2 2>&1 >/dev/null
trailsift: rules: pk1/lua/ts/time.lua: replaces the built-in module ts.time
trailsift: rules: pk1/stale.lua: rule 'identity.stale-access' replaces the built-in rule (rules/identity/stale-access.lua)
trailsift: rules: pk2/stale.lua: rule 'identity.stale-access' replaces the one in pk1/stale.lua

# review 6 (M1): one string.rep call writes every byte of its result in
# C, outside the count hook: ("x"):rep(1e8) a thousand times ran minutes
# under a budget of a million instructions.  Its bytes are charged, one
# instruction per 64; small ones are unchanged
$ mkdir -p rp && printf '%s\n' 'return rule { id = "rp.loop", title = "t", severity = "info", finish = function(ctx)' '  for i = 1, 1000 do local s = ("x"):rep(1e8) end' '  ctx:finding{ message = "SURVIVED" }' 'end }' > rp/loop.lua && printf '%s\n' 'return rule { id = "rp.ok", title = "t", severity = "info", finish = function(ctx)' '  ctx:finding{ message = #(("ab"):rep(1000, ",")) .. " " .. #(("x"):rep(1 << 20)) }' 'end }' > rp/ok.lua && timeout 20 trailsift rules run --no-store --rules rp --max-instructions 1000000 --max-memory 256 -f csv 'rp.*' 2>&1 | grep -v '^	'
trailsift: rules: rp.loop: rp/loop.lua:2: instruction budget of 1000000 exceeded (see --max-instructions)
stack traceback:
rule_id,severity,time,subject,message,evidence,data
rp.ok,info,,,2999 1048576,[],
