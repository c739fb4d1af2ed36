-- The run's window: --since/--until limit the events each() sees (the
-- rule's where still applies) and are ctx.since/ctx.until, or nil.
return rule {
  id = "window.seen",
  title = "Events in the window",
  severity = "info",
  where = [[event_source <> 'nothing']],
  each = function(e, ctx)
    ctx.state[#ctx.state + 1] = e.event_name
  end,
  finish = function(ctx)
    ctx:finding{
      message = #ctx.state .. " events: " .. table.concat(ctx.state, " "),
      data = { since = ctx.since or "none", ["until"] = ctx["until"] or "none" },
    }
  end,
}
