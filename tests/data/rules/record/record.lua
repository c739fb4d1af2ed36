--- record(id), the SQL function of trailsift query, in a where and in
--- ctx:query: fields without a column of their own.
return rule {
  id = "record.sql",
  title = "record(id) in SQL",
  severity = "info",
  where = [[json_extract(record(id), '$.userIdentity.type') = 'AssumedRole']],
  each = function(e, ctx)
    ctx:finding{ subject = e.event_id, message = e.event_name }
  end,
  finish = function(ctx)
    local rows = ctx:query([[SELECT count(*) AS n,
      sum(json_extract(record(id), '$.eventID') = event_id) AS same
      FROM events]])
    ctx:finding{ message = ("%d events, %d with their own eventID")
      :format(rows[1].n, rows[1].same) }
  end,
}
