-- Cells a spreadsheet would run: CSV output must defuse them.
return rule {
  id = "csv.formula",
  title = "Formula cells",
  severity = "high",
  finish = function(ctx)
    ctx:finding{ subject = "=HYPERLINK(\"http://example.com/x\",\"click\")",
      message = "+1+cmd|' /C calc'!A0", data = { note = "@SUM(1)" } }
    ctx:finding{ subject = "-2", message = "plain, with \"quotes\"" }
  end,
}
