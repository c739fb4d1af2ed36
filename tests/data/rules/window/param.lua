-- A where cannot take parameters: nothing binds them.
return rule {
  id = "window.param",
  title = "A where with a parameter",
  severity = "info",
  where = [[event_name = ?]],
  each = function(e, ctx) end,
}
