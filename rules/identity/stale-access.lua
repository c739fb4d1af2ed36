--- Access still held by identities that were disabled: the rows of
-- `trailsift report stale`.
--
-- Disabled: in the logs (ts.access), or in an identity provider's export
-- given as `--disabled FILE` (ts.upstream), matched to Identity Center
-- users by user name, e-mail or id, in every identifier column.  Held:
-- group memberships open at the as-of time (ts.membership, with the
-- snapshots), account assignments to the user, and account assignments
-- to a group the user is in.
local identity = require "ts.identity"
local channel = require "ts.channel"
local membership = require "ts.membership"
local access = require "ts.access"
local upstream = require "ts.upstream"
local time = require "ts.time"
local util = require "ts.util"

local null = util.null

-- Identity Center users by every name they go by (lower case): id,
-- user name and e-mails -> the list of users, in the order of users
-- (sorted by key, so the index is the same on every run).  The logs hide
-- user names, so many users are known by id alone; an e-mail (or a user
-- name) can be shared by several users.
local function name_index(users)
  local by = {}
  local function add(n, u)
    if n == nil then return end
    local l = by[n:lower()]
    if l == nil then
      by[n:lower()] = { u }
    elseif l[#l] ~= u then
      l[#l + 1] = u
    end
  end
  for _, u in ipairs(users) do
    if u.kind == "identitycenter" then
      add(u.id, u)
      add(u.name, u)
      for _, m in ipairs(u.emails or {}) do add(m, u) end
    end
  end
  return by
end

local function label_of_user(u)
  return u.name and ("%s (%s)"):format(u.name, u.id) or u.id
end

-- The disabled rows of the export matched to Identity Center users:
-- user key -> { time (nil: no usable date), how }, the earliest dated
-- row winning; and the set of user keys that have a row at all.  A row
-- names the users of its first identifier column that names any; when
-- it names several (an e-mail two users share), the export cannot tell
-- which one left, so each is taken as disabled, and a finding says so.
-- Rows that match nobody, and users known disabled only by rows without
-- a usable date, are findings too: such a user is still reported, with
-- days stale unknown.
local function match_export(ctx, users, list, fname)
  local names = name_index(users)
  local upstream_of, listed, unmatched, undated, order = {}, {}, {}, {}, {}
  local shared, shared_ids = {}, {}
  for _, row in ipairs(list.rows) do
    local us
    for _, id in ipairs(row.ids) do
      us = us or names[id:lower()]
    end
    if us == nil then
      if row.disabled then unmatched[#unmatched + 1] = row.id end
    else
      if #us > 1 and row.disabled then
        local l, ids = {}, {}
        for _, u in ipairs(us) do
          l[#l + 1] = label_of_user(u)
          ids[#ids + 1] = u.id
        end
        shared[#shared + 1] = ("%s: %s"):format(row.id, table.concat(l, ", "))
        shared_ids[#shared_ids + 1] = { row = row.id, identities = ids }
      end
      for _, u in ipairs(us) do
        listed[u.key] = true
        local prev = upstream_of[u.key]
        if row.disabled and prev == nil then order[#order + 1] = u.key end
        if row.disabled and (prev == nil or
           (row.time and (prev.time == nil or row.time < prev.time))) then
          upstream_of[u.key] = { time = row.time, how = "upstream:" .. list.source,
            row = row }
        end
      end
    end
  end
  if #(list.unknown or {}) > 0 then
    local vals, n = {}, 0
    for _, u in ipairs(list.unknown) do
      vals[#vals + 1] = ("'%s' (%d)"):format(u.value, u.n)
      n = n + u.n
    end
    ctx:finding{
      severity = "medium",
      message = ("%d row%s of %s say%s neither enabled nor disabled in " ..
        "%s, and count%s as enabled: %s"):format(n, n == 1 and "" or "s",
        fname, n == 1 and "s" or "", list.columns.state,
        n == 1 and "s" or "", table.concat(vals, ", ")),
      data = { unknown = list.unknown },
    }
  end
  if list.next_page then
    ctx:finding{
      severity = "medium",
      message = ("%s is one page of a longer listing (it links to the " ..
        "next, @odata.nextLink): the identities on the pages after it " ..
        "are not read; export every page (Get-MgUser -All, or follow " ..
        "the links)"):format(fname),
      data = { next_page = list.next_page },
    }
  end
  if #(list.conflicts or {}) > 0 then
    local n = #list.conflicts
    ctx:finding{
      severity = "medium",
      message = ("%d identit%s %s listed both disabled and enabled in %s, " ..
        "and count%s as disabled: %s"):format(n, n == 1 and "y" or "ies",
        n == 1 and "is" or "are", fname, n == 1 and "s" or "",
        table.concat(list.conflicts, ", ")),
      data = { conflicts = list.conflicts },
    }
  end
  if #shared > 0 then
    ctx:finding{
      severity = "medium",
      message = ("%d disabled row%s of %s name%s several identities by an " ..
        "identifier they share, and the export cannot tell which one left: " ..
        "each is reported as disabled; check them: %s"):format(#shared,
        #shared == 1 and "" or "s", fname, #shared == 1 and "s" or "",
        table.concat(shared, "; ")),
      data = { shared = shared_ids },
    }
  end
  local seen = {}
  for _, k in ipairs(order) do
    local row = upstream_of[k].row
    if row.time == nil and not seen[row] then
      seen[row] = true
      local d = row.date_text
      if type(d) == "number" then d = tostring(d) end
      undated[#undated + 1] = row.id .. ((type(d) ~= "string" or d == "") and
        " (no date)" or (' ("%s")'):format(d))
    end
  end
  if #unmatched > 0 then
    ctx:finding{
      severity = "low",
      message = ("%d disabled identit%s in %s match%s no identity of " ..
        "the snapshots or the logs by user name, e-mail or id (the logs " ..
        "hide user names, so a user deleted before the snapshot cannot " ..
        "be matched): %s"):format(#unmatched,
        #unmatched == 1 and "y" or "ies", fname,
        #unmatched == 1 and "es" or "", table.concat(unmatched, ", ")),
      data = { unmatched = unmatched },
    }
  end
  if #undated > 0 then
    ctx:finding{
      severity = "low",
      message = ("%d disabled identit%s in %s %s no usable date, so days " ..
        "stale cannot be counted (reported as unknown): %s"):format(#undated,
        #undated == 1 and "y" or "ies", fname, #undated == 1 and "has" or "have",
        table.concat(undated, ", ")),
      data = { undated = undated },
    }
  end
  return upstream_of, listed
end

-- The membership replay and the access replay over it, with the
-- index's snapshots.
local function replays(ctx)
  local r = membership.new()
  local a = access.new(r)
  r:snapshots(ctx)
  a:snapshots(ctx)
  return r, a
end

-- Append the ids of each list to out, each once.
local function add_all(out, ...)
  local seen = {}
  for _, id in ipairs(out) do seen[id] = true end
  for i = 1, select("#", ...) do
    for _, id in ipairs((select(i, ...))) do
      if not seen[id] then
        seen[id] = true
        out[#out + 1] = id
      end
    end
  end
  return out
end

-- The events that granted what an identity still holds, in row order.
local function granted_by(rows, evidence_of)
  local out = {}
  for _, row in ipairs(rows) do add_all(out, evidence_of[row].granted) end
  return out
end

local function label_of(g)
  return g.name or g.id
end

local function basename(path)
  return (path or ""):match("([^/]+)$") or path
end

local function cmp_rows(a, b)
  local x = { a.identity.id, a.access.type,
    a.access.group ~= ts.null and a.access.group.id or "",
    a.access.account ~= ts.null and a.access.account or "",
    a.access.permission_set ~= ts.null and a.access.permission_set.arn or "" }
  local y = { b.identity.id, b.access.type,
    b.access.group ~= ts.null and b.access.group.id or "",
    b.access.account ~= ts.null and b.access.account or "",
    b.access.permission_set ~= ts.null and b.access.permission_set.arn or "" }
  for i = 1, #x do
    if x[i] ~= y[i] then return x[i] < y[i] end
  end
  return false
end

local function kinds_of(held)
  local n_g, n_a = 0, 0
  for _, h in ipairs(held) do
    if h.access.type == "group-membership" then n_g = n_g + 1 else n_a = n_a + 1 end
  end
  local parts = {}
  if n_g > 0 then parts[#parts + 1] = ("%d group%s"):format(n_g, n_g == 1 and "" or "s") end
  if n_a > 0 then
    parts[#parts + 1] = ("%d account assignment%s"):format(n_a, n_a == 1 and "" or "s")
  end
  return table.concat(parts, " and ")
end

-- Access held through memberships that a removal nobody can attribute
-- may have ended (membership.may_have_ended): one finding per identity
-- store, naming them.  The rows stay, as the replay cannot tell which
-- membership a removal ended, but they are not certain.
local function unattributed(ctx, maybe_gone)
  local stores, by_store = {}, {}
  for _, m in ipairs(maybe_gone) do
    local k = m.iv.g.store or "?"
    if by_store[k] == nil then
      by_store[k] = { list = {}, removals = {}, seen = {}, n_rows = 0 }
      stores[#stores + 1] = k
    end
    local b = by_store[k]
    b.list[#b.list + 1] = m
    b.n_rows = b.n_rows + m.n_rows
    for _, x in ipairs(m.removals) do
      if not b.seen[x] then
        b.seen[x] = true
        b.removals[#b.removals + 1] = x
      end
    end
  end
  table.sort(stores)
  for _, k in ipairs(stores) do
    local b = by_store[k]
    table.sort(b.removals, function(x, y)
      if x.removed.time ~= y.removed.time then return x.removed.time < y.removed.time end
      return x.removed.event_id < y.removed.event_id
    end)
    local names, held, ev = {}, {}, {}
    for _, m in ipairs(b.list) do
      names[#names + 1] = ("%s in %s"):format(label_of_user(m.iv.u), label_of(m.iv.g))
      held[#held + 1] = { identity = m.iv.u.id, group = m.iv.g.id }
    end
    for i, x in ipairs(b.removals) do
      if i <= 20 then ev[#ev + 1] = x.removed.event_id end
    end
    local n = #b.removals
    ctx:finding{
      severity = "low", time = b.removals[1].removed.time, evidence = ev,
      message = ("%d DeleteGroupMembership call%s in identity store %s " ..
        "could not be attributed (membership ids never seen created) and " ..
        "came after %d membership%s held here began without an id the logs " ..
        "show (added by the console or SCIM): each may have ended one, so " ..
        "this access (%d row%s) may already be gone; a list-group-memberships " ..
        "snapshot taken after them would tell: %s"):format(n,
        n == 1 and "" or "s", k, #b.list, #b.list == 1 and "" or "s",
        b.n_rows, b.n_rows == 1 and "" or "s", table.concat(names, "; ")),
      data = { store = k, removals = n, memberships = held },
    }
  end
end

-- Identities disabled, then enabled only by a SCIM PatchUser whose
-- active value is hidden (access.flipped_on): their access is not in
-- the rows, as the replay takes the call as the change it most often
-- is, but the same call may have disabled them again.  One finding.
local function flipped(ctx, list)
  if #list == 0 then return end
  local names, ev, data = {}, {}, {}
  for _, x in ipairs(list) do
    names[#names + 1] = ("%s (disabled %s by %s, then %s at %s)"):format(
      label_of_user(x.u), time.format(x.f.disabled.time), x.f.disabled.how,
      x.f.how, time.format(x.f.time))
    if #ev < 20 then ev[#ev + 1] = x.f.disabled.event_id end
    if #ev < 20 then ev[#ev + 1] = x.f.event_id end
    data[#data + 1] = { identity = x.u.id, disabled_event = x.f.disabled.event_id,
      enabled_event = x.f.event_id }
  end
  ctx:finding{
    severity = "medium", time = list[1].f.time, evidence = ev,
    message = ("%d identit%s disabled and then enabled only by a SCIM " ..
      "PatchUser whose active value the log hides: taken as a change, as " ..
      "identity providers send active when it changes, but a client that " ..
      "sends the state it believes, or a crafted call, may have disabled " ..
      "them again, and then their access is stale; check them in the " ..
      "identity provider: %s"):format(#list, #list == 1 and "y was" or "ies were",
      table.concat(names, "; ")),
    data = { identities = data },
  }
end

-- Possible duplicates of one person after a rename without a stable
-- externalId: a user created in the logs with the given name of an
-- older user of the same identity store, sharing a group with it at the
-- end.  With an export of the provider's users, the older one missing
-- from it makes the case (medium); without, it is a hint (low).
local function duplicates(ctx, r, at, listed, fname)
  local groups = {}
  for _, iv in ipairs(r.intervals) do
    if iv.g.kind == "identitycenter" and membership.at(iv, at) then
      groups[iv.u.key] = groups[iv.u.key] or {}
      groups[iv.u.key][iv.g.id] = label_of(iv.g)
    end
  end
  local users = {}
  for k, u in pairs(r.users) do
    if u.kind == "identitycenter" and u.given and groups[k] then
      users[#users + 1] = u
    end
  end
  table.sort(users, function(a, b) return a.key < b.key end)
  -- Only users of one store with one given name can pair up.
  local same = {}
  for _, u in ipairs(users) do
    local k = (u.store or "") .. "\0" .. u.given:lower()
    same[k] = same[k] or {}
    table.insert(same[k], u)
  end
  for _, new in ipairs(users) do
    for _, old in ipairs(same[(new.store or "") .. "\0" .. new.given:lower()]) do
      if new.created and old ~= new and
         (old.created == nil or old.created.t < new.created.t) then
        local shared = {}
        for gid, name in pairs(groups[old.key]) do
          if groups[new.key][gid] then shared[#shared + 1] = name end
        end
        table.sort(shared)
        local orphan = listed and not listed[old.key] and listed[new.key]
        if #shared > 0 and (listed == nil or orphan) then
          ctx:finding{
            subject = old.name or old.id,
            severity = orphan and "medium" or "low",
            time = new.created.t, evidence = { new.created.id },
            message = ("possibly one person twice, after a rename without a " ..
              "stable externalId: %s (created %s) and %s%s share the given " ..
              "name %s and %d group%s (%s); the older user keeps its access"):format(
              new.name or new.id, time.format(new.created.t), old.name or old.id,
              orphan and (", which has no row in " .. fname .. ",") or "", new.given,
              #shared, #shared == 1 and "" or "s", table.concat(shared, ", ")),
            data = { users = { old.id, new.id } },
          }
        end
      end
    end
  end
end

return rule {
  id = "identity.stale-access",
  title = "Access still held by disabled identities",
  severity = "high",
  tags = { "identity", "report.stale" },
  description = [[
Finds identities that were disabled (in the logs: sso-directory
DisableUser or CreateUser with active false, SCIM PatchUser setting
active or CreateUser or PutUser with active false, IAM login profile deleted
(or never made since CreateUser in the logs) and access key deactivated
with no other key active, an IAM user
renamed being one user across the rename; or in an identity
provider's export given with `report stale --disabled FILE`) and
reports everything they still hold at the end of the logs (or as_of):
open group memberships, account assignments to the user, and account
assignments reaching it through a group, with the account, permission
set, days stale and a severity by age (over 30 days, or unknown:
high).  Findings: leavers whose deprovisioning never reached AWS, rows
of the export that match no identity, name several (each is reported)
or have no usable date, possible duplicate users after a rename, and
DeleteGroupMembership calls nobody can attribute that may have ended a
membership reported as held (one added without a known membership id).]],
  args = {
    iga_roles = { type = "string", default = "",
      doc = "comma-separated role names of the site's provisioning tools (as identity.provisioning)" },
    as_of = { type = "string", doc = "count days stale to this time (default: the last event, " ..
      "the end of the window, or in an index of snapshots alone the latest capture)" },
    disabled = { type = "string", doc = "the text of an identity provider's export of disabled identities (report stale --disabled FILE)" },
    disabled_file = { type = "string", doc = "its file name, for messages" },
  },
  -- What both replays read: the membership changes, renames included,
  -- and the disablements and assignments.
  where = identity.events_where(membership.EVENTS, access.EVENTS),

  each = function(e, ctx)
    local s = ctx.state
    if s.r == nil then
      s.r, s.a = replays(ctx)
      s.classify = channel.classifier(ctx, ctx.args.iga_roles)
    end
    s.last = e.time_ms
    local c = membership.feed(s.r, e, s.classify)
    if c then s.a:event(e, c) end
  end,

  finish = function(ctx)
    local s = ctx.state
    if s.r == nil then s.r, s.a = replays(ctx) end
    local r, a = s.r, s.a
    r:finish()
    a:finish()
    -- The users of both replays: one the access replay alone knows
    -- (disabled, given an account assignment, in no group) counts too.
    local users, known = {}, {}
    for _, u in pairs(r.users) do
      users[#users + 1] = u
      known[u.key] = true
    end
    for _, u in ipairs(a:users()) do
      if not known[u.key] then users[#users + 1] = u end
    end
    table.sort(users, function(x, y) return x.key < y.key end)
    -- As of the last event in the index (not only of those this rule
    -- reads), or the end of the window; in an index of snapshots alone,
    -- as of the latest capture (within the window).
    local at = ctx["until"] or ctx:query("SELECT max(time_ms) AS t FROM event")[1].t
    local as_of_text
    if at == nil then
      at = ctx:query("SELECT max(captured_ms) AS t FROM snapshot " ..
        "WHERE captured_ms <= ?", ctx["until"] or math.maxinteger)[1].t
      as_of_text = at and (time.format(at) ..
        " (the latest snapshot: the index holds no event)")
    end
    if ctx.args.as_of then
      -- the end of what it names, as --until: a date its whole day
      at = time.parse(ctx.args.as_of, true)
      if at == nil then ts.fail("as_of: not a time: " .. ctx.args.as_of) end
      as_of_text = nil
    end
    if at == nil then
      ctx:finding{
        message = "nothing to report: the index holds no event and no snapshot",
        data = { report = "stale", summary = {
          { "as of", "none: the index holds no event and no snapshot" } } },
      }
      return
    end

    -- The export of disabled identities.
    local upstream_of, listed, list = {}, nil, nil
    local fname = basename(ctx.args.disabled_file or "the export")
    if ctx.args.disabled then
      local err
      list, err = upstream.parse(ctx.args.disabled)
      if list == nil then ts.fail(fname .. ": " .. err) end
      upstream_of, listed = match_export(ctx, users, list, fname)
    end

    -- Everything each disabled identity holds at `at`.
    local assigned = a:assignments_at(at)
    -- Intervals by member and assignments by principal, so each
    -- disabled identity costs what it holds, not the whole history.
    local ivs_of, asg_of = {}, {}
    for _, iv in ipairs(r.intervals) do
      ivs_of[iv.u] = ivs_of[iv.u] or {}
      table.insert(ivs_of[iv.u], iv)
    end
    for _, asg in ipairs(assigned) do
      local k = asg.principal_type .. ":" .. asg.principal_id
      asg_of[k] = asg_of[k] or {}
      table.insert(asg_of[k], asg)
    end
    local rows, held_by, evidence_of = {}, {}, {}
    local maybe_gone = {} -- memberships held that a removal may have ended
    local flips = {} -- users enabled only by a hidden SCIM flip
    for _, u in ipairs(users) do
      local d = a:disabled_at(u.key, at)
      local from_logs = d ~= nil
      local f = d == nil and a:flipped_on(u.key, at)
      if f then flips[#flips + 1] = { u = u, f = f } end
      -- An export row without a usable date counts at any as-of time.
      local up = upstream_of[u.key]
      if d == nil and not a:deleted_at(u.key, at) and up and
         (up.time == nil or up.time <= at) then
        d = up
      end
      if d then
        local ident = membership.named(u)
        local disabled = { time = d.time and time.format(d.time) or ts.null,
          how = d.how, event_id = null(d.event_id) }
        local days = d.time and (at - d.time) // time.DAY
        -- acc: the row's access; ... the events that granted it (the
        -- membership, the assignment; nil when only a snapshot shows it).
        local function add(acc, ...)
          -- Unknown age: high, as a leaver may have left long ago.
          local row = { identity = ident, disabled = disabled, access = acc,
            days_stale = null(days),
            severity = (days == nil or days > 30) and "high" or "medium" }
          rows[#rows + 1] = row
          held_by[u.key] = held_by[u.key] or { user = u, d = d,
            from_logs = from_logs, rows = {} }
          table.insert(held_by[u.key].rows, row)
          local granted = {}
          for i = 1, select("#", ...) do
            local id = select(i, ...)
            if id then granted[#granted + 1] = id end
          end
          evidence_of[row] = { granted = granted,
            all = add_all({}, d.event_ids or {}, granted) }
        end
        local function pset(arn)
          return { arn = arn, name = null(a:pset_name(arn)) }
        end
        for _, iv in ipairs(ivs_of[u] or {}) do
          if membership.at(iv, at) == "member" then
            local g = iv.g
            local first = #rows + 1
            local joined = iv.added and iv.added.event_id
            add({ type = "group-membership",
                  group = membership.named(g),
                  account = g.kind == "iam" and g.account or ts.null,
                  permission_set = ts.null }, joined)
            if g.kind == "identitycenter" then
              for _, asg in ipairs(asg_of["GROUP:" .. g.id] or {}) do
                add({ type = "account-assignment",
                      group = membership.named(g),
                      account = asg.account,
                      permission_set = pset(asg.permission_set) },
                    joined, asg.created and asg.created.event_id)
              end
            end
            local gone = membership.may_have_ended(r, iv, at)
            if #gone > 0 then
              maybe_gone[#maybe_gone + 1] = { iv = iv, removals = gone,
                n_rows = #rows - first + 1 }
            end
          end
        end
        if u.kind == "identitycenter" then
          for _, asg in ipairs(asg_of["USER:" .. u.id] or {}) do
            add({ type = "account-assignment", group = ts.null,
                  account = asg.account, permission_set = pset(asg.permission_set) },
                asg.created and asg.created.event_id)
          end
        end
      end
    end
    table.sort(rows, cmp_rows)
    for _, row in ipairs(rows) do
      local acc = row.access
      local what = acc.type == "group-membership" and
        ("member of " .. (acc.group.name ~= ts.null and acc.group.name or acc.group.id)) or
        ("%s in %s%s"):format(acc.permission_set.name ~= ts.null and
          acc.permission_set.name or acc.permission_set.arn, acc.account,
          acc.group ~= ts.null and (" through " .. (acc.group.name ~= ts.null and
            acc.group.name or acc.group.id)) or "")
      ctx:finding{
        subject = row.identity.name ~= ts.null and row.identity.name or row.identity.id,
        severity = row.severity,
        time = row.disabled.time ~= ts.null and row.disabled.time or false,
        message = ("%s, disabled %s (%s), still %s: %s"):format(
          row.identity.name ~= ts.null and row.identity.name or row.identity.id,
          row.disabled.time ~= ts.null and row.disabled.time or "on an unknown date",
          row.disabled.how, what, row.days_stale ~= ts.null and
            ("%d days stale"):format(row.days_stale) or "days stale unknown"),
        evidence = evidence_of[row].all,
        data = { report = "stale", row = row },
      }
    end

    -- Findings per identity.
    local keys = {}
    for k in pairs(held_by) do keys[#keys + 1] = k end
    table.sort(keys, function(x, y)
      local nx = held_by[x].user.name or x
      local ny = held_by[y].user.name or y
      if nx ~= ny then return nx < ny end
      return x < y
    end)
    local n_never = 0
    for _, k in ipairs(keys) do
      local h = held_by[k]
      local u = h.user
      if not h.from_logs then
        n_never = n_never + 1
        ctx:finding{
          subject = u.name or u.id, severity = "high", time = h.d.time or false,
          message = ("%s left: disabled in %s %s, but the logs show no " ..
            "deprovisioning reaching AWS: still enabled in IAM Identity " ..
            "Center, with %s"):format(u.name or u.id, fname,
            h.d.time and ("on " .. time.format(h.d.time)) or "(no usable date)",
            kinds_of(h.rows)),
          evidence = granted_by(h.rows, evidence_of),
        }
      end
    end
    unattributed(ctx, maybe_gone)
    flipped(ctx, flips)
    duplicates(ctx, r, at, listed, fname)

    -- SCIM hides the member of a PatchGroup: without a membership
    -- snapshot the memberships those changes made are not known at all,
    -- and "0 accesses" would read as "none".
    local n_hidden, n_hidden_groups = 0, 0
    if #r.snaps == 0 then
      for _, g in ipairs(r.group_list) do
        if #g.hidden > 0 then
          n_hidden = n_hidden + #g.hidden
          n_hidden_groups = n_hidden_groups + 1
        end
      end
    end
    local unjudged
    if n_hidden > 0 then
      unjudged = ("%d membership change%s in %d group%s name%s no member " ..
        "(SCIM hides it) and the index holds no membership snapshot: the " ..
        "memberships made that way cannot be judged; ingest the output of " ..
        "aws identitystore list-group-memberships to see them"):format(
        n_hidden, n_hidden == 1 and "" or "s", n_hidden_groups,
        n_hidden_groups == 1 and "" or "s", n_hidden == 1 and "s" or "")
      ctx:finding{ severity = "medium", message = unjudged,
        data = { hidden_changes = n_hidden, groups = n_hidden_groups } }
    end

    -- Summary.
    local n_high = 0
    for _, row in ipairs(rows) do
      if row.severity == "high" then n_high = n_high + 1 end
    end
    local lines = {
      { "as of", as_of_text or time.format(at) },
      { "disabled identities holding access", #keys },
      { "access still held", ("%d (%d high, %d medium)"):format(#rows, n_high,
          #rows - n_high) },
    }
    if list then
      local used = "none (an empty list)"
      if #list.columns.ids > 0 then
        local cols = { ("%s (identity)"):format(table.concat(list.columns.ids, ", ")) }
        if list.columns.state then
          cols[#cols + 1] = list.columns.state .. " (state)"
        else
          cols[#cols + 1] = "no state column (every row counts as disabled)"
        end
        if list.columns.date then cols[#cols + 1] = list.columns.date .. " (date)" end
        used = table.concat(cols, ", ")
      end
      lines[#lines + 1] = { "export of disabled identities",
        ("%s: %d rows, %s export; columns used: %s"):format(fname, #list.rows,
          list.source, used) }
      lines[#lines + 1] = { "leavers never deprovisioned in AWS", n_never }
    end
    if unjudged then
      lines[#lines + 1] = { "memberships not judged",
        ("%d changes in %d groups name no member (SCIM) and there is no " ..
          "membership snapshot"):format(n_hidden, n_hidden_groups) }
    end
    ctx:finding{
      message = ("%d accesses still held by %d disabled identities"):format(#rows, #keys),
      data = { report = "stale", summary = lines },
    }
  end,
}
