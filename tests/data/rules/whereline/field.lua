-- review finding 15: SQLite rejects this where only when the rule runs;
-- the error names the line of `where =` below, not of `rule {`.  Nothing
-- else here may be taken for it: this comment says where = 1, and
--[[ a long comment says { where = 2 },
]] local note = "a string says { where = 3 }" .. [==[ and { where = 4 } ]==]
return rule {
  id = "whereline.field", title = "A misspelt column", severity = "info",
  description = note,
  where = [[evnet_name = 'ListBuckets']],
  each = function(e, ctx) end,
}
