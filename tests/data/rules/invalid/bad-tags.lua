return rule {
  id = "invalid.bad-tags",
  title = "Tags that are not a list of names",
  severity = "info",
  tags = { "ok", "not ok" },
  finish = function(ctx) end,
}
