--- ts.channel -- how an identity change reached AWS, and who was behind it.
--
-- classify(ev, opts) looks at one event and names its channel:
--
--   scim-okta, scim-entra, scim   the SCIM endpoint (identitystore-scim)
--   iga-sdk       an identity-governance or automation tool calling the
--                 SDK under its own role (SailPoint and the like)
--   cli, cloudshell, console, terraform, cloudformation
--   sdk-script    an SDK under a human or generic session
--   aws-service   a service acting for itself
--   unknown
--
-- ev holds the events-view columns (event_source, user_agent,
-- principal_type, principal_arn, principal_id, session_issuer,
-- session_name, source_ip) plus fields of the record the rule reads:
-- invoked_by (userIdentity.invokedBy), console (true when
-- sessionCredentialFromConsole is "true"), issuer_arn (the session
-- issuer's ARN, which holds the role's path) and version (eventVersion).
-- opts.iga_roles lists role names a site knows to be its provisioning
-- tools (`--arg`).
--
-- A user agent is evidence, not proof: anyone can set one (Stratus and
-- Grimoire set exec-env routinely; tools ship fake Terraform agents).  So
-- CloudShell needs exec-env/CloudShell AND console-session credentials,
-- and a Terraform agent on console-session credentials is not taken at
-- its word.  What AWS writes itself outweighs the agent: a service is
-- one by invokedBy or a sourceIPAddress that is a service's name, never
-- on a person's session; CloudFormation likewise (not its session name
-- or agent alone); the console by its credentials, where the record is
-- new enough to say (eventVersion 1.08 on).  See the reference, §3.
--
-- The result: { channel, actor, role, tool, why }.  actor is the human
-- or role behind the change: the Identity Center user of an
-- AWSReservedSSO session, the IAM user, the role, "root", or the service.

local M = {}

local SCIM = "identitystore-scim.amazonaws.com"

-- Role names of identity-governance tools seen calling the Identity
-- Store API directly (lower case, matched as substrings).
M.IGA_ROLE_HINTS = { "sailpoint", "saviynt", "oneidentity", "one-identity",
  "identity-governance", "identitygovernance", "iga-", "-iga", "ssosync",
  "idm-", "-idm" }

-- Session names the SDKs invent when the caller gives none.
local DEFAULT_SESSIONS = { "^aws%-go%-sdk%-%d+$", "^botocore%-session%-%d+$",
  "^aws%-sdk%-java%-%d+$", "^aws%-sdk%-js%-%d+$", "^%d%d%d%d%d%d%d%d%d%d%d%d%d+$" }

local SDK_PREFIXES = { "aws-sdk-", "Boto3/", "boto3/", "botocore/",
  "Botocore/", "aws-internal/", "python-requests/", "Go-http-client/",
  "okhttp/", "aws-chalice/", "aws-cdk/" }

local function has(s, pat)
  return s ~= nil and s:find(pat, 1, true) ~= nil
end

local function lower_has(s, pat)
  return s ~= nil and s:lower():find(pat, 1, true) ~= nil
end

--- The user agent without S3's [...] wrapping.
function M.unwrap(ua)
  if type(ua) ~= "string" then return nil end
  return ua:match("^%[(.*)%]$") or ua
end

local function is_browser(ua)
  return ua ~= nil and (ua:find("^Mozilla/") or has(ua, "AppleWebKit/"))
end

local function is_console_agent(ua)
  return ua == "AWSConsole" or ua == "console.amazonaws.com" or
    ua == "signin.amazonaws.com" or
    (ua ~= nil and ua:find("^console%.[%w-]+%.amazonaws%.com$") ~= nil)
end

local function is_service(s)
  return s ~= nil and s:find("^[%w.-]+%.amazonaws%.com$") ~= nil
end

local function is_terraform(ua)
  return has(ua, "Terraform/") and has(ua, "HashiCorp")
end

