-- table.concat over a string whose metatable serves "" for every index
return rule { id = "t.concat", title = "x", severity = "info",
  finish = function(ctx)
    local mt = getmetatable("")
    mt.__index = string.lower
    mt.__len = string.len
    table.concat("", "", 1, math.maxinteger)
  end }
