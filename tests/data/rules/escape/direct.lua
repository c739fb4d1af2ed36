-- No pcall: the rule fails with file:line and a traceback.
return rule {
  id = "escape.direct",
  title = "os.execute without pcall",
  severity = "info",
  tags = { "escape" },
  where = [[event_name = 'AssumeRole']],
  each = function(e, ctx)
    os.execute("touch pwned")
  end,
}
