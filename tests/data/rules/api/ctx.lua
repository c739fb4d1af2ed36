-- ctx: state, args of each type, query with parameters, log, findings
-- made in finish with an explicit time, a severity and no time at all.
local time = require "ts.time"

return rule {
  id = "api.ctx",
  title = "ctx in each and finish",
  severity = "low",
  tags = { "api" },
  args = {
    label = { type = "string", default = "none", doc = "a label" },
    limit = { type = "number", default = 10, doc = "a number" },
    loud = { type = "boolean", default = false, doc = "a switch" },
  },
  where = [[read_only = 1]],
  each = function(e, ctx)
    ctx.state.n = (ctx.state.n or 0) + 1
    ctx.state.last = e.event_id
    if ctx.args.loud then ctx:log("saw %s %s", e.event_name, e.event_id) end
  end,
  finish = function(ctx)
    local rows = ctx:query(
      "SELECT event_name, time_ms, error_code FROM events " ..
      "WHERE account = ?1 AND time_ms >= ?2 ORDER BY time_ms", "111122223333",
      time.parse("2025-10-08T18:31:00Z"))
    local names = {}
    for i, row in ipairs(rows) do
      names[i] = row.event_name .. (row.error_code and "!" or "")
    end
    ctx:finding{
      subject = ctx.args.label,
      message = ("%d read-only events, last %s"):format(ctx.state.n,
        ctx.state.last),
      time = "2025-10-08T18:31:05Z",
      severity = "medium",
      data = { limit = ctx.args.limit, limit_type = math.type(ctx.args.limit),
               loud = ctx.args.loud, names = names, rule = ctx.rule.id,
               count = ctx:query("SELECT count(*) AS n FROM events")[1].n },
    }
    ctx:finding{ message = "no time, no subject", evidence = { ctx.state.last } }
    ctx:finding{ message = "explicitly no time", time = false }
  end,
}
