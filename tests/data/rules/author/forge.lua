-- An error message with a newline and a terminal escape: shown on one
-- line, escaped, as ts.fail's and ctx:log's are, by rules run and by
-- rules test (tests/cli/rules-author.t).
return rule {
  id = "author.forge",
  title = "An error that tries to forge a line",
  severity = "info",
  finish = function(ctx)
    error("\27[2Jboom\ntrailsift: rules: FORGED")
  end,
}
