-- A memory hog, also inside pcall.
return rule {
  id = "budget.hog",
  title = "Memory without end",
  severity = "info",
  tags = { "budget" },
  finish = function(ctx)
    pcall(function()
      local t = {}
      for i = 1, math.huge do t[i] = ("x"):rep(1000) .. i end
    end)
    ctx:finding{ message = "SURVIVED the memory limit" }
  end,
}
