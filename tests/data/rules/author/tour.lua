-- Every documented ts.* module on one replay: memberships open at the end
-- and who is disabled, with checks of the helpers (tests/cli/rules-author.t).
local identity = require "ts.identity"
local channel = require "ts.channel"
local membership = require "ts.membership"
local access = require "ts.access"
local upstream = require "ts.upstream"
local arn = require "ts.arn"
local ua = require "ts.ua"
local time = require "ts.time"
local util = require "ts.util"
local index = require "ts.index"

local checks = {}
local function check(what, ok) if not ok then checks[#checks + 1] = what end end

return rule {
  id = "author.tour", title = "Module tour", severity = "info", tags = { "author" },
  args = { disabled = { type = "string", default = "userName,accountEnabled\nalice@example.com,false\n" } },
  where = identity.events_where(membership.EVENTS, access.EVENTS),
  each = function(e, ctx)
    local s = ctx.state
    if not s.r then
      s.r = membership.new()
      s.a = access.new(s.r)
      s.r:snapshots(ctx)
      s.a:snapshots(ctx)
      s.classify = channel.classifier(ctx, "sailpoint-read-write")
      s.n = 0
    end
    local ch = membership.feed(s.r, e, s.classify)
    if ch then s.a:event(e, ch) end
    s.n = s.n + 1
    if s.n == 1 then
      local f = channel.fields(e)
      check("fields", f.event_source == e.event_source)
      check("classify", channel.classify(f, channel.opts("x")).channel ~= nil)
      check("of_event", channel.of_event(e, channel.opts(""), {}).channel ~= nil)
      check("actor", channel.actor(f) == channel.classify(f, {}).actor)
      check("kinds", type(identity.kinds(e, {})) == "table")
      check("signin", membership.signin(e) == false or membership.signin(e) == true)
    end
  end,
  finish = function(ctx)
    local s = ctx.state
    if not s.r then return end
    s.r:finish()
    s.a:finish()
    local open, ivs = 0, 0
    for _, iv in ipairs(s.r.intervals) do
      ivs = ivs + 1
      if membership.is_open(iv) then open = open + 1 end
      check("known_from", ({ logs = 1, snapshot = 1, ["logs+snapshot"] = 1 })[membership.known_from(iv)])
      check("at", membership.at(iv, math.maxinteger) == nil or true)
      check("named", membership.named(iv.g).id ~= nil)
      check("former", type(membership.former_names(iv.u)) == "table")
    end
    check("unattributed", type(s.r.unattributed) == "table")
    local users = s.a:users()
    local disabled = 0
    for _, u in ipairs(users) do
      if s.a:disabled_at(u.key, math.maxinteger) then disabled = disabled + 1 end
      check("deleted_at", s.a:deleted_at(u.key, math.maxinteger) ~= 42)
    end
    local asg = s.a:assignments_at(math.maxinteger)
    for _, x in ipairs(asg) do check("pset", s.a:pset_name(x.permission_set) ~= 42) end
    check("ic_key", access.ic_key("u-1") ~= access.iam_key("111122223333", "u-1"))
    local up = assert(upstream.parse(ctx.args.disabled))
    check("upstream", #up.rows == 1 and up.rows[1].disabled == true)
    check("csv", #assert(upstream.csv('a,"b,c"\r\n1,2\n')) == 2)
    check("csv bad", upstream.csv('a,"b') == nil)
    check("arn", arn.format(arn.parse("arn:aws:iam::111122223333:user/x")) == "arn:aws:iam::111122223333:user/x")
    check("is_arn", arn.is_arn("arn:aws:s3:::b/k") and not arn.is_arn("x"))
    check("ua", ua.parse("aws-cli/2.1 exec-env/CloudShell").exec_env == "CloudShell")
    check("time", time.parse(time.format(0)) == 0 and time.date(time.DAY) == "1970-01-02"
      and time.day_start(time.DAY + 5) == time.DAY and time.duration("1d12h") == 36 * time.HOUR
      and time.human(3 * time.DAY + 4 * time.HOUR) == "3d 4h" and time.WEEK == 7 * time.DAY
      and time.SECOND * 60 == time.MINUTE)
    check("identity", identity.change("iam.amazonaws.com", "CreateUser") == "user-create"
      and #identity.list() > 0 and identity.where() ~= nil and identity.bare_id("x") == "x"
      and identity.text(identity.HIDDEN) == nil and identity.id("") == nil
      and identity.active("False") == false and identity.SCIM and identity.IAM and identity.SSO
      and identity.DIRECTORY and identity.IDENTITYSTORE)
    check("group_op", identity.group_op({ op = "add", path = "members" }) == true)
    check("user_op", identity.user_op({ op = "replace", path = "active", value = false }) == false)
    check("written_active", identity.written_active({}) == nil)
    check("same_name", type(identity.same_name(ctx)) == "table")
    check("entra", type(channel.entra_accounts(ctx)) == "table" and channel.entra_cycles({}) == false)
    check("sso_role", channel.sso_role("AWSReservedSSO_x_1"))
    check("sdk", channel.sdk_name("Boto3/1.2 x") == "Boto3" and channel.unwrap("[aws-cli/2]") == "aws-cli/2")
    check("index", #index.accounts(ctx) > 0 and #index.event_sources(ctx) > 0 and index.span(ctx) ~= nil)
    check("util", util.sorted_keys({ b = 1, a = 2 })[1] == "a" and util.null(nil) == ts.null)
    check("change_of", true)
    ctx:finding{ message = ("%d intervals, %d open, %d users, %d disabled, %d assignments"):format(
        ivs, open, #users, disabled, #asg),
      data = { failed_checks = ts.array(checks) } }
  end,
}
