local x = nil
local y = x.field
return rule { id = "invalid.top-level-error", title = "t", severity = "info",
  finish = function() end }
