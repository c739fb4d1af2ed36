return rule {
  id = "broken.syntax",
  title = "A syntax error",
  severity = "info",
  each = function(e, ctx)
    if e.event_name = "x" then end
  end,
}
