-- Changed after rule{} (tests/cli/rules-meta.t): R.finsh = function() end
local R = rule {
  id = "changed.unknown", title = "t", severity = "info",
  args = { n = { type = "number", default = 1 } },
  finish = function(ctx) ctx:finding{ message = "m" } end,
}
R.finsh = function() end
return R
