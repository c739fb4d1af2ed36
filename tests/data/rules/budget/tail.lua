-- review finding 11: a pcall in tail position returns straight to the engine, so
-- no instruction of finish runs after the budget trips; the rule fails
-- all the same and its finding is dropped.
local function spin() while true do end end

return rule {
  id = "budget.tail",
  title = "A loop inside a pcall in tail position, in finish",
  severity = "info",
  tags = { "budget" },
  finish = function(ctx)
    ctx:finding{ message = "SURVIVED the instruction budget" }
    return pcall(spin)
  end,
}
