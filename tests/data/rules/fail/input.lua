-- ts.fail() about the rule's input: one line, whatever the input holds.
return rule {
  id = "fail.input",
  title = "ts.fail with a newline from the input",
  severity = "info",
  finish = function(ctx)
    ts.fail("export.csv: no identifier column among: a\nFORGED: line, \27[2Jb")
  end,
}
