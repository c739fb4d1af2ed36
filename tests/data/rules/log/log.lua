-- ctx:log and print with control characters (tests/cli/rules-log.t).
return rule {
  id = "t.log", title = "t", severity = "info",
  finish = function(ctx)
    ctx:log("line one\nline two\r\27[31m%s", "red")
    print("a\nb", "c")
  end,
}
