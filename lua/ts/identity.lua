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
--   identity.kinds(e, users, okta) --> { "membership-add" } for a SCIM
--     PatchGroup adding members: what a call did, from its body
--   identity.where()   --> an SQL expression matching every change
--   identity.same_name(ctx) --> the same names from other services
local util = require "ts.util"

local M = {}

M.IDENTITYSTORE = "identitystore.amazonaws.com"
M.SCIM = "identitystore-scim.amazonaws.com"
M.DIRECTORY = "sso-directory.amazonaws.com"
M.SSO = "sso.amazonaws.com"
M.IAM = "iam.amazonaws.com"

-- Kinds of change, as the event name tells them.  A SCIM PatchGroup,
-- PatchUser or PutUser may do more than its name says (add or remove
-- members, disable or enable a user): identity.kinds() reads its body.
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

--- The kind of identity change an event is, as its name tells it, or
--- nil (identity.kinds reads what a SCIM call did).
function M.change(event_source, event_name)
  local t = changes[event_source]
  return t and t[event_name] or nil
end

--- identity.active(v) -> false, true or nil: a SCIM user's active as a
--- body carries it (a boolean, or Entra ID's string "False"/"True"), or
--- nil where it is anything else (hidden, absent).
function M.active(v)
  if v == false or v == "false" or v == "False" then return false end
  if v == true or v == "true" or v == "True" then return true end
  return nil
end

-- SCIM bodies (reference §2.4): op and path are never hidden, values
-- are.  PatchGroup may touch only displayName, externalId and members.

--- identity.group_op(o) -> whether one SCIM PatchGroup operation o
--- (decoded) changes members, and whether it changes anything else.
-- A path naming members ("members", Okta's "members[value eq \"id\"]",
-- in any case), or a value object that holds members, changes
-- memberships; so does a path-less ADD or REMOVE whose value is hidden
-- (displayName and externalId are single values: they are replaced).
-- Anything else is a group update.
function M.group_op(o)
  local op = (M.text(M.field(o, "op")) or ""):lower()
  local path = M.text(M.field(o, "path"))
  local value = M.field(o, "value")
  if path then
    local members = path:lower():find("^members") ~= nil
    return members, not members
  elseif type(value) == "table" then
    local members, other = false, false
    for k in pairs(value) do
      if type(k) == "string" and k:lower() == "members" then
        members = true
      else
        other = true
      end
    end
    return members, other
  elseif op == "add" or op == "remove" then
    return true, false
  end
  return false, true
end

-- Add to the set out what one PatchGroup operation o changes: a REPLACE
-- of members puts some in and takes others out.
local function group_op(o, out)
  local op = (M.text(M.field(o, "op")) or ""):lower()
  local members, other = M.group_op(o)
  if members and (op == "add" or op == "replace") then
    out["membership-add"] = true
  end
  if members and (op == "remove" or op == "replace") then
    out["membership-remove"] = true
  end
  if other then out["group-update"] = true end
end

--- identity.user_op(o [, okta]) -> what one SCIM PatchUser operation o
--- (decoded) does to the user's active state: false or true (the value
--- tells it), "flip" (it sets active, but the value is hidden) or nil
--- (it does not touch active); and whether it changes other attributes.
-- Entra ID sends path "active"; any client may send a path-less
-- operation whose value object sets active (SCIM, RFC 7644 §3.5.2),
-- visible or not whoever sent it; Okta (de)activates with a path-less
-- REPLACE of {active = ...}, hidden, and sends its other changes as
-- PutUser: from Okta (okta true) such a REPLACE flips.
function M.user_op(o, okta)
  local op = (M.text(M.field(o, "op")) or ""):lower()
  local path = M.text(M.field(o, "path"))
  local value = M.field(o, "value")
  if path then
    if path:lower() ~= "active" or op == "remove" then return nil, true end
    local a = M.active(value)
    if a == nil then return "flip", false end
    return a, false
  end
  if type(value) == "table" then
    local a, other = nil, false
    for k, v in pairs(value) do
      if type(k) == "string" and k:lower() == "active" then
        a = M.active(v)
        if a == nil then a = "flip" end
      else
        other = true
      end
    end
    return a, other
  end
  if op == "replace" and okta and value == M.HIDDEN then return "flip", false end
  return nil, true
end

--- identity.written_active(rec) -> the active state a SCIM CreateUser
--- or PutUser record writes (identity.active): its body's, else, when
--- that is not visible, its response's; nil when neither tells.
function M.written_active(rec)
  local a = M.active(M.field(rec, "requestParameters", "httpBody", "active"))
  if a == nil then a = M.active(M.field(rec, "responseElements", "active")) end
  return a
end

-- The kind a user's new active state (false, true or "flip") makes,
-- given users (SCIM user id -> true while disabled), which it updates:
-- a state the user already had is no change of it.  A user without a
-- visible id (uid nil) has no state kept: it counts as enabled.
local function user_state(users, uid, a)
  local was = uid ~= nil and users[uid] == true
  local now
  if a == "flip" then now = not was else now = not a end
  if uid ~= nil then users[uid] = now end
  if now == was then return nil end
  return now and "user-disable" or "user-enable"
