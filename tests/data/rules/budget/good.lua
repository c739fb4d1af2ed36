return rule {
  id = "budget.good",
  title = "Well within its budgets",
  severity = "info",
  tags = { "budget" },
  where = [[error_code IS NOT NULL]],
  each = function(e, ctx)
    local n = 0
    for i = 1, 100 do n = n + i end
    ctx:finding{ subject = e.event_id, message = "sum " .. n, evidence = { e } }
  end,
}
