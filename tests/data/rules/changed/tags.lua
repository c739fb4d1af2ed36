-- Changed after rule{} (tests/cli/rules-meta.t): R.tags = { "all", "x y" }
local R = rule {
  id = "changed.tags", title = "t", severity = "info",
  args = { n = { type = "number", default = 1 } },
  finish = function(ctx) ctx:finding{ message = "m" } end,
}
R.tags = { "all", "x y" }
return R