local function is_sdk(ua)
  if ua == nil then return false end
  for _, p in ipairs(SDK_PREFIXES) do
    if ua:sub(1, #p) == p then return true end
  end
  return false
end

--- The SDK product of a user agent ("aws-sdk-go-v2", "Boto3", ...).
function M.sdk_name(ua)
  ua = M.unwrap(ua)
  return ua and ua:match("^([%w._-]+)/") or nil
end

local function default_session(name)
  if name == nil then return false end
  for _, p in ipairs(DEFAULT_SESSIONS) do
    if name:find(p) then return true end
  end
  return false
end

--- Is this role a permission-set role (a human behind it)?  Its name
--- says so, and its ARN, when known, has Identity Center's reserved
--- path: anyone may name a role of their own AWSReservedSSO_x.
function M.sso_role(role, issuer_arn)
  return role ~= nil and role:find("^AWSReservedSSO_") ~= nil and
    (issuer_arn == nil or
     issuer_arn:find("/aws-reserved/sso.amazonaws.com/", 1, true) ~= nil)
end

--- Is a person behind this event's credentials: an Identity Center
--- user (directly or in an AWSReservedSSO session), an IAM user or root?
function M.person(ev)
  local t = ev.principal_type
  return t == "IAMUser" or t == "Root" or t == "IdentityCenterUser" or
    ((t == "AssumedRole" or t == nil) and
     M.sso_role(ev.session_issuer, ev.issuer_arn))
end

-- Did AWS itself say a service made the call: invokedBy, or a
-- sourceIPAddress that is a service's name (or AWS Internal)?  Both
-- are written by AWS; a user agent is the caller's to set.
local function service_said(ev)
  local ip = ev.source_ip
  return is_service(ev.invoked_by) or is_service(ip) or
    (ip ~= nil and ip:find("^AWS Internal") ~= nil)
end

-- Does the record say whether console credentials were used
-- (sessionCredentialFromConsole, eventVersion 1.08 on)?  Before, or
-- where the version is not known, the agent is all there is.
local function console_flag_written(ev)
  local major, minor = tostring(ev.version or ""):match("^(%d+)%.(%d+)")
  return major ~= nil and
    (tonumber(major) > 1 or (tonumber(major) == 1 and tonumber(minor) >= 8))
end

local function iga_role(role, opts)
  if role == nil then return false end
  for _, r in ipairs(opts and opts.iga_roles or {}) do
    if r == role then return true end
  end
  local l = role:lower()
  for _, h in ipairs(M.IGA_ROLE_HINTS) do
    if l:find(h, 1, true) then return true end
  end
  return false
end

--- The human or role behind an event.
function M.actor(ev)
  local t = ev.principal_type
  if ev.event_source == SCIM then return nil end
  if t == "AssumedRole" or (t == nil and ev.session_issuer) then
    if M.sso_role(ev.session_issuer, ev.issuer_arn) and ev.session_name then
      return ev.session_name
    end
    if ev.session_issuer then return ev.session_issuer end
    local role = ev.principal_arn and
      ev.principal_arn:match(":assumed%-role/([^/]+)/")
    return role or ev.session_name or ev.principal_id
  end
  if t == "IAMUser" then
    return ev.principal_arn and ev.principal_arn:match(":user/(.+)$") or
      ev.principal_id
  end
  if t == "Root" then return "root" end
  if t == "AWSService" then return ev.invoked_by or M.unwrap(ev.user_agent) end
  if t == "IdentityCenterUser" then return ev.principal_id end
  return ev.invoked_by or ev.principal_id or ev.principal_arn
end

local function microsoft_agent(ua)
  return lower_has(ua, "azure ad scim") or lower_has(ua, "microsoft entra") or
    lower_has(ua, "aad provisioning")
end

--- Does a SCIM call's user agent name no client at all?  True for none,
--- an empty one and Go's standard library ("Go-http-client/2.0", the only
--- agent AWS's own SCIM examples show and what the Entra ID records we
--- know carry; reference §2.4, §3.1).  Only such calls may be put down to
--- Entra ID by their timing: an agent naming anything else (Okta,
--- JumpCloud, python-requests...) says it is not Entra's engine.
function M.silent_agent(ua)
  ua = M.unwrap(ua)
  return ua == nil or ua:find("^%s*$") ~= nil or
    ua:find("^Go%-http%-client/") ~= nil
