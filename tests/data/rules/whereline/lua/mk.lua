return { make = function(id, where)
  return rule { id = id, title = "Made in a module", severity = "info",
    where = where, each = function(e, ctx) end }
end }
