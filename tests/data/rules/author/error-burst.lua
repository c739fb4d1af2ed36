-- bursts of errors by one principal.
local time = require "ts.time"
local util = require "ts.util"

return rule {
  id = "author.error-burst",
  title = "Bursts of failed calls",
  severity = "low",
  tags = { "author" },
  args = { n = { type = "number", default = 5, doc = "errors" },
           window = { type = "string", default = "5m", doc = "window" } },
  where = [[error_code IS NOT NULL]],
  each = function(e, ctx)
    local s = ctx.state
    s.w = s.w or assert(time.duration(ctx.args.window))
    s.by = s.by or {}
    local who = e.principal_arn or e.source_ip or "?"
    local q = s.by[who] or { times = {}, ids = {}, reported = false }
    s.by[who] = q
    q.times[#q.times + 1] = e.time_ms
    q.ids[#q.ids + 1] = e.event_id
    while q.times[1] and e.time_ms - q.times[1] > s.w do
      table.remove(q.times, 1); table.remove(q.ids, 1)
    end
    if #q.times >= ctx.args.n and not q.reported then
      q.reported = true
      q.first = q.times[1]
      q.evid = { table.unpack(q.ids) }
    end
  end,
  finish = function(ctx)
    local by = ctx.state.by or {}
    for _, who in ipairs(util.sorted_keys(by)) do
      local q = by[who]
      if q.reported then
        ctx:finding{ subject = who, time = q.first,
          message = ("%d errors within %s from %s"):format(#q.evid, ctx.args.window, time.date(q.first)),
          evidence = q.evid, data = { n = #q.evid } }
      end
    end
  end,
}