end

local function scim(ev)
  local ua = M.unwrap(ev.user_agent)
  if lower_has(ua, "okta scim client") then
    return { channel = "scim-okta", why = "identitystore-scim, Okta SCIM Client agent" }
  end
  if microsoft_agent(ua) then
    return { channel = "scim-entra", why = "identitystore-scim, Microsoft agent" }
  end
  if M.silent_agent(ua) then
    return { channel = "scim", why = "identitystore-scim (identity provider not told by the agent)" }
  end
  return { channel = "scim", why = "identitystore-scim, agent of a client other than Okta's or Entra's" }
end

--- May this SCIM call's time count as Entra ID's?  Its agent is
--- Microsoft's or names no client (silent_agent).
function M.entra_timed(ua)
  return M.silent_agent(ua) or microsoft_agent(M.unwrap(ua))
end

--- Classify one event.  See the module comment.
function M.classify(ev, opts)
  local ua = M.unwrap(ev.user_agent)
  local role = ev.session_issuer
  local r

  if ev.event_source == SCIM then
    r = scim(ev)
  elseif ev.invoked_by == "cloudformation.amazonaws.com" or
         ev.source_ip == "cloudformation.amazonaws.com" then
    -- written by AWS; the agent and the session name AWSCloudFormation
    -- are the caller's to choose, and without these say nothing
    r = { channel = "cloudformation", why = "invoked by CloudFormation" }
  elseif ev.principal_type == "AWSService" or
         (ev.invoked_by and is_service(ev.invoked_by)) or
         (is_service(ua) and not ev.console and not is_console_agent(ua) and
          not M.person(ev) and service_said(ev)) then
    r = { channel = "aws-service", why = "a service acting for itself" }
  elseif ev.console then
    if has(ua, "exec-env/CloudShell") then
      r = { channel = "cloudshell", tool = is_terraform(ua) and "terraform" or M.sdk_name(ua),
            why = "exec-env/CloudShell with console-session credentials" }
    elseif is_browser(ua) or ua == "AWS Internal" or is_console_agent(ua) then
      r = { channel = "console", why = "console-session credentials" }
    elseif is_terraform(ua) then
      r = { channel = "unknown", tool = "terraform",
            why = "Terraform user agent on console-session credentials (spoofed?)" }
    else
      r = { channel = "unknown", tool = M.sdk_name(ua),
            why = "console-session credentials outside the console and CloudShell" }
    end
  elseif (is_browser(ua) or is_console_agent(ua)) and
         not console_flag_written(ev) then
    r = { channel = "console", why = "browser or console user agent" }
  elseif is_browser(ua) or is_console_agent(ua) then
    -- since 1.08 a console call says so (sessionCredentialFromConsole)
    r = { channel = "unknown",
          why = "browser or console user agent without console-session credentials" }
  elseif ua == "AWS Internal" and M.person(ev) then
    -- The console proxies calls through services with this agent, but
    -- without console-session credentials nothing says it was the
    -- console; and a service acting for itself is not a person's
    -- session (reference §3.1, "AWS Console (service-proxied calls)").
    r = { channel = "unknown",
          why = "AWS Internal on a person's session without console-session credentials" }
  elseif ua == "AWS Internal" then
    r = { channel = "aws-service", why = "AWS Internal without console-session credentials" }
  elseif is_terraform(ua) or (ev.principal_type == "WebIdentityUser" and
                              has(ev.principal_id, "app.terraform.io")) then
    r = { channel = "terraform", tool = "terraform", why = "Terraform user agent" }
  elseif ua and ua:find("^aws%-cli/") then
    r = { channel = "cli", tool = "aws-cli",
          why = has(ua, "exec-env/CloudShell")
            and "AWS CLI; exec-env/CloudShell without console-session credentials"
            or "AWS CLI user agent" }
  elseif is_sdk(ua) then
    local human = M.person(ev)
    if not human and ev.principal_type == "AssumedRole" and
       (iga_role(role, opts) or default_session(ev.session_name)) then
      r = { channel = "iga-sdk", tool = M.sdk_name(ua),
            why = "SDK under its own role" ..
              (default_session(ev.session_name) and " with a default SDK session name" or "") }
    else
      r = { channel = "sdk-script", tool = M.sdk_name(ua),
            why = human and "SDK under a human session" or "SDK under a generic session" }
    end
  else
    r = { channel = "unknown", why = ua and "unrecognised user agent" or "no user agent" }
  end
  r.actor = M.actor(ev)
  if ev.principal_type == "AssumedRole" and
     not M.sso_role(role, ev.issuer_arn) then
    r.role = role
  end
  return r
