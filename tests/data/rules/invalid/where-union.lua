return rule {
  id = "invalid.where-union",
  title = "A where that closes its parenthesis",
  severity = "info",
  where = [[1) UNION SELECT * FROM events WHERE (1]],
  each = function(e, ctx) end,
}
