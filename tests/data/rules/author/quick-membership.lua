-- identity store group membership added, then removed within an hour.
local time = require "ts.time"
local identity = require "ts.identity"

return rule {
  id = "author.quick-membership",
  title = "Group membership added then removed within a window",
  severity = "medium",
  tags = { "author", "identity" },
  args = { within = { type = "string", default = "1h", doc = "window" } },
  where = identity.events_where{ [identity.IDENTITYSTORE] =
    { "CreateGroupMembership", "DeleteGroupMembership" } },
  each = function(e, ctx)
    local s = ctx.state
    if not s.win then
      local w, why = time.duration(ctx.args.within)
      if not w then ts.fail("author.quick-membership: within: " .. why) end
      s.win = w
      s.open = {}
    end
    if e.error_code then return end
    local r = e.record
    if e.event_name == "CreateGroupMembership" then
      local id = identity.field(r, "responseElements", "membershipId")
      if id then
        s.open[id] = { t = e.time_ms, id = e.event_id,
          group = identity.field(r, "requestParameters", "groupId"),
          user = identity.field(r, "requestParameters", "memberId", "userId") }
      end
    else
      local id = identity.id(identity.field(r, "requestParameters", "membershipId"))
      local o = id and s.open[id]
      if o and e.time_ms - o.t <= s.win then
        ctx:finding{
          subject = o.group,
          message = ("user %s was in group %s for %s"):format(
            tostring(o.user), tostring(o.group), time.human(e.time_ms - o.t)),
          time = o.t,
          evidence = { o.id, e },
          data = { added = time.format(o.t), removed = e.event_time,
                   membership = id },
        }
      end
      if id then s.open[id] = nil end
    end
  end,
}
