-- ctx:log and print with control characters (tests/cli/rules-log.t).
return rule {
  id = "t.log", title = "t", severity = "info",
  finish = function(ctx)
    ctx:log("line one\nline two\r\27[31m%s", "red")
    print("a\nb", "c")
    -- past Lua's 1 KiB buffer, which print used to break
    print(#string.rep("x", 1100), string.rep("y", 1100):sub(1, 3))
    print(string.rep("z", 1100))
  end,
}
