return rule {
  id = "invalid.bad-severity",
  title = "A severity that does not exist",
  severity = "critical",
  finish = function(ctx) end,
}
