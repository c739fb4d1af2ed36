-- A where whose subquery never ends.
return rule {
  id = "budget.where",
  title = "A runaway where",
  severity = "info",
  tags = { "budget" },
  where = [[(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)
             SELECT count(*) FROM c) > 0]],
  each = function(e, ctx)
    ctx:finding{ message = "SURVIVED the where budget" }
  end,
}
