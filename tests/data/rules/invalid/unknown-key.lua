return rule {
  id = "invalid.unknown-key",
  title = "A misspelt field",
  severity = "info",
  finsh = function(ctx) end,
}
