-- The args file of a fixture (tests/cli/rules-args.t): CRLF line ends,
-- a comment line, and a value holding '#'.
return rule {
  id = "argsfile.label",
  title = "One finding showing its arguments",
  severity = "info",
  args = {
    label = { type = "string", default = "none" },
    loud = { type = "boolean", default = false },
  },
  finish = function(ctx)
    ctx:finding{ message = ctx.args.label,
      data = { loud = ctx.args.loud } }
  end,
}
