--- Every group's membership history, rebuilt from a year of logs and
-- the identity-store snapshots: the rows of `trailsift report
-- memberships`.  The replay itself is ts.membership.
local identity = require "ts.identity"
local channel = require "ts.channel"
local membership = require "ts.membership"
local time = require "ts.time"
local util = require "ts.util"

local null, sorted_keys = util.null, util.sorted_keys

local function endpoint(ep)
  if ep == nil then return ts.null end
  return { time = time.format(ep.time), by = null(ep.by),
           channel = ep.channel, event_id = ep.event_id, event = ep.event }
end

-- When an unknown end can have happened: from (nil: any time before)
-- to (nil: before the logs).
local function between(b)
  local text
  if b.to == nil then
    text = "before the logs"
  elseif b.from == nil then
    text = "before " .. time.format(b.to)
  else
    text = ("between %s and %s"):format(time.format(b.from), time.format(b.to))
  end
  return { from = b.from and time.format(b.from) or ts.null,
           to = b.to and time.format(b.to) or ts.null, text = text }
end

local function group_obj(g)
  local o = { id = g.id, kind = g.kind, name = null(g.name) }
  if g.kind == "iam" then o.account = g.account else o.store = null(g.store) end
  return membership.named(g, o)
end

-- Was iv's member in its group at as_of: membership.at(), but only
-- possibly when a removal nobody can attribute may have ended it by
-- then (membership.may_have_ended: one added without a known id).
local function status_at(r, iv, as_of)
  local st = membership.at(iv, as_of)
  if st == "member" and #membership.may_have_ended(r, iv, as_of) > 0 then
    return "possible"
  end
  return st
end

local function row_of(r, iv, as_of)
  local row = {
    group = group_obj(iv.g),
    member = membership.named(iv.u),
    added = endpoint(iv.added),
    removed = endpoint(iv.removed),
    open = membership.is_open(iv),
    known_from = membership.known_from(iv),
  }
  if iv.added == nil then row.added_between = between(iv.added_between) end
  if iv.removed_between then row.removed_between = between(iv.removed_between) end
  if as_of then
    row.as_of = { time = time.format(as_of), status = status_at(r, iv, as_of) }
  end
  return row
end

