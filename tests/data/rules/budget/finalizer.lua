-- A finalizer that never ends: Lua runs __gc with hooks off, so no
-- instruction budget stops it, and trailsift hung when the rule's state
-- was closed.  setmetatable refuses __gc (tests/cli/rules-sandbox.t).
return rule {
  id = "budget.finalizer",
  title = "A __gc that loops",
  severity = "info",
  tags = { "budget" },
  finish = function(ctx)
    local ok, err = pcall(setmetatable, {}, { __gc = function() while true do end end })
    ctx:finding{ message = ok and "SET a finalizer" or err }
    -- nor through the metatable ts.array marks tables with, which C
    -- sets: out of reach, getmetatable gives its name
    ok, err = pcall(function()
      getmetatable(ts.array()).__gc = function() while true do end end
      ts.array({})
    end)
    ctx:finding{ message = ok and "SET a finalizer on ts.array" or
      err:gsub("^.-:%d+: ", "") }
    -- added after setmetatable, __gc marks nothing: allowed, inert
    local mt = {}
    setmetatable({}, mt).x = 1
    mt.__gc = function() while true do end end
    collectgarbage()
  end,
}
