return rule {
  id = "invalid.infinite-default",
  title = "A number default no --arg could give, nor JSON hold",
  severity = "info",
  args = { days = { type = "number", default = 1 / 0, doc = "days" } },
  finish = function(ctx) end,
}
