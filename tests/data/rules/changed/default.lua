-- Changed after rule{} (tests/cli/rules-meta.t): R.args.n.default = "not a number"
local R = rule {
  id = "changed.default", title = "t", severity = "info",
  args = { n = { type = "number", default = 1 } },
  finish = function(ctx) ctx:finding{ message = "m" } end,
}
R.args.n.default = "not a number"
return R
