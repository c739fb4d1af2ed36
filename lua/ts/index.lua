--- ts.index -- questions about the index as a whole, answered from its
-- indexes rather than by reading every event, so they stay fast on a
-- year of logs.
--
--   local index = require "ts.index"
--   for _, a in ipairs(index.accounts(ctx)) do
--     print(a.account, time.format(a.first), time.format(a.last))
--   end
local M = {}

-- Each distinct value of an indexed str.id column, by jumping through
-- the index (one lookup per value, not one per event); 0, an absent
-- value, is left out.
local function distinct(ctx, column)
  local ids, last = {}, 0
  local sql = ("SELECT %s AS v FROM event WHERE %s > ? ORDER BY %s LIMIT 1")
    :format(column, column, column)
  while true do
    local r = ctx:query(sql, last)[1]
    if r == nil then return ids end
    last = r.v
    ids[#ids + 1] = r.v
  end
end

--- index.accounts(ctx) -> list of { account, first, last }: every
--- recipientAccountId in the index with the times of its first and
--- last event, sorted by account.
function M.accounts(ctx)
  local out = {}
  for _, id in ipairs(distinct(ctx, "account")) do
    local a = { account = ctx:query("SELECT s FROM str WHERE id = ?", id)[1].s }
    a.first = ctx:query("SELECT time_ms AS t FROM event WHERE account = ? " ..
      "ORDER BY time_ms LIMIT 1", id)[1].t
    a.last = ctx:query("SELECT time_ms AS t FROM event WHERE account = ? " ..
      "ORDER BY time_ms DESC LIMIT 1", id)[1].t
    out[#out + 1] = a
  end
  table.sort(out, function(x, y) return x.account < y.account end)
  return out
end

--- index.event_sources(ctx) -> sorted list of every eventSource.
function M.event_sources(ctx)
  local out = {}
  for _, id in ipairs(distinct(ctx, "event_source")) do
    out[#out + 1] = ctx:query("SELECT s FROM str WHERE id = ?", id)[1].s
  end
  table.sort(out)
  return out
end

--- index.span(ctx) -> first, last: times of the first and last event
--- (nil when the index holds none).
function M.span(ctx)
  -- Two queries: SQLite answers a lone min() or max() from the index.
  local first = ctx:query("SELECT min(time_ms) AS t FROM event")[1].t
  local last = ctx:query("SELECT max(time_ms) AS t FROM event")[1].t
  return first, last
end

return M
