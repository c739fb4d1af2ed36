--- ts.identity -- which CloudTrail events change identities, and how.
--
-- Identity changes are keyed on (eventSource, eventName), never on
-- eventName alone: QuickSight has its own CreateGroupMembership, and
-- CreateUser exists in iam, identitystore, identitystore-scim,
-- sso-directory, transfer and more.  Sources: the CloudTrail identity
-- reference (§2, §6) kept with the project.
--
--   local identity = require "ts.identity"
--   identity.change("identitystore.amazonaws.com", "CreateGroupMembership")
--     --> "membership-add"
--   identity.where()   --> an SQL expression matching every change
--   identity.same_name(ctx) --> the same names from other services
local util = require "ts.util"

local M = {}

M.IDENTITYSTORE = "identitystore.amazonaws.com"
M.SCIM = "identitystore-scim.amazonaws.com"
M.DIRECTORY = "sso-directory.amazonaws.com"
M.SSO = "sso.amazonaws.com"
M.IAM = "iam.amazonaws.com"

-- Kinds of change.  A SCIM PatchGroup may add or remove members; the
-- values are hidden, so it is "group-update" here and the membership
-- replay decides what can be said about it.
local changes = {
  [M.IDENTITYSTORE] = {
    CreateGroupMembership = "membership-add",
    DeleteGroupMembership = "membership-remove",
    CreateUser = "user-create",
    UpdateUser = "user-update",
    DeleteUser = "user-delete",
    CreateGroup = "group-create",
    UpdateGroup = "group-update",
    DeleteGroup = "group-delete",
  },
  [M.DIRECTORY] = {
    AddMemberToGroup = "membership-add",
    RemoveMemberFromGroup = "membership-remove",
    CreateUser = "user-create",
    UpdateUser = "user-update",
    DeleteUser = "user-delete",
    DisableUser = "user-disable",
    EnableUser = "user-enable",
    CreateGroup = "group-create",
    UpdateGroup = "group-update",
    DeleteGroup = "group-delete",
  },
  [M.SCIM] = {
    CreateUser = "user-create",
    PatchUser = "user-update",
    PutUser = "user-update",
    DeleteUser = "user-delete",
    CreateGroup = "group-create",
    PatchGroup = "group-update",
    DeleteGroup = "group-delete",
  },
  [M.SSO] = {
    CreateAccountAssignment = "assignment-create",
    DeleteAccountAssignment = "assignment-delete",
    ProvisionPermissionSet = "permission-set-provision",
  },
  [M.IAM] = {
    AddUserToGroup = "membership-add",
    RemoveUserFromGroup = "membership-remove",
    CreateUser = "user-create",
    UpdateUser = "user-update",
    DeleteUser = "user-delete",
    CreateGroup = "group-create",
    UpdateGroup = "group-update",
    DeleteGroup = "group-delete",
    DeleteLoginProfile = "user-disable",
    UpdateAccessKey = "user-update",
    DeleteAccessKey = "user-update",
  },
}

--- The kind of identity change an event is, or nil.
function M.change(event_source, event_name)
  local t = changes[event_source]
  return t and t[event_name] or nil
end

