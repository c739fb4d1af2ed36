-- rule{} checks the table through metamethods that the rule controls;
-- the C side then reads the raw fields, which changed behind the check.
local good = { id = "t.toctou", title = "ok", severity = "info" }
local evil = { id = "x\nall", title = "t\027]0;owned\007",
               severity = "critical\027[5m" }
local spec = { id = good.id, title = good.title, severity = good.severity,
  tags = { "default" },
  finish = function(ctx) ctx:finding{ message = "m" } end }
setmetatable(spec, {
  __pairs = function(t)          -- runs first in each check: restore
    for k, v in pairs(good) do rawset(t, k, v) end
    return next, t, nil
  end,
  __index = function(t, k)       -- 'description' is looked up after id/title/severity
    if k == "description" then for kk, v in pairs(evil) do rawset(t, kk, v) end end
  end,
})
return rule(spec)
