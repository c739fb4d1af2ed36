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
trailsift: rules: x.mem: x/mem.lua:3: memory limit of 32 MiB exceeded (see --max-memory)
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
trailsift: rules: u.close: u/close.lua:2: instruction budget of 100000 exceeded (see --max-instructions)
stack traceback:
trailsift: rules: u.strclose: u/strclose.lua:1: instruction budget of 100000 exceeded (see --max-instructions)
stack traceback:
trailsift: rules: u.tostring: u/tostring.lua:2: instruction budget of 100000 exceeded (see --max-instructions)
stack traceback:
rule_id,severity,time,subject,message,evidence,data
