--- Console sign-ins that succeeded without MFA.
--
-- An example of the rule pattern: `where` narrows the events in SQL,
-- each() looks into the record, ctx:finding records what it found.
-- Federated and IAM Identity Center sign-ins (AssumedRole) are left out:
-- their MFA happens at the identity provider, so MFAUsed says nothing.
return rule {
  id = "examples.console-login-without-mfa",
  title = "Console sign-in without MFA",
  severity = "medium",
  tags = { "example", "identity" },
  description = [[
Reports each successful AWS console sign-in by an IAM user or the root
user that did not use MFA (additionalEventData.MFAUsed is not "Yes").
Failed sign-ins are not reported.  Names in the ignore argument (IAM
user names or ARNs, comma-separated) are skipped.]],
  references = {
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html",
  },
  args = {
    ignore = { type = "string", default = "",
               doc = "comma-separated IAM user names or ARNs to skip" },
  },
  where = [[event_source = 'signin.amazonaws.com'
            AND event_name = 'ConsoleLogin'
            AND principal_type IN ('IAMUser', 'Root')]],

  each = function(e, ctx)
    local r = e.record
    local result = type(r.responseElements) == "table"
      and r.responseElements.ConsoleLogin
    local extra = r.additionalEventData
    local mfa = type(extra) == "table" and extra.MFAUsed or nil
    if result ~= "Success" or mfa == "Yes" then return end

    local user = r.userIdentity.userName or "root"
    if ctx.state.ignore == nil then
      ctx.state.ignore = {}
      for name in ctx.args.ignore:gmatch("[^,%s]+") do
        ctx.state.ignore[name] = true
      end
    end
    if ctx.state.ignore[user] or ctx.state.ignore[e.principal_arn] then
      return
    end

    ctx:finding{
      subject = e.principal_arn,
      message = ("%s signed in to the console without MFA from %s")
        :format(user, e.source_ip or "an unknown address"),
      severity = e.principal_type == "Root" and "high" or nil,
      evidence = { e },
      data = { user = user, account = e.account, mfa_used = mfa or ts.null,
               source_ip = e.source_ip },
    }
  end,
}
