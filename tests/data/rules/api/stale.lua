-- An e kept past its each() call answers with an error, not stale data.
return rule {
  id = "api.stale",
  title = "Events expire",
  severity = "info",
  tags = { "api" },
  where = [[event_name = 'GetObject']],
  each = function(e, ctx)
    ctx.state.kept = e
    ctx.state.first = tostring(e)
    ctx.state.write = select(2, pcall(function() e.event_name = "x" end))
    ctx.state.typo = select(2, pcall(function() return e.evnet_name end))
  end,
  finish = function(ctx)
    local ok, err = pcall(function() return ctx.state.kept.event_name end)
    local ok2, err2 = pcall(ctx.finding, ctx,
      { message = "x", evidence = { ctx.state.kept } })
    local ok3, err3 = pcall(ctx.finding, ctx, { mesage = "typo" })
    local ok4, err4 = pcall(function() ctx.finding{ message = "dot" } end)
    ctx:finding{ message = "stale e", data = {
      read = tostring(ok) .. ": " .. err,
      evidence = tostring(ok2) .. ": " .. err2,
      finding_typo = tostring(ok3) .. ": " .. err3,
      dot_call = tostring(ok4) .. ": " .. err4,
      field_typo = ctx.state.typo, write = ctx.state.write,
      tostring = ctx.state.first, later = tostring(ctx.state.kept) } }
  end,
}
