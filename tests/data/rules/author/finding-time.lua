-- A finding's time must be one that prints as ISO 8601 and reads back:
-- the years 0001 to 9999, as for ts.time_format (tests/cli/rules-author.t).
return rule {
  id = "author.finding-time",
  title = "Findings at the edges of time",
  severity = "info",
  args = { ms = { type = "number", doc = "the time of the finding" } },
  finish = function(ctx)
    ctx:finding{ message = "at " .. ctx.args.ms, time = math.tointeger(ctx.args.ms) }
  end,
}
