-- IAM access keys created by one principal for another IAM user.
local arn = require "ts.arn"
local util = require "ts.util"

return rule {
  id = "author.key-for-other",
  title = "Access key created for another user",
  severity = "high",
  tags = { "author", "identity" },
  description = [[Reports successful iam:CreateAccessKey calls where the
caller is not the user the key is for.]],
  where = [[event_source = 'iam.amazonaws.com' AND event_name = 'CreateAccessKey'
            AND error_code IS NULL]],
  each = function(e, ctx)
    local r = e.record
    local rp = r.requestParameters
    local target = type(rp) == "table" and rp.userName or nil
    local a = arn.parse(e.principal_arn or "")
    local caller = a and (a.name or a.session) or e.principal_arn
    if target == nil or target == caller then return end
    local n = (ctx.state[target] or 0) + 1
    ctx.state[target] = n
    ctx:finding{
      subject = target,
      message = ("%s created an access key for %s"):format(tostring(caller), target),
      evidence = e,
      data = { caller = util.null(caller), target = target, nth = n },
    }
  end,
}
