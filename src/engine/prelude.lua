-- prelude.lua -- runs in every rule's sandbox before the rule file.
--
-- Holds the checks behind rule{}, the constructor a rule file returns:
-- the rule is checked against FIELDS, the one table that says what a
-- rule may hold (NSE's required fields, Redis's register_function): a
-- missing field, a wrong type or an unknown key fails at load time, and
-- the message carries the rule file's file:line (see check below).
--
-- Also the harness for the inline tests of Lua modules (`trailsift
-- rules test --lib`): a module's `_test` table maps test names to
-- functions taking `t` (t.eq, t.ok, t.fails).
--
-- Embedded in the binary (prelude.inc, like jq's builtin.jq).  sandbox.c
-- calls this chunk with one private C function, check_where (the
-- single-expression check of sqlguard.c), and keeps the table it
-- returns, which rules cannot reach.
local check_where = ...

local error, ipairs, pairs, pcall, rawget, tostring, type = error, ipairs,
  pairs, pcall, rawget, tostring, type
local HUGE, min = math.huge, math.min
local mtype, sort, concat, format = math.type, table.sort, table.concat,
  string.format
-- Called as functions, never as methods: a rule may replace string.match
-- in its own state, and a rule{} check must not be fooled by it.
local byte, find, match = string.byte, string.find, string.match

local SEVERITIES = { info = true, low = true, medium = true, high = true }
local RESERVED = { ["and"] = true, ["or"] = true, ["not"] = true,
  all = true }

-- Keys of t, sorted (strings before other types), so that the first
-- error reported is the same on every run.
local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  sort(keys, function(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta > tb end
    if ta == "string" or ta == "number" then return a < b end
    return tostring(a) < tostring(b)
  end)
  return keys
end

local function show(k)
  if type(k) == "string" then return "'" .. k .. "'" end
  return "[" .. tostring(k) .. "]"
end

-- Edit distance, for "did you mean" hints on misspelt field names.
local function distance(a, b)
  local prev = {}
  for j = 0, #b do prev[j] = j end
  for i = 1, #a do
    local cur = { [0] = i }
    for j = 1, #b do
      local cost = byte(a, i) == byte(b, j) and 0 or 1
      cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
    end
    prev = cur
  end
  return prev[#b]
end

local function unknown_key(k, known, what)
  local names = sorted_keys(known)
  if type(k) == "string" then
    for _, name in ipairs(names) do
      if distance(k, name) <= 2 then
        return format("unknown field %s in %s (did you mean '%s'?)",
          show(k), what, name)
      end
    end
  end
  return format("unknown field %s in %s (known: %s)", show(k), what,
    concat(names, ", "))
end

local function check_name(v, what)
  if not match(v, "^[%w_][%w_.%-]*$") then
    return format("%s '%s': use letters, digits, '.', '-' and '_'",
      what, v)
  end
  if RESERVED[v] then
    return format("%s '%s' is a word of selection expressions", what, v)
  end
end

local function check_list(v, what, each)
  local n = #v
  for k in pairs(v) do
    if mtype(k) ~= "integer" or k < 1 or k > n then
      return format("%s must be a list of strings", what)
    end
  end
  for i, x in ipairs(v) do
    if type(x) ~= "string" then
      return format("%s[%d] must be a string, not a %s", what, i, type(x))
    end
    local msg = each and each(x, what .. " entry")
    if msg then return msg end
  end
end

local ARG_FIELDS = { type = true, default = true, doc = true }
local ARG_TYPES = { string = true, number = true, boolean = true }

local function check_args(v)
  for _, name in ipairs(sorted_keys(v)) do
    local a = v[name]
    if type(name) ~= "string" or not match(name, "^[%a_][%w_]*$") then
      return format("args: %s is not a valid argument name", show(name))
    end
    local what = "args." .. name
    if type(a) ~= "table" then
      return format("%s must be a table { type = ..., default = ..., " ..
        "doc = ... }", what)
    end
    for _, k in ipairs(sorted_keys(a)) do
      if not ARG_FIELDS[k] then return unknown_key(k, ARG_FIELDS, what) end
    end
    if not ARG_TYPES[a.type] then
      return format('%s.type must be "string", "number" or "boolean"',
        what)
    end
    if a.default ~= nil and type(a.default) ~= a.type then
      return format("%s.default must be a %s, not a %s", what, a.type,
        type(a.default))
    end
    -- NaN and the infinities: no --arg value gives them, and no JSON
    -- form holds them.
    local d = a.default
    if type(d) == "number" and (d ~= d or d == HUGE or d == -HUGE) then
      return format("%s.default must be a finite number, not %s", what,
        d ~= d and "NaN" or d > 0 and "inf" or "-inf")
    end
    if a.doc ~= nil and type(a.doc) ~= "string" then
      return format("%s.doc must be a string", what)
    end
  end
end

-- The field table: name, Lua type, required, extra check.
local FIELDS = {
  { "id", "string", true, check_name },
  { "title", "string", true },
  { "severity", "string", true, function(v)
      if not SEVERITIES[v] then
        return format("severity '%s' must be info, low, medium or high",
          v)
      end
    end },
  { "description", "string" },
  { "tags", "table", false, function(v, what)
      return check_list(v, what, check_name)
    end },
  { "references", "table", false, check_list },
  { "args", "table", false, check_args },
  { "where", "string", false, function(v)
      local msg = check_where(v)
      if msg then return "where: " .. msg end
    end },
  { "each", "function" },
  { "finish", "function" },
}
local KNOWN = {}
for _, f in ipairs(FIELDS) do KNOWN[f[1]] = true end

local RULES = setmetatable({}, { __mode = "k" })

-- check(spec, line): rule{}'s checks.  The global rule() is a C function
-- (sandbox.c) that calls this and puts the rule file's file:line in
-- front of the message: `return rule {...}` is a tail call, so Lua code
-- could not see the caller's line.  Errors are raised at level 0.  line
-- is the rule file's line of the call (0: called from elsewhere), kept
-- for messages about the rule once it has loaded.
local function check(spec, line)
  if type(spec) ~= "table" then
    error("rule: expects a table: return rule { id = ..., ... }", 0)
  end
  for _, k in ipairs(sorted_keys(spec)) do
    if not KNOWN[k] then error("rule: " .. unknown_key(k, KNOWN, "rule"), 0) end
  end
  for _, f in ipairs(FIELDS) do
    local name, want, required, extra = f[1], f[2], f[3], f[4]
    local v = spec[name]
    if v == nil then
      if required then
        error(format("rule: missing required field '%s' (a %s)", name,
          want), 0)
      end
    elseif type(v) ~= want then
      error(format("rule: field '%s' must be a %s, not a %s", name, want,
        type(v)), 0)
    elseif extra then
      local msg = extra(v, name)
      if msg then error("rule: " .. msg, 0) end
    end
  end
  if spec.each == nil and spec.finish == nil then
    error("rule: needs an each function, a finish function or both", 0)
  end
  if spec.where ~= nil and spec.each == nil then
    error("rule: where selects events for each, but there is no each", 0)
  end
  RULES[spec] = line or 0
  return spec
end

-- Inline tests of modules --------------------------------------------------

local function dump(v, depth)
  depth = depth or 0
  if type(v) == "string" then return format("%q", v) end
  if type(v) ~= "table" or depth > 8 then return tostring(v) end
  local parts, n = {}, #v
  for i = 1, n do parts[#parts + 1] = dump(v[i], depth + 1) end
  for _, k in ipairs(sorted_keys(v)) do
    if not (mtype(k) == "integer" and k >= 1 and k <= n) then
      local key = type(k) == "string" and match(k, "^[%a_][%w_]*$") and k
        or "[" .. dump(k, depth + 1) .. "]"
      parts[#parts + 1] = key .. " = " .. dump(v[k], depth + 1)
    end
  end
  return "{" .. concat(parts, ", ") .. "}"
end

-- Deep equality; a pair of tables met again while comparing them (a
-- cycle) is taken as equal, so cyclic values end.
local function equal(a, b, seen)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  seen = seen or {}
  seen[a] = seen[a] or {}
  if seen[a][b] then return true end
  seen[a][b] = true
  for k, v in pairs(a) do
    if not equal(v, b[k], seen) then return false end
  end
  for k in pairs(b) do
    if a[k] == nil then return false end
  end
  return true
end

local t = {}

--- t.eq(got, want, what): deep equality.
function t.eq(got, want, what)
  if not equal(got, want) then
    error(format("%s: got %s, want %s", what or "value", dump(got),
      dump(want)), 2)
  end
end

--- t.ok(v, what): v is true (not nil or false).
function t.ok(v, what)
  if not v then error(format("%s: not true", what or "value"), 2) end
end

--- t.fails(fn, pattern): fn() raises an error matching pattern.
function t.fails(fn, pattern, what)
  local ok, err = pcall(fn)
  if ok then error(format("%s: did not fail", what or "call"), 2) end
  if pattern and not find(tostring(err), pattern) then
    error(format("%s: error %q does not match %q", what or "call",
      tostring(err), pattern), 2)
  end
end

local private = { check = check }

-- The line of the rule{} call that made v (0 when not known), or nil
-- when v was not made by rule{}.
function private.rule_line(v)
  return RULES[v]
end

-- The names of mod._test's tests, sorted, or nil when the module has
-- no tests.  Test i is the i-th of them, for lib_run.
function private.lib_names(mod)
  local tests = type(mod) == "table" and rawget(mod, "_test")
  if type(tests) ~= "table" then return nil end
  local names = {}
  for i, name in ipairs(sorted_keys(tests)) do names[i] = tostring(name) end
  return names
end

-- Run test i of mod._test: nil when it passes, else its error message.
-- Each test is a call of its own (rule_test.c), with its own budget.
function private.lib_run(mod, i)
  local tests = rawget(mod, "_test")
  local ok, err = pcall(tests[sorted_keys(tests)[i]], t)
  return not ok and tostring(err) or nil
end

return private
