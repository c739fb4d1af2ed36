-- ?1 and ?2 were the window's own parameters: a where using them was
-- bound to --since and --until and silently selected nothing.  They are
-- parameters of the rule's, refused as any other.
return rule {
  id = "window.numbered",
  title = "A where with a numbered parameter",
  severity = "info",
  args = { name = { type = "string", default = "AssumeRole" } },
  where = [[event_name = ?1 OR event_source = ?2]],
  each = function(e, ctx) end,
}
