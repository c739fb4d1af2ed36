-- Rule tables changed after rule{} (tests/cli/rules-meta.t): each is
-- refused as rule{} would refuse it.
local R = rule {
  id = "changed.severity", title = "t", severity = "info",
  finish = function(ctx) ctx:finding{ message = "m" } end,
}
R.severity = "critical"
return R
