-- A where not written as a field: the error names the line of rule{}.
local spec = { id = "whereline.computed", title = "Computed", severity = "info",
  each = function(e, ctx) end }
spec["where"] = "no_such_column = " .. 1

return rule(spec)
