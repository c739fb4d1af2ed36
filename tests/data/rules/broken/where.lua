return rule {
  id = "broken.where",
  title = "A where SQLite rejects",
  severity = "info",
  where = [[no_such_column = 1]],
  each = function(e, ctx) end,
}
