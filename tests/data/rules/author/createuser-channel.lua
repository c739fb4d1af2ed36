-- CreateUser through a channel other than the expected ones.
local channel = require "ts.channel"
local identity = require "ts.identity"

return rule {
  id = "author.createuser-channel",
  title = "User created through an unusual channel",
  severity = "medium",
  tags = { "author", "identity" },
  args = { expected = { type = "string", default = "scim,scim-okta,scim-entra,iga-sdk,terraform",
                        doc = "channels that are usual" },
           iga_roles = { type = "string", default = "", doc = "IGA role names" } },
  where = identity.events_where(identity.change_map()),
  each = function(e, ctx)
    if identity.change(e.event_source, e.event_name) ~= "user-create" then return end
    if e.error_code then return end
    local s = ctx.state
    if not s.classify then
      s.classify = channel.classifier(ctx, ctx.args.iga_roles)
      s.expected = {}
      for c in ctx.args.expected:gmatch("[^,]+") do s.expected[c] = true end
    end
    local ch = s.classify(e)
    if s.expected[ch.channel] then return end
    ctx:finding{
      subject = e.account,
      message = ("%s %s by %s via %s"):format(e.event_source, e.event_name,
        tostring(ch.actor), ch.channel),
      evidence = { e },
      data = { channel = ch.channel, actor = ch.actor or ts.null, why = ch.why },
    }
  end,
}
