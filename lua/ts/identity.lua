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
--   identity.same_name_where() --> SQL for the same names elsewhere

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

--- An SQL expression over the events view matching every change.
function M.where()
  local parts = {}
  local by_source = {}
  for _, c in ipairs(M.list()) do
    by_source[c.source] = by_source[c.source] or {}
    table.insert(by_source[c.source], quote(c.name))
  end
  local sources = {}
  for src in pairs(by_source) do sources[#sources + 1] = src end
  table.sort(sources)
  for _, src in ipairs(sources) do
    parts[#parts + 1] = "(event_source = " .. quote(src) ..
      " AND event_name IN (" .. table.concat(by_source[src], ", ") .. "))"
  end
  return "(" .. table.concat(parts, " OR ") .. ")"
end

--- An SQL expression for events that share a change's name but come
--- from another service (QuickSight's CreateGroupMembership, Transfer
--- Family's CreateUser ...): the trap that must be excluded.
function M.same_name_where()
  local names, seen = {}, {}
  for _, c in ipairs(M.list()) do
    if not seen[c.name] then
      seen[c.name] = true
      names[#names + 1] = quote(c.name)
    end
  end
  local sources = {}
  for src in pairs(changes) do sources[#sources + 1] = quote(src) end
  table.sort(sources)
  return "(event_name IN (" .. table.concat(names, ", ") ..
    ") AND event_source NOT IN (" .. table.concat(sources, ", ") .. "))"
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

M._test = {
  change = function(t)
    t.eq(M.change(M.IDENTITYSTORE, "CreateGroupMembership"), "membership-add")
    t.eq(M.change("quicksight.amazonaws.com", "CreateGroupMembership"), nil)
    t.eq(M.change(M.SCIM, "PatchGroup"), "group-update")
    t.eq(M.change(M.IAM, "AddUserToGroup"), "membership-add")
    t.eq(M.change(M.IAM, "AddMemberToGroup"), nil)
  end,
  where = function(t)
    local w = M.where()
    t.ok(w:find("event_source = 'sso.amazonaws.com' AND event_name IN ("
      .. "'CreateAccountAssignment'", 1, true))
    t.ok(M.same_name_where():find("NOT IN", 1, true))
  end,
  bare_id = function(t)
    t.eq(M.bare_id("arn:aws:identitystore:::membership/a1b2"), "a1b2")
    t.eq(M.bare_id("arn:aws:identitystore::111122223333:identitystore/d-1234567890"),
      "d-1234567890")
    t.eq(M.bare_id("d-1234567890"), "d-1234567890")
  end,
}

return M
