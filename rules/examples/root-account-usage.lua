--- Use of the root user, summarised per account.
--
-- An example of a rule that keeps state in each() and reports in
-- finish(), with an argument, a shared module and ctx:query.
local time = require "ts.time"

return rule {
  id = "examples.root-account-usage",
  title = "Root user activity per account",
  severity = "high",
  tags = { "example", "identity" },
  description = [[
Counts the calls made with the root user's credentials in each account
(calls AWS services made on the root user's behalf, with invokedBy set,
are left out) and reports one finding per account with at least
min_calls of them: how many, which operations, first and last time.]],
  args = {
    min_calls = { type = "number", default = 1,
                  doc = "report accounts with at least this many root calls" },
  },
  where = [[principal_type = 'Root'
            AND coalesce(event_type, '') <> 'AwsServiceEvent']],

  each = function(e, ctx)
    if e.record.userIdentity.invokedBy ~= nil then return end
    -- records before eventVersion 1.02 have no recipientAccountId;
    -- the root user's own account is the one it acted in
    local acct = e.account or e.principal_account or "unknown"
    local s = ctx.state[acct]
    if s == nil then
      s = { calls = 0, first = e.time_ms, names = {}, evidence = {} }
      ctx.state[acct] = s
    end
    s.calls = s.calls + 1
    s.last = e.time_ms
    s.names[e.event_source .. ":" .. e.event_name] = true
    if #s.evidence < 5 then s.evidence[#s.evidence + 1] = e.event_id end
  end,

  finish = function(ctx)
    local accounts = {}
    for acct in pairs(ctx.state) do accounts[#accounts + 1] = acct end
    table.sort(accounts)
    for _, acct in ipairs(accounts) do
      local s = ctx.state[acct]
      if s.calls >= ctx.args.min_calls then
        local names = {}
        for n in pairs(s.names) do names[#names + 1] = n end
        table.sort(names)
        local total = ctx:query(
          "SELECT count(*) AS n FROM events WHERE account = ?1 OR "
          .. "(account IS NULL AND principal_account = ?1)", acct)[1].n
        ctx:finding{
          subject = acct,
          message = s.calls == 1 and "root user made 1 call"
            or ("root user made %d calls over %s"):format(s.calls,
              time.human(s.last - s.first)),
          time = s.first,
          evidence = s.evidence,
          data = { calls = s.calls, operations = names,
                   first = time.format(s.first), last = time.format(s.last),
                   events_in_account = total },
        }
      end
    end
  end,
}
