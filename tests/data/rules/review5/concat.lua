-- table.concat over a table that serves "x" at every index up to a
-- __len of 2^63: a C loop the count hook never saw
return rule { id = "t.concat-len", title = "x", severity = "info",
  finish = function(ctx)
    local t = setmetatable({}, { __index = function() return "x" end,
      __len = function() return math.maxinteger end })
    table.concat(t)
  end }
