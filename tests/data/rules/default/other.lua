return rule {
  id = "default.other",
  title = "Not tagged default: runs only when selected",
  severity = "info",
  finish = function(ctx) ctx:finding{ message = "ran because selected" } end,
}
