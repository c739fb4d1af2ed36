-- C loop in table.remove driven by __len: no Lua instruction runs inside
return rule { id = "t.remove", title = "x", severity = "info",
  finish = function(ctx)
    local t = setmetatable({}, { __len = function() return math.maxinteger end })
    table.remove(t, 1)
  end }
