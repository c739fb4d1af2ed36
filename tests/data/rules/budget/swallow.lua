-- pcall cannot swallow the budget: once tripped, every instruction
-- raises again, so the rule never reaches its finding.
return rule {
  id = "budget.swallow",
  title = "A loop inside pcall",
  severity = "info",
  tags = { "budget" },
  finish = function(ctx)
    for i = 1, 3 do
      pcall(function() while true do end end)
    end
    ctx:finding{ message = "SURVIVED the instruction budget" }
  end,
}
