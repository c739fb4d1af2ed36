return rule {
  id = "broken.good",
  title = "Works beside broken rules",
  severity = "low",
  each = function(e, ctx)
    ctx:finding{ subject = e.event_name, message = "seen", evidence = { e } }
  end,
}
