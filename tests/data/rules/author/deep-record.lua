-- A record nested 505 levels deep (ingest takes up to 512) kept whole in
-- a finding's data: the encoder goes as deep as any record ingested
-- (tests/cli/rules-author.t).
return rule {
  id = "author.deep-record",
  title = "A deeply nested record kept as evidence",
  severity = "info",
  where = [[event_name = 'CreateGroupMembership']],
  each = function(e, ctx)
    local depth, t = 0, e.record.requestParameters.deep
    while type(t) == "table" do depth, t = depth + 1, t[1] end
    ctx:finding{ message = depth .. " levels", data = { record = e.record } }
  end,
}
