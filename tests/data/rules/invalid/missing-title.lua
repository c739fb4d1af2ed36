-- The error points at the line of `rule {`.

return rule {
  id = "invalid.missing-title",
  severity = "info",
  finish = function(ctx) end,
}
