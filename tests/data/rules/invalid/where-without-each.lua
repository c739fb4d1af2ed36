return rule {
  id = "invalid.where-without-each",
  title = "A where nobody reads",
  severity = "info",
  where = [[1 = 1]],
  finish = function(ctx) end,
}
