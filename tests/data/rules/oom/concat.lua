-- table.concat of more than the limit (tests/cli/rules-oom.t).
return rule {
  id = "oom.concat", title = "A concatenation bigger than the limit", severity = "info",
  finish = function(ctx)
    local t = {}
    for i = 1, 20 do t[i] = string.rep("y", 2 * 1024 * 1024) end
    local s = table.concat(t)
    ctx:finding{ message = #s }
  end,
}
