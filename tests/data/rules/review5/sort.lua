-- a sort of a table whose __len says 2^62
return rule { id = "t.sort", title = "x", severity = "info",
  finish = function(ctx)
    local t = setmetatable({}, { __index = function() return 1 end,
      __len = function() return 1 << 62 end })
    table.sort(t)
  end }
