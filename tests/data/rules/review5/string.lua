-- table.concat over a string: with a string metatable serving "" for
-- every index (no longer possible: the metatable is protected) and a
-- __len of 2^63 it looped for ever; a string is not a table anyway
return rule { id = "t.concat", title = "x", severity = "info",
  finish = function(ctx)
    table.concat("", "", 1, math.maxinteger)
  end }
