return rule { id = "zzz.second", title = "x", severity = "info", tags = { "default" },
  finish = function(ctx) ctx:finding{ message = "second rule ran" } end }
