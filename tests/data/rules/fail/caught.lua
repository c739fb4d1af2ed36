-- A ts.fail() a pcall caught does not make a later error of the same
-- call plain: the rule's bug keeps its file and traceback.
return rule {
  id = "fail.caught",
  title = "ts.fail caught, then a real error",
  severity = "info",
  finish = function(ctx)
    pcall(ts.fail, "ignored")
    error("boom", 0)
  end,
}
