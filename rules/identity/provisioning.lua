--- How identity changes reached AWS: per account and channel, with the
-- findings an identity investigation starts from.  The rows and summary
-- of `trailsift report provisioning`.
--
-- Every identity change (ts.identity: keyed on event source AND name)
-- gets a channel and an actor from ts.channel.  SCIM calls whose user
-- agent names no client are timed: Entra ID works in 40-minute cycles
-- (channel.entra_cycles).  Failed calls (errorCode set) change nothing: they
-- are counted as attempts, apart from the changes.
local identity = require "ts.identity"
local channel = require "ts.channel"
local index = require "ts.index"
local time = require "ts.time"
local util = require "ts.util"

-- sso-directory calls that set up or inspect SCIM provisioning.
local SCIM_SETUP = {
  "CreateProvisioningTenant", "DeleteProvisioningTenant",
  "ListProvisioningTenants", "CreateBearerToken", "DeleteBearerToken",
  "ListBearerTokens",
}

local MANUAL = { cli = true, cloudshell = true, console = true }

local function where()
  local map = identity.change_map()
  map[identity.SCIM] = true
  local dir = {}
  for _, n in ipairs(map[identity.DIRECTORY]) do dir[#dir + 1] = n end
  for _, n in ipairs(SCIM_SETUP) do dir[#dir + 1] = n end
  map[identity.DIRECTORY] = dir
  return identity.events_where(map)
end

local sorted_keys = util.sorted_keys

local function push_limited(list, v, max)
  if #list < (max or 20) then list[#list + 1] = v end
end

-- --- identity stores ----------------------------------------------------
-- A change by hand matters wherever the identity store it changes also
-- receives SCIM, whichever account made it (a delegated administrator's
-- as well as the Identity Center account).  identitystore and
-- sso-directory calls name their store; SCIM calls never do, so a SCIM
-- call's store is its tenant's (CreateProvisioningTenant and
-- CreateBearerToken name both), else that of the group or user it
-- changes (other calls and the snapshots name them with their store),
-- else the one store its account's calls name.

local field, text, id = identity.field, identity.text, identity.id

-- What is known of stores: tenant -> store, user or group id -> store,
-- account -> set of stores its calls name, and the SCIM changes.
local function stores_new()
  return { tenant = {}, id = {}, account = {}, scim = {}, scim_seen = {} }
end

-- The ids of users and groups an identitystore or sso-directory call
-- names, request and response.
local function ids_of(req, resp)
  local out = {}
  for _, v in ipairs({ field(req, "groupId"), field(req, "userId"),
      field(req, "memberId", "userId"), field(req, "member", "memberId"),
      field(resp, "groupId"), field(resp, "userId"),
      field(resp, "group", "groupId"), field(resp, "user", "userId") }) do
    out[#out + 1] = id(v)
  end
  return out
end

-- What event e (of source src and change kind, identity.change's)
-- tells about stores; returns the store it names (nil for SCIM calls).
-- SCIM changes that took effect are kept, once per (account, tenant,
-- resource), to be resolved in finish().
local function note_stores(st, e, src, kind)
  local req = field(e.record, "requestParameters")
  local resp = field(e.record, "responseElements")
  local tenant = text(field(req, "tenantId"))
  if src == identity.SCIM then
    if e.error_code == nil and kind then
      local rid = id(field(req, "id")) or id(field(resp, "id"))
      local acct = e.account or "?"
      local k = acct .. "\0" .. (tenant or "") .. "\0" .. (rid or "")
      if not st.scim_seen[k] then
        st.scim_seen[k] = true
        st.scim[#st.scim + 1] = { account = acct, tenant = tenant, id = rid }
      end
    end
    return nil
  end
  local store = id(field(req, "identityStoreId"))
  if store == nil then return nil end
  if tenant then st.tenant[tenant] = store end
  for _, x in ipairs(ids_of(req, resp)) do st.id[x] = store end
  local acct = e.account or "?"
  st.account[acct] = st.account[acct] or {}
  st.account[acct][store] = true
  return store
end

-- The ids of users and groups in the snapshots, with their store.
local function snapshot_stores(ctx, st)
  for _, row in ipairs(ctx:query("SELECT json FROM snapshot WHERE type IN " ..
      "('users', 'groups', 'group-memberships')")) do
    local x = ts.json_decode(row.json)
    local store = id(field(x, "IdentityStoreId"))
    if store then
      for _, v in ipairs({ field(x, "UserId"), field(x, "GroupId"),
          field(x, "MemberId", "UserId") }) do
        local k = id(v)
        if k and st.id[k] == nil then st.id[k] = store end
      end
    end
  end
end

-- The only store an account's calls name, else nil.
local function account_store(st, acct)
  local only
  for store in pairs(st.account[acct] or {}) do
    if only then return nil end
    only = store
  end
  return only
end

-- store -> set of accounts whose SCIM calls reach it.
local function scim_stores(ctx, st)
  snapshot_stores(ctx, st)
  local out = {}
  for _, w in ipairs(st.scim) do
    local store = (w.tenant and st.tenant[w.tenant]) or (w.id and st.id[w.id])
      or account_store(st, w.account)
    if store then
      out[store] = out[store] or {}
      out[store][w.account] = true
    end
  end
  return out
end

-- The per-account record of everything seen.
local function account(s, acct)
  local a = s.accounts[acct]
  if a == nil then
    a = { rows = {}, scim_times = {}, scim_tokens = {}, scim_unknown = {},
      token_use = {}, token_order = {}, token_made = {},
      scim_writes = 0,
          setup = {}, manual = {}, iga = {} }
    s.accounts[acct] = a
  end
  return a
end

-- Count one change into its (account, channel) row.
local function count(a, ch, c)
  local r = a.rows[ch]
  if r == nil then
    r = { events = 0, attempts = 0, actors = {}, tried = {}, kinds = {} }
    a.rows[ch] = r
  end
  if c.failed then
    r.attempts = r.attempts + 1
    r.attempt_id = r.attempt_id or c.id
    r.attempt_first = r.attempt_first or c.t
    r.attempt_last = c.t
  else
    r.events = r.events + 1
    r.sample = r.sample or c.id
    r.first = r.first or c.t
    r.last = c.t
    for _, k in ipairs(c.kinds) do r.kinds[k] = (r.kinds[k] or 0) + 1 end
  end
  if c.actor then (c.failed and r.tried or r.actors)[c.actor] = true end
  -- Changes by hand to users, groups and memberships (not assignments:
  -- SCIM makes none), for the "managed by hand" finding: the console,
  -- the CLI or CloudShell, and whatever a person's own session made
  -- outside SCIM, whatever its agent says (a forged one moved such a
  -- change to aws-service or terraform, and out of the finding).
  local by_hand = MANUAL[ch] or
    (c.person and not ch:find("^scim") and ch ~= "iga-sdk")
  if by_hand and not c.failed and not c.kinds[1]:find("^assignment") and
     not c.kinds[1]:find("^permission") then
    c.channel = ch
    a.manual[#a.manual + 1] = c
  end
  if ch == "iga-sdk" and not c.failed then
    local role = c.role or c.actor or "?"
    local g = a.iga[role]
    if g == nil then
      g = { n = 0, kinds = {}, ids = {}, first = c.t }
      a.iga[role] = g
    end
    g.n = g.n + 1
    g.last = c.t
    for _, k in ipairs(c.kinds) do g.kinds[k] = (g.kinds[k] or 0) + 1 end
    push_limited(g.ids, c.id)
  end
end

local function kinds_text(kinds)
  local parts = {}
  for _, k in ipairs(sorted_keys(kinds)) do
    parts[#parts + 1] = ("%d %s"):format(kinds[k], k)
  end
  return table.concat(parts, ", ")
end

local function list_text(t)
  return table.concat(t, ", ")
end

-- "N: a, b" for a count and the list it counts; "0" alone for none.
local function count_text(t)
  if #t == 0 then return "0" end
  return ("%d: %s"):format(#t, list_text(t))
end

-- SCIM calls whose agent names no client: Entra by timing?  (Calls
-- whose agent names another client are counted as scim in each().)
local function settle_scim(a)
  local ch, why = "scim", nil
  if #a.scim_unknown == 0 then return ch, why end
  -- judged per bearer token (channel.scim_key): a token of someone's
  -- own neither borrows the engine's label nor spoils its grid
  local by_token, whys = {}, {}
  for _, k in ipairs(a.scim_tokens) do
    local entra, w = channel.entra_cycles(a.scim_times[k])
    by_token[k] = entra and "scim-entra" or "scim"
    whys[#whys + 1] = #a.scim_tokens == 1 and w or ("token %s: %s"):format(k, w)
    if entra then ch = "scim-entra" end
  end
  for _, c in ipairs(a.scim_unknown) do count(a, by_token[c.token] or "scim", c) end
  return ch, table.concat(whys, "; ")
end

local function emit_rows(ctx, s)
  local channel_accounts = {}
  for _, acct in ipairs(sorted_keys(s.accounts)) do
    local a = s.accounts[acct]
    for _, ch in ipairs(sorted_keys(a.rows)) do
      local r = a.rows[ch]
      local actors, tried = ts.array(), ts.array()
      for _, x in ipairs(sorted_keys(r.actors)) do actors[#actors + 1] = x end
      for _, x in ipairs(sorted_keys(r.tried)) do tried[#tried + 1] = x end
      local first = r.first or r.attempt_first
      local row = {
        account = acct, channel = ch, events = r.events,
        attempts = r.attempts,
        first = time.format(first),
        last = time.format(r.last or r.attempt_last),
        actors = actors, attempted_by = tried,
        sample_event_id = r.sample or r.attempt_id,
        changes = next(r.kinds) and r.kinds or nil,
      }
      if r.events > 0 then
        channel_accounts[ch] = channel_accounts[ch] or {}
        table.insert(channel_accounts[ch], acct)
      end
      local msg = ("%s: %d change%s by %s"):format(acct, r.events,
        r.events == 1 and "" or "s", ch)
      if #actors > 0 then msg = msg .. " (" .. list_text(actors) .. ")" end
      if r.attempts > 0 then
        msg = msg .. (", and %d failed attempt%s"):format(r.attempts,
          r.attempts == 1 and "" or "s")
        if #tried > 0 then msg = msg .. " (" .. list_text(tried) .. ")" end
      end
      ctx:finding{
        subject = acct .. " " .. ch, message = msg, time = first,
        evidence = { row.sample_event_id },
        data = { report = "provisioning", row = row },
      }
    end
  end
  return channel_accounts
end

-- Accounts whose logs do not cover the window asked for.  Quiet
-- accounts log little, and in bursts, so an account's first or last
-- event lying some days inside the window proves nothing; a stretch
-- without events longer than ten times the account's mean interval
-- between active days (and longer than a week) does, at either end of
-- the window or inside it.
--
-- The active days come from the index event_account (account, time_ms):
-- one seek per active day, to the first event of the next day, so an
-- account costs its days, not its events (hundreds of millions of them).
local ACTIVE_DAYS = [[
WITH RECURSIVE d(t) AS (
  SELECT (SELECT time_ms FROM event WHERE account = ?1 AND time_ms >= ?2
          ORDER BY time_ms LIMIT 1)
  UNION ALL
  SELECT (SELECT time_ms FROM event WHERE account = ?1
          AND time_ms >= (d.t / 86400000 + 1) * 86400000
          ORDER BY time_ms LIMIT 1)
  FROM d WHERE d.t <= ?3)
SELECT t FROM d WHERE t <= ?3]]

-- The last event of account id before t.
local function last_before(ctx, id, t)
  return ctx:query("SELECT time_ms AS t FROM event WHERE account = ? AND " ..
    "time_ms < ? ORDER BY time_ms DESC LIMIT 1", id, t)[1].t
end

-- The stretches without events inside [from, to] longer than slack
-- (days: the first event of each active day, in order), each
-- { from = last event before it, to = first event after it }.
local function holes(ctx, id, days, slack)
  local out = {}
  for i = 2, #days do
    -- First events of two active days bound the gap from above.
    if days[i].t - days[i - 1].t > slack then
      local before = last_before(ctx, id, days[i].t)
      if days[i].t - before > slack then
        out[#out + 1] = { from = before, to = days[i].t }
      end
    end
  end
  return out
end

local function coverage(ctx, accounts)
  local first, last = index.span(ctx)
  local from, to = ctx.since or first, ctx["until"] or last
  local short, holed = {}, {}
  if from == nil then return short, holed end
  for _, a in ipairs(accounts) do
    local id = ctx:query("SELECT id FROM str WHERE s = ?", a.account)[1].id
    local days = ctx:query(ACTIVE_DAYS, id, from, to)
    local n = #days
    -- The mean interval over the account's events inside the window.
    local lo, hi = a.first, a.last
    if n > 0 then
      lo = days[1].t
      if hi > to then hi = last_before(ctx, id, to + 1) end
    end
    local mean = (hi - lo) / math.max(n - 1, 1)
    local slack = math.max(time.WEEK, 10 * mean)
    if a.first > from + slack or a.last < to - slack then
      short[#short + 1] = a
      ctx:finding{
        subject = a.account, severity = "low", time = a.first,
        message = ("logs of %s cover only %s to %s, not the whole window " ..
          "(%s to %s): nothing can be said of its identity activity " ..
          "outside them"):format(a.account, time.format(a.first),
          time.format(a.last), time.format(from), time.format(to)),
        data = { first = time.format(a.first), last = time.format(a.last),
                 active_days = n },
      }
    end
    local hs = holes(ctx, id, days, slack)
    if #hs > 0 then holed[#holed + 1] = a end
    for _, h in ipairs(hs) do
      local len = (h.to - h.from) // time.DAY
      ctx:finding{
        subject = a.account, severity = "low", time = h.from,
        message = ("logs of %s have a hole: no event from %s to %s (%d " ..
          "day%s, over ten times its mean interval between active days): " ..
          "nothing can be said of its identity activity in it"):format(
          a.account, time.format(h.from), time.format(h.to), len,
          len == 1 and "" or "s"),
        data = { hole_from = time.format(h.from), hole_to = time.format(h.to),
                 days = len, active_days = n },
      }
    end
  end
  return short, holed
end

-- Changes by hand in acct to an identity store that also receives SCIM
-- (scim_to: store -> accounts of its SCIM calls), or, where the store
-- is not known, in an account that receives SCIM itself.
local function manual_finding(ctx, acct, a, scim_to)
  local list, n, stores, from = {}, {}, {}, {}
  for _, c in ipairs(a.manual) do
    local to = c.store and scim_to[c.store]
    if to or a.scim_writes > 0 then
      list[#list + 1] = c
      n[c.channel] = (n[c.channel] or 0) + 1
      if to then
        stores[c.store] = true
        for x in pairs(to) do from[x] = true end
      end
    end
  end
  if #list == 0 then return end
  local parts, ev = {}, {}
  for _, ch in ipairs(sorted_keys(n)) do
    parts[#parts + 1] = ("%s %d"):format(ch, n[ch])
  end
  for _, c in ipairs(list) do push_limited(ev, c.id) end
  local where = ("in %s, whose identity store SCIM also provisions"):format(acct)
  stores, from = sorted_keys(stores), sorted_keys(from)
  if #stores > 0 then
    where = ("in %s to identity store%s %s, which SCIM also provisions " ..
      "(SCIM calls in %s)"):format(acct, #stores == 1 and "" or "s",
      list_text(stores), list_text(from))
  end
  ctx:finding{
    subject = acct, severity = "medium", time = list[1].t, evidence = ev,
    message = ("%d user, group or membership change%s by hand (%s) %s: " ..
      "SCIM can undo them, and they bypass the identity provider"):format(
      #list, #list == 1 and "" or "s", list_text(parts), where),
    data = #stores > 0 and { stores = stores, scim_accounts = from } or nil,
  }
end

-- Two SCIM bearer tokens (userIdentity.accessKeyId) in use at once in
-- one account: an identity provider uses one, and moves to a new one
-- when it is rotated, so the old one falls silent.  A token that comes
-- into use while another goes on may be someone provisioning outside
-- the provider with a token of their own (CreateBearerToken before it
-- names who made one); a client name in the agent proves nothing.
local function token_findings(ctx, acct, a)
  for i, new in ipairs(a.token_order) do
    for j = 1, i - 1 do
      local old = a.token_order[j]
      if old.last > new.first then
        local made
        for _, m in ipairs(a.token_made) do
          if m.t <= new.first then made = m end
        end
        ctx:finding{
          subject = acct, severity = "medium", time = new.first,
          evidence = { new.first_id, made and made.id or nil },
          message = ("SCIM calls in %s under two bearer tokens at once: %s " ..
            "from %s (%d change%s) while %s, in use since %s, goes on to %s; " ..
            "an identity provider uses one token, so the other may be " ..
            "someone's own%s"):format(acct, new.token, time.format(new.first),
            new.writes, new.writes == 1 and "" or "s", old.token,
            time.format(old.first), time.format(old.last),
            made and (", made with CreateBearerToken by %s at %s"):format(
              made.actor or "?", time.format(made.t)) or ""),
          data = { token = new.token, other_token = old.token },
        }
        break
      end
    end
  end
end

local function scim_findings(ctx, s)
  local scim_to = scim_stores(ctx, s.stores)
  local any_changes = false
  for _, acct in ipairs(sorted_keys(s.accounts)) do
    local a = s.accounts[acct]
    if next(a.rows) then any_changes = true end
    token_findings(ctx, acct, a)
    local first = a.scim_first
    -- SCIM calls are logged from September 2024, and for an older token
    -- only once it is rotated: a tenant or token created before the
    -- first SCIM record is where visibility starts.
    local from, how = first, "the first SCIM record"
    local created = first and a.tenant_created and a.tenant_created.t <= first.t
    if created then
      from = a.tenant_created
    elseif first and a.token_created and a.token_created.t <= first.t then
      from, how = a.token_created, "a bearer-token rotation " ..
        "(CreateBearerToken): calls with an older token are not logged"
    end
    if from and from.t > (s.span_first or from.t) + time.DAY then
      -- A tenant created in the logs: SCIM cannot have run before it,
      -- so there is nothing unseen to warn of.
      local msg = created and ("SCIM provisioning was set up at %s in %s " ..
        "(CreateProvisioningTenant): no SCIM change can predate it"):format(
          time.format(from.t), acct) or
        ("SCIM visibility starts at %s in %s, with %s; nothing " ..
          "can be concluded about SCIM before it (CloudTrail has no SCIM " ..
          "record before September 2024, and none for a token created " ..
          "earlier until it is rotated)"):format(time.format(from.t), acct, how)
      ctx:finding{
        subject = acct, severity = created and "info" or "low", time = from.t,
        evidence = { from.id, from ~= first and first.id or nil },
        message = msg,
        data = { scim_visible_from = time.format(from.t),
                 scim_first_record = time.format(first.t) },
      }
    end
    if #a.setup > 0 or first then
      if a.scim_writes == 0 then
        local by = {}
        for _, ch in ipairs(sorted_keys(a.rows)) do
          if a.rows[ch].events > 0 then by[#by + 1] = ch end
        end
        local ev = {}
        for _, id in ipairs(a.setup) do push_limited(ev, id) end
        if first then push_limited(ev, first.id) end
        ctx:finding{
          subject = acct, severity = "medium",
          time = first and first.t or nil,
          evidence = ev,
          message = ("SCIM provisioning is configured in %s (%s) but never " ..
            "observed: no SCIM user, group or membership change was logged%s"):format(
            acct, #a.setup > 0 and "sso-directory SCIM set-up calls" or "SCIM reads",
            #by > 0 and ("; identities were changed through " .. list_text(by))
              or ""),
          data = { setup_events = #a.setup, scim_first = first and time.format(first.t) or nil },
        }
      end
    end
    manual_finding(ctx, acct, a, scim_to)
    for _, role in ipairs(sorted_keys(a.iga)) do
      local g = a.iga[role]
      ctx:finding{
        subject = acct .. " " .. role, severity = "low", time = g.first,
        evidence = g.ids,
        message = ("an identity-governance or automation tool writes to the " ..
          "identity store directly: role %s in %s made %d change%s (%s) " ..
          "from %s to %s"):format(role, acct, g.n, g.n == 1 and "" or "s",
          kinds_text(g.kinds), time.format(g.first), time.format(g.last)),
        data = { role = role, account = acct, changes = g.kinds },
      }
    end
  end
  if not s.any_scim and s.any_idc and any_changes then
    ctx:finding{
      severity = "low",
      message = "no SCIM record at all: SCIM is not set up, or its bearer " ..
        "token predates September 2024 and was never rotated (such SCIM " ..
        "calls are not logged)",
    }
  end
end

local function trap_findings(ctx, traps)
  local by = {}
  for _, t in ipairs(traps) do
    local k = t.account or "?"
    by[k] = by[k] or {}
    table.insert(by[k], t)
  end
  local total = 0
  for _, acct in ipairs(sorted_keys(by)) do
    local parts, ev, n, first = {}, {}, 0, nil
    for _, t in ipairs(by[acct]) do
      parts[#parts + 1] = ("%s %s x%d"):format(t.source, t.name, t.count)
      for _, id in ipairs(t.event_ids) do push_limited(ev, id) end
      n = n + t.count
      if first == nil or t.first < first then first = t.first end
    end
    total = total + n
    ctx:finding{
      subject = acct, severity = "info", time = first, evidence = ev,
      message = ("%d event%s in %s %s the name of an identity change but " ..
        "%s from another service, and %s left out: %s"):format(n,
        n == 1 and "" or "s", acct, n == 1 and "shares" or "share",
        n == 1 and "comes" or "come", n == 1 and "was" or "were",
        list_text(parts)),
    }
  end
  return total
end

return rule {
  id = "identity.provisioning",
  title = "How identity changes reached AWS",
  severity = "info",
  tags = { "identity", "report.provisioning" },
  description = [[
Classifies every identity change (membership add and remove; user
create, update, disable, enable and delete; group create, update and
delete; account assignment create and delete; permission-set
provisioning) in identitystore, identitystore-scim, sso-directory, sso
and iam, keyed on event source and name, by channel: scim-okta,
scim-entra, scim, iga-sdk, cli, cloudshell, console, terraform,
cloudformation, sdk-script, aws-service or unknown (ts.channel), with
the person or role behind it.  A SCIM call's kind comes from its
operations, whose op and path CloudTrail keeps (ts.identity kinds): a
PatchGroup on members adds or removes memberships, one on displayName
updates the group; a PatchUser or PutUser setting active false
disables the user, true enables it (a hidden value, and Okta's
path-less REPLACE, flip it).  The changes of a row count each event
once per kind it makes, however many operations make it: an Okta
PatchGroup removing two members by path filter is one
membership-remove, and one that also replaces displayName is a
group-update too, so the changes can add up to more than the events.
One row per account and channel, a summary of the environment, and
findings: SCIM configured but never observed, where SCIM visibility
starts, changes by hand in an identity store SCIM provisions,
identity-governance tools writing directly, same-name events of other
services left out, and accounts whose logs do not cover the window (at
either end, or with a hole inside it).]],
  args = {
    iga_roles = { type = "string", default = "",
      doc = "comma-separated role names of the site's provisioning tools" },
  },
  where = where(),

  each = function(e, ctx)
    local s = ctx.state
    if s.accounts == nil then
      s.accounts = {}
      s.opts = channel.opts(ctx.args.iga_roles)
      s.stores = stores_new()
    end
    local src, name = e.event_source, e.event_name
    local kind = identity.change(src, name)
    local a = account(s, e.account or "?")
    local store = note_stores(s.stores, e, src, kind)
    if src == identity.SCIM then
      s.any_scim = true
      if channel.entra_timed(e.user_agent) then
        local k = e.access_key_id or "?"
        if a.scim_times[k] == nil then
          a.scim_times[k] = {}
          a.scim_tokens[#a.scim_tokens + 1] = k
        end
        table.insert(a.scim_times[k], e.time_ms)
      end
      if a.scim_first == nil then a.scim_first = { t = e.time_ms, id = e.event_id } end
      local tok = e.access_key_id
      if tok and tok ~= "" then
        local u = a.token_use[tok]
        if u == nil then
          u = { token = tok, first = e.time_ms, first_id = e.event_id, writes = 0 }
          a.token_use[tok] = u
          a.token_order[#a.token_order + 1] = u
        end
        u.last = e.time_ms
        if kind ~= nil and not e.error_code then u.writes = u.writes + 1 end
      end
    elseif src == identity.DIRECTORY and kind == nil then
      push_limited(a.setup, e.event_id)
      if name == "CreateProvisioningTenant" and e.error_code == nil then
        a.tenant_created = a.tenant_created or { t = e.time_ms, id = e.event_id }
      elseif name == "CreateBearerToken" and e.error_code == nil then
        a.token_created = { t = e.time_ms, id = e.event_id }
        a.token_made[#a.token_made + 1] = { t = e.time_ms, id = e.event_id,
          actor = channel.actor(channel.fields(e)) }
      end
      return
    end
    if src == identity.IDENTITYSTORE or src == identity.DIRECTORY then
      s.any_idc = true
    end
    if kind == nil then return end
    local f = channel.fields(e)
    local c = channel.classify(f, s.opts)
    s.scim_users = s.scim_users or {}
    local kinds = identity.kinds(e, s.scim_users, c.channel == "scim-okta")
    local change = { t = e.time_ms, id = e.event_id, kinds = kinds,
      failed = e.error_code ~= nil, actor = c.actor, role = c.role,
      store = store, person = channel.person(f) }
    if src == identity.SCIM and not e.error_code then
      a.scim_writes = a.scim_writes + 1
    end
    if c.channel == "scim" and channel.silent_agent(e.user_agent) then
      change.token = e.access_key_id or "?"
      a.scim_unknown[#a.scim_unknown + 1] = change
    else
      count(a, c.channel, change)
    end
  end,

  finish = function(ctx)
    local s = ctx.state
    s.accounts = s.accounts or {}
    s.stores = s.stores or stores_new()
    local accounts = index.accounts(ctx)
    s.span_first = index.span(ctx)
    local scim_why = {}
    for _, acct in ipairs(sorted_keys(s.accounts)) do
      local ch, why = settle_scim(s.accounts[acct])
      if why then scim_why[#scim_why + 1] = ("%s %s (%s)"):format(acct, ch, why) end
    end
    local channel_accounts = emit_rows(ctx, s)
    scim_findings(ctx, s)
    local traps = identity.same_name(ctx)
    local trapped = trap_findings(ctx, traps)
    local short, holed = coverage(ctx, accounts)

    -- The summary.
    local with, without = {}, {}
    for _, a in ipairs(accounts) do
      local r = s.accounts[a.account]
      local changed = false
      for _, row in pairs(r and r.rows or {}) do
        if row.events > 0 then changed = true end
      end
      table.insert(changed and with or without, a.account)
    end
    local first, last = index.span(ctx)
    local lines = {
      { "events in the index", first and ("%s to %s"):format(time.format(first),
          time.format(last)) or "none" },
      { "accounts in the index", #accounts },
      { "accounts with identity changes", count_text(with) },
      { "accounts without", count_text(without) },
    }
    for _, ch in ipairs(sorted_keys(channel_accounts)) do
      local l = channel_accounts[ch]
      lines[#lines + 1] = { "channel " .. ch, ("%d account%s: %s"):format(#l,
        #l == 1 and "" or "s", list_text(l)) }
    end
    for _, w in ipairs(scim_why) do
      lines[#lines + 1] = { "SCIM timing", w }
    end
    lines[#lines + 1] = { "same-name events left out", trapped }
    if #short > 0 then
      local l = {}
      for _, a in ipairs(short) do l[#l + 1] = a.account end
      lines[#lines + 1] = { "accounts with short coverage", list_text(l) }
    end
    if #holed > 0 then
      local l = {}
      for _, a in ipairs(holed) do l[#l + 1] = a.account end
      lines[#lines + 1] = { "accounts with holes in their logs", list_text(l) }
    end
    ctx:finding{
      message = ("%d of %d accounts have identity changes"):format(#with, #accounts),
      data = { report = "provisioning", summary = lines },
    }
  end,
}
