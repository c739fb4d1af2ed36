-- Changed after rule{} (tests/cli/rules-meta.t): R.id = "and"
local R = rule {
  id = "changed.reserved", title = "t", severity = "info",
  args = { n = { type = "number", default = 1 } },
  finish = function(ctx) ctx:finding{ message = "m" } end,
}
R.id = "and"
return R
