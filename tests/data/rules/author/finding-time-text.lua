-- A finding's time given as text is held to the years 0001 to 9999 UTC
-- too (tests/cli/rules-author.t).
return rule {
  id = "author.finding-time-text",
  title = "Findings at the edges of time, as text",
  severity = "info",
  args = { text = { type = "string", doc = "the time of the finding" } },
  finish = function(ctx)
    ctx:finding{ message = ctx.args.text, time = ctx.args.text }
  end,
}
