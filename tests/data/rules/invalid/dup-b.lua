return rule {
  id = "invalid.duplicate",
  title = "Second of two with one id",
  severity = "info",
  finish = function(ctx) end,
}
