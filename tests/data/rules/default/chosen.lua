return rule {
  id = "default.chosen",
  title = "Tagged default: runs when no rule is selected",
  severity = "info",
  tags = { "default" },
  finish = function(ctx) ctx:finding{ message = "ran by default" } end,
}