end

-- The kinds a SCIM call that took effect made.
local function scim_kinds(name, rec, users, okta)
  local req = M.field(rec, "requestParameters")
  local out = {}
  if name == "PatchGroup" then
    for _, o in ipairs(M.field(req, "httpBody", "operations") or {}) do
      group_op(o, out)
    end
  elseif name == "PatchUser" then
    local uid = M.id(M.field(req, "id"))
    for _, o in ipairs(M.field(req, "httpBody", "operations") or {}) do
      local a, other = M.user_op(o, okta)
      local k = a ~= nil and user_state(users, uid, a)
      if k then out[k] = true end
      if other or (a ~= nil and not k) then out["user-update"] = true end
    end
  elseif name == "PutUser" or name == "CreateUser" then
    -- A whole user written: active, when visible, is its state.
    local resp = M.field(rec, "responseElements")
    local uid = M.id(M.field(name == "PutUser" and req or resp, "id"))
    local a = M.written_active(rec)
    local k = a ~= nil and user_state(users, uid, a)
    if name == "CreateUser" then k = nil end
    if k then out[k] = true end
    if name == "PutUser" and not k then out["user-update"] = true end
  end
  return util.sorted_keys(out)
end

--- identity.kinds(e [, users [, okta]]) -> the sorted list of the kinds
--- of change event e made: e.event_source, e.event_name, e.error_code
--- and, for SCIM user and group writes only, e.record.  Beyond
--- identity.change(), a SCIM call's body tells what it did (reference
--- §2.4: op and path are kept, values hidden):
---   PatchGroup: membership-add or membership-remove per operation on
---     members (a path "members..." or a value holding members; a
---     path-less ADD or REMOVE, whose hidden value can only be members),
---     group-update per operation on anything else;
---   PatchUser: setting active false is user-disable, true user-enable
---     (Entra ID's string "False"/"True" too); a hidden value flips the
---     state, for path "active" and, from Okta (okta true), for a
---     path-less REPLACE; other attributes are user-update;
---   PutUser: its active, when visible, disables or enables; else (or
---     when the user already had that state) user-update.
--- Each kind is listed once, however many operations make it (one call
--- can add up to 100 members, hidden).  users is a table the caller
--- keeps across calls in time order (SCIM user id -> true while
--- disabled), for the flips and the states; CreateUser and PutUser set
--- it.  A failed call (error_code set) changes nothing: its list is its
--- name's kind alone, and users is untouched.  {} for no change.
function M.kinds(e, users, okta)
  local src, name = e.event_source, e.event_name
  local kind = M.change(src, name)
  if kind == nil then return {} end
  if src == M.DIRECTORY and users and e.error_code == nil then
    -- the console's state is the one a SCIM flip starts from, a user it
    -- creates disabled (active false, which it keeps visible) included
    local req = M.field(e.record, "requestParameters")
    if name == "DisableUser" or name == "EnableUser" then
      local uid = M.id(M.field(req, "userId"))
      if uid then users[uid] = name == "DisableUser" end
    elseif name == "CreateUser" and M.active(M.field(req, "active")) == false then
      local uid = M.id(M.field(e.record, "responseElements", "user", "userId"))
      if uid then users[uid] = true end
    end
  end
  if src ~= M.SCIM or e.error_code ~= nil then return { kind } end
  local out = scim_kinds(name, e.record, users or {}, okta)
  if #out == 0 then out[1] = kind end
  return out
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
--- (...)" over the view, whose outer joins hide that index in an index
--- made before schema version 4, which may be read as it is.
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
  kinds = function(t)
    local H = M.HIDDEN
    -- A SCIM call with these operations (PatchGroup, PatchUser) or
    -- this body (PutUser), on resource id.
    local function scim(name, ops, id, err)
      local body = ops
      if name ~= "PutUser" then body = { operations = ops } end
      return { event_source = M.SCIM, event_name = name, error_code = err,
        record = { requestParameters = { httpBody = body, id = id } } }
    end
    local function op(o, path, value) return { op = o, path = path, value = value } end
    t.eq(M.kinds({ event_source = M.IDENTITYSTORE,
      event_name = "CreateGroupMembership" }), { "membership-add" })
    t.eq(M.kinds({ event_source = M.IAM, event_name = "ListUsers" }), {})
    -- PatchGroup: members by path (Entra, Okta's filter), by value, or
    -- a path-less ADD/REMOVE; displayName by path or a path-less REPLACE.
    t.eq(M.kinds(scim("PatchGroup", { op("ADD", "members", H) })),
      { "membership-add" }, "add members")
    t.eq(M.kinds(scim("PatchGroup", { op("REMOVE", "members", H) })),
      { "membership-remove" }, "remove members")
    t.eq(M.kinds(scim("PatchGroup", { op("REMOVE", 'members[value eq "u-1"]'),
      op("REMOVE", 'members[value eq "u-2"]') })), { "membership-remove" },
      "okta remove: one kind for two members")
    t.eq(M.kinds(scim("PatchGroup", { op("REMOVE", nil, H) })),
      { "membership-remove" }, "path-less remove")
    t.eq(M.kinds(scim("PatchGroup", { op("Add", nil,
      { members = { { value = "u-1" } } }) })), { "membership-add" }, "value")
    t.eq(M.kinds(scim("PatchGroup", { op("REPLACE", "displayName", H) })),
      { "group-update" }, "rename")
    t.eq(M.kinds(scim("PatchGroup", { op("REPLACE", nil, H) })),
      { "group-update" }, "okta displayName replace")
    t.eq(M.kinds(scim("PatchGroup", { op("REPLACE", "members", H) })),
      { "membership-add", "membership-remove" }, "members replaced")
    t.eq(M.kinds(scim("PatchGroup", { op("REPLACE", nil, H),
      op("ADD", "members", H), op("REMOVE", 'members[value eq "u-1"]') })),
      { "group-update", "membership-add", "membership-remove" }, "mixed")
    t.eq(M.kinds(scim("PatchGroup", { op("ADD", "members", H) }, "g", "X")),
      { "group-update" }, "failed: the name's kind")
    t.eq(M.kinds(scim("PatchGroup", {})), { "group-update" }, "no operation")
    -- PatchUser: Entra's path active (boolean, string, hidden: a flip).
    local users = {}
    t.eq(M.kinds(scim("PatchUser", { op("REPLACE", "active", false) }, "u-1"),
      users), { "user-disable" }, "active false")
    t.eq(M.kinds(scim("PatchUser", { op("Replace", "active", "True") }, "u-1"),
      users), { "user-enable" }, "active True")
    t.eq(M.kinds(scim("PatchUser", { op("REPLACE", "active", "False") }, "u-1"),
      users), { "user-disable" }, "entra string False")
    t.eq(M.kinds(scim("PatchUser", { op("REPLACE", "active", H) }, "u-1"),
      users), { "user-enable" }, "hidden: flips back")
    t.eq(M.kinds(scim("PatchUser", { op("REPLACE", "active", H) }, "u-2"),
      users), { "user-disable" }, "hidden: a first flip disables")
    t.eq(M.kinds(scim("PatchUser", { op("REPLACE", "active", H) }, "u-3",
      "ValidationException"), users), { "user-update" }, "failed")
    t.eq(users["u-3"], nil, "a failed call changes no state")
    t.eq(M.kinds(scim("PatchUser", { op("REPLACE", "active", H) }), users),
      { "user-disable" }, "no id: no state kept")
    t.eq(M.kinds(scim("PatchUser", { op("REPLACE", "active", H) }), users),
      { "user-disable" }, "no id: again")
    -- Okta: a path-less REPLACE of (hidden) {active = false}.
    t.eq(M.kinds(scim("PatchUser", { op("REPLACE", nil, H) }, "u-4"),
      users, true), { "user-disable" }, "okta deactivation")
    t.eq(M.kinds(scim("PatchUser", { op("REPLACE", nil, H) }, "u-5"),
      users), { "user-update" }, "not from okta: an update")
    t.eq(M.kinds(scim("PatchUser", { op("replace", nil, { active = false }) },
      "u-5"), users), { "user-disable" }, "visible value")
    t.eq(M.kinds(scim("PatchUser", { op("REPLACE", "title", H),
      op("REPLACE", "active", false) }, "u-6"), users),
      { "user-disable", "user-update" }, "two operations")
    -- review 4 (latest changes), finding 6: a console disable is the
    -- state a later hidden SCIM flip starts from
    t.eq(M.kinds({ event_source = M.DIRECTORY, event_name = "DisableUser",
      record = { requestParameters = { userId = "u-7" } } }, users),
      { "user-disable" }, "console disable")
    t.eq(M.kinds(scim("PatchUser", { op("REPLACE", "active", H) }, "u-7"),
      users), { "user-enable" }, "the flip after it enables")
    -- ... and so is a user the console creates disabled (as ts.access
    -- reads it)
    t.eq(M.kinds({ event_source = M.DIRECTORY, event_name = "CreateUser",
      record = { requestParameters = { active = false },
        responseElements = { user = { userId = "u-8" } } } }, users),
      { "user-create" }, "console create, disabled")
    t.eq(M.kinds(scim("PatchUser", { op("REPLACE", "active", H) }, "u-8"),
      users), { "user-enable" }, "the flip after it enables")
    t.eq(M.kinds(scim("PatchUser", { op("REPLACE", "emails", H) }, "u-6"),
      users), { "user-update" }, "attribute")
    -- PutUser: the whole user, active visible.
    t.eq(M.kinds(scim("PutUser", { active = true }, "u-7"), users),
      { "user-update" }, "put active")
    t.eq(M.kinds(scim("PutUser", { active = false }, "u-7"), users),
      { "user-disable" }, "put inactive")
    t.eq(M.kinds(scim("PutUser", { active = "False" }, "u-7"), users),
      { "user-update" }, "already disabled")
    t.eq(M.kinds(scim("PutUser", { active = true }, "u-7"), users),
      { "user-enable" }, "put active again")
    t.eq(M.active("False"), false)
    t.eq(M.active(H), nil)
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
