--- ctx:query rows keep every column: names that repeat are made unique.
return rule {
  id = "pairs.query-names",
  title = "Repeated column names in ctx:query",
  severity = "info",
  finish = function(ctx)
    local rows = ctx:query(
      "SELECT e.id, s.id, e.event_name AS n, NULL AS n FROM events e "
      .. "JOIN sources s ON s.id = e.source_id ORDER BY e.id LIMIT 1")
    local ks = {}
    for k, v in pairs(rows[1]) do ks[#ks + 1] = k .. "=" .. tostring(v) end
    table.sort(ks)
    ctx:finding{ message = table.concat(ks, " ") }
  end,
}
