-- The memory limit tripping inside a library call (tests/cli/rules-oom.t):
-- the failure names the line of the call.
return rule {
  id = "oom.rep", title = "One string bigger than the limit", severity = "info",
  finish = function(ctx)
    local n = 200 * 1024 * 1024
    local s = string.rep("x", n)
    ctx:finding{ message = #s }
  end,
}
