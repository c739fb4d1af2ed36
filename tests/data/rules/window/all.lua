-- Without a where, the window alone selects events (the time index).
return rule {
  id = "window.all",
  title = "All events in the window",
  severity = "info",
  each = function(e, ctx)
    ctx.state.n = (ctx.state.n or 0) + 1
  end,
  finish = function(ctx)
    ctx:finding{ message = (ctx.state.n or 0) .. " events" }
  end,
}
