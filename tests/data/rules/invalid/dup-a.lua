return rule {
  id = "invalid.duplicate",
  title = "First of two with one id",
  severity = "info",
  finish = function(ctx) end,
}
