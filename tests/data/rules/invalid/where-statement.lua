return rule {
  id = "invalid.where-statement",
  title = "A where that tries to be two statements",
  severity = "info",
  where = [[1; DELETE FROM event]],
  each = function(e, ctx) end,
}
