--- ts.time -- times as the index keeps them: integer milliseconds since
-- 1970-01-01 UTC (e.time_ms), and ISO 8601 text.
--
-- parse and format wrap ts.time_parse and ts.time_format, which are
-- trailsift's own C parser and formatter (src/util/tstime.c), so a rule
-- reads and writes times exactly as ingest and the reports do.
--
--   local time = require "ts.time"
--   local ms = time.parse("2025-10-08T18:30:50Z")
--   if e.time_ms - ms > 90 * time.DAY then ... end
local ts = ts

local M = {}

M.SECOND = 1000
M.MINUTE = 60 * M.SECOND
M.HOUR = 60 * M.MINUTE
M.DAY = 24 * M.HOUR
M.WEEK = 7 * M.DAY

--- time.parse(text [, as_end]) -> ms, or nil and a message.
-- Accepts what CloudTrail and its tools write: 2024-01-02T03:04:05Z,
-- fractional seconds, offsets (+01:00), a space for the T, the basic
-- form 20240102T030405Z, and a date alone (midnight UTC).  With as_end,
-- the last millisecond of what text names, as --until takes it: a date
-- alone its day's, 2024-01-02T03:04 that minute's.
function M.parse(text, as_end)
  if type(text) ~= "string" then
    return nil, "not a string: " .. tostring(text)
  end
  local ms = ts.time_parse(text, as_end)
  if ms == nil then return nil, "not a time: " .. text end
  return ms
end

--- time.format(ms) -> "YYYY-MM-DDTHH:MM:SSZ" (".mmm" when not whole).
function M.format(ms)
  return ts.time_format(ms)
end

--- time.date(ms) -> "YYYY-MM-DD", the UTC day of ms.
function M.date(ms)
  return ts.time_format(M.day_start(ms)):sub(1, 10)
end

--- time.day_start(ms) -> ms of 00:00 UTC on that day.
function M.day_start(ms)
  return ms - ms % M.DAY
end

local UNITS = { ms = 1, s = M.SECOND, m = M.MINUTE, h = M.HOUR, d = M.DAY,
  w = M.WEEK }

-- The longest duration: the span of the times ts.time_format writes
-- (years 0001 to 9999), far from integer overflow.
local LONGEST = 10000 * 366 * 24 * 3600 * 1000

--- time.duration(text) -> ms, or nil and a message.
-- "90d", "12h", "30m", "45s", "1500ms", "2w", and sums such as "1d12h".
function M.duration(text)
  if type(text) ~= "string" or text == "" then
    return nil, "not a duration: " .. tostring(text)
  end
  local total, rest = 0, text
  while rest ~= "" do
    local n, unit, tail = rest:match("^(%d+)(%a+)(.*)$")
    if not n or not UNITS[unit] then
      return nil, "not a duration: " .. text .. " (use w, d, h, m, s, ms)"
    end
    -- digits past an integer's range make no integer at all
    local k = #n <= 18 and math.tointeger(n)
    if not k or k > (LONGEST - total) // UNITS[unit] then
      return nil, "not a duration: " .. text .. " (longer than 10000 years)"
    end
    total = total + k * UNITS[unit]
    rest = tail
  end
  return total
end

--- time.human(ms) -> "3d 4h 5m" style text for a duration.
function M.human(ms)
  -- A float, as an average ((last - first) / n) is: its whole ms.
  if math.type(ms) == "float" then ms = math.floor(ms) end
  -- a duration that runs backwards (events out of order): its length,
  -- marked
  if ms < 0 then return "-" .. M.human(math.max(-ms, -(ms + 1))) end
  if ms < M.SECOND then return ("%dms"):format(ms) end
  local parts, left = {}, ms // M.SECOND
  for _, u in ipairs({ { "d", 86400 }, { "h", 3600 }, { "m", 60 },
    { "s", 1 } }) do
    local n = left // u[2]
    if n > 0 then
      parts[#parts + 1] = n .. u[1]
      left = left - n * u[2]
    end
    if #parts == 2 then break end
  end
  return table.concat(parts, " ")
end

M._test = {
  parse = function(t)
    t.eq(M.parse("2025-10-08T18:30:50Z"), 1759948250000, "Z")
    t.eq(M.parse("2025-10-08T18:30:50.123Z"), 1759948250123, "fraction")
    t.eq(M.parse("2025-11-14T08:07:31-06:00"), 1763129251000, "offset")
    t.eq(M.parse("2024-01-02"), 1704153600000, "date")
    t.eq(M.parse("20131102T010628Z"), 1383354388000, "basic form")
    t.eq(select(2, M.parse("yesterday")), "not a time: yesterday",
      "rejects")
    t.eq(M.parse(42), nil, "not a string")
    t.eq(M.parse("2024-01-02", true), 1704153600000 + M.DAY - 1, "end of a date")
    t.eq(M.parse("20240102", true), 1704153600000 + M.DAY - 1, "basic date")
    t.eq(M.parse("2024-01-02T00:00", true), 1704153600000 + M.MINUTE - 1,
      "end of a minute")
    t.eq(M.parse("2024-01-02T00:00:00.000Z", true), 1704153600000, "exact")
  end,
  format = function(t)
    t.eq(M.format(1759948250000), "2025-10-08T18:30:50Z", "whole")
    t.eq(M.format(1759948250123), "2025-10-08T18:30:50.123Z", "ms")
    t.eq(M.format(0), "1970-01-01T00:00:00Z", "epoch")
    t.eq(M.format(M.parse("2000-02-29T23:59:59Z")),
      "2000-02-29T23:59:59Z", "round trip")
  end,
  days = function(t)
    t.eq(M.date(1759948250123), "2025-10-08", "date")
    t.eq(M.day_start(1759948250123), 1759881600000, "day start")
  end,
  duration = function(t)
    t.eq(M.duration("90d"), 90 * M.DAY, "days")
    t.eq(M.duration("1d12h"), 36 * M.HOUR, "sum")
    t.eq(M.duration("1500ms"), 1500, "ms")
    t.eq(M.duration("2w"), 14 * M.DAY, "weeks")
    t.eq(M.duration("5y"), nil, "unknown unit")
    t.eq(M.duration(""), nil, "empty")
    -- review 4 (a rule author), finding 6: no overflow, no Lua error
    t.eq(M.duration("999999999999d"), nil, "overflow")
    t.eq(M.duration("20000000000000w"), nil, "overflow, weeks")
    t.eq(select(2, M.duration("99999999999999999999d")),
      "not a duration: 99999999999999999999d (longer than 10000 years)")
    t.eq(M.duration("3650000d"), 3650000 * M.DAY, "10000 years fit")
  end,
  human = function(t)
    t.eq(M.human(500), "500ms", "ms")
    t.eq(M.human(3 * M.DAY + 4 * M.HOUR + 5 * M.MINUTE), "3d 4h", "two parts")
    t.eq(M.human(61 * M.SECOND), "1m 1s", "minutes")
    t.eq(M.human((3 * M.DAY + 4 * M.HOUR) / 2), "1d 14h", "a float")
    t.eq(M.human(1500.5), "1s", "a float under a minute")
    t.eq(M.human(2.5), "2ms", "a float under a second")
    t.eq(M.human(-5000), "-5s", "negative")
    t.eq(M.human(-61 * M.SECOND), "-1m 1s", "negative minutes")
    t.eq(M.human(math.mininteger):sub(1, 1), "-", "the most negative")
  end,
}

return M
