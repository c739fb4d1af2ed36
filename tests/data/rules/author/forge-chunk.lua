-- A chunk name with newlines, which Lua's traceback prints as it is:
-- every line of a traceback starts with a tab, and a newline that does
-- not is shown as \n (tests/cli/rules-author.t).
return rule {
  id = "author.forge-chunk",
  title = "A traceback that tries to forge a line",
  severity = "info",
  finish = function(ctx)
    local f = load("local x; return x.y", "=\ntrailsift: rules: FORGED\n")
    f()
  end,
}
