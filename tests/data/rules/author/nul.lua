-- A NUL byte in a finding's subject or message, as a record's value
-- may hold one ("admin\u0000-evil"): the text must not end there
-- (tests/cli/rules-author.t).
return rule {
  id = "author.nul",
  title = "Text holding a NUL byte",
  severity = "info",
  finish = function(ctx)
    ctx:finding{ subject = "admin\0-evil", message = "created by admin\0-evil",
                 data = { user = "admin\0-evil" } }
  end,
}
