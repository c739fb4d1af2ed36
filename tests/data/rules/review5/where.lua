-- a where that prepares fine but fails at run time (SQLite runtime error)
return rule { id = "aaa.first", title = "x", severity = "info", tags = { "default" },
  where = "json('not json') IS NOT NULL",
  each = function(e, ctx) end }
