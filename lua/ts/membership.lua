--- ts.membership -- replay group memberships from CloudTrail and
-- identity-store snapshots: who was in which group, from when to when,
-- added and removed by whom and how.
--
--   local membership = require "ts.membership"
--   local r = membership.new()
--   r:snapshots(ctx)                  -- names, and state at capture times
--   ... in each(e):  r:event(membership.change_of(e, channel_of_e))
--                     (or membership.feed(r, e, classify): see below)
--   r:finish(last_time)               -- intervals in r.intervals
--
-- Groups of IAM Identity Center are keyed by group id (with their
-- identity store), IAM groups and users by account and name: a rename
-- gives the group or user the key of its new name (a group or user
-- that held that name before, since deleted, moves to "KEY#ID", ID the
-- rename's event id), so its key is always that of its latest name
-- (ts.access keeps an IAM user's state with this replay's user).
-- A name is the latest one seen, in the logs or a snapshot; the others
-- are kept (M.former_names).  Events are applied
-- in event-time order; those sharing a time are applied in the order
-- that keeps the state consistent (an add before the removal of the
-- same membership, whichever came first in the file).  Failed calls
-- (errorCode) change nothing: they count as attempts of their group.
-- A CreateGroupMembership that succeeds while the logs hold the
-- membership open (its removal unattributed, or hidden) proves it had
-- ended: the open interval ends unseen (removed_between, from its last
-- evidence to the add, with readded the add's event id) and the add
-- opens a new one.
-- r.on_apply(c, g, u), when set, is called with each change that took
-- effect once it is applied, with the group and user it names (their
-- keys as they are then): ts.access sets it, and hands the replay IAM
-- changes of its own (op "iam-access"), which it orders and resolves
-- as its own, and otherwise leaves alone.
--
-- What each event tells (reference §2, §5 gotcha 10):
--   identitystore CreateGroupMembership   group, user -> membershipId
--   identitystore DeleteGroupMembership   membershipId only: resolved
--                                         through earlier creations and
--                                         snapshots, else "unattributed"
--   sso-directory Add/RemoveMemberFromGroup  group and user
--   identitystore-scim PatchGroup         group; the member is hidden,
--                                         except Okta's removals, whose
--                                         path names it
--   iam Add/RemoveUserFromGroup           account, group name, user name
--   identitystore UpdateGroup             a rename when an operation sets
--                                         displayName (often hidden)
--   iam UpdateGroup newGroupName,         a rename: the group or user
--       UpdateUser newUserName            keeps its history under its
--                                         new name
--   Delete{Group,User} (any source)       ends that group's or user's
--                                         memberships
--
-- A snapshot (aws identitystore list-group-memberships, taken with
-- list-groups and list-users at one capture time; for IAM, aws iam
-- get-account-authorization-details) says who was in each group whose
-- memberships it lists at that moment (r:snapshots() says which).  At its capture time the replay is
-- reconciled with it: a membership the logs do not show starts there
-- with an unknown addition (added_between says when it can have
-- happened), and one the logs hold open but the snapshot lacks ends with
-- an unknown removal (removed_between).  A hidden change is never turned
-- into an invented member.
local identity = require "ts.identity"
local arn = require "ts.arn"

local M = {}

local field, text, bare = identity.field, identity.text, identity.id

--- membership.EVENTS: the events the replay reads (event source -> the
-- names change_of() makes a change of, or true for all), for
-- identity.events_where(): a rule running the replay selects them all,
-- or it misses changes (a rename, and the history splits at it).
M.EVENTS = {
  [identity.IDENTITYSTORE] = { "CreateGroupMembership", "DeleteGroupMembership",
    "CreateGroup", "UpdateGroup", "DeleteGroup", "CreateUser", "DeleteUser" },
  [identity.DIRECTORY] = { "AddMemberToGroup", "RemoveMemberFromGroup",
    "CreateGroup", "DeleteGroup", "CreateUser", "DeleteUser",
    "CreateProvisioningTenant", "CreateBearerToken" },
  [identity.SCIM] = true,
  [identity.IAM] = { "AddUserToGroup", "RemoveUserFromGroup", "CreateGroup",
    "DeleteGroup", "CreateUser", "DeleteUser", "UpdateGroup", "UpdateUser" },
  -- the access portal's sign-ins: names of users known only by id
  [identity.SSO] = { "Federate", "GetRoleCredentials", "ListAccounts",
    "ListAccountRoles" },
}

local SIGNIN = {}
for _, n in ipairs(M.EVENTS[identity.SSO]) do SIGNIN[n] = true end

--- membership.signin(e) -> true for an access-portal sign-in, which only
-- names a user: change_of(e) needs no channel, and no other replay reads
-- it (a rule can skip classifying the most frequent of its events).
function M.signin(e)
  return e.event_source == identity.SSO and SIGNIN[e.event_name] == true
end

--- membership.feed(r, e, classify) -> the channel of e, or nil for a
-- sign-in.  Hands event e of each() to replay r: a sign-in without a
-- channel (it needs none), any other event with classify(e) (as
-- ts.channel.classifier makes), which it returns, so that a rule can
-- hand the event with the same channel to another replay (ts.access).
function M.feed(r, e, classify)
  if M.signin(e) then
    r:event(M.change_of(e))
    return nil
  end
  local c = classify(e)
  r:event(M.change_of(e, c))
  return c
end

-- --- the state -------------------------------------------------------

local R = {}
R.__index = R

--- membership.new() -> a replay.
function M.new()
  return setmetatable({
    groups = {},       -- key -> group
    group_list = {},   -- groups in order of first sight
    users = {},        -- key -> user
    open = {},         -- group -> user -> its open interval
    mids = {},         -- membershipId -> { g = group, u = user }
    intervals = {},    -- every interval, in order of opening
    pair = {},         -- group -> user -> its intervals
    unattributed = {}, -- removals of membership ids never seen
    pending = {},      -- changes sharing the current time
    pending_t = nil,
    snaps = {},        -- membership snapshots by capture time
    snap_i = 1,
    logs_from = nil,   -- the first event of the window (r:snapshots())
    first_t = nil,     -- the first change replayed
    tenants = {},      -- SCIM tenant id -> identity store id
    account_store = {}, -- account -> identity store id seen there
  }, R)
end

local function gkey_ic(id) return "ic:" .. id end
local function gkey_iam(account, name) return "iam:" .. account .. ":" .. name end
local function ukey_ic(id) return "ic:" .. id end
local function ukey_iam(account, name) return "iam:" .. account .. ":" .. name end

-- x (a group or user) went by `name` at time t.  Its name is the one
-- seen latest, whatever order the logs and the snapshots are read in;
-- x.first_seen keeps the first sighting of each name (its time, and the
-- count of sightings before it: sightings at one time keep the order
-- they were made), for M.former_names, which x.former caches.
local function set_name(x, name, t)
  if name == nil then return end
  x.sightings = (x.sightings or 0) + 1
  x.first_seen = x.first_seen or {}
  local f = x.first_seen[name]
  if f == nil or t < f.t then
    x.first_seen[name] = { t = t, i = x.sightings }
    x.former = nil
  end
  if x.name_t == nil or t >= x.name_t then
    if name ~= x.name then x.former = nil end
    x.name, x.name_t = name, t
  end
end

--- M.named(x [, o]) -> o (default { id, name }) with former_names, only
-- after a rename: a group or user as report rows give it.
function M.named(x, o)
  o = o or { id = x.id, name = x.name or ts.null }
  local former = M.former_names(x)
  if #former > 0 then o.former_names = former end
  return o
end

--- M.former_names(x) -> the names group or user x went by before its
-- name (x.name), oldest first; empty when it had one.  A new list each
-- time, copied from the one x.former keeps until its names change.
function M.former_names(x)
  local out = x.former
  if out then return table.move(out, 1, #out, 1, {}) end
  local list = {}
  for name, f in pairs(x.first_seen or {}) do
    if name ~= x.name then list[#list + 1] = { name = name, t = f.t, i = f.i } end
  end
  table.sort(list, function(a, b)
    if a.t ~= b.t then return a.t < b.t end
    return a.i < b.i
  end)
  out = {}
  for _, n in ipairs(list) do out[#out + 1] = n.name end
  x.former = out
  return table.move(out, 1, #out, 1, {})
end

--- The group of key k, made on first sight.
function R:group(k, init)
  local g = self.groups[k]
  if g == nil then
    g = { key = k, changes = {}, attempts = 0, hidden = {}, events = 0,
          member_events = 0 }
    for f, v in pairs(init) do g[f] = v end
    self.groups[k] = g
    self.group_list[#self.group_list + 1] = g
  else
    for f, v in pairs(init) do
      if g[f] == nil then g[f] = v end
    end
  end
  return g
end

function R:user(k, init)
  local u = self.users[k]
  if u == nil then
    u = { key = k }
    self.users[k] = u
  end
  for f, v in pairs(init or {}) do
    if u[f] == nil then u[f] = v end
  end
  return u
end

local function ic_group(self, id, store)
  return self:group(gkey_ic(id), { kind = "identitycenter", id = id,
    store = store })
end

local function ic_user(self, id, store)
  return self:user(ukey_ic(id), { kind = "identitycenter", id = id,
    store = store })
end

-- The IAM group or user that goes by `name` now (its key follows
-- renames).  Its name as first seen has no time: any later name wins.
local function iam_group(self, account, name)
  local g = self:group(gkey_iam(account, name), { kind = "iam", id = name,
    account = account })
  if g.name == nil then set_name(g, name, math.mininteger) end
  return g
end

local function iam_user(self, account, name)
  local u = self:user(ukey_iam(account, name), { kind = "iam", id = name,
    account = account })
  if u.name == nil then set_name(u, name, math.mininteger) end
  return u
end

-- Give x (a group or user of map, self.groups or self.users) key k, by
-- the rename of event id.  A group or user already there (deleted, or
-- whose deletion the logs miss: IAM names are unique) moves aside to a
-- key of its own, "k#ID", which no IAM name can be ('#' is not allowed
-- in one).  It is named after the rename, not numbered among the users
-- this replay knows, so that its key does not hang on which events a
-- rule reads (report memberships and report stale give it the same).
local function rekey(map, x, k, id)
  if x.key == k then return end
  local old = map[k]
  if old then
    old.key = k .. "#" .. tostring(id)
    map[old.key] = old
  end
  map[x.key] = nil
  x.key = k
  map[k] = x
end

-- An IAM rename of group or user x to `name` by change c.
local function iam_rename(map, x, key, name, c)
  rekey(map, x, key, c.id)
  x.id = name
  set_name(x, name, c.t)
end

-- --- intervals -------------------------------------------------------

-- The state is indexed by the group and user tables themselves, not by
-- their keys, so that a key may change (an IAM rename) without moving
-- anything.  Nothing iterates these maps where order shows.
local function open_interval(self, g, u, added, known)
  local iv = { g = g, u = u, added = added, known = { [known] = true } }
  self.open[g] = self.open[g] or {}
  self.open[g][u] = iv
  self.intervals[#self.intervals + 1] = iv
  self.pair[g] = self.pair[g] or {}
  self.pair[g][u] = self.pair[g][u] or {}
  table.insert(self.pair[g][u], iv)
  return iv
end

local function close_interval(self, iv, removed)
  iv.removed = removed
  -- A removal an event shows (a user or group deleted too) is known
  -- from the logs.
  if removed then iv.known.logs = true end
  self.open[iv.g][iv.u] = nil
end

local function open_of(self, g, u)
  return self.open[g] and self.open[g][u]
end

-- The latest time interval iv is known to hold: a snapshot showing it
-- (iv.seen), else its addition, or the latest it can have been made.
local function last_evidence(iv)
  if iv.seen then return iv.seen end
  if iv.added then return iv.added.time end
  return iv.added_between and (iv.added_between.to or iv.added_between.from)
end

-- An endpoint: when, by whom, how, which event.
local function endpoint(c, how)
  return { time = c.t, by = c.actor, channel = c.channel, event_id = c.id,
           event = how or (c.source_short .. ":" .. c.name) }
end

-- Does change c add or remove members (seen or hidden)?  A SCIM PATCH
-- may only rename the group.
local function touches_members(c)
  if c.op == "add" or c.op == "remove" or c.op == "remove-mid" then
    return true
  end
  if c.op == "group-create" then return c.members == true end
  for _, o in ipairs(c.op == "scim-patch" and c.ops or {}) do
    if o.member or o.members then
      return true
    end
  end
  return false
end

local function count(g, c)
  if c.failed then
    g.attempts = g.attempts + 1
  else
    g.events = g.events + 1
    if touches_members(c) then g.member_events = g.member_events + 1 end
    g.changes[c.channel] = (g.changes[c.channel] or 0) + 1
    g.first = g.first or c.t
    g.last = c.t
  end
end

-- Does add c prove the member was not in the group just before it?
-- identitystore CreateGroupMembership fails (ConflictException) for a
-- member already in; IAM AddUserToGroup succeeds either way, and the
-- console's AddMemberToGroup is not known to refuse one.
local function proves_absent(c)
  return c.op == "add" and c.source == identity.IDENTITYSTORE
end

-- --- one change ------------------------------------------------------

local SHORT = {
  [identity.IDENTITYSTORE] = "identitystore",
  [identity.SCIM] = "identitystore-scim",
  [identity.DIRECTORY] = "sso-directory",
  [identity.IAM] = "iam",
  [identity.SSO] = "sso",
}

--- membership.change_of(e, ch) -> the change an event makes, or nil.
-- e is the event of each() (its record is read), ch its
-- channel.classify() result.  The table holds what the replay needs,
-- so it may outlive e.
function M.change_of(e, ch)
  local src, name = e.event_source, e.event_name
  if SHORT[src] == nil then return nil end
  local rec = e.record
  local req = field(rec, "requestParameters")
  local resp = field(rec, "responseElements")
  local c = {
    t = e.time_ms, id = e.event_id, source = src, source_short = SHORT[src],
    name = name, account = e.account, failed = e.error_code ~= nil,
    channel = ch and ch.channel or "unknown", actor = ch and ch.actor,
    store = bare(field(req, "identityStoreId")),
  }
  if src == identity.SSO then
    -- A sign-in to the access portal names the user it acts for
    -- (userIdentity.userName with onBehalfOf.userId, in the shape of
    -- before July 2025; later ones carry no name): a name, no change.
    local ui = field(rec, "userIdentity")
    c.user = bare(field(ui, "onBehalfOf", "userId"))
    c.user_name = text(field(ui, "userName"))
    c.store = (text(field(ui, "onBehalfOf", "identityStoreArn")) or "")
      :match("identitystore/(d%-[%w]+)$")
    if c.failed or c.user == nil or c.user_name == nil then return nil end
    c.op = "user-seen"
    return c
  end
  if src == identity.IDENTITYSTORE then
    if name == "CreateGroupMembership" then
      c.op, c.group = "add", bare(field(req, "groupId"))
      c.user = bare(field(req, "memberId", "userId"))
      c.mid = bare(field(resp, "membershipId"))
    elseif name == "DeleteGroupMembership" then
      c.op, c.mid = "remove-mid", bare(field(req, "membershipId"))
    elseif name == "CreateGroup" then
      c.op, c.group = "group-create", bare(field(resp, "groupId"))
      c.group_name = text(field(req, "displayName"))
    elseif name == "DeleteGroup" then
      c.op, c.group = "group-delete", bare(field(req, "groupId"))
    elseif name == "UpdateGroup" then
      -- A rename is an operation on displayName; other updates
      -- (description) are none of the replay's business.
      c.group = bare(field(req, "groupId"))
      for _, o in ipairs(field(req, "operations") or {}) do
        local path = text(field(o, "attributePath"))
        if path and path:lower() == "displayname" then
          c.op, c.group_name = "group-rename", text(field(o, "attributeValue"))
        end
      end
    elseif name == "CreateUser" then
      c.op, c.user = "user-create", bare(field(resp, "userId"))
      c.user_name = text(field(req, "userName"))
    elseif name == "DeleteUser" then
      c.op, c.user = "user-delete", bare(field(req, "userId"))
    end
  elseif src == identity.DIRECTORY then
    if name == "AddMemberToGroup" or name == "RemoveMemberFromGroup" then
      c.op = name == "AddMemberToGroup" and "add" or "remove"
      c.group = bare(field(req, "groupId"))
      c.user = bare(field(req, "member", "memberId"))
    elseif name == "CreateGroup" then
      c.op = "group-create"
      c.group = bare(field(resp, "group", "groupId")) or bare(field(resp, "groupId"))
      c.group_name = text(field(req, "displayName"))
    elseif name == "DeleteGroup" then
      c.op, c.group = "group-delete", bare(field(req, "groupId"))
    elseif name == "CreateUser" then
      c.op = "user-create"
      c.user = bare(field(resp, "user", "userId")) or bare(field(resp, "userId"))
      c.user_name = text(field(req, "userName"))
    elseif name == "DeleteUser" then
      c.op, c.user = "user-delete", bare(field(req, "userId"))
    elseif name == "CreateProvisioningTenant" or name == "CreateBearerToken" then
      c.op = "tenant"
      c.tenant = text(field(resp, "tenantId")) or text(field(req, "tenantId"))
    end
  elseif src == identity.SCIM then
    c.tenant = text(field(req, "tenantId"))
    if name == "PatchGroup" then
      c.op, c.group = "scim-patch", bare(field(req, "id"))
      c.ops = {}
      for _, o in ipairs(field(req, "httpBody", "operations") or {}) do
        local path = text(field(o, "path"))
        local lpath = path and path:lower()
        local member
        if lpath and lpath:find('^members%s*%[%s*value%s+eq%s+"') then
          -- members[value eq "<id>"]: the member named in the path (its
          -- id as written; "members" and "eq" in any case)
          member = path:match('"([^"]+)"%s*%]$')
        end
        -- members: on members, whoever they are (identity.group_op)
        c.ops[#c.ops + 1] = { op = (text(field(o, "op")) or ""):lower(),
          member = member, members = (identity.group_op(o)) }
      end
    elseif name == "CreateGroup" then
      c.op, c.group = "group-create", bare(field(resp, "id"))
      c.group_name = text(field(req, "httpBody", "displayName"))
      -- created with members (their values hidden), or without (Okta
      -- sends an empty list)
      local m = field(req, "httpBody", "members")
      c.members = m ~= nil and not (type(m) == "table" and next(m) == nil)
    elseif name == "DeleteGroup" then
      c.op, c.group = "group-delete", bare(field(req, "id"))
    elseif name == "CreateUser" then
      c.op, c.user = "user-create", bare(field(resp, "id"))
      c.user_name = text(field(req, "httpBody", "userName"))
    elseif name == "DeleteUser" then
      c.op, c.user = "user-delete", bare(field(req, "id"))
    end
  elseif src == identity.IAM then
    c.group = text(field(req, "groupName"))
    c.user = text(field(req, "userName"))
    if name == "AddUserToGroup" then
      c.op = "add"
    elseif name == "RemoveUserFromGroup" then
      c.op = "remove"
    elseif name == "CreateGroup" then
      c.op = "group-create"
    elseif name == "DeleteGroup" then
      c.op = "group-delete"
    elseif name == "CreateUser" then
      c.op = "user-create"
    elseif name == "DeleteUser" then
      c.op = "user-delete"
    elseif name == "UpdateGroup" then
      -- Also moves the group to another path: only a rename matters.
      c.new_name = text(field(req, "newGroupName"))
      c.op = c.new_name and "group-rename" or nil
    elseif name == "UpdateUser" then
      c.new_name = text(field(req, "newUserName"))
      c.op = c.new_name and "user-rename" or nil
    end
  end
  if c.op == nil then return nil end
  return c
end

-- The identity store of an Identity Center change.
function R:store_of(c)
  if c.store then return c.store end
  if c.tenant and self.tenants[c.tenant] then return self.tenants[c.tenant] end
  if c.group and self.groups[gkey_ic(c.group)] then
    return self.groups[gkey_ic(c.group)].store
  end
  return self.account_store[c.account or ""]
end

-- The group and user a change names (nil when it names none).
function R:targets(c)
  if c.source == identity.IAM then
    local acct = c.account or "?"
    return c.group and iam_group(self, acct, c.group),
           c.user and iam_user(self, acct, c.user)
  end
  local store = self:store_of(c)
  return c.group and ic_group(self, c.group, store),
         c.user and ic_user(self, c.user, store)
end

-- Must IAM change c wait for o, which shares its time?  A change that
-- names the new name of a rename comes after it; a rename comes after
-- the changes that name the old name (IAM names one group or user by a
-- name at a time, so either order of the file can be told apart).
local function after(c, o)
  if o == c or o.failed or c.source ~= identity.IAM or
     o.source ~= identity.IAM or o.account ~= c.account then
    return false
  end
  return (o.op == "group-rename" and c.group == o.new_name) or
         (o.op == "user-rename" and c.user == o.new_name) or
         (c.op == "group-rename" and o.group == c.group) or
         (c.op == "user-rename" and o.user == c.user)
end

-- Must c wait for one of the changes not applied yet (the set waiting,
-- nil when none waits: after())?  Only IAM names wait, so a burst of
-- SCIM calls costs nothing here.
local function waits(c, waiting)
  if waiting == nil or c.source ~= identity.IAM then return false end
  for o in pairs(waiting) do
    if after(c, o) then return true end
  end
  return false
end

-- Can c be applied now without contradicting the state?  (Used only to
-- order changes that share a time; waiting holds those not applied.)
function R:ready(c, waiting)
  if c.failed then return true end
  -- Before targets(): it would make a group of a name not yet given.
  if waits(c, waiting) then return false end
  local g, u = self:targets(c)
  if c.op == "add" then
    return not (g and u and open_of(self, g, u))
  elseif c.op == "remove" then
    return g == nil or u == nil or open_of(self, g, u) ~= nil
  elseif c.op == "remove-mid" then
    local m = c.mid and self.mids[c.mid]
    return m ~= nil and open_of(self, m.g, m.u) ~= nil
  end
  return true
end

-- Close every open membership of group g (u nil) or of user u (g nil).
-- Only self.open holds open intervals: walk it, not the history.
function R:close_all(g, u, c, how)
  local groups = g and { [g] = self.open[g] } or self.open
  for _, members in pairs(groups) do
    for mu, iv in pairs(members) do
      if u == nil or mu == u then
        close_interval(self, iv, endpoint(c, how))
      end
    end
  end
end

function R:apply(c)
  if c.op == "tenant" then
    if c.tenant and c.store then self.tenants[c.tenant] = c.store end
    return
  end
  if c.store and c.account then self.account_store[c.account] = c.store end
  if c.tenant and c.store then self.tenants[c.tenant] = c.store end
  local g, u = self:targets(c)
  if c.op == "remove-mid" and c.mid and self.mids[c.mid] then
    g, u = self.mids[c.mid].g, self.mids[c.mid].u
  end
  if g then count(g, c) end
  if c.failed then
    if g == nil then self.failed_unknown = (self.failed_unknown or 0) + 1 end
    return
  end
  if c.op == "add" then
    if g and u then
      if c.mid then self.mids[c.mid] = { g = g, u = u } end
      local iv = open_of(self, g, u)
      if iv and proves_absent(c) then
        -- The logs hold it open, yet the store took the add: it ended
        -- unseen since its last evidence (an unattributed removal, a
        -- hidden SCIM change), and this is a new membership.
        close_interval(self, iv, nil)
        iv.closed = true
        iv.removed_between = { from = last_evidence(iv), to = c.t,
          readded = c.id }
        iv = nil
      end
      if iv then
        iv.readded = (iv.readded or 0) + 1 -- already a member: no new interval
      else
        open_interval(self, g, u, endpoint(c), "logs").mid = c.mid
      end
    end
  elseif c.op == "remove" or c.op == "remove-mid" then
    if g and u then
      local iv = open_of(self, g, u)
      if iv then
        close_interval(self, iv, endpoint(c))
      else
        -- A member since before the logs (or added unseen).
        local new = open_interval(self, g, u, nil, "logs")
        new.added_between = { from = self:earliest(g, u, c.t), to = c.t }
        close_interval(self, new, endpoint(c))
      end
    elseif c.op == "remove-mid" then
      self.unattributed[#self.unattributed + 1] = { mid = c.mid,
        store = self:store_of(c), removed = endpoint(c) }
    end
  elseif c.op == "scim-patch" and g then
    -- One hidden change per call, however many of its operations hide
    -- members: can it have added some, removed some?
    local adds, removes = false, false
    for _, o in ipairs(c.ops) do
      if o.member and o.op == "remove" then
        local mu = ic_user(self, bare(o.member), g.store)
        local iv = open_of(self, g, mu)
        if iv then
          close_interval(self, iv, endpoint(c))
        else
          local new = open_interval(self, g, mu, nil, "logs")
          new.added_between = { from = self:earliest(g, mu, c.t), to = c.t }
          close_interval(self, new, endpoint(c))
        end
      elseif o.members then
        -- Members changed, hidden: recorded, never invented.  A
        -- REPLACE of members may do both.
        adds = adds or o.op ~= "remove"
        removes = removes or o.op == "remove" or o.op == "replace"
      end
    end
    if adds or removes then
      g.hidden[#g.hidden + 1] = { t = c.t, id = c.id,
        op = adds and "add" or "remove", removes = removes }
    end
  elseif c.op == "group-create" and g then
    -- An IAM group created again (after a deletion, seen or not: its
    -- name was free) is new: its members join from here (R:earliest).
    g.created = { t = c.t, id = c.id }
    set_name(g, c.group_name, c.t)
    if c.source == identity.SCIM and c.members then
      -- A SCIM group created with members: who is hidden.
      g.hidden[#g.hidden + 1] = { t = c.t, id = c.id, op = "create" }

    end
  elseif c.op == "group-delete" and g then
    g.deleted = { t = c.t, id = c.id }
    self:close_all(g, nil, c, c.source_short .. ":DeleteGroup")
  elseif c.op == "user-seen" and u then
    -- only a name nothing better gave (a snapshot, a creation)
    if u.name == nil then set_name(u, c.user_name, c.t) end
  elseif c.op == "user-create" and u then
    u.created = { t = c.t, id = c.id } -- anew, as a group
    set_name(u, c.user_name, c.t)
  elseif c.op == "user-delete" and u then
    u.deleted = { t = c.t, id = c.id, how = c.channel .. ":DeleteUser" }
    self:close_all(nil, u, c, c.source_short .. ":DeleteUser")
  elseif c.op == "group-rename" and g and c.source == identity.IAM then
    iam_rename(self.groups, g, gkey_iam(g.account, c.new_name), c.new_name, c)
  elseif c.op == "group-rename" and g then
    -- Identity Center: the id stays.  A name CloudTrail hides (since
    -- July 2025) leaves the last one seen until a snapshot tells.
    set_name(g, c.group_name, c.t)
  elseif c.op == "user-rename" and u and c.source == identity.IAM then
    iam_rename(self.users, u, ukey_iam(u.account, c.new_name), c.new_name, c)
  end
  if self.on_apply then self.on_apply(c, g, u) end
end

-- Apply the changes that share one time, in an order the state allows.
function R:flush()
  local list = self.pending
  self.pending = {}
  local waiting, renames = {}, false
  for _, c in ipairs(list) do
    waiting[c] = true
    renames = renames or c.op == "group-rename" or c.op == "user-rename"
  end
  -- Only a rename makes a change wait for another (after()): without
  -- one, no walk of the second's changes per change.
  if not renames then waiting = nil end
  while #list > 0 do
    local rest, progress = {}, false
    for _, c in ipairs(list) do
      if self:ready(c, waiting) then
        if waiting then waiting[c] = nil end
        self:apply(c)
        progress = true
      else
        rest[#rest + 1] = c
      end
    end
    if not progress then
      -- Stuck: the state allows none (an add of a member already in, a
      -- removal of one not in).  Apply them in their order all the
      -- same, but none before a change it waits for (waits()): a rename
      -- still comes between the changes of its old name and of its new
      -- one.  Where they wait for each other, the first goes.
      local later = {}
      for _, c in ipairs(rest) do
        if waits(c, waiting) then
          later[#later + 1] = c
        else
          if waiting then waiting[c] = nil end
          self:apply(c)
        end
      end
      if #later == #rest then
        local c = table.remove(later, 1)
        waiting[c] = nil
        self:apply(c)
      end
      rest = later
    end
    list = rest
  end
end

--- r:event(c): one change (from change_of), in time order.
function R:event(c)
  if c == nil then return end
  if self.pending_t ~= nil and c.t ~= self.pending_t then
    self:flush()
  end
  -- Snapshots captured before this change are reconciled first.
  self:snapshots_until(c.t - 1)
  if c.op ~= "user-seen" then self.first_t = self.first_t or c.t end
  self.pending_t = c.t
  self.pending[#self.pending + 1] = c
end

-- --- snapshots -------------------------------------------------------

-- The account of an IAM user or group of get-account-authorization-details
-- (its Arn).
local function iam_account(x)
  local a = arn.parse(field(x, "Arn"))
  return a and a.service == "iam" and text(a.account) or nil
end

--- r:snapshots(ctx): read every identity-store snapshot in the index
-- (one row per listed item: trailsift-index(5)): names of users and
-- groups, whatever their capture time, and the memberships at each
-- capture time, reconciled as the replay passes it.  A membership
-- listing covers the groups its items name (list-group-memberships
-- takes one --group-id a call, so a listing may hold any subset of the
-- groups of list-groups): a covered group's members are exactly those
-- listed.  A group it does not name, listed by list-groups or not, is
-- left as the logs have it; so is one whose listing came back empty,
-- which no item names.  get-account-authorization-details lists every
-- IAM group of its account, so each is covered.  With ctx.until (the
-- end of the window, rules run --until) a membership listing captured
-- after it is left out, as the events after it are: state the window
-- does not reach must not end or begin memberships inside it.  Names
-- still come from every listing of users and groups.
function R:snapshots(ctx)
  local rows = ctx:query("SELECT type, captured_ms, json FROM snapshot " ..
    "WHERE type IN ('users', 'groups') OR (type IN ('group-memberships', " ..
    "'iam-users', 'iam-groups') AND captured_ms <= ?) " ..
    "ORDER BY captured_ms, source_id, rowid",
    ctx["until"] or math.maxinteger)
  local by_time = {}
  local function at(t)
    by_time[t] = by_time[t] or { t = t, groups = {}, members = {}, iam = {} }
    return by_time[t]
  end
  for _, row in ipairs(rows) do
    local x = ts.json_decode(row.json)
    if row.type == "users" then
      local id = bare(field(x, "UserId"))
      if id then
        local u = ic_user(self, id, bare(field(x, "IdentityStoreId")))
        set_name(u, text(field(x, "UserName")), row.captured_ms)
        u.display = text(field(x, "DisplayName"))
        u.given = text(field(x, "Name", "GivenName"))
        u.family = text(field(x, "Name", "FamilyName"))
        u.emails = {}
        for _, m in ipairs(field(x, "Emails") or {}) do
          local v = text(field(m, "Value"))
          if v then u.emails[#u.emails + 1] = v end
        end
        u.in_snapshot = true
      end
    elseif row.type == "groups" then
      local id = bare(field(x, "GroupId"))
      if id then
        local g = ic_group(self, id, bare(field(x, "IdentityStoreId")))
        set_name(g, text(field(x, "DisplayName")), row.captured_ms)
        g.in_snapshot = true
      end
    elseif row.type == "iam-groups" then
      -- aws iam get-account-authorization-details: every group of the
      -- account, so each is covered.  IAM names are resolved when the
      -- replay reaches the capture time (R:reconcile): a name belongs
      -- to whichever group or user carries it then, renames included.
      local acct = iam_account(x)
      local name = text(field(x, "GroupName"))
      if acct and name then
        local s = at(row.captured_ms)
        s.has_members = true
        s.iam[#s.iam + 1] = { account = acct, group = name }
      end
    elseif row.type == "iam-users" then
      local acct = iam_account(x)
      local name = text(field(x, "UserName"))
      if acct and name then
        local s = at(row.captured_ms)
        s.has_members = true
        local groups = {}
        for _, gname in ipairs(field(x, "GroupList") or {}) do
          groups[#groups + 1] = text(gname)
        end
        s.iam[#s.iam + 1] = { account = acct, user = name, groups = groups }
      end
    elseif row.type == "group-memberships" then
      local s = at(row.captured_ms)
      s.has_members = true
      local gid = bare(field(x, "GroupId"))
      local uid = bare(field(x, "MemberId", "UserId"))
      if gid and uid then
        local store = bare(field(x, "IdentityStoreId"))
        local g, u = ic_group(self, gid, store), ic_user(self, uid, store)
        s.groups[g] = true
        s.members[#s.members + 1] = { g = g, u = u,
          mid = bare(field(x, "MembershipId")) }
      end
    end
  end
  for _, s in pairs(by_time) do
    if s.has_members then self.snaps[#self.snaps + 1] = s end
  end
  -- Where the logs begin: a membership from before them is certain
  -- only from there on.
  self.logs_from = ctx:query("SELECT min(time_ms) AS t FROM event " ..
    "WHERE time_ms BETWEEN ? AND ?", ctx.since or math.mininteger,
    ctx["until"] or math.maxinteger)[1].t
  table.sort(self.snaps, function(a, b) return a.t < b.t end)
end

-- The earliest a membership of u in g can have begun, before `to`.
function R:earliest(g, u, to)
  local from
  for _, x in pairs({ g = g.created, u = u.created }) do
    if x.t <= to and (from == nil or x.t > from) then from = x.t end
  end
  for _, iv in ipairs(self.pair[g] and self.pair[g][u] or {}) do
    if iv.removed and iv.removed.time <= to and
       (from == nil or iv.removed.time > from) then
      from = iv.removed.time
    end
  end
  return from
end

-- The IAM groups and users of snapshot s, by the names they carry now
-- (the replay is at s.t): covered groups into s.groups, memberships
-- into s.members.
function R:iam_snapshot(s)
  for _, x in ipairs(s.iam) do
    if x.group then
      local g = iam_group(self, x.account, x.group)
      g.in_snapshot = true
      s.groups[g] = true
    else
      local u = iam_user(self, x.account, x.user)
      u.in_snapshot = true
      for _, gname in ipairs(x.groups) do
        local g = iam_group(self, x.account, gname)
        s.groups[g] = true
        s.members[#s.members + 1] = { g = g, u = u }
      end
    end
  end
end

-- Reconcile with the membership snapshot s (capture time s.t).
function R:reconcile(s)
  self:flush()
  self:iam_snapshot(s)
  local inside = {}
  for _, m in ipairs(s.members) do
    inside[m.g] = inside[m.g] or {}
    inside[m.g][m.u] = true
    if m.mid then self.mids[m.mid] = { g = m.g, u = m.u } end
    local iv = open_of(self, m.g, m.u)
    if iv then
      iv.known.snapshot = true
    else
      iv = open_interval(self, m.g, m.u, nil, "snapshot")
      iv.added_between = { from = self:earliest(m.g, m.u, s.t), to = s.t }
    end
    iv.seen = s.t -- its last evidence, should it end unseen
    iv.mid = iv.mid or m.mid
  end
  for g in pairs(s.groups) do
    for u, iv in pairs(self.open[g] or {}) do
      if not (inside[g] and inside[g][u]) then
        -- Open in the logs, absent from the snapshot: removed unseen.
        iv.known.snapshot = true
        local from = iv.added and iv.added.time or
          (iv.added_between and iv.added_between.from)
        close_interval(self, iv, nil)
        iv.closed = true
        iv.removed_between = { from = from, to = s.t }
      end
    end
  end
end

function R:snapshots_until(t)
  while self.snaps[self.snap_i] and self.snaps[self.snap_i].t <= t do
    self:reconcile(self.snaps[self.snap_i])
    self.snap_i = self.snap_i + 1
  end
end

-- The latest hidden change of g in (from, to] that can add a member,
-- or nil.
local function last_hidden(g, from, to)
  local last
  for _, h in ipairs(g.hidden) do
    -- a hidden removal adds no one
    if h.op ~= "remove" and h.t <= to and (from == nil or h.t > from) then
      last = h.t
    end
  end
  return last
end

--- r:finish(): apply what is pending and the snapshots taken after the
-- last event (and, with ctx.until, not after the window: r:snapshots()
-- left those out); then narrow each unknown addition: it happened at a hidden
-- change of the group (the latest one before the membership was seen
-- bounds it), and with no hidden change and no earlier bound, before
-- the logs (added_between.to is then nil, and added_between.certain is
-- when the logs begin, or the first evidence of the membership if
-- that is earlier: before it the membership is only possible).
function R:finish()
  self:flush()
  self:snapshots_until(math.maxinteger)
  local start = self.logs_from or self.first_t
  for _, iv in ipairs(self.intervals) do
    local b = iv.added_between
    if b then
      local h = last_hidden(iv.g, b.from, b.to)
      if h then
        b.to = h
      elseif b.from == nil then
        b.certain = math.min(start or b.to, b.to)
        b.to = nil
      end
    end
  end
end

-- --- reading the result ---------------------------------------------

--- M.is_open(iv) -> true while the interval holds at the end.
function M.is_open(iv)
  return iv.removed == nil and not iv.closed
end

--- M.known_from(iv) -> "logs", "snapshot" or "logs+snapshot".
function M.known_from(iv)
  if iv.known.logs and iv.known.snapshot then return "logs+snapshot" end
  return iv.known.logs and "logs" or "snapshot"
end

--- M.may_have_ended(r, iv, t) -> the removals of r.unattributed (in
-- time order) that may have ended interval iv by time t: those of its
-- identity store after its last evidence, when its membership id is
-- unknown (an add by the console or SCIM; a CreateGroupMembership or a
-- listing gives the id, and a removal of another id is not of it), and
-- none when its own removal is in the logs.
-- iv holds at t (M.at); for an IAM group the list is empty.
function M.may_have_ended(r, iv, t)
  local out = {}
  -- A removal seen in the logs is evidence too: the store took it, so
  -- the membership held until then (its id, or its group and member).
  if iv.mid or iv.removed or iv.g.kind ~= "identitycenter" then return out end
  local from = last_evidence(iv)
  for _, x in ipairs(r.unattributed) do
    local rt = x.removed.time
    -- a listing at rt already shows what a removal at rt did; an add
    -- and a removal in one second can be in either order
    local after = from == nil or rt > from or (rt == from and iv.seen == nil)
    if after and rt <= t and
       (x.store == nil or iv.g.store == nil or x.store == iv.g.store) then
      out[#out + 1] = x
    end
  end
  return out
end

--- M.at(iv, t) -> "member", "possible" or nil: was the member in the
-- group at time t?
function M.at(iv, t)
  local in_from, in_to -- certainly in from in_to on; possibly from in_from
  if iv.added then
    in_from, in_to = iv.added.time, iv.added.time
  else
    -- Before the logs: certain only once they begin (b.certain).
    local b = iv.added_between
    in_from = b.from or math.mininteger
    in_to = b.to or b.certain or in_from
  end
  local out_from, out_to -- possibly out from out_from; certainly from out_to
  if iv.removed then
    out_from, out_to = iv.removed.time, iv.removed.time
  elseif iv.removed_between then
    out_from = iv.removed_between.from or in_from
    out_to = iv.removed_between.to
  else
    out_from, out_to = math.maxinteger, math.maxinteger
  end
  if t < in_from or t >= out_to then return nil end
  if t >= in_to and t < out_from then return "member" end
  return "possible"
end

local function change(t, id, op, f)
  local c = { t = t, id = id, op = op, source = identity.IDENTITYSTORE,
    source_short = "identitystore", name = "X", channel = "cli",
    actor = "maria", account = "111122223333", store = "d-1234567890" }
  for k, v in pairs(f or {}) do c[k] = v end
  return c
end

-- The same, of an IAM change.
local function iam(t, id, op, f)
  f.source, f.source_short = identity.IAM, "iam"
  return change(t, id, op, f)
end

M._test = {
  feed = function(t)
    local r, n = M.new(), 0
    local function classify(e)
      n = n + 1
      return { channel = "cli", actor = "maria" }
    end
    local signin = { event_source = identity.SSO, event_name = "Federate",
      time_ms = 1000, event_id = "s1", account = "111122223333",
      record = { userIdentity = { userName = "ana",
        onBehalfOf = { userId = "u1" } } } }
    t.eq(M.feed(r, signin, classify), nil, "a sign-in has no channel")
    t.eq(n, 0, "a sign-in is not classified")
    local add = { event_source = identity.IDENTITYSTORE,
      event_name = "CreateGroupMembership", time_ms = 2000, event_id = "a1",
      account = "111122223333", record = { requestParameters = {
        identityStoreId = "d-1234567890", groupId = "g1",
        memberId = { userId = "u1" } },
        responseElements = { membershipId = "m1" } } }
    t.eq(M.feed(r, add, classify).channel, "cli")
    r:finish()
    t.eq(#r.intervals, 1)
    t.eq(r.intervals[1].added.channel, "cli")
    t.eq(r.intervals[1].u.name, "ana", "the sign-in named the user")
  end,
  replay = function(t)
    local r = M.new()
    r:event(change(1000, "e1", "add", { group = "g1", user = "u1", mid = "m1" }))
    r:event(change(2000, "e2", "remove-mid", { mid = "m1" }))
    r:event(change(3000, "e3", "remove-mid", { mid = "m-unknown" }))
    r:event(change(4000, "e4", "add", { group = "g1", user = "u2", failed = true }))
    r:finish()
    t.eq(#r.intervals, 1, "one interval")
    local iv = r.intervals[1]
    t.eq(iv.added.time, 1000); t.eq(iv.removed.time, 2000)
    t.eq(iv.removed.event, "identitystore:X")
    t.eq(#r.unattributed, 1, "unattributed")
    t.eq(r.groups["ic:g1"].attempts, 1, "attempt counted")
    t.eq(M.known_from(iv), "logs")
  end,
  same_second = function(t)
    -- The delete sorts first; the add is applied first all the same.
    local r = M.new()
    r:event(change(1000, "a", "remove-mid", { mid = "m1" }))
    r:event(change(1000, "b", "add", { group = "g1", user = "u1", mid = "m1" }))
    r:finish()
    t.eq(#r.intervals, 1)
    t.eq(M.is_open(r.intervals[1]), false)
    t.eq(#r.unattributed, 0)
  end,
  hidden = function(t)
    local r = M.new()
    r:event(change(1000, "p", "scim-patch", { source = identity.SCIM,
      source_short = "identitystore-scim", group = "g1",
      ops = { { op = "add", members = true } } }))
    r:event(change(2000, "q", "scim-patch", { source = identity.SCIM,
      source_short = "identitystore-scim", group = "g1",
      ops = { { op = "remove", member = "u9", members = true } } }))
    r:finish()
    t.eq(#r.groups["ic:g1"].hidden, 1, "hidden change recorded")
    t.eq(#r.intervals, 1, "no invented member")
    local iv = r.intervals[1]
    t.eq(iv.u.id, "u9"); t.eq(iv.added, nil)
    t.eq(iv.added_between.to, 1000, "at the latest, the hidden add")
    t.eq(M.at(iv, 500), "possible"); t.eq(M.at(iv, 1500), "member")
    t.eq(M.at(iv, 2000), nil)
  end,
  portal_names = function(t)
    -- review 4 (samples), finding 3: a user known only by id is named
    -- by its sign-ins to the access portal; a failed one is no change
    local function signin(id, err)
      return { event_source = identity.SSO, event_name = "Federate",
        time_ms = 500, event_id = id, error_code = err, record = {
          userIdentity = { type = "Unknown", userName = "olivia@example.com",
            onBehalfOf = { userId = "u-9", identityStoreArn =
              "arn:aws:identitystore::111122223333:identitystore/d-1234567890" } } } }
    end
    t.eq(M.change_of(signin("f", "AccessDenied")), nil, "failed")
    local r = M.new()
    r:event(M.change_of(signin("s")))
    r:event(change(1000, "a", "add", { group = "g1", user = "u-9" }))
    r:finish()
    t.eq(r.intervals[1].u.name, "olivia@example.com")
    t.eq(r.first_t, 1000, "a sign-in is no identity change")
    t.eq(r.failed_unknown, nil)
  end,
  hidden_bounds = function(t)
    -- review 4 (samples), finding 8: a SCIM CreateGroup without members
    -- is no hidden change, and a hidden removal bounds no addition
    local scim = { source = identity.SCIM, source_short = "identitystore-scim" }
    local function sc(tm, id, op, f)
      for k, v in pairs(scim) do f[k] = v end
      return change(tm, id, op, f)
    end
    local r = M.new()
    r:event(sc(500, "c", "group-create", { group = "g1" }))
    r:event(sc(1000, "p", "scim-patch", { group = "g1",
      ops = { { op = "add", members = true } } }))
    r:event(sc(1500, "q", "scim-patch", { group = "g1",
      ops = { { op = "remove", members = true } } }))
    r:event(sc(2000, "x", "scim-patch", { group = "g1",
      ops = { { op = "remove", member = "u9", members = true } } }))
    r:event(sc(2500, "d", "group-create", { group = "g2", members = true }))
    r:finish()
    t.eq(#r.groups["ic:g1"].hidden, 2, "the create is not hidden")
    t.eq(r.intervals[1].added_between.to, 1000, "the add, not the removal")
    t.eq(#r.groups["ic:g2"].hidden, 1, "created with members")
    -- review 4 (latest changes), findings 4 and 5: one hidden change
    -- per call, whatever its operations, "Members" in any case, and a
    -- REPLACE of members may remove
    r = M.new()
    r:event(sc(1000, "m", "scim-patch", { group = "g3", ops = {
      { op = "replace", members = false },
      { op = "add", members = true },
      { op = "remove", members = true } } }))
    r:event(sc(2000, "n", "scim-patch", { group = "g3",
      ops = { { op = "replace", members = true } } }))
    r:finish()
    local h = r.groups["ic:g3"].hidden
    t.eq(#h, 2, "one per call")
    t.eq(h[1].op, "add"); t.eq(h[1].removes, true)
    t.eq(h[2].op, "add", "a replace may add"); t.eq(h[2].removes, true)
    t.eq(r.groups["ic:g3"].member_events, 2)
    -- A PatchGroup read by change_of: whether an operation is on members
    -- is identity.group_op's answer, a path-less value object holding
    -- members included (a REPLACE of them may add and remove).
    local function patch(id, ops)
      return M.change_of({ event_source = identity.SCIM, event_name = "PatchGroup",
        time_ms = 3000, event_id = id, record = { requestParameters = {
          id = "g4", httpBody = { operations = ops } } } }, { channel = "scim" })
    end
    r = M.new()
    r:event(patch("v", { { op = "Replace", value = { members = { { value = "u1" } } } } }))
    r:event(patch("w", { { op = "REPLACE", value = identity.HIDDEN } }))
    r:finish()
    h = r.groups["ic:g4"].hidden
    t.eq(#h, 1, "the members replaced, not the displayName")
    t.eq(h[1].id, "v"); t.eq(h[1].removes, true)
  end,
  before_logs = function(t)
    local r = M.new()
    r:event(change(1000, "w", "group-create", { group = "g9" }))
    r:event(change(5000, "x", "remove", { source = identity.IAM,
      source_short = "iam", group = "ops", user = "carol" }))
    r:finish()
    local iv = r.intervals[1]
    t.eq(iv.g.key, "iam:111122223333:ops")
    t.eq(iv.added_between.to, nil, "before the logs")
    -- review 2, finding 9: certain only once the logs begin
    t.eq(M.at(iv, 1), "possible", "before the logs begin")
    t.eq(M.at(iv, 1000), "member", "from their first event")
    t.eq(M.at(iv, 5000), nil, "removed")
  end,
  iam_rename = function(t)
    -- review 2, finding 3: a rename keeps one history, under the key
    -- of the latest name.
    local r = M.new()
    r:event(iam(1000, "a", "add", { group = "devs", user = "bob" }))
    r:event(iam(2000, "b", "group-rename", { group = "devs", new_name = "developers" }))
    r:event(iam(3000, "c", "remove", { group = "developers", user = "bob" }))
    r:event(iam(3500, "d", "add", { group = "developers", user = "carl" }))
    -- One second, in an order IAM cannot have run: the add to the new
    -- name is applied after the rename, the add to the old one before.
    r:event(iam(4000, "e", "add", { group = "ops2", user = "erin" }))
    r:event(iam(4000, "f", "group-rename", { group = "ops", new_name = "ops2" }))
    r:event(iam(4000, "g", "add", { group = "ops", user = "dan" }))
    r:event(iam(4500, "h", "user-rename", { user = "carl", new_name = "carl.x" }))
    r:event(iam(5000, "i", "group-create", { group = "devs" }))
    -- A user renamed to the name of one deleted: that one moves aside,
    -- named after the rename.
    r:event(iam(5500, "j", "user-delete", { user = "ann" }))
    r:event(iam(5600, "k", "user-rename", { user = "bea", new_name = "ann" }))
    -- The listing names the group and user as they are at its capture.
    r.snaps = { { t = 6000, groups = {}, members = {}, has_members = true,
      iam = { { account = "111122223333", group = "developers" },
              { account = "111122223333", user = "carl.x", groups = { "developers" } } } } }
    r:finish()
    local dev = r.groups["iam:111122223333:developers"]
    t.eq(dev.name, "developers"); t.eq(dev.id, "developers")
    t.eq(table.concat(M.former_names(dev), ","), "devs")
    t.eq(r.groups["iam:111122223333:devs"].created.t, 5000, "a new devs")
    t.eq(#r.intervals, 4)
    local bob, carl = r.intervals[1], r.intervals[2]
    t.eq(bob.g, dev); t.eq(bob.removed.time, 3000, "removed under the new name")
    t.eq(carl.g, dev); t.eq(carl.u.key, "iam:111122223333:carl.x")
    t.eq(carl.u.name, "carl.x"); t.eq(M.former_names(carl.u)[1], "carl")
    t.eq(r.users["iam:111122223333:carl"], nil, "the old key is free")
    t.eq(M.is_open(carl), true); t.eq(M.known_from(carl), "logs+snapshot")
    local ops = r.groups["iam:111122223333:ops2"]
    t.eq(r.intervals[3].g, ops); t.eq(r.intervals[4].g, ops)
    t.eq(r.groups["iam:111122223333:ops"], nil, "no group left behind")
    t.eq(#r.group_list, 3)
    local ann = r.users["iam:111122223333:ann#k"]
    t.eq(ann and ann.deleted.t, 5500, "the deleted ann, aside")
    t.eq(ann and ann.key, "iam:111122223333:ann#k")
    t.eq(M.former_names(r.users["iam:111122223333:ann"]), { "bea" })
  end,
  former_names = function(t)
    -- Oldest first by first sighting, the name it goes by left out; the
    -- list is kept until the names change.
    local r = M.new()
    r:event(change(1000, "c", "group-create", { group = "g5", group_name = "alpha" }))
    r:event(change(2000, "u", "group-rename", { group = "g5", group_name = "beta" }))
    r:flush()
    local g = r.groups["ic:g5"]
    t.eq(M.former_names(g), { "alpha" })
    t.eq(M.named(g), { id = "g5", name = "beta", former_names = { "alpha" } })
    r:event(change(3000, "v", "group-rename", { group = "g5", group_name = "alpha" }))
    r:flush()
    t.eq(M.former_names(g), { "beta" }, "back to alpha")
    r:event(change(4000, "w", "group-rename", { group = "g5", group_name = "gamma" }))
    r:flush()
    t.eq(M.former_names(g), { "alpha", "beta" }, "alpha first seen first")
    M.former_names(g)[1] = "changed by a caller"
    t.eq(M.former_names(g), { "alpha", "beta" }, "a list of its own")
    t.eq(M.former_names(r.groups["ic:g1"] or r:group("ic:g1", {})), {}, "never named")
  end,
  stuck_rename = function(t)
    -- One second the state cannot order (bob is in devs already: the
    -- add waits for a removal that does not come), in an order IAM
    -- cannot have run: the add to the new name still follows the
    -- rename, and the add to the old name comes before it.
    local r = M.new()
    r:event(iam(1000, "a", "add", { group = "devs", user = "bob" }))
    r:event(iam(2000, "l", "add", { group = "ops", user = "bob.y" }))
    r:event(iam(2000, "m", "user-rename", { user = "bob", new_name = "bob.y" }))
    r:event(iam(2000, "n", "add", { group = "devs", user = "bob" }))
    r:finish()
    local bob = r.users["iam:111122223333:bob.y"]
    t.eq(#r.intervals, 2)
    t.eq(r.intervals[1].u, bob); t.eq(r.intervals[1].readded, 1, "the add to devs")
    t.eq(r.intervals[2].u, bob, "the add to ops, after the rename")
    t.eq(r.users["iam:111122223333:bob.y#m"], nil, "nobody moved aside")
  end,
  created_again = function(t)
    -- An IAM group (or user) deleted and created again under its name:
    -- a member the listing shows joined the new one, not the old.
    for _, again in ipairs({ { group = "ops" }, { user = "carl" } }) do
      local r = M.new()
      r:event(iam(1000, "a", "group-create", { group = "ops" }))
      r:event(iam(1000, "b", "user-create", { user = "carl" }))
      local what = again.group and "group" or "user"
      r:event(iam(2000, "c", what .. "-delete", again))
      r:event(iam(3000, "d", what .. "-create", again))
      r.snaps = { { t = 5000, groups = {}, members = {}, has_members = true,
        iam = { { account = "111122223333", group = "ops" },
                { account = "111122223333", user = "carl", groups = { "ops" } } } } }
      r:finish()
      local iv = r.intervals[1]
      t.eq(iv.added_between.from, 3000, what .. " created again")
      t.eq(M.at(iv, 2500), nil, what .. ": not before")
    end
  end,
  readded = function(t)
    -- A console add (no membership id), a removal of an id never seen,
    -- then a CreateGroupMembership: the store took the add, so the
    -- first membership had ended (when, unknown) and a new one starts.
    local r = M.new()
    r:event(change(1000, "a", "add", { group = "g1", user = "u1",
      source = identity.DIRECTORY, source_short = "sso-directory",
      channel = "console" }))
    r:event(change(2000, "d", "remove-mid", { mid = "m-never-seen" }))
    r:event(change(3000, "c", "add", { group = "g1", user = "u1", mid = "m2" }))
    r:finish()
    t.eq(#r.intervals, 2, "two intervals")
    local old, new = r.intervals[1], r.intervals[2]
    t.eq(M.is_open(old), false); t.eq(old.removed, nil)
    t.eq(old.removed_between, { from = 1000, to = 3000, readded = "c" })
    t.eq(M.at(old, 1500), "possible", "in the gap: not certain")
    t.eq(M.at(old, 3000), nil)
    t.eq(new.added.time, 3000); t.eq(new.added.channel, "cli")
    t.eq(M.is_open(new), true); t.eq(new.mid, "m2")
    -- IAM's AddUserToGroup succeeds for a member already in: no end.
    r = M.new()
    r:event(iam(1000, "a", "add", { group = "ops", user = "bob" }))
    r:event(iam(2000, "b", "add", { group = "ops", user = "bob" }))
    r:finish()
    t.eq(#r.intervals, 1); t.eq(r.intervals[1].readded, 1)
  end,
  may_have_ended = function(t)
    -- Which unattributed removals may have ended a membership held:
    -- those of its store after its last evidence, when its id is unknown.
    local function console(tm, id, g, u)
      return change(tm, id, "add", { group = g, user = u,
        source = identity.DIRECTORY, source_short = "sso-directory" })
    end
    local r = M.new()
    r:event(console(1000, "a", "g1", "u1"))
    r:event(change(1000, "b", "add", { group = "g1", user = "u2", mid = "m2" }))
    r:event(console(3000, "c", "g1", "u3"))
    r:event(change(2000, "d", "remove-mid", { mid = "m-x" }))
    r:event(change(2500, "e", "remove-mid", { mid = "m-y", store = "d-other" }))
    r:finish()
    local function ended(i, at)
      local ids = {}
      for _, x in ipairs(M.may_have_ended(r, r.intervals[i], at)) do
        ids[#ids + 1] = x.removed.event_id
      end
      return ids
    end
    t.eq(ended(1, 5000), { "d" }, "added by the console, then d")
    t.eq(ended(1, 1500), {}, "before the removal")
    t.eq(ended(2, 5000), {}, "its id is known")
    t.eq(ended(3, 5000), {}, "added after the removal")
    -- a listing after the removal shows it still held
    r = M.new()
    local g = r:group("ic:g1", { id = "g1", kind = "identitycenter",
      store = "d-1234567890" })
    r:event(console(1000, "a", "g1", "u1"))
    r:event(change(2000, "d", "remove-mid", { mid = "m-x" }))
    r.snaps = { { t = 2000, groups = { [g] = true }, iam = {},
      members = { { g = g, u = r:user("ic:u1", { id = "u1" }) } } } }
    r:finish()
    t.eq(ended(1, 5000), {}, "listed at the removal's time")
    -- its own removal in the logs (the console's, by group and member)
    -- shows it held until then: d did not end it
    r = M.new()
    r:event(console(1000, "a", "g1", "u1"))
    r:event(change(2000, "d", "remove-mid", { mid = "m-x" }))
    r:event(change(4000, "f", "remove", { group = "g1", user = "u1",
      source = identity.DIRECTORY, source_short = "sso-directory" }))
    r:finish()
    t.eq(ended(1, 3000), {}, "removed later in the logs")
  end,
  deleted_after_snapshot = function(t)
    -- A snapshot's members, then removed by deleting the user, the
    -- group, or the membership: each removal is known from the logs.
    local r = M.new()
    local g = r:group("ic:g1", { id = "g1", kind = "identitycenter" })
    local function u(id) return r:user("ic:" .. id, { id = id }) end
    r.snaps = { { t = 500, groups = { [g] = true }, iam = {},
      members = { { g = g, u = u("u1") }, { g = g, u = u("u2"), mid = "m2" } } } }
    r:event(change(1000, "d1", "user-delete", { user = "u1" }))
    r:event(change(2000, "d2", "remove-mid", { mid = "m2" }))
    r:finish()
    t.eq(#r.intervals, 2)
    for _, iv in ipairs(r.intervals) do
      t.eq(M.known_from(iv), "logs+snapshot", iv.u.id)
    end
  end,
}

return M