end

--- channel.entra_cycles(times) -> true or false, and why.
-- times: the sorted times (ms) of one tenant's SCIM calls (those whose
-- agent may be Entra's: entra_timed).  Microsoft Entra ID provisions in
-- cycles about 40 minutes apart (reference §5, gotcha 27); Okta pushes
-- each change as it happens.  Calls are grouped into bursts (a gap of
-- more than 5 minutes starts a new one).  A gap between bursts fits
-- when it is a whole number of 40-minute cycles, within 2 minutes.
-- That alone is no sign of Entra: 3 cycles are 2 hours, so every gap of
-- a client run by cron on whole hours (2 h, 4 h, 12 h, daily) fits too.
-- Only a fit of 1, 2, 4, 5, 7... cycles, a gap that is not also a whole
-- number of hours, tells Entra's grid from an hourly clock.  So the
-- tenant looks like Entra when at least 5 gaps exist, 80% of them fit,
-- and at least 3 of them, and a quarter of all gaps, fit off the hour.
-- Entra's own gaps fall off the hour about 2 times in 3; a cron on
-- whole hours never does; random gaps fit off the hour 7% of the time.
M.ENTRA_CYCLE = 40 * 60 * 1000
function M.entra_cycles(times)
  local starts, gaps, fit, off_hour = {}, 0, 0, 0
  local slack = 2 * 60 * 1000
  for i, t in ipairs(times) do
    if i == 1 or t - times[i - 1] > 5 * 60 * 1000 then
      starts[#starts + 1] = t
    end
  end
  for i = 2, #starts do
    local g = starts[i] - starts[i - 1]
    local n = (g + M.ENTRA_CYCLE // 2) // M.ENTRA_CYCLE
    gaps = gaps + 1
    if n > 0 and math.abs(g - n * M.ENTRA_CYCLE) <= slack then
      fit = fit + 1
      if n % 3 ~= 0 then off_hour = off_hour + 1 end
    end
  end
  local why = ("%d of %d gaps between %d bursts are whole 40-minute cycles, %d of them not whole hours")
    :format(fit, gaps, #starts, off_hour)
  return gaps >= 5 and fit >= 0.8 * gaps and off_hour >= 3 and
    off_hour >= 0.25 * gaps, why
end

--- classify()'s ev from an event `e` of a rule: its columns, and the
--- fields of e.record it needs.
function M.fields(e)
  local rec = e.record
  local who = type(rec.userIdentity) == "table" and rec.userIdentity or {}
  local sc = type(who.sessionContext) == "table" and who.sessionContext or {}
  local issuer = type(sc.sessionIssuer) == "table" and sc.sessionIssuer or {}
  return {
    event_source = e.event_source, user_agent = e.user_agent,
    principal_type = e.principal_type, principal_arn = e.principal_arn,
    principal_id = e.principal_id, session_issuer = e.session_issuer,
    session_name = e.session_name, source_ip = e.source_ip,
    invoked_by = type(who.invokedBy) == "string" and who.invokedBy or nil,
    issuer_arn = type(issuer.arn) == "string" and issuer.arn or nil,
    version = rec.eventVersion,
    console = rec.sessionCredentialFromConsole == "true" or
      rec.sessionCredentialFromConsole == true,
  }
end

--- classify()'s opts from a rule's iga_roles argument (comma-separated
--- role names).
function M.opts(iga_roles)
  local o = { iga_roles = {} }
  for r in (iga_roles or ""):gmatch("[^,%s]+") do
    o.iga_roles[#o.iga_roles + 1] = r
  end
  return o
end

--- The key the timing of a SCIM call is judged under: its account and
--- its bearer token (userIdentity.accessKeyId): a tenant's provisioning
--- engine uses one token, and calls made with another (a token someone
--- created for themselves) neither borrow its label nor, a few reads
--- at odd times, spoil its grid.
function M.scim_key(account, token)
  return (account or "?") .. "|" .. (token or "?")
end

--- The set of accounts and tokens (scim_key) whose identitystore-scim
--- calls run in Entra ID's 40-minute cycles (entra_cycles over the calls
--- whose agent may be Entra's, entra_timed).
function M.entra_accounts(ctx)
  local times, out = {}, {}
  for _, r in ipairs(ctx:query("SELECT account, access_key_id, time_ms, " ..
      "user_agent FROM events WHERE event_source = ? ORDER BY time_ms, " ..
      "event_id", SCIM)) do
    if M.entra_timed(r.user_agent) then
      local a = M.scim_key(r.account, r.access_key_id)
      times[a] = times[a] or {}
      table.insert(times[a], r.time_ms)
    end
  end
  for a, l in pairs(times) do
    if M.entra_cycles(l) then out[a] = true end
  end
  return out
end

--- Classify event `e` of a rule: classify(fields(e), opts), with scim
--- made scim-entra in the accounts of `entra` (entra_accounts) when the
--- agent names no client (silent_agent).
function M.of_event(e, opts, entra)
  local c = M.classify(M.fields(e), opts)
  if c.channel == "scim" and entra and
     entra[M.scim_key(e.account, e.access_key_id)] and
     M.silent_agent(e.user_agent) then
    c.channel = "scim-entra"
  end
  return c
end

--- channel.classifier(ctx, iga_roles) -> function(e) -> of_event(e,
--- opts(iga_roles), entra_accounts(ctx)): the channel of each event of
--- a rule, the accounts of Entra ID's cycles found once.
function M.classifier(ctx, iga_roles)
  local opts, entra = M.opts(iga_roles), M.entra_accounts(ctx)
  return function(e) return M.of_event(e, opts, entra) end
end

-- Inline tests: `trailsift rules test --lib` (t.eq, t.ok).
local function ev(t)
  t.principal_type = t.principal_type or "AssumedRole"
  return t
end

local CLI = "aws-cli/2.31.3 md/awscrt#0.27.6 ua/2.1 os/macos#23.6.0 md/arch#arm64 lang/python#3.13.7 md/pyimpl#CPython m/Z,b,E cfg/retry-mode#standard md/installer#source sid/6de1aa4bb086 md/prompt#off md/command#identitystore.create-group-membership"
local CLOUDSHELL = "aws-cli/2.30.0 md/awscrt#0.27.6 ua/2.1 os/linux#6.1.147-172.266.amzn2023.x86_64 md/arch#x86_64 lang/python#3.13.7 md/pyimpl#CPython exec-env/CloudShell m/Z,b,E cfg/retry-mode#standard md/installer#exe md/distrib#amzn.2023 md/prompt#off md/command#identitystore.create-group-membership"
local GO = "aws-sdk-go-v2/1.30.4 os/linux lang/go#1.22.7-X-boringcrypto md/GOOS#linux md/GOARCH#amd64 api/identitystore#1.23.1"
local TF = "APN/1.0 HashiCorp/1.0 Terraform/1.5.7 (+https://www.terraform.io) terraform-provider-aws/6.14.1 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.39.0 ua/2.1 os/macos lang/go#1.24.6 md/GOOS#darwin md/GOARCH#amd64 api/iam#1.47.5 m/i"
local CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36"
local SSO = "AWSReservedSSO_admin_0123456789abcdef"

M._test = {
  entra_cycles = function(t)
    local C, m = M.ENTRA_CYCLE, 60 * 1000
    local grid = { 0, 2 * m, C + 30000, 3 * C, 3 * C + m, 7 * C - 50000,
      8 * C, 20 * C + 90000, 21 * C }
    t.ok(M.entra_cycles(grid))
    local okta = { 0, 13 * m, 61 * m, 95 * m, 142 * m, 200 * m, 251 * m }
    t.ok(not M.entra_cycles(okta))
    local ok, why = M.entra_cycles({ 0, C, 2 * C })
    t.ok(not ok, "too few gaps")
    t.eq(why, "2 of 2 gaps between 3 bursts are whole 40-minute cycles, 2 of them not whole hours")
    -- a clock on whole hours: every gap is whole cycles, none off the hour
    local H = 60 * m
    for _, every in ipairs{ 2 * H, 4 * H, 12 * H, 24 * H } do
      local cron = {}
      for i = 0, 13 do cron[#cron + 1] = i * every + (i % 3) * 7000 end
      ok, why = M.entra_cycles(cron)
      t.ok(not ok, "cron every " .. every // H .. " h: " .. why)
    end
    -- ... and a couple of odd runs off it do not make it Entra
    local cron = {}
    for i = 0, 20 do cron[#cron + 1] = i * 2 * H end
    table.insert(cron, 3, 2 * H + C)
    t.ok(not M.entra_cycles(cron), "2-hour cron with an odd run")
  end,
  cli = function(t)
    local r = M.classify(ev{ event_source = "identitystore.amazonaws.com",
      user_agent = CLI, session_issuer = SSO, session_name = "jdoe" })
    t.eq(r.channel, "cli"); t.eq(r.actor, "jdoe"); t.eq(r.role, nil)
  end,
  cloudshell = function(t)
    local r = M.classify(ev{ user_agent = CLOUDSHELL, console = true,
      session_issuer = SSO, session_name = "asmith" })
    t.eq(r.channel, "cloudshell"); t.eq(r.actor, "asmith")
    -- exec-env can be set by anyone: without console credentials it is CLI
    r = M.classify(ev{ user_agent = CLOUDSHELL, session_issuer = SSO,
      session_name = "asmith" })
    t.eq(r.channel, "cli")
  end,
  iga = function(t)
    local r = M.classify(ev{ user_agent = GO, session_issuer = "sailpoint-read-write",
      session_name = "aws-go-sdk-1763129251258123522" })
    t.eq(r.channel, "iga-sdk"); t.eq(r.actor, "sailpoint-read-write")
    t.eq(r.role, "sailpoint-read-write"); t.eq(r.tool, "aws-sdk-go-v2")
    -- a site's own provisioning role, named with --arg
    r = M.classify(ev{ user_agent = GO, session_issuer = "hr-sync",
      session_name = "run-42" }, { iga_roles = { "hr-sync" } })
    t.eq(r.channel, "iga-sdk")
    -- the same SDK in a person's hands is a script
    r = M.classify(ev{ user_agent = GO, session_issuer = SSO, session_name = "jdoe" })
    t.eq(r.channel, "sdk-script"); t.eq(r.actor, "jdoe")
  end,
  console = function(t)
    t.eq(M.classify(ev{ user_agent = CHROME, console = true,
      session_issuer = SSO, session_name = "jdoe" }).channel, "console")
    t.eq(M.classify(ev{ user_agent = "AWS Internal", console = true,
      principal_type = "Root" }).channel, "console")
    t.eq(M.classify(ev{ user_agent = "AWS Internal" }).channel, "aws-service")
    -- on a person's session without console credentials: console or a
    -- service, nothing tells which
    local r = M.classify(ev{ user_agent = "AWS Internal", session_issuer = SSO,
      session_name = "jdoe" })
    t.eq(r.channel, "unknown"); t.eq(r.actor, "jdoe")
    t.eq(M.classify(ev{ user_agent = "AWS Internal", principal_type = "IAMUser",
      principal_arn = "arn:aws:iam::111122223333:user/Alice" }).channel, "unknown")
    t.eq(M.classify(ev{ user_agent = "AWS Internal", session_issuer = "AWSServiceRoleForSSO",
      session_name = "AWS-SSO" }).channel, "aws-service")
    t.eq(M.classify(ev{ user_agent = "AWSConsole", principal_type = "IAMUser",
      principal_arn = "arn:aws:iam::111122223333:user/Alice" }).actor, "Alice")
    -- the console's own agents before sessionCredentialFromConsole
    -- (eventVersion 1.08) look like a service's name; they are hands
    for _, ua in ipairs{ "signin.amazonaws.com", "console.amazonaws.com",
                         "console.ec2.amazonaws.com" } do
      t.eq(M.classify(ev{ user_agent = ua, principal_type = "IAMUser",
        principal_arn = "arn:aws:iam::111122223333:user/Alice" }).channel,
        "console", ua)
    end
  end,
  terraform = function(t)
    t.eq(M.classify(ev{ user_agent = TF, session_issuer = "terraform-deploy",
      session_name = "ci" }).channel, "terraform")
    -- a Terraform agent on console-session credentials is not believed
    local r = M.classify(ev{ user_agent = TF, console = true,
      session_issuer = SSO, session_name = "jdoe" })
    t.eq(r.channel, "unknown"); t.eq(r.tool, "terraform")
    t.eq(M.classify(ev{ user_agent = "[" .. TF .. "]",
      session_issuer = "tf" }).channel, "terraform")
    -- Terraform Cloud's OIDC identity, not a session named after it
    t.eq(M.classify(ev{ user_agent = GO, principal_type = "WebIdentityUser",
      principal_id = "arn:aws:iam::111122223333:oidc-provider/app.terraform.io:" ..
        "aws.workload.identity:organization:ex:run_phase:apply" }).channel, "terraform")
    t.eq(M.classify(ev{ user_agent = CLI, session_issuer = "ops-admin",
      session_name = "app.terraform.io",
      principal_id = "AROAEXAMPLE:app.terraform.io" }).channel, "cli")
  end,
  cloudformation = function(t)
    t.eq(M.classify(ev{ user_agent = "cloudformation.amazonaws.com",
      invoked_by = "cloudformation.amazonaws.com", principal_type = "IAMUser" }).channel,
      "cloudformation")
    t.eq(M.classify(ev{ user_agent = "cloudformation.amazonaws.com",
      source_ip = "cloudformation.amazonaws.com", session_issuer = "cdk-cfn-exec-role",
      session_name = "AWSCloudFormation" }).channel, "cloudformation")
    -- the agent and the session name are the caller's to choose: from
    -- an address of its own, a CLI under role session AWSCloudFormation
    -- is the CLI, and a person's session with CloudFormation's agent
    -- no service at all
    t.eq(M.classify(ev{ user_agent = CLI, source_ip = "198.51.100.7",
      session_issuer = "ops-admin", session_name = "AWSCloudFormation" }).channel, "cli")
    t.eq(M.classify(ev{ user_agent = "cloudformation.amazonaws.com",
      source_ip = "198.51.100.7", session_issuer = SSO,
      session_name = "jdoe" }).channel, "unknown")
  end,
  service = function(t)
    local r = M.classify(ev{ user_agent = "sso.amazonaws.com",
      invoked_by = "sso.amazonaws.com", session_issuer = "AWSServiceRoleForSSO",
      session_name = "AWS-SSO" })
    t.eq(r.channel, "aws-service")
    t.eq(M.classify({ principal_type = "AWSService", invoked_by = "ec2.amazonaws.com",
      user_agent = "ec2.amazonaws.com" }).actor, "ec2.amazonaws.com")
    -- a service's agent and address on a role of its own
    t.eq(M.classify(ev{ user_agent = "sso.amazonaws.com", source_ip = "sso.amazonaws.com",
      session_issuer = "AWSServiceRoleForSSO", session_name = "AWS-SSO" }).channel,
      "aws-service")
    -- a service's agent from a person's session and an address: the
    -- agent is the caller's to set, and a service is never a person
    r = M.classify(ev{ user_agent = "sso.amazonaws.com", source_ip = "198.51.100.161",
      session_issuer = SSO, session_name = "jdoe" })
    t.eq(r.channel, "unknown"); t.eq(r.actor, "jdoe")
    t.eq(M.classify(ev{ user_agent = "sso.amazonaws.com", source_ip = "198.51.100.161",
      session_issuer = "ops-admin", session_name = "x" }).channel, "unknown")
  end,
  reserved_path = function(t)
    local arn = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/" .. SSO
    t.ok(M.person(ev{ session_issuer = SSO, issuer_arn = arn }))
    t.ok(M.person(ev{ session_issuer = SSO }), "path not known")
    -- a role anyone could create under that name, outside the path
    local fake = ev{ session_issuer = SSO, session_name = "maria@example.com",
      issuer_arn = "arn:aws:iam::111122223333:role/" .. SSO, user_agent = CLI }
    t.ok(not M.person(fake))
    local r = M.classify(fake)
    t.eq(r.actor, SSO); t.eq(r.role, SSO)
  end,
  console_flag = function(t)
    -- since eventVersion 1.08 a console call carries
    -- sessionCredentialFromConsole: a browser agent without it is not
    -- the console's word
    t.eq(M.classify(ev{ user_agent = CHROME, version = "1.10", session_issuer = SSO,
      session_name = "jdoe" }).channel, "unknown")
    t.eq(M.classify(ev{ user_agent = "AWSConsole", version = "1.08", session_issuer = SSO,
      session_name = "jdoe" }).channel, "unknown")
    t.eq(M.classify(ev{ user_agent = CHROME, version = "1.05", session_issuer = SSO,
      session_name = "jdoe" }).channel, "console")
    t.eq(M.classify(ev{ user_agent = CHROME, version = "1.10", console = true,
      session_issuer = SSO, session_name = "jdoe" }).channel, "console")
  end,
  scim = function(t)
    t.eq(M.classify({ event_source = SCIM, user_agent = "Okta SCIM Client 1.0.0",
      principal_type = "WebIdentityUser" }).channel, "scim-okta")
    local r = M.classify({ event_source = SCIM, user_agent = "Go-http-client/2.0" })
    t.eq(r.channel, "scim"); t.eq(r.actor, nil)
    t.eq(M.classify({ event_source = SCIM, user_agent = "Microsoft Azure AD SCIM provisioning" }).channel,
      "scim-entra")
    -- which agents may be Entra's, by timing
    for _, ua in ipairs{ "Go-http-client/2.0", "Go-http-client/1.1", "", false } do
      t.ok(M.silent_agent(ua or nil), tostring(ua))
    end
    for _, ua in ipairs{ "JumpCloud-SCIM-Client/1.0", "python-requests/2.31.0",
                         "Okta SCIM Client 1.0.0", "Microsoft Azure AD SCIM provisioning" } do
      t.ok(not M.silent_agent(ua), ua)
    end
    t.ok(M.entra_timed("Microsoft Azure AD SCIM provisioning"))
    t.ok(not M.entra_timed("JumpCloud-SCIM-Client/1.0"))
  end,
  of_event = function(t)
    -- an account on Entra's grid makes silent agents scim-entra, no other
    local entra = { [M.scim_key("111122223333", "TOKEN1")] = true }
    local function e(ua, token)
      return { event_source = SCIM, user_agent = ua, account = "111122223333",
        access_key_id = token or "TOKEN1",
        record = { userIdentity = { type = "WebIdentityUser" } } }
    end
    t.eq(M.of_event(e("Go-http-client/2.0"), {}, entra).channel, "scim-entra")
    t.eq(M.of_event(e(nil), {}, entra).channel, "scim-entra")
    t.eq(M.of_event(e("JumpCloud-SCIM-Client/1.0"), {}, entra).channel, "scim")
    t.eq(M.of_event(e("Okta SCIM Client 1.0.0"), {}, entra).channel, "scim-okta")
    -- another bearer token is not the engine's
    t.eq(M.of_event(e("Go-http-client/2.0", "TOKEN2"), {}, entra).channel, "scim")
  end,
  unknown = function(t)
    t.eq(M.classify(ev{ user_agent = "curl/8.0", session_issuer = "x" }).channel, "unknown")
    t.eq(M.classify(ev{ session_issuer = "x" }).why, "no user agent")
  end,
}

return M
