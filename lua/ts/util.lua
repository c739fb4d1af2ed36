--- ts.util -- small table helpers that rules and the ts.* modules share,
-- kept in one place so that every report sorts and writes null alike.
--
--   local util = require "ts.util"
--   for _, k in ipairs(util.sorted_keys(t)) do ... end
--   ctx:finding{ data = { row = { name = util.null(u.name) } } }
local ts = ts

local M = {}

--- util.sorted_keys(t, cmp) -> the keys of t in a list, sorted by
-- table.sort with cmp (nil: <), so that output does not depend on the
-- order of pairs().
function M.sorted_keys(t, cmp)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, cmp)
  return keys
end

--- util.null(v) -> v, or ts.null when v is nil: a field that a
-- finding's data (JSON) keeps as null rather than leaves out.
function M.null(v)
  if v == nil then return ts.null end
  return v
end

M._test = {
  sorted_keys = function(t)
    t.eq(M.sorted_keys({ b = 1, a = 2, c = 3 }), { "a", "b", "c" })
    t.eq(M.sorted_keys({ b = 1, a = 2, c = 3 }, function(x, y) return x > y end),
      { "c", "b", "a" }, "cmp")
    t.eq(M.sorted_keys({ [3] = true, [1] = true, [2] = true }), { 1, 2, 3 },
      "numbers")
    t.eq(M.sorted_keys({}), {}, "empty")
  end,
  null = function(t)
    t.ok(M.null(nil) == ts.null, "nil is null")
    t.eq(M.null(false), false, "false stays")
    t.eq(M.null("x"), "x")
    t.ok(M.null(ts.null) == ts.null, "null stays")
  end,
}

return M
