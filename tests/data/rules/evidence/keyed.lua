-- Evidence given as a keyed table (tests/cli/rules-evidence.t): an
-- error naming the field, not evidence [].  ctx.args.shape picks it.
return rule {
  id = "evidence.keyed",
  title = "Evidence in the shape ctx.args.shape says",
  severity = "info",
  args = { shape = { type = "string", default = "list" } },
  each = function(e, ctx)
    local ev = { list = { e, e.event_id }, set = { [e.event_id] = true },
      named = { first = e }, holes = { e, [5] = e } }
    ctx:finding{ message = "m", evidence = ev[ctx.args.shape] }
  end,
}
