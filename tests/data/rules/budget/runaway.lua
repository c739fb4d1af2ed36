return rule {
  id = "budget.runaway",
  title = "An endless loop",
  severity = "info",
  tags = { "budget" },
  where = [[event_name = 'GetObject']],
  each = function(e, ctx)
    while true do end
  end,
}
