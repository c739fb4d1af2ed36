return rule {
  id = "invalid.wrong-type",
  title = "A number where a string belongs",
  severity = 3,
  finish = function(ctx) end,
}
