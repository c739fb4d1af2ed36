-- review finding 11: the same in each, on the last event the rule sees and with
-- no finish to trip on next.
local function spin() while true do end end

return rule {
  id = "budget.tail-each",
  title = "A loop inside a pcall in tail position, in each",
  severity = "info",
  tags = { "budget" },
  where = [[event_name = 'AssumeRole']],
  each = function(e, ctx)
    ctx:finding{ message = "SURVIVED the instruction budget" }
    return pcall(spin)
  end,
}
