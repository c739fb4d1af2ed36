-- ctx:log and ts.log with a format string.format refuses: the error
-- names the rule file, its line and 'log' (tests/cli/rules-log.t).
return rule {
  id = "t.log-format", title = "t", severity = "info",
  finish = function(ctx)
    local _, err = pcall(function() ts.log("%y", 1) end)
    ctx:log("caught: %s", err)
    _, err = pcall(function() ts.log("%q", {}) end)
    ctx:log("caught: %s", err)
    ctx:log("%d events", "many")
  end,
}