--- Sorted list of {source, name, kind} for every change (for SQL).
function M.list()
  local out = {}
  for src, names in pairs(changes) do
    for name, kind in pairs(names) do
      out[#out + 1] = { source = src, name = name, kind = kind }
    end
  end
  table.sort(out, function(a, b)
    if a.source ~= b.source then return a.source < b.source end
    return a.name < b.name
  end)
  return out
end

local function quote(s)
  return "'" .. s:gsub("'", "''") .. "'"
end

--- An SQL expression over the events view selecting the events of map:
--- event source -> list of event names, or true for all of its events.
--- Several maps select the events of any of them (a rule that runs two
--- replays passes what each reads).  It is written against the index of
--- (event_source, event_name), so SQLite looks the events up instead of
--- reading every one: use it, not "event_source = ... AND event_name IN
--- (...)" over the view, whose joins hide that index.
function M.events_where(map, ...)
  local all = {}
  for _, m in ipairs({ map, ... }) do
    for src, names in pairs(m) do
      if names == true or all[src] == true then
        all[src] = true
      else
        all[src] = all[src] or {}
        for _, n in ipairs(names) do all[src][n] = true end
      end
    end
  end
  local parts = {}
  for _, src in ipairs(util.sorted_keys(all)) do
    local names = all[src]
    local sql = "SELECT e.id FROM event e WHERE e.event_source = " ..
      "(SELECT id FROM str WHERE s = " .. quote(src) .. ")"
    if names ~= true then
      local q = {}
      for _, n in ipairs(util.sorted_keys(names)) do q[#q + 1] = quote(n) end
      sql = sql .. " AND e.event_name IN (SELECT id FROM str WHERE s IN (" ..
        table.concat(q, ", ") .. "))"
    end
    parts[#parts + 1] = sql
  end
  return "id IN (" .. table.concat(parts, " UNION ALL ") .. ")"
end

--- The map of every change, for events_where: source -> names.
function M.change_map()
  local map = {}
  for _, c in ipairs(M.list()) do
    map[c.source] = map[c.source] or {}
    table.insert(map[c.source], c.name)
  end
  return map
end

--- An SQL expression over the events view matching every change.
function M.where()
  return M.events_where(M.change_map())
end

local function change_names()
  local names, seen = {}, {}
  for _, c in ipairs(M.list()) do
    if not seen[c.name] then
      seen[c.name] = true
      names[#names + 1] = c.name
    end
  end
  table.sort(names)
  return names
end

--- identity.same_name(ctx) -> list of { source, name, account, count,
--- first, last, event_ids } for the events that share a change's name
--- but come from another service (QuickSight's CreateGroupMembership,
--- Transfer Family's CreateUser ...): the trap a report must leave out
--- and say it left out.  Sorted by account, source, name; event_ids
--- holds up to `max_ids` (default 20) ids in time order.  Honours
--- ctx.since and ctx.until.
function M.same_name(ctx, max_ids)
  local index = require "ts.index"
  local out, names = {}, change_names()
  for _, src in ipairs(index.event_sources(ctx)) do
    if changes[src] == nil then
      local rows = ctx:query("SELECT account, event_name, event_id, " ..
        "time_ms FROM events WHERE +time_ms BETWEEN ? AND ? AND " ..
        M.events_where({ [src] = names }) .. " ORDER BY time_ms, event_id",
        ctx.since or math.mininteger, ctx["until"] or math.maxinteger)
      local by = {}
      for _, r in ipairs(rows) do
        local key = (r.account or "") .. "\0" .. r.event_name
        local t = by[key]
        if t == nil then
          t = { source = src, name = r.event_name, account = r.account,
                 count = 0, first = r.time_ms, event_ids = {} }
          by[key] = t
          out[#out + 1] = t
        end
        t.count = t.count + 1
        t.last = r.time_ms
        if #t.event_ids < (max_ids or 20) then
          t.event_ids[#t.event_ids + 1] = r.event_id
        end
      end
    end
  end
  table.sort(out, function(a, b)
    if (a.account or "") ~= (b.account or "") then
      return (a.account or "") < (b.account or "")
    end
    if a.source ~= b.source then return a.source < b.source end
    return a.name < b.name
  end)
  return out
end

--- Strip an identity store or membership ARN down to its bare ID
--- (the API accepts both forms; gotcha 23).
function M.bare_id(s)
  if type(s) ~= "string" then return s end
  return s:match("^arn:aws[%w-]*:identitystore:[^:]*:[^:]*:identitystore/(.+)$")
    or s:match("^arn:aws[%w-]*:identitystore:[^:]*:[^:]*:membership/(.+)$")
    or s:match("^arn:aws[%w-]*:identitystore:[^:]*:[^:]*:group/(.+)$")
    or s:match("^arn:aws[%w-]*:identitystore:[^:]*:[^:]*:user/(.+)$")
    or s
end

--- What CloudTrail writes for values it withholds (SCIM members, user
--- names in some calls).
M.HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS"

--- The value at a path of keys in decoded JSON (field(rec,
--- "requestParameters", "groupId")); nil where a step is missing, not a
--- table, or JSON null.
function M.field(t, ...)
  for _, k in ipairs({ ... }) do
    if type(t) ~= "table" then return nil end
    t = t[k]
  end
  if t == ts.null then return nil end
  return t
end

--- A string that tells something, else nil: not for non-strings, "",
--- or HIDDEN.
function M.text(v)
  if type(v) ~= "string" or v == "" or v == M.HIDDEN then return nil end
  return v
end

--- text(v) as a bare identity-store id (bare_id), or nil.
function M.id(v)
  v = M.text(v)
  return v and M.bare_id(v) or nil
end

M._test = {
  field_text_id = function(t)
    local r = { a = { b = "x", n = ts.null, h = M.HIDDEN } }
    t.eq(M.field(r, "a", "b"), "x")
    t.eq(M.field(r, "a", "n"), nil)
    t.eq(M.field(r, "a", "b", "c"), nil)
    t.eq(M.field(r, "z", "b"), nil)
    t.eq(M.text(M.field(r, "a", "h")), nil)
    t.eq(M.text(""), nil)
    t.eq(M.text(7), nil)
    t.eq(M.id("arn:aws:identitystore:::group/g-1"), "g-1")
    t.eq(M.id(M.HIDDEN), nil)
  end,
  change = function(t)
    t.eq(M.change(M.IDENTITYSTORE, "CreateGroupMembership"), "membership-add")
    t.eq(M.change("quicksight.amazonaws.com", "CreateGroupMembership"), nil)
    t.eq(M.change(M.SCIM, "PatchGroup"), "group-update")
    t.eq(M.change(M.IAM, "AddUserToGroup"), "membership-add")
    t.eq(M.change(M.IAM, "AddMemberToGroup"), nil)
  end,
  where = function(t)
    local w = M.where()
    t.ok(w:find("(SELECT id FROM str WHERE s = 'sso.amazonaws.com') AND " ..
      "e.event_name IN (SELECT id FROM str WHERE s IN (" ..
      "'CreateAccountAssignment', 'DeleteAccountAssignment', " ..
      "'ProvisionPermissionSet'))", 1, true), w)
    t.eq(M.events_where({ ["x.amazonaws.com"] = true, ["a'b"] = { "N" } }),
      "id IN (SELECT e.id FROM event e WHERE e.event_source = (SELECT id " ..
      "FROM str WHERE s = 'a''b') AND e.event_name IN (SELECT id FROM str " ..
      "WHERE s IN ('N')) UNION ALL SELECT e.id FROM event e WHERE " ..
      "e.event_source = (SELECT id FROM str WHERE s = 'x.amazonaws.com'))")
    -- Several maps: the events of any (a name once, true wins).
    t.eq(M.events_where({ a = { "N", "M" }, b = { "P" } },
      { a = { "O", "N" }, b = true }),
      M.events_where({ a = { "M", "N", "O" }, b = true }), "maps united")
  end,
  bare_id = function(t)
    t.eq(M.bare_id("arn:aws:identitystore:::membership/a1b2"), "a1b2")
    t.eq(M.bare_id("arn:aws:identitystore::111122223333:identitystore/d-1234567890"),
      "d-1234567890")
    t.eq(M.bare_id("d-1234567890"), "d-1234567890")
  end,
}

return M