local function evidence_of(iv)
  local ev = {}
  if iv.added then ev[#ev + 1] = iv.added.event_id end
  if iv.removed then ev[#ev + 1] = iv.removed.event_id end
  return ev
end

-- A group as the report names it: an IAM group's name holds only in its
-- account, and two accounts often have an "admins".
local function label(g)
  local l = g.name or g.id
  if g.kind == "iam" and g.account then l = l .. " (" .. g.account .. ")" end
  return l
end

-- Rows sort by group, member, then addition time; keys are built once
-- per interval, not per comparison.
local function sort_key(iv)
  return { label(iv.g), iv.g.id, iv.u.name or "", iv.u.id,
           iv.added and iv.added.time or
             (iv.added_between.from or math.mininteger) }
end

local function sort_intervals(list)
  local keys = {}
  for _, iv in ipairs(list) do keys[iv] = sort_key(iv) end
  table.sort(list, function(a, b)
    local x, y = keys[a], keys[b]
    for i = 1, #x do
      if x[i] ~= y[i] then return x[i] < y[i] end
    end
    return false
  end)
end

local function text_of(t)
  local parts = {}
  for _, k in ipairs(sorted_keys(t)) do
    parts[#parts + 1] = ("%s %d"):format(k, t[k])
  end
  return table.concat(parts, ", ")
end

-- The replay, with the index's snapshots.
local function replay(ctx)
  local r = membership.new()
  r:snapshots(ctx)
  return r
end

return rule {
  id = "identity.memberships",
  title = "Group membership history",
  severity = "info",
  tags = { "identity", "report.memberships" },
  description = [[
Replays every membership change of IAM Identity Center groups
(identitystore, identitystore-scim, sso-directory) and IAM groups (iam)
in event-time order, following renames of groups (and of IAM users), with the identity-store snapshots in the index
(aws identitystore list-users, list-groups, list-group-memberships), and
reports one row per membership interval: group, member, added and
removed (time, by whom, channel, event), whether it still holds, and
whether it is known from the logs, the snapshot or both.  Failed calls
change nothing.  A CreateGroupMembership of a membership the logs hold
open (it fails for a member already in) ends it unseen and starts a
new one.  A membership id deleted without a known origin, SCIM
changes whose members are hidden, and memberships that ended unseen are
findings, never invented members.  With as_of, only the memberships
holding (or possibly holding) at that time; possibly too when a
removal nobody can attribute may have ended one added without an id.]],
  args = {
    iga_roles = { type = "string", default = "",
      doc = "comma-separated role names of the site's provisioning tools (as identity.provisioning)" },
    as_of = { type = "string", doc = "report who was a member at this time (ISO 8601)" },
  },
  where = identity.events_where(membership.EVENTS),

  each = function(e, ctx)
    local s = ctx.state
    if s.r == nil then
      s.r = replay(ctx)
      s.classify = channel.classifier(ctx, ctx.args.iga_roles)
    end
    s.last = e.time_ms
    membership.feed(s.r, e, s.classify)
  end,

  finish = function(ctx)
    local s = ctx.state
    s.r = s.r or replay(ctx)
    local r = s.r
    r:finish()
    local as_of
    if ctx.args.as_of then
      -- the end of what it names, as --until: a date its whole day
      as_of = time.parse(ctx.args.as_of, true)
      if as_of == nil then ts.fail("as_of: not a time: " .. ctx.args.as_of) end
    end
    local last = s.last or ctx:query("SELECT max(time_ms) AS t FROM event")[1].t

    -- Rows: one per interval (with as_of: those holding then).
    local list = {}
    for _, iv in ipairs(r.intervals) do
      if as_of == nil or membership.at(iv, as_of) then list[#list + 1] = iv end
    end
    sort_intervals(list)
    local n_open, n_snap, n_old = 0, 0, 0
    local n_status = { member = 0, possible = 0 }
    for _, iv in ipairs(list) do
      local row = row_of(r, iv, as_of)
      if row.as_of then
        n_status[row.as_of.status] = n_status[row.as_of.status] + 1
      end
      if row.open then n_open = n_open + 1 end
      if row.known_from == "snapshot" then n_snap = n_snap + 1 end
      -- made more than 90 days before the last event: certainly so,
      -- by the latest time an unknown addition can have happened
      local made_by = iv.added and iv.added.time or iv.added_between.to
      if row.open and last and (made_by == nil or
          made_by < last - 90 * time.DAY) then
        n_old = n_old + 1
      end
      local msg = ("%s in %s: %s"):format(iv.u.name or iv.u.id, label(iv.g),
        iv.added and ("added " .. time.format(iv.added.time) .. " via " ..
          iv.added.channel) or "added before it was seen")
      if iv.removed then
        msg = msg .. ", removed " .. time.format(iv.removed.time) .. " via " ..
          iv.removed.channel
      elseif iv.removed_between then
        msg = msg .. ", removed unseen by " .. time.format(iv.removed_between.to)
      end
      ctx:finding{
        subject = label(iv.g) .. " " .. (iv.u.name or iv.u.id),
        message = msg,
        time = iv.added and iv.added.time or iv.added_between.to,
        evidence = evidence_of(iv),
        data = { report = "memberships", row = row },
      }
    end

    -- Findings.
    local untouched, hidden, unseen, readded = {}, {}, 0, {}
    for _, g in ipairs(r.group_list) do
      if g.events == 0 and g.attempts == 0 and #g.hidden == 0 then
        untouched[#untouched + 1] = g
      end
      if #g.hidden > 0 then hidden[#hidden + 1] = g end
    end
    for _, iv in ipairs(r.intervals) do
      local b = iv.removed_between
      if b and b.readded then
        readded[#readded + 1] = iv
      elseif b then
        unseen = unseen + 1
      end
    end
    table.sort(untouched, function(a, b) return label(a) < label(b) end)
    table.sort(hidden, function(a, b) return label(a) < label(b) end)
    if #untouched > 0 then
      local names = {}
      for _, g in ipairs(untouched) do names[#names + 1] = label(g) end
      ctx:finding{
        severity = "info",
        message = ("%d group%s never touched in the logs: %s"):format(#untouched,
          #untouched == 1 and "" or "s", table.concat(names, ", ")),
        data = { groups = names },
      }
    end
    for _, g in ipairs(hidden) do
      local ev = {}
      for i, h in ipairs(g.hidden) do
        if i <= 20 then ev[#ev + 1] = h.id end
      end
      ctx:finding{
        subject = label(g), severity = "info", time = g.hidden[1].t,
        evidence = ev,
        message = ("%d SCIM membership change%s of %s hide%s the member " ..
          "(CloudTrail records HIDDEN_DUE_TO_SECURITY_REASONS): the " ..
          "snapshot tells who is in the group at its capture time, not when " ..
          "each joined"):format(#g.hidden, #g.hidden == 1 and "" or "s",
          label(g), #g.hidden == 1 and "s" or ""),
      }
    end
    if #r.unattributed > 0 then
      local ev = {}
      for i, x in ipairs(r.unattributed) do
        if i <= 20 then ev[#ev + 1] = x.removed.event_id end
      end
      ctx:finding{
        severity = "low", time = r.unattributed[1].removed.time, evidence = ev,
        message = ("%d DeleteGroupMembership call%s removed membership ids " ..
          "never seen created (made before the logs, or outside the public " ..
          "API): which group and member cannot be told without a snapshot " ..
          "taken before the removal"):format(#r.unattributed,
          #r.unattributed == 1 and "" or "s"),
      }
    end
    if unseen > 0 then
      ctx:finding{
        severity = "low",
        message = ("%d membership%s open in the logs %s missing from a later " ..
          "snapshot: removed without a visible event (a hidden SCIM change, " ..
          "or logs missing)"):format(unseen, unseen == 1 and "" or "s",
          unseen == 1 and "is" or "are"),
      }
    end
    if #readded > 0 then
      table.sort(readded, function(a, b)
        return a.removed_between.to < b.removed_between.to
      end)
      local ev = {}
      for i, iv in ipairs(readded) do
        if i <= 20 then ev[#ev + 1] = iv.removed_between.readded end
      end
      ctx:finding{
        severity = "low", time = readded[1].removed_between.to, evidence = ev,
        message = ("%d membership%s open in the logs %s added again by " ..
          "CreateGroupMembership, which fails for a member already in: " ..
          "each ended unseen before it (an unattributed removal, a hidden " ..
          "SCIM change, or logs missing)"):format(#readded,
          #readded == 1 and "" or "s", #readded == 1 and "was" or "were"),
      }
    end
    if n_old > 0 and as_of == nil then
      ctx:finding{
        severity = "info",
        message = ("%d of %d memberships still open were made more than 90 " ..
          "days before the last event or before the logs: CloudTrail's Event " ..
          "history (lookup-events) cannot show how they came about"):format(
          n_old, n_open),
      }
    end

    -- Summary.
    local n_ic, n_iam = 0, 0
    for _, g in ipairs(r.group_list) do
      if g.kind == "iam" then n_iam = n_iam + 1 else n_ic = n_ic + 1 end
    end
    local lines = {
      { "groups", ("%d (%d IAM Identity Center, %d IAM)"):format(
          n_ic + n_iam, n_ic, n_iam) },
      { "membership intervals", ("%d, %d still open"):format(#list, n_open) },
      { "known only from a snapshot", n_snap },
    }
    local failed = r.failed_unknown or 0
    for _, g in ipairs(r.group_list) do failed = failed + g.attempts end
    if failed > 0 then
      lines[#lines + 1] = { "failed calls (changed nothing)", failed }
    end
    if as_of then
      -- Which rows are certain: a member then, or possibly (an unknown
      -- end leaves it open).
      table.insert(lines, 1, { "as of", time.format(as_of) })
      table.insert(lines, 2, { "members then", ("%d certain, %d possible")
        :format(n_status.member, n_status.possible) })
      -- A removal after as_of that names no member (a membership id
      -- never seen created, a SCIM call with its members hidden, which
      -- may remove many) may have ended memberships of then that no row
      -- shows: the list may be incomplete, by how many is unknown.
      local unnamed = 0
      for _, x in ipairs(r.unattributed) do
        if x.removed.time > as_of then unnamed = unnamed + 1 end
      end
      for _, g in ipairs(r.group_list) do
        for _, h in ipairs(g.hidden) do
          if h.removes and h.t > as_of then unnamed = unnamed + 1 end
        end
      end
      if unnamed > 0 then
        table.insert(lines, 3, { "members then, maybe more", ("%d later " ..
          "removal%s name%s no member: the list may be incomplete")
          :format(unnamed, unnamed == 1 and "" or "s",
            unnamed == 1 and "s" or "") })
      end
    end
    if #untouched > 0 then
      local names = {}
      for _, g in ipairs(untouched) do names[#names + 1] = label(g) end
      lines[#lines + 1] = { "groups never touched", table.concat(names, ", ") }
    end
    local groups = {}
    for _, g in ipairs(r.group_list) do
      if g.events > 0 or g.attempts > 0 or #g.hidden > 0 then
        groups[#groups + 1] = g
      end
    end
    table.sort(groups, function(a, b)
      if label(a) ~= label(b) then return label(a) < label(b) end
      return a.key < b.key
    end)
    for _, g in ipairs(groups) do
      local parts = { ("%d change%s"):format(g.events, g.events == 1 and "" or "s") }
      -- renames and descriptions count too: say how many were of members
      if g.member_events ~= g.events then
        parts[#parts + 1] = ("%d of members"):format(g.member_events)
      end
      if next(g.changes) then parts[1] = parts[1] .. " (" .. text_of(g.changes) .. ")" end
      if g.attempts > 0 then parts[#parts + 1] = g.attempts .. " failed" end
      if #g.hidden > 0 then parts[#parts + 1] = #g.hidden .. " with hidden members" end
      lines[#lines + 1] = { "group " .. label(g), table.concat(parts, ", ") }
    end
    ctx:finding{
      message = ("%d membership intervals in %d groups"):format(#list, n_ic + n_iam),
      data = { report = "memberships", summary = lines },
    }
  end,
}
