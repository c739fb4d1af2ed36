return rule {
  id = "invalid.bad-default",
  title = "A default of the wrong type",
  severity = "info",
  args = { days = { type = "number", default = "three", doc = "days" } },
  finish = function(ctx) end,
}
