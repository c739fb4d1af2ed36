return rule {
  id = "invalid.bad-arg",
  title = "An argument of an unknown type",
  severity = "info",
  args = { days = { type = "integer", default = 3 } },
  finish = function(ctx) end,
}
