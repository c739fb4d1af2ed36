local function dig(r)
  return r.requestParameters.roleArn.nothing.here
end

return rule {
  id = "broken.runtime",
  title = "A run-time error",
  severity = "info",
  where = [[event_name = 'AssumeRole']],
  each = function(e, ctx)
    dig(e.record)
  end,
}
