-- An error whose value is not a string: the failure still names the
-- line that raised it (tests/cli/rules-sandbox.t).
return rule {
  id = "broken.object",
  title = "An error raised with a table",
  severity = "info",
  finish = function(ctx)
    error({ code = 42 })
  end,
}
