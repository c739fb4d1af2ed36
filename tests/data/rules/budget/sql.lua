-- A query that never ends, inside pcall.
return rule {
  id = "budget.sql",
  title = "SQL without end",
  severity = "info",
  tags = { "budget" },
  finish = function(ctx)
    pcall(ctx.query, ctx, [[WITH RECURSIVE c(x) AS
      (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c]])
    ctx:finding{ message = "SURVIVED the SQL budget" }
  end,
}
