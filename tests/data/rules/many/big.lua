-- Findings bigger than --max-memory in all (tests/cli/rules-findings-cap.t).
return rule {
  id = "many.big", title = "300 findings of 1 MiB", severity = "info",
  finish = function(ctx)
    local m = string.rep("x", 1024 * 1024)
    for i = 1, 300 do
      ctx:finding{ message = m }
    end
  end,
}
