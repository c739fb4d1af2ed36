--- pairs(e): the event's columns that are not NULL, in the view's order,
--- each with the value e.<column> gives.
return rule {
  id = "pairs.columns",
  title = "List an event's columns",
  severity = "info",
  each = function(e, ctx)
    local ks = {}
    for k, v in pairs(e) do
      if v ~= e[k] then error("pairs(e) gave " .. k .. " another value") end
      ks[#ks + 1] = k
    end
    ctx:finding{ subject = e.event_id, message = table.concat(ks, " ") }
  end,
}
